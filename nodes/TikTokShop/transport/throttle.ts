import { sleep } from 'n8n-workflow';

/**
 * Client-side pacing per shop and endpoint. TikTok allows 50 requests per second per API for each app + shop
 * and answers 429 above that (https://partner.tiktokshop.com/docv2/page/rate-limits). Spacing requests evenly
 * below that rate keeps long jobs from ever hitting 429. The state is per n8n process, so parallel executions
 * against the same shop share one budget.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 45;

const nextSlotByKey = new Map<string, number>();

/** Route key: numeric path segments (IDs) collapse, so per-product inventory updates share one budget. */
export function throttleKey(shop: string | undefined, method: string, path: string): string {
	return `${shop ?? '-'} ${method.toUpperCase()} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
}

/** Sends a key may make back to back after a pause; 45/s plus this stays under TikTok's 50 in any second. */
const MAX_BURST = 3;

export async function waitForSlot(key: string, requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND): Promise<void> {
	const interval = 1000 / requestsPerSecond;
	// A slot is claimed when the caller is actually about to send, not when it starts waiting: a timer that fires
	// late (busy event loop) must not release several pre-booked requests at once, which TikTok answers with 429.
	for (;;) {
		const now = Date.now();
		const slot = nextSlotByKey.get(key) ?? 0;
		if (slot <= now) {
			nextSlotByKey.set(key, Math.max(slot, now - (MAX_BURST - 1) * interval) + interval);
			if (nextSlotByKey.size > 500) {
				for (const [staleKey, staleSlot] of nextSlotByKey) if (staleSlot < now) nextSlotByKey.delete(staleKey);
			}
			return;
		}
		await sleep(slot - now);
	}
}

/** For tests and benchmarks that need a clean budget. */
export function resetThrottle(): void {
	nextSlotByKey.clear();
}
