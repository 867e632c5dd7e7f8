/**
 * TikTok Shop request signing (202309+) and webhook signatures, written independently for the emulator.
 * sign = hex(HMAC-SHA256(secret, secret + path + sorted(k+v, excluding sign/access_token) + body + secret))
 */
import { createHmac, timingSafeEqual } from 'crypto';

export function computeSign(
	secret: string,
	path: string,
	params: Record<string, string>,
	body?: Buffer | string,
): string {
	const keys = Object.keys(params)
		.filter((k) => k !== 'sign' && k !== 'access_token')
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	const h = createHmac('sha256', secret);
	h.update(secret);
	h.update(path);
	for (const k of keys) {
		h.update(k);
		h.update(params[k]);
	}
	if (body !== undefined && body.length > 0) h.update(body);
	h.update(secret);
	return h.digest('hex');
}

/** Webhook Authorization header: hex(HMAC-SHA256(app_secret, app_key + raw body)). */
export function webhookSignature(appKey: string, appSecret: string, rawBody: string | Buffer): string {
	const h = createHmac('sha256', appSecret);
	h.update(appKey);
	h.update(rawBody);
	return h.digest('hex');
}

/**
 * Alternative reading: the configuration guide sends webhook verifiers to the request-signing page; applied to a
 * webhook (no path, no query) that recipe is hex(HMAC-SHA256(app_secret, app_secret + raw body + app_secret)).
 * https://partner.tiktokshop.com/docv2/page/configuration-guide
 */
export function webhookSignatureRequestSign(appSecret: string, rawBody: string | Buffer): string {
	const h = createHmac('sha256', appSecret);
	h.update(appSecret);
	h.update(rawBody);
	h.update(appSecret);
	return h.digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
	const ba = Buffer.from(a);
	const bb = Buffer.from(b);
	if (ba.length !== bb.length) return false;
	return timingSafeEqual(ba, bb);
}

/**
 * Parse a raw query string the way TikTok's gateway (Go net/url) does: split on '&', first '=' separates
 * key and value, '+' means space, %XX is decoded. First occurrence of a key wins. Returns null when a
 * percent escape is malformed.
 */
export function parseQuery(raw: string): Record<string, string> | null {
	const out: Record<string, string> = Object.create(null) as Record<string, string>;
	if (!raw) return out;
	for (const part of raw.split('&')) {
		if (part === '') continue;
		const eq = part.indexOf('=');
		const rk = eq === -1 ? part : part.slice(0, eq);
		const rv = eq === -1 ? '' : part.slice(eq + 1);
		let k: string;
		let v: string;
		try {
			k = decodeURIComponent(rk.replace(/\+/g, ' '));
			v = decodeURIComponent(rv.replace(/\+/g, ' '));
		} catch {
			return null;
		}
		if (!(k in out)) out[k] = v;
	}
	return out;
}
