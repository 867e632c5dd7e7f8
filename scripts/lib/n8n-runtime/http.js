// @ts-check
'use strict';
/** Plain-`http` JSON requests to n8n and the emulator, and waiting for an n8n webhook to be registered. */
const http = require('http');
const { sleep } = require('../common/processes');

// A new connection per request. With Node's default keep-alive agent, a request could be written on a socket the
// server was just closing as idle (its keep-alive timeout), and fail with "socket hang up" (seen now and then in
// the e2e suites, on the first request after a pause).
const noKeepAlive = new http.Agent({ keepAlive: false });

/**
 * @typedef {object} HttpReply
 * @property {number} status
 * @property {http.IncomingHttpHeaders} headers
 * @property {any} body parsed JSON, else the text
 * @property {string} text
 */

/**
 * Plain-`http` request; JSON in and out. Resolves `{status, headers, body, text}` for every status.
 * @param {string} method
 * @param {string} url
 * @param {{body?: any, headers?: Record<string, string>, timeoutMs?: number}} [options]
 * @returns {Promise<HttpReply>}
 */
function request(method, url, { body, headers = {}, timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const payload =
			body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
		const req = http.request(
			{
				method,
				hostname: u.hostname,
				port: u.port,
				path: u.pathname + u.search,
				agent: noKeepAlive,
				headers: {
					accept: 'application/json',
					...(payload !== undefined
						? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
						: {}),
					...headers,
				},
				timeout: timeoutMs,
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						// not JSON
					}
					resolve({ status: res.statusCode || 0, headers: res.headers, body: parsed, text });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timeout after ${timeoutMs} ms`)));
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

/**
 * The status of a GET, 0 when nothing answers (readiness polling).
 * @param {string} url
 * @param {number} [timeoutMs]
 * @returns {Promise<number>}
 */
function httpGetStatus(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs, agent: noKeepAlive }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode || 0));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', () => resolve(0));
	});
}

/**
 * The body of a 2xx reply; else throws an Error with `status` and `body`.
 * @param {HttpReply} res
 * @param {string} what names the call in the error
 */
function expectOk(res, what) {
	if (res.status >= 200 && res.status < 300) return res.body;
	const err = /** @type {Error & {status?: number, body?: any}} */ (
		new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 2000)}`)
	);
	err.status = res.status;
	err.body = res.body;
	throw err;
}

/**
 * Waits until n8n has registered a production (or test) webhook, without running the workflow: it polls
 * `OPTIONS <url>` WITH an `Origin` header, which n8n answers 404 while the path is unknown and 204 once a
 * webhook is registered on it (an OPTIONS without `Origin` always gets 204, and any other method would run
 * the workflow).
 * With `call: {method, body, headers}` it then makes that real request, retrying only while it gets 404
 * (a 404 never ran the workflow), and returns its response.
 * @param {string} url e.g. `${server.url}/webhook/my-path`
 * @param {object} [opts]
 * @param {number} [opts.timeoutMs] default 20000
 * @param {number} [opts.intervalMs] default 200
 * @param {{method?: string, body?: any, headers?: Record<string, string>}} [opts.call]
 * @returns {Promise<HttpReply>} the OPTIONS (or call) response
 */
async function waitForWebhook(url, { timeoutMs = 20000, intervalMs = 200, call } = {}) {
	const deadline = Date.now() + timeoutMs;
	const origin = new URL(url).origin;
	/** @returns {Promise<HttpReply & {error?: Error}>} */
	const attempt = async (
		/** @type {string} */ method,
		/** @type {any} */ body,
		/** @type {Record<string, string>} */ headers,
	) => {
		try {
			return await request(method, url, { body, headers, timeoutMs: 30000 });
		} catch (error) {
			return { status: 0, headers: {}, body: undefined, text: '', error: /** @type {Error} */ (error) };
		}
	};
	let res;
	for (;;) {
		res = await attempt('OPTIONS', undefined, {
			origin,
			'access-control-request-method': (call && call.method) || 'POST',
		});
		if (res.status && res.status !== 404) break;
		if (Date.now() > deadline)
			throw new Error(`webhook ${url} not registered after ${timeoutMs} ms (last status ${res.status})`);
		await sleep(intervalMs);
	}
	if (!call) return res;
	for (;;) {
		res = await attempt(call.method || 'POST', call.body, call.headers || {});
		if (res.status && res.status !== 404) return res;
		if (Date.now() > deadline)
			throw new Error(`webhook ${url} still answers ${res.status} after ${timeoutMs} ms: ${res.text || res.error}`);
		await sleep(intervalMs);
	}
}

module.exports = { request, httpGetStatus, expectOk, waitForWebhook };
