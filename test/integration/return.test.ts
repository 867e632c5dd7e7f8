/**
 * Return operations through n8n-core's real execution path (harness) against the emulator, including the
 * "Match returns to the OMS" chain: link an order to Shopify (External Order Reference › Create), the buyer
 * returns items, Return › Resolve to External Order gives the Shopify order and line IDs.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { Order, ReturnRec } from '../../emulator/types';
import { json, paired, startTestBed, type TestBed } from './inventory-support';

let bed: TestBed;
const SEARCH = '/return_refund/202309/returns/search';

beforeAll(async () => {
	bed = await startTestBed({ seed: 'returns-it', orders: 800 });
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

/** A delivered order with `lines` line items (one unit each, two of the same SKU). */
function deliveredOrder(): Order {
	const skus = bed.shop.products.filter((p) => p.status === 'ACTIVATE' && p.skus.length >= 2)[0].skus;
	const [rendered] = bed.emu.control.createOrders({
		status: 'DELIVERED',
		line_items: [
			{ sku_id: skus[0].id, quantity: 2 },
			{ sku_id: skus[1].id, quantity: 1 },
		],
		emit: false,
	});
	return bed.emu.state.orderById.get(String(rendered.id))!;
}

function newReturn(order: Order, lineIds: string[], type: ReturnRec['return_type'] = 'RETURN_AND_REFUND'): string {
	const created = bed.emu.control.createReturn({
		order_id: order.id,
		line_item_ids: lineIds,
		return_type: type,
		emit: false,
	});
	return String(created.return_id);
}

describe('Return › Get Many', () => {
	it('Return All pages through every return (page_size 50) sorted oldest first', async () => {
		const all = bed.shop.returns;
		expect(all.length).toBeGreaterThan(10);
		const result = await bed.run({ resource: 'return', operation: 'getAll', returnAll: true });
		expect(result.error).toBeUndefined();
		const ids = json(result.items).map((r) => r.return_id);
		expect(ids).toHaveLength(all.length);
		expect(new Set(ids)).toEqual(new Set(all.map((r) => r.return_id)));
		const calls = bed.requests(SEARCH);
		expect(calls).toHaveLength(Math.ceil(all.length / 50));
		expect(calls.every((call) => call.query.page_size === '50')).toBe(true);
		const created = json(result.items).map((r) => r.create_time as number);
		expect(created).toEqual([...created].sort((a, b) => a - b));
	});

	it('a Limit below 10 still asks TikTok for its minimum page of 10 and returns exactly the limit', async () => {
		const result = await bed.run({ resource: 'return', operation: 'getAll', limit: 3 });
		expect(result.items).toHaveLength(3);
		expect(bed.requests(SEARCH).map((call) => call.query.page_size)).toEqual(['10']);
	});

	it('sends filters in the body (IDs, types, statuses, _ge/_lt times) and sort in the query', async () => {
		const order = deliveredOrder();
		const returnId = newReturn(order, [order.lines[2].id], 'REFUND');
		bed.emu.control.setReturnStatus(returnId, 'AWAITING_BUYER_SHIP', { emit: false });
		const now = bed.emu.state.now();
		const result = await bed.run({
			resource: 'return',
			operation: 'getAll',
			returnAll: true,
			filters: {
				orderIds: order.id,
				returnTypes: ['REFUND'],
				returnStatus: ['RETURN_OR_REFUND_REQUEST_PENDING', 'AWAITING_BUYER_SHIP'],
				createTimeFrom: new Date((now - 60) * 1000).toISOString(),
				createTimeTo: new Date((now + 60) * 1000).toISOString(),
			},
			options: { sortField: 'update_time', sortOrder: 'DESC', locale: 'en-US' },
		});
		const [call] = bed.requests(SEARCH);
		expect(call.query).toMatchObject({ sort_field: 'update_time', sort_order: 'DESC', page_size: '50' });
		expect(call.body).toEqual({
			order_ids: [order.id],
			return_types: ['REFUND'],
			return_status: ['RETURN_OR_REFUND_REQUEST_PENDING', 'AWAITING_BUYER_SHIP'],
			create_time_ge: now - 60,
			create_time_lt: now + 60,
			locale: 'en-US',
		});
		expect(json(result.items).map((r) => r.return_id)).toEqual([returnId]);

		// The same search for another status finds nothing: the filter really applies.
		const none = await bed.run({
			resource: 'return',
			operation: 'getAll',
			returnAll: true,
			filters: { orderIds: order.id, returnStatus: ['BUYER_SHIPPED_ITEM'] },
		});
		expect(none.items).toHaveLength(0);
	});

	it('rejects a non-numeric order ID before any call', async () => {
		const result = await bed.run({ resource: 'return', operation: 'getAll', filters: { orderIds: '123, #456' } });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toBe('"#456" is not a valid order id');
		expect(bed.requests()).toHaveLength(0);
	});
});

describe('Cancellation › Get Many', () => {
	it('Return All and filters by type and status (TikTok filters with _CANCEL, answers _CANCELLED)', async () => {
		const all = bed.shop.cancellations;
		const result = await bed.run({ resource: 'cancellation', operation: 'getAll', returnAll: true });
		expect(
			json(result.items)
				.map((c) => c.cancel_id)
				.sort(),
		).toEqual(all.map((c) => c.cancel_id).sort());

		bed.emu.control.clearRequests();
		const filtered = await bed.run({
			resource: 'cancellation',
			operation: 'getAll',
			returnAll: true,
			filters: {
				cancelTypes: ['BUYER_CANCEL'],
				cancelStatus: ['CANCELLATION_REQUEST_CANCEL', 'CANCELLATION_REQUEST_COMPLETE'],
			},
		});
		expect(bed.requests('/return_refund/202309/cancellations/search')[0].body).toEqual({
			cancel_types: ['BUYER_CANCEL'],
			cancel_status: ['CANCELLATION_REQUEST_CANCEL', 'CANCELLATION_REQUEST_COMPLETE'],
		});
		const expected = all.filter(
			(c) =>
				c.cancel_type === 'BUYER_CANCEL' &&
				['CANCELLATION_REQUEST_CANCELLED', 'CANCELLATION_REQUEST_COMPLETE'].includes(c.cancel_status),
		);
		expect(
			json(filtered.items)
				.map((c) => c.cancel_id)
				.sort(),
		).toEqual(expected.map((c) => c.cancel_id).sort());
	});
});

describe('Return › Get History', () => {
	it('gets the history of each return, newest first', async () => {
		const order = deliveredOrder();
		const returnId = newReturn(order, [order.lines[0].id]);
		bed.emu.control.setReturnStatus(returnId, 'AWAITING_BUYER_SHIP', { emit: false });
		const result = await bed.run({ resource: 'return', operation: 'getHistory', returnId });
		expect(result.error).toBeUndefined();
		const out = json(result.items)[0] as {
			return_id: string;
			records: Array<{ description: string; create_time: number }>;
		};
		expect(out.return_id).toBe(returnId);
		expect(out.records.length).toBe(bed.emu.state.returnById.get(returnId)!.history.length);
		expect(out.records[0].description).toBe('Status changed to AWAITING_BUYER_SHIP');
	});
});

describe('Return › Resolve to External Order', () => {
	it('follows return → order → Shopify reference and gives the Shopify order and line IDs of the returned items', async () => {
		const order = deliveredOrder();
		const [l1, l2, l3] = order.lines;
		// The routing workflow linked the order when it created it in Shopify (the real Add operation).
		const link = await bed.run({
			resource: 'externalOrderReference',
			operation: 'create',
			orderId: order.id,
			platform: 'SHOPIFY',
			externalOrderId: '5512347865234',
			lineItemMapping: 'json',
			lineItemsJson: JSON.stringify([
				{ id: 'shopify-line-1', origin_id: l1.id },
				{ id: 'shopify-line-1', origin_id: l2.id },
				{ id: 'shopify-line-2', origin_id: l3.id },
			]),
		});
		expect(link.error).toBeUndefined();
		const returnId = newReturn(order, [l1.id, l2.id]);
		bed.emu.control.clearRequests();

		const result = await bed.run({
			resource: 'return',
			operation: 'resolveToExternalOrder',
			resolveBy: 'returnId',
			returnId,
			platform: 'SHOPIFY',
		});
		expect(result.error).toBeUndefined();
		const [out] = json(result.items) as Array<IDataObject & { lines: IDataObject[] }>;
		expect(out).toMatchObject({
			return_id: returnId,
			order_id: order.id,
			return_type: 'RETURN_AND_REFUND',
			platform: 'SHOPIFY',
			external_order_id: '5512347865234',
			all_lines_matched: true,
			unmatched_order_line_item_ids: [],
			external_lines: [{ external_line_item_id: 'shopify-line-1', quantity: 2, order_line_item_ids: [l1.id, l2.id] }],
		});
		expect(out.lines.map((l) => [l.order_line_item_id, l.external_line_item_id, l.sku_id])).toEqual([
			[l1.id, 'shopify-line-1', l1.sku.id],
			[l2.id, 'shopify-line-1', l2.sku.id],
		]);
		expect(bed.requests().map((call) => `${call.method} ${call.path}?${call.query.platform ?? ''}`)).toEqual([
			`POST ${SEARCH}?`,
			`GET /order/202406/orders/${order.id}/external_orders?SHOPIFY`,
		]);
	});

	it('by order ID: one item per return of the order; batches many items into few calls, paired to the asking item', async () => {
		const orders = Array.from({ length: 3 }, () => deliveredOrder());
		for (const [index, order] of orders.entries()) {
			bed.emu.state.externalRefs.set(order.id, [
				{
					id: `OMS-${index}`,
					platform: 'ORDER_MANAGEMENT_SYSTEM',
					line_items: order.lines.map((l, n) => ({ id: `OMS-${index}-${n}`, origin_id: l.id })),
				},
			]);
		}
		const r0 = newReturn(orders[0], [orders[0].lines[0].id]);
		const r0b = newReturn(orders[0], [orders[0].lines[2].id], 'REFUND');
		const r2 = newReturn(orders[2], [orders[2].lines[1].id]);
		bed.emu.control.clearRequests();

		const result = await bed.run(
			{
				resource: 'return',
				operation: 'resolveToExternalOrder',
				resolveBy: 'orderId',
				orderId: '={{ $json.id }}',
				platform: 'ORDER_MANAGEMENT_SYSTEM',
			},
			{
				inputItems: [{ json: { id: orders[0].id } }, { json: { id: orders[2].id } }, { json: { id: orders[1].id } }],
				continueOnFail: true,
			},
		);
		expect(paired(result.items)).toEqual([0, 0, 1, 2]);
		const out = json(result.items);
		expect(out.slice(0, 3).map((o) => [o.return_id, o.external_order_id])).toEqual([
			[r0, 'OMS-0'],
			[r0b, 'OMS-0'],
			[r2, 'OMS-2'],
		]);
		expect(out[2].external_lines).toEqual([
			{ external_line_item_id: 'OMS-2-1', quantity: 1, order_line_item_ids: [orders[2].lines[1].id] },
		]);
		expect(out[3].error).toBe(`Order ${orders[1].id} has no returns`);
		// One return search for all three orders, one reference lookup per order that has returns.
		expect(bed.requests(SEARCH)).toHaveLength(1);
		expect(bed.requests(SEARCH)[0].body).toEqual({ order_ids: [orders[0].id, orders[2].id, orders[1].id] });
		expect(bed.requests('/order/202406/')).toHaveLength(2);
	});

	it('60 return IDs from 60 items take 2 searches (50 per page), and each item gets its own return', async () => {
		const order = deliveredOrder();
		bed.emu.state.externalRefs.set(order.id, [{ id: 'SHOP-9', platform: 'SHOPIFY', line_items: [] }]);
		const returnIds = Array.from({ length: 60 }, (_v, n) => newReturn(order, [order.lines[n % 3].id]));
		bed.emu.control.clearRequests();
		const result = await bed.run(
			{ resource: 'return', operation: 'resolveToExternalOrder', returnId: '={{ $json.id }}' },
			{ inputItems: returnIds.map((id) => ({ json: { id } })) },
		);
		expect(result.error).toBeUndefined();
		expect(json(result.items).map((o) => o.return_id)).toEqual(returnIds);
		expect(paired(result.items)).toEqual(returnIds.map((_id, n) => n));
		expect(bed.requests(SEARCH).map((call) => (call.body as { return_ids: string[] }).return_ids.length)).toEqual([
			50, 10,
		]);
		expect(bed.requests('/order/202406/')).toHaveLength(1);
		// No line mapping on the reference: the OMS order is still given, the lines are reported unmatched.
		expect(json(result.items)[0]).toMatchObject({ external_order_id: 'SHOP-9', all_lines_matched: false });
	});

	it('says what to do when the order was never linked, or the return does not exist', async () => {
		const order = deliveredOrder();
		const returnId = newReturn(order, [order.lines[0].id]);
		const result = await bed.run(
			{ resource: 'return', operation: 'resolveToExternalOrder', returnId: '={{ $json.id }}', platform: 'WOOCOMMERCE' },
			{ inputItems: [{ json: { id: returnId } }, { json: { id: '4035999999999999999' } }], continueOnFail: true },
		);
		const out = json(result.items);
		expect(out[0].error).toBe(`Order ${order.id} has no external order reference for WooCommerce`);
		expect(out[0].details).toMatch(/External Order Reference › Create/);
		expect(out[1].error).toBe(
			`Return 4035999999999999999 was not found in the shop “${bed.shop.name}” (${bed.shop.region}, shop ID ${bed.shop.id})`,
		);

		const strict = await bed.run({
			resource: 'return',
			operation: 'resolveToExternalOrder',
			returnId,
			platform: 'WOOCOMMERCE',
		});
		expect(strict.error).toBeInstanceOf(NodeOperationError);
		expect((strict.error as unknown as NodeOperationError).context.itemIndex).toBe(0);
	});

	it('rejects an unknown platform typed in an expression before any call', async () => {
		const result = await bed.run({
			resource: 'return',
			operation: 'resolveToExternalOrder',
			returnId: '4035000000000000001',
			platform: '={{ "shopfiy" }}',
		});
		expect(result.error!.message).toBe('"SHOPFIY" is not a platform TikTok knows');
		expect(bed.requests()).toHaveLength(0);
	});
});
