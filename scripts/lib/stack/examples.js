// @ts-check
'use strict';
/**
 * The example workflows (examples/*.json) as the stack runs them: loaded, pointed at the local Shopify stand-in, stock
 * file and credentials, and which of them to publish and which webhook subscriptions that should give.
 */
const fs = require('fs');
const path = require('path');
const { EXAMPLES_DIR, CREDENTIAL_IDS, CREDENTIAL_NAMES, WORKFLOW_IDS, TIKTOK_TRIGGER_TYPES } = require('./constants');

/**
 * examples/*.json (top level only), parsed.
 * @param {string} [dir]
 * @returns {Array<{file: string, workflow: any}>}
 */
function loadExamples(dir = EXAMPLES_DIR) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ file: path.join(dir, f), workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

/**
 * Sets `name` in the assignments of every Set node called "Config" (a Set node v3.3+ "Edit Fields").
 * @param {any} workflow changed in place
 * @param {string} name
 * @param {unknown} value
 * @returns {boolean} whether an assignment was found
 */
function setConfigValue(workflow, name, value) {
	let changed = false;
	for (const node of workflow.nodes) {
		if (node.name !== 'Config' || node.type !== 'n8n-nodes-base.set') continue;
		const list = node.parameters && node.parameters.assignments && node.parameters.assignments.assignments;
		for (const a of list || []) {
			if (a.name === name) {
				a.value = value;
				changed = true;
			}
		}
	}
	return changed;
}

/**
 * The committed example, made to run against the local stack. Only the Shopify store URL, the stock file's
 * path (both in the "Config" node) and the credentials are changed.
 * @param {any} workflow
 * @param {{shopifyUrl?: string|null, stockCsvPath?: string}} local
 */
function localizeExample(workflow, { shopifyUrl, stockCsvPath }) {
	const wf = JSON.parse(JSON.stringify(workflow));
	if (shopifyUrl) setConfigValue(wf, 'shopifyStoreUrl', shopifyUrl);
	if (stockCsvPath) setConfigValue(wf, 'stockCsvPath', stockCsvPath);
	for (const node of wf.nodes) {
		if (!node.credentials) continue;
		if (node.credentials.tikTokShopApi)
			node.credentials.tikTokShopApi = { id: CREDENTIAL_IDS.tikTokShop, name: CREDENTIAL_NAMES.tikTokShop };
		if (node.credentials.httpHeaderAuth)
			node.credentials.httpHeaderAuth = { id: CREDENTIAL_IDS.shopify, name: CREDENTIAL_NAMES.shopify };
	}
	return wf;
}

/** @param {any} workflow */
function isWebhookTriggerWorkflow(workflow) {
	return workflow.nodes.some((/** @type {any} */ n) => TIKTOK_TRIGGER_TYPES.has(n.type));
}

/**
 * Event names of the TikTok Shop Trigger nodes of a workflow (to wait for their registration).
 * @param {any} workflow
 * @returns {string[]}
 */
function triggerEvents(workflow) {
	return workflow.nodes
		.filter((/** @type {any} */ n) => TIKTOK_TRIGGER_TYPES.has(n.type))
		.flatMap((/** @type {any} */ n) => (n.parameters && n.parameters.events) || []);
}

/**
 * The workflows to publish: `true` those that start from a TikTok Shop Trigger (webhooks); a list: those ids;
 * `false`: none.
 * @param {any[]} workflows
 * @param {boolean|string[]} publishTriggers
 */
function workflowsToPublish(workflows, publishTriggers) {
	if (publishTriggers === true) return workflows.filter(isWebhookTriggerWorkflow);
	if (Array.isArray(publishTriggers)) return workflows.filter((w) => publishTriggers.includes(w.id));
	return [];
}

/**
 * The webhook subscriptions a published workflow's TikTok Shop Triggers make with TikTok (those registering
 * automatically, not through Partner Center): `{workflow, url, events}` each.
 * @param {any} workflow
 * @param {string} webhookBase n8n's public base URL, ending with '/'
 * @returns {Array<{workflow: string, url: string, events: string[]}>}
 */
function expectedRegistrations(workflow, webhookBase) {
	return workflow.nodes
		.filter(
			(/** @type {any} */ n) =>
				TIKTOK_TRIGGER_TYPES.has(n.type) && (n.parameters.registration || 'automatic') !== 'partnerCenter',
		)
		.map((/** @type {any} */ n) => ({
			workflow: workflow.name,
			url: `${webhookBase}webhook/${n.webhookId}/webhook`,
			events: n.parameters.events || [],
		}));
}

/**
 * `{routeOrders, matchReturns, stockSync}` for those of the example ids that were imported.
 * @param {any[]} workflows
 * @returns {Record<string, string>}
 */
function workflowIdsOf(workflows) {
	/** @type {Record<string, string>} */
	const ids = {};
	for (const [key, id] of Object.entries(WORKFLOW_IDS)) if (workflows.some((w) => w.id === id)) ids[key] = id;
	return ids;
}

module.exports = {
	loadExamples,
	setConfigValue,
	localizeExample,
	isWebhookTriggerWorkflow,
	triggerEvents,
	workflowsToPublish,
	expectedRegistrations,
	workflowIdsOf,
};
