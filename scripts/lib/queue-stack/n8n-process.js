// @ts-check
'use strict';
/**
 * The extra n8n processes of queue mode: `n8n webhook` (production webhooks) and `n8n worker` (executions), with the
 * same environment as main plus their own ports, each in its own process group.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const rt = require('../n8n-runtime');
const { sleep, stopProcess, killSync } = require('../common/processes');
const { freePort } = require('../common/ports');
const { tailOf } = require('../common/files');

/** @param {string} url */
function httpStatus(url) {
	return rt.request('GET', url, { timeoutMs: 2000 }).then(
		(res) => res.status,
		() => 0,
	);
}

/**
 * The command line of a role: `worker --concurrency=N` or `webhook`.
 * @param {'webhook'|'worker'} role
 * @param {number} [concurrency]
 */
function processArgs(role, concurrency) {
	return role === 'worker' ? ['worker', `--concurrency=${concurrency}`] : ['webhook'];
}

/**
 * @typedef {object} ProcessOptions
 * @property {'webhook'|'worker'} role
 * @property {number} index
 * @property {string} userFolder
 * @property {string} cacheDir
 * @property {Record<string, string>} env
 * @property {string} webhookUrl
 * @property {string} logsDir
 * @property {number} [concurrency]
 * @property {(line: string) => void} onProgress
 * @property {number} [port]
 */

/**
 * `n8n webhook` or `n8n worker` with the same environment as main, in its own process group, ready when its
 * /healthz answers 200 (the processor on its N8N_PORT, a worker on its QUEUE_HEALTH_CHECK_PORT).
 * @param {ProcessOptions} options
 */
async function startN8nProcess({
	role,
	index,
	userFolder,
	cacheDir,
	env,
	webhookUrl,
	logsDir,
	concurrency,
	onProgress,
	port: wantedPort,
}) {
	const { nodeBin, n8nBin } = await rt.ensureN8n({ onProgress, cacheDir });
	const port = wantedPort || (await freePort());
	const brokerPort = await freePort();
	const healthPort = await freePort();
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
	const args = processArgs(role, concurrency);
	const logFile = path.join(logsDir, `n8n-${role}-${index}.log`);
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(
		out,
		`\n==== n8n ${args.join(' ')} (port ${port}, health ${healthPort}) at ${new Date().toISOString()}\n`,
	);
	const child = spawn(nodeBin, [n8nBin, ...args], {
		cwd: userFolder,
		env: childEnv,
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	const pid = /** @type {number} */ (child.pid);
	/** @type {{code: number|null, signal: string|null}|null} */
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const stop = () => stopProcess(pid);
	const url = `http://127.0.0.1:${port}`;
	const healthUrl = role === 'worker' ? `http://127.0.0.1:${healthPort}/healthz` : `${url}/healthz`;
	for (const until = Date.now() + 120000; ; ) {
		if (exited)
			throw new Error(
				`n8n ${role} exited during startup (${JSON.stringify(exited)}); log ${logFile}:\n${tailOf(logFile, 30)}`,
			);
		if ((await httpStatus(healthUrl)) === 200) break;
		if (Date.now() > until) {
			await stop();
			throw new Error(`n8n ${role} not ready after 120 s; log ${logFile}:\n${tailOf(logFile, 30)}`);
		}
		await sleep(250);
	}
	onProgress(
		`n8n ${role} ${index + 1}: ${role === 'worker' ? `concurrency ${concurrency}, health ${healthUrl}` : url} (pid ${pid})`,
	);
	return {
		role,
		index,
		url,
		port,
		healthUrl,
		pid,
		logFile,
		stop,
		killSync: () => killSync(pid),
		isRunning: () => !exited,
	};
}

/**
 * Execution ids a worker logged as started ("Worker started execution 12 (job 7)", at info level).
 * @param {string} logFile
 * @returns {Set<string>}
 */
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

module.exports = { startN8nProcess, workerExecutionIds, processArgs };
