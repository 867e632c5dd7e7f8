// @ts-check
'use strict';
/**
 * The throwaway community package of the n8n smoke test (one node, one credential, plain JS as `tsc` would emit),
 * the workflows that use it, and the echo server its credential points at.
 */
const fs = require('fs');
const path = require('path');
const http = require('http');

const PROBE_PACKAGE = 'n8n-nodes-runtime-probe';

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

/**
 * The probe node at `position`, using credential `credId`.
 * @param {[number, number]} position
 * @param {string} [credId]
 */
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
		{
			id: 'trigger',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
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
	/** @type {Array<{url?: string, headers: object}>} */
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
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				server,
				seen,
				url: `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (server.address()).port}`,
			}),
		),
	);
}

/**
 * Writes the probe package (package.json and dist/) into `dir`.
 * @param {string} dir
 */
function writeProbePackage(dir) {
	fs.mkdirSync(path.join(dir, 'dist', 'credentials'), { recursive: true });
	fs.mkdirSync(path.join(dir, 'dist', 'nodes', 'Probe'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'dist', 'credentials', 'ProbeApi.credentials.js'), CREDENTIAL_JS);
	fs.writeFileSync(path.join(dir, 'dist', 'nodes', 'Probe', 'ProbeNode.node.js'), NODE_JS);
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({
			name: PROBE_PACKAGE,
			version: '0.0.1',
			keywords: ['n8n-community-node-package'],
			files: ['dist'],
			n8n: {
				n8nNodesApiVersion: 1,
				credentials: ['dist/credentials/ProbeApi.credentials.js'],
				nodes: ['dist/nodes/Probe/ProbeNode.node.js'],
			},
		}),
	);
}

module.exports = {
	PROBE_PACKAGE,
	CRED_ID,
	BAD_CRED_ID,
	FAILING_WF_ID,
	MANUAL_WF_ID,
	WEBHOOK_PATH,
	manualWorkflow,
	failingWorkflow,
	webhookWorkflow,
	startEchoServer,
	writeProbePackage,
};
