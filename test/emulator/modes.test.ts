/** Product price/activate/deactivate, inventory status webhook (27) and the per-run behaviour switches (modes). */
import http from 'http';
import type { AddressInfo } from 'net';
import { DEFAULT_MODES, startEmulator, RunningEmulator } from '../../emulator';
import { agent, adminCall, TestClient, takeWarnings } from './tts-test-client';

let emu: RunningEmulator;
let c: TestClient;

beforeAll(async () => {
	emu = await startEmulator({ orders: 120, seed: 'modes' });
	c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[0].cipher);
});
afterAll(async () => {
	await emu.close();
	agent.destroy();
});
beforeEach(() => {
	emu.control.resetRateLimits();
	emu.control.setModes({ ...DEFAULT_MODES, rotate_refresh_token: true });
});

const shop0 = () => emu.state.shops[0];
const activeProduct = (skip = 0) => shop0().products.filter((p) => p.status === 'ACTIVATE')[skip];

describe('Update Price', () => {
	test('sets the SKU price from a decimal string; Get Product shows it', async () => {
		const p = activeProduct();
		const sku = p.skus[0];
		const r = await c.post(`/product/202309/products/${p.id}/prices/update`, {
			skus: [{ id: sku.id, price: { amount: '12.30', currency: shop0().currency } }],
		});
		expect(r.status).toBe(200);
		expect(r.json.code).toBe(0);
		const g = await c.get(`/product/202309/products/${p.id}`);
		expect(g.json.data.skus.find((s: { id: string }) => s.id === sku.id).price.sale_price).toBe('12.30');
	});

	test('refuses a foreign SKU, a wrong currency, a bad format and a deactivated product', async () => {
		const p = activeProduct(1);
		const other = activeProduct(2).skus[0];
		const cur = shop0().currency;
		const call = (skus: unknown[]) => c.post(`/product/202309/products/${p.id}/prices/update`, { skus });
		expect((await call([{ id: other.id, price: { amount: '1.00', currency: cur } }])).json.code).toBe(12052557);
		expect((await call([{ id: p.skus[0].id, price: { amount: '1.00', currency: 'JPY' } }])).json.code).toBe(12052084);
		expect((await call([{ id: p.skus[0].id, price: { amount: '1,00', currency: cur } }])).json.code).toBe(12052012);
		emu.control.setProductStatus(p.id, 'SELLER_DEACTIVATED', { emit: false });
		expect((await call([{ id: p.skus[0].id, price: { amount: '1.00', currency: cur } }])).json.code).toBe(12052901);
		emu.control.setProductStatus(p.id, 'ACTIVATE', { emit: false });
	});
});

describe('Activate / Deactivate', () => {
	test('deactivate then activate; per-product errors in data.errors', async () => {
		const p = activeProduct(3);
		const d = await c.post('/product/202309/products/deactivate', { product_ids: [p.id, '1729999999999999999'] });
		expect(d.json.code).toBe(0);
		expect(d.json.data.errors).toEqual([
			{ code: 12052032, message: expect.any(String), detail: { product_id: '1729999999999999999' } },
		]);
		expect(emu.state.productById.get(p.id)!.status).toBe('SELLER_DEACTIVATED');
		const a = await c.post('/product/202309/products/activate', { product_ids: [p.id] });
		expect(a.json.code).toBe(0);
		expect(a.json.data.errors).toEqual([]);
		expect(emu.state.productById.get(p.id)!.status).toBe('ACTIVATE');
	});

	test('more than 20 ids → 12019120', async () => {
		const ids = Array.from({ length: 21 }, (_, i) => String(1729000000000000000n + BigInt(i)));
		expect((await c.post('/product/202309/products/activate', { product_ids: ids })).json.code).toBe(12019120);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('body.product_ids must contain at most 20 items'));
	});
});

describe('modes', () => {
	test('order detail: omit (default) vs reject with 21008111', async () => {
		const good = shop0().orders[0].id;
		const foreign = emu.state.shops[1].orders[0].id;
		const omit = await c.get('/order/202507/orders', { query: { ids: `${good},${foreign}` } });
		expect(omit.json.code).toBe(0);
		expect(omit.json.data.orders.map((o: { id: string }) => o.id)).toEqual([good]);
		const r = await adminCall(emu.adminUrl, 'PUT', '/modes', { order_detail_unknown_ids: 'reject' });
		expect(r.json.order_detail_unknown_ids).toBe('reject');
		const rej = await c.get('/order/202507/orders', { query: { ids: `${good},${foreign}` } });
		expect(rej.json.code).toBe(21008111);
		expect(rej.json.message).toContain(foreign);
	});

	test('inventory quantity 0: accepted under sdk, refused per warehouse under strict', async () => {
		const p = activeProduct(4);
		const sku = p.skus[0];
		const body = { skus: [{ id: sku.id, inventory: sku.warehouseIds.map((w) => ({ warehouse_id: w, quantity: 0 })) }] };
		const ok = await c.post(`/product/202309/products/${p.id}/inventory/update`, body);
		expect(ok.json.data.errors).toEqual([]);
		emu.control.setModes({ inventory_quantity: 'strict' });
		const bad = await c.post(`/product/202309/products/${p.id}/inventory/update`, body);
		expect(bad.json.data.errors[0].code).toBe(12019024);
		expect(bad.json.data.errors[0].detail.extra_errors[0].message).toContain('[1, 99999]');
	});

	test('tracking: unsorted mode never puts the newest event first', async () => {
		const o = shop0().orders.find((x) => x.delivery_time > 0)!;
		const sorted = (await c.get(`/fulfillment/202309/orders/${o.id}/tracking`)).json.data.tracking;
		emu.control.setModes({ tracking_order: 'unsorted' });
		const unsorted = (await c.get(`/fulfillment/202309/orders/${o.id}/tracking`)).json.data.tracking;
		const newest = Math.max(...sorted.map((e: { update_time_millis: number }) => e.update_time_millis));
		expect(sorted[0].update_time_millis).toBe(newest);
		expect(unsorted[0].update_time_millis).not.toBe(newest);
		expect(unsorted.length).toBe(sorted.length);
	});

	test('105002 under HTTP 401 (default) or 200', async () => {
		const emu2 = await startEmulator({ orders: 10, seed: 'modes-105002', modes: { expired_token_http_status: 200 } });
		try {
			const c2 = new TestClient(emu2.baseUrl, emu2.appKey, emu2.appSecret, emu2.accessToken, emu2.shops[0].cipher);
			emu2.control.expireTokens();
			const r = await c2.get('/authorization/202309/shops', { shopCipher: null });
			expect([r.status, r.json.code]).toEqual([200, 105002]);
			emu2.control.setModes({ expired_token_http_status: 401 });
			const r2 = await c2.get('/authorization/202309/shops', { shopCipher: null });
			expect([r2.status, r2.json.code]).toEqual([401, 105002]);
		} finally {
			await emu2.close();
		}
	});

	test('refresh-token rotation switch', async () => {
		const refresh = (rt: string) =>
			new Promise<{ refresh_token: string }>((resolve, reject) => {
				const u = `${emu.authBaseUrl}/api/v2/token/refresh?app_key=${emu.appKey}&app_secret=${emu.appSecret}&refresh_token=${encodeURIComponent(rt)}&grant_type=refresh_token`;
				http
					.get(u, (res) => {
						let s = '';
						res.on('data', (d) => (s += d));
						res.on('end', () => {
							const j = JSON.parse(s);
							if (j.code !== 0) reject(new Error(j.message));
							else resolve(j.data);
						});
					})
					.on('error', reject);
			});
		emu.control.setModes({ rotate_refresh_token: false });
		expect((await refresh(emu.refreshToken)).refresh_token).toBe(emu.refreshToken);
		emu.control.setModes({ rotate_refresh_token: true });
		expect((await refresh(emu.refreshToken)).refresh_token).not.toBe(emu.refreshToken);
	});

	test('unknown mode or value is refused', async () => {
		expect((await adminCall(emu.adminUrl, 'PUT', '/modes', { nope: 1 })).status).toBe(400);
		expect((await adminCall(emu.adminUrl, 'PUT', '/modes', { tracking_order: 'random' })).status).toBe(400);
	});
});

describe('inventory status change webhook (27)', () => {
	test('sent to Partner Center addresses with the reference fields; Event API refuses to register it', async () => {
		const got: string[] = [];
		const srv = http.createServer((req, res) => {
			let s = '';
			req.on('data', (d) => (s += d));
			req.on('end', () => {
				got.push(s);
				res.end();
			});
		});
		await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
		const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`;
		try {
			emu.control.setAppWebhooks([{ address: url, event_types: ['INVENTORY_STATUS_CHANGE'] }], { validate: false });
			const sku = activeProduct(5).skus[0];
			const r = await adminCall(emu.adminUrl, 'POST', '/events/inventory-status', {
				sku_id: sku.id,
				current_inventory_status: 'LOW_STOCK',
				alert_type: 'PREDICTION',
				lead_days: 21,
			});
			expect(r.status).toBe(200);
			await emu.control.waitForDeliveries({ type: 27, count: 1 });
			const body = JSON.parse(got[0]);
			expect(body.type).toBe(27);
			expect(body.data).toEqual({
				product_id: sku.productId,
				sku_id: sku.id,
				trigger_reason: { alert_type: 'PREDICTION', lead_days: 21 },
				current_inventory_status: 'LOW_STOCK',
				inventory_distribution: expect.objectContaining({
					total_quantity: expect.any(Number),
					available_quantity: expect.any(Number),
					committed_quantity: expect.any(Number),
				}),
				update_time: expect.any(Number),
			});
			const reg = await c.call('PUT', '/event/202309/webhooks', {
				body: { address: 'https://example.com/hook', event_type: 'INVENTORY_STATUS_CHANGE' },
			});
			expect([reg.status, reg.json.code]).toEqual([400, 36009004]);
			expect(takeWarnings(emu)).toEqual([expect.stringContaining('body.event_type must be one of')]);
		} finally {
			emu.control.setAppWebhooks([], { validate: false });
			await new Promise<void>((r) => srv.close(() => r()));
		}
	});
});
