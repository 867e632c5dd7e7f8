/**
 * The pure parts of Inventory › Update: quantity validation, the per-product plan (grouping, keep-other-warehouses,
 * last-wins, pre-checks) and the mapping of TikTok's per-SKU `data.errors` back onto input items.
 */
import { inventoryToSkus, parseQuantity } from '../../nodes/TikTokShop/resources/inventory/parse';
import {
	assignUpdateErrors,
	planInventoryUpdates,
	refreshKeptQuantities,
	type CurrentStock,
	type InventoryUpdateCall,
	type StockRequest,
} from '../../nodes/TikTokShop/resources/inventory/plan';

const P1 = '1729000000000000001';
const P2 = '1729000000000000002';
const S1 = '1729400000000000011'; // P1, one warehouse
const S2 = '1729400000000000012'; // P1, two warehouses
const S3 = '1729400000000000021'; // P2, one warehouse
const W1 = '7068000000000000001';
const W2 = '7068000000000000002';

function stock(): CurrentStock {
	return new Map([
		[
			P1,
			new Map([
				[S1, { skuId: S1, sellerSku: 'TEE-BLK-M', warehouses: [{ warehouse_id: W1, available_quantity: 5 }] }],
				[
					S2,
					{
						skuId: S2,
						sellerSku: 'TEE-BLK-L',
						warehouses: [
							{ warehouse_id: W1, available_quantity: 7 },
							{ warehouse_id: W2, available_quantity: 9 },
						],
					},
				],
			]),
		],
		[
			P2,
			new Map([[S3, { skuId: S3, sellerSku: 'MUG-RED', warehouses: [{ warehouse_id: W2, available_quantity: 0 }] }]]),
		],
	]);
}

const req = (
	itemIndex: number,
	productId: string,
	skuId: string,
	warehouseId: string,
	quantity: number,
): StockRequest => ({
	itemIndex,
	shopKey: 'ROW_x',
	productId,
	skuId,
	warehouseId,
	quantity,
});

describe('parseQuantity', () => {
	it.each([
		[0, 0],
		[1, 1],
		[99999, 99999],
		['12', 12],
		[' 7 ', 7],
		['3.0', 3],
	])('accepts %p as %p', (raw, value) => {
		expect(parseQuantity(raw)).toEqual({ ok: true, value });
	});

	it.each([
		[-1, 'outside 0 to 99,999'],
		[100000, 'outside 0 to 99,999'],
		[2.5, 'not a whole number'],
		['2.5', 'not a whole number'],
		['', 'is empty'],
		[undefined, 'is empty'],
		[null, 'is empty'],
		['ten', 'not a number'],
		[NaN, 'not a number'],
		['1e3', 'not a number'],
	])('rejects %p (%s)', (raw, reason) => {
		const result = parseQuantity(raw);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.reason).toContain(reason);
	});
});

describe('planInventoryUpdates', () => {
	it('makes one call per product and lists every warehouse of each SKU, keeping unnamed ones at their current stock', () => {
		const plan = planInventoryUpdates([req(0, P1, S2, W2, 30), req(1, P2, S3, '', 4), req(2, P1, S1, '', 11)], stock());
		expect(plan.calls).toHaveLength(2);
		const p1 = plan.calls.find((c) => c.productId === P1)!;
		expect(p1.body).toEqual({
			skus: [
				{
					id: S2,
					inventory: [
						{ warehouse_id: W1, quantity: 7 },
						{ warehouse_id: W2, quantity: 30 },
					],
				},
				{ id: S1, inventory: [{ warehouse_id: W1, quantity: 11 }] },
			],
		});
		const p2 = plan.calls.find((c) => c.productId === P2)!;
		expect(p2.body).toEqual({ skus: [{ id: S3, inventory: [{ warehouse_id: W2, quantity: 4 }] }] });
		// The single warehouse is filled in, and old quantities come from the read.
		expect(plan.outcomes.get(1)).toMatchObject({
			warehouseId: W2,
			oldQuantity: 0,
			newQuantity: 4,
			status: 'updated',
			sellerSku: 'MUG-RED',
		});
		expect(plan.outcomes.get(0)).toMatchObject({ warehouseId: W2, oldQuantity: 9, newQuantity: 30 });
		// W1 of S2 is resent unchanged: remembered so it can be refreshed right before the write.
		expect(p1.kept).toEqual([{ skuId: S2, warehouseId: W1 }]);
		expect(p2.kept).toEqual([]);
	});

	it('refreshKeptQuantities puts fresh stock on the resent warehouses only, never on the ones items set', () => {
		const plan = planInventoryUpdates([req(0, P1, S2, W2, 30)], stock());
		const fresh = stock();
		fresh.get(P1)!.get(S2)!.warehouses[0].available_quantity = 6; // one unit sold from W1 since the first read
		fresh.get(P1)!.get(S2)!.warehouses[1].available_quantity = 1; // W2 is being set: must stay 30
		expect(refreshKeptQuantities(plan.calls[0], fresh)).toBe(1);
		expect(plan.calls[0].body.skus[0].inventory).toEqual([
			{ warehouse_id: W1, quantity: 6 },
			{ warehouse_id: W2, quantity: 30 },
		]);
		// A product the refresh did not return keeps the first read's quantities.
		expect(refreshKeptQuantities(plan.calls[0], new Map())).toBe(0);
		expect(plan.calls[0].body.skus[0].inventory[0].quantity).toBe(6);
	});

	it('lets the later item win when two items set the same SKU and warehouse, and says so on the earlier one', () => {
		const plan = planInventoryUpdates([req(0, P1, S1, W1, 1), req(1, P1, S1, '', 2), req(2, P1, S1, W1, 3)], stock());
		expect(plan.calls).toHaveLength(1);
		expect(plan.calls[0].body.skus).toEqual([{ id: S1, inventory: [{ warehouse_id: W1, quantity: 3 }] }]);
		expect(plan.outcomes.get(0)).toMatchObject({ status: 'superseded', supersededBy: 1, requestedQuantity: 1 });
		expect(plan.outcomes.get(1)).toMatchObject({
			status: 'superseded',
			supersededBy: 2,
			requestedQuantity: 2,
			newQuantity: 3,
		});
		expect(plan.outcomes.get(2)).toMatchObject({ status: 'updated', newQuantity: 3, oldQuantity: 5 });
		expect(plan.calls[0].items).toEqual([{ itemIndex: 2, skuId: S1, warehouseId: W1 }]);
	});

	it('rejects, per item, a missing warehouse on a multi-warehouse SKU, a warehouse the SKU does not have and a SKU of another product', () => {
		const plan = planInventoryUpdates(
			[req(0, P1, S2, '', 1), req(1, P1, S1, W2, 1), req(2, P1, S3, W2, 1), req(3, P1, S1, W1, 8)],
			stock(),
		);
		expect(plan.outcomes.get(0)).toMatchObject({ status: 'error' });
		expect(plan.outcomes.get(0)!.error!.message).toMatch(/stocked in 2 warehouses/);
		expect(plan.outcomes.get(0)!.error!.description).toContain(`${W1}, ${W2}`);
		expect(plan.outcomes.get(1)!.error!.message).toContain(`Warehouse ${W2} is not one of SKU ${S1}'s warehouses`);
		expect(plan.outcomes.get(2)!.error!.message).toContain(`SKU ${S3} is not a SKU of product ${P1}`);
		// The good item still goes out, alone.
		expect(plan.calls).toHaveLength(1);
		expect(plan.calls[0].body.skus).toEqual([{ id: S1, inventory: [{ warehouse_id: W1, quantity: 8 }] }]);
	});

	it('sends a product the read did not return as given (TikTok then decides), with no old quantity', () => {
		const unknown = '1729000000000000999';
		const plan = planInventoryUpdates([req(0, unknown, S1, '', 3), req(1, unknown, S2, W1, 4)], stock());
		expect(plan.calls[0].body.skus).toEqual([
			{ id: S1, inventory: [{ quantity: 3 }] },
			{ id: S2, inventory: [{ warehouse_id: W1, quantity: 4 }] },
		]);
		expect(plan.outcomes.get(0)!.oldQuantity).toBeNull();
	});

	it('keeps products of different shops apart even with the same product ID', () => {
		const plan = planInventoryUpdates([req(0, P1, S1, W1, 1), { ...req(1, P1, S1, W1, 2), shopKey: 'GCP_y' }], stock());
		expect(plan.calls.map((c) => c.shopKey).sort()).toEqual(['GCP_y', 'ROW_x']);
		expect(plan.outcomes.get(0)!.status).toBe('updated');
	});

	it('with skipUnchanged leaves out SKUs whose every named warehouse already has the quantity', () => {
		const plan = planInventoryUpdates([req(0, P1, S1, W1, 5), req(1, P1, S2, W1, 7), req(2, P1, S2, W2, 10)], stock(), {
			skipUnchanged: true,
		});
		expect(plan.outcomes.get(0)!.status).toBe('unchanged');
		expect(plan.calls).toHaveLength(1);
		expect(plan.calls[0].body.skus).toEqual([
			{
				id: S2,
				inventory: [
					{ warehouse_id: W1, quantity: 7 },
					{ warehouse_id: W2, quantity: 10 },
				],
			},
		]);
		const onlyUnchanged = planInventoryUpdates([req(0, P1, S1, W1, 5)], stock(), { skipUnchanged: true });
		expect(onlyUnchanged.calls).toHaveLength(0);
	});
});

describe('assignUpdateErrors', () => {
	const call: InventoryUpdateCall = {
		shopKey: '',
		productId: P1,
		body: { skus: [] },
		kept: [],
		items: [
			{ itemIndex: 0, skuId: S1, warehouseId: W1 },
			{ itemIndex: 3, skuId: S2, warehouseId: W1 },
			{ itemIndex: 5, skuId: S2, warehouseId: W2 },
		],
	};

	it("puts a warehouse error on the item naming that warehouse and the SKU-level reason on the SKU's other items", () => {
		// Shape as TikTok documents it (and the emulator answers): code 0 envelope, data.errors per SKU.
		const errors = assignUpdateErrors(call, [
			{
				code: 12052990,
				message: 'Check failed',
				detail: {
					sku_id: S2,
					extra_errors: [{ warehouse_id: W2, code: 12052097, message: 'The warehouse does not exist' }],
				},
			},
		]);
		expect([...errors.keys()].sort()).toEqual([3, 5]);
		expect(errors.get(5)!.message).toContain(`warehouse ${W2}: The warehouse does not exist`);
		expect(errors.get(5)!.code).toBe(12052097);
		expect(errors.get(5)!.description).toMatch(/Warehouse › Get Many/);
		expect(errors.get(3)!.message).toContain('Check failed');
		expect(errors.get(3)!.message).toContain(`warehouse ${W2}: The warehouse does not exist`);
		expect(errors.has(0)).toBe(false);
	});

	it('puts an error without a SKU on every item of the call', () => {
		const errors = assignUpdateErrors(call, [{ code: 12019024, message: 'stock count is invalid' }]);
		expect([...errors.keys()].sort()).toEqual([0, 3, 5]);
		expect(errors.get(0)!.description).toMatch(/whole number/);
	});

	it('returns nothing when TikTok reports no errors', () => {
		expect(assignUpdateErrors(call, []).size).toBe(0);
	});
});

describe('inventoryToSkus', () => {
	it('flattens Inventory Search into one record per SKU with string IDs', () => {
		const rows = inventoryToSkus([
			{
				product_id: P1,
				skus: [
					{
						id: S1,
						seller_sku: 'A',
						total_available_quantity: 5,
						warehouse_inventory: [{ warehouse_id: W1, available_quantity: 5, committed_quantity: 0 }],
					},
					{ id: S2, seller_sku: 'B', total_available_quantity: 0, warehouse_inventory: [] },
				],
			},
		]);
		expect(rows).toEqual([
			{
				product_id: P1,
				sku_id: S1,
				seller_sku: 'A',
				total_available_quantity: 5,
				warehouse_inventory: [{ warehouse_id: W1, available_quantity: 5, committed_quantity: 0 }],
			},
			{ product_id: P1, sku_id: S2, seller_sku: 'B', total_available_quantity: 0, warehouse_inventory: [] },
		]);
		expect(inventoryToSkus(undefined)).toEqual([]);
	});
});
