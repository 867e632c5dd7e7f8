/** Orders: search (202309) and detail (202309 + 202507); the full order object is rendered here. */
import { buyerAddress } from '../data';
import { decodePageToken, encodePageToken, filterHash, pageAfter, ResultCache, Cursor } from '../pagination';
import {
	bodyObject,
	Ctx,
	enumQuery,
	optBool,
	optEnum,
	optInt,
	optString,
	optStringArray,
	pageSizeParam,
	requireShop,
	RouteDef,
} from '../router';
import { World } from '../state';
import { ORDER_STATUSES, type LineItem, type Order, type OrderStatus, type PackageRec, type Shop } from '../types';
import { ApiError, badParam, cmpId, money } from '../util';

// global aliases (fast inside jest vm contexts, see prng.ts)
const M_max = Math.max;
const M_round = Math.round;

const DAY = 86400;

function maskName(s: string): string {
	return s
		.split(/\s+/)
		.filter(Boolean)
		.map((p) => p[0] + '*'.repeat(M_max(2, p.length - 1)))
		.join(' ');
}

function maskPhone(p: string): string {
	const m = /^(\(\+\d+\))(\d+)$/.exec(p);
	if (!m) return p.slice(0, 3) + '*****' + p.slice(-2);
	return m[1] + m[2].slice(0, 3) + '*'.repeat(M_max(1, m[2].length - 5)) + m[2].slice(-2);
}

function maskStreet(line: string): string {
	return line.replace(/^(\d)\d*/, (_m, d: string) => `${d}***`);
}

export function packageStatus(order: Order, pkg: PackageRec): string {
	switch (order.status) {
		case 'CANCELLED':
			return 'CANCELLED';
		case 'COMPLETED':
		case 'DELIVERED':
			return 'COMPLETED';
		case 'IN_TRANSIT':
			return 'FULFILLING';
		case 'AWAITING_COLLECTION':
			return 'PROCESSING';
		case 'PARTIALLY_SHIPPING':
			return pkg.shipped ? (order.shipping_type === 'TIKTOK' ? 'PROCESSING' : 'FULFILLING') : 'TO_FULFILL';
		default:
			return 'TO_FULFILL';
	}
}

function lineDisplayStatus(order: Order, pkg: PackageRec | undefined): string {
	switch (order.status) {
		case 'ON_HOLD':
			return 'AWAITING_SHIPMENT';
		case 'PARTIALLY_SHIPPING':
			return pkg && pkg.shipped
				? order.shipping_type === 'TIKTOK'
					? 'AWAITING_COLLECTION'
					: 'IN_TRANSIT'
				: 'AWAITING_SHIPMENT';
		default:
			return order.status;
	}
}

export function packagesVisible(order: Order): boolean {
	if (order.status === 'UNPAID' || order.status === 'ON_HOLD') return false;
	if (order.status === 'CANCELLED' && !order.paid_time) return false;
	return true;
}

export function lineTax(order: Order, l: LineItem): number {
	return M_round(((l.originalPrice - l.sellerDiscount - l.platformDiscount) * order.taxBp) / 10000);
}

export interface PaymentCents {
	original: number;
	sellerDiscount: number;
	platformDiscount: number;
	subTotal: number;
	originalShipping: number;
	shippingFee: number;
	productTax: number;
	shippingTax: number;
	retailDeliveryFee: number;
	total: number;
}

export function paymentCents(world: World, order: Order): PaymentCents {
	const shop = world.shopById.get(order.shopId)!;
	let original = 0;
	let sd = 0;
	let pd = 0;
	let productTax = 0;
	for (const l of order.lines) {
		original += l.originalPrice;
		sd += l.sellerDiscount;
		pd += l.platformDiscount;
		productTax += lineTax(order, l);
	}
	const subTotal = original - sd - pd;
	const shippingFee = order.originalShippingFee - order.shippingSellerDiscount - order.shippingPlatformDiscount;
	const shippingTax = M_round((shippingFee * order.taxBp) / 10000);
	const rdf = shop.region === 'US' && buyerAddress(order, 'US').stateCode === 'CO' ? 28 : 0;
	return {
		original,
		sellerDiscount: sd,
		platformDiscount: pd,
		subTotal,
		originalShipping: order.originalShippingFee,
		shippingFee,
		productTax,
		shippingTax,
		retailDeliveryFee: rdf,
		total: subTotal + shippingFee + productTax + shippingTax + rdf,
	};
}

export function renderAddress(world: World, order: Order): Record<string, unknown> {
	const shop = world.shopById.get(order.shopId)!;
	const a = buyerAddress(order, shop.region);
	const masked = order.shipping_type === 'TIKTOK';
	const name = `${a.first} ${a.last}`.trim();
	const line1 = masked ? maskStreet(a.line1) : a.line1;
	const cityPart = shop.region === 'US' ? `${a.city}, ${a.stateCode} ${a.postal}` : `${a.city} ${a.postal}`;
	const out: Record<string, unknown> = {
		name: masked ? maskName(name) : name,
		first_name: masked ? maskName(a.first) : a.first,
		last_name: masked ? maskName(a.last) : a.last,
		phone_number: masked ? maskPhone(a.phone) : a.phone,
		full_address: [line1, a.line2, cityPart, a.region].filter(Boolean).join(', '),
		address_detail: a.line2,
		address_line1: line1,
		address_line2: a.line2,
		address_line3: '',
		address_line4: '',
		postal_code: a.postal,
		region_code: a.regionCode,
		district_info: packagesVisible(order)
			? [
					{ address_level: 'L0', address_level_name: 'Country', address_name: a.region },
					{ address_level: 'L1', address_level_name: shop.region === 'US' ? 'State' : 'County', address_name: a.state },
					{
						address_level: 'L3',
						address_level_name: shop.region === 'US' ? 'City' : 'Post town',
						address_name: a.city,
					},
				]
			: [],
		delivery_preferences: { drop_off_location: '' },
	};
	if (shop.region === 'GB') out.post_town = a.city;
	return out;
}

export function renderOrder(world: World, order: Order): Record<string, unknown> {
	const shop = world.shopById.get(order.shopId)!;
	const pay = paymentCents(world, order);
	const cur = shop.currency;
	const dopt = world.deliveryOptionById.get(order.delivery_option_id);
	const visible = packagesVisible(order);
	const firstShipped = order.packages.find((p) => p.shipped);
	const lineItems = order.lines.map((l) => {
		const pkg = order.packages[l.packageIdx];
		const sku = l.sku;
		const tax = lineTax(order, l);
		const item: Record<string, unknown> = {
			id: l.id,
			sku_id: sku.id,
			product_id: sku.productId,
			product_name: sku.product.title,
			sku_name: sku.name,
			sku_image: `https://p16-oec-va.ibyteimg.com/${sku.product.imageUri}~tplv-o3syd03w52-origin-jpeg.jpeg`,
			seller_sku: sku.seller_sku,
			original_price: money(l.originalPrice),
			sale_price: money(l.originalPrice - l.sellerDiscount - l.platformDiscount),
			seller_discount: money(l.sellerDiscount),
			platform_discount: money(l.platformDiscount),
			currency: cur,
			display_status: lineDisplayStatus(order, pkg),
			is_gift: l.isGift,
			sku_type: 'NORMAL',
			is_dangerous_good: false,
			rts_time: pkg && pkg.shipped ? pkg.shipped_time : undefined,
			item_tax: order.taxBp
				? [{ tax_type: 'SALES_TAX', tax_amount: money(tax), tax_rate: (order.taxBp / 10000).toFixed(4) }]
				: [],
		};
		if (visible && pkg) {
			item.package_id = pkg.id;
			item.package_status = packageStatus(order, pkg);
			if (pkg.shipped) {
				item.shipping_provider_id = pkg.shipping_provider_id;
				item.shipping_provider_name = pkg.shipping_provider_name;
				item.tracking_number = pkg.tracking_number;
			}
		}
		if (order.status === 'CANCELLED') {
			item.cancel_user = order.cancellation_initiator;
			item.cancel_reason = order.cancel_reason;
		}
		if (item.rts_time === undefined) delete item.rts_time;
		return item;
	});

	const payment: Record<string, string> = {
		currency: cur,
		sub_total: money(pay.subTotal),
		shipping_fee: money(pay.shippingFee),
		seller_discount: money(pay.sellerDiscount),
		platform_discount: money(pay.platformDiscount),
		total_amount: money(pay.total),
		original_total_product_price: money(pay.original),
		original_shipping_fee: money(pay.originalShipping),
		shipping_fee_seller_discount: money(order.shippingSellerDiscount),
		shipping_fee_platform_discount: money(order.shippingPlatformDiscount),
		shipping_fee_cofunded_discount: '0.00',
		tax: money(pay.productTax + pay.shippingTax),
		product_tax: money(pay.productTax),
		shipping_fee_tax: money(pay.shippingTax),
		handling_fee: '0.00',
		shipping_insurance_fee: '0.00',
		item_insurance_fee: '0.00',
	};
	if (shop.region === 'US') payment.retail_delivery_fee = money(pay.retailDeliveryFee);

	const o: Record<string, unknown> = {
		id: order.id,
		status: order.status,
		user_id: order.user_id,
		buyer_email: `v${order.user_id.slice(-10)}@scs.tiktokw.${shop.region === 'US' ? 'us' : 'eu'}`,
		buyer_message: order.buyer_message,
		seller_note: order.seller_note,
		create_time: order.create_time,
		update_time: order.update_time,
		shipping_type: order.shipping_type,
		delivery_option_id: order.delivery_option_id,
		delivery_option_name: dopt ? dopt.name : '',
		delivery_type: 'HOME_DELIVERY',
		warehouse_id: order.warehouse_id,
		fulfillment_type: 'FULFILLMENT_BY_SELLER',
		packages: visible ? order.packages.map((p) => ({ id: p.id })) : [],
		is_cod: false,
		is_sample_order: false,
		is_replacement_order: false,
		is_exchange_order: false,
		is_on_hold_order: order.status === 'ON_HOLD',
		is_buyer_request_cancel: order.is_buyer_request_cancel,
		has_updated_recipient_address: order.has_updated_recipient_address,
		order_type: 'NORMAL',
		commerce_platform: 'TIKTOK_SHOP',
		payment_method_name: order.payment_method_name,
		payment,
		recipient_address: renderAddress(world, order),
		line_items: lineItems,
	};
	if (order.packages.length > 1 && visible) o.split_or_combine_tag = 'SPLIT';
	if (order.paid_time) {
		o.paid_time = order.paid_time;
		o.rts_sla_time = order.paid_time + 3 * DAY;
		o.tts_sla_time = order.paid_time + 5 * DAY;
		o.shipping_due_time = order.paid_time + 3 * DAY;
		o.collection_due_time = order.paid_time + 5 * DAY;
		o.delivery_due_time = order.paid_time + 12 * DAY;
		o.delivery_sla_time = order.paid_time + 12 * DAY;
	}
	if (order.status === 'UNPAID') o.cancel_order_sla_time = order.create_time + DAY;
	if (order.rts_time) o.rts_time = order.rts_time;
	if (order.collection_time) o.collection_time = order.collection_time;
	if (order.delivery_time) o.delivery_time = order.delivery_time;
	if (order.cancel_time) o.cancel_time = order.cancel_time;
	if (order.request_cancel_time) o.request_cancel_time = order.request_cancel_time;
	if (order.status === 'CANCELLED') {
		o.cancel_reason = order.cancel_reason;
		o.cancellation_initiator = order.cancellation_initiator;
	}
	if (firstShipped) {
		o.shipping_provider = firstShipped.shipping_provider_name;
		o.shipping_provider_id = firstShipped.shipping_provider_id;
		o.tracking_number = firstShipped.tracking_number;
	}
	return o;
}

// ------------------------------------------------------------------------------------------------------------

const caches = new WeakMap<World, ResultCache<Order>>();
function cacheFor(world: World): ResultCache<Order> {
	let c = caches.get(world);
	if (!c) {
		c = new ResultCache<Order>(48);
		caches.set(world, c);
	}
	return c;
}

interface OrderFilters {
	order_status?: OrderStatus;
	create_time_ge?: number;
	create_time_lt?: number;
	update_time_ge?: number;
	update_time_lt?: number;
	shipping_type?: 'TIKTOK' | 'SELLER';
	buyer_user_id?: string;
	is_buyer_request_cancel?: boolean;
	warehouse_ids?: string[];
}

function matches(o: Order, f: OrderFilters, whs: Set<string> | null): boolean {
	if (f.order_status !== undefined && o.status !== f.order_status) return false;
	if (f.create_time_ge !== undefined && o.create_time < f.create_time_ge) return false;
	if (f.create_time_lt !== undefined && o.create_time >= f.create_time_lt) return false;
	if (f.update_time_ge !== undefined && o.update_time < f.update_time_ge) return false;
	if (f.update_time_lt !== undefined && o.update_time >= f.update_time_lt) return false;
	if (f.shipping_type !== undefined && o.shipping_type !== f.shipping_type) return false;
	if (f.buyer_user_id !== undefined && o.user_id !== f.buyer_user_id) return false;
	if (f.is_buyer_request_cancel !== undefined && o.is_buyer_request_cancel !== f.is_buyer_request_cancel) return false;
	if (whs && !whs.has(o.warehouse_id)) return false;
	return true;
}

export function searchOrders(
	world: World,
	shop: Shop,
	f: OrderFilters,
	sortField: 'create_time' | 'update_time',
	desc: boolean,
): Order[] {
	const key = `${shop.id}|${JSON.stringify(f)}|${sortField}|${desc ? 'D' : 'A'}`;
	return cacheFor(world).get(key, world.version, () => {
		const whs = f.warehouse_ids && f.warehouse_ids.length ? new Set(f.warehouse_ids) : null;
		const list = shop.orders.filter((o) => matches(o, f, whs));
		if (sortField === 'update_time') list.sort((a, b) => a.update_time - b.update_time || cmpId(a.id, b.id));
		if (desc) list.reverse();
		return list;
	});
}

function orderSearch(ctx: Ctx) {
	const shop = requireShop(ctx);
	const pageSize = pageSizeParam(ctx, 1, 100, null);
	const sortField = enumQuery(ctx, 'sort_field', ['create_time', 'update_time'] as const, 'create_time');
	const sortOrder = enumQuery(ctx, 'sort_order', ['ASC', 'DESC'] as const, 'DESC');
	const b = bodyObject(ctx);
	const f: OrderFilters = {
		order_status: optEnum(b, 'order_status', ORDER_STATUSES),
		create_time_ge: optInt(b, 'create_time_ge'),
		create_time_lt: optInt(b, 'create_time_lt'),
		update_time_ge: optInt(b, 'update_time_ge'),
		update_time_lt: optInt(b, 'update_time_lt'),
		shipping_type: optEnum(b, 'shipping_type', ['TIKTOK', 'SELLER'] as const),
		buyer_user_id: optString(b, 'buyer_user_id'),
		is_buyer_request_cancel: optBool(b, 'is_buyer_request_cancel'),
		warehouse_ids: optStringArray(b, 'warehouse_ids', 100),
	};
	for (const k of Object.keys(f) as Array<keyof OrderFilters>) if (f[k] === undefined) delete f[k];
	const hash = filterHash(`orders:${shop.id}`, { f, sortField, sortOrder });
	const token = ctx.query.page_token;
	const cursor: Cursor | null = token ? decodePageToken(token, hash) : null;
	const desc = sortOrder === 'DESC';
	const list = searchOrders(ctx.world, shop, f, sortField, desc);
	const key = (o: Order): Cursor => [sortField === 'create_time' ? o.create_time : o.update_time, o.id];
	const { page, next } = pageAfter(list, key, desc, cursor, pageSize);
	return {
		next_page_token: next ? encodePageToken(hash, next) : '',
		total_count: list.length,
		orders: page.map((o) => renderOrder(ctx.world, o)),
	};
}

function orderDetail(ctx: Ctx) {
	const shop = requireShop(ctx);
	const raw = ctx.query.ids;
	if (raw === undefined || raw.trim() === '') throw badParam('ids is required: a comma-separated list of order ids');
	const ids = raw
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	if (ids.length > 50) throw badParam(`ids must contain at most 50 order ids, got ${ids.length}`);
	const seen = new Set<string>();
	const orders: Record<string, unknown>[] = [];
	for (const id of ids) {
		if (seen.has(id)) continue;
		seen.add(id);
		const o = ctx.world.orderById.get(id);
		if (o && o.shopId === shop.id) orders.push(renderOrder(ctx.world, o));
		// modes.order_detail_unknown_ids: 'reject' plays 21008111 from the reference's error list for the whole call
		else if (ctx.world.modes.order_detail_unknown_ids === 'reject')
			throw new ApiError(21008111, `order ${id} does not belong to this seller`);
	}
	return { orders };
}

export const orderRoutes: RouteDef[] = [
	{ method: 'POST', pattern: '/order/202309/orders/search', handler: orderSearch },
	{ method: 'GET', pattern: '/order/202309/orders', handler: orderDetail },
	{ method: 'GET', pattern: '/order/202507/orders', handler: orderDetail },
];
