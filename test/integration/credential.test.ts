/**
 * The TikTok Shop API credential's whole life against the emulator, through n8n-core's real credential test and
 * node execution: auth-code exchange, persisted and rotated tokens, expiry, re-authorization, and errors.
 */
import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { createHarness, type Harness } from '../harness';

describe('TikTok Shop API credential against the emulator', () => {
	let emu: RunningEmulator;
	let harness: Harness;

	const base = () => ({
		appKey: emu.appKey,
		appSecret: emu.appSecret,
		baseUrl: emu.baseUrl,
		authBaseUrl: emu.authBaseUrl,
		accessToken: '',
	});

	beforeAll(async () => {
		emu = await startEmulator({ seed: 'credential-it', orders: 50 });
	});
	afterAll(async () => await emu.close());

	beforeEach(async () => {
		harness = createHarness({
			nodeTypes: { tikTokShop: new TikTokShop() },
			credentialTypes: { tikTokShopApi: new TikTokShopApi() },
			credentials: {
				tikTokShopApi: {
					id: 'cred-1',
					name: 'TikTok Shop',
					data: { ...base(), authCode: emu.control.issueAuthCode().auth_code },
				},
			},
		});
		emu.control.clearRequests();
	});

	it('the credential test exchanges a fresh auth code, lists the shops, and stores tokens with the code cleared', async () => {
		const result = await harness.testCredential('tikTokShopApi');
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		const stored = await harness.storedCredentials('tikTokShopApi');
		expect(stored.authCode).toBe('');
		expect(emu.state.accessTokens.has(String(stored.accessToken))).toBe(true);
		expect(String(stored.refreshToken)).not.toBe('');
		expect(Number(stored.accessExpiresAt)).toBeGreaterThan(emu.state.now());
		expect(Number(stored.refreshExpiresAt)).toBeGreaterThan(Number(stored.accessExpiresAt));
		expect(emu.control.getRequests({ host: 'api' }).map((request) => request.path)).toEqual([
			'/authorization/202309/shops',
		]);
	});

	it('a node run with only an auth code exchanges it first, and a second run reuses the stored token', async () => {
		const first = await harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });
		expect(first.error).toBeUndefined();
		expect(first.items.map((item) => item.json.id)).toEqual(emu.shops.map((shop) => shop.id));
		const afterFirst = harness.credentialUpdates('tikTokShopApi').length;
		const second = await harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });
		expect(second.error).toBeUndefined();
		expect(harness.credentialUpdates('tikTokShopApi')).toHaveLength(afterFirst);
		expect(emu.control.getRequests({ host: 'auth' })).toHaveLength(1);
	});

	it('after the access token expires, the next run refreshes once, keeps the rotated refresh token and succeeds', async () => {
		await harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });
		const before = await harness.storedCredentials('tikTokShopApi');
		emu.control.expireTokens();
		const run = await harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });
		expect(run.error).toBeUndefined();
		const after = await harness.storedCredentials('tikTokShopApi');
		expect(after.accessToken).not.toBe(before.accessToken);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(emu.control.getRequests({ host: 'auth' }).map((request) => request.path)).toEqual([
			'/api/v2/token/get',
			'/api/v2/token/refresh',
		]);
	});

	it('a used auth code fails the test with what to do, and the secret is not in the message', async () => {
		const code = emu.control.issueAuthCode().auth_code;
		await harness.setCredential('tikTokShopApi', {
			id: 'cred-1',
			name: 'TikTok Shop',
			data: { ...base(), authCode: code },
		});
		expect((await harness.testCredential('tikTokShopApi')).status).toBe('OK');
		await harness.setCredential('tikTokShopApi', {
			id: 'cred-1',
			name: 'TikTok Shop',
			data: { ...base(), authCode: code },
		});
		const run = await harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });
		expect(run.error?.message).toMatch(/did not accept the auth code.*work once and expire after 30 minutes/s);
		expect(JSON.stringify(run.executionError)).not.toContain(emu.appSecret);
	});

	it('a wrong app secret is reported as wrong app credentials with the fix, not as an expired authorization', async () => {
		await harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });
		const stored = await harness.storedCredentials('tikTokShopApi');
		await harness.setCredential('tikTokShopApi', {
			id: 'cred-1',
			name: 'TikTok Shop',
			data: { ...stored, appSecret: 'not-the-secret' },
		});
		const run = await harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });
		// n8n refreshes once on the 401 (TikTok answers bad signatures with 401); the refresh itself is refused
		// because the secret is wrong, and that is what the seller must fix.
		expect(run.error?.message).toMatch(
			/rejected the app credentials.*app_secret does not match app_key.*App Key and App Secret/s,
		);
		expect(JSON.stringify(run.executionError)).not.toContain('not-the-secret');
	});
});
