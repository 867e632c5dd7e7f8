import { timingSafeEqual } from 'crypto';

import { computeWebhookSignature } from '../shared/transport/signing';

/**
 * TikTok signs each webhook with `Authorization: hex(HMAC-SHA256(app_secret, app_key + raw body))`.
 * TikTok's webhook pages only point at the request-signing guide
 * (https://partner.tiktokshop.com/docv2/page/sign-your-api-request); three independent clients agree on this formula,
 * and the emulator can play the other reading. Compared in constant time, on the exact bytes received.
 */
export function isValidWebhookSignature(appKey: string, appSecret: string, rawBody: Buffer, header: unknown): boolean {
	const received = (Array.isArray(header) ? header[0] : header) as string | undefined;
	if (typeof received !== 'string' || received.trim() === '') return false;
	const expected = Buffer.from(computeWebhookSignature(appKey, appSecret, rawBody), 'utf8');
	const actual = Buffer.from(received.trim().toLowerCase(), 'utf8');
	if (actual.length !== expected.length) return false;
	return timingSafeEqual(actual, expected);
}
const NUMBER_TOKEN = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * Parses JSON, turning integer literals that JavaScript numbers cannot hold exactly (beyond 2^53) into strings
 * of the same digits. TikTok's product webhook sends `"product_id":576486316948490000` unquoted; plain
 * JSON.parse would round it to a different product. Safe integers, decimals and exponents are left alone, and
 * digits inside strings are never touched. Throws SyntaxError on invalid JSON, like JSON.parse.
 */
export function parseJsonKeepingBigIntegers(text: string): unknown {
	let out = '';
	let copiedUpTo = 0;
	let i = 0;
	while (i < text.length) {
		const char = text[i];
		if (char === '"') {
			// skip the whole string literal, escapes included
			i++;
			while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
			i++;
			continue;
		}
		if (char === '-' || (char >= '0' && char <= '9')) {
			NUMBER_TOKEN.lastIndex = i;
			const match = NUMBER_TOKEN.exec(text);
			const token = match ? match[0] : char;
			if (match && match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(Number(token))) {
				out += `${text.slice(copiedUpTo, i)}"${token}"`;
				copiedUpTo = i + token.length;
			}
			i += token.length;
			continue;
		}
		i++;
	}
	return JSON.parse(out + text.slice(copiedUpTo));
}
