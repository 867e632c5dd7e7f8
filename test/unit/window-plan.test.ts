import {
	compareIds,
	coveredByPage,
	mergeScans,
	orderPieces,
	pagesLeft,
	remainderAfter,
	sortKeyed,
	splitCount,
	splitRange,
	targetPagesPerWindow,
	type Keyed,
} from '../../nodes/shared/transport/windowPlan';

const entry = (id: string, key: number, version = key): Keyed<{ id: string }> => ({ item: { id }, id, key, version });

describe('splitRange', () => {
	it('covers the range exactly with contiguous, non-empty windows', () => {
		for (const [from, to, parts] of [
			[0, 100, 7],
			[1700000000, 1700086400, 16],
			[5, 8, 10],
			[10, 11, 4],
		]) {
			const windows = splitRange({ from, to }, parts);
			expect(windows[0].from).toBe(from);
			expect(windows[windows.length - 1].to).toBe(to);
			for (let i = 0; i < windows.length; i++) {
				expect(windows[i].to).toBeGreaterThan(windows[i].from);
				if (i > 0) expect(windows[i].from).toBe(windows[i - 1].to);
			}
			expect(windows.length).toBe(Math.min(parts, to - from));
		}
	});

	it('gives nothing for an empty or reversed range', () => {
		expect(splitRange({ from: 5, to: 5 }, 4)).toEqual([]);
		expect(splitRange({ from: 6, to: 5 }, 4)).toEqual([]);
	});
});

describe('remainderAfter / coveredByPage', () => {
	it('newest first: the page covered everything after its last second; that second is read again', () => {
		expect(remainderAfter({ from: 100, to: 200 }, 150, true)).toEqual({ from: 100, to: 151 });
		expect(coveredByPage(151, 150, true)).toBe(true);
		expect(coveredByPage(150, 150, true)).toBe(false);
	});

	it('oldest first: the page covered everything before its last second', () => {
		expect(remainderAfter({ from: 100, to: 200 }, 150, false)).toEqual({ from: 150, to: 200 });
		expect(coveredByPage(149, 150, false)).toBe(true);
		expect(coveredByPage(150, 150, false)).toBe(false);
	});

	it('refuses a split that would not make progress or cannot be cut', () => {
		// The page stayed in the window's last second: the remainder is the whole window.
		expect(remainderAfter({ from: 100, to: 200 }, 199, true)).toBeUndefined();
		expect(remainderAfter({ from: 100, to: 200 }, 100, false)).toBeUndefined();
		// One second left.
		expect(remainderAfter({ from: 100, to: 200 }, 100, true)).toBeUndefined();
		expect(remainderAfter({ from: 100, to: 200 }, 199, false)).toBeUndefined();
	});
});

describe('how much to split', () => {
	it('pages left from total_count', () => {
		expect(pagesLeft(1000, 100, 100)).toBe(9);
		expect(pagesLeft(1001, 100, 100)).toBe(10);
		expect(pagesLeft(50, 100, 100)).toBe(0);
	});

	it('the target shrinks as the work runs out, never below 2 pages', () => {
		expect(targetPagesPerWindow(432, 8)).toBe(27);
		expect(targetPagesPerWindow(40, 8)).toBe(2);
		expect(targetPagesPerWindow(0, 8)).toBe(2);
	});

	it('split count follows pages ÷ target, bounded by the width in seconds and a maximum', () => {
		expect(splitCount(40, 10, 1000)).toBe(4);
		expect(splitCount(40, 10, 3)).toBe(3);
		expect(splitCount(400, 2, 100000)).toBe(16);
		expect(splitCount(1, 10, 100)).toBe(1);
	});
});

describe('putting pieces back in order', () => {
	const pieces = [
		{ range: { from: 200, to: 300 }, items: ['c'] },
		{ range: { from: 0, to: 100 }, items: ['a'] },
		{ range: { from: 100, to: 200 }, items: ['b'] },
	];
	it('oldest first / newest first', () => {
		expect(orderPieces(pieces, false).flatMap((p) => p.items)).toEqual(['a', 'b', 'c']);
		expect(orderPieces(pieces, true).flatMap((p) => p.items)).toEqual(['c', 'b', 'a']);
	});

	it('IDs beyond 2^53 compare as numbers', () => {
		expect(compareIds('9', '10')).toBeLessThan(0);
		expect(compareIds('576460752303423489', '576460752303423488')).toBeGreaterThan(0);
		expect(sortKeyed([entry('10', 5), entry('9', 5), entry('1', 4)], false).map((e) => e.id)).toEqual(['1', '9', '10']);
		expect(sortKeyed([entry('10', 5), entry('9', 5), entry('1', 4)], true).map((e) => e.id)).toEqual(['10', '9', '1']);
	});
});

describe('mergeScans (re-reads of the newest end)', () => {
	it('two equal reads: the last read as it came', () => {
		const scan = [entry('2', 10), entry('1', 10)];
		expect(mergeScans([[entry('1', 10), entry('2', 10)], scan], true)).toBe(scan);
	});

	it('reads that differ: the newest version of each item, sorted as the API sorts', () => {
		const merged = mergeScans(
			[
				[entry('1', 10), entry('2', 11)],
				[entry('2', 11), entry('3', 12), entry('1', 13)],
			],
			false,
		);
		expect(merged.map((e) => `${e.id}@${e.version}`)).toEqual(['2@11', '3@12', '1@13']);
	});

	it('an item missed by the last read (it moved while that read ran) is kept from the earlier one', () => {
		const merged = mergeScans([[entry('1', 10), entry('2', 11)], [entry('1', 10)]], true);
		expect(merged.map((e) => e.id)).toEqual(['2', '1']);
	});

	it('one read or none', () => {
		const scan = [entry('5', 1)];
		expect(mergeScans([scan], true)).toBe(scan);
		expect(mergeScans([], true)).toEqual([]);
	});
});
