/**
 * Concurrent executions meeting an expired token, through n8n-core's real refresh-on-401: every one that loaded the
 * credential before the first refresh was stored refreshes with the same refresh token (n8n has no lock). With the
 * emulator refusing a used refresh token at once (refresh_grace_seconds 0; TikTok's guide does not say), the slower
 * ones read the stored credential again and use the tokens the first one stored; a refresh token that nobody
 * replaced is still reported as a lost authorization, with what to do.
 */
import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { createHarness, type Harness } from '../harness';

const RUNS = 6;

describe('token refresh by concurrent executions, refresh token rotated and refused once used', () => {
	let emu: RunningEmulator;
	let harness: Harness;

	beforeAll(async () => {
		emu = await startEmulator({ seed: 'refresh-race-it', orders: 20 });
		emu.control.setTokenConfig({ rotate_refresh_token: true, refresh_grace_seconds: 0 });
	});
	afterAll(async () => await emu.close());

	beforeEach(() => {
		harness = createHarness({
			nodeTypes: { tikTokShop: new TikTokShop() },
			credentialTypes: { tikTokShopApi: new TikTokShopApi() },
			credentials: {
				tikTokShopApi: {
					id: 'cred-1',
					name: 'TikTok Shop',
					data: {
						appKey: emu.appKey,
						appSecret: emu.appSecret,
						baseUrl: emu.baseUrl,
						authBaseUrl: emu.authBaseUrl,
						refreshToken: emu.control.reauthorize().refresh_token,
						accessToken: 'ROW_expired_or_unknown',
					},
				},
			},
		});
		emu.control.expireTokens();
		emu.control.clearRequests();
	});

	const listShops = () =>
		harness.runNode({ type: 'tikTokShop', parameters: { resource: 'shop', operation: 'getAll' } });

	it(`${RUNS} runs at once: one refresh wins, the refused ones use the stored tokens, all succeed, the stored credential works`, async () => {
		const runs = await Promise.all(Array.from({ length: RUNS }, listShops));
		expect(runs.map((run) => run.error?.message)).toEqual(runs.map(() => undefined));
		for (const run of runs) expect(run.items.map((item) => item.json.id)).toEqual(emu.shops.map((shop) => shop.id));

		const refreshes = emu.control.getRequests({ path_prefix: '/api/v2/token/refresh' });
		expect(refreshes.length).toBeGreaterThan(1); // the race happened: several runs refreshed with the same token
		expect(refreshes.filter((call) => call.code === 0)).toHaveLength(1);
		expect(refreshes.filter((call) => call.code !== 0).map((call) => call.message)).toEqual(
			refreshes.filter((call) => call.code !== 0).map(() => expect.stringMatching(/replaced by a newer one/)),
		);

		const stored = await harness.storedCredentials('tikTokShopApi');
		expect(emu.state.accessTokens.get(String(stored.accessToken))?.expiresAt).toBeGreaterThan(emu.state.now());
		const again = await listShops();
		expect(again.error).toBeUndefined();
		expect(emu.control.getRequests({ path_prefix: '/api/v2/token/' })).toHaveLength(refreshes.length);
	});

	it('a refresh token refused while nobody stored another one fails with the re-authorization steps', async () => {
		emu.control.expireRefreshTokens();
		const run = await listShops();
		expect(run.error?.message).toMatch(
			/did not accept the refresh token \(TikTok code 36004001: rt has expired.*authorize the app again/s,
		);
		expect(run.error?.description).toMatch(/read again 8 times over 3\.5 s and still held the refused token/);
		expect(JSON.stringify(run.executionError)).not.toContain(emu.appSecret);
		// the refresh was tried once; the stored credential was only read again, not refreshed again
		expect(emu.control.getRequests({ path_prefix: '/api/v2/token/' })).toHaveLength(1);
	});
});
