/** Pure helpers of Fulfillment (tracking-number check) and Return (return → external order line mapping). */
import { normalizeTrackingNumber } from '../../nodes/TikTokShop/resources/fulfillment/tracking';
import { matchReturnToReference } from '../../nodes/TikTokShop/resources/return/match';

describe('normalizeTrackingNumber', () => {
	it.each([
		['9400111899223197428490', '9400111899223197428490'],
		['1Z 999 AA1 01 2345 6784', '1Z999AA10123456784'],
		[' AB123456789GB\n', 'AB123456789GB'],
		['JD-0142-7731', 'JD-0142-7731'],
	])('accepts %p as %p', (raw, value) => {
		expect(normalizeTrackingNumber(raw)).toEqual({ ok: true, value });
	});

	it.each([
		['', 'empty'],
		['   ', 'empty'],
		[undefined, 'empty'],
		['AB#123456', 'characters TikTok does not accept: #'],
		['ÄB123456', 'characters TikTok does not accept: Ä'],
		['1Z/99', 'characters TikTok does not accept: /'],
		['ABC', '3 characters'],
		['A'.repeat(41), '41 characters'],
	])('rejects %p', (raw, reason) => {
		const result = normalizeTrackingNumber(raw);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.reason).toContain(reason);
	});
});

describe('matchReturnToReference', () => {
	const ret = {
		return_id: '4035000000000000001',
		order_id: '5764000000000000001',
		return_type: 'RETURN_AND_REFUND',
		return_status: 'AWAITING_BUYER_SHIP',
		refund_amount: { currency: 'USD', refund_total: '59.98' },
		return_line_items: [
			{
				return_line_item_id: 'r1',
				order_line_item_id: '5770000000000000001',
				sku_id: 's1',
				seller_sku: 'TEE-M',
				refund_amount: { refund_total: '29.99' },
			},
			{
				return_line_item_id: 'r2',
				order_line_item_id: '5770000000000000002',
				sku_id: 's1',
				seller_sku: 'TEE-M',
				refund_amount: { refund_total: '29.99' },
			},
			{
				return_line_item_id: 'r3',
				order_line_item_id: '5770000000000000003',
				sku_id: 's2',
				seller_sku: 'MUG',
				refund_amount: { refund_total: '9.99' },
			},
		],
	};

	it('maps each returned TikTok line to its OMS line and counts units per OMS line', () => {
		const result = matchReturnToReference(ret, {
			id: 'gid://shopify/Order/1001',
			platform: 'SHOPIFY',
			line_items: [
				{ id: 'shopify-line-A', origin_id: '5770000000000000001' },
				{ id: 'shopify-line-A', origin_id: '5770000000000000002' },
				{ id: 'shopify-line-B', origin_id: '5770000000000000009' },
			],
		});
		expect(result).toMatchObject({
			return_id: ret.return_id,
			order_id: ret.order_id,
			platform: 'SHOPIFY',
			external_order_id: 'gid://shopify/Order/1001',
			all_lines_matched: false,
			unmatched_order_line_item_ids: ['5770000000000000003'],
			external_lines: [
				{
					external_line_item_id: 'shopify-line-A',
					quantity: 2,
					order_line_item_ids: ['5770000000000000001', '5770000000000000002'],
				},
			],
			refund_amount: { currency: 'USD', refund_total: '59.98' },
		});
		expect(
			(result.lines as Array<{ external_line_item_id: string | null }>).map((l) => l.external_line_item_id),
		).toEqual(['shopify-line-A', 'shopify-line-A', null]);
	});

	it('still gives the OMS order when the reference has no line mapping', () => {
		const result = matchReturnToReference(ret, { id: 'OMS-77', platform: 'ERP_SYSTEM' });
		expect(result.external_order_id).toBe('OMS-77');
		expect(result.external_lines).toEqual([]);
		expect(result.all_lines_matched).toBe(false);
	});
});
