/** Auth host: token get (auth code single use, 30 min expiry, grant_type), refresh rotation + grace, rt expiry. */
import { startEmulator, RunningEmulator } from '../../emulator';
import { agent, adminCall, authGet, TestClient } from './tts-test-client';

let emu: RunningEmulator;

beforeAll(async () => {
	emu = await startEmulator({ orders: 50, seed: 'auth' });
});
afterAll(async () => {
	await emu.close();
	agent.destroy();
});

const get = (code: string, over: Record<string, string> = {}) =>
	authGet(emu.authBaseUrl, '/api/v2/token/get', {
		app_key: emu.appKey,
		app_secret: emu.appSecret,
		auth_code: code,
		grant_type: 'authorized_code',
		...over,
	});
const refresh = (rt: string, over: Record<string, string> = {}) =>
	authGet(emu.authBaseUrl, '/api/v2/token/refresh', {
		app_key: emu.appKey,
		app_secret: emu.appSecret,
		refresh_token: rt,
		grant_type: 'refresh_token',
		...over,
	});

test('listeners are separate ports on 127.0.0.1', () => {
	expect(emu.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(emu.authBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
	expect(emu.baseUrl).not.toBe(emu.authBaseUrl);
	expect(emu.adminUrl).toBe(`${emu.baseUrl}/__emulator`);
});

test('auth code → tokens with absolute expiry timestamps; the code is single-use', async () => {
	const now = emu.state.now();
	const r = await get(emu.authCode);
	expect(r.status).toBe(200);
	expect(r.json.code).toBe(0);
	const d = r.json.data;
	expect(typeof d.access_token).toBe('string');
	expect(typeof d.refresh_token).toBe('string');
	expect(d.access_token_expire_in).toBeGreaterThanOrEqual(now + 7 * 86400 - 2);
	expect(d.access_token_expire_in).toBeLessThanOrEqual(now + 7 * 86400 + 2);
	expect(d.refresh_token_expire_in).toBeGreaterThan(d.access_token_expire_in);
	expect(d).toMatchObject({ user_type: 0, seller_base_region: 'US' });
	expect(typeof d.open_id).toBe('string');
	expect(typeof d.seller_name).toBe('string');
	expect(Array.isArray(d.granted_scopes)).toBe(true);
	expect(typeof r.json.request_id).toBe('string');

	const again = await get(emu.authCode);
	expect(again.json.code).toBe(36004005);
	expect(again.json.data).toBeNull();

	// one token covers both shops
	const c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, d.access_token);
	for (const s of emu.shops) {
		const w = await c.get('/logistics/202309/warehouses', { shopCipher: s.cipher });
		expect(w.json.code).toBe(0);
	}
});

test('auth code expires after 30 minutes (emulator clock)', async () => {
	const code = (await adminCall(emu.adminUrl, 'POST', '/auth-codes')).json.auth_code;
	emu.control.advanceClock(30 * 60 + 1);
	try {
		const r = await get(code);
		expect(r.json.code).toBe(36004005);
		expect(r.json.message).toMatch(/expired/);
	} finally {
		emu.control.advanceClock(-(30 * 60 + 1));
	}
	const fresh = emu.control.issueAuthCode().auth_code;
	emu.control.advanceClock(29 * 60);
	try {
		expect((await get(fresh)).json.code).toBe(0);
	} finally {
		emu.control.advanceClock(-29 * 60);
	}
});

test('wrong app_key / app_secret / grant_type / unknown code are rejected', async () => {
	const code = emu.control.issueAuthCode().auth_code;
	expect((await get(code, { app_key: 'nope' })).json.code).not.toBe(0);
	expect((await get(code, { app_secret: 'nope' })).json.code).not.toBe(0);
	const gt = await get(code, { grant_type: 'authorization_code' });
	expect(gt.json.code).toBe(36004005);
	expect(gt.json.message).toMatch(/grant_type/);
	expect((await get('TTP_bogus')).json).toMatchObject({ code: 36004005, message: 'can not find related auth record' });
	// failed attempts did not consume the code
	expect((await get(code)).json.code).toBe(0);
});

test('refresh rotates the refresh token; old one works for 60 s, then not', async () => {
	const r1 = await refresh(emu.refreshToken);
	expect(r1.json.code).toBe(0);
	const rt2 = r1.json.data.refresh_token;
	expect(rt2).not.toBe(emu.refreshToken);
	expect(r1.json.data.access_token).not.toBe(emu.accessToken);
	// grace period
	emu.control.advanceClock(30);
	const r2 = await refresh(emu.refreshToken);
	expect(r2.json.code).toBe(0);
	emu.control.advanceClock(31);
	const r3 = await refresh(emu.refreshToken);
	expect(r3.json.code).not.toBe(0);
	emu.control.advanceClock(-61);
	// the new token works, and the new access token is accepted by the API
	const r4 = await refresh(rt2);
	expect(r4.json.code).toBe(0);
	const c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, r4.json.data.access_token);
	expect((await c.get('/authorization/202309/shops')).json.code).toBe(0);
	// wrong grant_type on refresh (the official Node SDK bug) is rejected
	expect((await refresh(r4.json.data.refresh_token, { grant_type: 'authorized_code' })).json.code).toBe(36004005);
});

test('rotation can be switched off', async () => {
	emu.control.setTokenConfig({ rotate_refresh_token: false });
	try {
		const rt = emu.control.reauthorize().refresh_token;
		const r = await refresh(rt);
		expect(r.json.data.refresh_token).toBe(rt);
	} finally {
		emu.control.setTokenConfig({ rotate_refresh_token: true });
	}
});

test('refresh_grace_seconds 0: a rotated-out refresh token is refused at once (the guide does not say how long it lasts)', async () => {
	expect(() => emu.control.setTokenConfig({ refresh_grace_seconds: -1 })).toThrow(/refresh_grace_seconds/);
	expect(emu.control.setTokenConfig({ refresh_grace_seconds: 0 }).refresh_grace_seconds).toBe(0);
	try {
		const rt = emu.control.reauthorize().refresh_token;
		const first = await refresh(rt);
		expect(first.json.code).toBe(0);
		const again = await refresh(rt);
		expect([again.json.code, again.json.message]).toEqual([36004005, expect.stringMatching(/replaced by a newer one/)]);
		expect((await refresh(first.json.data.refresh_token)).json.code).toBe(0);
	} finally {
		emu.control.setTokenConfig({ refresh_grace_seconds: 60 });
	}
});

test('expired refresh token → 36004001 "rt has expired"', async () => {
	const rt = emu.control.reauthorize().refresh_token;
	emu.control.advanceClock(366 * 86400);
	try {
		const r = await refresh(rt);
		expect(r.json).toMatchObject({ code: 36004001, message: 'rt has expired' });
	} finally {
		emu.control.advanceClock(-366 * 86400);
	}
});

test('POST /__emulator/tokens/expire expires every access token (105002), refresh recovers', async () => {
	const pair = emu.control.reauthorize();
	const c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, pair.access_token);
	expect((await c.get('/authorization/202309/shops')).json.code).toBe(0);
	const ex = await adminCall(emu.adminUrl, 'POST', '/tokens/expire');
	expect(ex.json.expired).toBeGreaterThan(0);
	const r = await c.get('/authorization/202309/shops');
	expect(r.status).toBe(401);
	expect(r.json.code).toBe(105002);
	const ref = await refresh(pair.refresh_token);
	c.token = ref.json.data.access_token;
	expect((await c.get('/authorization/202309/shops')).json.code).toBe(0);
});

test('token endpoints: unknown path 404, non-GET 405, secret redacted in the request log', async () => {
	expect((await authGet(emu.authBaseUrl, '/api/v2/token/nope', {})).status).toBe(404);
	const log = emu.control.getRequests({ host: 'auth' });
	expect(log.length).toBeGreaterThan(0);
	expect(JSON.stringify(log)).not.toContain(emu.appSecret);
});
