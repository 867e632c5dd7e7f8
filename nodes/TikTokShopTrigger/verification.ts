import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

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
/**
 * How often one n8n process writes new entries to static data. n8n loads a workflow's static data for every
 * webhook call and writes it whole (one database row per workflow) whenever a call changed it; writing on every
 * delivery made each delivery wait for the others' writes of the same row. Writing at most once a second costs
 * one write per second of traffic, and the first delivery after a quiet second is written at once.
 */
export const DELIVERY_LOG_SAVE_INTERVAL_MS = 1000;

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
	return mergeLogs(log, new Map([[key, now]]), now);
}

/** The union of a stored log and this process's entries, without expired ones, at most the newest MAX entries. */
function mergeLogs(stored: DeliveryLog | undefined, memory: Map<string, number>, now: number): DeliveryLog {
	const union = new Map<string, number>();
	for (const [key, seenAt] of Object.entries(stored ?? {})) {
		if (typeof seenAt === 'number' && now - seenAt <= DELIVERY_LOG_MAX_AGE_SECONDS) union.set(key, seenAt);
	}
	for (const [key, seenAt] of memory) {
		if (now - seenAt > DELIVERY_LOG_MAX_AGE_SECONDS) continue;
		const known = union.get(key);
		if (known === undefined || seenAt < known) union.set(key, seenAt);
	}
	const entries = [...union].sort((a, b) => a[1] - b[1]).slice(-DELIVERY_LOG_MAX_ENTRIES);
	const next: DeliveryLog = {};
	for (const [key, seenAt] of entries) next[key] = seenAt;
	return next;
}

/** One trigger's log in this n8n process: keys in the order accepted (so oldest first), and what is not yet stored. */
interface ProcessLog {
	seen: Map<string, number>;
	unsaved: number;
	lastSaveMs: number;
}

/**
 * The log per trigger (workflow, node, mode) in this n8n process's memory. It sees every call of the process, so a
 * redelivery to the same process is caught even before static data is written, and calls answered at the same
 * moment (each loading and saving its own copy of static data) cannot drop each other's entries: each write is the
 * union of what was stored and what this process accepted.
 */
const processLogs = new Map<string, ProcessLog>();

export interface DeliveryDecision {
	/** true: an event already accepted (here, or by any process that wrote static data); start nothing */
	duplicate: boolean;
	/** set when static data should be written now (assign it to the node's static data); otherwise leave it alone */
	save?: DeliveryLog;
}

/**
 * Checks `key` against the stored log (static data, shared by every process and restart) and this process's
 * memory, remembers it when new, and says whether to write static data now: when this process holds entries not
 * yet written and its last write is at least DELIVERY_LOG_SAVE_INTERVAL_MS old (duplicates flush too).
 */
export function checkAndRememberDelivery(scope: string, stored: DeliveryLog | undefined, key: string, nowMs: number): DeliveryDecision {
	const now = Math.floor(nowMs / 1000);
	let memory = processLogs.get(scope);
	if (!memory) {
		memory = { seen: new Map(), unsaved: 0, lastSaveMs: Number.NEGATIVE_INFINITY };
		processLogs.set(scope, memory);
	}
	const seenAt = memory.seen.get(key);
	const duplicate = wasDelivered(stored, key, now) || (seenAt !== undefined && now - seenAt <= DELIVERY_LOG_MAX_AGE_SECONDS);
	if (!duplicate) {
		memory.seen.delete(key);
		memory.seen.set(key, now);
		memory.unsaved += 1;
		// oldest first: drop from the front what is too old or beyond the bound
		for (const [oldKey, oldAt] of memory.seen) {
			if (memory.seen.size <= DELIVERY_LOG_MAX_ENTRIES && now - oldAt <= DELIVERY_LOG_MAX_AGE_SECONDS) break;
			memory.seen.delete(oldKey);
		}
	}
	if (memory.unsaved === 0 || nowMs - memory.lastSaveMs < DELIVERY_LOG_SAVE_INTERVAL_MS) return { duplicate };
	memory.unsaved = 0;
	memory.lastSaveMs = nowMs;
	return { duplicate, save: mergeLogs(stored, memory.seen, now) };
}

/** Forgets this process's logs (tests: a fresh process). */
export function forgetProcessDeliveryLogs(): void {
	processLogs.clear();
}

/**
 * The credential's App Key and App Secret per trigger in this process, so a delivery does not load and decrypt the
 * credential again. Kept at most APP_SECRET_CACHE_MS; a signature that does not match the kept secret is checked
 * again with the credential as stored now, so a changed App Secret applies at once.
 */
export const APP_SECRET_CACHE_MS = 60_000;

export interface AppKeys {
	appKey: string;
	appSecret: string;
}

const appKeyCache = new Map<string, AppKeys & { atMs: number }>();

export function cachedAppKeys(key: string, nowMs: number): AppKeys | undefined {
	const hit = appKeyCache.get(key);
	if (!hit) return undefined;
	if (nowMs - hit.atMs >= APP_SECRET_CACHE_MS || nowMs < hit.atMs) {
		appKeyCache.delete(key);
		return undefined;
	}
	return { appKey: hit.appKey, appSecret: hit.appSecret };
}

export function rememberAppKeys(key: string, keys: AppKeys, nowMs: number): void {
	appKeyCache.set(key, { ...keys, atMs: nowMs });
}

export function forgetAppKeys(key?: string): void {
	if (key === undefined) appKeyCache.clear();
	else appKeyCache.delete(key);
}
