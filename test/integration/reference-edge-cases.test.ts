/**
 * Edge cases TikTok's API reference settles, through n8n-core's real execution path (harness) against the emulator,
 * in each of the emulator's modes where the reference and other sources disagree:
 * - Order › Get with an ID of another seller (21008111 for the whole call, or left out silently);
 * - Fulfillment › Get Tracking when TikTok's list is not sorted;
 * - Return › Resolve to External Order always sends `platform` (TikTok requires it).
 */
import { NodeOperationError } from 'n8n-workflow';

import type { EmulatorModes, Order } from '../../emulator/types';
import { json, paired, startOrderTestBed, type OrderTestBed } from './order-support';

const DETAIL = '/order/202507/orders';

let bed: OrderTestBed;
let orders: Order[];
let foreign: string[];
let defaults: EmulatorModes;

beforeAll(async () => {
	bed = await startOrderTestBed({ orders: 300, seed: 'reference-edge-it' });
	orders = bed.emu.state.shops[0].orders;
	foreign = bed.emu.state.shops[1].orders.slice(0, 3).map((order) => order.id);
	defaults = { ...bed.emu.state.modes };
});

afterAll(async () => {
	await bed.close();
});

function setModes(modes: Partial<EmulatorModes>): void {
	Object.assign(bed.emu.state.modes, modes);
}

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
	setModes(defaults);
});

describe.each<[string, EmulatorModes['order_detail_unknown_ids']]>([
	['TikTok refuses the whole call with 21008111', 'reject'],
	['TikTok silently leaves the ID out', 'omit'],
])('Order › Get, one ID of another seller among 50 (%s)', (_label, mode) => {
	beforeEach(() => setModes({ order_detail_unknown_ids: mode }));

	it('the 49 good orders come out in place, the foreign ID gets its not-found item', async () => {
		const good = orders.slice(0, 49).map((order) => order.id);
		const wanted = [...good.slice(0, 17), foreign[0], ...good.slice(17)];
		const result = await bed.run({
			resource: 'order',
			operation: 'get',
			orderIds: wanted.join(','),
			onNotFound: 'outputItem',
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((item) => item.id)).toEqual(wanted);
		expect(result.items[17].json).toMatchObject({
			id: foreign[0],
			found: false,
			error: expect.stringContaining(foreign[0]),
		});
		expect(json(result.items).filter((item) => item.found === false)).toHaveLength(1);
		expect(json(result.items).filter((item) => item.line_items !== undefined)).toHaveLength(49);

		const calls = bed.requests(DETAIL);
		if (mode === 'omit') {
			expect(calls).toHaveLength(1);
		} else {
			// the 50 are split in halves until the bad ID stands alone: a handful of calls, never one per ID
			expect(calls[0].code).toBe(21008111);
			expect(calls.length).toBeLessThanOrEqual(13);
			expect(result.items[17].json.details).toContain('21008111');
			const fetched = calls.filter((call) => call.code === 0).flatMap((call) => call.query.ids.split(','));
			expect(fetched.sort()).toEqual([...good].sort());
		}
	});

	it('several foreign IDs across items, Continue On Fail: each becomes an error item on its own input item', async () => {
		const good = orders.slice(60, 110).map((order) => order.id);
		const inputItems = [
			{ json: { ids: [good[0], foreign[1], good[1]] } },
			{ json: { ids: good.slice(2, 30) } },
			{ json: { ids: [foreign[2], ...good.slice(30, 45)] } },
		];
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{ inputItems, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		const out = json(result.items);
		expect(out.map((item) => item.id)).toEqual([
			good[0],
			foreign[1],
			good[1],
			...good.slice(2, 30),
			foreign[2],
			...good.slice(30, 45),
		]);
		expect(out.filter((item) => item.error !== undefined).map((item) => item.id)).toEqual([foreign[1], foreign[2]]);
		expect(paired(result.items)).toEqual([0, 0, 0, ...Array(28).fill(1), ...Array(16).fill(2)]);
	});

	it('without Continue On Fail the default ("Stop With an Error") names the foreign ID and its item', async () => {
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{ inputItems: [{ json: { ids: orders[200].id } }, { json: { ids: `${orders[201].id},${foreign[0]}` } }] },
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const shop = bed.emu.state.shops[0];
		expect(result.error?.message).toBe(
			`Order not found: TikTok Shop has no order ${foreign[0]} in the shop “${shop.name}” (${shop.region}, shop ID ${shop.id})`,
		);
		expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
	});
});

describe.each<[EmulatorModes['tracking_order']]>([['newest_first'], ['unsorted']])(
	'Fulfillment › Get Tracking (emulator lists events %s)',
	(mode) => {
		it('the latest event is the one with the newest update_time_millis, and the list is newest first', async () => {
			setModes({ tracking_order: mode });
			const delivered = orders.filter((order) => order.status === 'DELIVERED').slice(0, 3);
			expect(delivered.length).toBeGreaterThan(0);
			const result = await bed.run(
				{ resource: 'fulfillment', operation: 'getTracking', orderId: '={{ $json.id }}' },
				{ inputItems: delivered.map((order) => ({ json: { id: order.id } })) },
			);
			expect(result.error).toBeUndefined();
			for (const [index, order] of delivered.entries()) {
				const out = result.items[index].json as {
					order_id: string;
					latest: string;
					latest_update_time: string;
					tracking: Array<{ description: string; update_time_millis: number; update_time: string }>;
				};
				expect(out.order_id).toBe(order.id);
				const newest = Math.max(...out.tracking.map((event) => Number(event.update_time_millis)));
				expect(out.latest).toBe('Delivered');
				expect(out.latest_update_time).toBe(new Date(newest).toISOString());
				const times = out.tracking.map((event) => Number(event.update_time_millis));
				expect(times).toEqual([...times].sort((a, b) => b - a));
			}
		});
	},
);
