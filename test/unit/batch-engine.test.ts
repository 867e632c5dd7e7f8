/**
 * The batch engine's pure half (nodes/TikTokShop/helpers/batchPlan.ts): grouping per shop and group, deduplication,
 * chunking to the per-call limit, rounds for repeated writes, and handing each entry back its own answer.
 */
import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { batchOutput, cipherOf, prepareBatch, type ItemResult } from '../../nodes/TikTokShop/helpers/batch';
import { groupBy, planBatch, runBatch, type BatchEntry } from '../../nodes/TikTokShop/helpers/batchPlan';

const entry = (itemIndex: number, key: string, shopKey = 'A', group?: string): BatchEntry => ({
	itemIndex,
	key,
	shopKey,
	group,
});

describe('planBatch', () => {
	it('merges a key asked for twice in one shop, keeps shops apart, and chunks to the limit in order of first request', () => {
		const entries = [
			entry(0, '1'),
			entry(0, '2'),
			entry(1, '2'),
			entry(1, '3', 'B'),
			entry(2, '3'),
			entry(2, '4'),
			entry(3, '1', 'B'),
		];
		const plan = planBatch(entries, { limit: 2 });
		expect(plan.rounds).toHaveLength(1);
		expect(plan.rounds[0].map((part) => [part.shopKey, part.keys, part.firstItem])).toEqual([
			['A', ['1', '2'], 0],
			['A', ['3', '4'], 2],
			['B', ['3', '1'], 1],
		]);
		// The duplicate shares the slot of the first request; the same key in another shop does not.
		expect(plan.slotOf(entries[2])).toBe(plan.slotOf(entries[1]));
		expect(plan.slotOf(entries[3])).not.toBe(plan.slotOf(entries[4]));
	});

	it('never mixes groups in a call and takes the limit per group', () => {
		const entries = [
			...Array.from({ length: 5 }, (_, i) => entry(i, `p${i}`, '', 'productIds')),
			...Array.from({ length: 5 }, (_, i) => entry(i, `s${i}`, '', 'skuIds')),
		];
		const plan = planBatch(entries, { limit: (group) => (group === 'skuIds' ? 3 : 2) });
		expect(plan.rounds[0].map((part) => `${part.group}:${part.keys.length}`)).toEqual([
			'productIds:2',
			'productIds:2',
			'productIds:1',
			'skuIds:3',
			'skuIds:2',
		]);
		expect(plan.rounds[0][0].shopKey).toBe('');
	});

	it("'rounds' sends every entry, a repeated key in a later round, so each call names a key once", () => {
		const entries = [
			...Array.from({ length: 230 }, (_, i) => entry(i, String(1000 + i))),
			entry(230, '1000'),
			entry(231, '9999', 'B'),
			entry(232, '1000'),
		];
		const plan = planBatch(entries, { limit: 100, repeats: 'rounds' });
		expect(plan.rounds.map((round) => round.map((part) => part.keys.length))).toEqual([[100, 100, 30, 1], [1], [1]]);
		expect(plan.rounds[0][3].shopKey).toBe('B');
		expect(plan.rounds[1][0].entries[0].itemIndex).toBe(230);
		expect(plan.rounds[2][0].entries[0].itemIndex).toBe(232);
		for (const round of plan.rounds) for (const part of round) expect(new Set(part.keys).size).toBe(part.keys.length);
		expect(plan.slotOf(entries[230])).not.toBe(plan.slotOf(entries[0]));
	});

	it('keeps the key order of each chunk aligned with its entries, and refuses an entry it did not plan', () => {
		const plan = planBatch([entry(0, 'x'), entry(1, 'y')], { limit: 10 });
		const [part] = plan.rounds[0];
		expect(part.entries.map((e) => e.key)).toEqual(part.keys);
		expect(() => plan.slotOf(entry(0, 'x'))).toThrow('not part of this plan');
	});

	it('an empty input plans no call', () => {
		expect(planBatch([], { limit: 50 }).rounds).toEqual([]);
	});
});

describe('runBatch', () => {
	it('hands every entry its answer: value, missing, or the error of its failed call', async () => {
		const entries = [entry(0, '1'), entry(0, '2'), entry(1, '2'), entry(1, '3'), entry(2, '4', 'B')];
		const plan = planBatch(entries, { limit: 2 });
		const calls: string[][] = [];
		const results = await runBatch(plan, 2, async (part) => {
			calls.push(part.keys);
			if (part.keys.includes('3')) throw new Error('TikTok said no');
			// The answer leaves '2' out: it comes back missing.
			return new Map(part.keys.filter((key) => key !== '2').map((key) => [key, `order ${key} of ${part.shopKey}`]));
		});
		expect(calls).toEqual([['1', '2'], ['3'], ['4']]);
		expect(results.get(entries[0])).toEqual({ value: 'order 1 of A' });
		expect(results.get(entries[1])).toEqual({ missing: true });
		expect(results.get(entries[2])).toEqual({ missing: true });
		expect(results.get(entries[3])).toEqual({ error: new Error('TikTok said no') });
		expect(results.get(entries[4])).toEqual({ value: 'order 4 of B' });
	});

	it('runs rounds one after another and keeps each round its own answer for a repeated key', async () => {
		const entries = [entry(0, 'o1'), entry(1, 'o2'), entry(2, 'o1')];
		const plan = planBatch(entries, { limit: 100, repeats: 'rounds' });
		const order: number[][] = [];
		const results = await runBatch(plan, 4, async (part) => {
			order.push(part.entries.map((e) => e.itemIndex));
			return new Map(part.entries.map((e) => [e.key, `written by item ${e.itemIndex}`]));
		});
		expect(order).toEqual([[0, 1], [2]]);
		expect(entries.map((e) => results.get(e))).toEqual([
			{ value: 'written by item 0' },
			{ value: 'written by item 1' },
			{ value: 'written by item 2' },
		]);
	});

	it('keeps at most `concurrency` calls in flight', async () => {
		const plan = planBatch(
			Array.from({ length: 10 }, (_, i) => entry(i, String(i))),
			{ limit: 1 },
		);
		let inFlight = 0;
		let peak = 0;
		await runBatch(plan, 3, async (part) => {
			peak = Math.max(peak, ++inFlight);
			await Promise.resolve();
			await Promise.resolve();
			inFlight--;
			return new Map([[part.keys[0], true]]);
		});
		expect(peak).toBe(3);
	});
});

describe('groupBy', () => {
	it('groups entries per input item in their original order', () => {
		const entries = [entry(1, 'a'), entry(0, 'b'), entry(1, 'c')];
		const byItem = groupBy(entries, (e) => e.itemIndex);
		expect([...byItem.keys()]).toEqual([1, 0]);
		expect(byItem.get(1)?.map((e) => e.key)).toEqual(['a', 'c']);
	});
});

describe('prepareBatch and batchOutput (with a stand-in for n8n)', () => {
	const node: INode = {
		id: 'n1',
		name: 'TikTok Shop',
		type: 'tikTokShop',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const items: INodeExecutionData[] = [{ json: {} }, { json: {} }, { json: {} }, { json: {} }];
	// Items 0 and 3 leave the Shop field empty (the credential is read to resolve it), item 2 names a shop; item 1 has bad input.
	const shops = [
		{ mode: 'list', value: '' },
		{ mode: 'list', value: 'cipherA' },
		{ mode: 'list', value: 'cipherA' },
		{ mode: 'list', value: '' },
	];
	function context(continueOnFail: boolean, credentialReads: { count: number }): IExecuteFunctions {
		return {
			getNode: () => node,
			continueOnFail: () => continueOnFail,
			getNodeParameter: (name: string, itemIndex: number) => (name === 'shop' ? shops[itemIndex] : undefined),
			getCredentials: async () => {
				credentialReads.count++;
				return { shopCipher: 'in the credential' };
			},
		} as unknown as IExecuteFunctions;
	}
	const validate = (itemIndex: number) => {
		if (itemIndex === 1) throw new Error('Order ID is empty');
		return `input ${itemIndex}`;
	};

	it('without Continue On Fail a bad item stops the run before any shop is resolved', async () => {
		const reads = { count: 0 };
		await expect(prepareBatch(context(false, reads), items, validate)).rejects.toMatchObject({
			message: 'Order ID is empty',
			context: { itemIndex: 1 },
		});
		expect(reads.count).toBe(0);
	});

	it('with Continue On Fail keeps the bad item as a failure, resolves each Shop value once, and maps output back in order', async () => {
		const reads = { count: 0 };
		const ctx = context(true, reads);
		const batch = await prepareBatch(ctx, items, validate);
		expect(batch.items.map((item) => [item.itemIndex, item.shopKey, item.input])).toEqual([
			[0, '', 'input 0'],
			[2, 'cipherA', 'input 2'],
			[3, '', 'input 3'],
		]);
		expect(cipherOf('')).toBeUndefined();
		expect(reads.count).toBe(1);
		batch.fail(2, new Error('call failed'));
		batch.fail(2, new Error('a later reason is not kept'));
		expect(batch.live().map((item) => item.itemIndex)).toEqual([0, 3]);
		const output = batchOutput(
			ctx,
			items.length,
			batch.failures,
			(itemIndex) => [{ json: { id: `o${itemIndex}` } }, { error: new Error('not found'), context: { id: 'x' } }],
			{
				failureContext: (itemIndex) => ({ item: itemIndex }),
			},
		);
		expect(output.map((item) => [item.pairedItem, item.json])).toEqual([
			[{ item: 0 }, { id: 'o0' }],
			[{ item: 0 }, { id: 'x', error: 'not found' }],
			[{ item: 1 }, { item: 1, error: 'Order ID is empty' }],
			[{ item: 2 }, { item: 2, error: 'call failed' }],
			[{ item: 3 }, { id: 'o3' }],
			[{ item: 3 }, { id: 'x', error: 'not found' }],
		]);
	});

	it('without Continue On Fail the first error in item order stops the node, after beforeThrow', async () => {
		const ctx = context(false, { count: 0 });
		const results = (itemIndex: number): ItemResult[] =>
			itemIndex === 2 ? [{ error: new Error('refused') }] : [{ json: {} }];
		expect(() =>
			batchOutput(ctx, 4, new Map(), results, {
				beforeThrow: (error) => {
					error.description = '3 other items went through.';
				},
			}),
		).toThrow(
			expect.objectContaining({
				message: 'refused',
				description: '3 other items went through.',
				context: { itemIndex: 2 },
			}),
		);
	});
});
