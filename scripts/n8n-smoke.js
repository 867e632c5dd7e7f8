#!/usr/bin/env node
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
 * Usage: node scripts/n8n-smoke.js [--keep]   (--keep leaves the temp folder for inspection)
 * Exit code 0 and a final "N passed, 0 failed" line when everything works.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const assert = require('assert');
const rt = require('./lib/n8n-runtime');
const { packPackage, installPackage } = require('./lib/package-install');

const PROBE_PACKAGE = 'n8n-nodes-runtime-probe';

const keep = process.argv.includes('--keep');
const results = [];
const timings = {};

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

// --- a throwaway custom node + credential (plain JS, as `tsc` would emit) ---------------------------------
const CREDENTIAL_JS = `
'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.ProbeApi = void 0;
class ProbeApi {
	constructor() {
		this.name = 'probeApi';
		this.displayName = 'Probe API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		];
	}
	async authenticate(credentials, requestOptions) {
		requestOptions.headers = { ...(requestOptions.headers || {}), 'x-probe-token': credentials.token };
		return requestOptions;
	}
}
exports.ProbeApi = ProbeApi;
`;

const NODE_JS = `
'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.ProbeNode = void 0;
class ProbeNode {
	constructor() {
		this.description = {
			displayName: 'Probe',
			name: 'probeNode',
			group: ['transform'],
			version: 1,
			description: 'Calls an echo server through httpRequestWithAuthentication',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'probeApi', required: true }],
			properties: [
				{ displayName: 'Message', name: 'message', type: 'string', default: '' },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials('probeApi');
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const message = this.getNodeParameter('message', i);
			const echo = await this.helpers.httpRequestWithAuthentication.call(this, 'probeApi', {
				method: 'GET',
				url: credentials.baseUrl + '/echo',
				qs: { message },
				json: true,
			});
			out.push({ json: { probe: true, message, echo, input: items[i].json } });
		}
		return [out];
	}
}
exports.ProbeNode = ProbeNode;
`;

const CRED_ID = 'probeCred0000001';
const BAD_CRED_ID = 'probeCred0000002';
const FAILING_WF_ID = 'probeFailing0001';
const MANUAL_WF_ID = 'probeManual00001';
const WEBHOOK_WF_NAME = 'Probe webhook';
const WEBHOOK_PATH = 'probe-hook';

function probeNodeJson(position, credId = CRED_ID) {
	return {
		id: `probe-${position[0]}`,
		name: 'Probe',
		type: `${PROBE_PACKAGE}.probeNode`,
		typeVersion: 1,
		position,
		parameters: { message: '={{ "sum=" + (1 + 2) }}' },
		credentials: { probeApi: { id: credId, name: credId === CRED_ID ? 'Probe credential' : 'Bad credential' } },
	};
}

const manualWorkflow = {
	id: MANUAL_WF_ID,
	name: 'Probe manual',
	nodes: [
		{ id: 'trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		probeNodeJson([220, 0]),
	],
	connections: { 'Manual Trigger': { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
};

const failingWorkflow = {
	...manualWorkflow,
	id: FAILING_WF_ID,
	name: 'Probe failing',
	nodes: [manualWorkflow.nodes[0], probeNodeJson([220, 0], BAD_CRED_ID)],
};

const webhookWorkflow = {
	name: WEBHOOK_WF_NAME,
	nodes: [
		{
			id: 'hook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '4b6a1f0e-2a53-4c1e-9a55-1d7c7f1a0b01',
			parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', options: {} },
		},
		probeNodeJson([220, 0]),
	],
	connections: { Webhook: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

function startEchoServer() {
	const seen = [];
	const server = http.createServer((req, res) => {
		seen.push({ url: req.url, headers: req.headers });
		res.setHeader('content-type', 'application/json');
		if (req.headers['x-probe-token'] === 'bad') {
			res.statusCode = 400;
			res.end(JSON.stringify({ code: 106001, message: 'Invalid credentials (emulated)' }));
			return;
		}
		res.end(JSON.stringify({ path: req.url, token: req.headers['x-probe-token'] || null }));
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, url: `http://127.0.0.1:${server.address().port}` })));
}

function pgrepN8n() {
	const { execFileSync } = require('child_process');
	try {
		return execFileSync('pgrep', ['-af', 'n8n'], { encoding: 'utf8' })
			.split('\n')
			.filter((l) => l && !l.includes('n8n-smoke') && !l.includes('pgrep'));
	} catch {
		return [];
	}
}

async function main() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-smoke-'));
	const ext = path.join(work, 'probe-package');
	const userFolder = path.join(work, 'user');
	fs.mkdirSync(path.join(ext, 'dist', 'credentials'), { recursive: true });
	fs.mkdirSync(path.join(ext, 'dist', 'nodes', 'Probe'), { recursive: true });
	fs.writeFileSync(path.join(ext, 'dist', 'credentials', 'ProbeApi.credentials.js'), CREDENTIAL_JS);
	fs.writeFileSync(path.join(ext, 'dist', 'nodes', 'Probe', 'ProbeNode.node.js'), NODE_JS);
	fs.writeFileSync(
		path.join(ext, 'package.json'),
		JSON.stringify({
			name: PROBE_PACKAGE,
			version: '0.0.1',
			keywords: ['n8n-community-node-package'],
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, credentials: ['dist/credentials/ProbeApi.credentials.js'], nodes: ['dist/nodes/Probe/ProbeNode.node.js'] },
		}),
	);
	console.log(`work folder: ${work}`);

	const echo = await startEchoServer();
	const cli = { userFolder };
	let server;
	try {
		await step('ensureN8n', () => rt.ensureN8n());
		await step('ensureN8n again (< 1 s)', async () => {
			const t0 = Date.now();
			await rt.ensureN8n();
			assert(Date.now() - t0 < 1000);
		});

		await step('npm pack + npm install into <user folder>/.n8n/nodes', () =>
			installPackage(userFolder, packPackage(path.join(work, 'packed'), { from: ext }).file, PROBE_PACKAGE),
		);
		await step('import:credentials (plain-object data)', () =>
			rt.importCredentials(
				[
					{ id: CRED_ID, name: 'Probe credential', type: 'probeApi', data: { baseUrl: echo.url, token: 'tok-123' } },
					{ id: BAD_CRED_ID, name: 'Bad credential', type: 'probeApi', data: { baseUrl: echo.url, token: 'bad' } },
				],
				cli,
			),
		);
		await step(`import:workflow (${PROBE_PACKAGE}.probeNode)`, () => rt.importWorkflow([manualWorkflow, failingWorkflow], cli));
		const listed = await step('list:workflow', () => rt.listWorkflowsCli(cli));
		assert.deepStrictEqual(
			listed.sort((a, b) => a.id.localeCompare(b.id)),
			[
				{ id: FAILING_WF_ID, name: 'Probe failing' },
				{ id: MANUAL_WF_ID, name: 'Probe manual' },
			],
		);

		const exec1 = await step('execute (CLI, no server)', () => rt.executeWorkflowCli(MANUAL_WF_ID, cli));
		assert(exec1.ok, 'execution failed');
		const out1 = exec1.nodeOutput('Probe');
		assert.strictEqual(out1[0].message, 'sum=3');
		assert.strictEqual(out1[0].echo.token, 'tok-123');
		fs.writeFileSync(path.join(work, 'execute-run.json'), JSON.stringify(exec1.run, null, 2));

		const failed = await step('execute (CLI) a failing workflow → ok=false', () => rt.executeWorkflowCli(FAILING_WF_ID, cli));
		assert.strictEqual(failed.ok, false);
		assert.strictEqual(failed.run.status, 'error');
		fs.writeFileSync(path.join(work, 'execute-run-error.json'), JSON.stringify(failed.run, null, 2));
		console.log(`     failing run: exit ${failed.exitCode}, error ${JSON.stringify(failed.run.data.resultData.error).slice(0, 300)}`);

		server = await step('n8n start → /healthz/readiness', () => rt.startN8n({ userFolder }));
		console.log(`     server ${server.url} pid ${server.pid} ready in ${server.startupMs} ms; log ${server.logFile}`);

		const client = new rt.N8nClient(server.url);
		await step('owner setup + API key', async () => {
			await client.setupOwner({ email: 'owner@example.com', password: 'Passw0rd!e2e', firstName: 'E2E', lastName: 'Owner' });
			const key = await client.createApiKey();
			assert(typeof key === 'string' && key.length > 20);
		});
		await step('login (cookie again)', () => client.login({ email: 'owner@example.com', password: 'Passw0rd!e2e' }));

		const exec2 = await step('execute (CLI) while the server runs', () => rt.executeWorkflowCli(MANUAL_WF_ID, cli));
		assert(exec2.ok && exec2.nodeOutput('Probe')[0].echo.token === 'tok-123');

		const manual = await step('manual run over REST POST /rest/workflows/:id/run', async () => {
			const { executionId } = await client.runWorkflowManually(MANUAL_WF_ID, 'Manual Trigger');
			assert(executionId);
			for (let i = 0; i < 120; i++) {
				const e = await client.getExecution(executionId).catch(() => null);
				if (e && e.finished !== undefined && !['new', 'running'].includes(e.status)) return e;
				await new Promise((r) => setTimeout(r, 250));
			}
			throw new Error('manual execution did not finish');
		});
		assert.strictEqual(manual.status, 'success');
		assert.strictEqual(rt.nodeOutputOf(manual.data.resultData.runData, 'Probe')[0].echo.token, 'tok-123');
		fs.writeFileSync(path.join(work, 'api-execution-manual.json'), JSON.stringify(manual, null, 2));

		const creds = await step('GET /api/v1/credentials', () => client.listCredentials());
		assert(creds.some((c) => c.id === CRED_ID && c.type === 'probeApi'));

		const created = await step('POST /api/v1/workflows (webhook)', () => client.createWorkflow(webhookWorkflow));
		const activated = await step('POST /api/v1/workflows/:id/activate', () => client.activateWorkflow(created.id));
		assert.strictEqual(activated.active, true);
		const hookUrl = `${server.url}/webhook/${WEBHOOK_PATH}`;
		await step('waitForWebhook (OPTIONS + Origin probe)', () => rt.waitForWebhook(hookUrl));
		const hookRes = await step('call production webhook', () => rt.waitForWebhook(hookUrl, { call: { method: 'POST', body: { hello: 'world' } } }));
		assert.strictEqual(hookRes.status, 200, hookRes.text);
		assert.strictEqual(hookRes.body.echo.token, 'tok-123');
		assert.strictEqual(hookRes.body.input.body.hello, 'world');

		const failedApi = await step('manual run of the failing workflow → execution status error', async () => {
			const { executionId } = await client.runWorkflowManually(FAILING_WF_ID, 'Manual Trigger');
			for (let i = 0; i < 120; i++) {
				const e = await client.getExecution(executionId).catch(() => null);
				if (e && !['new', 'running'].includes(e.status)) return e;
				await new Promise((r) => setTimeout(r, 250));
			}
			throw new Error('manual execution did not finish');
		});
		assert.strictEqual(failedApi.status, 'error');
		fs.writeFileSync(path.join(work, 'api-execution-error.json'), JSON.stringify(failedApi, null, 2));

		const hookExec = await step('GET /api/v1/executions?workflowId=&includeData=true', () => client.waitForExecution(created.id));
		assert.strictEqual(hookExec.status, 'success');
		assert.strictEqual(hookExec.mode, 'webhook');
		fs.writeFileSync(path.join(work, 'api-execution-webhook.json'), JSON.stringify(hookExec, null, 2));
		const all = await client.listExecutions({ includeData: false });
		console.log(`     executions stored: ${all.map((e) => `${e.id}:${e.mode}:${e.status}`).join(' ')}`);

		const exported = await step('export:credentials --decrypted', () => rt.exportCredentialsCli(cli));
		const mine = exported.find((c) => c.id === CRED_ID);
		assert.strictEqual(mine.data.token, 'tok-123');
		assert.strictEqual(mine.data.baseUrl, echo.url);

		const port = server.port;
		await step('stop server', () => server.stop());
		server = undefined;
		await step('no n8n process left', async () => {
			const left = pgrepN8n();
			assert.deepStrictEqual(left, [], `left: ${left.join('\n')}`);
		});

		await step('restart on the same folder → ready (warm)', async () => {
			server = await rt.startN8n({ userFolder, port });
			timings.warmStartupMs = server.startupMs;
			// the webhook workflow is still active after a restart
			const again = await rt.waitForWebhook(hookUrl, { call: { method: 'POST', body: { hello: 'again' } } });
			assert.strictEqual(again.status, 200, again.text);
			await server.stop();
			server = undefined;
		});
		assert.deepStrictEqual(pgrepN8n(), []);
	} finally {
		if (server) await server.stop();
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
