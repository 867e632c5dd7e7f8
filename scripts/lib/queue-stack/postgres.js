// @ts-check
'use strict';
/**
 * A private Postgres cluster for queue mode, created fresh at each start in the state folder, on a loopback port with
 * trust authentication (run as the `postgres` user when we are root: Postgres refuses to run as root).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { sleep } = require('../common/processes');
const { isRoot } = require('./binaries');

/**
 * Runs a Postgres tool as the `postgres` user when we are root.
 * @param {string} cmd
 * @param {string[]} args
 */
function asPostgres(cmd, args) {
	return isRoot() ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
}

/**
 * Runs a command to completion; throws with its output on failure.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{what?: string, timeoutMs?: number, env?: NodeJS.ProcessEnv}} [options]
 */
function run(cmd, args, { what, timeoutMs = 120000, env } = {}) {
	const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, env: env || process.env });
	if (res.status !== 0)
		throw new Error(
			`${what || cmd} failed (${res.status ?? res.signal}): ${(res.stderr || res.stdout || '').slice(-1500)}`,
		);
	return res.stdout;
}

/**
 * Lets the `postgres` user reach `dir` (every folder from `top` down gets o+x).
 * @param {string} top
 * @param {string} dir
 */
function makeTraversable(top, dir) {
	let current = path.resolve(dir);
	const stopAt = path.resolve(top);
	for (;;) {
		const mode = fs.statSync(current).mode & 0o777;
		if ((mode & 0o001) === 0) fs.chmodSync(current, mode | 0o001);
		if (current === stopAt || current === path.dirname(current)) break;
		current = path.dirname(current);
	}
}

/**
 * The `-o` options of pg_ctl: port, socket folder, loopback only, and extra `-c name=value` settings.
 * @param {number} port
 * @param {string} dir
 * @param {Record<string, string|number>} settings
 */
function serverOptions(port, dir, settings) {
	return [
		`-p ${port}`,
		`-k ${dir}`,
		'-c listen_addresses=127.0.0.1',
		...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
	].join(' ');
}

/**
 * An empty cluster in `dir` (owned by `postgres` when we are root), with its log file beside it.
 * @param {string} pgBin
 * @param {string} dir
 * @param {string} stateDir
 */
function initCluster(pgBin, dir, stateDir) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	if (isRoot()) {
		run('chown', ['-R', 'postgres:postgres', dir], { what: 'chown of the Postgres folder' });
		makeTraversable(stateDir, path.dirname(dir));
	}
	const initdb = asPostgres(path.join(pgBin, 'initdb'), [
		'-D',
		dir,
		'-A',
		'trust',
		'-U',
		'postgres',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	run(initdb.cmd, initdb.args, { what: 'initdb' });
	const logFile = path.join(path.dirname(dir), 'postgres.log');
	if (isRoot()) {
		fs.writeFileSync(logFile, '');
		run('chown', ['postgres:postgres', logFile]);
	}
	return logFile;
}

/**
 * A private Postgres cluster in `dir` on 127.0.0.1:`port` (trust auth, user postgres), with database `database`.
 * Fresh at each start.
 * @param {object} options
 * @param {string} options.pgBin
 * @param {string} options.dir
 * @param {number} options.port
 * @param {string} [options.database]
 * @param {(line: string) => void} options.onProgress
 * @param {string} options.stateDir
 * @param {Record<string, string|number>} [options.settings]
 */
async function startPostgres({ pgBin, dir, port, database = 'n8n', onProgress, stateDir, settings = {} }) {
	const logFile = initCluster(pgBin, dir, stateDir);
	const ctl = asPostgres(path.join(pgBin, 'pg_ctl'), [
		'-D',
		dir,
		'-o',
		serverOptions(port, dir, settings),
		'-l',
		logFile,
		'-w',
		'-t',
		'60',
		'start',
	]);
	run(ctl.cmd, ctl.args, { what: 'pg_ctl start' });
	let pid = null;
	try {
		pid = Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
	} catch {
		// no pid file: stop() has nothing to stop
	}
	onProgress(`postgres: 127.0.0.1:${port} (pid ${pid}, data ${dir})`);
	const psql = (/** @type {string} */ sql, db = 'postgres') =>
		run(
			'psql',
			['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql],
			{ what: `psql ${sql.slice(0, 60)}` },
		);
	psql(`create database ${database}`);
	const alive = () => {
		try {
			process.kill(/** @type {number} */ (pid), 0);
			return true;
		} catch {
			return false;
		}
	};
	const killSync = () => {
		// SIGQUIT: Postgres' immediate shutdown (children included)
		try {
			if (pid) process.kill(pid, 'SIGQUIT');
		} catch {
			// gone
		}
	};
	const stop = async () => {
		if (!pid || !alive()) return;
		const c = asPostgres(path.join(pgBin, 'pg_ctl'), ['-D', dir, '-m', 'fast', '-w', '-t', '30', 'stop']);
		spawnSync(c.cmd, c.args, { encoding: 'utf8' });
		for (const until = Date.now() + 10000; alive() && Date.now() < until; ) await sleep(100);
		if (alive()) killSync();
	};
	return {
		host: '127.0.0.1',
		port,
		database,
		user: 'postgres',
		pid,
		dir,
		logFile,
		query: (/** @type {string} */ sql) => psql(sql, database).trim(),
		stop,
		killSync,
	};
}

module.exports = { startPostgres, serverOptions };
