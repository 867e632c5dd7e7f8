'use strict';
/**
 * n8n in queue mode on this machine, in one call: a private Postgres cluster and a private Redis (Debian's
 * `postgresql` and `redis-server` packages, installed with apt-get when missing and running as root), then the
 * stack of stack.js (emulator, package installed from its tarball, credentials, examples, n8n main) with the queue
 * settings, then `n8n webhook` processor(s) and `n8n worker`s. Every port is a free loopback port; every file lives
 * in `<stateDir>/queue` (the Postgres cluster is created fresh at each start); stop() stops all of it, in reverse
 * order, and so do Ctrl-C, SIGTERM and the caller's exit.
 *
 *   const { startQueueStack } = require('./scripts/lib/queue-stack');
 *   const q = await startQueueStack({ stateDir: '.demo-queue', workers: 2, webhookProcessors: 1 });
 *   q.webhookProcessors[0].url;   // production webhooks: <url>/webhook/<webhookId>/webhook (TikTok's deliveries go here)
 *   q.n8n.url;                    // main: editor, REST and public API (it also answers production webhooks)
 *   q.postgres.query('select count(*) from execution_entity');
 *   await q.stop();
 *
 * What each n8n process gets (n8n's documented queue-mode settings): the same N8N_USER_FOLDER (same encryption key,
 * same installed package), DB_TYPE=postgresdb + DB_POSTGRESDB_*, EXECUTIONS_MODE=queue, QUEUE_BULL_REDIS_HOST/PORT,
 * its own N8N_PORT, task-runner broker port and QUEUE_HEALTH_CHECK_PORT.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const rt = require('./n8n-runtime');
const { startStack } = require('./stack');

const PACKAGES = ['postgresql', 'redis-server'];

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

function onPath(name) {
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		const file = path.join(dir, name);
		if (dir && fs.existsSync(file)) return file;
	}
	return null;
}

/** Postgres server binaries: Debian keeps them in /usr/lib/postgresql/<major>/bin, off PATH. */
function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	if (fs.existsSync(root)) {
		const majors = fs
			.readdirSync(root)
			.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (majors.length) return path.join(root, majors[0], 'bin');
	}
	const initdb = onPath('initdb');
	return initdb ? path.dirname(fs.realpathSync(initdb)) : null;
}

function findBinaries() {
	const pgBin = findPostgresBin();
	const redis = onPath('redis-server') || (fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null);
	return { pgBin, redis };
}

/**
 * Postgres and Redis binaries; installs Debian's packages when they are missing and this runs as root with apt-get.
 * Otherwise throws with the packages to install.
 */
function ensureQueueServices({ onProgress = () => undefined } = {}) {
	let found = findBinaries();
	if (found.pgBin && found.redis) return found;
	const missing = [!found.pgBin && 'postgresql', !found.redis && 'redis-server'].filter(Boolean);
	if (isRoot() && onPath('apt-get')) {
		onProgress(`installing ${missing.join(' and ')} (apt-get, about 10 s)`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		let res = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, encoding: 'utf8' });
		if (res.status !== 0) {
			spawnSync('apt-get', ['update'], { env, encoding: 'utf8' });
			res = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, encoding: 'utf8' });
		}
		if (res.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed:\n${(res.stderr || res.stdout || '').slice(-2000)}`);
		found = findBinaries();
		if (found.pgBin && found.redis) return found;
	}
	throw new Error(
		`Queue mode needs Postgres and Redis: install the Debian packages ${PACKAGES.join(' and ')} ` +
			`(sudo apt-get install -y ${PACKAGES.join(' ')}), then run this again. Missing: ${missing.join(', ')}.`,
	);
}

/** Runs a Postgres tool as the `postgres` user when we are root (Postgres refuses to run as root). */
function asPostgres(cmd, args) {
	return isRoot() ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
}

function run(cmd, args, { what, timeoutMs = 120000, env } = {}) {
	const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, env: env || process.env });
	if (res.status !== 0) throw new Error(`${what || cmd} failed (${res.status ?? res.signal}): ${(res.stderr || res.stdout || '').slice(-1500)}`);
	return res.stdout;
}

/** Lets the `postgres` user reach `dir` (every folder from `top` down gets o+x). */
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
 * A private Postgres cluster in `dir` on 127.0.0.1:`port` (trust auth, user postgres), with database `database`.
 * Fresh at each start.
 */
async function startPostgres({ pgBin, dir, port, database = 'n8n', onProgress, stateDir, settings = {} }) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	if (isRoot()) {
		run('chown', ['-R', 'postgres:postgres', dir], { what: 'chown of the Postgres folder' });
		makeTraversable(stateDir, path.dirname(dir));
	}
	const logFile = path.join(path.dirname(dir), 'postgres.log');
	const initdb = asPostgres(path.join(pgBin, 'initdb'), ['-D', dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
	run(initdb.cmd, initdb.args, { what: 'initdb' });
	const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
	if (isRoot()) {
		fs.writeFileSync(logFile, '');
		run('chown', ['postgres:postgres', logFile]);
	}
	const ctl = asPostgres(path.join(pgBin, 'pg_ctl'), ['-D', dir, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']);
	run(ctl.cmd, ctl.args, { what: 'pg_ctl start' });
	const pidOf = () => {
		try {
			return Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
		} catch {
			return null;
		}
	};
	const pid = pidOf();
	onProgress(`postgres: 127.0.0.1:${port} (pid ${pid}, data ${dir})`);
	const psql = (sql, db = 'postgres') =>
		run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], { what: `psql ${sql.slice(0, 60)}` });
	psql(`create database ${database}`);
	const alive = () => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	const stop = async () => {
		if (!pid || !alive()) return;
		const c = asPostgres(path.join(pgBin, 'pg_ctl'), ['-D', dir, '-m', 'fast', '-w', '-t', '30', 'stop']);
		spawnSync(c.cmd, c.args, { encoding: 'utf8' });
		for (const until = Date.now() + 10000; alive() && Date.now() < until; ) await sleep(100);
		if (alive()) killSync();
	};
	const killSync = () => {
		// SIGQUIT: Postgres' immediate shutdown (children included)
		try {
			if (pid) process.kill(pid, 'SIGQUIT');
		} catch {
			// gone
		}
	};
	return {
		host: '127.0.0.1',
		port,
		database,
		user: 'postgres',
		pid,
		dir,
		logFile,
		query: (sql) => psql(sql, database).trim(),
		stop,
		killSync,
	};
}

async function startRedis({ redisBin, dir, port, onProgress }) {
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(path.dirname(dir), 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(redisBin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	for (const until = Date.now() + 15000; ; ) {
		if (exited) throw new Error(`redis-server exited (${JSON.stringify(exited)}); log ${logFile}`);
		if (await portAnswers(port)) break;
		if (Date.now() > until) throw new Error(`redis-server not listening on ${port} after 15 s; log ${logFile}`);
		await sleep(100);
	}
	onProgress(`redis: 127.0.0.1:${port} (pid ${child.pid})`);
	const killSync = () => {
		try {
			process.kill(child.pid, 'SIGKILL');
		} catch {
			// gone
		}
	};
	const stop = async () => {
		if (exited) return;
		try {
			process.kill(child.pid, 'SIGTERM');
		} catch {
			return;
		}
		for (const until = Date.now() + 5000; !exited && Date.now() < until; ) await sleep(50);
		if (!exited) killSync();
	};
	return { host: '127.0.0.1', port, pid: child.pid, logFile, stop, killSync };
}

function portAnswers(port) {
	return new Promise((resolve) => {
		const socket = require('net').connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function httpStatus(url) {
	return rt.request('GET', url, { timeoutMs: 2000 }).then(
		(res) => res.status,
		() => 0,
	);
}

/**
 * `n8n webhook` or `n8n worker` with the same environment as main, in its own process group, ready when its
 * /healthz answers 200 (the processor on its N8N_PORT, a worker on its QUEUE_HEALTH_CHECK_PORT).
 */
async function startN8nProcess({ role, index, userFolder, cacheDir, env, webhookUrl, logsDir, concurrency, onProgress, port }) {
	const { nodeBin, n8nBin } = await rt.ensureN8n({ onProgress, cacheDir });
	port = port || (await rt.freePort());
	const brokerPort = await rt.freePort();
	const healthPort = await rt.freePort();
	const childEnv = rt.n8nEnv({
		userFolder,
		port,
		brokerPort,
		webhookUrl,
		cacheDir,
		env: {
			...env,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			// "Worker started execution N" is an info line: it tells which worker ran what
			...(role === 'worker' ? { N8N_LOG_LEVEL: 'info' } : {}),
		},
	});
	const args = role === 'worker' ? ['worker', `--concurrency=${concurrency}`] : ['webhook'];
	const logFile = path.join(logsDir, `n8n-${role}-${index}.log`);
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n==== n8n ${args.join(' ')} (port ${port}, health ${healthPort}) at ${new Date().toISOString()}\n`);
	const child = spawn(nodeBin, [n8nBin, ...args], { cwd: userFolder, env: childEnv, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const groupAlive = () => {
		try {
			process.kill(-child.pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	const killSync = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// gone
		}
	};
	const stop = async () => {
		if (!groupAlive()) return;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			return;
		}
		for (const until = Date.now() + 15000; groupAlive() && Date.now() < until; ) await sleep(100);
		if (groupAlive()) killSync();
		while (groupAlive()) await sleep(50);
	};
	const url = `http://127.0.0.1:${port}`;
	const healthUrl = role === 'worker' ? `http://127.0.0.1:${healthPort}/healthz` : `${url}/healthz`;
	for (const until = Date.now() + 120000; ; ) {
		if (exited) throw new Error(`n8n ${role} exited during startup (${JSON.stringify(exited)}); log ${logFile}:\n${tailOf(logFile)}`);
		if ((await httpStatus(healthUrl)) === 200) break;
		if (Date.now() > until) {
			await stop();
			throw new Error(`n8n ${role} not ready after 120 s; log ${logFile}:\n${tailOf(logFile)}`);
		}
		await sleep(250);
	}
	onProgress(`n8n ${role} ${index + 1}: ${role === 'worker' ? `concurrency ${concurrency}, health ${healthUrl}` : url} (pid ${child.pid})`);
	return { role, index, url, port, healthUrl, pid: child.pid, logFile, stop, killSync, isRunning: () => !exited };
}

function tailOf(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

/**
 * @param {object} options everything startStack takes (stateDir required), plus:
 * @param {number} [options.workers] number of `n8n worker` processes (default 2)
 * @param {number} [options.workerConcurrency] executions each worker runs at once (default 10, n8n's default)
 * @param {number} [options.webhookProcessors] number of `n8n webhook` processes (default 1)
 * @param {object} [options.postgresSettings] extra `-c name=value` settings for the Postgres cluster
 */
async function startQueueStack(options = {}) {
	const {
		stateDir,
		workers: workerCount = 2,
		workerConcurrency = 10,
		webhookProcessors: processorCount = 1,
		postgresSettings = {},
		handleSignals = true,
		onProgress = (line) => process.stderr.write(`[queue-stack] ${line}\n`),
		webhookBase = 'https://n8n.example.test/',
		emulatorArgs = [],
		n8nEnv: extraEnv = {},
		...stackOptions
	} = options;
	if (!stateDir) throw new Error('startQueueStack: stateDir is required');
	const dir = path.resolve(stateDir);
	const queueDir = path.join(dir, 'queue');
	const logsDir = path.join(dir, 'logs');
	fs.mkdirSync(queueDir, { recursive: true });
	fs.mkdirSync(logsDir, { recursive: true });
	const base = webhookBase.endsWith('/') ? webhookBase : `${webhookBase}/`;

	const stoppers = [];
	let stopping = null;
	const stop = () => {
		if (!stopping) {
			stopping = (async () => {
				removeHandlers();
				for (const s of stoppers.slice().reverse()) {
					try {
						await s.stop();
					} catch (e) {
						onProgress(`stopping ${s.name}: ${e.message}`);
					}
				}
			})();
		}
		return stopping;
	};
	const killAllSync = () => {
		for (const s of stoppers.slice().reverse()) if (s.killSync) s.killSync();
	};
	const signalHandlers = {};
	function removeHandlers() {
		process.removeListener('exit', killAllSync);
		for (const [sig, fn] of Object.entries(signalHandlers)) process.removeListener(sig, fn);
	}
	process.on('exit', killAllSync);
	if (handleSignals) {
		for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
			signalHandlers[sig] = () => {
				onProgress(`${sig}: stopping the n8n processes, the emulator, Redis and Postgres…`);
				stop().then(
					() => process.exit(130),
					() => process.exit(130),
				);
			};
			process.on(sig, signalHandlers[sig]);
		}
	}

	try {
		const { pgBin, redis: redisBin } = ensureQueueServices({ onProgress });
		const pgPort = await rt.freePort();
		let redisPort = await rt.freePort();
		while (redisPort === pgPort) redisPort = await rt.freePort();
		const postgres = await startPostgres({ pgBin, dir: path.join(queueDir, 'postgres'), port: pgPort, onProgress, stateDir: dir, settings: postgresSettings });
		stoppers.push({ name: 'postgres', stop: postgres.stop, killSync: postgres.killSync });
		const redis = await startRedis({ redisBin, dir: path.join(queueDir, 'redis'), port: redisPort, onProgress });
		stoppers.push({ name: 'redis', stop: redis.stop, killSync: redis.killSync });

		const queueEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			// n8n's default pool of 2 connections saturates under a webhook burst: its database ping then times out,
			// n8n marks the database "not ready" and answers 503 to every call until the next ping (measured here:
			// 389 of 500 deliveries)
			DB_POSTGRESDB_POOL_SIZE: '10',
			// n8n 2.41 handles a webhook call of any trigger but its own Webhook node while holding an expression
			// isolate from a pool of N8N_EXPRESSION_ENGINE_POOL_SIZE (default 1); 4 measured slightly faster (5.6 vs
			// 4.5 deliveries/s into the TikTok Shop Trigger), see docs/running-at-scale.md
			N8N_EXPRESSION_ENGINE_POOL_SIZE: '4',
			// "Execute workflow" in the editor runs on a worker too, so tests can spread runs over the workers
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...extraEnv,
		};
		// the processors' ports are known before the emulator starts: TikTok's production deliveries go to the first
		const processorPorts = [];
		for (let i = 0; i < processorCount; i++) processorPorts.push(await rt.freePort());
		const rewrite = processorCount > 0 ? [`--webhook-rewrite`, `${base}webhook/=http://127.0.0.1:${processorPorts[0]}/webhook/`] : [];

		const stack = await startStack({
			...stackOptions,
			stateDir: dir,
			webhookBase: base,
			emulatorArgs: [...emulatorArgs, ...rewrite],
			n8nEnv: queueEnv,
			handleSignals: false,
			onProgress,
		});
		stoppers.push({ name: 'n8n main and emulator', stop: stack.stop });

		const common = { userFolder: stack.n8n.userFolder, cacheDir: stack.cli.cacheDir, env: { ...stack.cli.env }, webhookUrl: base, logsDir, onProgress };
		const started = await Promise.all([
			...processorPorts.map((port, index) => startN8nProcess({ ...common, role: 'webhook', index, port })),
			...Array.from({ length: workerCount }, (_, index) => startN8nProcess({ ...common, role: 'worker', index, concurrency: workerConcurrency })),
		]).catch(async (error) => {
			throw error;
		});
		const webhookProcessors = started.filter((p) => p.role === 'webhook');
		const workers = started.filter((p) => p.role === 'worker');
		// stopped before main (they are pushed after it)
		for (const p of started) stoppers.push({ name: `n8n ${p.role} ${p.index + 1}`, stop: p.stop, killSync: p.killSync });

		return {
			...stack,
			mode: 'queue',
			postgres,
			redis,
			webhookProcessors,
			workers,
			queueEnv,
			/** Production webhook base URL of the first processor (or main when there is none). */
			webhookUrl: (webhookId, suffix = 'webhook') => `${webhookProcessors[0] ? webhookProcessors[0].url : stack.n8n.url}/webhook/${webhookId}/${suffix}`,
			/** Which worker ran which execution: the execution ids each worker log mentions. */
			executionsByWorker: () => workers.map((w) => workerExecutionIds(w.logFile)),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Execution ids a worker logged as started ("Worker started execution 12 (job 7)", at info level). */
function workerExecutionIds(logFile) {
	const ids = new Set();
	let text = '';
	try {
		text = fs.readFileSync(logFile, 'utf8');
	} catch {
		return ids;
	}
	for (const m of text.matchAll(/started execution (\d+)/g)) ids.add(m[1]);
	return ids;
}

module.exports = { startQueueStack, ensureQueueServices, startPostgres, startRedis, PACKAGES };
