/** Warehouse › Get Many through n8n-core's real execution path (harness) against the emulator. */
import { json, paired, startOrderTestBed, type OrderTestBed } from './order-support';

let bed: OrderTestBed;

beforeAll(async () => {
	bed = await startOrderTestBed({ orders: 20, seed: 'warehouses-it' });
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => bed.emu.control.clearRequests());

describe('Warehouse › Get Many', () => {
	it('returns one item per warehouse of the selected shop, with one call however many input items arrive', async () => {
		const warehouses = bed.emu.state.shops[0].warehouses;
		const result = await bed.run(
			{ resource: 'warehouse', operation: 'getAll' },
			{ inputItems: [{ json: {} }, { json: {} }, { json: {} }] },
		);
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((warehouse) => warehouse.id)).toEqual(warehouses.map((warehouse) => warehouse.id));
		expect(result.items[0].json).toMatchObject({
			name: warehouses[0].name,
			type: warehouses[0].type,
			effect_status: warehouses[0].effect_status,
			address: expect.any(Object),
		});
		expect(paired(result.items).every((item) => item === 0)).toBe(true);
		const calls = bed.requests('/logistics/202309/warehouses');
		expect(calls).toHaveLength(1);
		expect(calls[0].query.shop_cipher).toBe(bed.cipher);
	});

	it('filters by type and status', async () => {
		const warehouses = bed.emu.state.shops[0].warehouses;
		const expected = warehouses.filter(
			(warehouse) => warehouse.type === 'SALES_WAREHOUSE' && warehouse.effect_status === 'ENABLED',
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(warehouses.length);
		const result = await bed.run({
			resource: 'warehouse',
			operation: 'getAll',
			filters: { type: 'SALES_WAREHOUSE', effectStatus: 'ENABLED' },
		});
		expect(json(result.items).map((warehouse) => warehouse.id)).toEqual(expected.map((warehouse) => warehouse.id));
	});

	it('the second shop is reached through the Shop field', async () => {
		const other = bed.emu.state.shops[1];
		const result = await bed.run({
			resource: 'warehouse',
			operation: 'getAll',
			shop: { __rl: true, mode: 'id', value: other.id },
		});
		expect(json(result.items).map((warehouse) => warehouse.id)).toEqual(
			other.warehouses.map((warehouse) => warehouse.id),
		);
	});
});
