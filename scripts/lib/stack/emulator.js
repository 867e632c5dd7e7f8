// @ts-check
'use strict';
/**
 * The TikTok Shop emulator as a child process of the stack (`emulator/cli.ts` through ts-node, in its own process
 * group), its command line, and a small client of its admin API.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const rt = require('../n8n-runtime');
const { stopProcess, killSync } = require('../common/processes');
const { tailOf } = require('../common/files');
const { REPO } = require('./constants');

/**
 * The emulator's command line for a stack: its port, a fresh auth port, the seed, the webhook retry schedule, and
 * the rewrite that delivers TikTok's webhooks for n8n's public URL to the local n8n.
 * @param {object} options
 * @param {number} options.apiPort
 * @param {number} options.n8nPort
 * @param {string} options.seed
 * @param {number} options.webhookRetryScale
 * @param {string} options.webhookBase n8n's public base URL, ending with '/'
 * @param {string[]} [options.extra] more flags (they come last, so they win)
 * @returns {string[]}
 */
function emulatorArgs({ apiPort, n8nPort, seed, webhookRetryScale, webhookBase, extra = [] }) {
	return [
		'--port',
		String(apiPort),
		'--auth-port',
		'0',
		'--seed',
		seed,
		'--webhook-retry-scale',
		String(webhookRetryScale),
		'--webhook-rewrite',
		`${webhookBase}=http://127.0.0.1:${n8nPort}/`,
		...extra,
	];
}

/**
 * Resolves with the first line the emulator prints (its JSON description); rejects if it prints something else,
 * exits, or says nothing for 60 s.
 * @param {import('child_process').ChildProcess} child
 * @param {string} logFile
 * @param {() => void} kill
 * @returns {Promise<any>}
 */
function firstJsonLine(child, logFile, kill) {
	const stdout = /** @type {import('stream').Readable} */ (child.stdout);
	return new Promise((resolve, reject) => {
		let buf = '';
		const timer = setTimeout(() => {
			kill();
			reject(new Error(`the emulator did not start within 60 s; log ${logFile}`));
		}, 60000);
		stdout.on('data', (chunk) => {
			buf += chunk;
			const nl = buf.indexOf('\n');
			if (nl < 0) return;
			clearTimeout(timer);
			try {
				resolve(JSON.parse(buf.slice(0, nl)));
			} catch {
				kill();
				reject(new Error(`the emulator printed something unexpected: ${buf.slice(0, 200)}`));
			}
			stdout.removeAllListeners('data');
			stdout.resume();
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the emulator exited during startup (code ${code}); log ${logFile}:\n${tailOf(logFile, 20)}`));
		});
	});
}

/**
 * Runs `emulator/cli.ts` (ts-node, transpile only) in its own process group and resolves `ready` with its JSON line.
 * @param {{args: string[], logFile: string, onProgress: (line: string) => void}} options
 */
function startEmulatorProcess({ args, logFile, onProgress }) {
	const tsNode = path.join(REPO, 'node_modules', 'ts-node', 'dist', 'bin.js');
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n==== emulator ${args.join(' ')} at ${new Date().toISOString()}\n`);
	const child = spawn(process.execPath, [tsNode, '--transpile-only', path.join(REPO, 'emulator', 'cli.ts'), ...args], {
		cwd: REPO,
		env: process.env,
		detached: true, // own process group: Ctrl-C in a terminal reaches only the caller, which stops things in order
		stdio: ['ignore', 'pipe', out],
	});
	fs.closeSync(out);
	const pid = /** @type {number} */ (child.pid);
	/** @type {{code: number|null, signal: string|null}|null} */
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const isGone = () => exited !== null;
	const stop = () => stopProcess(pid, { graceMs: 5000, pollMs: 50, isGone });
	const kill = () => {
		if (!isGone()) killSync(pid);
	};
	const ready = firstJsonLine(child, logFile, kill);
	onProgress(`emulator: starting (pid ${child.pid})`);
	return { child, ready, stop, killSync: kill, isRunning: () => !isGone() };
}

/**
 * `admin(method, path, body)` on the emulator's admin API: resolves with the body, throws (with `status` and
 * `body`) on an HTTP error.
 * @param {string} adminUrl
 */
function emulatorAdminClient(adminUrl) {
	/**
	 * @param {string} method
	 * @param {string} urlPath
	 * @param {any} [body]
	 */
	return async (method, urlPath, body) => {
		const res = await rt.request(method, `${adminUrl}${urlPath.startsWith('/') ? urlPath : `/${urlPath}`}`, { body });
		if (res.status >= 400) {
			const err = /** @type {Error & {status?: number, body?: any}} */ (
				new Error(`emulator ${method} ${urlPath} → ${res.status}: ${res.text}`)
			);
			err.status = res.status;
			err.body = res.body;
			throw err;
		}
		return res.body;
	};
}

module.exports = { emulatorArgs, startEmulatorProcess, emulatorAdminClient };
