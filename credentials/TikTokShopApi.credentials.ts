import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { signRequestOptions, type SigningCredentials } from '../nodes/TikTokShop/transport/signRequest';
import { DEFAULT_AUTH_BASE_URL, obtainTokens, type TokenCredentials } from '../nodes/TikTokShop/transport/tokens';

export class TikTokShopApi implements ICredentialType {
	name = 'tikTokShopApi';

	displayName = 'TikTok Shop API';

	icon: Icon = { light: 'file:tiktokShop.svg', dark: 'file:tiktokShop.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-tiktok-shop/n8n-nodes-tiktok-shop#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create an app in TikTok Shop Partner Center, copy its App Key and App Secret, then open the app\'s authorization link as the seller. TikTok redirects to your redirect URL with <code>?code=...</code>: paste that code below and save. It works once and for 30 minutes; the credential then keeps itself authorized.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Auth Code',
			name: 'authCode',
			type: 'string',
			default: '',
			description:
				'The one-time code from the authorization redirect (?code=...). It is exchanged for tokens on first use and then cleared. Paste a new one here to re-authorize.',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Filled in automatically after the auth code is exchanged, and kept up to date when TikTok rotates it. Paste one here only if you already have it from another tool.',
		},
		{
			displayName: 'Shop Cipher',
			name: 'shopCipher',
			type: 'string',
			default: '',
			description:
				'Optional. Leave empty to pick the shop in each node (the list comes from your authorized shops). Set it when this credential should always act on one shop.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://open-api.tiktokglobalshop.com',
			description: 'TikTok Shop Open API host. Change only for a proxy or a local emulator.',
		},
		{
			displayName: 'Auth Base URL',
			name: 'authBaseUrl',
			type: 'string',
			default: DEFAULT_AUTH_BASE_URL,
			description: 'TikTok Shop token host. Change only for a proxy or a local emulator.',
		},
		{
			displayName: 'Clock Offset (Seconds)',
			name: 'clockOffsetSeconds',
			type: 'number',
			default: 0,
			description:
				"Added to this server's clock when signing. TikTok rejects requests whose timestamp is more than 5 minutes behind or 30 seconds ahead; fix the server's time (NTP) first, use this only when you cannot.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
		{
			displayName: 'Refresh Token Expires At',
			name: 'refreshTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
	];

	/**
	 * n8n runs this when no access token is stored, after an HTTP 401 (TikTok answers expired tokens with
	 * 401/105002), and in the credential test. Every key returned is persisted, so a rotated refresh token
	 * survives. https://partner.tiktokshop.com/docv2/page/authorization-overview-202407
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		return await obtainTokens.call(this, credentials as unknown as TokenCredentials);
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return signRequestOptions(credentials as unknown as SigningCredentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/authorization/202309/shops',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 105005,
					message:
						"The app is missing the 'Authorization' API scope (seller.authorization.info). Enable it for the app in Partner Center, then authorize again.",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 36009004,
					message:
						"TikTok rejected a request parameter (often the timestamp: check this server's clock) or the App Key.",
				},
			},
		],
	};
}
