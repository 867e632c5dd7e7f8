import type { IDataObject } from 'n8n-workflow';

import { tikTokApiRequest, type TikTokContext, type TikTokRequest } from './request';
import { coveredByPage, mergeScans, orderPieces, pagesLeft } from './windowPlan';
import type { Keyed, Piece, TimeRange } from './windowPlan';
import { pageWindows, type Page } from './windowPool';

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

/** One Return All: the request's sort, range and page reader, shared by the steps below. */
interface Search<T> {
	field: string;
	descending: boolean;
	lanes: number;
	userFrom?: number;
	userTo?: number;
	pageSize: number;
	idKey: string;
	keyOf: (item: T) => number;
	keyed: (item: T) => Keyed<T>;
	fetchPage: (range: Partial<TimeRange>, size: number, token: string, desc?: boolean) => Promise<Page<T>>;
}

function openSearch<T extends IDataObject>(
	context: TikTokContext,
	request: TikTokRequest,
	{ itemsKey, pageSize }: WindowedPaging,
	spec: WindowedSearch,
): Search<T> {
	const baseQs = request.qs ?? {};
	const field =
		baseQs.sort_field === 'update_time' || baseQs.sort_field === 'create_time'
			? baseQs.sort_field
			: spec.defaultSortField;
	const descending =
		(baseQs.sort_order === 'ASC' || baseQs.sort_order === 'DESC' ? baseQs.sort_order : spec.defaultSortOrder) ===
		'DESC';
	const body: IDataObject = request.body ?? {};
	const geKey = `${field}_ge`;
	const ltKey = `${field}_lt`;
	const keyOf = (item: T): number => Number(item[field]);
	return {
		field,
		descending,
		lanes: Math.max(1, spec.lanes ?? DEFAULT_LANES),
		userFrom: typeof body[geKey] === 'number' ? (body[geKey] as number) : undefined,
		userTo: typeof body[ltKey] === 'number' ? (body[ltKey] as number) : undefined,
		pageSize,
		idKey: spec.idKey,
		keyOf,
		keyed: (item) => ({ item, id: String(item[spec.idKey]), key: keyOf(item), version: Number(item.update_time) || 0 }),
		fetchPage: async (range, size, token, desc = descending) => {
			const qs: IDataObject = { ...baseQs, sort_field: field, sort_order: desc ? 'DESC' : 'ASC', page_size: size };
			if (token) qs.page_token = token;
			const windowBody: IDataObject = { ...body };
			if (range.from !== undefined) windowBody[geKey] = range.from;
			if (range.to !== undefined) windowBody[ltKey] = range.to;
			const data = await tikTokApiRequest<IDataObject>(context, { ...request, qs, body: windowBody });
			return {
				items: (data[itemsKey] as T[] | undefined) ?? [],
				next: String(data.next_page_token ?? ''),
				total: Number(data.total_count),
			};
		},
	};
}

/** Pages one cursor to its end. */
async function pageThrough<T>(search: Search<T>, range: Partial<TimeRange>, into: T[], token = ''): Promise<T[]> {
	do {
		const page = await search.fetchPage(range, search.pageSize, token);
		into.push(...page.items);
		if (page.items.length === 0) break;
		token = page.next;
	} while (token);
	return into;
}

export async function tikTokApiRequestAllWindowed<T extends IDataObject = IDataObject>(
	context: TikTokContext,
	request: TikTokRequest,
	paging: WindowedPaging,
	spec: WindowedSearch,
): Promise<T[]> {
	const search = openSearch<T>(context, request, paging, spec);
	const { keyOf, descending, userFrom, userTo } = search;
	const userRange: Partial<TimeRange> = { from: userFrom, to: userTo };

	// The first page of the plain search: small searches end here or continue on the same cursor.
	const first = await search.fetchPage(userRange, search.pageSize, '');
	if (!first.next || first.items.length === 0) return first.items;
	const pagesAfterFirst = pagesLeft(first.total, first.items.length, search.pageSize);
	const lastKey = keyOf(first.items[first.items.length - 1]);
	const firstKey = keyOf(first.items[0]);
	if (
		!(pagesAfterFirst > SEQUENTIAL_IF_PAGES_LEFT_AT_MOST) ||
		!Number.isFinite(lastKey) ||
		!Number.isFinite(firstKey)
	) {
		return await pageThrough(search, userRange, [...first.items], first.next);
	}

	// The other end of the range: one item, sorted the other way.
	const probe = await search.fetchPage(userRange, spec.minPageSize ?? 1, '', !descending);
	const otherEnd = probe.items.length ? keyOf(probe.items[0]) : NaN;
	if (!Number.isFinite(otherEnd)) return await pageThrough(search, userRange, [...first.items], first.next);

	const plan = planEnds(search, first.items, firstKey, lastKey, otherEnd);
	const pieces = await pageWindows(
		plan.windows,
		pagesAfterFirst,
		search.lanes,
		search.pageSize,
		keyOf,
		descending,
		search.fetchPage,
	);
	const tail = await readTail(search, plan.tailFrom, plan.scans);
	return assemble(search, plan.head, pieces, tail);
}

/**
 * Where the windows and the separately read newest end lie: `tailFrom` starts the newest end, windows cover
 * [from, tailFrom). In ascending order the first page's fully covered items (`head`) come first.
 */
function planEnds<T>(search: Search<T>, firstItems: T[], firstKey: number, lastKey: number, otherEnd: number) {
	const { field, keyOf, userFrom, userTo } = search;
	const scans: Array<Array<Keyed<T>>> = [];
	if (search.descending) {
		// The first page is the newest end. When it holds only one second, that second goes to the tail reads whole.
		const tailFrom = field === 'update_time' && lastKey === firstKey ? lastKey : lastKey + 1;
		if (tailFrom === lastKey + 1) scans.push(firstItems.filter((item) => keyOf(item) >= tailFrom).map(search.keyed));
		const windows: TimeRange = { from: Math.max(userFrom ?? -Infinity, otherEnd), to: tailFrom };
		return { head: [] as T[], windows, tailFrom, scans };
	}
	const head = firstItems.filter((item) => coveredByPage(keyOf(item), lastKey, false));
	// An update in the newest second moves an item to that second, not past it, so that second is re-read too.
	let tailFrom = field === 'update_time' ? otherEnd : otherEnd + 1;
	if (userTo !== undefined) tailFrom = Math.min(tailFrom, userTo);
	const windows: TimeRange = { from: lastKey, to: Math.max(lastKey, tailFrom) };
	return { head, windows, tailFrom, scans };
}

/** Reads the newest end (from `tailFrom`), again until two reads agree when windows follow the update time. */
async function readTail<T>(
	search: Search<T>,
	tailFrom: number,
	scans: Array<Array<Keyed<T>>>,
): Promise<Array<Keyed<T>>> {
	const { userTo } = search;
	const tailRange: Partial<TimeRange> = { from: tailFrom, to: userTo };
	if (userTo === undefined || tailFrom < userTo) {
		const scan = async () => (await pageThrough(search, tailRange, [])).map(search.keyed);
		if (search.field === 'update_time') {
			// Until two reads agree (the first page counts as one when it covered the whole end).
			do scans.push(await scan());
			while (
				scans.length < MAX_TAIL_SCANS &&
				(scans.length < 2 || !sameScan(scans[scans.length - 1], scans[scans.length - 2]))
			);
		} else if (!search.descending) {
			// Orders created during the run, where a sequential run meets them: at its end.
			scans.push(await scan());
		}
	}
	return mergeScans(scans, search.descending);
}

/** The sequential run's order: tail, head, windows (descending) or head, windows, tail; moved items only in the tail. */
function assemble<T extends IDataObject>(
	search: Search<T>,
	head: T[],
	pieces: Array<Piece<T>>,
	tail: Array<Keyed<T>>,
): T[] {
	const tailIds = new Set(tail.map((entry) => entry.id));
	const notMoved = tailIds.size ? (item: T) => !tailIds.has(String(item[search.idKey])) : () => true;
	const out: T[] = [];
	const push = (list: T[]) => {
		for (const item of list) if (notMoved(item)) out.push(item);
	};
	if (search.descending) for (const entry of tail) out.push(entry.item);
	push(head);
	for (const piece of orderPieces(pieces, search.descending)) push(piece.items);
	if (!search.descending) for (const entry of tail) out.push(entry.item);
	return out;
}

function sameScan<T>(a: Array<Keyed<T>>, b: Array<Keyed<T>>): boolean {
	if (a.length !== b.length) return false;
	const versions = new Map(a.map((entry) => [entry.id, entry.version]));
	return b.every((entry) => versions.get(entry.id) === entry.version);
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
