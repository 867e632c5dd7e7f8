/**
 * Control API: every state change the admin endpoints (and in-process tests) can make, plus the webhook
 * events those changes emit. Also used by API handlers for fulfillment state changes.
 */
import { grantTokens, issueAuthCode } from './auth';
import { buildOrder, newCancellation, newOrderContext, newReturn, OrderContext } from './data';
import { FAULT_KINDS, FaultKind, Faults } from './faults';
import { ContractWarning, RecordedRequest, RequestLog } from './http';
import { RateLimiter } from './ratelimit';
import { World } from './state';
import {
	ORDER_STATUSES,
	PRODUCT_STATUSES,
	RETURN_STATUSES,
	type AddressOverride,
	type AppWebhook,
	type CancellationRec,
	type CancelStatus,
	type LineItem,
	type Order,
	type OrderStatus,
	type EmulatorModes,
	type PackageRec,
	type Product,
	type ProductStatus,
	type ReturnRec,
	type ReturnStatus,
	type ReturnType,
	type Shop,
	type Sku,
} from './types';
import { cmpId } from './util';
import {
	APP_ONLY_EVENT_TYPES,
	EVENT_NAME_BY_TYPE,
	EVENT_TYPES,
	DeliveryAttempt,
	Notification,
	WebhookDispatcher,
} from './webhooks';
import { renderOrder } from './handlers/orders';
import { renderProductDetail, renderSkuInventory } from './handlers/products';
import { renderCancellation, renderReturn } from './handlers/returns';
import { webhookAddressError } from './handlers/events';

/** Error thrown by control methods; the admin API answers it with HTTP `status` and {error}. */
export class ControlError extends Error {
	constructor(
		message: string,
		public readonly status = 400,
	) {
		super(message);
	}
}

/** Order status as spelled by the ORDER_STATUS_CHANGE webhook (CANCELLED → CANCEL; PARTIALLY_SHIPPING is not pushed). */
export function webhookOrderStatus(s: OrderStatus): string | null {
	if (s === 'CANCELLED') return 'CANCEL';
	if (s === 'PARTIALLY_SHIPPING') return null;
	return s;
}

export interface CreateOrdersInput {
	shop_id?: string;
	count?: number;
	status?: OrderStatus;
	create_time?: number;
	line_items?: Array<{ sku_id: string; quantity?: number }>;
	sku_ids?: string[];
	shipping_type?: 'TIKTOK' | 'SELLER';
	buyer_user_id?: string;
	emit?: boolean;
}

export interface DeliveryFilter {
	type?: number;
	event_type?: string;
	shop_id?: string;
	tts_notification_id?: string;
	address_prefix?: string;
	state?: 'pending' | 'delivered' | 'dropped';
}

export class Control {
	private readonly ctxCache = new Map<string, OrderContext>();

	constructor(
		readonly world: World,
		readonly webhooks: WebhookDispatcher,
		readonly faults: Faults,
		readonly limiter: RateLimiter,
		readonly log: RequestLog,
	) {}

	// ---------------------------------------------------------------------------------------------- lookups

	private shop(shopId?: string): Shop {
		if (!shopId) return this.world.shops[0];
		const s = this.world.shopById.get(shopId) ?? this.world.shopByCipher.get(shopId);
		if (!s) throw new ControlError(`unknown shop ${shopId}`, 404);
		return s;
	}

	private order(id: string): Order {
		const o = this.world.orderById.get(String(id));
		if (!o) throw new ControlError(`unknown order ${id}`, 404);
		return o;
	}

	getOrder(id: string): Record<string, unknown> {
		return renderOrder(this.world, this.order(id));
	}

	getProduct(id: string): Record<string, unknown> {
		const p = this.world.productById.get(String(id));
		if (!p) throw new ControlError(`unknown product ${id}`, 404);
		return renderProductDetail(this.world, p);
	}

	summary() {
		const w = this.world;
		return {
			now: w.now(),
			clock_offset: w.clockOffset,
			shops: w.shops.map((s) => {
				const byStatus: Record<string, number> = {};
				for (const st of ORDER_STATUSES) byStatus[st] = 0;
				for (const o of s.orders) byStatus[o.status]++;
				return {
					id: s.id,
					cipher: s.cipher,
					name: s.name,
					region: s.region,
					seller_type: s.seller_type,
					code: s.code,
					authorized: s.authorized,
					orders: s.orders.length,
					orders_by_status: byStatus,
					products: s.products.length,
					skus: s.products.reduce((a, p) => a + p.skus.length, 0),
					warehouses: s.warehouses.map((x) => ({ id: x.id, name: x.name, type: x.type, is_default: x.is_default })),
					returns: s.returns.length,
					cancellations: s.cancellations.length,
				};
			}),
		};
	}

	// ---------------------------------------------------------------------------------------------- orders

	private orderCtx(shop: Shop): OrderContext {
		let c = this.ctxCache.get(shop.id);
		if (!c) {
			c = newOrderContext(this.world, shop);
			this.ctxCache.set(shop.id, c);
		}
		return c;
	}

	private insertOrder(shop: Shop, o: Order): void {
		const arr = shop.orders;
		let lo = 0;
		let hi = arr.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const m = arr[mid];
			if (m.create_time < o.create_time || (m.create_time === o.create_time && cmpId(m.id, o.id) < 0)) lo = mid + 1;
			else hi = mid;
		}
		arr.splice(lo, 0, o);
		this.world.registerOrder(o);
	}

	createOrders(input: CreateOrdersInput = {}): Array<Record<string, unknown>> {
		const w = this.world;
		const shop = this.shop(input.shop_id);
		const count = input.count ?? 1;
		if (!Number.isInteger(count) || count < 1 || count > 10000)
			throw new ControlError('count must be an integer in [1, 10000]');
		const status = input.status ?? 'UNPAID';
		if (!ORDER_STATUSES.includes(status)) throw new ControlError(`status must be one of ${ORDER_STATUSES.join(', ')}`);
		let skus: Sku[] | undefined;
		const resolveSku = (id: string): Sku => {
			const s = w.skuById.get(String(id));
			if (!s || s.product.shopId !== shop.id) throw new ControlError(`unknown sku ${id} in shop ${shop.id}`);
			return s;
		};
		if (input.line_items && input.line_items.length) {
			skus = [];
			for (const li of input.line_items) {
				const q = li.quantity ?? 1;
				if (!Number.isInteger(q) || q < 1 || q > 100)
					throw new ControlError('line_items[].quantity must be an integer in [1, 100]');
				const s = resolveSku(li.sku_id);
				for (let i = 0; i < q; i++) skus.push(s);
			}
		} else if (input.sku_ids && input.sku_ids.length) {
			skus = input.sku_ids.map(resolveSku);
		}
		const ctx = this.orderCtx(shop);
		const now = w.now();
		const out: Order[] = [];
		for (let i = 0; i < count; i++) {
			const createTime = input.create_time ?? now;
			const o = buildOrder(w, ctx, w.idRng, { status, createTime, now: Math.max(now, createTime), skus });
			if (input.shipping_type && input.shipping_type !== o.shipping_type) {
				o.shipping_type = input.shipping_type;
				const wh = w.warehouseById.get(o.warehouse_id)!;
				const d =
					input.shipping_type === 'SELLER'
						? wh.deliveryOptions.find((x) => x.type === 'SEND_BY_SELLER')
						: wh.deliveryOptions.find((x) => x.type !== 'SEND_BY_SELLER');
				if (d) o.delivery_option_id = d.id;
				for (const p of o.packages) if (p.shipped) p.handover_method = input.shipping_type === 'TIKTOK' ? 'PICKUP' : '';
			}
			if (input.buyer_user_id) o.user_id = input.buyer_user_id;
			o.reservedStock = true;
			this.reserveStock(o);
			this.insertOrder(shop, o);
			out.push(o);
		}
		w.touch();
		if (input.emit !== false) for (const o of out) this.emitOrderStatus(o);
		return out.map((o) => renderOrder(w, o));
	}

	private reserveStock(o: Order): void {
		for (const l of o.lines) {
			const sku = l.sku;
			let idx = sku.warehouseIds.indexOf(o.warehouse_id);
			if (idx < 0) idx = 0;
			if (sku.stock[idx] > 0) {
				sku.stock[idx]--;
				sku.committed[idx]++;
				l.reservedWh = idx;
			} else l.reservedWh = -1;
		}
	}

	/** Release committed stock for `lines`; restock when the items never left (cancellation). */
	private releaseStock(lines: LineItem[], restock: boolean): void {
		for (const l of lines) {
			if (l.reservedWh === undefined || l.reservedWh < 0) continue;
			const i = l.reservedWh;
			l.sku.committed[i] = Math.max(0, l.sku.committed[i] - 1);
			if (restock) l.sku.stock[i]++;
			l.reservedWh = -1;
		}
	}

	setOrderStatus(
		orderId: string,
		status: OrderStatus,
		opts: { emit?: boolean; reason?: string; initiator?: 'SELLER' | 'BUYER' | 'SYSTEM' } = {},
	): Record<string, unknown> {
		if (!ORDER_STATUSES.includes(status)) throw new ControlError(`status must be one of ${ORDER_STATUSES.join(', ')}`);
		const o = this.order(orderId);
		this.applyOrderStatus(o, status, opts);
		if (opts.emit !== false) this.emitOrderStatus(o);
		return renderOrder(this.world, o);
	}

	private applyOrderStatus(
		o: Order,
		status: OrderStatus,
		opts: { reason?: string; initiator?: 'SELLER' | 'BUYER' | 'SYSTEM' } = {},
	): void {
		const now = this.world.now();
		const rank: Record<OrderStatus, number> = {
			UNPAID: 0,
			ON_HOLD: 1,
			AWAITING_SHIPMENT: 2,
			PARTIALLY_SHIPPING: 3,
			AWAITING_COLLECTION: 4,
			IN_TRANSIT: 5,
			DELIVERED: 6,
			COMPLETED: 7,
			CANCELLED: 8,
		};
		const r = rank[status];
		if (status === 'CANCELLED') {
			if (o.status !== 'CANCELLED') {
				o.cancel_time = now;
				o.cancellation_initiator = opts.initiator ?? 'SELLER';
				o.cancel_reason = opts.reason ?? (o.cancellation_initiator === 'BUYER' ? 'No longer needed' : 'Out of stock');
				this.releaseStock(
					o.lines.filter((l) => !o.packages[l.packageIdx].shipped),
					true,
				);
			}
		} else {
			if (r >= 1 && !o.paid_time) o.paid_time = now;
			if (r >= 4) {
				for (const p of o.packages) this.markPackageShipped(o, p, now);
				if (!o.rts_time) o.rts_time = now;
			}
			if (r >= 5 && !o.collection_time) o.collection_time = now;
			if (r >= 6 && !o.delivery_time) o.delivery_time = now;
			if (status === 'PARTIALLY_SHIPPING' && !o.packages.some((p) => p.shipped)) {
				if (o.packages.length < 2 && o.lines.length >= 2)
					this.splitPackage(o, o.lines.slice(0, Math.ceil(o.lines.length / 2)));
				this.markPackageShipped(o, o.packages[0], now);
				if (!o.rts_time) o.rts_time = now;
			}
		}
		o.status = status;
		o.update_time = Math.max(o.update_time + 1, now);
		this.world.touch();
	}

	private markPackageShipped(
		o: Order,
		p: PackageRec,
		now: number,
		tracking?: string,
		provider?: { id: string; name: string },
		handover?: PackageRec['handover_method'],
	): void {
		if (p.shipped) return;
		const d = this.world.deliveryOptionById.get(o.delivery_option_id);
		const prov = provider ?? d?.providers[0] ?? { id: '', name: '' };
		p.shipped = true;
		p.shipping_provider_id = prov.id;
		p.shipping_provider_name = prov.name;
		p.tracking_number = tracking ?? `TT${String(now)}${p.id.slice(-6)}`;
		p.handover_method = handover ?? (o.shipping_type === 'TIKTOK' ? 'PICKUP' : '');
		p.shipped_time = now;
		p.update_time = now;
		this.releaseStock(
			o.lines.filter((l) => o.packages[l.packageIdx] === p),
			false,
		);
	}

	/** Move `lines` into a new package (mark-shipped with a subset of lines). */
	private splitPackage(o: Order, lines: LineItem[]): PackageRec {
		const now = this.world.now();
		const pkg: PackageRec = {
			id: this.world.newId('1153', 19),
			orderId: o.id,
			shipped: false,
			tracking_number: '',
			shipping_provider_id: '',
			shipping_provider_name: '',
			handover_method: '',
			shipped_time: 0,
			create_time: now,
			update_time: now,
		};
		o.packages.push(pkg);
		const idx = o.packages.length - 1;
		for (const l of lines) l.packageIdx = idx;
		this.world.packageById.set(pkg.id, pkg);
		return pkg;
	}

	/** Ship Package API: one package; order moves to AWAITING_COLLECTION (TikTok) / IN_TRANSIT (seller) or PARTIALLY_SHIPPING. */
	shipPackage(
		o: Order,
		p: PackageRec,
		s: { tracking: string; provider: { id: string; name: string }; handover: PackageRec['handover_method'] },
	): void {
		const now = this.world.now();
		this.markPackageShipped(o, p, now, s.tracking, s.provider, s.handover);
		this.afterShipment(o, now);
	}

	/** Mark Package As Shipped API: the given unshipped lines go into one package (split when partial). */
	markShipped(
		o: Order,
		lines: LineItem[],
		s: { tracking: string; provider: { id: string; name: string } },
	): PackageRec {
		const now = this.world.now();
		const unshipped = o.lines.filter((l) => !o.packages[l.packageIdx].shipped);
		let pkg: PackageRec;
		const pkgIdxs = new Set(lines.map((l) => l.packageIdx));
		const samePkg =
			pkgIdxs.size === 1 && unshipped.filter((l) => l.packageIdx === [...pkgIdxs][0]).length === lines.length;
		if (samePkg) pkg = o.packages[[...pkgIdxs][0]];
		else pkg = this.splitPackage(o, lines);
		this.markPackageShipped(o, pkg, now, s.tracking, s.provider, '');
		this.afterShipment(o, now);
		return pkg;
	}

	private afterShipment(o: Order, now: number): void {
		// drop packages that lost all their lines through a split
		const used = new Set(o.lines.map((l) => l.packageIdx));
		if (used.size !== o.packages.length) {
			const keep = o.packages.filter((_p, i) => used.has(i));
			const remap = new Map(o.packages.map((p, i) => [i, keep.indexOf(p)]));
			for (const p of o.packages) if (!keep.includes(p)) this.world.packageById.delete(p.id);
			for (const l of o.lines) l.packageIdx = remap.get(l.packageIdx)!;
			o.packages = keep;
		}
		if (!o.rts_time) o.rts_time = now;
		const all = o.packages.every((p) => p.shipped);
		const prev = o.status;
		if (!all) o.status = 'PARTIALLY_SHIPPING';
		else if (o.shipping_type === 'TIKTOK') o.status = 'AWAITING_COLLECTION';
		else {
			o.status = 'IN_TRANSIT';
			if (!o.collection_time) o.collection_time = now;
		}
		o.update_time = Math.max(o.update_time + 1, now);
		this.world.touch();
		if (o.status !== prev) this.emitOrderStatus(o);
	}

	updateAddress(orderId: string, patch: AddressOverride = {}, opts: { emit?: boolean } = {}): Record<string, unknown> {
		const o = this.order(orderId);
		const clean: AddressOverride = {};
		for (const k of [
			'name',
			'phone_number',
			'address_line1',
			'address_line2',
			'city',
			'state',
			'postal_code',
		] as const) {
			const v = patch[k];
			if (v !== undefined) {
				if (typeof v !== 'string') throw new ControlError(`${k} must be a string`);
				clean[k] = v;
			}
		}
		if (Object.keys(clean).length === 0) clean.address_line2 = `Unit ${1 + Math.floor(this.world.idRng() * 99)}`;
		o.address = { ...(o.address ?? {}), ...clean };
		o.has_updated_recipient_address = true;
		o.update_time = Math.max(o.update_time + 1, this.world.now());
		this.world.touch();
		if (opts.emit !== false) this.webhooks.emit(o.shopId, 3, { order_id: o.id, update_time: o.update_time });
		return renderOrder(this.world, o);
	}

	// ---------------------------------------------------------------------------------------------- products

	setProductStatus(
		productId: string,
		status: ProductStatus,
		opts: { webhook_status?: string; suspended_reason?: string; emit?: boolean } = {},
	): Record<string, unknown> {
		if (!PRODUCT_STATUSES.includes(status))
			throw new ControlError(`status must be one of ${PRODUCT_STATUSES.join(', ')}`);
		const p = this.world.productById.get(String(productId));
		if (!p) throw new ControlError(`unknown product ${productId}`, 404);
		const prev = p.status;
		p.status = status;
		p.update_time = Math.max(p.update_time + 1, this.world.now());
		this.world.touch();
		if (opts.emit !== false) {
			const wstatus =
				opts.webhook_status ??
				(status === 'FAILED'
					? 'PRODUCT_AUDIT_FAILURE'
					: prev === 'PENDING' && status === 'ACTIVATE'
						? 'PRODUCT_FIRST_PASS_REVIEW'
						: 'PRODUCT_STATUS_CHANGED');
			this.webhooks.emit(
				p.shopId,
				5,
				{
					product_id: p.id,
					status: wstatus,
					suspended_reason:
						opts.suspended_reason ?? (status === 'PLATFORM_DEACTIVATED' ? 'Violation of listing policy' : ''),
					update_time: p.update_time,
				},
				['product_id'],
			);
		}
		return renderProductDetail(this.world, p);
	}

	/** PRODUCT_STATUS_CHANGE (type 5) after an API-side status change (activate/deactivate). */
	emitProductStatus(p: Product, prev: ProductStatus): Notification[] {
		const wstatus =
			prev === 'PENDING' && p.status === 'ACTIVATE' ? 'PRODUCT_FIRST_PASS_REVIEW' : 'PRODUCT_STATUS_CHANGED';
		return this.webhooks.emit(
			p.shopId,
			5,
			{ product_id: p.id, status: wstatus, suspended_reason: '', update_time: p.update_time },
			['product_id'],
		);
	}

	/**
	 * Inventory status change (type 27; pushed to Partner Center addresses only). Defaults come from the SKU's
	 * current stock: OUT_OF_STOCK at 0 available, otherwise LOW_STOCK; alert_type REALTIME unless lead_days is given.
	 * https://partner.tiktokshop.com/docv2/page/inventory-status-change
	 */
	sendInventoryStatus(input: {
		sku_id: string;
		current_inventory_status?: 'SUFFICIENT_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK';
		alert_type?: 'REALTIME' | 'PREDICTION';
		lead_days?: number;
		low_stock_threshold?: number;
		update_time?: number;
	}): Notification[] {
		const sku = this.world.skuById.get(String(input.sku_id ?? ''));
		if (!sku) throw new ControlError(`unknown sku ${input.sku_id}`, 404);
		const statuses = ['SUFFICIENT_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK'];
		if (input.current_inventory_status !== undefined && !statuses.includes(input.current_inventory_status))
			throw new ControlError(`current_inventory_status must be one of ${statuses.join(', ')}`);
		const alertType = input.alert_type ?? (input.lead_days !== undefined ? 'PREDICTION' : 'REALTIME');
		if (alertType !== 'REALTIME' && alertType !== 'PREDICTION')
			throw new ControlError('alert_type must be REALTIME or PREDICTION');
		const available = sku.stock.reduce((a, b) => a + b, 0);
		const committed = sku.committed.reduce((a, b) => a + b, 0);
		const status = input.current_inventory_status ?? (available === 0 ? 'OUT_OF_STOCK' : 'LOW_STOCK');
		const trigger: Record<string, unknown> = { alert_type: alertType };
		if (alertType === 'PREDICTION') trigger.lead_days = input.lead_days ?? 7;
		else
			trigger.low_stock_threshold =
				input.low_stock_threshold ?? (status === 'OUT_OF_STOCK' ? 0 : Math.max(available, 5));
		return this.webhooks.emit(sku.product.shopId, 27, {
			product_id: sku.productId,
			sku_id: sku.id,
			trigger_reason: trigger,
			current_inventory_status: status,
			inventory_distribution: {
				total_quantity: available + committed,
				available_quantity: available,
				creator_reserved_quantity: 0,
				campaign_reserved_quantity: 0,
				committed_quantity: committed,
			},
			update_time: input.update_time ?? this.world.now(),
		});
	}

	// ---------------------------------------------------------------------------------------------- modes

	getModes(): EmulatorModes {
		return { ...this.world.modes, rotate_refresh_token: this.world.rotateRefreshToken } as EmulatorModes & {
			rotate_refresh_token: boolean;
		};
	}

	/** Change behaviour switches (partial); unknown names or values are refused. Also accepts rotate_refresh_token. */
	setModes(patch: Partial<EmulatorModes> & { rotate_refresh_token?: boolean }): EmulatorModes {
		const allowed: Record<keyof EmulatorModes, readonly unknown[]> = {
			order_detail_unknown_ids: ['omit', 'reject'],
			inventory_quantity: ['sdk', 'strict'],
			tracking_order: ['newest_first', 'unsorted'],
			expired_token_http_status: [401, 200],
			webhook_signature: ['app_key_body', 'request_sign'],
		};
		const next = { ...this.world.modes } as Record<string, unknown>;
		for (const [k, v] of Object.entries(patch ?? {})) {
			if (k === 'rotate_refresh_token') {
				if (typeof v !== 'boolean') throw new ControlError('rotate_refresh_token must be true or false');
				continue;
			}
			const values = allowed[k as keyof EmulatorModes];
			if (!values)
				throw new ControlError(
					`unknown mode ${k}; known: ${[...Object.keys(allowed), 'rotate_refresh_token'].join(', ')}`,
				);
			if (!values.includes(v)) throw new ControlError(`${k} must be one of ${values.join(', ')}`);
			next[k] = v;
		}
		this.world.modes = next as unknown as EmulatorModes;
		if (typeof patch?.rotate_refresh_token === 'boolean') this.world.rotateRefreshToken = patch.rotate_refresh_token;
		return this.getModes();
	}

	getStock(q: { product_id?: string; sku_id?: string; shop_id?: string } = {}) {
		const w = this.world;
		if (q.sku_id) {
			const s = w.skuById.get(String(q.sku_id));
			if (!s) throw new ControlError(`unknown sku ${q.sku_id}`, 404);
			return { product_id: s.productId, skus: [renderSkuInventory(s)] };
		}
		if (q.product_id) {
			const p = w.productById.get(String(q.product_id));
			if (!p) throw new ControlError(`unknown product ${q.product_id}`, 404);
			return { product_id: p.id, status: p.status, skus: p.skus.map(renderSkuInventory) };
		}
		const shop = this.shop(q.shop_id);
		return {
			shop_id: shop.id,
			products: shop.products.map((p) => ({
				product_id: p.id,
				status: p.status,
				skus: p.skus.map(renderSkuInventory),
			})),
		};
	}

	// ---------------------------------------------------------------------------------------------- after-sales

	createReturn(input: {
		order_id: string;
		return_type?: ReturnType;
		return_status?: ReturnStatus;
		line_item_ids?: string[];
		role?: 'BUYER' | 'SELLER' | 'SYSTEM';
		emit?: boolean;
	}): Record<string, unknown> {
		const o = this.order(input.order_id);
		if (input.return_type && !['REFUND', 'RETURN_AND_REFUND', 'REPLACEMENT'].includes(input.return_type))
			throw new ControlError('return_type must be REFUND, RETURN_AND_REFUND or REPLACEMENT');
		if (input.return_status && !RETURN_STATUSES.includes(input.return_status))
			throw new ControlError(`return_status must be one of ${RETURN_STATUSES.join(', ')}`);
		if (input.line_item_ids)
			for (const id of input.line_item_ids)
				if (!o.lines.some((l) => l.id === id)) throw new ControlError(`line item ${id} is not part of order ${o.id}`);
		const r = newReturn(this.world, o, {
			type: input.return_type,
			status: input.return_status,
			role: input.role,
			lineIds: input.line_item_ids,
			time: this.world.now(),
		});
		const shop = this.world.shopById.get(o.shopId)!;
		shop.returns.push(r);
		this.world.returnById.set(r.return_id, r);
		this.world.touch();
		if (input.emit !== false) this.emitReturn(r);
		return renderReturn(this.world, r);
	}

	setReturnStatus(
		returnId: string,
		status: ReturnStatus,
		opts: { emit?: boolean; role?: 'BUYER' | 'SELLER' | 'SYSTEM' } = {},
	): Record<string, unknown> {
		if (!RETURN_STATUSES.includes(status))
			throw new ControlError(`status must be one of ${RETURN_STATUSES.join(', ')}`);
		const r = this.world.returnById.get(String(returnId));
		if (!r) throw new ControlError(`unknown return ${returnId}`, 404);
		const now = this.world.now();
		r.return_status = status;
		r.update_time = Math.max(r.update_time + 1, now);
		if (status === 'BUYER_SHIPPED_ITEM' && !r.return_tracking_number)
			r.return_tracking_number = `9400${String(now)}${r.return_id.slice(-8)}`;
		r.history.push({
			status,
			role: opts.role ?? 'SELLER',
			time: r.update_time,
			description: `Status changed to ${status}`,
		});
		this.world.touch();
		if (opts.emit !== false) this.emitReturn(r);
		return renderReturn(this.world, r);
	}

	createCancellation(input: {
		order_id: string;
		cancel_type?: 'CANCEL' | 'BUYER_CANCEL';
		cancel_status?: CancelStatus;
		role?: 'BUYER' | 'SELLER' | 'SYSTEM';
		reason?: string;
		emit?: boolean;
	}): Record<string, unknown> {
		const o = this.order(input.order_id);
		const statuses: CancelStatus[] = [
			'CANCELLATION_REQUEST_PENDING',
			'CANCELLATION_REQUEST_SUCCESS',
			'CANCELLATION_REQUEST_CANCELLED',
			'CANCELLATION_REQUEST_COMPLETE',
		];
		if (input.cancel_status && !statuses.includes(input.cancel_status))
			throw new ControlError(`cancel_status must be one of ${statuses.join(', ')}`);
		if (input.cancel_type && !['CANCEL', 'BUYER_CANCEL'].includes(input.cancel_type))
			throw new ControlError('cancel_type must be CANCEL or BUYER_CANCEL');
		const c = newCancellation(this.world, o, {
			type: input.cancel_type,
			status: input.cancel_status,
			role: input.role,
			reason: input.reason,
			time: this.world.now(),
		});
		const shop = this.world.shopById.get(o.shopId)!;
		shop.cancellations.push(c);
		this.world.cancellationById.set(c.cancel_id, c);
		this.afterCancellationChange(o, c, input.emit !== false);
		return renderCancellation(this.world, c);
	}

	setCancellationStatus(
		cancelId: string,
		status: CancelStatus,
		opts: { emit?: boolean } = {},
	): Record<string, unknown> {
		const c = this.world.cancellationById.get(String(cancelId));
		if (!c) throw new ControlError(`unknown cancellation ${cancelId}`, 404);
		const statuses: CancelStatus[] = [
			'CANCELLATION_REQUEST_PENDING',
			'CANCELLATION_REQUEST_SUCCESS',
			'CANCELLATION_REQUEST_CANCELLED',
			'CANCELLATION_REQUEST_COMPLETE',
		];
		if (!statuses.includes(status)) throw new ControlError(`status must be one of ${statuses.join(', ')}`);
		c.cancel_status = status;
		c.update_time = Math.max(c.update_time + 1, this.world.now());
		this.afterCancellationChange(this.order(c.order_id), c, opts.emit !== false);
		return renderCancellation(this.world, c);
	}

	private afterCancellationChange(o: Order, c: CancellationRec, emit: boolean): void {
		const now = this.world.now();
		if (c.cancel_status === 'CANCELLATION_REQUEST_PENDING' && c.cancel_type === 'BUYER_CANCEL') {
			o.is_buyer_request_cancel = true;
			o.request_cancel_time = now;
			o.update_time = Math.max(o.update_time + 1, now);
		} else if (c.cancel_status === 'CANCELLATION_REQUEST_CANCELLED') {
			o.is_buyer_request_cancel = false;
			o.update_time = Math.max(o.update_time + 1, now);
		}
		this.world.touch();
		if (emit)
			this.webhooks.emit(o.shopId, 11, {
				order_id: o.id,
				cancellations_role: c.role,
				cancel_status: c.cancel_status,
				cancel_id: c.cancel_id,
				create_time: c.create_time,
			});
		if (
			(c.cancel_status === 'CANCELLATION_REQUEST_SUCCESS' || c.cancel_status === 'CANCELLATION_REQUEST_COMPLETE') &&
			o.status !== 'CANCELLED'
		) {
			o.is_buyer_request_cancel = false;
			this.applyOrderStatus(o, 'CANCELLED', { initiator: c.role, reason: c.cancel_reason_text });
			if (emit) this.emitOrderStatus(o);
		}
	}

	// ---------------------------------------------------------------------------------------------- events

	emitOrderStatus(o: Order): Notification[] {
		const s = webhookOrderStatus(o.status);
		if (!s) return [];
		return this.webhooks.emit(o.shopId, 1, {
			order_id: o.id,
			order_status: s,
			is_on_hold_order: o.status === 'ON_HOLD',
			update_time: o.update_time,
		});
	}

	private emitReturn(r: ReturnRec): Notification[] {
		return this.webhooks.emit(r.shopId, 12, {
			order_id: r.order_id,
			return_role: r.role,
			return_type: r.return_type,
			return_status: r.return_status,
			return_id: r.return_id,
			create_time: r.create_time,
			update_time: r.update_time,
		});
	}

	/** Send any event: {type | event_type, shop_id?, data, raw_number_fields?}. */
	sendEvent(input: {
		type?: number;
		event_type?: string;
		shop_id?: string;
		data?: Record<string, unknown>;
		raw_number_fields?: string[];
	}): Notification[] {
		let type = input.type;
		if (type === undefined && input.event_type) {
			type = EVENT_TYPES[input.event_type] ?? APP_ONLY_EVENT_TYPES[input.event_type];
			if (type === undefined) throw new ControlError(`unknown event_type ${input.event_type}`);
		}
		if (type === undefined || !Number.isInteger(type) || type < 1)
			throw new ControlError('type (integer) or event_type is required');
		const shop = this.shop(input.shop_id);
		return this.webhooks.emit(shop.id, type, input.data ?? {}, input.raw_number_fields ?? []);
	}

	/** Type 6 (SELLER_DEAUTHORIZATION; by default also revokes the shop) or 7 (UPCOMING_AUTHORIZATION_EXPIRATION). */
	sendAuthorizationEvent(input: {
		type: 6 | 7;
		shop_id?: string;
		expiration_time?: number;
		revoke?: boolean;
		message?: string;
	}): Notification[] {
		const shop = this.shop(input.shop_id);
		if (input.type === 6) {
			const n = this.webhooks.emit(shop.id, 6, {
				message:
					input.message ?? `The seller ${this.world.seller.name} has deauthorized your app for shop ${shop.name}.`,
			});
			if (input.revoke !== false) shop.authorized = false;
			return n;
		}
		if (input.type === 7) {
			let exp = input.expiration_time;
			if (exp === undefined) {
				exp = 0;
				for (const r of this.world.refreshTokens.values())
					if (r.graceUntil === undefined) exp = Math.max(exp, r.expiresAt);
				if (!exp) exp = this.world.now() + 30 * 86400;
			}
			return this.webhooks.emit(shop.id, 7, {
				message:
					input.message ??
					`The authorization of your app for shop ${shop.name} will expire soon. Please ask the seller to re-authorize.`,
				expiration_time: String(exp),
			});
		}
		throw new ControlError('type must be 6 or 7');
	}

	/** Re-authorize every shop (after a type-6 deauthorization) and return a fresh token pair. */
	reauthorize() {
		return grantTokens(this.world);
	}

	redeliver(id: string): Promise<DeliveryAttempt> {
		const p = this.webhooks.redeliver(String(id));
		return p.then((a) => {
			if (!a) throw new ControlError(`unknown tts_notification_id ${id}`, 404);
			return a;
		});
	}

	retryWebhooksNow(): number {
		return this.webhooks.retryNow();
	}

	setAppWebhooks(list: AppWebhook[], opts: { validate?: boolean } = {}): AppWebhook[] {
		if (!Array.isArray(list)) throw new ControlError('addresses must be an array');
		const clean = list.map((a, i) => {
			const entry = typeof a === 'string' ? { address: a } : a;
			if (!entry || typeof entry.address !== 'string') throw new ControlError(`addresses[${i}].address is required`);
			if (opts.validate !== false) {
				const err = webhookAddressError(entry.address);
				if (err) throw new ControlError(`addresses[${i}]: ${err}`);
			}
			if (entry.event_types !== undefined) {
				if (!Array.isArray(entry.event_types)) throw new ControlError(`addresses[${i}].event_types must be an array`);
				for (const t of entry.event_types)
					if (!(t in EVENT_TYPES) && !(t in APP_ONLY_EVENT_TYPES))
						throw new ControlError(`addresses[${i}].event_types: unknown ${t}`);
			}
			return { address: entry.address, event_types: entry.event_types ? [...entry.event_types] : undefined };
		});
		this.world.appWebhooks = clean;
		return clean;
	}

	getWebhooks() {
		const shops: Record<string, unknown[]> = {};
		for (const s of this.world.shops) shops[s.id] = [...(this.world.shopWebhooks.get(s.id)?.values() ?? [])];
		return {
			shops,
			app: this.world.appWebhooks,
			rewrites: this.webhooks.opts.rewrites,
			retry_scale: this.webhooks.opts.retryScale,
		};
	}

	getDeliveries(f: DeliveryFilter = {}): Notification[] {
		return this.webhooks.notifications.filter(
			(n) =>
				(f.type === undefined || n.type === Number(f.type)) &&
				(f.event_type === undefined || n.event_type === f.event_type) &&
				(f.shop_id === undefined || n.shop_id === f.shop_id) &&
				(f.tts_notification_id === undefined || n.tts_notification_id === f.tts_notification_id) &&
				(f.address_prefix === undefined || n.address.startsWith(f.address_prefix)) &&
				(f.state === undefined || n.state === f.state),
		);
	}

	clearDeliveries(): void {
		this.webhooks.clear();
	}

	/** Resolve once `count` notifications matching `f` have had ≥1 attempt (in-process helper for tests). */
	waitForDeliveries(
		f: DeliveryFilter & { count?: number; attempts?: number },
		timeoutMs = 5000,
	): Promise<Notification[]> {
		const want = f.count ?? 1;
		const attempts = f.attempts ?? 1;
		const check = () => {
			const list = this.getDeliveries(f).filter((n) => n.attempts.filter((a) => !a.duplicate).length >= attempts);
			return list.length >= want ? list : null;
		};
		const now = check();
		if (now) return Promise.resolve(now);
		return new Promise((resolve, reject) => {
			const off = this.webhooks.onAttempt(() => {
				const r = check();
				if (r) {
					clearTimeout(t);
					off();
					resolve(r);
				}
			});
			const t = setTimeout(() => {
				off();
				reject(new Error(`timed out waiting for ${want} deliveries (${JSON.stringify(f)})`));
			}, timeoutMs);
		});
	}

	// ---------------------------------------------------------------------------------------------- clock & auth

	advanceClock(seconds: number) {
		if (typeof seconds !== 'number' || !Number.isFinite(seconds))
			throw new ControlError('advance_seconds must be a number');
		this.world.clockOffset += Math.trunc(seconds);
		return { now: this.world.now(), clock_offset: this.world.clockOffset };
	}

	expireTokens(): { expired: number } {
		const now = this.world.now();
		let n = 0;
		for (const t of this.world.accessTokens.values()) {
			if (t.expiresAt > now) {
				t.expiresAt = now;
				n++;
			}
		}
		return { expired: n };
	}

	expireRefreshTokens(): { expired: number } {
		const now = this.world.now();
		let n = 0;
		for (const t of this.world.refreshTokens.values()) {
			if (t.expiresAt > now) {
				t.expiresAt = now;
				n++;
			}
		}
		return { expired: n };
	}

	issueAuthCode() {
		return issueAuthCode(this.world);
	}

	/**
	 * refresh_grace_seconds: how long a rotated-out refresh token keeps working. TikTok's authorization guide does not
	 * say whether the old one stays valid after a refresh, nor for how long: 60 (the default) and 0 play both.
	 */
	setTokenConfig(c: {
		token_ttl?: number;
		refresh_token_ttl?: number;
		rotate_refresh_token?: boolean;
		refresh_grace_seconds?: number;
	}) {
		if (
			c.refresh_grace_seconds !== undefined &&
			!(typeof c.refresh_grace_seconds === 'number' && c.refresh_grace_seconds >= 0)
		)
			throw new ControlError('refresh_grace_seconds must be a number ≥ 0');
		if (c.token_ttl !== undefined) this.world.tokenTtl = c.token_ttl;
		if (c.refresh_token_ttl !== undefined) this.world.refreshTokenTtl = c.refresh_token_ttl;
		if (c.rotate_refresh_token !== undefined) this.world.rotateRefreshToken = c.rotate_refresh_token;
		if (c.refresh_grace_seconds !== undefined) this.world.refreshGraceSeconds = c.refresh_grace_seconds;
		return {
			token_ttl: this.world.tokenTtl,
			refresh_token_ttl: this.world.refreshTokenTtl,
			rotate_refresh_token: this.world.rotateRefreshToken,
			refresh_grace_seconds: this.world.refreshGraceSeconds,
		};
	}

	// ---------------------------------------------------------------------------------------------- faults & log

	injectFault(input: { kind: FaultKind; count?: number; latency_ms?: number; path_prefix?: string }) {
		if (!FAULT_KINDS.includes(input.kind)) throw new ControlError(`kind must be one of ${FAULT_KINDS.join(', ')}`);
		if (input.kind === 'latency' && !(Number(input.latency_ms) > 0))
			throw new ControlError('latency_ms (> 0) is required for kind "latency"');
		return this.faults.add(input.kind, input.count ?? 1, Number(input.latency_ms ?? 0), input.path_prefix ?? '');
	}

	clearFaults(): void {
		this.faults.clear();
	}

	getFaults() {
		return { rules: this.faults.rules, fail_rate: this.faults.failRate, latency_ms: this.faults.baseLatencyMs };
	}

	setLatency(ms: number) {
		if (typeof ms !== 'number' || ms < 0) throw new ControlError('latency_ms must be a number ≥ 0');
		this.faults.baseLatencyMs = ms;
		return { latency_ms: ms };
	}

	setFailRate(rate: number) {
		if (typeof rate !== 'number' || rate < 0 || rate > 1)
			throw new ControlError('fail_rate must be a number in [0, 1]');
		this.faults.failRate = rate;
		return { fail_rate: rate };
	}

	resetRateLimits(): void {
		this.limiter.reset();
	}

	getRequests(
		f: { path_prefix?: string; host?: string; since_seq?: number; limit?: number; method?: string } = {},
	): RecordedRequest[] {
		return this.log.list(f);
	}

	clearRequests(): void {
		this.log.clear();
	}

	/** Request fields TikTok's reference does not list (see emulator/contract); `since_seq` filters by request seq. */
	getWarnings(f: { since_seq?: number } = {}): ContractWarning[] {
		return f.since_seq === undefined
			? this.log.warnings.slice()
			: this.log.warnings.filter((w) => w.seq > f.since_seq!);
	}

	clearWarnings(): void {
		this.log.clearWarnings();
	}

	getExternalOrders(orderId?: string) {
		if (orderId) return { order_id: orderId, external_orders: this.world.externalRefs.get(String(orderId)) ?? [] };
		const out: Record<string, unknown> = {};
		for (const [k, v] of this.world.externalRefs) out[k] = v;
		return { orders: out };
	}

	eventNames(): Record<string, number> {
		return { ...EVENT_TYPES };
	}

	eventName(type: number): string | undefined {
		return EVENT_NAME_BY_TYPE[type];
	}
}
