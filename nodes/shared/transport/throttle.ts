import { sleep } from 'n8n-workflow';

/**
 * Client-side pacing per shop and endpoint. TikTok allows 50 requests per second per API for each app + shop
 * and answers 429 above that (https://partner.tiktokshop.com/docv2/page/rate-limits). Two rules together:
 * - sends are spaced evenly (at most a few back to back), so a stalled event loop never releases a burst;
 * - never more than 50 sends in any window a little longer than a second, so TikTok's rolling second cannot see 51
 *   even when requests arrive a few milliseconds closer together than they were sent.
 * Together they run a long job at about 49 requests per second, close to the limit without provoking 429.
 * The state is per n8n process, so parallel executions against the same shop share one budget.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 50;
/** TikTok's limit: requests per rolling second, per API and shop. */
export const RATE_LIMIT_PER_SECOND = 50;
/** How much longer than a second the client-side window is: slack for requests arriving closer than they were sent. */
export const WINDOW_MARGIN_MS = 15;
/** Most the margin grows to after 429s (requests arriving much closer together than sent: a loaded machine). */
const MAX_WINDOW_MARGIN_MS = 150;

const nextSlotByKey = new Map<string, number>();
/** Send times of the last RATE_LIMIT_PER_SECOND requests per key, oldest first. */
const sentByKey = new Map<string, number[]>();
/** Extra margin per key, grown by 429s and shrunk again by sends that went through. */
const extraMarginByKey = new Map<string, number>();

/**
 * TikTok refused a request of this key for its rate (429 / 36009002): requests arrive closer together than they
 * are sent here, so keep a wider margin for a while. Each later send takes a little of it back.
 */
export function noteRateLimited(key: string): void {
	extraMarginByKey.set(key, Math.min(MAX_WINDOW_MARGIN_MS, (extraMarginByKey.get(key) ?? 0) + 10));
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

export async function waitForSlot(key: string, requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND): Promise<void> {
	const interval = 1000 / requestsPerSecond;
	// A slot is claimed when the caller is actually about to send, not when it starts waiting: a timer that fires
	// late (busy event loop) must not release several pre-booked requests at once, which TikTok answers with 429.
	for (;;) {
		const now = Date.now();
		const sent = sentByKey.get(key) ?? [];
		const extra = extraMarginByKey.get(key) ?? 0;
		const slot = Math.max(
			nextSlotByKey.get(key) ?? 0,
			windowAllows(sent, RATE_LIMIT_PER_SECOND, 1000 + WINDOW_MARGIN_MS + extra),
		);
		if (slot <= now) {
			if (extra > 0) extraMarginByKey.set(key, Math.max(0, extra - 0.5));
			nextSlotByKey.set(key, Math.max(nextSlotByKey.get(key) ?? 0, now - (MAX_BURST - 1) * interval) + interval);
			sent.push(now);
			if (sent.length > RATE_LIMIT_PER_SECOND) sent.shift();
			sentByKey.set(key, sent);
			if (nextSlotByKey.size > 500) {
				for (const [staleKey, staleSlot] of nextSlotByKey) {
					if (staleSlot < now - 2000) {
						nextSlotByKey.delete(staleKey);
						sentByKey.delete(staleKey);
						extraMarginByKey.delete(staleKey);
					}
				}
			}
			return;
		}
		await sleep(slot - now);
	}
}

/** For tests and benchmarks that need a clean budget. */
export function resetThrottle(): void {
	nextSlotByKey.clear();
	sentByKey.clear();
	extraMarginByKey.clear();
}
