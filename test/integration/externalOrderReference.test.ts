/**
 * External Order Reference › Create / Get / Get Many through n8n-core's real execution path (harness) against the
 * emulator: batching, per-order partial failures, validation before any call.
 */
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import type { Order } from '../../emulator/types';
import { json, paired, startOrderTestBed, type OrderTestBed } from './order-support';

const ADD = '/order/202406/orders/external_orders';

let bed: OrderTestBed;
let orders: Order[];

beforeAll(async () => {
	bed = await startOrderTestBed({ orders: 600, seed: 'refs-it' });
	orders = bed.emu.state.shops[0].orders;
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

/** One input item per order, as a routing workflow has them after creating the Shopify orders. */
function routed(list: Order[], prefix: string): INodeExecutionData[] {
	return list.map((order, index) => ({
		json: {
			tiktokOrderId: order.id,
			shopifyOrderId: `${prefix}-${index}`,
			lines: order.lines.map((line, position) => ({ id: `${prefix}-${index}-line-${position}`, origin_id: line.id })),
		},
	}));
}

const addParameters: INodeParameters = {
	resource: 'externalOrderReference',
	operation: 'create',
	orderId: '={{ $json.tiktokOrderId }}',
	platform: 'SHOPIFY',
	externalOrderId: '={{ $json.shopifyOrderId }}',
	lineItemMapping: 'json',
	lineItemsJson: '={{ $json.lines }}',
};

const stored = (orderId: string) => bed.emu.state.externalRefs.get(orderId) ?? [];

describe('External Order Reference › Create', () => {
	it('links 250 orders in calls of at most 100, one output item per input item', async () => {
		const list = orders.slice(0, 250);
		const result = await bed.run(addParameters, { inputItems: routed(list, 'bulk') });
		expect(result.error).toBeUndefined();
		const calls = bed.requests(ADD);
		// the three calls run concurrently, so they may be answered in any order
		const sent = calls.map((call) => (call.body as IDataObject).orders as IDataObject[]);
		expect(sent.map((batch) => batch.length).sort()).toEqual([100, 100, 50]);
		expect(
			sent
				.flat()
				.map((entry) => entry.id)
				.sort(),
		).toEqual(list.map((order) => order.id).sort());
		expect(calls.every((call) => call.code === 0)).toBe(true);
		expect(result.items).toHaveLength(250);
		expect(paired(result.items)).toEqual(list.map((_, index) => index));
		expect(result.items[7].json).toEqual({
			order_id: list[7].id,
			linked: true,
			external_order: {
				id: 'bulk-7',
				platform: 'SHOPIFY',
				line_items: list[7].lines.map((line, position) => ({ id: `bulk-7-line-${position}`, origin_id: line.id })),
			},
		});
		for (const [index, order] of list.entries()) {
			expect(stored(order.id)).toEqual([expect.objectContaining({ id: `bulk-${index}`, platform: 'SHOPIFY' })]);
		}
	});

	it('the same order twice in one run is sent in two calls, in input order, so the later item wins', async () => {
		const order = orders[300];
		const items = routed([order, order], 'twice');
		const result = await bed.run(addParameters, { inputItems: items });
		expect(result.error).toBeUndefined();
		const calls = bed.requests(ADD);
		expect(calls).toHaveLength(2);
		expect(stored(order.id)).toEqual([expect.objectContaining({ id: 'twice-1', platform: 'SHOPIFY' })]);
		expect(json(result.items).map((item) => (item.external_order as IDataObject).id)).toEqual(['twice-0', 'twice-1']);
	});

	it('line items from the "Define Below" fields and a platform given by an expression in lower case', async () => {
		const order = orders[301];
		const result = await bed.run(
			{
				resource: 'externalOrderReference',
				operation: 'create',
				orderId: order.id,
				platform: '={{ "order management system" }}',
				externalOrderId: 'OMS-301',
				lineItemMapping: 'fields',
				lineItems: { lineItem: [{ id: 'oms-line-1', originId: order.lines[0].id }] },
			},
			{ inputItems: [{ json: {} }] },
		);
		expect(result.error).toBeUndefined();
		expect(stored(order.id)).toEqual([
			{
				id: 'OMS-301',
				platform: 'ORDER_MANAGEMENT_SYSTEM',
				line_items: [{ id: 'oms-line-1', origin_id: order.lines[0].id }],
			},
		]);
	});

	describe('partial failures reported by TikTok under code 0', () => {
		const unknownOrder = '576459440477777777';
		function mixedBatch(prefix: string): INodeExecutionData[] {
			const items = routed(orders.slice(310, 315), prefix);
			items[2].json.tiktokOrderId = unknownOrder;
			// a TikTok line item of another order
			(items[4].json.lines as IDataObject[])[0].origin_id = orders[400].lines[0].id;
			return items;
		}

		it('with Continue On Fail: the failed orders become error items on their own input item, the others are linked', async () => {
			const result = await bed.run(addParameters, { inputItems: mixedBatch('cof'), continueOnFail: true });
			expect(bed.requests(ADD)).toHaveLength(1);
			expect(paired(result.items)).toEqual([0, 1, 2, 3, 4]);
			expect(json(result.items).map((item) => item.linked)).toEqual([true, true, false, true, false]);
			expect(result.items[2].json).toMatchObject({
				order_id: unknownOrder,
				error: 'TikTok Shop could not link order 576459440477777777: error 36020001: Invalid order_id',
			});
			expect(result.items[4].json.error).toContain('Invalid line item origin_id');
			expect(stored(orders[310].id)).toHaveLength(1);
			expect(stored(orders[313].id)).toHaveLength(1);
			expect(stored(orders[314].id)).toHaveLength(0);
		});

		it('without it: the node fails naming the first failed item, after linking the others', async () => {
			const items = mixedBatch('stop');
			const result = await bed.run(addParameters, { inputItems: items });
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect(result.error?.message).toBe(
				'TikTok Shop could not link order 576459440477777777: error 36020001: Invalid order_id',
			);
			expect((result.error as unknown as NodeApiError).context.itemIndex).toBe(2);
			expect(result.error?.description).toContain('3 other order(s) in this run were linked');
			expect(stored(orders[311].id)).toEqual([expect.objectContaining({ id: 'stop-1' })]);
		});
	});

	describe('bad input fails before any call', () => {
		const base = () => routed(orders.slice(320, 323), 'bad');
		it.each<[string, (items: INodeExecutionData[]) => void, INodeParameters, string]>([
			['an empty TikTok order ID', (items) => (items[1].json.tiktokOrderId = ''), {}, 'TikTok order ID is empty'],
			[
				'a non-numeric TikTok order ID',
				(items) => (items[1].json.tiktokOrderId = '#1001'),
				{},
				'"#1001" is not a valid tiktok order id',
			],
			[
				'an unknown platform',
				() => undefined,
				{ platform: '={{ $itemIndex === 1 ? "COMMERCETOOLS" : "SHOPIFY" }}' },
				'"COMMERCETOOLS" is not a platform',
			],
			['an empty external order ID', (items) => (items[1].json.shopifyOrderId = ' '), {}, 'External order ID is empty'],
			[
				'a line pair without origin_id',
				(items) => (items[1].json.lines = [{ id: 'x' }]),
				{},
				'exactly the fields "id" and "origin_id"',
			],
			[
				'a line pair with a misspelt key',
				(items) => (items[1].json.lines = [{ id: 'x', originId: '1' }]),
				{},
				'exactly the fields',
			],
			['no line pairs', (items) => (items[1].json.lines = []), {}, 'No line item pairs given'],
			[
				'more than 100 line pairs',
				(items) =>
					(items[1].json.lines = Array.from({ length: 101 }, (_, i) => ({
						id: `l${i}`,
						origin_id: String(577086512123755000 + i),
					}))),
				{},
				'Too many line item pairs: 101',
			],
		])('%s', async (_label, spoil, overrides, message) => {
			const items = base();
			spoil(items);
			const result = await bed.run({ ...addParameters, ...overrides }, { inputItems: items });
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error?.message).toContain(message);
			expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
			expect(bed.requests()).toHaveLength(0);
			expect(stored(orders[320].id)).toHaveLength(0);
		});

		it('with Continue On Fail the bad item is an error item and the valid ones are linked', async () => {
			const items = base();
			items[1].json.lines = 'not json [';
			const result = await bed.run(addParameters, { inputItems: items, continueOnFail: true });
			expect(paired(result.items)).toEqual([0, 1, 2]);
			expect(result.items[1].json.error).toBe('Line Items (JSON) is not valid JSON');
			expect(json(result.items).map((item) => item.linked)).toEqual([true, undefined, true]);
			expect(((bed.requests(ADD)[0].body as IDataObject).orders as unknown[]).length).toBe(2);
		});
	});
});

describe('External Order Reference › Get', () => {
	const order = () => orders[500];

	it('an order without links gives one item with linked: false (for an IF node)', async () => {
		const result = await bed.run({
			resource: 'externalOrderReference',
			operation: 'get',
			orderId: order().id,
			platform: 'SHOPIFY',
		});
		expect(json(result.items)).toEqual([{ order_id: order().id, linked: false, external_order: null }]);
		const [call] = bed.requests('/order/202406/orders/');
		expect(call.path).toBe(`/order/202406/orders/${order().id}/external_orders`);
		expect(call.query.platform).toBe('SHOPIFY');
	});

	it('one item per link; the platform filter narrows them', async () => {
		const line = order().lines[0].id;
		for (const [platform, id] of [
			['SHOPIFY', 'S-500'],
			['ERP_SYSTEM', 'E-500'],
		]) {
			await bed.run(
				{
					...addParameters,
					platform,
					orderId: order().id,
					externalOrderId: id,
					lineItemsJson: JSON.stringify([{ id: `${id}-1`, origin_id: line }]),
				},
				{ inputItems: [{ json: {} }] },
			);
		}
		bed.emu.control.clearRequests();
		const all = await bed.run({ resource: 'externalOrderReference', operation: 'get', orderId: order().id });
		// "All Platforms": TikTok requires `platform`, so each of the 10 is asked and the answers merged
		expect(json(all.items)).toEqual([
			{
				order_id: order().id,
				linked: true,
				external_order: { id: 'E-500', platform: 'ERP_SYSTEM', line_items: [{ id: 'E-500-1', origin_id: line }] },
			},
			{
				order_id: order().id,
				linked: true,
				external_order: { id: 'S-500', platform: 'SHOPIFY', line_items: [{ id: 'S-500-1', origin_id: line }] },
			},
		]);
		const asked = bed.requests('/order/202406/orders/');
		expect(asked.map((call) => call.query.platform).sort()).toEqual([
			'AMAZON',
			'BIGCOMMERCE',
			'CHANNEL_ADVISOR',
			'ERP_SYSTEM',
			'MAGENTO',
			'ORDER_MANAGEMENT_SYSTEM',
			'SALESFORCE_COMMERCE_CLOUD',
			'SHOPIFY',
			'WAREHOUSE_MANAGEMENT_SYSTEM',
			'WOOCOMMERCE',
		]);
		expect(asked.every((call) => call.status === 200)).toBe(true);
		const erp = await bed.run({
			resource: 'externalOrderReference',
			operation: 'get',
			orderId: order().id,
			platform: 'ERP_SYSTEM',
		});
		expect(json(erp.items).map((item) => (item.external_order as IDataObject).id)).toEqual(['E-500']);
	});

	it('an order TikTok does not know is an error item under Continue On Fail', async () => {
		const result = await bed.run(
			{ resource: 'externalOrderReference', operation: 'get', orderId: '={{ $json.id }}' },
			{ inputItems: [{ json: { id: '576459440466666666' } }, { json: { id: order().id } }], continueOnFail: true },
		);
		expect(result.items[0].json.error).toContain('36020001');
		// the order linked to Shopify and an ERP in the previous test: one item per link
		expect(
			json(result.items)
				.slice(1)
				.map((item) => item.order_id),
		).toEqual([order().id, order().id]);
		expect(paired(result.items)).toEqual([0, 1, 1]);
	});
});

describe('External Order Reference › Get Many', () => {
	it('finds the TikTok order for a platform + external order ID, with the documented request shape', async () => {
		const order = orders[510];
		await bed.run(
			{
				...addParameters,
				orderId: order.id,
				externalOrderId: 'SHOP-510',
				lineItemsJson: [{ id: 'a', origin_id: order.lines[0].id }],
			},
			{ inputItems: [{ json: {} }] },
		);
		bed.emu.control.clearRequests();

		const result = await bed.run({
			resource: 'externalOrderReference',
			operation: 'getAll',
			platform: 'SHOPIFY',
			externalOrderId: 'SHOP-510',
		});
		expect(json(result.items)).toEqual([
			{
				found: true,
				order_id: order.id,
				external_order: {
					id: 'SHOP-510',
					platform: 'SHOPIFY',
					line_items: [{ id: 'a', origin_id: order.lines[0].id }],
				},
			},
		]);
		const [call] = bed.requests('/order/202406/orders/external_order_search');
		expect(call.method).toBe('POST');
		expect(call.query).toMatchObject({ platform: 'SHOPIFY', external_order_id: 'SHOP-510' });
		expect(call.body).toEqual({});
	});

	it('nothing linked gives one item with found: false', async () => {
		const result = await bed.run({
			resource: 'externalOrderReference',
			operation: 'getAll',
			platform: 'AMAZON',
			externalOrderId: '111-222',
		});
		expect(json(result.items)).toEqual([{ found: false, platform: 'AMAZON', external_order_id: '111-222' }]);
	});

	it('refuses an unknown platform before any call', async () => {
		const result = await bed.run({
			resource: 'externalOrderReference',
			operation: 'getAll',
			platform: '={{ "ebay" }}',
			externalOrderId: '1',
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('"ebay" is not a platform TikTok Shop knows');
		expect(bed.requests()).toHaveLength(0);
	});
});
