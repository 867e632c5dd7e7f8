/**
 * Pure planning for windowed Return All (see windowedSearch.ts): how to cut a time range into windows, when a
 * window is worth splitting, where its remainder lies after a page, and how the pieces are put back in the order
 * one sequential cursor would have returned them. Times are whole Unix seconds; a window is [from, to).
 */

export interface TimeRange {
	/** Inclusive, Unix seconds. */
	from: number;
	/** Exclusive, Unix seconds. */
	to: number;
}

/** Cuts [from, to) into at most `parts` contiguous, non-empty windows of (nearly) equal width. */
export function splitRange(range: TimeRange, parts: number): TimeRange[] {
	const width = range.to - range.from;
	if (width <= 0) return [];
	const count = Math.max(1, Math.min(Math.floor(parts), width));
	const windows: TimeRange[] = [];
	for (let index = 0; index < count; index++) {
		const from = range.from + Math.floor((width * index) / count);
		const to = range.from + Math.floor((width * (index + 1)) / count);
		windows.push({ from, to });
	}
	return windows;
}

/**
 * Pages one window may still page on its own before it is split. Large while much work is left (few, big windows:
 * fewer half-empty last pages), shrinking towards the end so no lane is left paging a long tail alone while the
 * others are idle.
 */
export function targetPagesPerWindow(remainingPages: number, lanes: number): number {
	return Math.max(2, Math.floor(remainingPages / (Math.max(1, lanes) * 2)));
}

/** Pages a window still holds after `fetched` of its `total` items. */
export function pagesLeft(total: number, fetched: number, pageSize: number): number {
	return Math.max(0, Math.ceil((total - fetched) / pageSize));
}

/**
 * After a page of window `range` whose last item has time `lastKey`, the part of the window not yet covered.
 * Newest first: the page covered (lastKey, to), the rest is [from, lastKey + 1) — the items sharing `lastKey` are
 * re-read there, because a window cannot start in the middle of a second. Oldest first: [lastKey, to).
 * Returns undefined when the remainder is too narrow to split (one second) or no narrower than the window itself.
 */
export function remainderAfter(range: TimeRange, lastKey: number, descending: boolean): TimeRange | undefined {
	const remainder = descending
		? { from: range.from, to: Math.min(range.to, lastKey + 1) }
		: { from: Math.max(range.from, lastKey), to: range.to };
	if (remainder.to - remainder.from < 2) return undefined;
	if (remainder.from === range.from && remainder.to === range.to) return undefined;
	return remainder;
}

/** Whether an item with time `key` belongs to the part of a window a page has fully covered (see remainderAfter). */
export function coveredByPage(key: number, lastKey: number, descending: boolean): boolean {
	return descending ? key > lastKey : key < lastKey;
}

/** Into how many windows to cut a remainder of `pages` pages. */
export function splitCount(pages: number, target: number, width: number, maxParts = 16): number {
	return Math.max(1, Math.min(maxParts, width, Math.ceil(pages / Math.max(1, target))));
}

export interface Piece<T> {
	range: TimeRange;
	items: T[];
}

/** Disjoint pieces back in the order of a sequential run: by time, newest first or oldest first. */
export function orderPieces<T>(pieces: Array<Piece<T>>, descending: boolean): Array<Piece<T>> {
	return pieces.slice().sort((a, b) => (descending ? b.range.from - a.range.from : a.range.from - b.range.from));
}

/** TikTok IDs are decimal strings longer than 2^53: compare by length, then digits. */
export function compareIds(a: string, b: string): number {
	if (a.length !== b.length) return a.length - b.length;
	return a < b ? -1 : a > b ? 1 : 0;
}

export interface Keyed<T> {
	item: T;
	id: string;
	key: number;
	/** update_time, to keep the newest version of an item seen twice. */
	version: number;
}

/** Items sorted as the API sorts them: by time, then ID, in the requested direction. */
export function sortKeyed<T>(items: Array<Keyed<T>>, descending: boolean): Array<Keyed<T>> {
	return items.slice().sort((a, b) => {
		const order = a.key - b.key || compareIds(a.id, b.id);
		return descending ? -order : order;
	});
}

/** Identity of every item of a scan together with its version, to see whether anything changed between two scans. */
export function scanSignature<T>(items: Array<Keyed<T>>): string {
	return items
		.map((entry) => `${entry.id}@${entry.version}`)
		.sort()
		.join(',');
}

/**
 * The newest version of each item across several scans of the same newest-end region, in API order. When the last
 * scan saw the same items as the one before (nothing moved while it ran) its own order is kept as is.
 */
export function mergeScans<T>(scans: Array<Array<Keyed<T>>>, descending: boolean): Array<Keyed<T>> {
	if (scans.length === 0) return [];
	if (scans.length === 1) return scans[0];
	const last = scans[scans.length - 1];
	if (scans.length >= 2 && scanSignature(last) === scanSignature(scans[scans.length - 2])) return last;
	const newest = new Map<string, Keyed<T>>();
	for (const scan of scans) {
		for (const entry of scan) {
			const seen = newest.get(entry.id);
			if (!seen || entry.version >= seen.version) newest.set(entry.id, entry);
		}
	}
	return sortKeyed([...newest.values()], descending);
}
