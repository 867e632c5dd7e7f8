/**
 * Fulfillment operations through n8n-core's real execution path (harness) against the emulator: shipping changes
 * the order in TikTok, tracking numbers are checked before any call, shipping is never sent twice on doubt.
 */
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { Order } from '../../emulator/types';
import { json, paired, startTestBed, type TestBed } from './inventory-support';

let bed: TestBed;

beforeAll(async () => {
	bed = await startTestBed({ seed: 'fulfillment-it' });
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

/** A new order awaiting shipment, and the emulator's record of it. */
function newOrder(shippingType: 'SELLER' | 'TIKTOK'): Order {
	const [rendered] = bed.emu.control.createOrders({
		status: 'AWAITING_SHIPMENT',
		shipping_type: shippingType,
		emit: false,
	});
	return bed.emu.state.orderById.get(String(rendered.id))!;
}

const providersOf = (order: Order) => bed.emu.state.deliveryOptionById.get(order.delivery_option_id)!.providers;

describe('Fulfillment › Ship Package', () => {
	it("ships a seller-shipped package with the seller's tracking number: the order moves on in TikTok", async () => {
		const order = newOrder('SELLER');
		const provider = providersOf(order)[0];
		const result = await bed.run({
			resource: 'fulfillment',
			operation: 'shipPackage',
			packageId: order.packages[0].id,
			shippedBy: 'seller',
			trackingNumber: ' 9400 1118 9922 3197 4284 90 ',
			shippingProviderId: provider.id,
		});
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				package_id: order.packages[0].id,
				shipped: true,
				tracking_number: '9400111899223197428490',
				shipping_provider_id: provider.id,
			},
		]);
		const [call] = bed.requests('/fulfillment/');
		expect(call.path).toBe(`/fulfillment/202309/packages/${order.packages[0].id}/ship`);
		expect(call.body).toEqual({
			self_shipment: { tracking_number: '9400111899223197428490', shipping_provider_id: provider.id },
		});
		expect(order.packages.every((p) => p.shipped)).toBe(true);
		expect(order.packages[0].tracking_number).toBe('9400111899223197428490');
		expect(['IN_TRANSIT', 'PARTIALLY_SHIPPING']).toContain(order.status);

		// Shipping it again is refused by TikTok, and the error says so.
		const again = await bed.run({
			resource: 'fulfillment',
			operation: 'shipPackage',
			packageId: order.packages[0].id,
			trackingNumber: '9400111899223197428490',
			shippingProviderId: provider.id,
		});
		expect(again.error).toBeInstanceOf(NodeApiError);
		expect(again.error!.message).toBe('TikTok Shop error 21011040: Package has already been shipped.');
	});

	it('hands a TikTok Shipping package over for pickup', async () => {
		const order = newOrder('TIKTOK');
		const result = await bed.run({
			resource: 'fulfillment',
			operation: 'shipPackage',
			packageId: order.packages[0].id,
			shippedBy: 'tiktok',
			handoverMethod: 'DROP_OFF',
		});
		expect(result.error).toBeUndefined();
		expect(bed.requests('/fulfillment/')[0].body).toEqual({ handover_method: 'DROP_OFF' });
		expect(order.status).toBe(order.packages.length > 1 ? 'PARTIALLY_SHIPPING' : 'AWAITING_COLLECTION');
		expect(json(result.items)[0]).toEqual({
			package_id: order.packages[0].id,
			shipped: true,
			handover_method: 'DROP_OFF',
		});
	});

	it.each([
		['a tracking number with a slash', '1Z/999', /characters TikTok does not accept: \//],
		['an empty tracking number', '   ', /Tracking number is empty/],
		['a too short tracking number', 'AB1', /has 3 characters; TikTok accepts 4 to 40/],
	])('%s stops the node before anything is shipped', async (_label, trackingNumber, message) => {
		const good = newOrder('SELLER');
		const bad = newOrder('SELLER');
		const provider = providersOf(good)[0].id;
		const result = await bed.run(
			{
				resource: 'fulfillment',
				operation: 'shipPackage',
				packageId: '={{ $json.pkg }}',
				trackingNumber: '={{ $json.tn }}',
				shippingProviderId: provider,
			},
			{
				inputItems: [
					{ json: { pkg: good.packages[0].id, tn: 'GOOD-12345' } },
					{ json: { pkg: bad.packages[0].id, tn: trackingNumber } },
				],
			},
		);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toMatch(message);
		expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
		expect(bed.requests()).toHaveLength(0);
		expect(good.packages[0].shipped).toBe(false);
	});

	it('is retried after a 429 (TikTok did not take it) but never after a 503 (it may have)', async () => {
		const order = newOrder('SELLER');
		const provider = providersOf(order)[0].id;
		const params = {
			resource: 'fulfillment',
			operation: 'shipPackage',
			packageId: order.packages[0].id,
			trackingNumber: 'RETRY-0001',
			shippingProviderId: provider,
		};
		bed.emu.control.injectFault({ kind: '503', count: 1, path_prefix: '/fulfillment/' });
		const failed = await bed.run(params);
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(bed.requests('/fulfillment/')).toHaveLength(1);
		expect(order.packages[0].shipped).toBe(false);

		bed.emu.control.clearRequests();
		bed.emu.control.injectFault({ kind: '429', count: 2, path_prefix: '/fulfillment/' });
		const retried = await bed.run(params);
		expect(retried.error).toBeUndefined();
		expect(bed.requests('/fulfillment/').map((call) => call.status)).toEqual([429, 429, 200]);
		expect(order.packages[0].shipped).toBe(true);
	});
});

describe('Fulfillment › Mark as Shipped', () => {
	it("marks an order shipped with the seller's carrier, optionally only some line items", async () => {
		const [rendered] = bed.emu.control.createOrders({
			status: 'AWAITING_SHIPMENT',
			shipping_type: 'SELLER',
			line_items: [{ sku_id: bed.shop.products.find((p) => p.status === 'ACTIVATE')!.skus[0].id, quantity: 3 }],
			emit: false,
		});
		const order = bed.emu.state.orderById.get(String(rendered.id))!;
		const provider = providersOf(order)[1];
		const partial = [order.lines[0].id];
		const result = await bed.run({
			resource: 'fulfillment',
			operation: 'markAsShipped',
			orderId: order.id,
			trackingNumber: '1Z999AA10123456784',
			shippingProviderId: provider.id,
			options: { orderLineItemIds: partial.join(',') },
		});
		expect(result.error).toBeUndefined();
		const [call] = bed.requests('/fulfillment/');
		expect(call.path).toBe(`/fulfillment/202309/orders/${order.id}/packages`);
		expect(call.body).toEqual({
			tracking_number: '1Z999AA10123456784',
			shipping_provider_id: provider.id,
			order_line_item_ids: partial,
		});
		const out = json(result.items)[0];
		expect(out).toMatchObject({ order_id: order.id, order_line_item_ids: partial });
		expect(typeof out.package_id).toBe('string');
		expect(order.status).toBe('PARTIALLY_SHIPPING');

		const rest = await bed.run({
			resource: 'fulfillment',
			operation: 'markAsShipped',
			orderId: order.id,
			trackingNumber: '1Z999AA10123456785',
			shippingProviderId: provider.id,
		});
		expect(rest.error).toBeUndefined();
		expect(order.status).toBe('IN_TRANSIT');
	});

	it('a non-numeric line item ID is refused before any call', async () => {
		const order = newOrder('SELLER');
		const result = await bed.run({
			resource: 'fulfillment',
			operation: 'markAsShipped',
			orderId: order.id,
			trackingNumber: 'ABCD1234',
			shippingProviderId: providersOf(order)[0].id,
			options: { orderLineItemIds: 'line-1' },
		});
		expect(result.error!.message).toBe('"line-1" is not a valid line item id');
		expect(bed.requests()).toHaveLength(0);
	});
});

describe('Fulfillment › Get Tracking, Get Shipping Providers, Get Package', () => {
	it('gets tracking events newest first with ISO times, one item per order', async () => {
		const delivered = bed.shop.orders.filter((o) => o.status === 'DELIVERED').slice(0, 2);
		const result = await bed.run(
			{ resource: 'fulfillment', operation: 'getTracking', orderId: '={{ $json.id }}' },
			{ inputItems: delivered.map((o) => ({ json: { id: o.id } })) },
		);
		expect(result.error).toBeUndefined();
		expect(paired(result.items)).toEqual([0, 1]);
		const out = json(result.items)[0] as {
			order_id: string;
			latest: string;
			tracking: Array<{ update_time_millis: number; update_time: string }>;
		};
		expect(out.order_id).toBe(delivered[0].id);
		expect(out.latest).toBe('Delivered');
		expect(out.tracking[0].update_time).toBe(new Date(delivered[0].delivery_time * 1000).toISOString());
		const times = out.tracking.map((e) => e.update_time_millis);
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});

	it("lists the carriers of an order's delivery option, one item per carrier", async () => {
		const order = newOrder('SELLER');
		const result = await bed.run({
			resource: 'fulfillment',
			operation: 'getShippingProviders',
			deliveryOptionId: order.delivery_option_id,
		});
		expect(json(result.items)).toEqual(
			providersOf(order).map((p) => ({ id: p.id, name: p.name, delivery_option_id: order.delivery_option_id })),
		);
		expect(bed.requests()[0].path).toBe(
			`/logistics/202309/delivery_options/${order.delivery_option_id}/shipping_providers`,
		);
	});

	it('gets a package with its orders and status', async () => {
		const order = bed.shop.orders.find((o) => o.status === 'IN_TRANSIT')!;
		const result = await bed.run({ resource: 'fulfillment', operation: 'getPackage', packageId: order.packages[0].id });
		const out = json(result.items)[0] as IDataObject & { orders: Array<{ id: string }> };
		expect(out.package_id).toBe(order.packages[0].id);
		expect(out.orders[0].id).toBe(order.id);
		expect(out.tracking_number).toBe(order.packages[0].tracking_number);
	});
});
