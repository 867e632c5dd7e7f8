/** Products: search (202309/202502), detail, inventory update and inventory search: https://partner.tiktokshop.com/docv2/page/update-inventory-202309 and its neighbours. */
import { decodePageToken, encodePageToken, filterHash, pageAfter, Cursor } from '../pagination';
import { bodyObject, Ctx, optInt, optString, optStringArray, pageSizeParam, requireShop, RouteDef } from '../router';
import { World } from '../state';
import { PRODUCT_STATUSES, type Product, type Shop, type Sku } from '../types';
import { ApiError, badParam, cmpId, isObject, money } from '../util';

function skuPrice(shop: Shop, sku: Sku) {
	return { currency: shop.currency, sale_price: money(sku.priceCents), tax_exclusive_price: money(sku.priceCents) };
}

function skuInventory(sku: Sku) {
	return sku.warehouseIds.map((w, i) => ({ warehouse_id: w, quantity: sku.stock[i] }));
}

export function renderProductSummary(world: World, p: Product): Record<string, unknown> {
	const shop = world.shopById.get(p.shopId)!;
	return {
		id: p.id,
		title: p.title,
		status: p.status,
		skus: p.skus.map((s) => ({
			id: s.id,
			seller_sku: s.seller_sku,
			price: skuPrice(shop, s),
			inventory: skuInventory(s),
		})),
		sales_regions: [shop.region],
		create_time: p.create_time,
		update_time: p.update_time,
		is_not_for_sale: false,
		recommended_categories: [],
		audit: { status: p.status === 'FAILED' ? 'AUDIT_FAILED' : p.status === 'PENDING' ? 'AUDITING' : 'APPROVED' },
		product_sync_fail_reasons: [],
	};
}

export function renderProductDetail(world: World, p: Product): Record<string, unknown> {
	const shop = world.shopById.get(p.shopId)!;
	const img = (uri: string) => ({
		height: 800,
		width: 800,
		uri,
		urls: [`https://p16-oec-va.ibyteimg.com/${uri}~tplv-o3syd03w52-origin-jpeg.jpeg`],
		thumb_urls: [`https://p16-oec-va.ibyteimg.com/${uri}~tplv-o3syd03w52-resize-jpeg:300:300.jpeg`],
	});
	return {
		id: p.id,
		title: p.title,
		description: p.description,
		status: p.status,
		category_chains: [
			{ id: p.category.parentId, parent_id: '0', local_name: p.category.parentName, is_leaf: false },
			{ id: p.category.id, parent_id: p.category.parentId, local_name: p.category.name, is_leaf: true },
		],
		brand: { id: p.brand.id, name: p.brand.name },
		main_images: [img(p.imageUri)],
		skus: p.skus.map((s) => ({
			id: s.id,
			seller_sku: s.seller_sku,
			price: skuPrice(shop, s),
			inventory: skuInventory(s),
			sales_attributes: [
				{ id: '100000', name: 'Color', value_id: `7${s.id.slice(-10)}1`, value_name: s.color },
				...(s.size ? [{ id: '100007', name: 'Size', value_id: `7${s.id.slice(-10)}2`, value_name: s.size }] : []),
			],
			external_sku_id: '',
		})),
		package_weight: {
			value: (p.weightGrams / (shop.region === 'US' ? 453.592 : 1000)).toFixed(2),
			unit: shop.region === 'US' ? 'POUND' : 'KILOGRAM',
		},
		package_dimensions: { length: '20', width: '15', height: '8', unit: shop.region === 'US' ? 'INCH' : 'CENTIMETER' },
		product_attributes: [],
		is_cod_allowed: false,
		is_not_for_sale: false,
		has_draft: p.status === 'DRAFT',
		audit: { status: p.status === 'FAILED' ? 'AUDIT_FAILED' : p.status === 'PENDING' ? 'AUDITING' : 'APPROVED' },
		create_time: p.create_time,
		update_time: p.update_time,
		shipping_insurance_requirement: 'OPTIONAL',
		delivery_options: [],
	};
}

const SEARCH_STATUSES = ['ALL', ...PRODUCT_STATUSES] as const;

function productSearch(ctx: Ctx) {
	const shop = requireShop(ctx);
	const pageSize = pageSizeParam(ctx, 1, 100, null);
	const v202502 = ctx.path.startsWith('/product/202502/');
	const b = bodyObject(ctx);
	const statusRaw = optString(b, 'status');
	if (statusRaw !== undefined && !(SEARCH_STATUSES as readonly string[]).includes(statusRaw))
		throw badParam(`status must be one of ${SEARCH_STATUSES.join(', ')}, got "${statusRaw}"`);
	const f = {
		status: statusRaw ?? 'ALL',
		seller_skus: optStringArray(b, 'seller_skus', 100),
		create_time_ge: optInt(b, 'create_time_ge'),
		create_time_le: optInt(b, 'create_time_le'),
		update_time_ge: optInt(b, 'update_time_ge'),
		update_time_le: optInt(b, 'update_time_le'),
		sku_ids: v202502 ? optStringArray(b, 'sku_ids', 10) : undefined,
	};
	if (b.category_version !== undefined) {
		const cv = optString(b, 'category_version');
		if (cv !== undefined && cv !== 'v1' && cv !== 'v2') throw badParam('category_version must be v1 or v2');
	}
	const hash = filterHash(`products:${shop.id}`, f);
	const cursor: Cursor | null = ctx.query.page_token ? decodePageToken(ctx.query.page_token, hash) : null;
	const skuSet = f.seller_skus ? new Set(f.seller_skus) : null;
	const skuIdSet = f.sku_ids ? new Set(f.sku_ids) : null;
	const list = shop.products.filter((p) => {
		if (f.status !== 'ALL' && p.status !== f.status) return false;
		if (f.create_time_ge !== undefined && p.create_time < f.create_time_ge) return false;
		if (f.create_time_le !== undefined && p.create_time > f.create_time_le) return false;
		if (f.update_time_ge !== undefined && p.update_time < f.update_time_ge) return false;
		if (f.update_time_le !== undefined && p.update_time > f.update_time_le) return false;
		if (skuSet && !p.skus.some((s) => skuSet.has(s.seller_sku))) return false;
		if (skuIdSet && !p.skus.some((s) => skuIdSet.has(s.id))) return false;
		return true;
	});
	list.sort((a, b2) => b2.create_time - a.create_time || cmpId(b2.id, a.id));
	const { page, next } = pageAfter(list, (p) => [p.create_time, p.id], true, cursor, pageSize);
	return {
		total_count: list.length,
		next_page_token: next ? encodePageToken(hash, next) : '',
		products: page.map((p) => renderProductSummary(ctx.world, p)),
	};
}

function productGet(ctx: Ctx) {
	const shop = requireShop(ctx);
	const p = ctx.world.productById.get(ctx.params.product_id);
	if (!p || p.shopId !== shop.id) throw new ApiError(12052032, 'The product does not exist');
	if (p.status === 'DELETED' || p.status === 'FREEZE')
		throw new ApiError(12052032, `The product does not exist (status ${p.status} products cannot be retrieved)`);
	return renderProductDetail(ctx.world, p);
}

// ------------------------------------------------------------------------------------------------------------
// Inventory update

interface ExtraError {
	warehouse_id: string;
	code: number;
	message: string;
}
interface SkuError {
	code: number;
	message: string;
	detail: { sku_id: string; extra_errors: ExtraError[] };
}

function inventoryUpdate(ctx: Ctx) {
	const world = ctx.world;
	const product = world.productById.get(ctx.params.product_id);
	if (!product) throw new ApiError(12052032, 'The product does not exist');
	if (ctx.shop && product.shopId !== ctx.shop.id)
		throw new ApiError(
			12052048,
			"You cannot edit the specified product(s) as it isn't listed in your account or shop.",
		);
	if (!ctx.shop) {
		const s = world.shopById.get(product.shopId)!;
		if (!s.authorized)
			throw new ApiError(
				12052048,
				"You cannot edit the specified product(s) as it isn't listed in your account or shop.",
			);
		ctx.shop = s;
	}
	const shop = ctx.shop;
	const b = bodyObject(ctx, true);
	if (b.skus === undefined) throw badParam('skus is required');
	if (!Array.isArray(b.skus)) throw badParam('skus must be an array');
	if (b.skus.length === 0)
		throw new ApiError(
			12052902,
			'The SKU list is empty. Either omit the list entirely, or provide all required details.',
		);
	if (b.skus.length > 100) throw new ApiError(12052050, 'A single product cannot have more than 100 different SKUs');
	// structural/type validation (whole call)
	const reqs = b.skus.map((s, i) => {
		if (!isObject(s)) throw badParam(`skus[${i}] must be an object`);
		if (s.id === undefined || s.id === '') throw new ApiError(12052036, `The SKU ID is necessary (skus[${i}].id)`);
		if (typeof s.id !== 'string') throw badParam(`skus[${i}].id must be a string`);
		if (!Array.isArray(s.inventory)) throw badParam(`skus[${i}].inventory is required and must be an array`);
		const inv = s.inventory.map((e, j) => {
			if (!isObject(e)) throw badParam(`skus[${i}].inventory[${j}] must be an object`);
			if (e.warehouse_id !== undefined && typeof e.warehouse_id !== 'string')
				throw badParam(`skus[${i}].inventory[${j}].warehouse_id must be a string`);
			if (e.quantity === undefined || e.quantity === null)
				throw badParam(`skus[${i}].inventory[${j}].quantity is required`);
			if (typeof e.quantity !== 'number') throw badParam(`skus[${i}].inventory[${j}].quantity must be an integer`);
			for (const k of ['backorder_quantity', 'handling_time'] as const) {
				if (e[k] !== undefined && (typeof e[k] !== 'number' || !Number.isInteger(e[k])))
					throw badParam(`skus[${i}].inventory[${j}].${k} must be an integer`);
			}
			return { warehouse_id: e.warehouse_id as string | undefined, quantity: e.quantity };
		});
		return { id: s.id, inv };
	});
	if (product.status !== 'ACTIVATE') {
		throw new ApiError(
			12052901,
			`The product in its current status (${product.status}) is not available for this operation. Change the product status and try again.`,
		);
	}
	const errors: SkuError[] = [];
	const seen = new Set<string>();
	const shopWh = new Set(shop.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE').map((w) => w.id));
	const updates: Array<{ sku: Sku; values: Map<string, number> }> = [];
	for (const r of reqs) {
		const skuErr = (code: number, message: string, extra: ExtraError[] = []) =>
			errors.push({ code, message, detail: { sku_id: r.id, extra_errors: extra } });
		if (seen.has(r.id)) {
			skuErr(12052553, 'Sku id duplicate');
			continue;
		}
		seen.add(r.id);
		const sku = world.skuById.get(r.id);
		if (!sku) {
			skuErr(12052556, 'The SKU id not exist.');
			continue;
		}
		if (sku.productId !== product.id) {
			skuErr(
				12052556,
				`The SKU id not exist. SKU ${r.id} does not belong to product ${product.id}; all SKUs in one call must belong to the product in the path.`,
			);
			continue;
		}
		if (r.inv.length === 0) {
			skuErr(12019022, 'SKU must contain a valid warehouse.');
			continue;
		}
		const extra: ExtraError[] = [];
		const values = new Map<string, number>();
		for (const e of r.inv) {
			let wid = e.warehouse_id;
			if (wid === undefined || wid === '') {
				if (sku.warehouseIds.length === 1 && r.inv.length === 1) wid = sku.warehouseIds[0];
				else {
					extra.push({
						warehouse_id: '',
						code: 12019028,
						message:
							'Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.',
					});
					continue;
				}
			}
			if (!shopWh.has(wid)) {
				extra.push({ warehouse_id: wid, code: 12052097, message: 'The warehouse does not exist' });
				continue;
			}
			if (!sku.warehouseIds.includes(wid)) {
				extra.push({
					warehouse_id: wid,
					code: 12052533,
					message:
						'Removal, addition, and change of warehouses are not permitted. Please specify the original warehouses for the SKUs.',
				});
				continue;
			}
			if (values.has(wid)) {
				extra.push({ warehouse_id: wid, code: 12052990, message: 'Duplicate warehouse_id in the inventory list' });
				continue;
			}
			const q = e.quantity as number;
			// The reference page says 1..99999, TikTok's generated SDK 0..99999: modes.inventory_quantity plays both.
			// https://partner.tiktokshop.com/docv2/page/update-inventory-202309
			const minQ = world.modes.inventory_quantity === 'strict' ? 1 : 0;
			if (!Number.isInteger(q) || q < minQ || q > 99999) {
				extra.push({
					warehouse_id: wid,
					code: 12019024,
					message: `stock count is invalid: quantity must be an integer in [${minQ}, 99999], got ${q}`,
				});
				continue;
			}
			values.set(wid, q);
		}
		for (const w of sku.warehouseIds) {
			if (!values.has(w) && !extra.some((x) => x.warehouse_id === w)) {
				extra.push({
					warehouse_id: w,
					code: 12019028,
					message:
						'Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.',
				});
			}
		}
		if (extra.length) {
			const codes = new Set(extra.map((x) => x.code));
			const only = codes.size === 1 ? [...codes][0] : 0;
			if (only === 12019028)
				skuErr(
					12019028,
					'Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.',
					extra,
				);
			else if (only === 12019024) skuErr(12019024, 'stock count is invalid', extra);
			else skuErr(12052990, 'Check failed', extra);
			continue;
		}
		updates.push({ sku, values });
	}
	for (const u of updates) {
		u.sku.warehouseIds.forEach((w, i) => {
			u.sku.stock[i] = u.values.get(w)!;
		});
	}
	if (updates.length) {
		product.update_time = world.now();
		world.touch();
	}
	return { errors };
}

// ------------------------------------------------------------------------------------------------------------
// Update price (https://partner.tiktokshop.com/docv2/page/update-price-202309)

const PRICE_RE = /^\d{1,7}(\.\d{1,2})?$/;

/** Decimal string → cents, or null when not a plain positive decimal with at most 2 places. */
function priceCents(v: string): number | null {
	if (!PRICE_RE.test(v)) return null;
	const [i, f = ''] = v.split('.');
	return Number(i) * 100 + Number(f.padEnd(2, '0'));
}

function priceUpdate(ctx: Ctx) {
	const shop = requireShop(ctx);
	const world = ctx.world;
	const product = world.productById.get(ctx.params.product_id);
	if (!product) throw new ApiError(12052260, 'The product ID does not exist');
	if (product.shopId !== shop.id)
		throw new ApiError(
			12052048,
			"You cannot edit the specified product(s) as it isn't listed in your account or shop.",
		);
	const b = bodyObject(ctx, true);
	// shapes and types were checked against the contract before the handler runs; these guard direct calls
	if (!Array.isArray(b.skus)) throw badParam('skus is required and must be an array');
	const skus = b.skus as Array<Record<string, unknown>>;
	if (skus.some((s) => !isObject(s) || !isObject(s.price)))
		throw badParam('skus[].price is required and must be an object');
	if (skus.length === 0)
		throw new ApiError(
			12052902,
			'The SKU list is empty. Either omit the list entirely, or provide all required details.',
		);
	if (product.status !== 'ACTIVATE') {
		throw new ApiError(
			12052901,
			`The product in its current status (${product.status}) is not available for this operation. Change the product status and try again.`,
		);
	}
	const seen = new Set<string>();
	const updates: Array<{ sku: Sku; cents: number }> = [];
	skus.forEach((s, i) => {
		const id = String(s.id);
		if (seen.has(id)) throw new ApiError(12052553, 'Sku id duplicate');
		seen.add(id);
		const sku = world.skuById.get(id);
		if (!sku || sku.productId !== product.id)
			throw new ApiError(12052557, `The SKU ID does not belong to the product (skus[${i}].id ${id}).`);
		const price = s.price as Record<string, unknown>;
		if (price.currency !== shop.currency)
			throw new ApiError(
				12052084,
				`The provided currency is not available for this shop/region (skus[${i}].price.currency: expected ${shop.currency}).`,
			);
		const raw = (price.amount ?? price.sale_price) as string | undefined;
		if (raw === undefined) throw new ApiError(12052424, `Missing 'sale price' value (skus[${i}].price.amount)`);
		const cents = priceCents(raw);
		if (cents === null) throw new ApiError(12052012, `Incorrect price format (skus[${i}].price.amount "${raw}")`);
		if (cents < 1) throw new ApiError(12052073, `The product price is invalid (skus[${i}].price.amount "${raw}")`);
		updates.push({ sku, cents });
	});
	for (const u of updates) u.sku.priceCents = u.cents;
	product.update_time = Math.max(product.update_time + 1, world.now());
	world.touch();
	return {};
}

// ------------------------------------------------------------------------------------------------------------
// Activate / deactivate (https://partner.tiktokshop.com/docv2/page/activate-product-202309,
// https://partner.tiktokshop.com/docv2/page/deactivate-products-202309). Per-product problems come back in
// data.errors with code 0 for the call.

const ACTIVATABLE = new Set(['SELLER_DEACTIVATED', 'ACTIVATE']);
const DEACTIVATABLE = new Set(['ACTIVATE', 'SELLER_DEACTIVATED']);

function setListing(ctx: Ctx, activate: boolean) {
	const shop = requireShop(ctx);
	const world = ctx.world;
	const b = bodyObject(ctx, true);
	if (!Array.isArray(b.product_ids) || b.product_ids.some((x) => typeof x !== 'string'))
		throw badParam('product_ids is required and must be an array of strings');
	const ids = b.product_ids as string[];
	if (ids.length === 0) throw new ApiError(12052910, 'Invalid input parameters. product_ids is empty.');
	if (ids.length > 20)
		throw new ApiError(12019120, `The number of provided product IDs exceeds the limit (20), got ${ids.length}.`);
	const errors: Array<{ code: number; message: string; detail: { product_id: string } }> = [];
	let changed = false;
	for (const id of new Set(ids)) {
		const p = world.productById.get(id);
		if (!p) {
			errors.push({ code: 12052032, message: 'The product does not exist', detail: { product_id: id } });
			continue;
		}
		if (p.shopId !== shop.id) {
			errors.push({
				code: 12052048,
				message: "You cannot edit the specified product(s) as it isn't listed in your account or shop.",
				detail: { product_id: id },
			});
			continue;
		}
		if (!(activate ? ACTIVATABLE : DEACTIVATABLE).has(p.status)) {
			errors.push({
				code: 12052901,
				message: `The product in its current status (${p.status}) is not available for this operation. Change the product status and try again.`,
				detail: { product_id: id },
			});
			continue;
		}
		const next = activate ? 'ACTIVATE' : 'SELLER_DEACTIVATED';
		if (p.status !== next) {
			const prev = p.status;
			p.status = next;
			p.update_time = Math.max(p.update_time + 1, world.now());
			changed = true;
			ctx.control.emitProductStatus(p, prev);
		}
	}
	if (changed) world.touch();
	return { errors };
}

// ------------------------------------------------------------------------------------------------------------

export function renderSkuInventory(sku: Sku) {
	const available = sku.stock.reduce((a, b) => a + b, 0);
	const committed = sku.committed.reduce((a, b) => a + b, 0);
	return {
		id: sku.id,
		seller_sku: sku.seller_sku,
		total_available_quantity: available,
		total_committed_quantity: committed,
		warehouse_inventory: sku.warehouseIds.map((w, i) => ({
			warehouse_id: w,
			available_quantity: sku.stock[i],
			committed_quantity: sku.committed[i],
		})),
		total_available_inventory_distribution: {
			campaign_inventory: [],
			creator_inventory: [],
			in_shop_inventory: { quantity: available },
		},
	};
}

function inventorySearch(ctx: Ctx) {
	const shop = requireShop(ctx);
	const b = bodyObject(ctx, true);
	const productIds = optStringArray(b, 'product_ids', 100);
	const skuIds = optStringArray(b, 'sku_ids', 600);
	if (!productIds?.length && !skuIds?.length) throw badParam('product_ids or sku_ids is required');
	const world = ctx.world;
	const out: Array<{ product_id: string; skus: unknown[] }> = [];
	if (skuIds && skuIds.length) {
		const byProduct = new Map<string, unknown[]>();
		for (const id of skuIds) {
			const s = world.skuById.get(id);
			if (!s || s.product.shopId !== shop.id) continue;
			let arr = byProduct.get(s.productId);
			if (!arr) {
				arr = [];
				byProduct.set(s.productId, arr);
			}
			if (!arr.some((x) => (x as { id: string }).id === s.id)) arr.push(renderSkuInventory(s));
		}
		for (const [pid, skus] of byProduct) out.push({ product_id: pid, skus });
	} else {
		for (const id of new Set(productIds)) {
			const p = world.productById.get(id);
			if (!p || p.shopId !== shop.id) continue;
			out.push({ product_id: p.id, skus: p.skus.map(renderSkuInventory) });
		}
	}
	return { inventory: out };
}

export const productRoutes: RouteDef[] = [
	{ method: 'POST', pattern: '/product/202309/products/search', handler: productSearch },
	{ method: 'POST', pattern: '/product/202502/products/search', handler: productSearch },
	{ method: 'GET', pattern: '/product/202309/products/{product_id}', handler: productGet },
	{
		method: 'POST',
		pattern: '/product/202309/products/{product_id}/inventory/update',
		shop: 'optional',
		handler: inventoryUpdate,
	},
	{ method: 'POST', pattern: '/product/202309/inventory/search', handler: inventorySearch },
	{ method: 'POST', pattern: '/product/202309/products/{product_id}/prices/update', handler: priceUpdate },
	{ method: 'POST', pattern: '/product/202309/products/activate', handler: (ctx) => setListing(ctx, true) },
	{ method: 'POST', pattern: '/product/202309/products/deactivate', handler: (ctx) => setListing(ctx, false) },
];
