import { chunk, mapWithConcurrency } from '../../shared/transport/batching';

/**
 * The pure half of the batch engine (batch.ts has the n8n half): how the work of many input items is grouped per
 * shop, deduplicated, cut to TikTok's per-call limit, run, and handed back to the items that asked for it.
 */

/** One thing an input item asks for: an ID (`key`) in a shop, in a lane (`group`) such as "by SKU ID" or a platform. */
export interface BatchEntry {
	itemIndex: number;
	/** The shop cipher, '' for the credential's own shop. */
	shopKey: string;
	key: string;
	/** Entries of different groups never share a call (e.g. product IDs and SKU IDs of Inventory Search). */
	group?: string;
}

/** One call's worth of entries: one shop, one group, at most `limit` keys, each key once. */
export interface BatchChunk<E extends BatchEntry> {
	shopKey: string;
	group: string;
	/** `keys[i]` is `entries[i].key`. */
	keys: string[];
	entries: E[];
	/** The item the call is made for (errors of the call name it): the first entry's. */
	firstItem: number;
}

export interface BatchPlan<E extends BatchEntry> {
	/** Rounds run one after another; the chunks of a round run concurrently. */
	rounds: Array<Array<BatchChunk<E>>>;
	/** Where an entry's answer is stored (shared by every entry asking for the same key in 'merge' mode). */
	slotOf: (entry: E) => string;
}

export interface BatchPlanOptions {
	/** Keys per call, or per group (e.g. 100 product IDs but 600 SKU IDs). */
	limit: number | ((group: string) => number);
	/**
	 * 'merge' (default): a key asked for again in the same shop and group is fetched once and shared.
	 * 'rounds': every entry is sent, a repeated key in a later round, so a call names each key once and later
	 * entries are sent after earlier ones (writes: the later input item wins).
	 */
	repeats?: 'merge' | 'rounds';
}

/** Entries of one input item, or of one shop, in their original order. */
export function groupBy<E, K>(entries: readonly E[], keyOf: (entry: E) => K): Map<K, E[]> {
	const groups = new Map<K, E[]>();
	for (const entry of entries) {
		const group = groups.get(keyOf(entry));
		if (group) group.push(entry);
		else groups.set(keyOf(entry), [entry]);
	}
	return groups;
}

/** The first entry of each key, in order (e.g. orders that came back twice while paging). */
export function uniqueBy<E>(entries: readonly E[], keyOf: (entry: E) => string): E[] {
	const seen = new Set<string>();
	return entries.filter((entry) => {
		const key = keyOf(entry);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

function laneOf(entry: BatchEntry): string {
	return JSON.stringify([entry.shopKey, entry.group ?? '']);
}

/** Splits entries into rounds of per-shop, per-group chunks (shops and groups in order of first appearance). */
export function planBatch<E extends BatchEntry>(
	entries: readonly E[],
	{ limit, repeats = 'merge' }: BatchPlanOptions,
): BatchPlan<E> {
	const seen = new Map<string, number>();
	const slots = new Map<E, string>();
	const rounds: E[][] = [];
	for (const entry of entries) {
		const id = JSON.stringify([laneOf(entry), entry.key]);
		const count = seen.get(id) ?? 0;
		seen.set(id, count + 1);
		const round = repeats === 'rounds' ? count : 0;
		slots.set(entry, `${round}|${id}`);
		if (repeats === 'merge' && count > 0) continue;
		(rounds[round] ??= []).push(entry);
	}
	const sizeOf = typeof limit === 'number' ? () => limit : limit;
	return {
		rounds: rounds.map((round) =>
			[...groupBy(round, laneOf).values()].flatMap((lane) =>
				chunk(lane, sizeOf(lane[0].group ?? '')).map((part) => ({
					shopKey: part[0].shopKey,
					group: part[0].group ?? '',
					keys: part.map((entry) => entry.key),
					entries: part,
					firstItem: part[0].itemIndex,
				})),
			),
		),
		slotOf: (entry) => {
			const slot = slots.get(entry);
			if (slot === undefined) throw new Error(`Entry ${entry.key} of item ${entry.itemIndex} is not part of this plan`);
			return slot;
		},
	};
}

/** What a call answered for one entry: its value, nothing (the answer left the key out), or the call's error. */
export type BatchOutcome<R> = { value: R } | { missing: true } | { error: Error };

export interface BatchResults<E extends BatchEntry, R> {
	get(entry: E): BatchOutcome<R>;
}

/**
 * Runs every chunk of the plan through `call`, at most `concurrency` calls of a round at once. `call` answers
 * with a value per key; a key it leaves out is `missing`, and when it throws, every key of the chunk gets the error.
 */
export async function runBatch<E extends BatchEntry, R>(
	plan: BatchPlan<E>,
	concurrency: number,
	call: (chunk: BatchChunk<E>) => Promise<Map<string, R>>,
): Promise<BatchResults<E, R>> {
	const answers = new Map<string, BatchOutcome<R>>();
	for (const round of plan.rounds) {
		await mapWithConcurrency(round, concurrency, async (part) => {
			let outcome: (key: string) => BatchOutcome<R>;
			try {
				const values = await call(part);
				outcome = (key) => (values.has(key) ? { value: values.get(key) as R } : { missing: true });
			} catch (error) {
				outcome = () => ({ error: error as Error });
			}
			for (const entry of part.entries) answers.set(plan.slotOf(entry), outcome(entry.key));
		});
	}
	return {
		get: (entry) =>
			answers.get(plan.slotOf(entry)) ?? { error: new Error(`${entry.key} was not sent: its call did not run`) },
	};
}
