// @ts-check
'use strict';
/** A private Redis for queue mode (n8n's job queue): no persistence, loopback only, ready when its port answers. */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { sleep, stopProcess, killSync } = require('../common/processes');
const { portAnswers } = require('../common/ports');

/**
 * @param {object} options
 * @param {string} options.redisBin
 * @param {string} options.dir its working folder (its log goes beside it)
 * @param {number} options.port
 * @param {(line: string) => void} options.onProgress
 */
async function startRedis({ redisBin, dir, port, onProgress }) {
	fs.mkdirSync(dir, { recursive: true });
	const logFile = path.join(path.dirname(dir), 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const args = [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		dir,
		'--daemonize',
		'no',
	];
	const child = spawn(redisBin, args, { detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	const pid = /** @type {number} */ (child.pid);
	/** @type {{code: number|null, signal: string|null}|null} */
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
	onProgress(`redis: 127.0.0.1:${port} (pid ${pid})`);
	const isGone = () => exited !== null;
	return {
		host: '127.0.0.1',
		port,
		pid,
		logFile,
		stop: () => stopProcess(pid, { group: false, graceMs: 5000, pollMs: 50, isGone }),
		killSync: () => killSync(pid, { group: false }),
	};
}

module.exports = { startRedis };
