/** Logistics (warehouses, delivery options, shipping providers) and fulfillment (ship, mark shipped, tracking, package detail). */
import { trackingNumber } from '../data';
import { bodyObject, Ctx, enumQuery, optEnum, optStringArray, requireShop, RouteDef } from '../router';
import type { Order, PackageRec, Warehouse } from '../types';
import { ApiError, badParam, isObject } from '../util';
import { packageStatus, packagesVisible, renderAddress } from './orders';

export function renderWarehouse(w: Warehouse) {
	return {
		id: w.id,
		entity_id: w.entity_id,
		name: w.name,
		effect_status: w.effect_status,
		type: w.type,
		sub_type: w.sub_type,
		is_default: w.is_default,
		address: { ...w.address },
	};
}

function warehouses(ctx: Ctx) {
	const shop = requireShop(ctx);
	return { warehouses: shop.warehouses.map(renderWarehouse) };
}

function deliveryOptions(ctx: Ctx) {
	const shop = requireShop(ctx);
	const scope = enumQuery(ctx, 'scope', ['WAREHOUSE', 'PRODUCT'] as const, 'WAREHOUSE');
	const w = ctx.world.warehouseById.get(ctx.params.warehouse_id);
	if (!w || w.shopId !== shop.id) throw new ApiError(11005004, 'warehouse not exist');
	const unit = shop.region === 'US';
	return {
		delivery_options: w.deliveryOptions.map((d) =>
			scope === 'PRODUCT'
				? { id: d.id, name: d.name }
				: {
						id: d.id,
						name: d.name,
						type: d.type,
						description: d.description,
						dimension_limit: {
							max_height: unit ? 40 : 100,
							max_length: unit ? 40 : 100,
							max_width: unit ? 40 : 100,
							unit: unit ? 'INCH' : 'CM',
						},
						weight_limit: { max_weight: unit ? 70 : 30000, min_weight: unit ? 0 : 1, unit: unit ? 'POUND' : 'GRAM' },
						platform: ['TIKTOK_SHOP'],
					},
		),
	};
}

function shippingProviders(ctx: Ctx) {
	const shop = requireShop(ctx);
	const d = ctx.world.deliveryOptionById.get(ctx.params.delivery_option_id);
	const w = d ? ctx.world.warehouseById.get(d.warehouseId) : undefined;
	if (!d || !w || w.shopId !== shop.id) throw new ApiError(11050001, 'invalid param: delivery option not found');
	return { shipping_providers: d.providers.map((p) => ({ id: p.id, name: p.name })) };
}

// ------------------------------------------------------------------------------------------------------------

const TRACKING_RE = /^[A-Za-z0-9-]{4,40}$/;

function findPackage(ctx: Ctx): { order: Order; pkg: PackageRec } {
	const shop = requireShop(ctx);
	const pkg = ctx.world.packageById.get(ctx.params.package_id);
	const order = pkg ? ctx.world.orderById.get(pkg.orderId) : undefined;
	if (!pkg || !order || order.shopId !== shop.id || !packagesVisible(order))
		throw new ApiError(21011028, 'The package does not belong to the current shop.');
	return { order, pkg };
}

function checkTracking(ctx: Ctx, order: Order, tracking: string, providerId: string) {
	if (!TRACKING_RE.test(tracking))
		throw new ApiError(21004012, 'Tracking number has special characters, verify failed.');
	const d = ctx.world.deliveryOptionById.get(order.delivery_option_id);
	const provider = d?.providers.find((p) => p.id === providerId);
	if (!provider)
		throw new ApiError(21011022, 'Invalid tracking number or provider ID. Please double check and try again.');
	return provider;
}

function shipPackage(ctx: Ctx) {
	const { order, pkg } = findPackage(ctx);
	const b = bodyObject(ctx);
	const handover = optEnum(b, 'handover_method', ['PICKUP', 'DROP_OFF'] as const);
	if (b.pickup_slot !== undefined && !isObject(b.pickup_slot)) throw badParam('pickup_slot must be an object');
	const ss = b.self_shipment;
	if (ss !== undefined && !isObject(ss)) throw badParam('self_shipment must be an object');
	if (order.status === 'CANCELLED')
		throw new ApiError(21011041, 'Cannot complete the operation when order is cancelled.');
	if (pkg.shipped) throw new ApiError(21011040, 'Package has already been shipped.');
	if (order.status !== 'AWAITING_SHIPMENT' && order.status !== 'PARTIALLY_SHIPPING')
		throw new ApiError(21011003, `fulfill_unit action not allowed: order status is ${order.status}`);
	const d = ctx.world.deliveryOptionById.get(order.delivery_option_id);
	let tracking: string;
	let provider: { id: string; name: string };
	if (d && d.type === 'SEND_BY_SELLER') {
		if (!ss)
			throw new ApiError(
				21001001,
				'Invalid parameters. self_shipment (tracking_number, shipping_provider_id) is required for SEND_BY_SELLER packages.',
			);
		if (typeof ss.tracking_number !== 'string' || !ss.tracking_number)
			throw badParam('self_shipment.tracking_number is required');
		if (typeof ss.shipping_provider_id !== 'string' || !ss.shipping_provider_id)
			throw badParam('self_shipment.shipping_provider_id is required');
		provider = checkTracking(ctx, order, ss.tracking_number, ss.shipping_provider_id);
		tracking = ss.tracking_number;
	} else {
		if (ss)
			throw new ApiError(
				21008025,
				'Seller cannot operate orders which are fulfilled by platform: self_shipment is only for SEND_BY_SELLER packages',
			);
		provider = d?.providers[0] ?? { id: '', name: '' };
		tracking = trackingNumber(ctx.world.idRng, provider.name);
	}
	ctx.control.shipPackage(order, pkg, {
		tracking,
		provider,
		handover: order.shipping_type === 'TIKTOK' ? (handover ?? 'PICKUP') : '',
	});
	return {};
}

function markShipped(ctx: Ctx) {
	const shop = requireShop(ctx);
	const order = ctx.world.orderById.get(ctx.params.order_id);
	if (!order || order.shopId !== shop.id) throw new ApiError(21008111, 'order/package does not belong to seller');
	const b = bodyObject(ctx, true);
	if (typeof b.tracking_number !== 'string' || !b.tracking_number) throw badParam('tracking_number is required');
	if (typeof b.shipping_provider_id !== 'string' || !b.shipping_provider_id)
		throw badParam('shipping_provider_id is required');
	const lineIds = optStringArray(b, 'order_line_item_ids', 1000);
	if (!['US', 'GB', 'ES', 'IE', 'IT', 'DE', 'FR', 'JP'].includes(shop.region))
		throw new ApiError(21008106, 'This interface cannot be used in this region.');
	if (order.shipping_type === 'TIKTOK')
		throw new ApiError(21008025, 'Seller cannot operate orders which are fulfilled by platform');
	if (order.status === 'CANCELLED')
		throw new ApiError(21011041, 'Cannot complete the operation when order is cancelled.');
	if (['AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED'].includes(order.status))
		throw new ApiError(21011020, 'These orders are already shipped.');
	if (order.status !== 'AWAITING_SHIPMENT' && order.status !== 'PARTIALLY_SHIPPING')
		throw new ApiError(21042057, 'These orders are not in the Awaiting shipment status.');
	const provider = checkTracking(ctx, order, b.tracking_number, b.shipping_provider_id);
	const unshipped = order.lines.filter((l) => !order.packages[l.packageIdx].shipped);
	let selected = unshipped;
	if (lineIds && lineIds.length) {
		const all = new Set(order.lines.map((l) => l.id));
		const bad = lineIds.find((id) => !all.has(id));
		if (bad)
			throw new ApiError(21001001, `Invalid parameters. order_line_item_id ${bad} is not part of order ${order.id}`);
		const shippedOne = lineIds.find((id) => !unshipped.some((l) => l.id === id));
		if (shippedOne) throw new ApiError(21008099, 'Package has been shipped. Please not ship the package again.');
		selected = unshipped.filter((l) => lineIds.includes(l.id));
	}
	const pkg = ctx.control.markShipped(order, selected, { tracking: b.tracking_number, provider });
	return { order_id: order.id, order_line_item_ids: selected.map((l) => l.id), package_id: pkg.id };
}

function tracking(ctx: Ctx) {
	const shop = requireShop(ctx);
	const order = ctx.world.orderById.get(ctx.params.order_id);
	if (!order || order.shopId !== shop.id) throw new ApiError(21008111, 'order/package does not belong to seller');
	const ev: Array<{ description: string; update_time_millis: number }> = [];
	const a = renderAddress(ctx.world, order);
	const city = String((a.district_info as Array<{ address_name: string }>)[2]?.address_name ?? '');
	if (order.rts_time)
		ev.push({
			description: 'Shipping label created, package ready for handover',
			update_time_millis: order.rts_time * 1000,
		});
	if (order.collection_time) {
		ev.push({ description: 'Package picked up by carrier', update_time_millis: order.collection_time * 1000 });
		ev.push({
			description: 'In transit: arrived at sorting facility',
			update_time_millis: (order.collection_time + 14 * 3600) * 1000,
		});
	}
	if (order.delivery_time) {
		ev.push({
			description: `Out for delivery${city ? ` in ${city}` : ''}`,
			update_time_millis: (order.delivery_time - 5 * 3600) * 1000,
		});
		ev.push({ description: 'Delivered', update_time_millis: order.delivery_time * 1000 });
	}
	ev.sort((x, y) => y.update_time_millis - x.update_time_millis);
	// The reference does not promise an order for `tracking`; modes.tracking_order=unsorted rotates the list so the
	// newest event is never first (clients must pick the newest update_time_millis themselves).
	if (ctx.world.modes.tracking_order === 'unsorted' && ev.length > 1) ev.push(ev.shift()!);
	return { tracking: ev };
}

function packageDetail(ctx: Ctx) {
	const { order, pkg } = findPackage(ctx);
	const lines = order.lines.filter((l) => order.packages[l.packageIdx] === pkg);
	const grouped = new Map<string, { id: string; name: string; image_url: string; quantity: number }>();
	for (const l of lines) {
		const g = grouped.get(l.sku.id);
		if (g) g.quantity++;
		else
			grouped.set(l.sku.id, {
				id: l.sku.id,
				name: l.sku.name,
				image_url: `https://p16-oec-va.ibyteimg.com/${l.sku.product.imageUri}`,
				quantity: 1,
			});
	}
	const d = ctx.world.deliveryOptionById.get(order.delivery_option_id);
	const w = ctx.world.warehouseById.get(order.warehouse_id);
	const out: Record<string, unknown> = {
		package_id: pkg.id,
		orders: [{ id: order.id, skus: [...grouped.values()] }],
		package_status: packageStatus(order, pkg),
		split_and_combine_tag: order.packages.length > 1 ? 'SPLIT' : '',
		has_multi_skus: grouped.size > 1,
		note_tag: order.buyer_message ? 'BUYER_NOTED' : 'BUYER_UNNOTED',
		shipping_type: order.shipping_type,
		delivery_option_name: d?.name ?? '',
		delivery_option_id: order.delivery_option_id,
		create_time: pkg.create_time,
		update_time: pkg.update_time,
		order_line_item_ids: lines.map((l) => l.id),
		recipient_address: renderAddress(ctx.world, order),
		sender_address: w
			? {
					full_address: w.address.full_address,
					phone_number: w.address.phone_number,
					name: w.address.contact_person,
					postal_code: w.address.postal_code,
					address_detail: '',
					region_code: w.address.region_code,
					address_line1: w.address.address_line1,
					address_line2: '',
					address_line3: '',
					address_line4: '',
				}
			: {},
		weight: { value: String(lines.reduce((a, l) => a + l.sku.product.weightGrams, 0)), unit: 'GRAM' },
		dimension: { length: '20', width: '15', height: '8', unit: 'CM' },
	};
	if (pkg.shipped) {
		out.shipping_provider_name = pkg.shipping_provider_name;
		out.shipping_provider_id = pkg.shipping_provider_id;
		out.tracking_number = pkg.tracking_number;
		out.last_mile_tracking_number = pkg.tracking_number;
		if (pkg.handover_method) out.handover_method = pkg.handover_method;
	}
	return out;
}

export const logisticsRoutes: RouteDef[] = [
	{ method: 'GET', pattern: '/logistics/202309/warehouses', handler: warehouses },
	{ method: 'GET', pattern: '/logistics/202309/warehouses/{warehouse_id}/delivery_options', handler: deliveryOptions },
	{
		method: 'GET',
		pattern: '/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers',
		handler: shippingProviders,
	},
	{ method: 'POST', pattern: '/fulfillment/202309/packages/{package_id}/ship', handler: shipPackage },
	{ method: 'POST', pattern: '/fulfillment/202309/orders/{order_id}/packages', handler: markShipped },
	{ method: 'GET', pattern: '/fulfillment/202309/orders/{order_id}/tracking', handler: tracking },
	{ method: 'GET', pattern: '/fulfillment/202309/packages/{package_id}', handler: packageDetail },
];
