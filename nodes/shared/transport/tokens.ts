import { ApplicationError, type IDataObject, type IHttpRequestHelper, type IN8nHttpFullResponse } from 'n8n-workflow';
import { TOKEN_ENDPOINTS } from '../endpoints';

/**
 * Access-token lifecycle against TikTok's auth host (not the API host).
 * https://partner.tiktokshop.com/docv2/page/authorization-overview-202407
 * - GET /api/v2/token/get     ?app_key&app_secret&auth_code&grant_type=authorized_code
 * - GET /api/v2/token/refresh ?app_key&app_secret&refresh_token&grant_type=refresh_token
 * Unsigned. `*_expire_in` are ABSOLUTE Unix timestamps, not durations. The auth code works once, for 30 min.
 * TikTok may rotate the refresh token on refresh: always keep the one it returns.
 */

export interface TokenCredentials {
	appKey: string;
	appSecret: string;
	authCode?: string;
	refreshToken?: string;
	authBaseUrl?: string;
}

export const DEFAULT_AUTH_BASE_URL = 'https://auth.tiktok-shops.com';

/**
 * Tag on every error `obtainTokens` throws (`error.tags.tikTokToken`), so the request layer can tell a refused
 * refresh token (maybe spent by a concurrent execution) from other failures without parsing messages.
 */
export type TokenErrorKind = 'setup' | 'unreachable' | 'app_credentials' | 'auth_code_rejected' | 'refresh_rejected';

function tokenError(kind: TokenErrorKind, message: string): ApplicationError {
	return new ApplicationError(message, { level: 'warning', tags: { tikTokToken: kind } });
}

interface TokenEnvelope {
	code?: number;
	message?: string;
	request_id?: string;
	data?: {
		access_token?: string;
		access_token_expire_in?: number;
		refresh_token?: string;
		refresh_token_expire_in?: number;
		seller_name?: string;
		granted_scopes?: string[];
	};
}

const REAUTHORIZE =
	"Ask the seller to authorize the app again (open the app's authorization link from TikTok Shop Partner Center), paste the new auth code into this credential's 'Auth Code' field and save it.";

function reason(envelope: TokenEnvelope | undefined, status: number): string {
	if (envelope && typeof envelope.code === 'number') {
		const id = envelope.request_id ? `, request_id ${envelope.request_id}` : '';
		return `TikTok code ${envelope.code}: ${envelope.message ?? 'no message'}${id}`;
	}
	return `HTTP ${status}`;
}

/** The error for a token call TikTok answered with a failure: what the seller must fix. */
function refusal(envelope: TokenEnvelope | undefined, status: number, exchanging: boolean): ApplicationError {
	const why = reason(envelope, status);
	// TikTok reports a wrong key or secret with the same codes as a bad token; the message tells them apart.
	if (/app_(key|secret)/i.test(envelope?.message ?? '')) {
		return tokenError(
			'app_credentials',
			`TikTok Shop rejected the app credentials (${why}). Copy the App Key and App Secret again from Partner Center › your app › App details: both must belong to the same app the seller authorized.`,
		);
	}
	if (exchanging) {
		return tokenError(
			'auth_code_rejected',
			`TikTok Shop did not accept the auth code (${why}). Auth codes work once and expire after 30 minutes. ${REAUTHORIZE}`,
		);
	}
	return tokenError(
		'refresh_rejected',
		`TikTok Shop did not accept the refresh token (${why}). Either the seller's authorization has expired or was revoked, or another run of a workflow refreshed the token at the same moment and TikTok accepts only the newest refresh token (then the next run works by itself). If runs keep failing with this message: ${REAUTHORIZE}`,
	);
}

/**
 * Exchanges the auth code (when one is waiting) or refreshes the access token. Returns every field n8n should
 * persist: the new access token, the possibly rotated refresh token, both expiry timestamps, and an emptied
 * auth code (it is single-use, and keeping it would make the next refresh try to spend it again).
 */
export async function obtainTokens(this: IHttpRequestHelper, credentials: TokenCredentials): Promise<IDataObject> {
	const authCode = String(credentials.authCode ?? '').trim();
	const refreshToken = String(credentials.refreshToken ?? '').trim();
	if (!credentials.appKey || !credentials.appSecret) {
		throw tokenError(
			'setup',
			'The TikTok Shop credential needs the App Key and App Secret from Partner Center › App details.',
		);
	}
	if (!authCode && !refreshToken) {
		throw tokenError(
			'setup',
			"The TikTok Shop credential has neither an auth code nor a refresh token. Authorize the app for the seller's shop and paste the auth code from the redirect URL (?code=...) into 'Auth Code'.",
		);
	}
	const exchanging = authCode !== '';
	const base = String(credentials.authBaseUrl || DEFAULT_AUTH_BASE_URL).replace(/\/+$/, '');
	const qs: IDataObject = exchanging
		? {
				app_key: credentials.appKey,
				app_secret: credentials.appSecret,
				auth_code: authCode,
				grant_type: 'authorized_code',
			}
		: {
				app_key: credentials.appKey,
				app_secret: credentials.appSecret,
				refresh_token: refreshToken,
				grant_type: 'refresh_token',
			};

	let response: IN8nHttpFullResponse | undefined;
	let networkError: string | undefined;
	try {
		response = (await this.helpers.httpRequest({
			method: 'GET',
			url: `${base}${exchanging ? TOKEN_ENDPOINTS.get : TOKEN_ENDPOINTS.refresh}`,
			qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		networkError = (error as { code?: string }).code ?? 'network error';
	}
	if (!response) {
		// Never pass the original error on: its request config carries app_secret and the token in the URL.
		throw tokenError(
			'unreachable',
			`Could not reach TikTok Shop's auth server at ${base} (${networkError}). Check the 'Auth Base URL' in the credential and this server's internet access.`,
		);
	}

	const envelope = (typeof response.body === 'object' ? response.body : undefined) as TokenEnvelope | undefined;
	const data = envelope?.data;
	if (response.statusCode >= 400 || envelope?.code !== 0 || !data?.access_token) {
		throw refusal(envelope, response.statusCode, exchanging);
	}

	return {
		accessToken: data.access_token,
		accessExpiresAt: Number(data.access_token_expire_in ?? 0),
		refreshToken: data.refresh_token || refreshToken,
		refreshExpiresAt: Number(data.refresh_token_expire_in ?? 0),
		authCode: '',
	};
}
