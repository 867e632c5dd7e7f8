/** External order references, products, inventory update/search, warehouses and delivery options. */
import { startEmulator, RunningEmulator } from '../../emulator';
import type { Product, Sku } from '../../emulator/types';
import { agent, adminCall, TestClient, takeWarnings } from './tts-test-client';

let emu: RunningEmulator;
let c: TestClient;

beforeAll(async () => {
	emu = await startEmulator({ orders: 200, seed: 'catalog' });
	c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[0].cipher);
});
afterAll(async () => {
	await emu.close();
	agent.destroy();
});
beforeEach(() => emu.control.resetRateLimits());

describe('external order references (202406)', () => {
	const ADD = '/order/202406/orders/external_orders';
	const ref = (orderId: string, extId: string, platform: string, lines: Array<[string, string]>) => ({
		id: orderId,
		external_order: { id: extId, platform, line_items: lines.map(([id, origin_id]) => ({ id, origin_id })) },
	});

	test('add, get, search; same platform replaces, different platform adds', async () => {
		const o = emu.state.shops[0].orders[5];
		const r = await c.post(ADD, { orders: [ref(o.id, 'SHOP-1001', 'SHOPIFY', [['gid-1', o.lines[0].id]])] });
		expect(r.json.code).toBe(0);
		expect(r.json.data.errors).toEqual([]);
		// replace (same platform)
		await c.post(ADD, { orders: [ref(o.id, 'SHOP-1002', 'SHOPIFY', [['gid-2', o.lines[0].id]])] });
		// add (different platform)
		await c.post(ADD, { orders: [ref(o.id, 'ERP-77', 'ERP_SYSTEM', [['erp-line-1', o.lines[0].id]])] });
		// the platform-less call is refused: the reference marks platform as required
		const g = await c.get(`/order/202406/orders/${o.id}/external_orders`);
		expect([g.status, g.json.code]).toEqual([400, 36009004]);
		expect(g.json.message).toContain('query.platform');
		const gs = await c.get(`/order/202406/orders/${o.id}/external_orders`, { query: { platform: 'SHOPIFY' } });
		expect(gs.json.data.external_orders).toEqual([
			{ id: 'SHOP-1002', platform: 'SHOPIFY', line_items: [{ id: 'gid-2', origin_id: o.lines[0].id }] },
		]);
		const gp = await c.get(`/order/202406/orders/${o.id}/external_orders`, { query: { platform: 'ERP_SYSTEM' } });
		expect(gp.json.data.external_orders).toHaveLength(1);
		const s = await c.post(
			'/order/202406/orders/external_order_search',
			{},
			{ query: { platform: 'SHOPIFY', external_order_id: 'SHOP-1002' } },
		);
		expect(s.json.code).toBe(0);
		expect(s.json.data.orders).toEqual([
			{
				id: o.id,
				external_order: {
					id: 'SHOP-1002',
					platform: 'SHOPIFY',
					line_items: [{ id: 'gid-2', origin_id: o.lines[0].id }],
				},
			},
		]);
		const old = await c.post(
			'/order/202406/orders/external_order_search',
			{},
			{ query: { platform: 'SHOPIFY', external_order_id: 'SHOP-1001' } },
		);
		expect(old.json.data.orders).toEqual([]);
		// no body at all is accepted too
		const nb = await c.call('POST', '/order/202406/orders/external_order_search', {
			query: { platform: 'ERP_SYSTEM', external_order_id: 'ERP-77' },
		});
		expect(nb.json.data.orders).toHaveLength(1);
		expect(emu.control.getExternalOrders(o.id).external_orders).toHaveLength(2);
		expect(
			(await adminCall(emu.adminUrl, 'GET', `/external-orders?order_id=${o.id}`)).json.external_orders,
		).toHaveLength(2);
	});

	test('partial failures come back in data.errors under code 0', async () => {
		const [a, b] = emu.state.shops[0].orders.slice(20, 22);
		const r = await c.post(ADD, {
			orders: [
				ref(a.id, 'OK-1', 'WOOCOMMERCE', [['w1', a.lines[0].id]]),
				ref('576999999999999999', 'X-1', 'WOOCOMMERCE', [['w2', a.lines[0].id]]),
				ref(b.id, 'X-2', 'WOOCOMMERCE', [['w3', a.lines[0].id]]), // line of another order
				ref(b.id, 'X-3', 'COMMERCETOOLS', [['w4', b.lines[0].id]]), // unknown platform
			],
		});
		expect(r.status).toBe(200);
		expect(r.json.code).toBe(0);
		const errs = r.json.data.errors;
		expect(errs).toHaveLength(3);
		for (const e of errs) {
			expect(e.code).toBe('36020001');
			expect(typeof e.message).toBe('string');
		}
		expect(errs[0].detail).toEqual({
			order_id: '576999999999999999',
			external_order: { id: 'X-1', platform: 'WOOCOMMERCE' },
		});
		expect(errs[1].detail.order_id).toBe(b.id);
		expect(errs[1].message).toMatch(/origin_id/);
		expect(errs[2].detail.external_order.platform).toBe('COMMERCETOOLS');
		expect(emu.control.getExternalOrders(a.id).external_orders).toHaveLength(1);
		expect(emu.control.getExternalOrders(b.id).external_orders).toHaveLength(0);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('body.orders[3].external_order.platform must be one of'));
	});

	test('limits and shapes: ≤100 orders, ≤100 line items, required fields, string ids', async () => {
		const o = emu.state.shops[0].orders[30];
		const many = Array.from({ length: 101 }, (_, i) => ref(o.id, `E${i}`, 'AMAZON', [['x', o.lines[0].id]]));
		const r1 = await c.post(ADD, { orders: many });
		expect(r1.status).toBe(400);
		expect(r1.json.code).toBe(36009004);
		expect(r1.json.message).toMatch(/orders/);
		const lines = Array.from({ length: 101 }, (_, i): [string, string] => [`l${i}`, o.lines[0].id]);
		const r2 = await c.post(ADD, { orders: [ref(o.id, 'E', 'AMAZON', lines)] });
		expect(r2.json.message).toMatch(/line_items/);
		const r3 = await c.post(ADD, { orders: [{ id: o.id, external_order: { id: 'E', line_items: [] } }] });
		expect(r3.json.message).toMatch(/platform/);
		const r4 = await c.post(ADD, {
			orders: [
				{
					id: Number(o.id),
					external_order: { id: 'E', platform: 'AMAZON', line_items: [{ id: 'a', origin_id: o.lines[0].id }] },
				},
			],
		});
		expect(r4.json.code).toBe(36009004);
		expect((await c.post(ADD, {})).json.message).toMatch(/orders/);
		const ok100 = await c.post(ADD, {
			orders: Array.from({ length: 100 }, () => ref(o.id, 'E100', 'AMAZON', [['x', o.lines[0].id]])),
		});
		expect(ok100.json.code).toBe(0);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('body.orders must contain at most 100 items'));
		expect(w).toContainEqual(expect.stringContaining('line_items must contain at most 100 items'));
	});

	test('get/search validation', async () => {
		const o = emu.state.shops[0].orders[31];
		expect(
			(await c.get(`/order/202406/orders/${o.id}/external_orders`, { query: { platform: 'NOPE' } })).json.code,
		).toBe(36009004);
		const unknown = await c.get('/order/202406/orders/576111111111111111/external_orders', {
			query: { platform: 'SHOPIFY' },
		});
		expect(unknown.status).toBe(200);
		expect(unknown.json.code).not.toBe(0);
		expect(
			(await c.post('/order/202406/orders/external_order_search', {}, { query: { platform: 'SHOPIFY' } })).json.message,
		).toMatch(/external_order_id/);
		expect(
			(await c.post('/order/202406/orders/external_order_search', {}, { query: { external_order_id: 'x' } })).json
				.message,
		).toMatch(/platform/);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('query.platform must be one of'));
	});
});

describe('products', () => {
	test('≥300 products in the first shop; search pages, status and seller_skus filters, decimal-string prices', async () => {
		const all = await c.post('/product/202309/products/search', {}, { query: { page_size: 100 } });
		expect(all.json.data.total_count).toBeGreaterThanOrEqual(300);
		const seen = new Set<string>();
		let token = '';
		do {
			const r = await c.post(
				'/product/202502/products/search',
				{},
				{ query: { page_size: 100, ...(token ? { page_token: token } : {}) } },
			);
			for (const p of r.json.data.products) seen.add(p.id);
			token = r.json.data.next_page_token;
		} while (token);
		expect(seen.size).toBe(all.json.data.total_count);
		const act = await c.post('/product/202309/products/search', { status: 'ACTIVATE' }, { query: { page_size: 50 } });
		for (const p of act.json.data.products) {
			expect(p.status).toBe('ACTIVATE');
			for (const s of p.skus) {
				expect(s.price.sale_price).toMatch(/^\d+\.\d{2}$/);
				expect(s.price.currency).toBe('USD');
				expect(s.inventory.length).toBeGreaterThanOrEqual(1);
			}
		}
		for (const st of [
			'DRAFT',
			'SELLER_DEACTIVATED',
			'PLATFORM_DEACTIVATED',
			'DELETED',
			'FREEZE',
			'PENDING',
			'FAILED',
		]) {
			expect(
				(await c.post('/product/202309/products/search', { status: st }, { query: { page_size: 1 } })).json.data
					.total_count,
			).toBeGreaterThan(0);
		}
		const sku = act.json.data.products[0].skus[0];
		const bySku = await c.post(
			'/product/202309/products/search',
			{ seller_skus: [sku.seller_sku] },
			{ query: { page_size: 10 } },
		);
		expect(bySku.json.data.products.map((p: { id: string }) => p.id)).toEqual([act.json.data.products[0].id]);
		expect(
			(await c.post('/product/202309/products/search', { status: 'LIVE' }, { query: { page_size: 10 } })).json.message,
		).toMatch(/status/);
		// seller_sku values are unique across the shop
		const skus = emu.state.shops[0].products.flatMap((p) => p.skus.map((s) => s.seller_sku));
		expect(new Set(skus).size).toBe(skus.length);
	});

	test('get product; FREEZE/DELETED/unknown → business error', async () => {
		const p = emu.state.shops[0].products.find((x) => x.status === 'ACTIVATE')!;
		const r = await c.get(`/product/202309/products/${p.id}`);
		expect(r.json.code).toBe(0);
		expect(r.json.data).toMatchObject({ id: p.id, title: p.title, status: 'ACTIVATE' });
		expect(r.json.data.skus[0].inventory[0].warehouse_id).toBe(p.skus[0].warehouseIds[0]);
		const del = emu.state.shops[0].products.find((x) => x.status === 'DELETED')!;
		const d = await c.get(`/product/202309/products/${del.id}`);
		expect(d.status).toBe(200);
		expect(d.json.code).toBe(12052032);
	});
});

describe('inventory update', () => {
	const path = (p: Product) => `/product/202309/products/${p.id}/inventory/update`;
	const inv = (s: Sku, q: number) => ({
		id: s.id,
		inventory: s.warehouseIds.map((w) => ({ warehouse_id: w, quantity: q })),
	});
	let multi: Product;
	let multiSku: Sku;

	beforeAll(() => {
		multi = emu.state.shops[0].products.find(
			(p) => p.status === 'ACTIVATE' && p.skus.length >= 2 && p.skus.some((s) => s.warehouseIds.length === 2),
		)!;
		multiSku = multi.skus.find((s) => s.warehouseIds.length === 2)!;
	});

	test('updates every warehouse of a multi-warehouse SKU; stock visible via inventory search and admin', async () => {
		const r = await c.post(path(multi), { skus: [inv(multiSku, 42)] });
		expect(r.json.code).toBe(0);
		expect(r.json.data.errors).toEqual([]);
		expect(multiSku.stock).toEqual([42, 42]);
		const s = await c.post('/product/202309/inventory/search', { sku_ids: [multiSku.id] });
		const skuInv = s.json.data.inventory[0].skus[0];
		expect(s.json.data.inventory[0].product_id).toBe(multi.id);
		expect(skuInv.warehouse_inventory.map((w: { available_quantity: number }) => w.available_quantity)).toEqual([
			42, 42,
		]);
		expect(skuInv.total_available_quantity).toBe(84);
		const a = await adminCall(emu.adminUrl, 'GET', `/stock?sku_id=${multiSku.id}`);
		expect(a.json.skus[0].total_available_quantity).toBe(84);
	});

	test('missing warehouse → per-SKU 12019028; other SKUs still applied (partial success)', async () => {
		const other = multi.skus.find((s) => s !== multiSku)!;
		const r = await c.post(path(multi), {
			skus: [{ id: multiSku.id, inventory: [{ warehouse_id: multiSku.warehouseIds[0], quantity: 5 }] }, inv(other, 77)],
		});
		expect(r.json.code).toBe(0);
		expect(r.json.data.errors).toHaveLength(1);
		const e = r.json.data.errors[0];
		expect(e.code).toBe(12019028);
		expect(e.detail.sku_id).toBe(multiSku.id);
		expect(e.detail.extra_errors[0].warehouse_id).toBe(multiSku.warehouseIds[1]);
		expect(multiSku.stock).toEqual([42, 42]);
		expect(other.stock.every((q) => q === 77)).toBe(true);
	});

	test('unknown warehouse → 12052990 with extra_errors 12052097', async () => {
		const r = await c.post(path(multi), {
			skus: [
				{
					id: multiSku.id,
					inventory: [...inv(multiSku, 1).inventory, { warehouse_id: '7068000000000000000', quantity: 1 }],
				},
			],
		});
		const e = r.json.data.errors[0];
		expect(e).toMatchObject({ code: 12052990, message: 'Check failed', detail: { sku_id: multiSku.id } });
		expect(e.detail.extra_errors).toEqual([
			{ warehouse_id: '7068000000000000000', code: 12052097, message: 'The warehouse does not exist' },
		]);
	});

	test('quantity range [0, 99999]: 0 and 99999 accepted, -1 / 100000 / 1.5 → 12019024; string → 36009004', async () => {
		const single = multi.skus.find((s) => s.warehouseIds.length === 1) ?? multiSku;
		expect((await c.post(path(multi), { skus: [inv(single, 0)] })).json.data.errors).toEqual([]);
		expect(single.stock.every((q) => q === 0)).toBe(true);
		expect((await c.post(path(multi), { skus: [inv(single, 99999)] })).json.data.errors).toEqual([]);
		// 1.5 is not an integer: refused by the contract before the handler
		const frac = await c.post(path(multi), { skus: [inv(single, 1.5)] });
		expect([frac.status, frac.json.code]).toEqual([400, 36009004]);
		for (const q of [-1, 100000]) {
			const r = await c.post(path(multi), { skus: [inv(single, q)] });
			expect(r.json.data.errors[0].code).toBe(12019024);
			expect(r.json.data.errors[0].detail.extra_errors[0].code).toBe(12019024);
		}
		expect(single.stock.every((q) => q === 99999)).toBe(true);
		const s = await c.post(path(multi), {
			skus: [{ id: single.id, inventory: [{ warehouse_id: single.warehouseIds[0], quantity: '5' }] }],
		});
		expect(s.status).toBe(400);
		expect(s.json.code).toBe(36009004);
	});

	test('warehouse_id may be omitted only for a single-warehouse SKU', async () => {
		const p = emu.state.shops[0].products.find(
			(x) => x.status === 'ACTIVATE' && x.skus.some((s) => s.warehouseIds.length === 1),
		)!;
		const s = p.skus.find((x) => x.warehouseIds.length === 1)!;
		expect((await c.post(path(p), { skus: [{ id: s.id, inventory: [{ quantity: 9 }] }] })).json.data.errors).toEqual(
			[],
		);
		expect(s.stock).toEqual([9]);
		const r = await c.post(path(multi), { skus: [{ id: multiSku.id, inventory: [{ quantity: 9 }] }] });
		expect(r.json.data.errors[0].code).toBe(12019028);
	});

	test('SKU of another product / unknown SKU → per-SKU error; non-ACTIVATE product → whole call fails', async () => {
		const other = emu.state.shops[0].products.find((p) => p.status === 'ACTIVATE' && p !== multi)!;
		const r = await c.post(path(multi), {
			skus: [inv(other.skus[0], 3), { id: '1729000000000000000', inventory: [{ quantity: 1 }] }],
		});
		expect(r.json.code).toBe(0);
		expect(r.json.data.errors.map((e: { code: number }) => e.code)).toEqual([12052556, 12052556]);
		expect(r.json.data.errors[0].message).toMatch(/belong/);
		const draft = emu.state.shops[0].products.find((p) => p.status === 'SELLER_DEACTIVATED')!;
		const before = draft.skus[0].stock.slice();
		const d = await c.post(path(draft), { skus: [inv(draft.skus[0], 3)] });
		expect(d.status).toBe(200);
		expect(d.json.code).toBe(12052901);
		expect(draft.skus[0].stock).toEqual(before);
		const unknown = await c.post('/product/202309/products/1729000000000000001/inventory/update', {
			skus: [{ id: '1', inventory: [{ quantity: 1 }] }],
		});
		expect(unknown.json.code).toBe(12052032);
		const otherShop = await c.post(path(multi), { skus: [inv(multiSku, 1)] }, { shopCipher: emu.shops[1].cipher });
		expect(otherShop.json.code).toBe(12052048);
		expect((await c.post(path(multi), { skus: [] })).json.code).toBe(12052902);
	});

	test('shop_cipher is optional on inventory update (spec), resolved from the product', async () => {
		const r = await c.post(path(multi), { skus: [inv(multiSku, 11)] }, { shopCipher: null });
		expect(r.json.code).toBe(0);
		expect(multiSku.stock).toEqual([11, 11]);
	});

	test('inventory search: product_ids ≤100 or sku_ids ≤600, sku_ids wins', async () => {
		const ids = emu.state.shops[0].products.slice(0, 3).map((p) => p.id);
		const r = await c.post('/product/202309/inventory/search', { product_ids: ids });
		expect(r.json.data.inventory.map((x: { product_id: string }) => x.product_id)).toEqual(ids);
		const inv0 = r.json.data.inventory[0].skus[0];
		expect(inv0).toHaveProperty('total_committed_quantity');
		expect(inv0.total_available_inventory_distribution.in_shop_inventory).toHaveProperty('quantity');
		const both = await c.post('/product/202309/inventory/search', { product_ids: ids, sku_ids: [multiSku.id] });
		expect(both.json.data.inventory).toHaveLength(1);
		expect(both.json.data.inventory[0].product_id).toBe(multi.id);
		expect(
			(
				await c.post('/product/202309/inventory/search', {
					product_ids: Array.from({ length: 101 }, (_, i) => String(i)),
				})
			).json.message,
		).toMatch(/product_ids/);
		expect(
			(await c.post('/product/202309/inventory/search', { sku_ids: Array.from({ length: 601 }, (_, i) => String(i)) }))
				.json.message,
		).toMatch(/sku_ids/);
		expect((await c.post('/product/202309/inventory/search', {})).json.code).toBe(36009004);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('body.product_ids must contain at most 100'));
		expect(w).toContainEqual(expect.stringContaining('body.sku_ids must contain at most 600'));
	});
});

describe('logistics', () => {
	test('warehouses: 2–3 per shop, one default SALES_WAREHOUSE, one RETURN_WAREHOUSE', async () => {
		for (const s of emu.shops) {
			const r = await c.get('/logistics/202309/warehouses', { shopCipher: s.cipher });
			const ws = r.json.data.warehouses;
			expect(ws.length).toBeGreaterThanOrEqual(2);
			expect(ws.length).toBeLessThanOrEqual(3);
			expect(
				ws.filter((w: { is_default: boolean; type: string }) => w.is_default && w.type === 'SALES_WAREHOUSE'),
			).toHaveLength(1);
			expect(ws.filter((w: { type: string }) => w.type === 'RETURN_WAREHOUSE')).toHaveLength(1);
			expect(ws[0].address.full_address).toBeTruthy();
		}
	});

	test('delivery options → shipping providers', async () => {
		const wh = emu.state.shops[0].warehouses[0];
		const d = await c.get(`/logistics/202309/warehouses/${wh.id}/delivery_options`);
		expect(d.json.code).toBe(0);
		const opts = d.json.data.delivery_options;
		expect(opts.map((o: { type: string }) => o.type)).toContain('SEND_BY_SELLER');
		const sp = await c.get(`/logistics/202309/delivery_options/${opts[0].id}/shipping_providers`);
		expect(sp.json.data.shipping_providers.length).toBeGreaterThan(0);
		expect(sp.json.data.shipping_providers[0]).toEqual({
			id: expect.stringMatching(/^\d{19}$/),
			name: expect.any(String),
		});
		const p = await c.get(`/logistics/202309/warehouses/${wh.id}/delivery_options`, { query: { scope: 'PRODUCT' } });
		expect(Object.keys(p.json.data.delivery_options[0]).sort()).toEqual(['id', 'name']);
		expect((await c.get('/logistics/202309/warehouses/7068000000000000009/delivery_options')).json.code).not.toBe(0);
	});
});
