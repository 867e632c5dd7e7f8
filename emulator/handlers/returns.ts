/** Returns & refunds (202309): search returns, return records, search cancellations: https://partner.tiktokshop.com/docv2/page/search-returns-202309 and its neighbours. */
import { decodePageToken, encodePageToken, filterHash, pageAfter, Cursor } from '../pagination';
import {
	bodyObject,
	Ctx,
	enumQuery,
	optInt,
	optString,
	optStringArray,
	pageSizeParam,
	requireShop,
	RouteDef,
} from '../router';
import { World } from '../state';
import { RETURN_STATUSES, type CancellationRec, type LineItem, type Order, type ReturnRec } from '../types';
import { ApiError, cmpId, money } from '../util';
import { lineTax } from './orders';

function lineRefund(order: Order, l: LineItem, currency: string) {
	const sub = l.originalPrice - l.sellerDiscount - l.platformDiscount;
	const tax = lineTax(order, l);
	return {
		currency,
		refund_total: money(sub + tax),
		refund_subtotal: money(sub),
		refund_shipping_fee: '0.00',
		refund_tax: money(tax),
	};
}

function productImage(l: LineItem) {
	return {
		url: `https://p16-oec-va.ibyteimg.com/${l.sku.product.imageUri}~tplv-o3syd03w52-origin-jpeg.jpeg`,
		height: 800,
		width: 800,
	};
}

function totals(order: Order, lines: LineItem[], currency: string) {
	let sub = 0;
	let tax = 0;
	for (const l of lines) {
		sub += l.originalPrice - l.sellerDiscount - l.platformDiscount;
		tax += lineTax(order, l);
	}
	return {
		currency,
		refund_total: money(sub + tax),
		refund_subtotal: money(sub),
		refund_shipping_fee: '0.00',
		refund_tax: money(tax),
		retail_delivery_fee: '0.00',
		buyer_service_fee: '0.00',
	};
}

export function renderReturn(world: World, r: ReturnRec): Record<string, unknown> {
	const order = world.orderById.get(r.order_id)!;
	const shop = world.shopById.get(r.shopId)!;
	const lines = r.lineIds.map((id) => order.lines.find((l) => l.id === id)).filter((l): l is LineItem => !!l);
	const shipsBack = r.return_type !== 'REFUND';
	const out: Record<string, unknown> = {
		return_id: r.return_id,
		order_id: r.order_id,
		return_type: r.return_type,
		return_status: r.return_status,
		arbitration_status: 'UNKNOWN',
		role: r.role,
		return_reason: r.return_reason,
		return_reason_text: r.return_reason_text,
		refund_amount: totals(order, lines, shop.currency),
		discount_amount: [],
		shipping_fee_amount: [],
		return_line_items: lines.map((l) => ({
			return_line_item_id: r.return_id.slice(0, 10) + l.id.slice(-9),
			order_line_item_id: l.id,
			sku_id: l.sku.id,
			seller_sku: l.sku.seller_sku,
			sku_name: l.sku.name,
			product_name: l.sku.product.title,
			product_image: productImage(l),
			refund_amount: lineRefund(order, l, shop.currency),
		})),
		seller_next_action_response: r.return_status.endsWith('_PENDING')
			? [{ action: 'SELLER_RESPOND_REQUEST', deadline: r.create_time + 2 * 86400 }]
			: [],
		create_time: r.create_time,
		update_time: r.update_time,
		can_buyer_keep_item: r.return_type === 'REFUND',
	};
	if (shipsBack) {
		out.return_method = 'PLATFORM_SHIPPED';
		out.shipment_type = 'PLATFORM';
		out.handover_method = 'DROP_OFF';
		if (r.return_tracking_number) {
			out.return_tracking_number = r.return_tracking_number;
			out.return_provider_name = shop.region === 'US' ? 'USPS' : 'Royal Mail';
		}
	}
	return out;
}

export function renderCancellation(world: World, c: CancellationRec): Record<string, unknown> {
	const order = world.orderById.get(c.order_id)!;
	const shop = world.shopById.get(c.shopId)!;
	const lines = c.lineIds.map((id) => order.lines.find((l) => l.id === id)).filter((l): l is LineItem => !!l);
	return {
		cancel_id: c.cancel_id,
		order_id: c.order_id,
		cancel_type: c.cancel_type,
		cancel_status: c.cancel_status,
		role: c.role,
		cancel_reason: c.cancel_reason,
		cancel_reason_text: c.cancel_reason_text,
		cancel_line_items: lines.map((l) => ({
			cancel_line_item_id: c.cancel_id.slice(0, 10) + l.id.slice(-9),
			order_line_item_id: l.id,
			sku_id: l.sku.id,
			seller_sku: l.sku.seller_sku,
			sku_name: l.sku.name,
			product_name: l.sku.product.title,
			product_image: productImage(l),
			refund_amount: lineRefund(order, l, shop.currency),
		})),
		refund_amount: totals(order, lines, shop.currency),
		seller_next_action_response:
			c.cancel_status === 'CANCELLATION_REQUEST_PENDING'
				? [{ action: 'SELLER_RESPOND_CANCELLATION', deadline: c.create_time + 2 * 86400 }]
				: [],
		create_time: c.create_time,
		update_time: c.update_time,
	};
}

interface TimeFilters {
	create_time_ge?: number;
	create_time_lt?: number;
	update_time_ge?: number;
	update_time_lt?: number;
}

function timeFilters(b: Record<string, unknown>): TimeFilters {
	return {
		create_time_ge: optInt(b, 'create_time_ge'),
		create_time_lt: optInt(b, 'create_time_lt'),
		update_time_ge: optInt(b, 'update_time_ge'),
		update_time_lt: optInt(b, 'update_time_lt'),
	};
}

function inTime(x: { create_time: number; update_time: number }, f: TimeFilters): boolean {
	if (f.create_time_ge !== undefined && x.create_time < f.create_time_ge) return false;
	if (f.create_time_lt !== undefined && x.create_time >= f.create_time_lt) return false;
	if (f.update_time_ge !== undefined && x.update_time < f.update_time_ge) return false;
	if (f.update_time_lt !== undefined && x.update_time >= f.update_time_lt) return false;
	return true;
}

function paged<T extends { create_time: number; update_time: number }>(
	ctx: Ctx,
	kind: string,
	list: T[],
	id: (t: T) => string,
	filters: unknown,
	pageSize: number,
) {
	const sortField = enumQuery(ctx, 'sort_field', ['create_time', 'update_time'] as const, 'create_time');
	const sortOrder = enumQuery(ctx, 'sort_order', ['ASC', 'DESC'] as const, 'ASC');
	const hash = filterHash(`${kind}:${ctx.shop!.id}`, { filters, sortField, sortOrder });
	const cursor: Cursor | null = ctx.query.page_token ? decodePageToken(ctx.query.page_token, hash) : null;
	const desc = sortOrder === 'DESC';
	const key = (t: T): Cursor => [t[sortField], id(t)];
	const sorted = list.slice().sort((a, b) => {
		const c = a[sortField] - b[sortField] || cmpId(id(a), id(b));
		return desc ? -c : c;
	});
	const { page, next } = pageAfter(sorted, key, desc, cursor, pageSize);
	return { page, total: sorted.length, next: next ? encodePageToken(hash, next) : '' };
}

function searchReturns(ctx: Ctx) {
	const shop = requireShop(ctx);
	const pageSize = pageSizeParam(ctx, 10, 50, 10);
	const b = bodyObject(ctx);
	const f = {
		return_ids: optStringArray(b, 'return_ids', 100),
		order_ids: optStringArray(b, 'order_ids', 100),
		buyer_user_ids: optStringArray(b, 'buyer_user_ids', 100),
		return_types: optStringArray(b, 'return_types', 10, ['REFUND', 'RETURN_AND_REFUND', 'REPLACEMENT']),
		return_status: optStringArray(b, 'return_status', 20, RETURN_STATUSES),
		arbitration_status: optStringArray(b, 'arbitration_status', 20),
		seller_proposed_return_type: optStringArray(b, 'seller_proposed_return_type', 5, ['PARTIAL_REFUND']),
		...timeFilters(b),
		locale: optString(b, 'locale'),
	};
	const world = ctx.world;
	const list = shop.returns.filter((r) => {
		if (f.return_ids && !f.return_ids.includes(r.return_id)) return false;
		if (f.order_ids && !f.order_ids.includes(r.order_id)) return false;
		if (f.buyer_user_ids && !f.buyer_user_ids.includes(world.orderById.get(r.order_id)?.user_id ?? '')) return false;
		if (f.return_types && !f.return_types.includes(r.return_type)) return false;
		if (f.return_status && !f.return_status.includes(r.return_status)) return false;
		if (f.arbitration_status && !f.arbitration_status.includes('UNKNOWN')) return false;
		if (f.seller_proposed_return_type) return false;
		return inTime(r, f);
	});
	const { page, total, next } = paged(ctx, 'returns', list, (r) => r.return_id, f, pageSize);
	return { return_orders: page.map((r) => renderReturn(world, r)), total_count: total, next_page_token: next };
}

function returnRecords(ctx: Ctx) {
	const shop = requireShop(ctx);
	const r = ctx.world.returnById.get(ctx.params.return_id);
	if (!r) throw new ApiError(25001001, 'Invalid parameter: return_id does not exist');
	if (r.shopId !== shop.id) throw new ApiError(25020005, 'No permission for this order');
	return {
		records: r.history
			.slice()
			.sort((a, b) => b.time - a.time)
			.map((h) => ({
				event: h.status.startsWith('REPLACEMENT')
					? 'ORDER_REPLACEMENT'
					: r.return_type === 'REFUND'
						? 'ORDER_REFUND'
						: 'ORDER_RETURN',
				role: h.role,
				description: h.description,
				reason_text: r.return_reason_text,
				note: '',
				images: [],
				videos: [],
				create_time: h.time,
			})),
	};
}

const CANCEL_STATUS_FILTER: Record<string, CancellationRec['cancel_status']> = {
	CANCELLATION_REQUEST_PENDING: 'CANCELLATION_REQUEST_PENDING',
	CANCELLATION_REQUEST_SUCCESS: 'CANCELLATION_REQUEST_SUCCESS',
	CANCELLATION_REQUEST_CANCEL: 'CANCELLATION_REQUEST_CANCELLED',
	CANCELLATION_REQUEST_COMPLETE: 'CANCELLATION_REQUEST_COMPLETE',
};

function searchCancellations(ctx: Ctx) {
	const shop = requireShop(ctx);
	const pageSize = pageSizeParam(ctx, 1, 50, 10);
	const b = bodyObject(ctx);
	const f = {
		cancel_ids: optStringArray(b, 'cancel_ids', 100),
		order_ids: optStringArray(b, 'order_ids', 100),
		buyer_user_ids: optStringArray(b, 'buyer_user_ids', 100),
		cancel_types: optStringArray(b, 'cancel_types', 5, ['CANCEL', 'BUYER_CANCEL']),
		cancel_status: optStringArray(b, 'cancel_status', 10, Object.keys(CANCEL_STATUS_FILTER)),
		...timeFilters(b),
		locale: optString(b, 'locale'),
	};
	const statuses = f.cancel_status ? new Set(f.cancel_status.map((s) => CANCEL_STATUS_FILTER[s])) : null;
	const world = ctx.world;
	const list = shop.cancellations.filter((c) => {
		if (f.cancel_ids && !f.cancel_ids.includes(c.cancel_id)) return false;
		if (f.order_ids && !f.order_ids.includes(c.order_id)) return false;
		if (f.buyer_user_ids && !f.buyer_user_ids.includes(world.orderById.get(c.order_id)?.user_id ?? '')) return false;
		if (f.cancel_types && !f.cancel_types.includes(c.cancel_type)) return false;
		if (statuses && !statuses.has(c.cancel_status)) return false;
		return inTime(c, f);
	});
	const { page, total, next } = paged(ctx, 'cancellations', list, (c) => c.cancel_id, f, pageSize);
	return { cancellations: page.map((c) => renderCancellation(world, c)), total_count: total, next_page_token: next };
}

export const returnRoutes: RouteDef[] = [
	{ method: 'POST', pattern: '/return_refund/202309/returns/search', handler: searchReturns },
	{ method: 'GET', pattern: '/return_refund/202309/returns/{return_id}/records', handler: returnRecords },
	{ method: 'POST', pattern: '/return_refund/202309/cancellations/search', handler: searchCancellations },
];
