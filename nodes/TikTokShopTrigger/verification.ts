import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { computeWebhookSignature } from '../TikTokShop/transport/signing';

/**
 * TikTok signs each webhook with `Authorization: hex(HMAC-SHA256(app_secret, app_key + raw body))`.
 * The official page only points at the request-signing guide; three independent clients agree on this formula
 * (spec §10.2). Compared in constant time, on the exact bytes received.
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

/** Deliveries already turned into executions, kept in the node's static data so retries never run twice. */
export interface DeliveryLog {
	/** key → Unix seconds when first accepted */
	[key: string]: number;
}

/**
 * TikTok retries a delivery it considers failed at +2 min, +30 min, +3 h and +12 h (about 15.5 h in total), so
 * a key must be remembered a little longer than that; the count bound keeps static data small at high volume.
 */
export const DELIVERY_LOG_MAX_AGE_SECONDS = 24 * 3600;
export const DELIVERY_LOG_MAX_ENTRIES = 2000;

/** `tts_notification_id` when TikTok sends one; older payloads (e.g. address updates) are keyed by a body hash. */
export function deliveryKey(envelope: IDataObject, rawBody: Buffer): string {
	const id = envelope.tts_notification_id;
	if ((typeof id === 'string' && id !== '') || typeof id === 'number') return `n:${String(id)}`;
	return `h:${createHash('sha256').update(rawBody).digest('hex').slice(0, 32)}`;
}

export function wasDelivered(log: DeliveryLog | undefined, key: string, now: number): boolean {
	const seenAt = log?.[key];
	return typeof seenAt === 'number' && now - seenAt <= DELIVERY_LOG_MAX_AGE_SECONDS;
}

/** Returns the log with `key` added and old or excess entries pruned (oldest first). */
export function rememberDelivery(log: DeliveryLog | undefined, key: string, now: number): DeliveryLog {
	const entries = Object.entries(log ?? {}).filter(([, seenAt]) => typeof seenAt === 'number' && now - seenAt <= DELIVERY_LOG_MAX_AGE_SECONDS);
	entries.push([key, now]);
	entries.sort((a, b) => a[1] - b[1]);
	const kept = entries.slice(-DELIVERY_LOG_MAX_ENTRIES);
	const next: DeliveryLog = {};
	for (const [entryKey, seenAt] of kept) next[entryKey] = seenAt;
	return next;
}

/**
 * The same log per trigger (workflow, node, mode) in this n8n process's memory. n8n loads a workflow's static data
 * from its database for every webhook call and saves it whole after the answer, so calls answered at the same
 * moment each save their own copy and drop each other's entries: after a burst of 500 deliveries, 20 at a time, a
 * real n8n 2.41 kept 12 ids and 63 retries ran again (bench/webhook-burst.ts). The memory log sees every call of
 * the process; static data keeps the log across restarts. Each call checks both and saves their union.
 */
const processLogs = new Map<string, DeliveryLog>();

export function checkAndRememberDelivery(
	scope: string,
	stored: DeliveryLog | undefined,
	key: string,
	now: number,
): { duplicate: true } | { duplicate: false; log: DeliveryLog } {
	const memory = processLogs.get(scope);
	if (wasDelivered(stored, key, now) || wasDelivered(memory, key, now)) return { duplicate: true };
	const log = rememberDelivery({ ...(stored ?? {}), ...(memory ?? {}) }, key, now);
	processLogs.set(scope, log);
	return { duplicate: false, log };
}
