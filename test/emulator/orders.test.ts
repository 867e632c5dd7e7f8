/** Orders: search paging to the end, filters, sort, page-token binding, detail (202309 + 202507), order object shape. */
import { startEmulator, RunningEmulator } from '../../emulator';
import { agent, TestClient, takeWarnings } from './tts-test-client';

const SEARCH = '/order/202309/orders/search';
let emu: RunningEmulator;
let c: TestClient;

beforeAll(async () => {
	emu = await startEmulator({ orders: 700, seed: 'orders' });
	c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[0].cipher);
});
afterAll(async () => {
	await emu.close();
	agent.destroy();
});
beforeEach(() => emu.control.resetRateLimits());

const cents = (s: string) => {
	expect(s).toMatch(/^-?\d+\.\d{2}$/);
	return Math.round(Number(s) * 100);
};

async function all(body: unknown, query: Record<string, string | number> = {}) {
	const ids: string[] = [];
	let token = '';
	let total = -1;
	let pages = 0;
	for (;;) {
		const r = await c.post(SEARCH, body, {
			query: { page_size: 100, ...query, ...(token ? { page_token: token } : {}) },
		});
		expect(r.json.code).toBe(0);
		pages++;
		total = r.json.data.total_count;
		for (const o of r.json.data.orders) ids.push(o.id);
		token = r.json.data.next_page_token;
		expect(typeof token).toBe('string');
		if (token === '') break;
		if (pages > 100) throw new Error('runaway paging');
	}
	return { ids, total, pages };
}

test('pages to the end: next_page_token "" on the last page, total_count, no duplicates', async () => {
	const { ids, total, pages } = await all({});
	expect(total).toBe(700);
	expect(ids).toHaveLength(700);
	expect(new Set(ids).size).toBe(700);
	expect(pages).toBe(7);
});

test('default sort is create_time DESC; ASC and update_time work', async () => {
	const d = await c.post(SEARCH, {}, { query: { page_size: 50 } });
	const times = d.json.data.orders.map((o: { create_time: number }) => o.create_time);
	expect([...times].sort((a, b) => b - a)).toEqual(times);
	const a = await c.post(SEARCH, {}, { query: { page_size: 50, sort_order: 'ASC', sort_field: 'update_time' } });
	const ut = a.json.data.orders.map((o: { update_time: number }) => o.update_time);
	expect([...ut].sort((x, y) => x - y)).toEqual(ut);
});

test('orders cover all 9 statuses, spread over ~6 months', async () => {
	const statuses = [
		'UNPAID',
		'ON_HOLD',
		'AWAITING_SHIPMENT',
		'PARTIALLY_SHIPPING',
		'AWAITING_COLLECTION',
		'IN_TRANSIT',
		'DELIVERED',
		'COMPLETED',
		'CANCELLED',
	];
	let sum = 0;
	for (const s of statuses) {
		const r = await c.post(SEARCH, { order_status: s }, { query: { page_size: 100 } });
		expect(r.json.data.total_count).toBeGreaterThan(0);
		for (const o of r.json.data.orders) expect(o.status).toBe(s);
		sum += r.json.data.total_count;
	}
	expect(sum).toBe(700);
	const now = emu.state.now();
	const oldest = await c.post(SEARCH, {}, { query: { page_size: 1, sort_order: 'ASC' } });
	expect(now - oldest.json.data.orders[0].create_time).toBeGreaterThan(150 * 86400);
	expect(now - oldest.json.data.orders[0].create_time).toBeLessThanOrEqual(181 * 86400);
});

test('time-range, shipping_type, buyer, warehouse filters', async () => {
	const now = emu.state.now();
	const ge = now - 30 * 86400;
	const lt = now - 10 * 86400;
	const { ids } = await all({ create_time_ge: ge, create_time_lt: lt });
	const expected = emu.state.shops[0].orders.filter((o) => o.create_time >= ge && o.create_time < lt).map((o) => o.id);
	expect(new Set(ids)).toEqual(new Set(expected));

	const seller = await c.post(SEARCH, { shipping_type: 'SELLER' }, { query: { page_size: 20 } });
	for (const o of seller.json.data.orders) expect(o.shipping_type).toBe('SELLER');

	const some = emu.state.shops[0].orders[10];
	const byBuyer = await c.post(SEARCH, { buyer_user_id: some.user_id }, { query: { page_size: 100 } });
	expect(byBuyer.json.data.orders.map((o: { id: string }) => o.id)).toContain(some.id);
	for (const o of byBuyer.json.data.orders) expect(o.user_id).toBe(some.user_id);

	const wh = emu.state.shops[0].warehouses[1].id;
	const byWh = await c.post(SEARCH, { warehouse_ids: [wh] }, { query: { page_size: 100 } });
	expect(byWh.json.data.total_count).toBeGreaterThan(0);
	for (const o of byWh.json.data.orders) expect(o.warehouse_id).toBe(wh);

	const upd = await c.post(SEARCH, { update_time_ge: now - 86400 }, { query: { page_size: 100 } });
	for (const o of upd.json.data.orders) expect(o.update_time).toBeGreaterThanOrEqual(now - 86400);
});

test('filter type errors are rejected with the field name', async () => {
	const r = await c.post(SEARCH, { create_time_ge: '1700000000' }, { query: { page_size: 10 } });
	expect(r.status).toBe(400);
	expect(r.json.message).toMatch(/create_time_ge/);
	const w = await c.post(
		SEARCH,
		{ warehouse_ids: Array.from({ length: 101 }, (_, i) => String(i)) },
		{ query: { page_size: 10 } },
	);
	expect(w.json.message).toMatch(/warehouse_ids/);
	expect(takeWarnings(emu)).toEqual([expect.stringContaining('body.warehouse_ids must contain at most 100 items')]);
});

test('a page token reused with other filters or sort is rejected', async () => {
	const r = await c.post(SEARCH, { order_status: 'COMPLETED' }, { query: { page_size: 10 } });
	const token = r.json.data.next_page_token;
	expect(token).not.toBe('');
	const ok = await c.post(SEARCH, { order_status: 'COMPLETED' }, { query: { page_size: 10, page_token: token } });
	expect(ok.json.code).toBe(0);
	const other = await c.post(SEARCH, { order_status: 'CANCELLED' }, { query: { page_size: 10, page_token: token } });
	expect(other.status).toBe(400);
	expect(other.json.code).toBe(36009004);
	expect(other.json.message).toMatch(/page_token/);
	const sort = await c.post(
		SEARCH,
		{ order_status: 'COMPLETED' },
		{ query: { page_size: 10, page_token: token, sort_order: 'ASC' } },
	);
	expect(sort.json.code).toBe(36009004);
	const garbage = await c.post(SEARCH, {}, { query: { page_size: 10, page_token: 'bm90LWEtdG9rZW4=' } });
	expect(garbage.json.code).toBe(36009004);
});

test('new orders created mid-paging do not break the cursor', async () => {
	const first = await c.post(SEARCH, {}, { query: { page_size: 100, sort_order: 'ASC' } });
	emu.control.createOrders({ count: 3, emit: false });
	let token = first.json.data.next_page_token;
	const seen = new Set(first.json.data.orders.map((o: { id: string }) => o.id));
	while (token) {
		const r = await c.post(SEARCH, {}, { query: { page_size: 100, sort_order: 'ASC', page_token: token } });
		for (const o of r.json.data.orders) {
			expect(seen.has(o.id)).toBe(false);
			seen.add(o.id);
		}
		token = r.json.data.next_page_token;
	}
	expect(seen.size).toBe(emu.state.shops[0].orders.length);
});

test('order detail: ids ≤ 50, unknown ids simply absent, both 202309 and 202507', async () => {
	const orders = emu.state.shops[0].orders;
	const ids = [orders[0].id, orders[1].id, '576000000000000000'];
	for (const v of ['202309', '202507']) {
		const r = await c.get(`/order/${v}/orders`, { query: { ids: ids.join(',') } });
		expect(r.json.code).toBe(0);
		expect(r.json.data.orders.map((o: { id: string }) => o.id).sort()).toEqual([orders[0].id, orders[1].id].sort());
	}
	const many = orders
		.slice(0, 51)
		.map((o) => o.id)
		.join(',');
	const tooMany = await c.get('/order/202309/orders', { query: { ids: many } });
	expect(tooMany.status).toBe(400);
	expect(tooMany.json.code).toBe(36009004);
	expect(tooMany.json.message).toMatch(/ids/);
	const fifty = await c.get('/order/202309/orders', {
		query: {
			ids: orders
				.slice(0, 50)
				.map((o) => o.id)
				.join(','),
		},
	});
	expect(fifty.json.data.orders).toHaveLength(50);
	expect((await c.get('/order/202309/orders')).json.code).toBe(36009004);
	// orders of the other shop are not visible through this cipher
	const gbOrder = emu.state.shops[1].orders[0].id;
	expect((await c.get('/order/202309/orders', { query: { ids: gbOrder } })).json.data.orders).toHaveLength(0);
});

test('order object: string ids > 2^53, payment arithmetic, masked address, packages, line items', async () => {
	const r = await c.post(SEARCH, { order_status: 'AWAITING_SHIPMENT' }, { query: { page_size: 100 } });
	const raw = r.raw;
	// every id-like field is a quoted string in the raw JSON
	expect(raw).not.toMatch(/"(id|user_id|order_id|sku_id|product_id|warehouse_id|delivery_option_id|package_id)":\d/);
	for (const o of r.json.data.orders) {
		expect(BigInt(o.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect(o.id).toMatch(/^\d{18,19}$/);
		expect(o.user_id).toMatch(/^\d{18,19}$/);
		expect(['TIKTOK', 'SELLER']).toContain(o.shipping_type);
		expect(o.delivery_option_id).toMatch(/^\d+$/);
		expect(o.warehouse_id).toMatch(/^\d+$/);
		expect(o.packages.length).toBeGreaterThanOrEqual(1);
		expect(o.line_items.length).toBeGreaterThanOrEqual(1);
		expect(o.line_items.length).toBeLessThanOrEqual(5);
		const p = o.payment;
		const sub = cents(p.original_total_product_price) - cents(p.seller_discount) - cents(p.platform_discount);
		expect(cents(p.sub_total)).toBe(sub);
		const ship =
			cents(p.original_shipping_fee) - cents(p.shipping_fee_seller_discount) - cents(p.shipping_fee_platform_discount);
		expect(cents(p.shipping_fee)).toBe(ship);
		expect(cents(p.tax)).toBe(cents(p.product_tax) + cents(p.shipping_fee_tax));
		expect(cents(p.total_amount)).toBe(sub + ship + cents(p.tax) + cents(p.retail_delivery_fee ?? '0.00'));
		let orig = 0;
		for (const li of o.line_items) {
			expect(li).not.toHaveProperty('quantity');
			expect(typeof li.id).toBe('string');
			expect(li.sku_id).toMatch(/^\d+$/);
			expect(emu.state.skuById.get(li.sku_id)?.seller_sku).toBe(li.seller_sku);
			expect(cents(li.sale_price)).toBe(
				cents(li.original_price) - cents(li.seller_discount) - cents(li.platform_discount),
			);
			expect(o.packages.map((x: { id: string }) => x.id)).toContain(li.package_id);
			orig += cents(li.original_price);
		}
		expect(cents(p.original_total_product_price)).toBe(orig);
		expect(p.currency).toBe('USD');
		const a = o.recipient_address;
		expect(a.region_code).toBe('US');
		if (o.shipping_type === 'TIKTOK') {
			expect(a.name).toContain('*');
			expect(a.phone_number).toContain('*');
		}
	}
	// line items are unique ids; quantity >1 is expressed by repeating the SKU
	const orders = emu.state.shops[0].orders;
	const repeated = orders.find((o) => new Set(o.lines.map((l) => l.sku.id)).size < o.lines.length);
	expect(repeated).toBeDefined();
	expect(new Set(repeated!.lines.map((l) => l.id)).size).toBe(repeated!.lines.length);
});

test('UNPAID orders have no packages yet; CANCELLED orders carry cancel info', async () => {
	const u = await c.post(SEARCH, { order_status: 'UNPAID' }, { query: { page_size: 5 } });
	for (const o of u.json.data.orders) {
		expect(o.packages).toEqual([]);
		expect(o).not.toHaveProperty('paid_time');
		expect(o.recipient_address.district_info).toEqual([]);
	}
	const x = await c.post(SEARCH, { order_status: 'CANCELLED' }, { query: { page_size: 5 } });
	for (const o of x.json.data.orders) {
		expect(['SELLER', 'BUYER', 'SYSTEM']).toContain(o.cancellation_initiator);
		expect(typeof o.cancel_time).toBe('number');
	}
});

test('GB cross-border shop: own orders (~10%), GBP', async () => {
	const gb = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[1].cipher);
	const r = await gb.post(SEARCH, {}, { query: { page_size: 10 } });
	expect(r.json.data.total_count).toBe(70);
	expect(r.json.data.orders[0].payment.currency).toBe('GBP');
});
