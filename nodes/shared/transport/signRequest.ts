import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { computeSign, isMultipart, normalizeQuery, pathRejectsShopCipher, type Query } from './signing';

/** What the credential holds that signing needs. */
export interface SigningCredentials {
	appKey: string;
	appSecret: string;
	accessToken?: string;
	shopCipher?: string;
	baseUrl?: string;
	clockOffsetSeconds?: number;
}

/**
 * The request shapes n8n hands to a credential's `authenticate` (see shared/spec/n8n-observed.md):
 * our nodes and the credential test use `url` (+ `baseURL`), the HTTP Request node's legacy path uses an
 * absolute `uri`; the query may sit in `qs`, in the URL, or both; the body may be an object or a string.
 */
export type AnyRequestOptions = IHttpRequestOptions & {
	uri?: string;
	qs?: IDataObject;
	headers?: IDataObject;
	body?: unknown;
};

const DEFAULT_BASE_URL = 'https://open-api.tiktokglobalshop.com';

function joinPaths(basePath: string, path: string): string {
	const left = basePath.replace(/\/+$/, '');
	const right = path.replace(/^\/+/, '');
	return `${left}/${right}`;
}

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name && value !== undefined && value !== null) return String(value);
	}
	return undefined;
}

function withoutHeaders(headers: IDataObject | undefined, names: string[]): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (!names.includes(key.toLowerCase())) result[key] = value;
	}
	return result;
}

/** Serializes the body once; the returned string is both signed and sent. */
function serializeBody(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

/**
 * Adds `app_key`, `timestamp`, `shop_cipher` (where the endpoint accepts it), `sign`, the token header and
 * `content-type`, in whatever form n8n passed the request. Idempotent: n8n re-runs `authenticate` on the
 * already-signed options after a token refresh, so an old `sign`/`timestamp`/token is replaced, never kept.
 */
export function signRequestOptions(
	credentials: SigningCredentials,
	requestOptions: AnyRequestOptions,
	nowMs: number = Date.now(),
): AnyRequestOptions {
	const options: AnyRequestOptions = { ...requestOptions };
	const method = (options.method ?? 'GET').toUpperCase();
	const rawUrl = String(options.uri ?? options.url ?? '');
	const baseUrl = String(options.baseURL ?? credentials.baseUrl ?? DEFAULT_BASE_URL);
	const isAbsolute = /^https?:\/\//i.test(rawUrl);
	const parsed = new URL(rawUrl || '/', isAbsolute ? undefined : baseUrl);
	// What axios actually requests: a relative url is appended to the base URL's own path.
	const path = isAbsolute ? parsed.pathname : joinPaths(new URL(baseUrl).pathname, parsed.pathname);

	const query: Query = {};
	parsed.searchParams.forEach((value, key) => {
		query[key] = value;
	});
	for (const [key, value] of Object.entries(options.qs ?? {})) {
		query[key] = value as Query[string];
	}
	delete query.sign;
	delete query.access_token;
	query.app_key = credentials.appKey;
	query.timestamp = Math.floor(nowMs / 1000) + Math.trunc(Number(credentials.clockOffsetSeconds ?? 0));
	if (pathRejectsShopCipher(path, method)) {
		delete query.shop_cipher;
	} else if (!query.shop_cipher && credentials.shopCipher) {
		query.shop_cipher = credentials.shopCipher;
	}

	const contentType = headerValue(options.headers, 'content-type');
	const multipart = isMultipart(contentType);
	let body: string | undefined;
	if (method === 'GET' || method === 'HEAD') {
		delete options.body;
	} else if (!multipart) {
		body = serializeBody(options.body);
		if (body === undefined) delete options.body;
		else options.body = body;
	}

	const signedQuery = normalizeQuery(query);
	signedQuery.sign = computeSign({
		appSecret: credentials.appSecret,
		path,
		query: signedQuery,
		body,
		contentType: multipart ? contentType : 'application/json',
	});

	const headers = withoutHeaders(
		options.headers,
		multipart ? ['x-tts-access-token'] : ['x-tts-access-token', 'content-type'],
	);
	if (!multipart) headers['content-type'] = 'application/json';
	headers['x-tts-access-token'] = credentials.accessToken ?? '';
	options.headers = headers;
	options.qs = signedQuery;

	// Query now lives in `qs` only (no duplicate parameters). A relative url without a baseURL (our nodes pass only
	// the path) is resolved against the credential's Base URL.
	const absoluteTarget = isAbsolute ? `${parsed.origin}${parsed.pathname}` : `${new URL(baseUrl).origin}${path}`;
	if (options.uri !== undefined) options.uri = absoluteTarget;
	else options.url = isAbsolute || options.baseURL === undefined ? absoluteTarget : parsed.pathname;
	return options;
}
