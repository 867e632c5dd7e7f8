import { sleep } from 'n8n-workflow';

import { afterRefusal, evidence, othersUseTheLimit, rateAt, UNLIMITED, type AdaptiveRate } from './adaptiveRate';

/**
 * Client-side pacing per shop and endpoint. TikTok allows 50 requests per second per API for each app + shop
 * and answers 429 above that (https://partner.tiktokshop.com/docv2/page/rate-limits). Two rules together:
 * - sends are spaced evenly (at most a few back to back), so a stalled event loop never releases a burst;
 * - never more than 50 sends in any window a little longer than a second, so TikTok's rolling second cannot see 51
 *   even when requests arrive a few milliseconds closer together than they were sent.
 * Together they run a long job at about 49 requests per second, close to the limit without provoking 429.
 * The state is per n8n process, so parallel executions against the same shop share one budget. Other processes (n8n's
 * queue-mode workers) on the same shop show up only as 429s; adaptiveRate.ts lowers this process's rate for them.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 50;
/** TikTok's limit: requests per rolling second, per API and shop. */
export const RATE_LIMIT_PER_SECOND = 50;
/** How much longer than a second the client-side window is: slack for requests arriving closer than they were sent. */
export const WINDOW_MARGIN_MS = 15;
/** Most the margin grows to after 429s (requests arriving much closer together than sent: a loaded machine). */
const MAX_WINDOW_MARGIN_MS = 150;

const nextSlotByKey = new Map<string, number>();
/** Send times of the last HISTORY requests per key, oldest first (two seconds at the full rate). */
const HISTORY = 2 * RATE_LIMIT_PER_SECOND;
const sentByKey = new Map<string, number[]>();
/** Extra margin per key, grown by 429s and shrunk again by sends that went through. */
const extraMarginByKey = new Map<string, number>();
/** Send times of this key's refused requests (the last HISTORY), and the rate learnt from them. */
const refusedByKey = new Map<string, number[]>();
const adaptiveByKey = new Map<string, AdaptiveRate>();

/**
 * TikTok refused a request of this key for its rate (429 / 36009002). When other processes use part of the shop's
 * budget (adaptiveRate.ts tells from this key's own sends and refusals), lower this process's rate. Otherwise
 * (also when `sentAt` is not known) requests arrived closer together than they were sent here: keep a wider margin
 * for a while, each later send taking a little of it back. A Retry-After pauses the key either way.
 * `sentAt` is what waitForSlot returned for the refused request.
 */
export function noteRateLimited(key: string, sentAt?: number, retryAfterMs?: number): void {
	const now = Date.now();
	const refused = refusedByKey.get(key) ?? [];
	refused.push(sentAt ?? now);
	if (refused.length > HISTORY) refused.shift();
	refusedByKey.set(key, refused);
	const seen = sentAt === undefined ? undefined : evidence(sentByKey.get(key) ?? [], refused, sentAt);
	if (!seen || !othersUseTheLimit(seen)) {
		extraMarginByKey.set(key, Math.min(MAX_WINDOW_MARGIN_MS, (extraMarginByKey.get(key) ?? 0) + 10));
	}
	const state = adaptiveByKey.get(key) ?? UNLIMITED;
	adaptiveByKey.set(key, afterRefusal(state, { now, sentAt: sentAt ?? now, seen, retryAfterMs }));
}

/** This process's current rate for the key, requests per second (for benchmarks and tests). */
export function currentRate(key: string, now = Date.now()): number {
	return rateAt(adaptiveByKey.get(key) ?? UNLIMITED, now);
}

/** Route key: numeric path segments (IDs) collapse, so per-product inventory updates share one budget. */
export function throttleKey(shop: string | undefined, method: string, path: string): string {
	return `${shop ?? '-'} ${method.toUpperCase()} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
}

/** Sends a key may make back to back after a pause. */
const MAX_BURST = 3;

/** Earliest time the rolling-window rule allows the next send, given the previous send times (oldest first). */
export function windowAllows(
	sent: readonly number[],
	limit = RATE_LIMIT_PER_SECOND,
	windowMs = 1000 + WINDOW_MARGIN_MS,
): number {
	return sent.length < limit ? 0 : sent[sent.length - limit] + windowMs;
}

/** Waits until this key may send and claims the slot; returns the send time (for noteRateLimited). */
export async function waitForSlot(key: string, requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND): Promise<number> {
	// A slot is claimed when the caller is actually about to send, not when it starts waiting: a timer that fires
	// late (busy event loop) must not release several pre-booked requests at once, which TikTok answers with 429.
	for (;;) {
		const now = Date.now();
		const sent = sentByKey.get(key) ?? [];
		const extra = extraMarginByKey.get(key) ?? 0;
		const adaptive = adaptiveByKey.get(key) ?? UNLIMITED;
		const interval = 1000 / Math.min(requestsPerSecond, rateAt(adaptive, now));
		const slot = Math.max(
			nextSlotByKey.get(key) ?? 0,
			windowAllows(sent, RATE_LIMIT_PER_SECOND, 1000 + WINDOW_MARGIN_MS + extra),
			adaptive.pausedUntil,
		);
		if (slot <= now) {
			if (extra > 0) extraMarginByKey.set(key, Math.max(0, extra - 0.5));
			nextSlotByKey.set(key, Math.max(nextSlotByKey.get(key) ?? 0, now - (MAX_BURST - 1) * interval) + interval);
			sent.push(now);
			if (sent.length > HISTORY) sent.shift();
			sentByKey.set(key, sent);
			if (nextSlotByKey.size > 500) forgetIdleKeys(now);
			return now;
		}
		await sleep(slot - now);
	}
}

/** Keys idle for two seconds start afresh (at the full rate) next time. */
function forgetIdleKeys(now: number): void {
	for (const [staleKey, staleSlot] of nextSlotByKey) {
		if (staleSlot < now - 2000) {
			for (const map of [nextSlotByKey, sentByKey, extraMarginByKey, refusedByKey, adaptiveByKey]) map.delete(staleKey);
		}
	}
}

/** For tests and benchmarks that need a clean budget. */
export function resetThrottle(): void {
	nextSlotByKey.clear();
	sentByKey.clear();
	extraMarginByKey.clear();
	refusedByKey.clear();
	adaptiveByKey.clear();
}
