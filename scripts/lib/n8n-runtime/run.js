// @ts-check
'use strict';
/** Running commands for the runtime: logged to a file with a heartbeat (long installs), or captured (n8n's CLI). */
const fs = require('fs');
const os = require('os');
const { spawn } = require('child_process');

/** @param {string} line */
function defaultProgress(line) {
	process.stderr.write(`[n8n-runtime] ${line}\n`);
}

/**
 * Seconds since `startMs`, one decimal, as text.
 * @param {number} startMs
 */
function seconds(startMs) {
	return ((Date.now() - startMs) / 1000).toFixed(1);
}

/**
 * Runs a command, appending its output to `logFile`, printing a heartbeat every `heartbeatMs`.
 * Resolves with the exit code; never rejects on a non-zero exit.
 * @param {string} cmd
 * @param {string[]} args
 * @param {object} options
 * @param {string} options.cwd
 * @param {NodeJS.ProcessEnv} options.env
 * @param {string} options.logFile
 * @param {(line: string) => void} options.onProgress
 * @param {string} options.label names the command in heartbeat lines
 * @param {number} [options.heartbeatMs]
 * @param {() => string} [options.extraNote] more for the heartbeat line (e.g. how many packages are there)
 * @param {(pid: number) => void} [options.onSpawn]
 * @returns {Promise<number>}
 */
function runLogged(cmd, args, { cwd, env, logFile, onProgress, label, heartbeatMs = 15000, extraNote, onSpawn }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd}, ${new Date().toISOString()})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		if (onSpawn && child.pid) onSpawn(child.pid);
		const timer = setInterval(() => {
			const note = extraNote ? extraNote() : '';
			onProgress(`${label}: still running, ${seconds(started)} s elapsed${note ? `, ${note}` : ''} (log: ${logFile})`);
		}, heartbeatMs);
		child.on('error', (error) => {
			clearInterval(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(timer);
			fs.closeSync(out);
			resolve(code === null ? 128 + (os.constants.signals[/** @type {NodeJS.Signals} */ (signal)] || 0) : code);
		});
	});
}

/**
 * Runs a command and captures its output; SIGKILL after `timeoutMs`. Resolves for every exit code.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number}} [options]
 * @returns {Promise<{code: number|null, stdout: string, stderr: string, durationMs?: number}>}
 */
function runCapture(cmd, args, { cwd, env, timeoutMs = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

module.exports = { defaultProgress, seconds, runLogged, runCapture };
