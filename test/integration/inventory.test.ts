/**
 * Inventory › Update and Inventory › Get Many through n8n-core's real execution path (harness) against the emulator,
 * signed by the real credential. Final stock is checked in the emulator's state, calls in its request log.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest } from '../../emulator';
import type { Product, Sku } from '../../emulator/types';
import { json, liveProducts, paired, startTestBed, stockOf, type TestBed } from './inventory-support';

let bed: TestBed;
const UPDATE = '/product/202309/products/';
const SEARCH = '/product/202309/inventory/search';

beforeAll(async () => {
	bed = await startTestBed();
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

const updateCalls = () => bed.requests(UPDATE).filter((call) => call.path.endsWith('/inventory/update'));
const singleWarehouseSkus = (product: Product) => product.skus.filter((sku) => sku.warehouseIds.length === 1);
const item = (json: IDataObject): INodeExecutionData => ({ json });

/** Runs Inventory › Update with the fields mapped from each input item. */
async function update(rows: IDataObject[], extra: IDataObject = {}, continueOnFail = false) {
	return await bed.run(
		{
			resource: 'inventory',
			operation: 'update',
			identifyBy: '={{ $json.sellerSku ? "sellerSku" : "skuId" }}',
			productId: '={{ $json.productId }}',
			skuId: '={{ $json.skuId }}',
			sellerSku: '={{ $json.sellerSku }}',
			warehouseId: '={{ $json.warehouseId ?? "" }}',
			quantity: '={{ $json.quantity }}',
			...extra,
		},
		{ inputItems: rows.map(item), continueOnFail },
	);
}

/** Picks products with distinct shapes from the emulator's catalogue (stable for the seed). */
function pick() {
	const live = liveProducts(bed.shop);
	const multiSku = live.filter((p) => p.skus.length >= 3 && p.skus.every((s) => s.warehouseIds.length === 1));
	const twoWarehouse = live.filter((p) => p.skus.some((s) => s.warehouseIds.length === 2));
	const singles = live.filter((p) => p.skus.length >= 2 && singleWarehouseSkus(p).length >= 2);
	return { live, multiSku, twoWarehouse, singles };
}

describe('Inventory › Update', () => {
	it('groups 7 items over 3 products into exactly 3 update calls, one result per item, final stock in TikTok', async () => {
		const { multiSku, singles } = pick();
		const [a, c] = [multiSku[0], multiSku[1]];
		const b = singles.find((p) => p !== a && p !== c)!;
		const rows: IDataObject[] = [
			{ productId: a.id, skuId: a.skus[0].id, quantity: 11 },
			{ productId: b.id, skuId: singleWarehouseSkus(b)[0].id, quantity: 12 },
			{ productId: a.id, skuId: a.skus[1].id, quantity: 13 },
			{ productId: c.id, skuId: c.skus[0].id, quantity: 14 },
			{ productId: a.id, skuId: a.skus[2].id, quantity: '15' }, // text from a sheet is fine
			{ productId: b.id, skuId: singleWarehouseSkus(b)[1].id, quantity: 0 },
			{ productId: c.id, skuId: c.skus[1].id, warehouseId: c.skus[1].warehouseIds[0], quantity: 17 },
		];
		const before = rows.map((row) => bed.emu.state.skuById.get(row.skuId as string)!.stock[0]);

		const result = await update(rows);
		expect(result.error).toBeUndefined();

		const calls = updateCalls();
		expect(calls).toHaveLength(3);
		expect(calls.map((call) => call.path).sort()).toEqual(
			[a, b, c].map((p) => `${UPDATE}${p.id}/inventory/update`).sort(),
		);
		expect(calls.every((call) => call.code === 0)).toBe(true);
		const bodyFor = (p: Product) =>
			calls.find((call) => call.path.includes(p.id))!.body as { skus: Array<{ id: string }> };
		expect(bodyFor(a).skus.map((s) => s.id)).toEqual([a.skus[0].id, a.skus[1].id, a.skus[2].id]);
		// One read (all three products in one inventory search) before writing.
		expect(bed.requests(SEARCH)).toHaveLength(1);

		expect(paired(result.items)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		const out = json(result.items);
		rows.forEach((row, index) => {
			const sku = bed.emu.state.skuById.get(row.skuId as string)!;
			expect(sku.stock[0]).toBe(Number(row.quantity));
			expect(out[index]).toMatchObject({
				product_id: row.productId,
				sku_id: row.skuId,
				seller_sku: sku.seller_sku,
				warehouse_id: sku.warehouseIds[0],
				old_quantity: before[index],
				new_quantity: Number(row.quantity),
				status: 'updated',
			});
		});
	});

	it('keeps the warehouses an item does not name at their current stock (TikTok wants all listed)', async () => {
		const { twoWarehouse } = pick();
		const product = twoWarehouse[0];
		const sku = product.skus.find((s) => s.warehouseIds.length === 2)!;
		const [w1, w2] = sku.warehouseIds;
		const keep = stockOf(sku, w1);

		const result = await update([{ productId: product.id, skuId: sku.id, warehouseId: w2, quantity: 4321 }]);
		expect(result.error).toBeUndefined();
		expect(stockOf(sku, w1)).toBe(keep);
		expect(stockOf(sku, w2)).toBe(4321);
		const [call] = updateCalls();
		expect(call.body).toEqual({
			skus: [
				{
					id: sku.id,
					inventory: [
						{ warehouse_id: w1, quantity: keep },
						{ warehouse_id: w2, quantity: 4321 },
					],
				},
			],
		});
		expect(json(result.items)[0]).toMatchObject({ warehouse_id: w2, new_quantity: 4321, status: 'updated' });
	});

	it('stock sold from an untouched warehouse while a long run is under way is not put back (re-read per wave of 100 products)', async () => {
		// 101 products: the second wave (1 product) is written at least 100 / 45 s after the first read.
		const live = liveProducts(bed.shop).filter((p) => p.skus.every((s) => s.warehouseIds.length === 1));
		const extra = pick().twoWarehouse[1];
		const sku = extra.skus.find((s) => s.warehouseIds.length === 2)!;
		const [kept, set] = sku.warehouseIds;
		const rows: IDataObject[] = live.slice(0, 100).map((p) => ({ productId: p.id, skuId: p.skus[0].id, quantity: 2 }));
		rows.push({ productId: extra.id, skuId: sku.id, warehouseId: set, quantity: 77 });
		const before = stockOf(sku, kept);
		expect(before).toBeGreaterThan(0);

		// An order takes one unit from the untouched warehouse once the first wave is being written.
		let sold = false;
		const watcher = setInterval(() => {
			if (!sold && updateCalls().length >= 10) {
				sku.stock[sku.warehouseIds.indexOf(kept)]--;
				sku.committed[sku.warehouseIds.indexOf(kept)]++;
				sold = true;
			}
		}, 5);
		try {
			const result = await update(rows);
			expect(result.error).toBeUndefined();
		} finally {
			clearInterval(watcher);
		}
		expect(sold).toBe(true);
		expect(stockOf(sku, set)).toBe(77);
		expect(stockOf(sku, kept)).toBe(before - 1);
		// The emulator runs in this process, so on a loaded machine its rate limiter can see the paced calls bunched
		// up and answer a 429 that the node then retries: count the calls TikTok accepted.
		const accepted = (calls: RecordedRequest[]) => calls.filter((call) => call.status !== 429);
		const reads = accepted(bed.requests(SEARCH));
		expect(reads).toHaveLength(3); // 2 for the first read (101 products), 1 refresh for the wave that resends a warehouse
		expect((reads[2].body as { product_ids: string[] }).product_ids).toEqual([extra.id]);
		expect(accepted(updateCalls())).toHaveLength(101);
	});

	it('when two items set the same SKU and warehouse, the later wins and the earlier reports it', async () => {
		const { multiSku } = pick();
		const product = multiSku[2];
		const sku = product.skus[0];
		const result = await update([
			{ productId: product.id, skuId: sku.id, quantity: 5 },
			{ productId: product.id, skuId: product.skus[1].id, quantity: 6 },
			{ productId: product.id, skuId: sku.id, warehouseId: sku.warehouseIds[0], quantity: 7 },
		]);
		expect(result.error).toBeUndefined();
		expect(updateCalls()).toHaveLength(1);
		expect(sku.stock[0]).toBe(7);
		const out = json(result.items);
		expect(out[0]).toMatchObject({
			status: 'superseded',
			requested_quantity: 5,
			new_quantity: 7,
			superseded_by_item: 2,
		});
		expect(out[0].note).toMatch(/Item 2 sets the same SKU and warehouse/);
		expect(out[2]).toMatchObject({ status: 'updated', new_quantity: 7 });
	});

	describe('bad input fails before any call', () => {
		let product: Product;
		beforeAll(() => {
			product = pick().multiSku[3];
		});

		it.each([
			['a quantity above 99,999', { quantity: 100000 }, /Quantity 100000 is outside 0 to 99,999/],
			['a negative quantity', { quantity: -3 }, /Quantity -3 is outside/],
			['a fractional quantity', { quantity: 2.5 }, /Quantity 2.5 is not a whole number/],
			['a non-numeric quantity', { quantity: 'lots' }, /Quantity "lots" is not a number/],
			['an empty quantity', { quantity: '' }, /Quantity is empty/],
			['an empty SKU ID', { skuId: '' }, /SKU ID is empty/],
			['an empty product ID', { productId: '  ' }, /Product ID is empty/],
			['a product ID that lost precision', { productId: 1729592969712207008 }, /lost precision/],
			['a non-numeric warehouse ID', { warehouseId: 'main' }, /"main" is not a valid warehouse id/],
			[
				'two SKU IDs in one item',
				{ skuId: '1729400000000000011,1729400000000000012' },
				/Enter one SKU ID per item, not 2/,
			],
		])(
			'%s: the node stops with a NodeOperationError naming the item, and nothing is sent',
			async (_label, bad, message) => {
				const good = { productId: product.id, skuId: product.skus[0].id, quantity: 3 };
				const before = product.skus[0].stock[0];
				const result = await update([good, good, { ...good, ...bad }]);
				expect(result.error).toBeInstanceOf(NodeOperationError);
				expect(result.error!.message).toMatch(message);
				expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(2);
				expect((result.error as unknown as NodeOperationError).description).toBeTruthy();
				expect(bed.requests()).toHaveLength(0);
				expect(product.skus[0].stock[0]).toBe(before);
			},
		);

		it('a warehouse the SKU does not have stops the run after the read, before any write', async () => {
			const sku = product.skus[0];
			const other = bed.shop.warehouses.find((w) => w.type === 'SALES_WAREHOUSE' && !sku.warehouseIds.includes(w.id))!;
			const result = await update([
				{ productId: product.id, skuId: product.skus[1].id, quantity: 3 },
				{ productId: product.id, skuId: sku.id, warehouseId: other.id, quantity: 3 },
			]);
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error!.message).toContain(`Warehouse ${other.id} is not one of SKU ${sku.id}'s warehouses`);
			expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
			expect(bed.requests(SEARCH)).toHaveLength(1);
			expect(updateCalls()).toHaveLength(0);
		});
	});

	it('with Continue On Fail, bad items become error items on their own input item and the rest is written', async () => {
		const { multiSku } = pick();
		const product = multiSku[4];
		const result = await update(
			[
				{ productId: product.id, skuId: product.skus[0].id, quantity: 21 },
				{ productId: product.id, skuId: product.skus[1].id, quantity: 1.5 },
				{ productId: product.id, skuId: product.skus[2].id, quantity: 23 },
			],
			{},
			true,
		);
		expect(paired(result.items)).toEqual([0, 1, 2]);
		const out = json(result.items);
		expect(out[0]).toMatchObject({ status: 'updated', new_quantity: 21 });
		expect(out[1].error).toBe('Quantity 1.5 is not a whole number');
		expect(out[1].details).toMatch(/whole number of units from 0 to 99,999/);
		expect(out[2]).toMatchObject({ status: 'updated', new_quantity: 23 });
		expect(product.skus[0].stock[0]).toBe(21);
		expect(product.skus[2].stock[0]).toBe(23);
		expect(updateCalls()).toHaveLength(1);
	});

	describe('partial failures land on the right items', () => {
		it('a product that is not live fails only its own items, with the reason; other products are updated', async () => {
			const { multiSku } = pick();
			const [live, paused] = [multiSku[5], multiSku[6]];
			bed.emu.control.setProductStatus(paused.id, 'SELLER_DEACTIVATED', { emit: false });
			try {
				const pausedBefore = paused.skus[0].stock[0];
				const result = await update(
					[
						{ productId: paused.id, skuId: paused.skus[0].id, quantity: 31 },
						{ productId: live.id, skuId: live.skus[0].id, quantity: 32 },
						{ productId: paused.id, skuId: paused.skus[1].id, quantity: 33 },
					],
					{},
					true,
				);
				expect(updateCalls()).toHaveLength(2);
				const out = json(result.items);
				expect(paired(result.items)).toEqual([0, 1, 2]);
				for (const index of [0, 2]) {
					expect(out[index].status).toBe('error');
					expect(out[index].error).toContain(`Stock of product ${paused.id} was not updated`);
					expect(out[index].error).toContain('12052901');
					expect(out[index].details).toMatch(/live \(ACTIVATE\) products/);
				}
				expect(out[1]).toMatchObject({ status: 'updated', new_quantity: 32 });
				expect(live.skus[0].stock[0]).toBe(32);
				expect(paused.skus[0].stock[0]).toBe(pausedBefore);

				// Without Continue On Fail the node fails on the first of those items, after the others went through.
				const strict = await update([
					{ productId: live.id, skuId: live.skus[1].id, quantity: 34 },
					{ productId: paused.id, skuId: paused.skus[0].id, quantity: 35 },
				]);
				expect(strict.error).toBeInstanceOf(NodeApiError);
				expect((strict.error as unknown as NodeApiError).context.itemIndex).toBe(1);
				expect((strict.error as unknown as NodeApiError).description).toMatch(/1 other items were updated/);
				expect(live.skus[1].stock[0]).toBe(34);
			} finally {
				bed.emu.control.setProductStatus(paused.id, 'ACTIVATE', { emit: false });
			}
		});

		it("TikTok's per-SKU errors (data.errors, extra_errors per warehouse) go to the items of that SKU only", async () => {
			const { multiSku } = pick();
			const product = multiSku[7];
			const [good, broken] = product.skus;
			// The SKU still lists a warehouse TikTok no longer accepts (here: the returns warehouse), so TikTok
			// answers code 0 with data.errors for that SKU.
			const returnsWarehouse = bed.shop.warehouses.find((w) => w.type === 'RETURN_WAREHOUSE')!;
			const saved = { ids: [...broken.warehouseIds], stock: [...broken.stock], committed: [...broken.committed] };
			broken.warehouseIds = [saved.ids[0], returnsWarehouse.id];
			broken.stock = [saved.stock[0], 8];
			broken.committed = [0, 0];
			try {
				const result = await update(
					[
						{ productId: product.id, skuId: broken.id, warehouseId: saved.ids[0], quantity: 41 },
						{ productId: product.id, skuId: good.id, quantity: 42 },
						{ productId: product.id, skuId: broken.id, warehouseId: returnsWarehouse.id, quantity: 43 },
					],
					{},
					true,
				);
				const [call] = updateCalls();
				expect(call.code).toBe(0);
				expect(updateCalls()).toHaveLength(1);
				const out = json(result.items);
				expect(out[1]).toMatchObject({ status: 'updated', new_quantity: 42 });
				expect(good.stock[0]).toBe(42);
				expect(out[2].status).toBe('error');
				expect(out[2].error).toContain(`warehouse ${returnsWarehouse.id}: The warehouse does not exist`);
				expect(out[2].details).toMatch(/Warehouse › Get Many/);
				expect(out[0].status).toBe('error');
				expect(out[0].error).toContain(`TikTok Shop did not update SKU ${broken.id} in warehouse ${saved.ids[0]}`);
				expect(out[0].error).toContain(returnsWarehouse.id);
				expect(broken.stock[0]).toBe(saved.stock[0]);
			} finally {
				Object.assign(broken, { warehouseIds: saved.ids, stock: saved.stock, committed: saved.committed });
			}
		});
	});

	it('retries 429 and 503 answers on reads and writes and loses no update', async () => {
		const products = pick().multiSku.slice(8, 14);
		const rows = products.flatMap((product, p) =>
			product.skus.map((sku, s) => ({ productId: product.id, skuId: sku.id, quantity: 500 + p * 10 + s })),
		);
		bed.emu.control.injectFault({ kind: '429', count: 3, path_prefix: UPDATE });
		bed.emu.control.injectFault({ kind: '503', count: 3, path_prefix: UPDATE });
		bed.emu.control.injectFault({ kind: '503', count: 1, path_prefix: SEARCH });

		const result = await update(rows);
		expect(result.error).toBeUndefined();
		const faulted = bed.requests().filter((call) => call.fault);
		expect(faulted).toHaveLength(7);
		const succeeded = updateCalls().filter((call) => call.code === 0);
		expect(succeeded).toHaveLength(products.length);
		for (const row of rows) expect(bed.emu.state.skuById.get(row.skuId)!.stock[0]).toBe(row.quantity);
		expect(json(result.items).every((out) => out.status === 'updated')).toBe(true);
	});

	it('Dry Run reports old and new quantities and changes nothing', async () => {
		const product = pick().multiSku[14];
		const sku = product.skus[0];
		const before = sku.stock[0];
		const result = await update(
			[
				{ productId: product.id, skuId: sku.id, quantity: before + 5 },
				{ productId: product.id, skuId: product.skus[1].id, quantity: product.skus[1].stock[0] },
			],
			{ options: { dryRun: true } },
		);
		expect(result.error).toBeUndefined();
		expect(updateCalls()).toHaveLength(0);
		expect(bed.requests(SEARCH)).toHaveLength(1);
		expect(sku.stock[0]).toBe(before);
		expect(json(result.items)).toEqual([
			expect.objectContaining({ status: 'dry_run', old_quantity: before, new_quantity: before + 5, changed: true }),
			expect.objectContaining({ status: 'dry_run', changed: false }),
		]);
	});

	it('Skip Unchanged SKUs sends only the SKUs whose stock differs', async () => {
		const product = pick().multiSku[15];
		const [same, other] = product.skus;
		const result = await update(
			[
				{ productId: product.id, skuId: same.id, quantity: same.stock[0] },
				{ productId: product.id, skuId: other.id, quantity: other.stock[0] + 1 },
			],
			{ options: { skipUnchanged: true } },
		);
		expect(json(result.items).map((out) => out.status)).toEqual(['unchanged', 'updated']);
		const [call] = updateCalls();
		expect((call.body as { skus: Array<{ id: string }> }).skus.map((s) => s.id)).toEqual([other.id]);
	});

	describe('by seller SKU', () => {
		it('looks up the TikTok IDs by seller SKU and updates them', async () => {
			const product = pick().multiSku[16];
			const result = await update([
				{ sellerSku: product.skus[0].seller_sku, quantity: 61 },
				{ sellerSku: product.skus[1].seller_sku, quantity: 62 },
			]);
			expect(result.error).toBeUndefined();
			const search = bed.requests('/product/202502/products/search');
			expect(search).toHaveLength(1);
			expect(search[0].body).toEqual({ seller_skus: [product.skus[0].seller_sku, product.skus[1].seller_sku] });
			expect(updateCalls()).toHaveLength(1);
			expect(product.skus[0].stock[0]).toBe(61);
			expect(product.skus[1].stock[0]).toBe(62);
			expect(json(result.items)[0]).toMatchObject({
				product_id: product.id,
				sku_id: product.skus[0].id,
				seller_sku: product.skus[0].seller_sku,
			});
		});

		it('an unknown seller SKU or a SKU of a product that is not live fails that item with the reason', async () => {
			const product = pick().multiSku[17];
			const notLive = bed.shop.products.find((p) => p.status === 'SELLER_DEACTIVATED')!;
			const result = await update(
				[
					{ sellerSku: 'NO-SUCH-SKU', quantity: 1 },
					{ sellerSku: product.skus[0].seller_sku, quantity: 71 },
					{ sellerSku: notLive.skus[0].seller_sku, quantity: 1 },
				],
				{},
				true,
			);
			const out = json(result.items);
			expect(out[0].error).toBe(
				`No SKU with seller SKU "NO-SUCH-SKU" in the shop “${bed.shop.name}” (${bed.shop.region}, shop ID ${bed.shop.id})`,
			);
			expect(out[1]).toMatchObject({ status: 'updated', new_quantity: 71 });
			expect(out[2].error).toContain(`Product ${notLive.id} is not live (status SELLER_DEACTIVATED)`);
			expect(updateCalls()).toHaveLength(1);
		});
	});
});

describe('Inventory › Get Many', () => {
	it("batches every item's product IDs (≤100 per call) and returns one item per SKU, paired to the item that asked", async () => {
		const products = bed.shop.products.slice(0, 250);
		const groups = [products.slice(0, 120), products.slice(120, 200), products.slice(200, 250)];
		const result = await bed.run(
			{ resource: 'inventory', operation: 'getAll', searchBy: 'productIds', productIds: '={{ $json.ids }}' },
			{ inputItems: groups.map((group) => item({ ids: group.map((p) => p.id).join(',') })) },
		);
		expect(result.error).toBeUndefined();
		const calls = bed.requests(SEARCH);
		expect(calls).toHaveLength(3);
		expect(calls.map((call) => (call.body as { product_ids: string[] }).product_ids.length)).toEqual([100, 100, 50]);
		const expected = groups.flatMap((group, index) => group.flatMap((p) => p.skus.map((sku) => ({ index, sku }))));
		expect(result.items).toHaveLength(expected.length);
		expect(paired(result.items)).toEqual(expected.map((e) => e.index));
		const out = json(result.items);
		expected.forEach(({ sku }, index) => {
			expect(out[index]).toMatchObject({
				product_id: sku.productId,
				sku_id: sku.id,
				seller_sku: sku.seller_sku,
				found: true,
				total_available_quantity: sku.stock.reduce((a, b) => a + b, 0),
			});
			expect((out[index].warehouse_inventory as IDataObject[]).map((w) => w.warehouse_id)).toEqual(sku.warehouseIds);
		});
	});

	it('by SKU IDs, reports IDs TikTok does not know instead of dropping them', async () => {
		const skus: Sku[] = bed.shop.products.slice(0, 3).flatMap((p) => p.skus);
		const result = await bed.run({
			resource: 'inventory',
			operation: 'getAll',
			searchBy: 'skuIds',
			skuIds: `${skus.map((s) => s.id).join(', ')}, 1729400000000009999`,
		});
		expect(result.error).toBeUndefined();
		expect(bed.requests(SEARCH)).toHaveLength(1);
		const out = json(result.items);
		expect(out.map((o) => o.sku_id)).toEqual([...skus.map((s) => s.id), '1729400000000009999']);
		expect(out[out.length - 1]).toMatchObject({ found: false });
		expect(out[out.length - 1].message).toMatch(/no stock for SKU 1729400000000009999/);
	});

	it('rejects non-numeric IDs before any call', async () => {
		const result = await bed.run({
			resource: 'inventory',
			operation: 'getAll',
			searchBy: 'productIds',
			productIds: 'abc',
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe('"abc" is not a valid product id');
		expect(bed.requests()).toHaveLength(0);
	});
});
