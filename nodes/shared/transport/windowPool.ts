import { coveredByPage, pagesLeft, remainderAfter, splitCount, splitRange, targetPagesPerWindow } from './windowPlan';
import type { Piece, TimeRange } from './windowPlan';

/**
 * The lanes of a windowed Return All (transport/windowedSearch.ts): each lane pages one window at a time; a window
 * that turns out larger than its share is split after any page and its rest queued for idle lanes.
 */
export interface Page<T> {
	items: T[];
	next: string;
	total: number;
}

interface Job {
	range: TimeRange;
	/** Estimated pages, until its first page tells. */
	pages: number;
}

/** The windows waiting and being paged, shared by the lanes. */
interface Pool<T> {
	lanes: number;
	pageSize: number;
	descending: boolean;
	keyOf: (item: T) => number;
	fetchPage: (range: TimeRange, size: number, token: string) => Promise<Page<T>>;
	queue: Job[];
	active: Set<Job>;
	pieces: Array<Piece<T>>;
	failure?: { error: unknown };
	waiting: Array<() => void>;
}

const width = (r: TimeRange) => r.to - r.from;

function wake<T>(pool: Pool<T>): void {
	const list = pool.waiting;
	pool.waiting = [];
	for (const resolve of list) resolve();
}

function remainingPages<T>(pool: Pool<T>): number {
	let sum = 0;
	for (const job of pool.queue) sum += job.pages;
	for (const job of pool.active) sum += job.pages;
	return sum;
}

/** Pages every window of `range` with `lanes` cursors at once; returns the covered pieces, unordered. */
export async function pageWindows<T>(
	range: TimeRange,
	estimatedPages: number,
	lanes: number,
	pageSize: number,
	keyOf: (item: T) => number,
	descending: boolean,
	fetchPage: (range: TimeRange, size: number, token: string) => Promise<Page<T>>,
): Promise<Array<Piece<T>>> {
	const total = Math.max(1, width(range));
	const queue: Job[] = splitRange(range, lanes * 2).map((r) => ({
		range: r,
		pages: (estimatedPages * width(r)) / total,
	}));
	const pool: Pool<T> = {
		lanes,
		pageSize,
		descending,
		keyOf,
		fetchPage,
		queue,
		active: new Set(),
		pieces: [],
		waiting: [],
	};
	await Promise.all(Array.from({ length: lanes }, async () => await lane(pool)));
	if (pool.failure) throw pool.failure.error;
	return pool.pieces;
}

/** One cursor: takes the next window, pages it, and waits while other lanes may still split theirs. */
async function lane<T>(pool: Pool<T>): Promise<void> {
	for (;;) {
		if (pool.failure) return;
		const job = pool.queue.shift();
		if (!job) {
			if (pool.active.size === 0) return wake(pool);
			await new Promise<void>((resolve) => pool.waiting.push(resolve));
			continue;
		}
		pool.active.add(job);
		try {
			await runWindow(pool, job);
		} catch (error) {
			pool.failure ??= { error };
		} finally {
			pool.active.delete(job);
			wake(pool);
		}
	}
}

/** Pages one window; when it turns out larger than its share, keeps what it covered and queues the rest, split. */
async function runWindow<T>(pool: Pool<T>, job: Job): Promise<void> {
	const items: T[] = [];
	let token = '';
	for (;;) {
		const page = await pool.fetchPage(job.range, pool.pageSize, token);
		if (pool.failure) return;
		for (const item of page.items) items.push(item);
		token = page.next;
		if (!token || page.items.length === 0) break;
		const left = pagesLeft(page.total, items.length, pool.pageSize);
		job.pages = Number.isFinite(left) ? left : job.pages;
		if (splitRest(pool, job, items, page, left)) return;
	}
	pool.pieces.push({ range: job.range, items });
}

function splitRest<T>(pool: Pool<T>, job: Job, items: T[], page: Page<T>, left: number): boolean {
	const { keyOf, descending, queue, lanes } = pool;
	const target = targetPagesPerWindow(remainingPages(pool), lanes);
	// Splitting costs a partly filled last page per new window: only when lanes would otherwise run dry.
	if (!(left > target) || queue.length >= lanes) return false;
	const lastKey = keyOf(page.items[page.items.length - 1]);
	const rest = Number.isFinite(lastKey) ? remainderAfter(job.range, lastKey, descending) : undefined;
	if (!rest) return false;
	// Keep what this window's pages fully covered; the rest becomes new windows, started next by idle lanes.
	const covered = descending ? { from: rest.to, to: job.range.to } : { from: job.range.from, to: rest.from };
	pool.pieces.push({ range: covered, items: items.filter((item) => coveredByPage(keyOf(item), lastKey, descending)) });
	// Enough new windows for the lanes about to run dry; each is split again later if need be.
	const parts = splitRange(rest, Math.min(splitCount(left, target, width(rest)), Math.max(2, lanes - queue.length)));
	queue.unshift(...parts.map((r) => ({ range: r, pages: (left * width(r)) / width(rest) })));
	wake(pool);
	return true;
}
