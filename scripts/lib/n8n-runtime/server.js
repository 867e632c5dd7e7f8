// @ts-check
'use strict';
/**
 * `n8n start` as a child process: its own process group (stop() ends n8n and its task runners together), a safety
 * net that kills it when the caller exits, and a readiness wait.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { defaultCacheDir } = require('./versions');
const { n8nEnv } = require('./env');
const { ensureN8n } = require('./install');
const { defaultProgress } = require('./run');
const { httpGetStatus } = require('./http');
const { sleep, groupAlive, killSync, stopProcess } = require('../common/processes');
const { freePort } = require('../common/ports');
const { tailOf } = require('../common/files');

const SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);

/**
 * Safety net: n8n runs in its own process group, so it would outlive a crashed or interrupted caller. SIGKILLs the
 * group when this process exits, and on SIGINT/SIGTERM/SIGHUP when nothing else handles them (then re-raises the
 * signal). Returns the function that removes the net.
 * @param {number} pid
 */
function installSafetyNet(pid) {
	const killGroupSync = () => killSync(pid);
	/** @type {Record<string, () => void>} */
	const signalHandlers = {};
	const remove = () => {
		process.removeListener('exit', killGroupSync);
		for (const [sig, fn] of Object.entries(signalHandlers)) process.removeListener(sig, fn);
	};
	process.on('exit', killGroupSync);
	for (const sig of SIGNALS) {
		// only when nobody else handles the signal (else their handler decides; 'exit' still covers us)
		if (process.listenerCount(sig) === 0) {
			signalHandlers[sig] = () => {
				killGroupSync();
				remove();
				if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
			};
			process.once(sig, signalHandlers[sig]);
		}
	}
	return remove;
}

/**
 * Polls until n8n is ready: `/healthz/readiness` and `/rest/settings` answer 200 (1.x answers readiness some seconds
 * before its REST routes exist). Throws if the process exits or the time is up (after stopping it).
 * @param {string} url
 * @param {object} options
 * @param {() => object|null} options.exited the exit `{code, signal}`, null while it runs
 * @param {number} options.timeoutMs
 * @param {string} options.logFile
 * @param {() => Promise<void>} options.stop
 */
async function waitUntilReady(url, { exited, timeoutMs, logFile, stop }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited())
			throw new Error(
				`n8n exited during startup (${JSON.stringify(exited())}); log ${logFile}:\n${tailOf(logFile, 40)}`,
			);
		if (
			(await httpGetStatus(`${url}/healthz/readiness`)) === 200 &&
			(await httpGetStatus(`${url}/rest/settings`)) === 200
		)
			return;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n not ready after ${timeoutMs} ms; log ${logFile}:\n${tailOf(logFile, 40)}`);
		}
		await sleep(250);
	}
}

/**
 * Starts `n8n start` on Node 24, bound to 127.0.0.1, and waits until `/healthz/readiness` answers 200
 * (database migrated, nodes loaded, routes registered). Calls ensureN8n() first (instant when installed).
 * The process gets its own process group; its output goes to `<userFolder>/n8n.log`.
 * @param {object} options
 * @param {string} options.userFolder created if missing; data lives in `<userFolder>/.n8n`
 * @param {number} [options.port] default: a free port
 * @param {string} [options.cacheDir] the runtime to use (default: defaultCacheDir(), the E2E_N8N_VERSION one)
 * @param {Record<string, string>} [options.env] extra environment (wins over the defaults of n8nEnv)
 * @param {string} [options.webhookUrl] default `http://127.0.0.1:<port>/`
 * @param {string} [options.encryptionKey]
 * @param {string} [options.logLevel] default 'warn'
 * @param {number} [options.timeoutMs] readiness timeout, default 90000
 * @param {boolean} [options.killOnExit] default true: SIGKILL the group when this process exits, and on
 *   SIGINT/SIGTERM/SIGHUP if nothing else handles them (then the signal is re-raised)
 * @param {(line: string) => void} [options.onProgress]
 * @returns {Promise<{url: string, port: number, brokerPort: number, process: import('child_process').ChildProcess,
 *   pid: number, logFile: string, userFolder: string, env: object, startupMs: number, stop: () => Promise<void>}>}
 */
async function startN8n(options) {
	const {
		userFolder,
		env = {},
		webhookUrl,
		encryptionKey,
		logLevel,
		timeoutMs = 90000,
		killOnExit = true,
		onProgress = defaultProgress,
		cacheDir = defaultCacheDir(),
	} = options || {};
	if (!userFolder) throw new Error('startN8n: userFolder is required');
	const { nodeBin, n8nBin } = await ensureN8n({ onProgress, cacheDir });
	fs.mkdirSync(userFolder, { recursive: true });
	const started = Date.now();
	const port = options.port || (await freePort());
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const childEnv = n8nEnv({ userFolder, port, brokerPort, webhookUrl, encryptionKey, logLevel, env, cacheDir });
	const logFile = path.join(userFolder, 'n8n.log');
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n==== n8n start on 127.0.0.1:${port} (broker ${brokerPort}) at ${new Date().toISOString()}\n`);
	// own process group: stop() kills n8n and its task runners together
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		cwd: userFolder,
		env: childEnv,
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	const pid = /** @type {number} */ (child.pid);
	/** @type {{code: number|null, signal: string|null}|null} */
	let exited = null;
	const removeSafetyNet = killOnExit ? installSafetyNet(pid) : () => undefined;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const url = `http://127.0.0.1:${port}`;
	const stop = async ({ timeoutMs: stopTimeout = 15000 } = {}) => {
		if (!groupAlive(pid)) return;
		await stopProcess(pid, { graceMs: stopTimeout });
		if (exited === null) await new Promise((resolve) => child.once('exit', resolve));
		removeSafetyNet();
	};
	await waitUntilReady(url, { exited: () => exited, timeoutMs, logFile, stop });
	return {
		url,
		port,
		brokerPort,
		process: child,
		pid,
		logFile,
		userFolder,
		env: childEnv,
		startupMs: Date.now() - started,
		stop,
	};
}

module.exports = { startN8n };
