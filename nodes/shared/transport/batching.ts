/** TikTok's per-call limits on lists. */
export const BATCH_LIMITS = {
	/** Get Order Detail `ids`. */
	orderIds: 50,
	/** Add External Order References `orders`, and `line_items` per order. */
	externalReferenceOrders: 100,
	externalReferenceLineItems: 100,
	/** Inventory search. */
	inventoryProductIds: 100,
	inventorySkuIds: 600,
} as const;

export function chunk<T>(items: readonly T[], size: number): T[][] {
	if (size < 1) throw new RangeError('chunk size must be at least 1');
	const chunks: T[][] = [];
	for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
	return chunks;
}

/**
 * Runs `worker` over `items` with at most `concurrency` in flight, keeping results in input order.
 * The throttle still paces each call, so concurrency only hides latency; it never exceeds TikTok's rate.
 */
export async function mapWithConcurrency<T, R>(
	items: readonly T[],
	concurrency: number,
	worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const runners = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await worker(items[index], index);
		}
	});
	await Promise.all(runners);
	return results;
}
