/** Gateway rules: signing (official vector V1), timestamp window, tokens, shop_cipher, path/method, content-type, rate limit, faults. */
import http from 'http';
import { computeSign, startEmulator, RunningEmulator } from '../../emulator';
import { agent, adminCall, rawRequest, testSign, TestClient, takeWarnings } from './tts-test-client';

const SHOPS = '/authorization/202309/shops';
const ORDERS = '/order/202309/orders/search';

let emu: RunningEmulator;
let c: TestClient;
let us: string;

beforeAll(async () => {
	emu = await startEmulator({ orders: 300, seed: 'gateway' });
	us = emu.shops[0].cipher;
	c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, us);
});
afterAll(async () => {
	await emu.close();
	agent.destroy();
});
beforeEach(() => emu.control.resetRateLimits());

describe('official signing vector V1', () => {
	const V1 = 'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8';
	const params = { app_key: '29a39d', timestamp: '1623812664' };
	test('emulator signer reproduces V1', () => {
		expect(computeSign('e59af819cc', '/authorization/202309/shops', params)).toBe(V1);
	});
	test('test signer reproduces V1 (independent implementation)', () => {
		expect(testSign('e59af819cc', '/authorization/202309/shops', params)).toBe(V1);
	});
	test('sign and access_token are excluded from the signature', () => {
		expect(computeSign('e59af819cc', '/authorization/202309/shops', { ...params, sign: 'x', access_token: 'y' })).toBe(
			V1,
		);
	});
});

describe('accepted requests', () => {
	test('GET /authorization/202309/shops signed by the test signer', async () => {
		const r = await c.get(SHOPS, { shopCipher: null });
		expect(r.status).toBe(200);
		expect(r.json.code).toBe(0);
		expect(r.json.message).toBe('Success');
		expect(typeof r.json.request_id).toBe('string');
		const shops = r.json.data.shops;
		expect(shops).toHaveLength(2);
		expect(shops[0]).toMatchObject({ region: 'US', seller_type: 'LOCAL' });
		expect(shops[1]).toMatchObject({ region: 'GB', seller_type: 'CROSS_BORDER' });
		expect(shops[0].cipher.startsWith('ROW_')).toBe(true);
		expect(shops[1].cipher.startsWith('GCP_')).toBe(true);
		for (const s of shops) {
			expect(typeof s.id).toBe('string');
			expect(BigInt(s.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
			expect(s.code).toMatch(/^[A-Z0-9]+$/);
		}
	});

	test('fresh request_id on every response', async () => {
		const a = await c.get(SHOPS, { shopCipher: null });
		const b = await c.get(SHOPS, { shopCipher: null });
		expect(a.json.request_id).not.toBe(b.json.request_id);
	});

	test('POST with a body signed over the exact bytes sent', async () => {
		const body = '{"order_status":"COMPLETED"}';
		const r = await c.post(ORDERS, body, { query: { page_size: 5 } });
		expect(r.json.code).toBe(0);
		expect(r.json.data.orders.length).toBe(5);
	});

	test('page_token containing + / = is signed decoded and sent URL-encoded', async () => {
		let token = '';
		let r = await c.post(ORDERS, {}, { query: { page_size: 1 } });
		// tokens always end in '=', most contain + or / too; find one with + or /
		for (let i = 0; i < 30 && !/[+/]/.test(token); i++) {
			token = r.json.data.next_page_token;
			if (!/[+/]/.test(token)) r = await c.post(ORDERS, {}, { query: { page_size: 1, page_token: token } });
		}
		expect(token).toMatch(/[+/]/);
		expect(token).toMatch(/=$/);
		const p = c.prepare('POST', ORDERS, { query: { page_size: 1, page_token: token }, body: {} });
		expect(p.url).toMatch(/page_token=[^&]*%(2B|2F)/);
		const ok = await rawRequest('POST', p.url, p.headers, p.body);
		expect(ok.json.code).toBe(0);
		// the same token sent raw (unencoded '+' turns into a space on the server) → signature mismatch
		const rawUrl = p.url.replace(/page_token=[^&]*/, `page_token=${token}`);
		const bad = await rawRequest('POST', rawUrl, p.headers, p.body);
		if (token.includes('+')) {
			expect(bad.status).toBe(401);
			expect(bad.json.code).toBe(106001);
		}
	});

	test('empty-valued query parameters are signed like any other', async () => {
		const r = await c.post(ORDERS, {}, { query: { page_size: 2, page_token: '' } });
		expect(r.json.code).toBe(0);
	});
});

describe('signature failures', () => {
	test('bad sign → HTTP 401 / 106001', async () => {
		const r = await c.get(SHOPS, { shopCipher: null, sign: 'a'.repeat(64) });
		expect(r.status).toBe(401);
		expect(r.json.code).toBe(106001);
		expect(r.json.data).toBeNull();
	});

	test('uppercase hex sign is rejected', async () => {
		const p = c.prepare('GET', SHOPS, { shopCipher: null });
		const r = await rawRequest(
			'GET',
			p.url.replace(/sign=([0-9a-f]+)/, (_m, s: string) => `sign=${s.toUpperCase()}`),
			p.headers,
		);
		expect(r.json.code).toBe(106001);
	});

	test('sign over a re-serialized body differing from the bytes sent → 106001', async () => {
		const sent = '{ "order_status": "COMPLETED" }';
		const reserialized = JSON.stringify(JSON.parse(sent));
		const r = await c.post(ORDERS, sent, { query: { page_size: 5 }, signBody: reserialized });
		expect(r.status).toBe(401);
		expect(r.json.code).toBe(106001);
		const ok = await c.post(ORDERS, sent, { query: { page_size: 5 } });
		expect(ok.json.code).toBe(0);
	});

	test('signing with the path missing or the access token included → 106001', async () => {
		const params = { app_key: emu.appKey, timestamp: String(Math.floor(Date.now() / 1000)) };
		const withoutPath = testSign(emu.appSecret, '', params);
		const r1 = await c.get(SHOPS, { shopCipher: null, sign: withoutPath });
		expect(r1.json.code).toBe(106001);
		const withToken = crypto_sign_with_token(params);
		const r2 = await c.get(SHOPS, { shopCipher: null, sign: withToken });
		expect(r2.json.code).toBe(106001);
	});

	function crypto_sign_with_token(params: Record<string, string>) {
		return testSign(emu.appSecret, SHOPS, { ...params, x_tts_access_token: emu.accessToken });
	}

	test('missing sign → 36009004', async () => {
		const r = await c.get(SHOPS, { shopCipher: null, sign: null });
		expect(r.status).toBe(401);
		expect(r.json.code).toBe(36009004);
		expect(r.json.message).toMatch(/sign/);
	});
});

describe('app_key and timestamp', () => {
	test('missing / unknown app_key → 401 / 36009004', async () => {
		const p = c.prepare('GET', SHOPS, { shopCipher: null });
		const r1 = await rawRequest('GET', p.url.replace(/app_key=[^&]*&?/, ''), p.headers);
		expect(r1.status).toBe(401);
		expect(r1.json.code).toBe(36009004);
		expect(r1.json.message).toMatch(/app_key/);
		const other = new TestClient(emu.baseUrl, 'nosuchkey', emu.appSecret, emu.accessToken);
		const r2 = await other.get(SHOPS);
		expect(r2.status).toBe(401);
		expect(r2.json.message).toMatch(/app_key/);
	});

	test('timestamp older than 5 minutes → 36009004 mentioning timestamp', async () => {
		const r = await c.get(SHOPS, { shopCipher: null, timestamp: Math.floor(Date.now() / 1000) - 301 });
		expect(r.json.code).toBe(36009004);
		expect(r.json.message).toMatch(/timestamp/);
		const ok = await c.get(SHOPS, { shopCipher: null, timestamp: Math.floor(Date.now() / 1000) - 290 });
		expect(ok.json.code).toBe(0);
	});

	test('timestamp more than 30 s ahead → 36009004; 25 s ahead accepted', async () => {
		const r = await c.get(SHOPS, { shopCipher: null, timestamp: Math.floor(Date.now() / 1000) + 40 });
		expect(r.json.code).toBe(36009004);
		expect(r.json.message).toMatch(/timestamp/);
		const ok = await c.get(SHOPS, { shopCipher: null, timestamp: Math.floor(Date.now() / 1000) + 25 });
		expect(ok.json.code).toBe(0);
	});

	test('missing or non-numeric timestamp → 36009004', async () => {
		expect((await c.get(SHOPS, { shopCipher: null, timestamp: null })).json.message).toMatch(/timestamp/);
		expect((await c.get(SHOPS, { shopCipher: null, timestamp: 'yesterday' })).json.code).toBe(36009004);
	});

	test('the request-timestamp window uses the real clock, not the emulator clock', async () => {
		emu.control.advanceClock(3600);
		try {
			const r = await c.get(SHOPS, { shopCipher: null });
			expect(r.json.code).toBe(0);
		} finally {
			emu.control.advanceClock(-3600);
		}
	});
});

describe('access token', () => {
	test('missing x-tts-access-token → 401 / 105001', async () => {
		const r = await c.get(SHOPS, { shopCipher: null, token: null });
		expect(r.status).toBe(401);
		expect(r.json.code).toBe(105001);
	});

	test('unknown token → 401 / 105001', async () => {
		const r = await c.get(SHOPS, { shopCipher: null, token: 'ROW_not-a-token' });
		expect(r.status).toBe(401);
		expect(r.json.code).toBe(105001);
	});

	test('access_token in the query (legacy) → 36009004', async () => {
		const r = await c.get(SHOPS, { shopCipher: null, query: { access_token: emu.accessToken } });
		expect(r.json.code).toBe(36009004);
		expect(r.json.message).toMatch(/access_token/);
	});

	test('expired token (clock moved 7 days + 1 s) → 401 / 105002', async () => {
		emu.control.advanceClock(7 * 86400 + 1);
		try {
			const r = await c.get(SHOPS, { shopCipher: null });
			expect(r.status).toBe(401);
			expect(r.json.code).toBe(105002);
			expect(r.json.message).toMatch(/access token is expired, please refresh it/);
		} finally {
			emu.control.advanceClock(-(7 * 86400 + 1));
		}
		expect((await c.get(SHOPS, { shopCipher: null })).json.code).toBe(0);
	});
});

describe('routing, shop_cipher, content-type, body', () => {
	test('unknown path → 404 / 36009009 (envelope)', async () => {
		const r = await c.get('/order/202309/nothing_here');
		expect(r.status).toBe(404);
		expect(r.json).toMatchObject({ code: 36009009, data: null });
		expect(typeof r.json.request_id).toBe('string');
	});

	test('legacy /api/ path → 404 / 36009009; unknown version → 36009014', async () => {
		expect((await c.post('/api/orders/search', {})).json.code).toBe(36009009);
		const r = await c.post('/order/202212/orders/search', {}, { query: { page_size: 1 } });
		expect(r.status).toBe(404);
		expect(r.json.code).toBe(36009014);
	});

	test('known path, wrong method → 405 / 36009010', async () => {
		const r = await c.get(ORDERS, { query: { page_size: 1 } });
		expect(r.status).toBe(405);
		expect(r.json.code).toBe(36009010);
		expect((await c.call('POST', SHOPS, { shopCipher: null, body: {} })).status).toBe(405);
	});

	test('shop_cipher missing on a shop endpoint → 400 / 106013', async () => {
		const r = await c.post(ORDERS, {}, { shopCipher: null, query: { page_size: 1 } });
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(106013);
	});

	test('unknown shop_cipher → 400 / 36009004', async () => {
		const r = await c.post(ORDERS, {}, { shopCipher: 'ROW_doesnotexist', query: { page_size: 1 } });
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(36009004);
		expect(r.json.message).toMatch(/shop_cipher/);
	});

	test('shop_cipher on /authorization/* → 400 / 36009004 "Unexpected identifier shop_cipher"', async () => {
		const r = await c.get(SHOPS, { shopCipher: us });
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(36009004);
		expect(r.json.message).toMatch(/Unexpected identifier shop_cipher/);
	});

	test('legacy shop_id / version query parameters → 36009004', async () => {
		expect((await c.post(ORDERS, {}, { query: { page_size: 1, shop_id: emu.shops[0].id } })).json.code).toBe(36009004);
		expect((await c.post(ORDERS, {}, { query: { page_size: 1, version: '202309' } })).json.message).toMatch(/version/);
	});

	test('content-type missing or not application/json → 400 / 36009022 (GET included)', async () => {
		const r1 = await c.get(SHOPS, { shopCipher: null, contentType: null });
		expect(r1.status).toBe(400);
		expect(r1.json.code).toBe(36009022);
		const r2 = await c.post(ORDERS, '{}', { query: { page_size: 1 }, contentType: 'text/plain' });
		expect(r2.json.code).toBe(36009022);
		const r3 = await c.post(ORDERS, '{}', { query: { page_size: 1 }, contentType: 'application/json; charset=utf-8' });
		expect(r3.json.code).toBe(0);
	});

	test('invalid JSON body → 400 / 36009004', async () => {
		const r = await c.post(ORDERS, '{"order_status":', { query: { page_size: 1 } });
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(36009004);
	});

	test('parameter validation → 400 / 36009004 naming the field', async () => {
		const r1 = await c.post(ORDERS, {}, { query: { page_size: 101 } });
		expect(r1.status).toBe(400);
		expect(r1.json.message).toMatch(/page_size/);
		const r2 = await c.post(ORDERS, {}, {});
		expect(r2.json.message).toMatch(/page_size/);
		const r3 = await c.post(ORDERS, { order_status: 'SHIPPED' }, { query: { page_size: 1 } });
		expect(r3.json.code).toBe(36009004);
		expect(r3.json.message).toMatch(/order_status/);
		const r4 = await c.post(ORDERS, {}, { query: { page_size: 1, sort_order: 'UP' } });
		expect(r4.json.message).toMatch(/sort_order/);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('query.page_size must be in [1, 100], got 101'));
		expect(w).toContainEqual(expect.stringContaining('body.order_status must be one of'));
		expect(w).toContainEqual(expect.stringContaining('query.sort_order must be one of'));
	});
});

describe('rate limit', () => {
	test('60 parallel calls to one endpoint → exactly 10 × HTTP 429 / 36009002', async () => {
		const calls = Array.from({ length: 60 }, () => c.get('/logistics/202309/warehouses'));
		const res = await Promise.all(calls);
		const limited = res.filter((r) => r.status === 429);
		expect(limited).toHaveLength(10);
		for (const r of limited) expect(r.json.code).toBe(36009002);
		expect(res.filter((r) => r.status === 200 && r.json.code === 0)).toHaveLength(50);
	});

	test('limits are per endpoint and per shop', async () => {
		const a = await Promise.all(Array.from({ length: 50 }, () => c.get('/logistics/202309/warehouses')));
		expect(a.every((r) => r.status === 200)).toBe(true);
		// other shop, same endpoint: own budget
		const b = await c.get('/logistics/202309/warehouses', { shopCipher: emu.shops[1].cipher });
		expect(b.status).toBe(200);
		// same shop, other endpoint: own budget
		const d = await c.get('/event/202309/webhooks');
		expect(d.status).toBe(200);
		const e = await c.get('/logistics/202309/warehouses');
		expect(e.status).toBe(429);
	});

	test('window rolls: after 1 s the budget is back', async () => {
		await Promise.all(Array.from({ length: 50 }, () => c.get('/logistics/202309/warehouses')));
		expect((await c.get('/logistics/202309/warehouses')).status).toBe(429);
		await new Promise((r) => setTimeout(r, 1050));
		expect((await c.get('/logistics/202309/warehouses')).status).toBe(200);
	});
});

describe('faults', () => {
	test('injected 429 / 503 / 500 for the next N calls, then normal', async () => {
		await adminCall(emu.adminUrl, 'POST', '/faults', { kind: '429', count: 2, path_prefix: '/logistics/' });
		const r1 = await c.get('/logistics/202309/warehouses');
		const r2 = await c.get('/logistics/202309/warehouses');
		const r3 = await c.get('/logistics/202309/warehouses');
		expect([r1.status, r2.status, r3.status]).toEqual([429, 429, 200]);
		expect(r1.json.code).toBe(36009002);
		emu.control.injectFault({ kind: '503', count: 1 });
		const s = await c.get(SHOPS, { shopCipher: null });
		expect(s.status).toBe(503);
		expect(s.json).toHaveProperty('request_id');
		emu.control.injectFault({ kind: '500', count: 1 });
		const t = await c.get(SHOPS, { shopCipher: null });
		expect(t.status).toBe(500);
		expect(t.json.code).toBe(36009003);
	});

	test('connection reset fault destroys the socket', async () => {
		emu.control.injectFault({ kind: 'reset', count: 1 });
		const p = c.prepare('GET', SHOPS, { shopCipher: null });
		const err = await new Promise<Error | null>((resolve) => {
			const req = http.request(p.url, { method: 'GET', headers: p.headers, agent: false }, (res) => {
				res.resume();
				res.on('end', () => resolve(null));
			});
			req.on('error', (e) => resolve(e));
			req.end();
		});
		expect(err).not.toBeNull();
		expect((await c.get(SHOPS, { shopCipher: null })).status).toBe(200);
	});

	test('latency fault and base latency', async () => {
		emu.control.injectFault({ kind: 'latency', count: 1, latency_ms: 300 });
		let t = Date.now();
		await c.get(SHOPS, { shopCipher: null });
		expect(Date.now() - t).toBeGreaterThanOrEqual(280);
		emu.control.setLatency(150);
		t = Date.now();
		await c.get(SHOPS, { shopCipher: null });
		expect(Date.now() - t).toBeGreaterThanOrEqual(140);
		emu.control.setLatency(0);
	});

	test('failRate answers a fraction of calls with 429/503/reset', async () => {
		emu.control.setFailRate(1);
		const r = await c.get(SHOPS, { shopCipher: null }).catch((e: Error) => e);
		emu.control.setFailRate(0);
		if (r instanceof Error) expect(r.message).toMatch(/socket|ECONNRESET|hang up/i);
		else expect([429, 503]).toContain(r.status);
	});
});

describe('request log', () => {
	test('records method/path/query/body/status/code, never the app secret', async () => {
		emu.control.clearRequests();
		await c.post(ORDERS, { order_status: 'UNPAID' }, { query: { page_size: 3 } });
		const r = await adminCall(emu.adminUrl, 'GET', '/requests?path_prefix=/order/');
		const recs = r.json.requests;
		expect(recs).toHaveLength(1);
		expect(recs[0]).toMatchObject({
			method: 'POST',
			path: ORDERS,
			status: 200,
			code: 0,
			body: { order_status: 'UNPAID' },
			shop_id: emu.shops[0].id,
		});
		expect(recs[0].query.page_size).toBe('3');
		expect(JSON.stringify(r.json)).not.toContain(emu.appSecret);
		await adminCall(emu.adminUrl, 'DELETE', '/requests');
		expect((await adminCall(emu.adminUrl, 'GET', '/requests')).json.requests).toHaveLength(0);
	});
});
