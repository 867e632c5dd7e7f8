// @ts-check
'use strict';
/** Fixed names and ids of the local stack, so tests, the demo and a reused state folder agree. */
const path = require('path');
const { NODE_TYPE_PREFIX } = require('../package-install');

const REPO = path.resolve(__dirname, '..', '..', '..');
const EXAMPLES_DIR = path.join(REPO, 'examples');
/** Layout version of `<stateDir>/stack.json`: another one starts over. */
const STATE_VERSION = 1;

const CREDENTIAL_IDS = { tikTokShop: 'ttsEmulatorCred1', shopify: 'shopifyStandin01' };
const CREDENTIAL_NAMES = { tikTokShop: 'TikTok Shop (emulator)', shopify: 'Shopify Admin API (stand-in)' };
/** The example workflows' ids (the `id` inside each examples/*.json). */
const WORKFLOW_IDS = {
	routeOrders: 'ttsRouteShopify1',
	matchReturns: 'ttsReturnsToOms1',
	stockSync: 'ttsStockSync0001',
};

const DEFAULT_SEED = 'n8n-nodes-tiktok-shop-demo';
const DEFAULT_OWNER = { email: 'demo@example.com', password: 'Demo-Passw0rd', firstName: 'Demo', lastName: 'Seller' };
const SHOPIFY_TOKEN = 'shpat_standin_demo_0123456789abcdef';
const DEFAULT_WEBHOOK_BASE = 'https://n8n.example.test/';
/** Node types of the package's webhook trigger (as installed from the tarball). */
const TIKTOK_TRIGGER_TYPES = new Set([`${NODE_TYPE_PREFIX}tikTokShopTrigger`]);

module.exports = {
	REPO,
	EXAMPLES_DIR,
	STATE_VERSION,
	CREDENTIAL_IDS,
	CREDENTIAL_NAMES,
	WORKFLOW_IDS,
	DEFAULT_SEED,
	DEFAULT_OWNER,
	SHOPIFY_TOKEN,
	DEFAULT_WEBHOOK_BASE,
	TIKTOK_TRIGGER_TYPES,
	NODE_TYPE_PREFIX,
};
