import type { IDataObject } from 'n8n-workflow';

import { tikTokApiRequest, type TikTokContext, type TikTokRequest } from './request';
import {
	coveredByPage,
	mergeScans,
	orderPieces,
	pagesLeft,
	remainderAfter,
	splitCount,
	splitRange,
	targetPagesPerWindow,
	type Keyed,
	type Piece,
	type TimeRange,
} from './windowPlan';

/**
 * Windowed Return All. A cursor returns one page per round trip, so paging a big shop sequentially waits for
 * pages × latency. TikTok's limit is the request rate instead (50 per second per shop and API), so the time range
 * is cut into windows (`<field>_ge` / `<field>_lt` filters) that are paged at the same time, all through the same
 * per-shop throttle. A window whose pages outnumber its share is split again after any page, using the page's last
 * time as the boundary, so the work balances without knowing in advance where the orders are.
 *
 * The result is what one sequential cursor returns, in the same order:
 * - windows are disjoint time ranges whose pieces are concatenated by time;
 * - the newest end (from the newest time seen at the start on) is read separately after all windows. An item
 *   changed during the run gets an update time at least that new, so when windows follow the update time, that end
 *   is read again until two reads agree, and the newest version of each item is kept, in its new place. An item is
 *   therefore never lost by moving out of a window that had not been read yet.
 */
export interface WindowedSearch {
	/** Key of the item's ID (`id`, `return_id`, `cancel_id`). */
	idKey: string;
	/** Sort the endpoint uses when the request names none. */
	defaultSortField: 'create_time' | 'update_time';
	defaultSortOrder: 'ASC' | 'DESC';
	/** Smallest page size the endpoint accepts, for the one-item probe of the other end. */
	minPageSize?: number;
	/** Windows paged at the same time (the throttle still paces every call). */
	lanes?: number;
}

export interface WindowedPaging {
	itemsKey: string;
	pageSize: number;
}

/** Below this many pages after the first, one cursor is as fast as probing and splitting. */
export const SEQUENTIAL_IF_PAGES_LEFT_AT_MOST = 4;
export const DEFAULT_LANES = 8;
/** Reads of the newest end when windows follow the update time: stop once two agree, or after this many. */
const MAX_TAIL_SCANS = 5;

interface Page<T> {
	items: T[];
	next: string;
	total: number;
}

export async function tikTokApiRequestAllWindowed<T extends IDataObject = IDataObject>(
	context: TikTokContext,
	request: TikTokRequest,
	{ itemsKey, pageSize }: WindowedPaging,
	spec: WindowedSearch,
): Promise<T[]> {
	const baseQs = request.qs ?? {};
	const field = baseQs.sort_field === 'update_time' || baseQs.sort_field === 'create_time' ? baseQs.sort_field : spec.defaultSortField;
	const descending = (baseQs.sort_order === 'ASC' || baseQs.sort_order === 'DESC' ? baseQs.sort_order : spec.defaultSortOrder) === 'DESC';
	const lanes = Math.max(1, spec.lanes ?? DEFAULT_LANES);
	const body: IDataObject = request.body ?? {};
	const geKey = `${field}_ge`;
	const ltKey = `${field}_lt`;
	const userFrom = typeof body[geKey] === 'number' ? (body[geKey] as number) : undefined;
	const userTo = typeof body[ltKey] === 'number' ? (body[ltKey] as number) : undefined;

	const keyOf = (item: T): number => Number(item[field]);
	const keyed = (item: T): Keyed<T> => ({ item, id: String(item[spec.idKey]), key: keyOf(item), version: Number(item.update_time) || 0 });

	const fetchPage = async (range: Partial<TimeRange>, size: number, token: string, desc = descending): Promise<Page<T>> => {
		const qs: IDataObject = { ...baseQs, sort_field: field, sort_order: desc ? 'DESC' : 'ASC', page_size: size };
		if (token) qs.page_token = token;
		const windowBody: IDataObject = { ...body };
		if (range.from !== undefined) windowBody[geKey] = range.from;
		if (range.to !== undefined) windowBody[ltKey] = range.to;
		const data = await tikTokApiRequest<IDataObject>(context, { ...request, qs, body: windowBody });
		return { items: (data[itemsKey] as T[] | undefined) ?? [], next: String(data.next_page_token ?? ''), total: Number(data.total_count) };
	};
	/** Pages one cursor to its end. */
	const pageThrough = async (range: Partial<TimeRange>, into: T[], token = ''): Promise<T[]> => {
		do {
			const page = await fetchPage(range, pageSize, token);
			into.push(...page.items);
			if (page.items.length === 0) break;
			token = page.next;
		} while (token);
		return into;
	};
	const userRange: Partial<TimeRange> = { from: userFrom, to: userTo };

	// The first page of the plain search: small searches end here or continue on the same cursor.
	const first = await fetchPage(userRange, pageSize, '');
	if (!first.next || first.items.length === 0) return first.items;
	const pagesAfterFirst = pagesLeft(first.total, first.items.length, pageSize);
	const lastKey = keyOf(first.items[first.items.length - 1]);
	const firstKey = keyOf(first.items[0]);
	if (!(pagesAfterFirst > SEQUENTIAL_IF_PAGES_LEFT_AT_MOST) || !Number.isFinite(lastKey) || !Number.isFinite(firstKey)) {
		return await pageThrough(userRange, [...first.items], first.next);
	}

	// The other end of the range: one item, sorted the other way.
	const probe = await fetchPage(userRange, spec.minPageSize ?? 1, '', !descending);
	const otherEnd = probe.items.length ? keyOf(probe.items[0]) : NaN;
	if (!Number.isFinite(otherEnd)) return await pageThrough(userRange, [...first.items], first.next);

	// `tailFrom` starts the newest end, read on its own; windows cover [windowsFrom, tailFrom).
	let head: T[] = [];
	let windows: TimeRange;
	let tailFrom: number;
	const scans: Array<Array<Keyed<T>>> = [];
	if (descending) {
		// The first page is the newest end. When it holds only one second, that second goes to the tail reads whole.
		tailFrom = field === 'update_time' && lastKey === firstKey ? lastKey : lastKey + 1;
		if (tailFrom === lastKey + 1) scans.push(first.items.filter((item) => keyOf(item) >= tailFrom).map(keyed));
		windows = { from: Math.max(userFrom ?? -Infinity, otherEnd), to: tailFrom };
	} else {
		head = first.items.filter((item) => coveredByPage(keyOf(item), lastKey, false));
		// An update in the newest second moves an item to that second, not past it, so that second is re-read too.
		tailFrom = field === 'update_time' ? otherEnd : otherEnd + 1;
		if (userTo !== undefined) tailFrom = Math.min(tailFrom, userTo);
		windows = { from: lastKey, to: Math.max(lastKey, tailFrom) };
	}

	const pieces = await pageWindows(windows, pagesAfterFirst, lanes, pageSize, keyOf, descending, fetchPage);

	const tailRange: Partial<TimeRange> = { from: tailFrom, to: userTo };
	if (userTo === undefined || tailFrom < userTo) {
		const scan = async () => (await pageThrough(tailRange, [])).map(keyed);
		if (field === 'update_time') {
			// Until two reads agree (the first page counts as one when it covered the whole end).
			do scans.push(await scan());
			while (scans.length < MAX_TAIL_SCANS && (scans.length < 2 || !sameScan(scans[scans.length - 1], scans[scans.length - 2])));
		} else if (!descending) {
			// Orders created during the run, where a sequential run meets them: at its end.
			scans.push(await scan());
		}
	}
	const tail = mergeScans(scans, descending);

	const tailIds = new Set(tail.map((entry) => entry.id));
	const notMoved = tailIds.size ? (item: T) => !tailIds.has(String(item[spec.idKey])) : () => true;
	const out: T[] = [];
	const push = (list: T[]) => {
		for (const item of list) if (notMoved(item)) out.push(item);
	};
	if (descending) for (const entry of tail) out.push(entry.item);
	push(head);
	for (const piece of orderPieces(pieces, descending)) push(piece.items);
	if (!descending) for (const entry of tail) out.push(entry.item);
	return out;
}

function sameScan<T>(a: Array<Keyed<T>>, b: Array<Keyed<T>>): boolean {
	if (a.length !== b.length) return false;
	const versions = new Map(a.map((entry) => [entry.id, entry.version]));
	return b.every((entry) => versions.get(entry.id) === entry.version);
}

interface Job {
	range: TimeRange;
	/** Estimated pages, until its first page tells. */
	pages: number;
}

/** Pages every window of `range` with `lanes` cursors at once; returns the covered pieces, unordered. */
async function pageWindows<T>(
	range: TimeRange,
	estimatedPages: number,
	lanes: number,
	pageSize: number,
	keyOf: (item: T) => number,
	descending: boolean,
	fetchPage: (range: TimeRange, size: number, token: string) => Promise<Page<T>>,
): Promise<Array<Piece<T>>> {
	const width = (r: TimeRange) => r.to - r.from;
	const total = Math.max(1, width(range));
	const queue: Job[] = splitRange(range, lanes * 2).map((r) => ({ range: r, pages: (estimatedPages * width(r)) / total }));
	const active = new Set<Job>();
	const pieces: Array<Piece<T>> = [];
	let failure: { error: unknown } | undefined;
	let waiting: Array<() => void> = [];
	const wake = () => {
		const list = waiting;
		waiting = [];
		for (const resolve of list) resolve();
	};
	const remainingPages = () => {
		let sum = 0;
		for (const job of queue) sum += job.pages;
		for (const job of active) sum += job.pages;
		return sum;
	};

	const runWindow = async (job: Job) => {
		const items: T[] = [];
		let token = '';
		for (;;) {
			const page = await fetchPage(job.range, pageSize, token);
			if (failure) return;
			for (const item of page.items) items.push(item);
			token = page.next;
			if (!token || page.items.length === 0) break;
			const left = pagesLeft(page.total, items.length, pageSize);
			job.pages = Number.isFinite(left) ? left : job.pages;
			const target = targetPagesPerWindow(remainingPages(), lanes);
			// Splitting costs a partly filled last page per new window: only when lanes would otherwise run dry.
			if (!(left > target) || queue.length >= lanes) continue;
			const lastKey = keyOf(page.items[page.items.length - 1]);
			const rest = Number.isFinite(lastKey) ? remainderAfter(job.range, lastKey, descending) : undefined;
			if (!rest) continue;
			// Keep what this window's pages fully covered; the rest becomes new windows, started next by idle lanes.
			const covered = descending ? { from: rest.to, to: job.range.to } : { from: job.range.from, to: rest.from };
			pieces.push({ range: covered, items: items.filter((item) => coveredByPage(keyOf(item), lastKey, descending)) });
			// Enough new windows for the lanes about to run dry; each is split again later if need be.
			const parts = splitRange(rest, Math.min(splitCount(left, target, width(rest)), Math.max(2, lanes - queue.length)));
			queue.unshift(...parts.map((r) => ({ range: r, pages: (left * width(r)) / width(rest) })));
			wake();
			return;
		}
		pieces.push({ range: job.range, items });
	};

	const lane = async (): Promise<void> => {
		for (;;) {
			if (failure) return;
			const job = queue.shift();
			if (!job) {
				if (active.size === 0) return wake();
				await new Promise<void>((resolve) => waiting.push(resolve));
				continue;
			}
			active.add(job);
			try {
				await runWindow(job);
			} catch (error) {
				failure ??= { error };
			} finally {
				active.delete(job);
				wake();
			}
		}
	};
	await Promise.all(Array.from({ length: lanes }, lane));
	if (failure) throw failure.error;
	return pieces;
}

/**
 * How each searchable list is windowed, by its key in `data` (the sort each endpoint uses when none is given).
 * https://partner.tiktokshop.com/docv2/page/get-order-list-202309 (newest created first)
 * https://partner.tiktokshop.com/docv2/page/search-returns-202309 (oldest created first; cancellations alike)
 */
export const WINDOWED_SEARCHES: Record<string, WindowedSearch> = {
	orders: { idKey: 'id', defaultSortField: 'create_time', defaultSortOrder: 'DESC' },
	return_orders: { idKey: 'return_id', defaultSortField: 'create_time', defaultSortOrder: 'ASC' },
	cancellations: { idKey: 'cancel_id', defaultSortField: 'create_time', defaultSortOrder: 'ASC' },
};
