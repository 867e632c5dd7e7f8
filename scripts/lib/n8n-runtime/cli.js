// @ts-check
'use strict';
/**
 * n8n's CLI (`n8n import:credentials`, `import:workflow`, `publish:workflow`, `list:workflow`, `export:credentials`,
 * `execute`) on Node 24, next to a running server or without one, and reading its output.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { VERSIONS, defaultCacheDir, versionOfCacheDir } = require('./versions');
const { n8nEnv } = require('./env');
const { ensureN8n } = require('./install');
const { defaultProgress, runCapture } = require('./run');
const { freePort } = require('../common/ports');

/**
 * @typedef {object} CliOptions
 * @property {string} userFolder
 * @property {string} [cacheDir] the runtime to use (default: defaultCacheDir())
 * @property {Record<string, string>} [env] extra environment
 * @property {string} [encryptionKey]
 * @property {number} [timeoutMs] default 180000 (then SIGKILL)
 * @property {boolean} [allowFailure] do not throw on a non-zero exit code
 * @property {(line: string) => void} [onProgress]
 */

/**
 * Runs an n8n CLI command (`n8n <args...>`) on Node 24 with the same environment as the server, a free
 * task-runner broker port of its own (so it can run while a server uses the same user folder) and
 * N8N_LOG_LEVEL=info, because every CLI command prints through n8n's logger (console: message only).
 * Examples: ['import:credentials', '--input=c.json'], ['import:workflow', '--input=w.json'],
 * ['publish:workflow', '--id=ID'], ['list:workflow'], ['execute', '--id=ID', '--rawOutput'].
 * @param {string[]} args
 * @param {CliOptions} opts
 * @returns {Promise<{code: number|null, stdout: string, stderr: string, durationMs: number}>}
 */
async function runCli(args, opts) {
	const {
		userFolder,
		env = {},
		encryptionKey,
		timeoutMs = 180000,
		allowFailure = false,
		cacheDir = defaultCacheDir(),
	} = opts || {};
	if (!userFolder) throw new Error('runCli: opts.userFolder is required');
	const { nodeBin, n8nBin } = await ensureN8n({ onProgress: opts.onProgress || defaultProgress, cacheDir });
	fs.mkdirSync(userFolder, { recursive: true });
	const brokerPort = await freePort();
	const childEnv = n8nEnv({ userFolder, brokerPort, encryptionKey, logLevel: 'info', env, cacheDir });
	const started = Date.now();
	const captured = await runCapture(nodeBin, [n8nBin, ...args], { cwd: userFolder, env: childEnv, timeoutMs });
	const result = { ...captured, durationMs: Date.now() - started };
	if (result.code !== 0 && !allowFailure) {
		const err = new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
		Object.assign(err, result);
		throw err;
	}
	return result;
}

/**
 * Runs `n8n <command> --input=<file>` with a file path, or with object(s) written to a temp file.
 * @param {string} command
 * @param {string} prefix names the temp folder and file
 * @param {string|object|object[]} input
 * @param {CliOptions} opts
 */
async function importCli(command, prefix, input, opts) {
	if (typeof input === 'string') return runCli([command, `--input=${input}`], opts);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
	const file = path.join(dir, `${prefix}.json`);
	fs.writeFileSync(file, JSON.stringify(Array.isArray(input) ? input : [input], null, 2));
	try {
		return await runCli([command, `--input=${file}`], opts);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * `n8n import:credentials --input=<file>`. Accepts a file path, or credential object(s) written to a temp file.
 * A credential is `{ id, name, type, data: { ...plain object... } }`; plain-object `data` is encrypted on import.
 * @param {string|object|object[]} input
 * @param {CliOptions} opts same as runCli
 */
function importCredentials(input, opts) {
	return importCli('import:credentials', 'n8n-credentials', input, opts);
}

/**
 * `n8n import:workflow --input=<file>`. Accepts a file path, or workflow object(s) written to a temp file.
 * Give each workflow an `id` (a string, e.g. 'probeWf000000001') so you can execute/publish it by id.
 * @param {string|object|object[]} input
 * @param {CliOptions} opts same as runCli
 */
function importWorkflow(input, opts) {
	return importCli('import:workflow', 'n8n-workflows', input, opts);
}

/**
 * `n8n publish:workflow --id=ID` (2.x's replacement for `update:workflow --active`); on 1.x, which has no
 * `publish:workflow`, `update:workflow --id=ID --active=true`. Takes effect at the next `n8n start`; on a running
 * server use the public API (`client.activateWorkflow`).
 * @param {string} id
 * @param {CliOptions} opts
 */
function publishWorkflowCli(id, opts) {
	const version = versionOfCacheDir((opts && opts.cacheDir) || defaultCacheDir());
	if (!VERSIONS[version].hasPublishCli) return runCli(['update:workflow', `--id=${id}`, '--active=true'], opts);
	return runCli(['publish:workflow', `--id=${id}`], opts);
}

/**
 * The `id|name` lines of `n8n list:workflow` output.
 * @param {string} stdout
 * @returns {Array<{id: string, name: string}>}
 */
function parseWorkflowList(stdout) {
	return stdout
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => /^[^\s|]+\|/.test(line))
		.map((line) => {
			const i = line.indexOf('|');
			return { id: line.slice(0, i), name: line.slice(i + 1) };
		});
}

/**
 * `n8n list:workflow` parsed into `[{ id, name }]`.
 * @param {CliOptions} opts
 * @returns {Promise<Array<{id: string, name: string}>>}
 */
async function listWorkflowsCli(opts) {
	const { stdout } = await runCli(['list:workflow'], opts);
	return parseWorkflowList(stdout);
}

/**
 * `n8n export:credentials --all --decrypted` (or `--id`) parsed: `[{ id, name, type, data: {...decrypted...}, ... }]`.
 * Use it to read back tokens that n8n stored after a refresh.
 * @param {CliOptions & {id?: string}} opts same as runCli, plus optional `id`
 * @returns {Promise<object[]>}
 */
async function exportCredentialsCli(opts) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-export-'));
	const file = path.join(dir, 'credentials.json');
	try {
		const which = opts && opts.id ? `--id=${opts.id}` : '--all';
		await runCli(['export:credentials', which, '--decrypted', `--output=${file}`], opts);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = {
	runCli,
	importCredentials,
	importWorkflow,
	publishWorkflowCli,
	parseWorkflowList,
	listWorkflowsCli,
	exportCredentialsCli,
};
