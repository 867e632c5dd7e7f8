// @ts-check
'use strict';
/**
 * `n8n execute --id=ID --rawOutput` and reading its result: the run JSON (an IRun) comes back through n8n's file
 * logger; items of a node are read from a run's `runData`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runCli } = require('./cli');

/**
 * Items (their `json`) of a node's first main output in `runData[name][runIndex]`; [] if the node did not run.
 * Works on both `execute` output (`run.data.resultData.runData`) and the public API's `execution.data.resultData.runData`.
 * @param {any} runData
 * @param {string} name
 * @param {number} [runIndex]
 * @returns {any[]}
 */
function nodeOutputOf(runData, name, runIndex = 0) {
	const task = runData && runData[name] && runData[name][runIndex];
	const main = task && task.data && task.data.main;
	return main && main[0] ? main[0].map((/** @type {{json: any}} */ item) => item.json) : [];
}

/**
 * The lines of n8n's JSON file log (`{level, message, metadata, timestamp}` each; other lines as `{message}`).
 * @param {string} text
 * @returns {Array<{message?: any}>}
 */
function parseLogLines(text) {
	return text
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return { message: line };
			}
		});
}

/**
 * The run JSON among the log lines: the last message that parses to an object with `data.resultData`.
 * @param {Array<{message?: any}>} logLines
 * @returns {any} undefined when there is none
 */
function findRun(logLines) {
	let run;
	for (const entry of logLines) {
		const msg = typeof entry.message === 'string' ? entry.message.trim() : '';
		if (!msg.startsWith('{')) continue;
		try {
			const parsed = JSON.parse(msg);
			if (parsed && parsed.data && parsed.data.resultData) run = parsed;
		} catch {
			// not the run JSON
		}
	}
	return run;
}

/**
 * `n8n execute --id=ID --rawOutput` with `N8N_LOG_OUTPUT=file`: the run JSON (an IRun) is read back from the
 * log file, where each line is `{level, message, metadata, timestamp}` and `message` holds the pretty JSON.
 * Does not throw when the workflow fails: check `ok` / `run.data.resultData.error`.
 * @param {string} id workflow id
 * @param {import('./cli').CliOptions} opts same as runCli
 * @returns {Promise<{ok: boolean, run: any, exitCode: number|null, durationMs: number, logLines: object[],
 *   lastNodeExecuted: string|undefined, nodeOutput: (name: string, runIndex?: number) => object[]}>}
 *   `nodeOutput(name)` returns the `json` of the items of the node's first output in run `runIndex` (default 0).
 */
async function executeWorkflowCli(id, opts) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-execute-'));
	const logFile = path.join(dir, 'execute.log');
	try {
		const env = { N8N_LOG_OUTPUT: 'file', N8N_LOG_FILE_LOCATION: logFile, ...((opts && opts.env) || {}) };
		const res = await runCli(['execute', `--id=${id}`, '--rawOutput'], { ...opts, env, allowFailure: true });
		const logLines = fs.existsSync(logFile) ? parseLogLines(fs.readFileSync(logFile, 'utf8')) : [];
		const run = findRun(logLines);
		if (!run) {
			const err = new Error(
				`n8n execute --id=${id} produced no run data (exit ${res.code}):\n${logLines.map((l) => l.message).join('\n')}\n${res.stdout}${res.stderr}`,
			);
			Object.assign(err, res, { logLines });
			throw err;
		}
		return {
			ok: !run.data.resultData.error,
			run,
			exitCode: res.code,
			durationMs: res.durationMs,
			logLines,
			lastNodeExecuted: run.data.resultData.lastNodeExecuted,
			nodeOutput: (name, runIndex = 0) => nodeOutputOf(run.data.resultData.runData, name, runIndex),
		};
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { nodeOutputOf, parseLogLines, findRun, executeWorkflowCli };
