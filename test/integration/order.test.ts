/**
 * Order › Get Many and Order › Get through n8n-core's real execution path (harness) against the emulator,
 * signed by the real credential.
 */
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { Order } from '../../emulator/types';
import { json, paired, startOrderTestBed, type OrderTestBed } from './order-support';

let bed: OrderTestBed;
let shopOrders: Order[];

beforeAll(async () => {
	bed = await startOrderTestBed({ orders: 1234 });
	shopOrders = bed.emu.state.shops[0].orders;
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

/** The emulator's orders of shop 1 as TikTok sorts them by default (newest first). */
function newestFirst(): Order[] {
	return [...shopOrders].sort((a, b) => b.create_time - a.create_time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

describe('Order › Get Many', () => {
	it('Return All pages through every order: count equals the shop total, no duplicates, one item per order', async () => {
		expect(shopOrders.length).toBeGreaterThan(1000);
		const result = await bed.run({ resource: 'order', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		const ids = json(result.items).map((order) => order.id as string);
		expect(ids).toHaveLength(shopOrders.length);
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(ids)).toEqual(new Set(shopOrders.map((order) => order.id)));
		expect(ids.every((id) => typeof id === 'string')).toBe(true);
		expect(paired(result.items).every((item) => item === 0)).toBe(true);

		const calls = bed.requests('/order/202309/orders/search');
		// Windowed Return All (see windowed-search.test.ts): every page once, a few more calls for the time slices.
		expect(calls.length).toBeGreaterThanOrEqual(Math.ceil(shopOrders.length / 100));
		expect(calls.every((call) => call.code === 0)).toBe(true);
		expect(calls[0].body).toEqual({});
		expect(calls[0].query.page_token).toBeUndefined();
		// Pages after a slice's first carry the previous answer's cursor (TikTok's tokens contain + / =).
		const paged = calls.filter((call) => call.query.page_token !== undefined);
		expect(paged.length).toBeGreaterThan(0);
		expect(paged.every((call) => /=$/.test(call.query.page_token))).toBe(true);
	});

	it('Limit returns exactly that many orders, newest first, with the fewest pages', async () => {
		const result = await bed.run({ resource: 'order', operation: 'getAll', returnAll: false, limit: 150 });
		expect(json(result.items).map((order) => order.id)).toEqual(
			newestFirst()
				.slice(0, 150)
				.map((order) => order.id),
		);
		expect(bed.requests('/order/202309/orders/search')).toHaveLength(2);

		bed.emu.control.clearRequests();
		const small = await bed.run({ resource: 'order', operation: 'getAll', limit: 7 });
		expect(small.items).toHaveLength(7);
		expect(bed.requests('/order/202309/orders/search').map((call) => call.query.page_size)).toEqual(['7']);
	});

	it('sends every filter to TikTok as documented: sort in the query, filters in the JSON body, dates as Unix seconds', async () => {
		const warehouse = bed.emu.state.shops[0].warehouses[0].id;
		await bed.run({
			resource: 'order',
			operation: 'getAll',
			limit: 10,
			filters: {
				orderStatus: 'AWAITING_SHIPMENT',
				createTimeFrom: '2026-01-01T00:00:00Z',
				createTimeTo: '2027-01-01T00:00:00',
				updateTimeFrom: '2026-02-01T10:00:00+01:00',
				updateTimeTo: '2027-02-01T00:00:00Z',
				shippingType: 'SELLER',
				buyerUserId: '7494890866200000026',
				buyerRequestedCancel: false,
				warehouseIds: warehouse,
			},
			options: { sortField: 'update_time', sortOrder: 'ASC' },
		});
		const [call] = bed.requests('/order/202309/orders/search');
		expect(call.code).toBe(0);
		expect(call.query).toMatchObject({
			page_size: '10',
			sort_field: 'update_time',
			sort_order: 'ASC',
			shop_cipher: bed.cipher,
		});
		expect(call.body).toEqual({
			order_status: 'AWAITING_SHIPMENT',
			create_time_ge: 1767225600,
			// zone-less date picker value: the harness workflow runs in UTC
			create_time_lt: 1798761600,
			update_time_ge: 1769936400,
			update_time_lt: 1801440000,
			shipping_type: 'SELLER',
			buyer_user_id: '7494890866200000026',
			is_buyer_request_cancel: false,
			warehouse_ids: [warehouse],
		});
	});

	it('filters and sort change what comes back: status + shipping type, oldest update first', async () => {
		const result = await bed.run({
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			filters: { orderStatus: 'IN_TRANSIT', shippingType: 'TIKTOK' },
			options: { sortField: 'update_time', sortOrder: 'ASC' },
		});
		const expected = shopOrders
			.filter((order) => order.status === 'IN_TRANSIT' && order.shipping_type === 'TIKTOK')
			.sort((a, b) => a.update_time - b.update_time || (a.id < b.id ? -1 : 1));
		expect(expected.length).toBeGreaterThan(5);
		expect(json(result.items).map((order) => order.id)).toEqual(expected.map((order) => order.id));
	});

	it('Ready to Ship Only: Awaiting Shipment orders older than the minimum age, fresh ones held back', async () => {
		const fresh = bed.emu.control.createOrders({ count: 3, status: 'AWAITING_SHIPMENT', emit: false });
		const now = Math.floor(Date.now() / 1000);
		const result = await bed.run({
			resource: 'order',
			operation: 'getAll',
			returnAll: true,
			readyToShipOnly: true,
			minOrderAgeMinutes: 30,
		});
		const [call] = bed.requests('/order/202309/orders/search');
		expect(call.body).toMatchObject({ order_status: 'AWAITING_SHIPMENT', is_buyer_request_cancel: false });
		const cutoff = (call.body as IDataObject).create_time_lt as number;
		expect(Math.abs(cutoff - (now - 30 * 60))).toBeLessThanOrEqual(5);

		const ids = json(result.items).map((order) => order.id);
		const expected = shopOrders.filter(
			(order) => order.status === 'AWAITING_SHIPMENT' && !order.is_buyer_request_cancel && order.create_time < cutoff,
		);
		// the shop has orders this leaves out because the buyer asked to cancel
		expect(
			shopOrders.some(
				(order) => order.status === 'AWAITING_SHIPMENT' && order.is_buyer_request_cancel && order.create_time < cutoff,
			),
		).toBe(true);
		expect(expected.length).toBeGreaterThan(0);
		expect(new Set(ids)).toEqual(new Set(expected.map((order) => order.id)));
		for (const order of fresh) expect(ids).not.toContain(order.id);
		expect(
			json(result.items).every(
				(order) =>
					order.status === 'AWAITING_SHIPMENT' &&
					order.is_on_hold_order === false &&
					order.is_buyer_request_cancel === false,
			),
		).toBe(true);
	});

	it('refuses a reversed date range before any call', async () => {
		const result = await bed.run({
			resource: 'order',
			operation: 'getAll',
			filters: { createTimeFrom: '2026-05-01T00:00:00Z', createTimeTo: '2026-04-01T00:00:00Z' },
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toContain('"Created After" must be earlier than "Created Before"');
		expect(bed.requests()).toHaveLength(0);
	});

	it('a 429 / 503 burst is retried and the listing still completes', async () => {
		bed.emu.control.injectFault({ kind: '429', count: 2, path_prefix: '/order/202309/orders/search' });
		bed.emu.control.injectFault({ kind: '503', count: 1, path_prefix: '/order/202309/orders/search' });
		const result = await bed.run({ resource: 'order', operation: 'getAll', limit: 250 });
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((order) => order.id)).toEqual(
			newestFirst()
				.slice(0, 250)
				.map((order) => order.id),
		);
		const calls = bed.requests('/order/202309/orders/search');
		expect(calls.map((call) => call.status)).toEqual([429, 429, 503, 200, 200, 200]);
	});

	it('an access token that expires between pages is refreshed, the listing completes and the new tokens are stored', async () => {
		const before = await bed.harness.storedCredentials('tikTokShopApi');
		// Expire every access token right after the 4th page was answered.
		const log = bed.emu.control.log;
		const add = log.add.bind(log);
		let pages = 0;
		log.add = (entry) => {
			const recorded = add(entry);
			if (entry.path === '/order/202309/orders/search' && entry.code === 0 && ++pages === 4)
				bed.emu.control.expireTokens();
			return recorded;
		};
		try {
			const result = await bed.run({ resource: 'order', operation: 'getAll', returnAll: true });
			expect(result.error).toBeUndefined();
			expect(new Set(json(result.items).map((order) => order.id)).size).toBe(shopOrders.length);
		} finally {
			log.add = add;
		}
		const calls = bed.requests('/order/202309/orders/search');
		// Windowed Return All has up to 8 pages in flight: each of those meets the expired token once.
		const expired = calls.filter((call) => call.code === 105002).length;
		expect(expired).toBeGreaterThanOrEqual(1);
		expect(expired).toBeLessThanOrEqual(8);
		expect(calls.filter((call) => call.code === 0).length).toBeGreaterThanOrEqual(Math.ceil(shopOrders.length / 100));
		const after = await bed.harness.storedCredentials('tikTokShopApi');
		expect(after.accessToken).toBeTruthy();
		expect(after.accessToken).not.toBe(before.accessToken);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(bed.emu.state.accessTokens.get(after.accessToken as string)?.expiresAt).toBeGreaterThan(bed.emu.state.now());
	});
});

describe('Order › Get', () => {
	const detailPath = '/order/202507/orders';

	it('collects the IDs of all input items and fetches them 50 at a time; output keeps the requested order and pairing', async () => {
		const wanted = newestFirst()
			.slice(300, 420)
			.map((order) => order.id)
			.reverse();
		const inputItems = [
			{ json: { ids: wanted.slice(0, 40) } },
			{ json: { ids: wanted.slice(40, 80).join(', ') } },
			{ json: { ids: wanted.slice(80, 120) } },
		];
		const result = await bed.run({ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' }, { inputItems });
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((order) => order.id)).toEqual(wanted);
		expect(paired(result.items)).toEqual([...Array(40).fill(0), ...Array(40).fill(1), ...Array(40).fill(2)]);
		expect(result.items[0].json.line_items).toBeInstanceOf(Array);

		const calls = bed.requests(detailPath);
		expect(calls).toHaveLength(3);
		expect(calls.map((call) => call.query.ids.split(',').length).sort()).toEqual([20, 50, 50]);
		expect(calls.flatMap((call) => call.query.ids.split(',')).sort()).toEqual([...wanted].sort());
	});

	it('an ID asked for by two items is fetched once and returned to both', async () => {
		const [a, b, c] = shopOrders.slice(0, 3).map((order) => order.id);
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{ inputItems: [{ json: { ids: `${a},${b},${a}` } }, { json: { ids: `${c},${a}` } }] },
		);
		expect(json(result.items).map((order) => order.id)).toEqual([a, b, c, a]);
		expect(paired(result.items)).toEqual([0, 0, 1, 1]);
		const calls = bed.requests(detailPath);
		expect(calls).toHaveLength(1);
		expect(calls[0].query.ids).toBe(`${a},${b},${c}`);
	});

	it('an unknown ID stops the node with an error naming it and its item (default)', async () => {
		const known = shopOrders[0].id;
		const otherShops = bed.emu.state.shops[1].orders[0].id;
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{ inputItems: [{ json: { ids: known } }, { json: { ids: `${known},${otherShops}` } }] },
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const shop = bed.emu.state.shops[0];
		// the error names the shop that was asked (the first shop here), since the order belongs to another one
		expect(result.error?.message).toBe(
			`Order not found: TikTok Shop has no order ${otherShops} in the shop “${shop.name}” (${shop.region}, shop ID ${shop.id})`,
		);
		expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
		expect(result.error?.description).toContain("not your store's order number");
	});

	it('"Output an Item Marked as Not Found" reports unknown IDs in place and carries on', async () => {
		const [a, b] = shopOrders.slice(5, 7).map((order) => order.id);
		const missing = '576459440499999999';
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: `${a}, ${missing}, ${b}`, onNotFound: 'outputItem' },
			{ inputItems: [{ json: {} }] },
		);
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((order) => order.id)).toEqual([a, missing, b]);
		expect(result.items[1].json).toMatchObject({
			id: missing,
			found: false,
			error: expect.stringContaining('Order not found'),
		});
		expect(result.items[0].json.found).toBeUndefined();
	});

	it('with Continue On Fail an unknown ID becomes an error item paired to its input item', async () => {
		const a = shopOrders[9].id;
		const missing = '576459440488888888';
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{ inputItems: [{ json: { ids: missing } }, { json: { ids: a } }], continueOnFail: true },
		);
		expect(json(result.items)).toEqual([
			expect.objectContaining({ id: missing, found: false, error: expect.stringContaining(missing) }),
			expect.objectContaining({ id: a, status: expect.any(String) }),
		]);
		expect(paired(result.items)).toEqual([0, 1]);
	});

	it('with "Continue (using error output)" failed items go to the error output with the input item, the rest to success', async () => {
		const a = shopOrders[10].id;
		const missing = '576459440488888889';
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{
				inputItems: [{ json: { ids: missing, row: 1 } }, { json: { ids: a, row: 2 } }],
				onError: 'continueErrorOutput',
			},
		);
		const [success, failed] = result.outputs;
		expect(json(success ?? [])).toEqual([expect.objectContaining({ id: a })]);
		expect(json(failed ?? [])).toEqual([
			{ ids: missing, row: 1, error: expect.stringContaining(missing), details: expect.any(String) },
		]);
	});

	it.each<[string, unknown]>([
		['an empty ID field', ''],
		['a non-numeric ID', '576459440400000002, SHOPIFY-1001'],
		// what a spreadsheet or JSON.parse makes of a TikTok ID
		['an ID that lost precision as a number', 576459440400000002],
	])('refuses %s before any order is fetched', async (_label, ids) => {
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{ inputItems: [{ json: { ids: shopOrders[0].id } }, { json: { ids } as IDataObject }] },
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
		expect(bed.requests()).toHaveLength(0);
	});

	it('with Continue On Fail a bad item becomes an error item and the others are still fetched', async () => {
		const a = shopOrders[11].id;
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: '={{ $json.ids }}' },
			{ inputItems: [{ json: { ids: 'abc' } }, { json: { ids: a } }], continueOnFail: true },
		);
		expect(result.items[0].json.error).toBe('"abc" is not a valid order id');
		expect(result.items[1].json.id).toBe(a);
		expect(paired(result.items)).toEqual([0, 1]);
	});

	it('an API failure is reported on the items whose IDs were in the failed call', async () => {
		bed.emu.control.injectFault({ kind: '500', count: 12, path_prefix: detailPath });
		const result = await bed.run(
			{ resource: 'order', operation: 'get', orderIds: shopOrders[12].id },
			{ inputItems: [{ json: {} }], continueOnFail: true },
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: shopOrders[12].id, error: expect.stringContaining('36009003') });
		expect(paired(result.items)).toEqual([0]);
		// six attempts with backoff, then given up
		expect(bed.requests(detailPath).map((call) => call.status)).toEqual([500, 500, 500, 500, 500, 500]);

		bed.emu.control.clearRequests();
		const stopped = await bed.run({ resource: 'order', operation: 'get', orderIds: shopOrders[12].id });
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error?.message).toContain('TikTok Shop error 36009003');
	}, 90000);
});
