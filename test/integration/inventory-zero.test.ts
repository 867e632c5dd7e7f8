/**
 * Inventory › Update with quantity 0, in both of the emulator's quantity modes: TikTok's reference page allows 1 to
 * 99,999 ("strict"), its generated SDK 0 to 99,999 ("sdk"). Every warehouse of a SKU is sent in each update, so a
 * warehouse the run does not touch that reads 0 matters too. Final stock is checked in the emulator's state.
 */
import { NodeApiError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import type { EmulatorModes, Product, Sku } from '../../emulator/types';
import { json, liveProducts, paired, startTestBed, stockOf, type TestBed } from './inventory-support';

let bed: TestBed;
let pool: Array<{ product: Product; sku: Sku }>;
let single: Array<{ product: Product; sku: Sku }>;

beforeAll(async () => {
	bed = await startTestBed({ seed: 'inventory-zero-it' });
	const live = liveProducts(bed.shop);
	pool = live.flatMap((product) =>
		product.skus.filter((sku) => sku.warehouseIds.length === 2).map((sku) => ({ product, sku })),
	);
	single = live.flatMap((product) =>
		product.skus.filter((sku) => sku.warehouseIds.length === 1).map((sku) => ({ product, sku })),
	);
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

function setQuantityMode(mode: EmulatorModes['inventory_quantity']): void {
	bed.emu.control.setModes({ inventory_quantity: mode });
}

async function update(rows: IDataObject[], continueOnFail = false) {
	return await bed.run(
		{
			resource: 'inventory',
			operation: 'update',
			identifyBy: 'skuId',
			productId: '={{ $json.productId }}',
			skuId: '={{ $json.skuId }}',
			warehouseId: '={{ $json.warehouseId ?? "" }}',
			quantity: '={{ $json.quantity }}',
		},
		{ inputItems: rows.map((json): INodeExecutionData => ({ json })), continueOnFail },
	);
}

/** A two-warehouse SKU whose second warehouse currently reads 0 (set in the emulator, as after a sell-out). */
function skuWithEmptySecondWarehouse(index: number) {
	const { product, sku } = pool[index];
	sku.stock[0] = 12;
	sku.stock[1] = 0;
	return { product, sku, touched: sku.warehouseIds[0], empty: sku.warehouseIds[1] };
}

afterAll(() => setQuantityMode('sdk'));

describe('Inventory › Update, quantity 0 (emulator: reference page rule, 1 to 99,999)', () => {
	beforeAll(() => setQuantityMode('strict'));

	it('setting 0 gives a clear error saying what TikTok allows, and the stock is unchanged', async () => {
		const { product, sku } = single[0];
		const before = sku.stock[0];
		const result = await update([{ productId: product.id, skuId: sku.id, quantity: 0 }], true);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			status: 'error',
			error: `TikTok Shop did not accept 0 units for SKU ${sku.id} in warehouse ${sku.warehouseIds[0]}: error 12019024, the quantity must be 1 to 99,999`,
			details: expect.stringContaining('Product › Deactivate'),
		});
		expect(stockOf(sku, sku.warehouseIds[0])).toBe(before);

		const stopped = await update([{ productId: product.id, skuId: sku.id, quantity: 0 }]);
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error?.description).toContain('1 to 99,999');
		expect(stopped.error?.description).toContain('Nothing was changed');
	});

	it('an untouched warehouse reading 0 does not make the other warehouse fail silently: the error names it and what to do', async () => {
		const { product, sku, touched, empty } = skuWithEmptySecondWarehouse(0);
		const result = await update([{ productId: product.id, skuId: sku.id, warehouseId: touched, quantity: 30 }], true);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			status: 'error',
			warehouse_id: touched,
			error: `TikTok Shop did not update SKU ${sku.id} in warehouse ${touched}: warehouse ${empty}, which this run did not change, has 0 units, which TikTok refuses here (error 12019024)`,
			details: expect.stringContaining(`Set warehouse ${empty} to 1 or more in the same run`),
		});
		// nothing lost: both warehouses as before
		expect(stockOf(sku, touched)).toBe(12);
		expect(stockOf(sku, empty)).toBe(0);
		// the call did carry the untouched warehouse with its current 0, as TikTok requires every warehouse
		const [call] = bed
			.requests('/product/202309/products/')
			.filter((request) => request.path.endsWith('/inventory/update'));
		expect(call.body).toEqual({
			skus: [
				{
					id: sku.id,
					inventory: [
						{ warehouse_id: touched, quantity: 30 },
						{ warehouse_id: empty, quantity: 0 },
					],
				},
			],
		});
	});

	it('doing what the error says (setting the empty warehouse too) updates both', async () => {
		const { product, sku, touched, empty } = skuWithEmptySecondWarehouse(1);
		const result = await update([
			{ productId: product.id, skuId: sku.id, warehouseId: touched, quantity: 30 },
			{ productId: product.id, skuId: sku.id, warehouseId: empty, quantity: 2 },
		]);
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((item) => item.status)).toEqual(['updated', 'updated']);
		expect([stockOf(sku, touched), stockOf(sku, empty)]).toEqual([30, 2]);
	});

	it('one item setting 0 in a warehouse: the item for the other warehouse says why it was not applied', async () => {
		const { product, sku } = pool[2];
		const [w1, w2] = sku.warehouseIds;
		const before = [stockOf(sku, w1), stockOf(sku, w2)];
		const result = await update(
			[
				{ productId: product.id, skuId: sku.id, warehouseId: w1, quantity: 8 },
				{ productId: product.id, skuId: sku.id, warehouseId: w2, quantity: 0 },
			],
			true,
		);
		expect(result.items[0].json.error).toBe(
			`TikTok Shop did not update SKU ${sku.id} in warehouse ${w1}: warehouse ${w2} has 0 units, which TikTok refuses here (error 12019024)`,
		);
		expect(result.items[0].json.details).toContain('Another item of this run sets warehouse');
		expect(result.items[1].json.error).toContain('did not accept 0 units');
		expect(paired(result.items)).toEqual([0, 1]);
		expect([stockOf(sku, w1), stockOf(sku, w2)]).toEqual(before);
	});

	it('other SKUs and products of the same run are still updated', async () => {
		const { product, sku, touched } = skuWithEmptySecondWarehouse(3);
		const other = single[1];
		const result = await update(
			[
				{ productId: product.id, skuId: sku.id, warehouseId: touched, quantity: 5 },
				{ productId: other.product.id, skuId: other.sku.id, quantity: 41 },
			],
			true,
		);
		expect(json(result.items).map((item) => item.status)).toEqual(['error', 'updated']);
		expect(stockOf(other.sku, other.sku.warehouseIds[0])).toBe(41);
	});
});

describe('Inventory › Update, quantity 0 (emulator: SDK rule, 0 to 99,999)', () => {
	beforeAll(() => setQuantityMode('sdk'));

	it('setting 0 marks the SKU sold out', async () => {
		const { product, sku } = single[2];
		const result = await update([{ productId: product.id, skuId: sku.id, quantity: 0 }]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'updated', new_quantity: 0 });
		expect(stockOf(sku, sku.warehouseIds[0])).toBe(0);
	});

	it('an untouched warehouse reading 0 is sent with its 0 and kept; the other warehouse is updated', async () => {
		const { product, sku, touched, empty } = skuWithEmptySecondWarehouse(4);
		const result = await update([{ productId: product.id, skuId: sku.id, warehouseId: touched, quantity: 30 }]);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ status: 'updated', warehouse_id: touched });
		expect([stockOf(sku, touched), stockOf(sku, empty)]).toEqual([30, 0]);
	});
});
