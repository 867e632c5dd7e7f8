/** Product › Get Many and Product › Get through n8n-core's real execution path (harness) against the emulator. */
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { Product } from '../../emulator/types';
import { json, paired, startTestBed, type TestBed } from './inventory-support';

let bed: TestBed;
const SEARCH = '/product/202502/products/search';

beforeAll(async () => {
	bed = await startTestBed({ seed: 'products-it' });
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

/** The emulator's products of shop 1 as TikTok lists them (newest first). */
const newestFirst = (list: Product[]) =>
	[...list].sort((a, b) => b.create_time - a.create_time || (a.id < b.id ? 1 : -1));

describe('Product › Get Many', () => {
	it('Return All pages through every product (100 per page, query page_size), one item per product', async () => {
		const all = bed.shop.products;
		expect(all.length).toBeGreaterThan(200);
		const result = await bed.run({ resource: 'product', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		const ids = json(result.items).map((p) => p.id);
		expect(ids).toEqual(newestFirst(all).map((p) => p.id));
		expect(paired(result.items).every((index) => index === 0)).toBe(true);
		const calls = bed.requests(SEARCH);
		expect(calls).toHaveLength(Math.ceil(all.length / 100));
		expect(calls.every((call) => call.query.page_size === '100' && call.method === 'POST')).toBe(true);
		expect(calls[0].body).toEqual({});
		expect(calls[1].query.page_token).toBeTruthy();
		// IDs stay strings; prices stay TikTok's decimal strings.
		const first = json(result.items)[0] as { skus: Array<{ id: unknown; price: { sale_price: unknown } }> };
		expect(typeof first.skus[0].id).toBe('string');
		expect(first.skus[0].price.sale_price).toMatch(/^\d+\.\d{2}$/);
	});

	it('Limit returns that many products with the fewest pages', async () => {
		const result = await bed.run({ resource: 'product', operation: 'getAll', returnAll: false, limit: 150 });
		expect(json(result.items).map((p) => p.id)).toEqual(
			newestFirst(bed.shop.products)
				.slice(0, 150)
				.map((p) => p.id),
		);
		expect(bed.requests(SEARCH).map((call) => call.query.page_size)).toEqual(['100', '100']);

		bed.emu.control.clearRequests();
		const small = await bed.run({ resource: 'product', operation: 'getAll', limit: 7 });
		expect(small.items).toHaveLength(7);
		expect(bed.requests(SEARCH).map((call) => call.query.page_size)).toEqual(['7']);
	});

	it('sends the filters as TikTok documents them (status, seller SKUs, SKU IDs, _ge/_le times in Unix seconds) and gets what they match', async () => {
		const live = bed.shop.products.filter((p) => p.status === 'ACTIVATE');
		const result = await bed.run({
			resource: 'product',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'ACTIVATE' },
		});
		expect(
			json(result.items)
				.map((p) => p.id)
				.sort(),
		).toEqual(live.map((p) => p.id).sort());
		expect(json(result.items).every((p) => p.status === 'ACTIVATE')).toBe(true);

		const sorted = [...bed.shop.products].sort((a, b) => a.create_time - b.create_time);
		const from = sorted[40].create_time;
		const to = sorted[80].create_time;
		const updatedFrom = Math.min(...bed.shop.products.map((p) => p.update_time));
		bed.emu.control.clearRequests();
		const ranged = await bed.run({
			resource: 'product',
			operation: 'getAll',
			returnAll: true,
			filters: {
				createTimeFrom: new Date(from * 1000).toISOString(),
				createTimeTo: new Date(to * 1000).toISOString(),
				updateTimeFrom: new Date(updatedFrom * 1000).toISOString(),
			},
		});
		expect(bed.requests(SEARCH)[0].body).toEqual({
			create_time_ge: from,
			create_time_le: to,
			update_time_ge: updatedFrom,
		});
		const expected = bed.shop.products.filter((p) => p.create_time >= from && p.create_time <= to);
		expect(
			json(ranged.items)
				.map((p) => p.id)
				.sort(),
		).toEqual(expected.map((p) => p.id).sort());

		const target = live[3];
		bed.emu.control.clearRequests();
		const bySku = await bed.run({
			resource: 'product',
			operation: 'getAll',
			returnAll: true,
			filters: {
				sellerSkus: `${target.skus[0].seller_sku}, ${live[4].skus[0].seller_sku}`,
				skuIds: target.skus[0].id,
				categoryVersion: 'v2',
				auditStatus: ['APPROVED'],
			},
		});
		expect(bed.requests(SEARCH)[0].body).toEqual({
			seller_skus: [target.skus[0].seller_sku, live[4].skus[0].seller_sku],
			sku_ids: [target.skus[0].id],
			category_version: 'v2',
			audit_status: ['APPROVED'],
		});
		expect(json(bySku.items).map((p) => p.id)).toEqual([target.id]);
	});

	it('rejects more than 10 SKU IDs, non-numeric SKU IDs and reversed time ranges before any call', async () => {
		const ids = bed.shop.products
			.slice(0, 11)
			.map((p) => p.skus[0].id)
			.join(',');
		const tooMany = await bed.run({ resource: 'product', operation: 'getAll', filters: { skuIds: ids } });
		expect(tooMany.error).toBeInstanceOf(NodeOperationError);
		expect(tooMany.error!.message).toBe('Too many SKU IDs: 11 (TikTok accepts at most 10)');

		const reversed = await bed.run({
			resource: 'product',
			operation: 'getAll',
			filters: { createTimeFrom: '2026-05-01T00:00:00Z', createTimeTo: '2026-04-01T00:00:00Z' },
		});
		expect(reversed.error!.message).toBe('"Created After" is later than "Created Before"');

		const letters = await bed.run({ resource: 'product', operation: 'getAll', filters: { skuIds: 'SKU-1' } });
		expect(letters.error!.message).toBe('"SKU-1" is not a valid sku id');
		expect(bed.requests()).toHaveLength(0);
	});
});

describe('Product › Get', () => {
	it('gets one product per input item, with SKUs, prices and stock per warehouse', async () => {
		const [a, b] = bed.shop.products.filter((p) => p.status === 'ACTIVATE');
		const result = await bed.run(
			{ resource: 'product', operation: 'get', productId: '={{ $json.id }}', options: { locale: 'en-US' } },
			{ inputItems: [{ json: { id: a.id } }, { json: { id: b.id } }] },
		);
		expect(result.error).toBeUndefined();
		expect(paired(result.items)).toEqual([0, 1]);
		const out = json(result.items);
		expect(out.map((p) => p.id)).toEqual([a.id, b.id]);
		expect((out[0].skus as IDataObject[]).map((s) => s.id)).toEqual(a.skus.map((s) => s.id));
		expect((out[0].skus as Array<{ inventory: IDataObject[] }>)[0].inventory[0]).toEqual({
			warehouse_id: a.skus[0].warehouseIds[0],
			quantity: a.skus[0].stock[0],
		});
		const calls = bed.requests('/product/202309/products/');
		expect(calls.map((call) => call.path)).toEqual([
			`/product/202309/products/${a.id}`,
			`/product/202309/products/${b.id}`,
		]);
		expect(calls[0].query.locale).toBe('en-US');
	});

	it("a deleted product fails its own item with TikTok's code; with Continue On Fail the others still come back", async () => {
		const deleted = bed.shop.products.find((p) => p.status === 'DELETED')!;
		const live = bed.shop.products.find((p) => p.status === 'ACTIVATE')!;
		const result = await bed.run(
			{ resource: 'product', operation: 'get', productId: '={{ $json.id }}' },
			{ inputItems: [{ json: { id: deleted.id } }, { json: { id: live.id } }], continueOnFail: true },
		);
		const out = json(result.items);
		expect(paired(result.items)).toEqual([0, 1]);
		expect(out[0].error).toBe(
			'TikTok Shop error 12052032: The product does not exist (status DELETED products cannot be retrieved)',
		);
		expect(out[1].id).toBe(live.id);

		const strict = await bed.run({ resource: 'product', operation: 'get', productId: deleted.id });
		expect(strict.error).toBeInstanceOf(NodeApiError);
	});

	it('one product ID per item, validated before any call', async () => {
		const result = await bed.run(
			{ resource: 'product', operation: 'get', productId: '={{ $json.id }}' },
			{ inputItems: [{ json: { id: bed.shop.products[0].id } }, { json: { id: '1,2' } }] },
		);
		expect(result.error!.message).toBe('Enter one product ID per item');
		expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
		expect(bed.requests()).toHaveLength(0);
	});
});
