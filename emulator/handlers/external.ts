/** External order references (202406): add, get by TikTok order, search by OMS order id (https://partner.tiktokshop.com/docv2/page/add-external-order-references-202406). */
import { bodyObject, Ctx, requireShop, RouteDef } from '../router';
import type { ExternalOrderRef } from '../types';
import { ApiError, badParam, isObject } from '../util';

export const PLATFORMS = [
	'SHOPIFY',
	'WOOCOMMERCE',
	'BIGCOMMERCE',
	'MAGENTO',
	'SALESFORCE_COMMERCE_CLOUD',
	'CHANNEL_ADVISOR',
	'AMAZON',
	'ORDER_MANAGEMENT_SYSTEM',
	'WAREHOUSE_MANAGEMENT_SYSTEM',
	'ERP_SYSTEM',
] as const;

interface AddError {
	code: string;
	message: string;
	detail: { order_id: string; external_order: { id: string; platform: string } };
}

function str(v: unknown, field: string): string {
	if (v === undefined || v === null || v === '') throw badParam(`${field} is required`);
	if (typeof v !== 'string') throw badParam(`${field} must be a string`);
	return v;
}

function addExternalOrders(ctx: Ctx) {
	const shop = requireShop(ctx);
	const b = bodyObject(ctx, true);
	const orders = b.orders;
	if (orders === undefined) throw badParam('orders is required');
	if (!Array.isArray(orders)) throw badParam('orders must be an array');
	if (orders.length === 0) throw badParam('orders must contain at least 1 item');
	if (orders.length > 100) throw badParam(`orders must contain at most 100 items, got ${orders.length}`);
	// structural validation first: the whole call fails on malformed input
	const parsed = orders.map((o, i) => {
		if (!isObject(o)) throw badParam(`orders[${i}] must be an object`);
		const id = str(o.id, `orders[${i}].id`);
		const eo = o.external_order;
		if (!isObject(eo)) throw badParam(`orders[${i}].external_order is required`);
		const extId = str(eo.id, `orders[${i}].external_order.id`);
		const platform = str(eo.platform, `orders[${i}].external_order.platform`);
		const li = eo.line_items;
		if (li === undefined) throw badParam(`orders[${i}].external_order.line_items is required`);
		if (!Array.isArray(li)) throw badParam(`orders[${i}].external_order.line_items must be an array`);
		if (li.length === 0) throw badParam(`orders[${i}].external_order.line_items must contain at least 1 item`);
		if (li.length > 100)
			throw badParam(`orders[${i}].external_order.line_items must contain at most 100 items, got ${li.length}`);
		const lines = li.map((l, j) => {
			if (!isObject(l)) throw badParam(`orders[${i}].external_order.line_items[${j}] must be an object`);
			return {
				id: str(l.id, `orders[${i}].external_order.line_items[${j}].id`),
				origin_id: str(l.origin_id, `orders[${i}].external_order.line_items[${j}].origin_id`),
			};
		});
		return { id, ref: { id: extId, platform, line_items: lines } as ExternalOrderRef };
	});
	const errors: AddError[] = [];
	const world = ctx.world;
	for (const p of parsed) {
		const err = (message: string) =>
			errors.push({
				code: '36020001',
				message,
				detail: { order_id: p.id, external_order: { id: p.ref.id, platform: p.ref.platform } },
			});
		if (!(PLATFORMS as readonly string[]).includes(p.ref.platform)) {
			err(`Invalid platform: ${p.ref.platform}`);
			continue;
		}
		const order = world.orderById.get(p.id);
		if (!order || order.shopId !== shop.id) {
			err('Invalid order_id');
			continue;
		}
		const lineIds = new Set(order.lines.map((l) => l.id));
		const bad = p.ref.line_items.find((l) => !lineIds.has(l.origin_id));
		if (bad) {
			err(`Invalid line item origin_id: ${bad.origin_id} is not a line item of order ${order.id}`);
			continue;
		}
		const list = world.externalRefs.get(order.id) ?? [];
		const idx = list.findIndex((r) => r.platform === p.ref.platform);
		const copy: ExternalOrderRef = {
			id: p.ref.id,
			platform: p.ref.platform,
			line_items: p.ref.line_items.map((l) => ({ ...l })),
		};
		if (idx >= 0) list[idx] = copy;
		else list.push(copy);
		world.externalRefs.set(order.id, list);
	}
	return { errors };
}

function platformQuery(ctx: Ctx, required: boolean): string | undefined {
	const p = ctx.query.platform;
	if (p === undefined || p === '') {
		if (required) throw badParam('platform is required');
		return undefined;
	}
	if (!(PLATFORMS as readonly string[]).includes(p))
		throw badParam(`platform must be one of ${PLATFORMS.join(', ')}, got "${p}"`);
	return p;
}

function getExternalOrders(ctx: Ctx) {
	const shop = requireShop(ctx);
	// platform is required (https://partner.tiktokshop.com/docv2/page/get-external-order-references-202406)
	const platform = platformQuery(ctx, true);
	const order = ctx.world.orderById.get(ctx.params.order_id);
	if (!order || order.shopId !== shop.id) throw new ApiError(36020001, 'Invalid order_id');
	const refs = (ctx.world.externalRefs.get(order.id) ?? []).filter((r) => !platform || r.platform === platform);
	return {
		external_orders: refs.map((r) => ({
			id: r.id,
			platform: r.platform,
			line_items: r.line_items.map((l) => ({ ...l })),
		})),
	};
}

function searchExternalOrders(ctx: Ctx) {
	const shop = requireShop(ctx);
	bodyObject(ctx);
	const platform = platformQuery(ctx, true)!;
	const extId = ctx.query.external_order_id;
	if (extId === undefined || extId === '') throw badParam('external_order_id is required');
	const orders: Array<{ id: string; external_order: ExternalOrderRef }> = [];
	for (const [orderId, refs] of ctx.world.externalRefs) {
		const o = ctx.world.orderById.get(orderId);
		if (!o || o.shopId !== shop.id) continue;
		for (const r of refs) {
			if (r.platform === platform && r.id === extId) {
				orders.push({
					id: orderId,
					external_order: { id: r.id, platform: r.platform, line_items: r.line_items.map((l) => ({ ...l })) },
				});
			}
		}
	}
	return { orders };
}

export const externalRoutes: RouteDef[] = [
	{ method: 'POST', pattern: '/order/202406/orders/external_orders', handler: addExternalOrders },
	{ method: 'GET', pattern: '/order/202406/orders/{order_id}/external_orders', handler: getExternalOrders },
	{ method: 'POST', pattern: '/order/202406/orders/external_order_search', handler: searchExternalOrders },
];
