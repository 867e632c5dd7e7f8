#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Smoke test of scripts/lib/n8n-runtime.js against a REAL n8n (2.41.0; E2E_N8N_VERSION=1 for 1.123.81), with a
 * throwaway community package (one node, one credential) written to a temp folder, packed and installed into
 * n8n's nodes folder as users install packages (nothing from nodes/ or credentials/ is used). Proves the whole chain
 * that e2e tests rely on, and prints timings:
 *   ensureN8n → install the package → CLI import (credential + workflows) → n8n start → owner + API key →
 *   CLI execute while the server runs → manual run over REST → webhook workflow via public API → executions
 *   via public API → export:credentials --decrypted → stop, no process left.
 *
 * The probe package, its workflows and the echo server are in n8n-smoke/probe-package.js.
 *
 * Usage: node scripts/n8n-smoke.js [--keep]   (--keep leaves the temp folder for inspection)
 * Exit code 0 and a final "N passed, 0 failed" line when everything works.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const assert = require('assert');
const { execFileSync } = require('child_process');
const rt = require('./lib/n8n-runtime');
const { packPackage, installPackage } = require('./lib/package-install');
const probe = require('./n8n-smoke/probe-package');

const keep = process.argv.includes('--keep');
/** @type {Array<{name: string, ok: boolean}>} */
const results = [];
/** @type {Record<string, number>} */
const timings = {};

/**
 * Runs one named check, prints `ok`/`FAIL` with its time, and records it.
 * @template T
 * @param {string} name
 * @param {() => T | Promise<T>} fn
 * @returns {Promise<T>}
 */
async function step(name, fn) {
	const t0 = Date.now();
	try {
		const value = await fn();
		const ms = Date.now() - t0;
		timings[name] = ms;
		results.push({ name, ok: true });
		console.log(`ok   ${name} (${(ms / 1000).toFixed(1)} s)`);
		return value;
	} catch (error) {
		results.push({ name, ok: false });
		console.log(`FAIL ${name}: ${error.stack || error}`);
		throw error;
	}
}

/** n8n processes still running (this script and pgrep itself aside). */
function pgrepN8n() {
	try {
		return execFileSync('pgrep', ['-af', 'n8n'], { encoding: 'utf8' })
			.split('\n')
			.filter((l) => l && !l.includes('n8n-smoke') && !l.includes('pgrep'));
	} catch {
		return [];
	}
}

/**
 * Polls a manual execution until it is no longer new/running (30 s).
 * @param {any} client N8nClient
 * @param {string} executionId
 * @param {(e: any) => boolean} [finished] extra condition
 */
async function waitForManualRun(client, executionId, finished = () => true) {
	for (let i = 0; i < 120; i++) {
		const e = await client.getExecution(executionId).catch(() => null);
		if (e && finished(e) && !['new', 'running'].includes(e.status)) return e;
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error('manual execution did not finish');
}

/**
 * @typedef {{work: string, userFolder: string, cli: {userFolder: string}, echo: {url: string}, server?: any, hookUrl?: string}} Smoke
 */

/**
 * Install, package, CLI imports and `execute` without a server.
 * @param {Smoke} s
 */
async function withoutServer(s) {
	const { cli, echo, work, userFolder } = s;
	await step('ensureN8n', () => rt.ensureN8n());
	await step('ensureN8n again (< 1 s)', async () => {
		const t0 = Date.now();
		await rt.ensureN8n();
		assert(Date.now() - t0 < 1000);
	});
	await step('npm pack + npm install into <user folder>/.n8n/nodes', () =>
		installPackage(
			userFolder,
			packPackage(path.join(work, 'packed'), { from: path.join(work, 'probe-package') }).file,
			probe.PROBE_PACKAGE,
		),
	);
	await step('import:credentials (plain-object data)', () =>
		rt.importCredentials(
			[
				{
					id: probe.CRED_ID,
					name: 'Probe credential',
					type: 'probeApi',
					data: { baseUrl: echo.url, token: 'tok-123' },
				},
				{ id: probe.BAD_CRED_ID, name: 'Bad credential', type: 'probeApi', data: { baseUrl: echo.url, token: 'bad' } },
			],
			cli,
		),
	);
	await step(`import:workflow (${probe.PROBE_PACKAGE}.probeNode)`, () =>
		rt.importWorkflow([probe.manualWorkflow, probe.failingWorkflow], cli),
	);
	const listed = await step('list:workflow', () => rt.listWorkflowsCli(cli));
	assert.deepStrictEqual(
		listed.sort((a, b) => a.id.localeCompare(b.id)),
		[
			{ id: probe.FAILING_WF_ID, name: 'Probe failing' },
			{ id: probe.MANUAL_WF_ID, name: 'Probe manual' },
		],
	);

	const exec1 = await step('execute (CLI, no server)', () => rt.executeWorkflowCli(probe.MANUAL_WF_ID, cli));
	assert(exec1.ok, 'execution failed');
	const out1 = /** @type {any[]} */ (exec1.nodeOutput('Probe'));
	assert.strictEqual(out1[0].message, 'sum=3');
	assert.strictEqual(out1[0].echo.token, 'tok-123');
	fs.writeFileSync(path.join(work, 'execute-run.json'), JSON.stringify(exec1.run, null, 2));

	const failed = await step('execute (CLI) a failing workflow → ok=false', () =>
		rt.executeWorkflowCli(probe.FAILING_WF_ID, cli),
	);
	assert.strictEqual(failed.ok, false);
	assert.strictEqual(failed.run.status, 'error');
	fs.writeFileSync(path.join(work, 'execute-run-error.json'), JSON.stringify(failed.run, null, 2));
	console.log(
		`     failing run: exit ${failed.exitCode}, error ${JSON.stringify(failed.run.data.resultData.error).slice(0, 300)}`,
	);
}

/**
 * The server: owner and API key, CLI next to it, manual runs over REST, public API, a production webhook.
 * @param {Smoke} s
 */
async function withServer(s) {
	const { cli, work, userFolder } = s;
	const server = await step('n8n start → /healthz/readiness', () => rt.startN8n({ userFolder }));
	s.server = server;
	console.log(`     server ${server.url} pid ${server.pid} ready in ${server.startupMs} ms; log ${server.logFile}`);

	const client = new rt.N8nClient(server.url);
	await step('owner setup + API key', async () => {
		await client.setupOwner({
			email: 'owner@example.com',
			password: 'Passw0rd!e2e',
			firstName: 'E2E',
			lastName: 'Owner',
		});
		const key = await client.createApiKey();
		assert(typeof key === 'string' && key.length > 20);
	});
	await step('login (cookie again)', () => client.login({ email: 'owner@example.com', password: 'Passw0rd!e2e' }));

	const exec2 = await step('execute (CLI) while the server runs', () => rt.executeWorkflowCli(probe.MANUAL_WF_ID, cli));
	assert(exec2.ok && /** @type {any} */ (exec2.nodeOutput('Probe')[0]).echo.token === 'tok-123');

	const manual = await step('manual run over REST POST /rest/workflows/:id/run', async () => {
		const { executionId } = await client.runWorkflowManually(probe.MANUAL_WF_ID, 'Manual Trigger');
		assert(executionId);
		return waitForManualRun(client, executionId, (e) => e.finished !== undefined);
	});
	assert.strictEqual(manual.status, 'success');
	assert.strictEqual(rt.nodeOutputOf(manual.data.resultData.runData, 'Probe')[0].echo.token, 'tok-123');
	fs.writeFileSync(path.join(work, 'api-execution-manual.json'), JSON.stringify(manual, null, 2));

	const creds = await step('GET /api/v1/credentials', () => client.listCredentials());
	assert(creds.some((/** @type {any} */ c) => c.id === probe.CRED_ID && c.type === 'probeApi'));

	await webhookChecks(s, client);

	const exported = await step('export:credentials --decrypted', () => rt.exportCredentialsCli(cli));
	const mine = /** @type {any} */ (exported.find((c) => /** @type {any} */ (c).id === probe.CRED_ID));
	assert.strictEqual(mine.data.token, 'tok-123');
	assert.strictEqual(mine.data.baseUrl, s.echo.url);
}

/**
 * A webhook workflow created and published over the public API, called in production; a failing manual run; the
 * executions the public API lists.
 * @param {Smoke} s
 * @param {any} client
 */
async function webhookChecks(s, client) {
	const created = await step('POST /api/v1/workflows (webhook)', () => client.createWorkflow(probe.webhookWorkflow));
	const activated = await step('POST /api/v1/workflows/:id/activate', () => client.activateWorkflow(created.id));
	assert.strictEqual(activated.active, true);
	const hookUrl = `${s.server.url}/webhook/${probe.WEBHOOK_PATH}`;
	s.hookUrl = hookUrl;
	await step('waitForWebhook (OPTIONS + Origin probe)', () => rt.waitForWebhook(hookUrl));
	const hookRes = await step('call production webhook', () =>
		rt.waitForWebhook(hookUrl, { call: { method: 'POST', body: { hello: 'world' } } }),
	);
	assert.strictEqual(hookRes.status, 200, hookRes.text);
	assert.strictEqual(hookRes.body.echo.token, 'tok-123');
	assert.strictEqual(hookRes.body.input.body.hello, 'world');

	const failedApi = await step('manual run of the failing workflow → execution status error', async () => {
		const { executionId } = await client.runWorkflowManually(probe.FAILING_WF_ID, 'Manual Trigger');
		return waitForManualRun(client, executionId);
	});
	assert.strictEqual(failedApi.status, 'error');
	fs.writeFileSync(path.join(s.work, 'api-execution-error.json'), JSON.stringify(failedApi, null, 2));

	const hookExec = await step('GET /api/v1/executions?workflowId=&includeData=true', () =>
		client.waitForExecution(created.id),
	);
	assert.strictEqual(hookExec.status, 'success');
	assert.strictEqual(hookExec.mode, 'webhook');
	fs.writeFileSync(path.join(s.work, 'api-execution-webhook.json'), JSON.stringify(hookExec, null, 2));
	const all = await client.listExecutions({ includeData: false });
	console.log(
		`     executions stored: ${all.map((/** @type {any} */ e) => `${e.id}:${e.mode}:${e.status}`).join(' ')}`,
	);
}

/**
 * Stop, nothing left running, a warm restart on the same folder that still answers the webhook, stop again.
 * @param {Smoke} s
 */
async function restart(s) {
	const { port } = s.server;
	await step('stop server', () => s.server.stop());
	s.server = undefined;
	await step('no n8n process left', async () => {
		const left = pgrepN8n();
		assert.deepStrictEqual(left, [], `left: ${left.join('\n')}`);
	});
	await step('restart on the same folder → ready (warm)', async () => {
		s.server = await rt.startN8n({ userFolder: s.userFolder, port });
		timings.warmStartupMs = s.server.startupMs;
		// the webhook workflow is still active after a restart
		const again = await rt.waitForWebhook(/** @type {string} */ (s.hookUrl), {
			call: { method: 'POST', body: { hello: 'again' } },
		});
		assert.strictEqual(again.status, 200, again.text);
		await s.server.stop();
		s.server = undefined;
	});
	assert.deepStrictEqual(pgrepN8n(), []);
}

async function main() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-smoke-'));
	probe.writeProbePackage(path.join(work, 'probe-package'));
	console.log(`work folder: ${work}`);
	const echo = await probe.startEchoServer();
	const userFolder = path.join(work, 'user');
	/** @type {Smoke} */
	const s = { work, userFolder, cli: { userFolder }, echo };
	try {
		await withoutServer(s);
		await withServer(s);
		await restart(s);
	} finally {
		if (s.server) await s.server.stop();
		echo.server.close();
		if (!keep) fs.rmSync(work, { recursive: true, force: true });
	}
	console.log(`timings (ms): ${JSON.stringify(timings)}`);
}

main()
	.catch((error) => {
		if (!results.some((r) => !r.ok)) {
			results.push({ name: 'assertions', ok: false });
			console.log(`FAIL ${error.stack || error}`);
		}
		process.exitCode = 1;
	})
	.finally(() => {
		const passed = results.filter((r) => r.ok).length;
		console.log(`${passed} passed, ${results.length - passed} failed`);
	});
