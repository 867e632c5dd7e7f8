// @ts-check
'use strict';
/**
 * The credentials the stack imports into n8n at every start: the TikTok Shop one for the emulator's app and its fresh
 * refresh token, and the Shopify stand-in's access token as a Header Auth credential.
 */
const { CREDENTIAL_IDS, CREDENTIAL_NAMES } = require('./constants');

/**
 * @param {any} emulator the emulator's description (appKey, appSecret, refreshToken, baseUrl, authBaseUrl, shops)
 * @param {{token: string}|null} standin
 * @param {{shopCipherInCredential: boolean}} options put the first (US) shop's cipher in the credential
 * @returns {Array<{id: string, name: string, type: string, data: Record<string, unknown>}>}
 */
function stackCredentials(emulator, standin, { shopCipherInCredential }) {
	/** @type {Array<{id: string, name: string, type: string, data: Record<string, unknown>}>} */
	const credentials = [
		{
			id: CREDENTIAL_IDS.tikTokShop,
			name: CREDENTIAL_NAMES.tikTokShop,
			type: 'tikTokShopApi',
			data: {
				appKey: emulator.appKey,
				appSecret: emulator.appSecret,
				authCode: '',
				refreshToken: emulator.refreshToken,
				shopCipher: shopCipherInCredential ? emulator.shops[0].cipher : '',
				baseUrl: emulator.baseUrl,
				authBaseUrl: emulator.authBaseUrl,
				clockOffsetSeconds: 0,
				accessToken: '',
				accessExpiresAt: 0,
				refreshExpiresAt: 0,
			},
		},
	];
	if (standin) {
		credentials.push({
			id: CREDENTIAL_IDS.shopify,
			name: CREDENTIAL_NAMES.shopify,
			type: 'httpHeaderAuth',
			data: { name: 'X-Shopify-Access-Token', value: standin.token },
		});
	}
	return credentials;
}

module.exports = { stackCredentials };
