import { createHmac } from 'crypto';

/**
 * TikTok Shop request signing (API version 202309 and later).
 *
 * sign = hex(HMAC-SHA256(secret, secret + path + Σ sorted(key + value) + body + secret))
 *
 * https://partner.tiktokshop.com/docv2/page/sign-your-api-request
 * Practical rules that the doc leaves implicit (each one has broken a public client):
 * - values are signed decoded, sent URL-encoded (`page_token` contains `+ / =`);
 * - `sign` and `access_token` are never signed, nor is the token header;
 * - empty values are left out of both the signature and the URL;
 * - arrays are comma-joined;
 * - the body is signed as the exact string that is sent, and never for multipart;
 * - the hex digest is lowercase.
 */

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;
export type Query = Record<string, QueryValue>;

const UNSIGNED_QUERY_KEYS = new Set(['sign', 'access_token', 'x-tts-access-token']);

/** Turns query values into the strings TikTok signs and receives; drops empty ones. */
export function normalizeQuery(query: Query): Record<string, string> {
	const normalized: Record<string, string> = {};
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null) continue;
		const text = Array.isArray(value) ? value.map(String).join(',') : String(value);
		if (text === '') continue;
		normalized[key] = text;
	}
	return normalized;
}

export function isMultipart(contentType: string | undefined): boolean {
	return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'multipart/form-data';
}

export interface SignInput {
	appSecret: string;
	/** Request path only: no host, no query string. */
	path: string;
	query: Query;
	/** The exact body string that goes on the wire (undefined or '' for none). */
	body?: string;
	contentType?: string;
}

/** The string that is HMAC'd, secret excluded; exposed for the redacted signature debug output. */
export function buildSignBase({ path, query, body, contentType }: Omit<SignInput, 'appSecret'>): string {
	const normalized = normalizeQuery(query);
	const keys = Object.keys(normalized)
		.filter((key) => !UNSIGNED_QUERY_KEYS.has(key))
		// Ordinal order, as the official samples sort (not locale order).
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	let base = path;
	for (const key of keys) base += key + normalized[key];
	if (body && !isMultipart(contentType)) base += body;
	return base;
}

export function computeSign(input: SignInput): string {
	const base = buildSignBase(input);
	return createHmac('sha256', input.appSecret)
		.update(input.appSecret + base + input.appSecret)
		.digest('hex');
}

/**
 * Webhook signature: lowercase hex HMAC-SHA256(key app_secret, message app_key + raw body),
 * carried bare (no "Bearer") in the Authorization header.
 */
export function computeWebhookSignature(appKey: string, appSecret: string, rawBody: Buffer | string): string {
	return createHmac('sha256', appSecret)
		.update(
			Buffer.concat([Buffer.from(appKey, 'utf8'), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody, 'utf8')]),
		)
		.digest('hex');
}

/**
 * Paths that reject `shop_cipher` (TikTok answers 36009004 "Unexpected identifier").
 * Seller-level endpoints; the list follows TikTok's docs and the EcomPHP client's exclusions.
 */
export function pathRejectsShopCipher(path: string, method = 'GET'): boolean {
	if (/^\/(authorization|seller)\/\d{6}\//.test(path)) return true;
	if (/^\/product\/\d{6}\/(compliance|global_products|files\/upload|images\/upload)/.test(path)) return true;
	if (method.toUpperCase() === 'POST' && /^\/product\/\d{6}\/brands$/.test(path)) return true;
	return false;
}
