// @ts-check
'use strict';
/**
 * The whole local stack in one call, for the demo (`npm run demo`) and the end-to-end tests:
 *   the TikTok Shop emulator (CLI child process) + a Shopify Admin API stand-in + a real n8n (2.41.0, or 1.123.81
 *   with `n8nVersion: '1'` / E2E_N8N_VERSION=1) with this package installed the way a self-hosted user installs it
 *   (`npm pack` of the repository, `npm install <tarball>` in `<user folder>/.n8n/nodes`; run `npm run build` first),
 *   so its node types are `n8n-nodes-tiktok-shop.tikTokShop` etc.; the credentials and the example workflows
 *   imported, the webhook-trigger workflows published, the owner set up and an API key made.
 *
 *   const { startStack } = require('./scripts/lib/stack');
 *   const stack = await startStack({ stateDir: '.demo' });
 *   stack.n8n.url; stack.n8n.client;                       // N8nClient, logged in, with an API key
 *   await stack.emulator.admin('POST', '/orders', { status: 'AWAITING_SHIPMENT', create_time: ... });
 *   const res = await stack.executeWorkflowCli(stack.workflowIds.routeOrders);     // n8n execute --id
 *   const exec = await stack.runWorkflow(stack.workflowIds.routeOrders);            // like "Execute workflow"
 *   stack.shopify.orders();
 *   await stack.stop();
 *
 * Returns {
 *   n8n: {url, port, pid, logFile, userFolder, webhookBase, client, owner, version, stop},
 *   package: {tarball, sha, nodeTypePrefix, installedIn},
 *   emulator: {baseUrl, authBaseUrl, adminUrl, appKey, appSecret, shops, pid, logFile, admin(method, path, body), stop},
 *   shopify: {url, token, graphqlUrl(version), orders(), requests(), reset(), addFault(fault), stop} | null,
 *   credentialIds: {tikTokShop, shopify}, credentialNames, workflowIds: {routeOrders, matchReturns, stockSync},
 *   workflows: [{id, name, published}], files: {dir, stockCsv}, cli (options for n8n-runtime's CLI helpers),
 *   executeWorkflowCli(id), runWorkflow(id, {triggerName}), nodeOutput(execution, nodeName), seed, timings, stateDir,
 *   stop() }
 * stop() stops n8n, the emulator and the stand-in (also on process exit, and on SIGINT/SIGTERM/SIGHUP unless
 * `handleSignals: false`).
 *
 * At every start the emulator is a fresh "TikTok" (same seed, so the same shops, products, orders and IDs; new
 * tokens, no subscriptions, no external references): the TikTok credential is imported again with the new refresh
 * token, and the published trigger workflows are published again (with their seen-event memory cleared) so they
 * subscribe to the new emulator. Workflows are imported again only when examples/*.json changed.
 *
 * Plain CommonJS for Node 20; see "The demo" in README.md for what is started and why.
 *
 * This file is the entry point (the demo, the e2e suites, the benchmarks and queue-stack.js require it); the pieces
 * are in stack/: options.js (defaults), state.js (the state folder and stack.json), emulator.js (the emulator
 * process), services.js (emulator + Shopify stand-in, n8n server), imports.js (package, example workflows),
 * credentials.js, examples.js, publish.js (trigger workflows and their webhook subscriptions), handle.js (what
 * startStack returns), start.js (the steps in order), constants.js (fixed ids and names).
 */
const { startStack } = require('./stack/start');
const { localizeExample, loadExamples } = require('./stack/examples');
const C = require('./stack/constants');

module.exports = {
	startStack,
	localizeExample,
	loadExamples,
	CREDENTIAL_IDS: C.CREDENTIAL_IDS,
	CREDENTIAL_NAMES: C.CREDENTIAL_NAMES,
	WORKFLOW_IDS: C.WORKFLOW_IDS,
	DEFAULT_OWNER: C.DEFAULT_OWNER,
	DEFAULT_SEED: C.DEFAULT_SEED,
	SHOPIFY_TOKEN: C.SHOPIFY_TOKEN,
	EXAMPLES_DIR: C.EXAMPLES_DIR,
	NODE_TYPE_PREFIX: C.NODE_TYPE_PREFIX,
};
