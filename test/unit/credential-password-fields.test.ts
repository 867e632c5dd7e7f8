import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import type { IHttpRequestHelper } from 'n8n-workflow';

import { obtainTokens } from '../../nodes/shared/transport/tokens';

// n8n 1.x blanks password fields before sending a credential to the editor by calling string methods on their
// values; a number there made GET /rest/credentials answer HTTP 500 and the editor show "Init Problem" (seen on
// n8n 1.123.81, checked for real by test/e2e/editor-browser.e2e.ts on that version).
const properties = new TikTokShopApi().properties;

test('only string values are stored in password fields', () => {
	const passwordFields = properties.filter((property) => property.typeOptions?.password);
	expect(passwordFields.map((property) => property.name).sort()).toEqual(['accessToken', 'appSecret', 'refreshToken']);
	for (const property of passwordFields) expect(typeof property.default).toBe('string');
});

test('the token expiry fields, which hold numbers, are hidden but not password fields (named without "token", which n8n\'s lint reads as a secret)', () => {
	for (const name of ['accessExpiresAt', 'refreshExpiresAt']) {
		const property = properties.find((candidate) => candidate.name === name);
		expect(property?.type).toBe('hidden');
		expect(property?.typeOptions?.password).toBeUndefined();
		expect(typeof property?.default).toBe('number');
	}
});

test('a token refresh stores text in every password field and numbers only in the expiry fields', async () => {
	const helper = {
		helpers: {
			httpRequest: async () => ({
				statusCode: 200,
				headers: {},
				body: {
					code: 0,
					message: 'success',
					data: {
						access_token: 'new-access',
						access_token_expire_in: 1767225600,
						refresh_token: 'new-refresh',
						refresh_token_expire_in: 1775001600,
					},
				},
			}),
		},
	} as unknown as IHttpRequestHelper;
	const stored = await obtainTokens.call(helper, { appKey: 'key', appSecret: 'secret', refreshToken: 'old-refresh' });
	const passwordNames = new Set(
		properties.filter((property) => property.typeOptions?.password).map((property) => property.name),
	);
	for (const [name, value] of Object.entries(stored)) {
		if (passwordNames.has(name)) expect({ name, type: typeof value }).toEqual({ name, type: 'string' });
	}
	expect(stored).toMatchObject({ accessToken: 'new-access', refreshToken: 'new-refresh', accessExpiresAt: 1767225600 });
});
