// @ts-check
'use strict';
/**
 * A small loopback stand-in for Shopify's GraphQL Admin API, just enough for examples/route-tiktok-orders-to-shopify
 * to run UNCHANGED against it and against a real store (only the store URL and the access token differ).
 *
 *   POST /admin/api/<YYYY-MM>/graphql.json   header X-Shopify-Access-Token, body {query, variables}
 *
 * Only the `orderCreate` mutation is served (https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/orderCreate).
 * Like Shopify it
 * - answers a missing or wrong token with HTTP 401 `{"errors":"[API] Invalid API key or access token (unrecognized
 *   login or wrong password)"}`;
 * - checks the variables against the input types (unknown fields, wrong scalar types, unknown enum values give a
 *   top-level `errors` entry and no order, as Shopify's GraphQL validation does);
 * - reports business problems in `data.orderCreate.userErrors` with `order: null`;
 * - returns only the fields the query selects (an unknown field is an "undefinedField" error), so a query that works
 *   here does not rely on fields Shopify would not send;
 * - numbers orders #1001, #1002 … and gives gid ids (`gid://shopify/Order/…`, `gid://shopify/LineItem/…`) plus the
 *   order's `legacyResourceId`.
 *
 * Test hooks (no token): GET /__standin/orders → {orders:[…]}, DELETE /__standin/orders, GET /__standin/requests,
 * POST /__standin/faults {kind: 'userError', count?, message?, field?, code?} (the next orderCreate calls answer with
 * that userError and no order) or {kind: 'http', status: 429|500|…, count?} (the next calls get that HTTP status),
 * DELETE /__standin/faults.
 * Plain CommonJS, Node 20, no dependencies. Orders live in memory only.
 *
 * This file is the entry point; the pieces are in shopify-standin/: lexer.js + parser.js (GraphQL documents),
 * schema.js (the types served), selection.js (validating and projecting selections), input.js (input values),
 * orders.js (the store), execute.js (one GraphQL request), routes.js (HTTP routes), server.js (the server).
 *
 * Usage: const s = await startShopifyStandin({ port: 0, token: 'shpat_…' }); s.url; s.orders(); await s.stop();
 * CLI:   node scripts/lib/shopify-standin.js [--port N] [--token T]   (prints one JSON line {url, token})
 */
const { startShopifyStandin, DEFAULT_TOKEN } = require('./shopify-standin/server');

module.exports = { startShopifyStandin, DEFAULT_TOKEN };

/**
 * `node scripts/lib/shopify-standin.js [--port N] [--token T]`: prints one JSON line {url, token, graphqlUrl}, stops
 * on SIGINT/SIGTERM.
 * @param {string[]} args
 */
function main(args) {
	const opt = (/** @type {string} */ name) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : undefined;
	};
	startShopifyStandin({
		port: Number(opt('--port') || 0),
		token: opt('--token') || DEFAULT_TOKEN,
		log: (l) => process.stderr.write(`${l}\n`),
	}).then((s) => {
		process.stdout.write(`${JSON.stringify({ url: s.url, token: s.token, graphqlUrl: s.graphqlUrl() })}\n`);
		const stop = () => s.stop().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}

if (require.main === module) main(process.argv.slice(2));
