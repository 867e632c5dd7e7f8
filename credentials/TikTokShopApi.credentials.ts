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

import { signRequestOptions, type SigningCredentials } from '../nodes/shared/transport/signRequest';
import { DEFAULT_AUTH_BASE_URL, obtainTokens, type TokenCredentials } from '../nodes/shared/transport/tokens';
import { ENDPOINTS } from '../nodes/shared/endpoints';

export class TikTokShopApi implements ICredentialType {
	name = 'tikTokShopApi';

	displayName = 'TikTok Shop API';

	icon: Icon = { light: 'file:../icons/tiktokShop.svg', dark: 'file:../icons/tiktokShop.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-tiktok-shop/n8n-nodes-tiktok-shop/blob/main/docs/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName:
				"1. In TikTok Shop Partner Center, open your app: its page shows the <b>App Key</b> and <b>App Secret</b>.<br>2. In the app's <b>Authorization</b> section, click <b>Copy authorization link</b> (apps still in development: follow TikTok's seller authorization guide instead) and open the link logged in as the seller.<br>3. After the seller accepts, TikTok opens your app's Redirect URL with <code>?code=...</code> added: paste that code into <b>Auth Code</b> and save. A code works once, within 30 minutes; the credential then keeps itself authorized.",
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
			description: "Partner Center › your app's page › App Key",
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "Partner Center › your app's page › App Secret",
		},
		{
			displayName: 'Auth Code',
			name: 'authCode',
			type: 'string',
			default: '',
			description:
				'The code TikTok adds to your Redirect URL (?code=...) after the seller accepts the authorization link (Partner Center › your app › Authorization › Copy authorization link). It is exchanged for tokens when you save and then cleared. Paste a new one here to authorize again.',
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
				'Optional. Leave empty to pick the shop in each node (the list comes from your authorized shops). Set it when this credential should always act on one shop. To find it: save the credential, add a TikTok Shop node with Resource "Shop" and Operation "Get Many", run it, and copy the <code>cipher</code> of your shop.',
		},
		{
			displayName:
				'<b>Advanced</b>: the fields below are for a proxy, a test emulator or a server clock you cannot correct. Leave them as they are to work with TikTok Shop directly.',
			name: 'advancedNotice',
			type: 'notice',
			default: '',
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
			name: 'accessExpiresAt',
			type: 'hidden',
			// Not secret, and a number, so not a password field: n8n 1.x blanks password fields with string methods and
			// failed on a number (HTTP 500 on the credential list, "Init Problem" in the editor). The name avoids "token"
			// so n8n's lint does not ask for a password field; values stored under the 0.1 names are ignored by n8n.
			default: 0,
		},
		{
			displayName: 'Refresh Token Expires At',
			name: 'refreshExpiresAt',
			type: 'hidden',
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

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signRequestOptions(credentials as unknown as SigningCredentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: ENDPOINTS.shopList,
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
