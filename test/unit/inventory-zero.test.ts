/** Inventory › Update when TikTok applies its reference page's 1 to 99,999 rule: who holds the 0, and what to do. */
import { explainQuantityRefusal } from '../../nodes/TikTokShop/resources/inventory/hints';
import { assignUpdateErrors } from '../../nodes/TikTokShop/resources/inventory/plan';

describe('explainQuantityRefusal (Inventory › Update under the 1 to 99,999 rule)', () => {
	const call = (
		inventory: Array<{ warehouse_id: string; quantity: number }>,
		kept: string[],
		items: Array<[number, string]>,
	) => ({
		shopKey: '',
		productId: 'P',
		body: { skus: [{ id: 'S', inventory }] },
		items: items.map(([itemIndex, warehouseId]) => ({ itemIndex, skuId: 'S', warehouseId })),
		kept: kept.map((warehouseId) => ({ skuId: 'S', warehouseId })),
	});

	it('names the untouched warehouse holding the 0 and says to set it in the same run', () => {
		const refused = explainQuantityRefusal(
			call(
				[
					{ warehouse_id: 'W1', quantity: 5 },
					{ warehouse_id: 'W2', quantity: 0 },
				],
				['W2'],
				[[0, 'W1']],
			),
			{ skuId: 'S', warehouseId: 'W1' },
			12019024,
		);
		expect(refused?.message).toBe(
			'TikTok Shop did not update SKU S in warehouse W1: warehouse W2, which this run did not change, has 0 units, which TikTok refuses here (error 12019024)',
		);
		expect(refused?.description).toMatch(/Set warehouse W2 to 1 or more in the same run/);
		expect(refused?.description).toMatch(/Nothing was changed for SKU S/);
	});

	it('an item that set 0 itself is told what TikTok allows', () => {
		const refused = explainQuantityRefusal(
			call([{ warehouse_id: 'W1', quantity: 0 }], [], [[0, 'W1']]),
			{ skuId: 'S', warehouseId: 'W1' },
			12019024,
		);
		expect(refused?.message).toMatch(/did not accept 0 units .* 1 to 99,999/);
	});

	it("leaves TikTok's message alone when no 0 was sent", () => {
		expect(
			explainQuantityRefusal(
				call([{ warehouse_id: 'W1', quantity: 5 }], [], [[0, 'W1']]),
				{ skuId: 'S', warehouseId: 'W1' },
				12019024,
			),
		).toBeUndefined();
	});

	it('assignUpdateErrors uses it for per-SKU 12019024 entries, and keeps other codes as they were', () => {
		const planned = call(
			[
				{ warehouse_id: 'W1', quantity: 5 },
				{ warehouse_id: 'W2', quantity: 0 },
			],
			['W2'],
			[[3, 'W1']],
		);
		const zero = assignUpdateErrors(planned, [
			{
				code: 12019024,
				message: 'stock count is invalid',
				detail: {
					sku_id: 'S',
					extra_errors: [{ warehouse_id: 'W2', code: 12019024, message: 'quantity must be in [1, 99999]' }],
				},
			},
		]);
		expect(zero.get(3)?.message).toMatch(/warehouse W2, which this run did not change, has 0 units/);
		const other = assignUpdateErrors(planned, [{ code: 12052901, message: 'not live', detail: { sku_id: 'S' } }]);
		expect(other.get(3)?.message).toMatch(/error 12052901, not live/);
	});
});
