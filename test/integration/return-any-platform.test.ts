/**
 * Return › Resolve to External Order with "Any Platform", through n8n-core's real execution path (harness) against
 * the emulator: TikTok requires `platform` on Get External Order References, so every call carries one; the node
 * asks each of the 10 platforms and merges what they answer.
 */
import type { Order } from '../../emulator/types';
import { json, startTestBed, type TestBed } from './inventory-support';

let bed: TestBed;
const REFERENCES = '/order/202406/orders/';

beforeAll(async () => {
	bed = await startTestBed({ seed: 'returns-any-platform-it', orders: 200 });
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

function deliveredOrder(): Order {
	const skus = bed.shop.products.filter((p) => p.status === 'ACTIVATE' && p.skus.length >= 2)[0].skus;
	const [rendered] = bed.emu.control.createOrders({
		status: 'DELIVERED',
		line_items: [
			{ sku_id: skus[0].id, quantity: 1 },
			{ sku_id: skus[1].id, quantity: 1 },
		],
		emit: false,
	});
	return bed.emu.state.orderById.get(String(rendered.id))!;
}

const ALL = [
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
];

describe('Return › Resolve to External Order, Any Platform', () => {
	it('asks each of the 10 platforms (never without one) and gives one result per linked platform', async () => {
		const order = deliveredOrder();
		const [l1, l2] = order.lines;
		bed.emu.state.externalRefs.set(order.id, [
			{
				id: 'SHOP-77',
				platform: 'SHOPIFY',
				line_items: [
					{ id: 'S-1', origin_id: l1.id },
					{ id: 'S-2', origin_id: l2.id },
				],
			},
			{ id: 'ERP-77', platform: 'ERP_SYSTEM', line_items: [{ id: 'E-1', origin_id: l1.id }] },
		]);
		const created = bed.emu.control.createReturn({
			order_id: order.id,
			line_item_ids: [l1.id],
			return_type: 'REFUND',
			emit: false,
		});
		bed.emu.control.clearRequests();

		const result = await bed.run({
			resource: 'return',
			operation: 'resolveToExternalOrder',
			resolveBy: 'returnId',
			returnId: String(created.return_id),
			platform: '',
		});
		expect(result.error).toBeUndefined();
		expect(
			json(result.items).map((item) => [
				item.platform,
				item.external_order_id,
				(item.external_lines as Array<{ external_line_item_id: string }>)[0].external_line_item_id,
			]),
		).toEqual([
			['ERP_SYSTEM', 'ERP-77', 'E-1'],
			['SHOPIFY', 'SHOP-77', 'S-1'],
		]);
		const calls = bed.requests(REFERENCES);
		expect(calls.map((call) => call.query.platform).sort()).toEqual(ALL);
		expect(calls.every((call) => call.code === 0)).toBe(true);
	});

	it('an order linked to no platform is an error naming "any platform", after asking all 10', async () => {
		const order = deliveredOrder();
		const created = bed.emu.control.createReturn({
			order_id: order.id,
			line_item_ids: [order.lines[0].id],
			emit: false,
		});
		bed.emu.control.clearRequests();
		const result = await bed.run(
			{
				resource: 'return',
				operation: 'resolveToExternalOrder',
				resolveBy: 'returnId',
				returnId: String(created.return_id),
				platform: '',
			},
			{ continueOnFail: true },
		);
		expect(result.items[0].json.error).toBe(`Order ${order.id} has no external order reference for any platform`);
		expect(bed.requests(REFERENCES)).toHaveLength(10);
	});
});
