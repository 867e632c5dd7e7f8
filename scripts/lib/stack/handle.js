// @ts-check
'use strict';
/**
 * What startStack returns: where everything runs, the ids of what was imported, and helpers to run a workflow (from
 * the CLI or like the editor's "Execute workflow") and read a node's items.
 */
const path = require('path');
const rt = require('../n8n-runtime');
const { sleep } = require('../common/processes');
const { CREDENTIAL_IDS, CREDENTIAL_NAMES, NODE_TYPE_PREFIX } = require('./constants');
const { workflowIdsOf } = require('./examples');

/**
 * Runs a workflow like the editor's "Execute workflow" button and waits for it to finish; resolves with the
 * execution (`status`, `data.resultData.runData`).
 * @param {any} client N8nClient
 * @param {string} id
 * @param {{triggerName?: string, timeoutMs?: number}} [options]
 */
async function runWorkflowManually(client, id, { triggerName = 'Manual Trigger', timeoutMs = 120000 } = {}) {
	const { executionId } = await client.runWorkflowManually(id, triggerName);
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await client.request('GET', `/api/v1/executions/${executionId}?includeData=true`, { auth: 'apiKey' });
		if (res.status === 200 && !['new', 'running', 'waiting'].includes(res.body.status)) return res.body;
		if (Date.now() > deadline)
			throw new Error(`execution ${executionId} of ${id} did not finish within ${timeoutMs} ms`);
		await sleep(250);
	}
}

/**
 * The Shopify stand-in's part of the handle (null without it).
 * @param {any} standin
 */
function shopifyHandle(standin) {
	if (!standin) return null;
	const { url, token, graphqlUrl, orders, requests, reset, addFault, stop } = standin;
	return { url, token, graphqlUrl, orders, requests, reset, addFault, stop };
}

/**
 * @param {object} parts
 * @param {any} parts.opts the options with defaults
 * @param {{dir: string, userFolder: string, filesDir: string}} parts.layout
 * @param {import('./state').StackState} parts.state
 * @param {string} parts.seed
 * @param {Record<string, number>} parts.timings
 * @param {string} parts.version
 * @param {any} parts.server what rt.startN8n returned
 * @param {any} parts.client N8nClient, logged in, with an API key
 * @param {{packed: {file: string, sha: string}, installedDir: string}} parts.pkg
 * @param {any} parts.services what startEmulatorAndStandin returned
 * @param {any[]} parts.workflows
 * @param {string} parts.stockCsvPath
 * @param {any} parts.cli options for n8n-runtime's CLI helpers
 * @param {() => Promise<void>} parts.stop
 */
function stackHandle({
	opts,
	layout,
	state,
	seed,
	timings,
	version,
	server,
	client,
	pkg,
	services,
	workflows,
	stockCsvPath,
	cli,
	stop,
}) {
	const { info, emu, standin, emulatorAdmin, emulatorLog } = services;
	return {
		stateDir: layout.dir,
		seed,
		timings,
		n8n: {
			url: server.url,
			port: server.port,
			pid: server.pid,
			logFile: server.logFile,
			userFolder: layout.userFolder,
			webhookBase: opts.webhookBase,
			client,
			owner: opts.owner,
			version,
			stop: server.stop,
		},
		package: {
			tarball: pkg.packed.file,
			sha: pkg.packed.sha,
			nodeTypePrefix: NODE_TYPE_PREFIX,
			installedIn: pkg.installedDir,
		},
		emulator: {
			baseUrl: info.baseUrl,
			authBaseUrl: info.authBaseUrl,
			adminUrl: info.adminUrl,
			appKey: info.appKey,
			appSecret: info.appSecret,
			shops: info.shops,
			pid: emu.child.pid,
			logFile: emulatorLog,
			admin: emulatorAdmin,
			stop: emu.stop,
		},
		shopify: shopifyHandle(standin),
		credentialIds: { tikTokShop: CREDENTIAL_IDS.tikTokShop, ...(standin ? { shopify: CREDENTIAL_IDS.shopify } : {}) },
		credentialNames: {
			tikTokShop: CREDENTIAL_NAMES.tikTokShop,
			...(standin ? { shopify: CREDENTIAL_NAMES.shopify } : {}),
		},
		workflowIds: workflowIdsOf(workflows),
		workflows: workflows.map((w) => ({ id: w.id, name: w.name, published: (state.published || []).includes(w.id) })),
		files: { dir: layout.filesDir, stockCsv: stockCsvPath },
		/** Options for n8n-runtime's CLI helpers (same user folder, n8n version and file-access setting). */
		cli,
		/** `n8n execute --id` (runs next to the server; stored with mode "cli"). */
		executeWorkflowCli: (/** @type {string} */ id) => rt.executeWorkflowCli(id, cli),
		/** Like "Execute workflow" in the editor; read items with `stack.nodeOutput(execution, name)`. */
		runWorkflow: (/** @type {string} */ id, /** @type {{triggerName?: string, timeoutMs?: number}} */ options) =>
			runWorkflowManually(client, id, options),
		nodeOutput: (/** @type {any} */ execution, /** @type {string} */ nodeName, runIndex = 0) =>
			rt.nodeOutputOf(execution.data.resultData.runData, nodeName, runIndex),
		stop,
	};
}

module.exports = { stackHandle, runWorkflowManually };
