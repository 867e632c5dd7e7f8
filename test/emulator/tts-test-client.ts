/**
 * Test-only TikTok Shop client with its OWN signer (independent of the emulator's and of the node's code).
 * The signer builds the whole string to sign first, then HMACs it once.
 */
import crypto from 'crypto';
import http from 'http';

export function testSign(secret: string, path: string, params: Record<string, string>, body = ''): string {
	const keys = Object.keys(params).filter((k) => k !== 'sign' && k !== 'access_token');
	keys.sort();
	let s = path;
	for (const k of keys) s += k + params[k];
	s += body;
	const wrapped = secret + s + secret;
	return crypto.createHmac('sha256', secret).update(wrapped, 'utf8').digest('hex');
}

export interface CallOptions {
	query?: Record<string, string | number | undefined>;
	/** Object → JSON.stringify once; string → sent verbatim. */
	body?: unknown;
	shopCipher?: string | null;
	token?: string | null;
	timestamp?: number | string | null;
	/** Override the computed sign (null → omit). */
	sign?: string | null;
	/** Sign over this string instead of the bytes sent. */
	signBody?: string;
	contentType?: string | null;
	headers?: Record<string, string>;
}

export interface CallResult {
	status: number;
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	raw: string;
	headers: http.IncomingHttpHeaders;
}

export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function rawRequest(
	method: string,
	url: string,
	headers: Record<string, string>,
	body?: string,
): Promise<CallResult> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers, agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				let json: unknown = null;
				try {
					json = raw ? JSON.parse(raw) : null;
				} catch {
					json = null;
				}
				resolve({ status: res.statusCode ?? 0, json, raw, headers: res.headers });
			});
		});
		req.on('error', reject);
		if (body !== undefined) req.end(body);
		else req.end();
	});
}

export class TestClient {
	constructor(
		public baseUrl: string,
		public appKey: string,
		public appSecret: string,
		public token: string,
		public defaultCipher: string | null = null,
	) {}

	/** Build the signed URL + headers; exposed for tests that need to tamper with the wire. */
	prepare(_method: string, path: string, o: CallOptions = {}) {
		const params: Record<string, string> = { app_key: this.appKey };
		const ts = o.timestamp === undefined ? Math.floor(Date.now() / 1000) : o.timestamp;
		if (ts !== null) params.timestamp = String(ts);
		const cipher = o.shopCipher === undefined ? this.defaultCipher : o.shopCipher;
		if (cipher) params.shop_cipher = cipher;
		for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) params[k] = String(v);
		const bodyStr = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
		const sign = o.sign === undefined ? testSign(this.appSecret, path, params, o.signBody ?? bodyStr ?? '') : o.sign;
		const qp = new URLSearchParams(params);
		if (sign !== null) qp.set('sign', sign);
		// URLSearchParams encodes space as '+'; TikTok decodes '+' as space, so this round-trips.
		const url = `${this.baseUrl}${path}?${qp.toString()}`;
		const headers: Record<string, string> = { ...(o.headers ?? {}) };
		const token = o.token === undefined ? this.token : o.token;
		if (token !== null) headers['x-tts-access-token'] = token;
		const ct = o.contentType === undefined ? 'application/json' : o.contentType;
		if (ct !== null) headers['content-type'] = ct;
		if (bodyStr !== undefined) headers['content-length'] = String(Buffer.byteLength(bodyStr));
		return { url, headers, body: bodyStr, params, sign };
	}

	call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
		const p = this.prepare(method, path, o);
		return rawRequest(method, p.url, p.headers, p.body);
	}

	get(path: string, o: CallOptions = {}) {
		return this.call('GET', path, o);
	}

	post(path: string, body: unknown, o: CallOptions = {}) {
		return this.call('POST', path, { ...o, body });
	}
}

export async function adminCall(adminUrl: string, method: string, path: string, body?: unknown): Promise<CallResult> {
	const b = body === undefined ? undefined : JSON.stringify(body);
	return rawRequest(method, `${adminUrl}${path}`, b === undefined ? {} : { 'content-type': 'application/json' }, b);
}

export function authGet(authBaseUrl: string, path: string, q: Record<string, string>): Promise<CallResult> {
	return rawRequest('GET', `${authBaseUrl}${path}?${new URLSearchParams(q).toString()}`, {});
}

/**
 * Contract warnings the emulator recorded since the last call, then cleared: for tests that send a value outside
 * the reference's limits on purpose (every other warning fails the test, see test/support/failOnEmulatorWarnings.ts).
 */
export function takeWarnings(emu: {
	control: { getWarnings(): Array<{ message: string }>; clearWarnings(): void };
}): string[] {
	const w = emu.control.getWarnings().map((x) => x.message);
	emu.control.clearWarnings();
	return w;
}
