import http from 'http';
import type { AddressInfo } from 'net';
import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { sendLikeN8n } from '../support/n8nHttp';

/** A loopback stand-in for auth.tiktok-shops.com, scripted per test. */
async function startAuthServer(handler: (path: string, query: URLSearchParams) => { status?: number; body: unknown }) {
	const calls: Array<{ path: string; query: Record<string, string> }> = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		calls.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
		const answer = handler(url.pathname, url.searchParams);
		res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(answer.body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		calls,
		close: async () => await new Promise<void>((r) => server.close(() => r())),
	};
}

const helperContext: IHttpRequestHelper = {
	helpers: { httpRequest: async (options: IHttpRequestOptions) => (await sendLikeN8n(options)) as never },
} as IHttpRequestHelper;

const credentialType = new TikTokShopApi();
const tokenData = (overrides: Record<string, unknown> = {}) => ({
	code: 0,
	message: 'success',
	request_id: 'req-auth-1',
	data: {
		access_token: 'ROW_access_new',
		access_token_expire_in: 1900000000,
		refresh_token: 'ROW_refresh_new',
		refresh_token_expire_in: 1930000000,
		open_id: 'open',
		seller_name: 'Test Seller',
		seller_base_region: 'US',
		user_type: 0,
		...overrides,
	},
});

describe('TikTokShopApi.preAuthentication', () => {
	it('exchanges a waiting auth code and clears it, returning every field n8n must persist', async () => {
		const server = await startAuthServer(() => ({ body: tokenData() }));
		try {
			const result = await credentialType.preAuthentication.call(helperContext, {
				appKey: 'key',
				appSecret: 'secret',
				authCode: ' AUTH_CODE_1 ',
				refreshToken: '',
				authBaseUrl: server.url,
			});
			expect(server.calls).toEqual([
				{
					path: '/api/v2/token/get',
					query: { app_key: 'key', app_secret: 'secret', auth_code: 'AUTH_CODE_1', grant_type: 'authorized_code' },
				},
			]);
			expect(result).toEqual({
				accessToken: 'ROW_access_new',
				accessExpiresAt: 1900000000,
				refreshToken: 'ROW_refresh_new',
				refreshExpiresAt: 1930000000,
				authCode: '',
			});
		} finally {
			await server.close();
		}
	});

	it('refreshes with grant_type=refresh_token and keeps a rotated refresh token', async () => {
		const server = await startAuthServer(() => ({ body: tokenData({ refresh_token: 'ROW_rotated' }) }));
		try {
			const result = await credentialType.preAuthentication.call(helperContext, {
				appKey: 'key',
				appSecret: 'secret',
				authCode: '',
				refreshToken: 'ROW_refresh_old',
				authBaseUrl: server.url,
			});
			expect(server.calls[0]).toEqual({
				path: '/api/v2/token/refresh',
				query: { app_key: 'key', app_secret: 'secret', refresh_token: 'ROW_refresh_old', grant_type: 'refresh_token' },
			});
			expect(result.refreshToken).toBe('ROW_rotated');
		} finally {
			await server.close();
		}
	});

	it('keeps the current refresh token when TikTok does not return one', async () => {
		const server = await startAuthServer(() => ({ body: tokenData({ refresh_token: '' }) }));
		try {
			const result = await credentialType.preAuthentication.call(helperContext, {
				appKey: 'key',
				appSecret: 'secret',
				refreshToken: 'ROW_refresh_old',
				authBaseUrl: server.url,
			});
			expect(result.refreshToken).toBe('ROW_refresh_old');
		} finally {
			await server.close();
		}
	});

	it.each([
		[
			'an expired refresh token',
			{ refreshToken: 'old' },
			{ code: 36004001, message: 'rt has expired', request_id: 'req-9' },
			// also names the harmless cause (a concurrent refresh spent it): the HTTP Request node shows this message as is
			/refresh token.*36004001: rt has expired.*req-9.*another run of a workflow refreshed the token at the same moment.*next run works by itself.*authorize the app again/s,
		],
		[
			'a used auth code (HTTP 400)',
			{ authCode: 'used' },
			{ code: 36004005, message: 'can not find related auth record', request_id: 'req-8' },
			/auth code.*36004005.*work once and expire after 30 minutes/s,
		],
	])(
		'explains %s and tells the seller to re-authorize, without leaking the secret',
		async (_label, creds, body, pattern) => {
			const server = await startAuthServer(() => ({ status: 'authCode' in creds ? 400 : 200, body }));
			try {
				const attempt = credentialType.preAuthentication.call(helperContext, {
					appKey: 'key',
					appSecret: 'super-secret-value',
					authBaseUrl: server.url,
					...creds,
				});
				await expect(attempt).rejects.toThrow(pattern);
				await attempt.catch((error: Error) =>
					expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('super-secret-value'),
				);
			} finally {
				await server.close();
			}
		},
	);

	it('says what to do when neither an auth code nor a refresh token is set', async () => {
		await expect(credentialType.preAuthentication.call(helperContext, { appKey: 'k', appSecret: 's' })).rejects.toThrow(
			/neither an auth code nor a refresh token/,
		);
	});

	it('reports an unreachable auth host without the secret', async () => {
		const server = await startAuthServer(() => ({ body: {} }));
		await server.close();
		const attempt = credentialType.preAuthentication.call(helperContext, {
			appKey: 'k',
			appSecret: 'super-secret-value',
			refreshToken: 'r',
			authBaseUrl: server.url,
		});
		await expect(attempt).rejects.toThrow(/Could not reach TikTok Shop's auth server.*ECONNREFUSED/);
		await attempt.catch((error: Error) => expect(error.message).not.toContain('super-secret-value'));
	});
});
