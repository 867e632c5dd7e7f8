/**
 * Failed rows can be told apart: error items keep the fields that identify their input under both "Continue"
 * settings, and Inventory › Update can report a whole run as one summary item (real node, n8n-core, emulator).
 */
import type { IDataObject } from 'n8n-workflow';

import { json, liveProducts, startTestBed, type TestBed } from './inventory-support';

let bed: TestBed;

beforeAll(async () => {
	bed = await startTestBed({ seed: 'error-items', orders: 40 });
});

afterAll(async () => {
	await bed.close();
});

/** A product whose SKUs each sit in one warehouse. */
const product = () =>
	liveProducts(bed.shop).find((p) => p.skus.length >= 2 && p.skus.every((s) => s.warehouseIds.length === 1))!;

const bySellerSku = {
	resource: 'inventory',
	operation: 'update',
	identifyBy: 'sellerSku',
	sellerSku: '={{ $json.sku }}',
	quantity: '={{ $json.qty }}',
};

describe('error items keep what identifies their input', () => {
	it('Continue (regular output): a failed stock row has seller SKU, warehouse and quantity, SKU IDs null, next to the error', async () => {
		const good = product().skus[0];
		const result = await bed.run(bySellerSku, {
			inputItems: [{ json: { sku: good.seller_sku, qty: 5 } }, { json: { sku: 'NO-SUCH-SKU', qty: 7 } }],
			continueOnFail: true,
		});
		const [ok, failed] = json(result.items);
		expect(ok).toMatchObject({ seller_sku: good.seller_sku, status: 'updated', new_quantity: 5 });
		expect(failed).toMatchObject({
			product_id: null,
			sku_id: null,
			seller_sku: 'NO-SUCH-SKU',
			warehouse_id: null,
			quantity: 7,
		});
		expect(failed.error).toContain('No SKU with seller SKU "NO-SUCH-SKU"');
		// the same columns as the successful rows, so a Table view has no undefined cells for the failed one
		for (const field of ['product_id', 'sku_id', 'seller_sku', 'warehouse_id'])
			expect(Object.keys(failed)).toContain(field);
	});

	it('Continue (using error output): the failed row goes to the error output with its input fields', async () => {
		const result = await bed.run(bySellerSku, {
			inputItems: [
				{ json: { sku: product().skus[0].seller_sku, qty: 6 } },
				{ json: { sku: 'NO-SUCH-SKU', qty: 8, row: 2 } },
			],
			onError: 'continueErrorOutput',
		});
		const [success, failed] = result.outputs;
		expect(json(success ?? [])).toHaveLength(1);
		expect(json(failed ?? [])).toEqual([
			{
				sku: 'NO-SUCH-SKU',
				qty: 8,
				row: 2,
				error: expect.stringContaining('NO-SUCH-SKU'),
				details: expect.any(String),
			},
		]);
	});

	it('a return that does not exist keeps its return ID', async () => {
		const result = await bed.run(
			{ resource: 'return', operation: 'getHistory', returnId: '={{ $json.id }}' },
			{ inputItems: [{ json: { id: 'abc' } }], continueOnFail: true },
		);
		expect(json(result.items)).toEqual([
			expect.objectContaining({ return_id: 'abc', error: expect.stringContaining('abc') }),
		]);
	});
});

describe('Inventory › Update, Options › Output: One Summary Item', () => {
	const summaryOf = (result: Awaited<ReturnType<TestBed['run']>>): IDataObject => {
		expect(result.items).toHaveLength(1);
		return result.items[0].json;
	};

	it('counts changed, unchanged and failed SKUs and lists each failure with its SKU and reason', async () => {
		const [a, b] = product().skus;
		await bed.run(bySellerSku, { inputItems: [{ json: { sku: b.seller_sku, qty: 40 } }] });
		const result = await bed.run(
			{ ...bySellerSku, options: { output: 'summary' } },
			{
				inputItems: [
					{ json: { sku: a.seller_sku, qty: 33 } },
					{ json: { sku: b.seller_sku, qty: 40 } },
					{ json: { sku: 'NO-SUCH-SKU', qty: 1 } },
				],
				continueOnFail: true,
			},
		);
		const summary = summaryOf(result);
		expect(summary).toMatchObject({ changed: 1, unchanged: 1, failed: 1, superseded: 0, dry_run: false });
		expect(String(summary.text).split('\n')).toEqual([
			'1 changed, 1 unchanged, 1 failed.',
			expect.stringMatching(new RegExp(`^${a.seller_sku} @ \\d+: \\d+ → 33$`)),
			expect.stringMatching(/^FAILED NO-SUCH-SKU @ -: No SKU with seller SKU "NO-SUCH-SKU"/),
		]);
		expect(summary.changed_skus).toEqual([
			expect.objectContaining({ item: 0, seller_sku: a.seller_sku, new_quantity: 33 }),
		]);
		expect(summary.unchanged_skus).toEqual([
			expect.objectContaining({ item: 1, seller_sku: b.seller_sku, new_quantity: 40 }),
		]);
		expect(summary.failed_skus).toEqual([
			{
				item: 2,
				product_id: null,
				sku_id: null,
				seller_sku: 'NO-SUCH-SKU',
				warehouse_id: null,
				quantity: 1,
				reason: expect.stringContaining('NO-SUCH-SKU'),
				details: expect.any(String),
			},
		]);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('with the error output, the summary is the one success item and the failed row is routed as usual', async () => {
		const result = await bed.run(
			{ ...bySellerSku, options: { output: 'summary' } },
			{
				inputItems: [
					{ json: { sku: product().skus[0].seller_sku, qty: 12 } },
					{ json: { sku: 'NO-SUCH-SKU', qty: 2 } },
				],
				onError: 'continueErrorOutput',
			},
		);
		const [success, failed] = result.outputs;
		expect(json(success ?? [])).toEqual([expect.objectContaining({ changed: 1, failed: 1 })]);
		expect(json(failed ?? [])).toEqual([expect.objectContaining({ sku: 'NO-SUCH-SKU', error: expect.any(String) })]);
	});
});
