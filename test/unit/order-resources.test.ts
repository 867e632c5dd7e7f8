/**
 * Pure input handling of the order, external order reference and warehouse resources: how node parameters
 * become TikTok request bodies, and which inputs are refused. The calls themselves are covered in
 * test/integration (harness + emulator); here a minimal stand-in supplies only getNode/getNodeParameter.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INode } from 'n8n-workflow';

import { orderDescription } from '../../nodes/TikTokShop/resources/order';
import { buildOrderSearch, uniqueById } from '../../nodes/TikTokShop/resources/order/search';
import { externalOrderReferenceDescription } from '../../nodes/TikTokShop/resources/externalOrderReference';
import { normalizePlatform, parseLineItems } from '../../nodes/TikTokShop/resources/externalOrderReference/parse';
import { planBatches } from '../../nodes/TikTokShop/resources/externalOrderReference/plan';
import { warehouseDescription } from '../../nodes/TikTokShop/resources/warehouse';
import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';

const node: INode = {
	id: 'n1',
	name: 'TikTok Shop',
	type: 'tikTokShop',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function context(parameters: IDataObject = {}, timezone = 'UTC'): IExecuteFunctions {
	return {
		getNode: () => node,
		getTimezone: () => timezone,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
	} as unknown as IExecuteFunctions;
}

function thrown(fn: () => unknown): NodeOperationError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error('expected a NodeOperationError, nothing was thrown');
}

describe('order search: parameters → TikTok request', () => {
	it('sends an empty body and no sort when nothing is set', () => {
		expect(buildOrderSearch(context(), 0)).toEqual({ qs: {}, body: {}, keep: undefined });
	});

	it('maps every filter to its TikTok field, dates to Unix seconds, sort to the query', () => {
		const { qs, body } = buildOrderSearch(
			context({
				filters: {
					orderStatus: 'IN_TRANSIT',
					createTimeFrom: '2026-01-01T00:00:00Z',
					createTimeTo: '2026-01-02T00:00:00Z',
					updateTimeFrom: '2026-01-03T00:00:00Z',
					updateTimeTo: '2026-01-04T00:00:00Z',
					shippingType: 'SELLER',
					buyerUserId: '7494049642642441621',
					buyerRequestedCancel: false,
					warehouseIds: '7068517275539719942, 7068517275539719943,7068517275539719942',
				},
				options: { sortField: 'update_time', sortOrder: 'ASC' },
			}),
			0,
		);
		expect(qs).toEqual({ sort_field: 'update_time', sort_order: 'ASC' });
		expect(body).toEqual({
			order_status: 'IN_TRANSIT',
			create_time_ge: 1767225600,
			create_time_lt: 1767312000,
			update_time_ge: 1767398400,
			update_time_lt: 1767484800,
			shipping_type: 'SELLER',
			buyer_user_id: '7494049642642441621',
			is_buyer_request_cancel: false,
			warehouse_ids: ['7068517275539719942', '7068517275539719943'],
		});
	});

	it("reads the date picker's zone-less values in the workflow's timezone (winter and summer time)", () => {
		const filters = {
			createTimeFrom: '2026-01-31T00:00:00',
			createTimeTo: '2026-07-01T00:00:00',
			updateTimeFrom: '2026-07-01T08:30:00+02:00',
		};
		const { body } = buildOrderSearch(context({ filters }, 'America/New_York'), 0);
		expect(body.create_time_ge).toBe(Date.parse('2026-01-31T05:00:00Z') / 1000);
		expect(body.create_time_lt).toBe(Date.parse('2026-07-01T04:00:00Z') / 1000);
		expect(body.update_time_ge).toBe(Date.parse('2026-07-01T06:30:00Z') / 1000);
		const utc = buildOrderSearch(context({ filters }), 0);
		expect(utc.body.create_time_ge).toBe(Date.parse('2026-01-31T00:00:00Z') / 1000);
	});

	it('Ready to Ship Only: Awaiting Shipment, created before now minus the minimum age, held orders dropped', () => {
		const now = Date.parse('2026-03-01T12:00:00Z');
		const { body, keep } = buildOrderSearch(context({ readyToShipOnly: true, minOrderAgeMinutes: 90 }), 0, now);
		expect(body).toEqual({
			order_status: 'AWAITING_SHIPMENT',
			is_buyer_request_cancel: false,
			create_time_lt: now / 1000 - 90 * 60,
		});
		expect(keep?.({ id: '1', is_on_hold_order: true })).toBe(false);
		expect(keep?.({ id: '2', is_on_hold_order: false })).toBe(true);
	});

	it('Ready to Ship Only keeps an earlier "Created Before" and refuses a conflicting status', () => {
		const now = Date.parse('2026-03-01T12:00:00Z');
		const earlier = buildOrderSearch(
			context({ readyToShipOnly: true, minOrderAgeMinutes: 60, filters: { createTimeTo: '2026-02-01T00:00:00Z' } }),
			0,
			now,
		);
		expect(earlier.body.create_time_lt).toBe(Date.parse('2026-02-01T00:00:00Z') / 1000);
		const error = thrown(() =>
			buildOrderSearch(context({ readyToShipOnly: true, filters: { orderStatus: 'UNPAID' } }), 0, now),
		);
		expect(error.message).toContain('Order Status "UNPAID"');
		const cancel = thrown(() =>
			buildOrderSearch(context({ readyToShipOnly: true, filters: { buyerRequestedCancel: true } }), 0, now),
		);
		expect(cancel.message).toContain('Buyer Requested Cancellation');
		// asking for orders WITHOUT a cancellation request is what Ready to Ship Only does anyway
		expect(
			buildOrderSearch(context({ readyToShipOnly: true, filters: { buyerRequestedCancel: false } }), 0, now).body
				.is_buyer_request_cancel,
		).toBe(false);
	});

	it.each([
		[
			'an empty date range',
			{ createTimeFrom: '2026-01-02T00:00:00Z', createTimeTo: '2026-01-01T00:00:00Z' },
			'Created After',
		],
		['an invalid date', { updateTimeFrom: 'yesterday-ish' }, 'not a valid date'],
		['a non-numeric warehouse ID', { warehouseIds: '123,abc' }, '"abc"'],
		['a buyer ID that lost precision', { buyerUserId: 7494049642642441621 }, 'lost precision'],
		[
			'more than 100 warehouses',
			{ warehouseIds: Array.from({ length: 101 }, (_, i) => String(1000 + i)).join(',') },
			'Too many warehouse IDs',
		],
	])('refuses %s before any call', (_label, filters, message) => {
		expect(thrown(() => buildOrderSearch(context({ filters }), 0)).message).toContain(message);
	});

	it('drops orders that appear on two pages, keeping the first', () => {
		expect(uniqueById([{ id: '1', v: 1 }, { id: '2' }, { id: '1', v: 2 }])).toEqual([{ id: '1', v: 1 }, { id: '2' }]);
	});
});

describe('external order references: input validation', () => {
	it.each([
		['SHOPIFY', 'SHOPIFY'],
		['shopify', 'SHOPIFY'],
		[' Order Management System ', 'ORDER_MANAGEMENT_SYSTEM'],
		['erp-system', 'ERP_SYSTEM'],
	])('accepts platform %p as %p', (raw, value) => {
		expect(normalizePlatform(context(), raw, 0)).toBe(value);
	});

	it.each(['COMMERCETOOLS', '', undefined])('refuses platform %p and lists the valid ones', (raw) => {
		const error = thrown(() => normalizePlatform(context(), raw, 3));
		expect(error.description).toContain('WAREHOUSE_MANAGEMENT_SYSTEM');
		expect(error.context.itemIndex).toBe(3);
	});

	it('accepts line items as an array, as JSON text, or as a single object; IDs become strings', () => {
		expect(parseLineItems(context(), [{ id: 13789235, origin_id: '577086512123755123' }], 0)).toEqual([
			{ id: '13789235', origin_id: '577086512123755123' },
		]);
		expect(parseLineItems(context(), '[{"id":"a-1","origin_id":"577086512123755123"}]', 0)).toEqual([
			{ id: 'a-1', origin_id: '577086512123755123' },
		]);
		expect(parseLineItems(context(), { id: 'a-1', origin_id: '577086512123755123' }, 0)).toEqual([
			{ id: 'a-1', origin_id: '577086512123755123' },
		]);
	});

	it.each([
		['invalid JSON', '[{"id": 1,', 'not valid JSON'],
		['an entry that is not an object', ['577086512123755123'], 'is not an object'],
		['a misspelt key', [{ id: '1', originId: '577086512123755123' }], 'exactly the fields "id" and "origin_id"'],
		['an empty external ID', [{ id: ' ', origin_id: '577086512123755123' }], 'external line item ID is empty'],
		['a non-numeric TikTok line ID', [{ id: '1', origin_id: 'line-1' }], '"line-1"'],
		['a TikTok line ID that lost precision', [{ id: '1', origin_id: 577086512123755123 }], 'lost precision'],
	])('refuses line items with %s', (_label, raw, message) => {
		expect(thrown(() => parseLineItems(context(), raw, 0)).message).toContain(message);
	});

	it('planBatches: at most 100 orders per call, one shop per call, a repeated order in a later round', () => {
		const ref = (itemIndex: number, orderId: string, shopCipher = 'A') => ({
			itemIndex,
			orderId,
			shopCipher,
			externalOrder: { id: `x${itemIndex}`, platform: 'SHOPIFY', line_items: [] },
		});
		const planned = [
			...Array.from({ length: 230 }, (_, i) => ref(i, String(1000 + i))),
			ref(230, '1000'),
			ref(231, '9999', 'B'),
			ref(232, '1000'),
		];
		const rounds = planBatches(planned);
		expect(rounds.map((round) => round.map((batch) => batch.length))).toEqual([[100, 100, 30, 1], [1], [1]]);
		expect(rounds[0][3][0].shopCipher).toBe('B');
		expect(rounds[1][0][0].itemIndex).toBe(230);
		expect(rounds[2][0][0].itemIndex).toBe(232);
		for (const round of rounds) {
			for (const batch of round) expect(new Set(batch.map((r) => r.orderId)).size).toBe(batch.length);
		}
	});
});

describe('node description', () => {
	const properties = new TikTokShop().description.properties;
	const operations = (resource: string) =>
		(
			properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource)?.options ??
			[]
		).map((option) => (option as { value: string }).value);

	it('keeps the public parameter values saved workflows depend on', () => {
		expect(operations('order')).toEqual(['get', 'getAll']);
		expect(operations('externalOrderReference')).toEqual(['create', 'get', 'getAll']);
		expect(operations('warehouse')).toEqual(['getAll']);
		const names = (list: typeof properties) => [...new Set(list.map((p) => p.name))];
		expect(names(orderDescription)).toEqual([
			'operation',
			'orderIds',
			'onNotFound',
			'returnAll',
			'limit',
			'readyToShipOnly',
			'minOrderAgeMinutes',
			'filters',
			'options',
		]);
		expect(names(externalOrderReferenceDescription)).toEqual([
			'operation',
			'orderId',
			'platform',
			'externalOrderId',
			'lineItemMapping',
			'lineItems',
			'lineItemsJson',
		]);
		expect(names(warehouseDescription)).toEqual(['operation', 'filters']);
	});
});
