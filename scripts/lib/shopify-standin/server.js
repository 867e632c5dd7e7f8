// @ts-check
'use strict';
/** The stand-in's HTTP server on 127.0.0.1, and the handle tests and the stack use (orders, requests, faults, stop). */
const http = require('http');
const { createOrderStore, publicOrder } = require('./orders');
const { createRoutes } = require('./routes');

const DEFAULT_TOKEN = 'shpat_standin_0000000000000000000000000000';

/**
 * @param {object} [options]
 * @param {number} [options.port] default 0 (free port); binds 127.0.0.1
 * @param {string} [options.token] the Admin API access token the store accepts
 * @param {string} [options.currency] the shop's currency (default USD)
 * @param {number} [options.firstOrderNumber] default 1001
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<{url: string, port: number, token: string, graphqlUrl: (version?: string) => string,
 *   orders: () => object[], reset: () => void, requests: () => object[], addFault: (fault: object) => number,
 *   stop: () => Promise<void>}>}
 */
async function startShopifyStandin({
	port = 0,
	token = DEFAULT_TOKEN,
	currency = 'USD',
	firstOrderNumber = 1001,
	log = () => {},
} = {}) {
	const store = createOrderStore({ currency, firstOrderNumber, log });
	/** @type {any[]} */
	const requests = [];
	const route = createRoutes({ store, token, requests });
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			let reply;
			try {
				reply = route({
					method: req.method || 'GET',
					url: req.url || '/',
					headers: req.headers,
					raw: Buffer.concat(chunks).toString('utf8'),
				});
			} catch (e) {
				log(`[shopify-standin] internal error: ${e.stack}`);
				reply = { status: 500, json: { errors: 'Internal Server Error' } };
			}
			res.writeHead(reply.status, {
				'content-type': 'application/json; charset=utf-8',
				'x-request-id': `standin-${requests.length}`,
				...(reply.headers || {}),
			});
			res.end(JSON.stringify(reply.json));
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(undefined));
	});
	const actualPort = /** @type {import('net').AddressInfo} */ (server.address()).port;
	const url = `http://127.0.0.1:${actualPort}`;
	let stopped = false;
	return {
		url,
		port: actualPort,
		token,
		graphqlUrl: (version = '2025-01') => `${url}/admin/api/${version}/graphql.json`,
		orders: () => store.orders.map(publicOrder),
		requests: () => requests.slice(),
		reset: () => {
			store.orders.length = 0;
			store.faults.length = 0;
		},
		addFault: (/** @type {any} */ fault) =>
			store.faults.push({ kind: fault.kind === 'http' ? 'http' : 'userError', count: 1, status: 500, ...fault }),
		stop: () =>
			new Promise((resolve) => {
				if (stopped) return resolve();
				stopped = true;
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

module.exports = { startShopifyStandin, DEFAULT_TOKEN };
