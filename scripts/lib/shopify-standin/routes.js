// @ts-check
'use strict';
/**
 * The stand-in's HTTP routes, apart from sockets: the test hooks under /__standin/, and
 * POST /admin/api/<YYYY-MM>/graphql.json with Shopify's answers to a wrong path, a queued HTTP fault, a wrong token,
 * another method and a body that is not JSON. Each GraphQL call is recorded in `requests` (the last 1000).
 */
const { execute } = require('./execute');
const { publicOrder } = require('./orders');

const UNAUTHORIZED = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };
const GRAPHQL_PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;
const HTTP_FAULT_BODIES = /** @type {Record<number, object>} */ ({
	429: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' },
});

/**
 * @typedef {{method: string, url: string, headers: Record<string, string|string[]|undefined>, raw: string}} RouteRequest
 * @typedef {{status: number, json: any, headers?: Record<string, string>}} RouteReply
 */

/**
 * A fault as POST /__standin/faults describes it: `{kind: 'userError', count?, message?, field?, code?}` or
 * `{kind: 'http', status, count?}`.
 * @param {any} f
 * @returns {import('./orders').Fault}
 */
function faultFromRequest(f) {
	return {
		kind: f.kind === 'http' ? 'http' : 'userError',
		count: Number(f.count) || 1,
		status: Number(f.status) || 500,
		message: f.message,
		field: f.field,
		code: f.code,
	};
}

/**
 * The body of a GraphQL call: JSON, or the query itself with `content-type: application/graphql`; null if not JSON.
 * @param {RouteRequest} req
 * @returns {{body: any}|null}
 */
function graphqlBody(req) {
	const type = String(req.headers['content-type'] || '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (type === 'application/graphql') return { body: { query: req.raw } };
	try {
		return { body: JSON.parse(req.raw) };
	} catch {
		return null;
	}
}

/**
 * @param {object} context
 * @param {ReturnType<typeof import('./orders').createOrderStore>} context.store
 * @param {string} context.token the access token the store accepts
 * @param {any[]} context.requests where GraphQL calls are recorded
 */
function createRoutes({ store, token, requests }) {
	/**
	 * The test hooks; null for another path.
	 * @param {RouteRequest} req
	 * @param {string} pathname
	 * @returns {RouteReply|null}
	 */
	const testHook = (req, pathname) => {
		if (pathname === '/__standin/orders') {
			if (req.method !== 'DELETE') return { status: 200, json: { orders: store.orders.map(publicOrder) } };
			store.orders.length = 0;
			return { status: 200, json: { ok: true } };
		}
		if (pathname === '/__standin/requests') return { status: 200, json: { requests } };
		if (pathname === '/__standin/faults') {
			if (req.method === 'DELETE') store.faults.length = 0;
			else if (req.method === 'POST') store.faults.push(faultFromRequest(JSON.parse(req.raw || '{}')));
			return { status: 200, json: { faults: store.faults } };
		}
		if (pathname === '/__standin/health') return { status: 200, json: { ok: true } };
		return null;
	};

	/**
	 * A call of the Admin API (recorded, with the status it got).
	 * @param {RouteRequest} req
	 * @param {string} pathname
	 * @returns {RouteReply}
	 */
	const adminApi = (req, pathname) => {
		/** @type {{at: string, method: string, path: string, status: number, operation?: string}} */
		const record = { at: new Date().toISOString(), method: req.method, path: pathname, status: 0 };
		requests.push(record);
		if (requests.length > 1000) requests.shift();
		/** @param {RouteReply} reply */
		const done = (reply) => {
			record.status = reply.status;
			return reply;
		};
		if (!GRAPHQL_PATH.test(pathname)) return done({ status: 404, json: { errors: 'Not Found' } });
		const fault = store.takeFault('http');
		if (fault)
			return done({
				status: fault.status,
				json: HTTP_FAULT_BODIES[fault.status] || { errors: 'Internal Server Error' },
				headers: fault.status === 429 ? { 'retry-after': '1.0' } : {},
			});
		if (req.headers['x-shopify-access-token'] !== token) return done({ status: 401, json: UNAUTHORIZED });
		if (req.method !== 'POST') return done({ status: 405, json: { errors: 'Method Not Allowed' } });
		const parsed = graphqlBody(req);
		if (!parsed) return done({ status: 400, json: { errors: { query: 'Required parameter missing or invalid' } } });
		const { body } = parsed;
		record.operation = (/\b(query|mutation)\b\s*(\w*)/.exec(body.query || '') || []).slice(1).join(' ');
		return done(execute(body, store.createOrder));
	};

	/**
	 * @param {RouteRequest} req
	 * @returns {RouteReply}
	 */
	return (req) => {
		const { pathname } = new URL(req.url, 'http://127.0.0.1');
		return testHook(req, pathname) || adminApi(req, pathname);
	};
}

module.exports = { createRoutes, faultFromRequest, UNAUTHORIZED };
