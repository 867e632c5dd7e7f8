/** Event API rules and webhook delivery: HMAC, envelope, event types, retries (scaled), duplicates, rewrites, timeouts. */
import crypto from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import { startEmulator, RunningEmulator } from '../../emulator';
import { agent, adminCall, TestClient, takeWarnings } from './tts-test-client';

interface Received {
	path: string;
	headers: http.IncomingHttpHeaders;
	raw: string;
	at: number;
}

let emu: RunningEmulator;
let c: TestClient;
let receiver: http.Server;
let received: Received[] = [];
/** Status codes to answer with, in order; then 200. 'hang' never answers. */
let plan: Array<number | 'hang'> = [];
const hanging: http.ServerResponse[] = [];

const HOOK = 'https://n8n.example.test/webhook/tiktok';

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (d: Buffer) => chunks.push(d));
		req.on('end', () => {
			received.push({
				path: req.url ?? '',
				headers: req.headers,
				raw: Buffer.concat(chunks).toString('utf8'),
				at: Date.now(),
			});
			const next = plan.length ? plan.shift()! : 200;
			if (next === 'hang') {
				hanging.push(res);
				return;
			}
			res.writeHead(next);
			res.end();
		});
	});
	await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
	const port = (receiver.address() as AddressInfo).port;
	emu = await startEmulator({
		orders: 100,
		seed: 'webhooks',
		webhookRetryScale: 0.001,
		webhookRewrites: { 'https://n8n.example.test/': `http://127.0.0.1:${port}/` },
	});
	c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[0].cipher);
});

afterAll(async () => {
	await emu.close();
	for (const r of hanging) r.destroy();
	receiver.closeAllConnections();
	await new Promise<void>((r) => receiver.close(() => r()));
	agent.destroy();
});

beforeEach(() => {
	received = [];
	plan = [];
	emu.control.clearDeliveries();
	emu.control.resetRateLimits();
});

const hmac = (raw: string) =>
	crypto
		.createHmac('sha256', emu.appSecret)
		.update(emu.appKey + raw)
		.digest('hex');

async function waitFor(pred: () => boolean, ms = 4000) {
	const end = Date.now() + ms;
	while (!pred()) {
		if (Date.now() > end) throw new Error('timeout');
		await new Promise((r) => setTimeout(r, 10));
	}
}

describe('Event API /event/202309/webhooks', () => {
	const W = '/event/202309/webhooks';

	test('PUT creates/replaces one address per event type; GET lists; DELETE (JSON body) removes and succeeds when nothing is set', async () => {
		expect((await c.call('PUT', W, { body: { address: HOOK, event_type: 'ORDER_STATUS_CHANGE' } })).json).toMatchObject(
			{ code: 0, data: {} },
		);
		expect(
			(await c.call('PUT', W, { body: { address: `${HOOK}?v=2`, event_type: 'ORDER_STATUS_CHANGE' } })).json.code,
		).toBe(0);
		const g = await c.get(W);
		expect(g.json.data.total_count).toBe(1);
		expect(g.json.data.webhooks[0]).toMatchObject({ event_type: 'ORDER_STATUS_CHANGE', address: `${HOOK}?v=2` });
		expect(typeof g.json.data.webhooks[0].create_time).toBe('number');
		expect((await c.call('DELETE', W, { body: { event_type: 'ORDER_STATUS_CHANGE' } })).json.code).toBe(0);
		expect((await c.call('DELETE', W, { body: { event_type: 'ORDER_STATUS_CHANGE' } })).json.code).toBe(0);
		expect((await c.get(W)).json.data.total_count).toBe(0);
		// per shop: the GB shop has its own list
		expect((await c.get(W, { shopCipher: emu.shops[1].cipher })).json.data.total_count).toBe(0);
	});

	test.each([
		['http://n8n.example.test/hook', /https/],
		['https://203.0.113.7/hook', /IP/],
		['https://[2001:db8::1]/hook', /IP/],
		['https://n8n.example.test:5678/hook', /port/],
		['https://n8n.example.test:443/hook', /port/],
		['https://localhost/hook', /domain/],
		[`https://n8n.example.test/${'a'.repeat(240)}`, /255/],
		['not a url', /URL/],
	])('PUT rejects %s', async (address, msg) => {
		const r = await c.call('PUT', W, { body: { address, event_type: 'ORDER_STATUS_CHANGE' } });
		expect(r.status).toBe(400);
		expect(r.json.code).toBe(36009004);
		expect(r.json.message).toMatch(msg);
		takeWarnings(emu); // the 265-character address is also outside the reference's 255 limit
	});

	test('PUT/DELETE require address and a documented event_type', async () => {
		expect((await c.call('PUT', W, { body: { event_type: 'ORDER_STATUS_CHANGE' } })).json.message).toMatch(
			/body.address is missing/,
		);
		expect((await c.call('PUT', W, { body: { address: HOOK, event_type: 'ORDER_UPDATE' } })).json.message).toMatch(
			/event_type/,
		);
		expect((await c.call('PUT', W, { body: { address: HOOK } })).json.message).toMatch(/event_type/);
		expect((await c.call('DELETE', W, {})).json.code).toBe(36009004);
		for (const t of [
			'REVERSE_STATUS_UPDATE',
			'PACKAGE_UPDATE',
			'PRODUCT_AUDIT_STATUS_CHANGE',
			'NEW_MESSAGE_LISTENER',
			'INVOICE_STATUS_CHANGE',
		]) {
			expect((await c.call('PUT', W, { body: { address: HOOK, event_type: t } })).json.code).toBe(0);
			await c.call('DELETE', W, { body: { event_type: t } });
		}
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('body.event_type must be one of'));
	});
});

describe('delivery', () => {
	beforeAll(async () => {
		for (const t of [
			'ORDER_STATUS_CHANGE',
			'RECIPIENT_ADDRESS_UPDATE',
			'PRODUCT_STATUS_CHANGE',
			'CANCELLATION_STATUS_CHANGE',
			'RETURN_STATUS_CHANGE',
			'SELLER_DEAUTHORIZATION',
			'UPCOMING_AUTHORIZATION_EXPIRATION',
		]) {
			const r = await c.call('PUT', '/event/202309/webhooks', { body: { address: HOOK, event_type: t } });
			expect(r.json.code).toBe(0);
		}
	});

	test('order status change → type 1 POST with correct HMAC over app_key + raw body', async () => {
		const o = emu.state.shops[0].orders.find((x) => x.status === 'AWAITING_SHIPMENT')!;
		const res = await adminCall(emu.adminUrl, 'POST', `/orders/${o.id}/status`, { status: 'CANCELLED' });
		expect(res.status).toBe(200);
		await waitFor(() => received.length >= 1);
		const got = received[0];
		expect(got.path).toBe('/webhook/tiktok');
		expect(got.headers['content-type']).toBe('application/json');
		expect(got.headers.authorization).toBe(hmac(got.raw));
		expect(got.headers.authorization).toMatch(/^[0-9a-f]{64}$/);
		const ev = JSON.parse(got.raw);
		expect(ev).toMatchObject({
			type: 1,
			shop_id: emu.shops[0].id,
			data: { order_id: o.id, order_status: 'CANCEL', is_on_hold_order: false },
		});
		expect(ev.tts_notification_id).toMatch(/^\d{19}$/);
		expect(typeof ev.timestamp).toBe('number');
		expect(typeof ev.data.update_time).toBe('number');
		const d = emu.control.getDeliveries({ type: 1 });
		expect(d).toHaveLength(1);
		expect(d[0].state).toBe('delivered');
		expect(d[0].attempts[0]).toMatchObject({
			attempt: 1,
			status: 200,
			ok: true,
			url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/tiktok$/),
		});
		expect(d[0].address).toBe(HOOK);
		expect(typeof d[0].attempts[0].duration_ms).toBe('number');
	});

	test('created orders emit webhooks; the admin API returns them', async () => {
		const r = await adminCall(emu.adminUrl, 'POST', '/orders', { count: 2, status: 'AWAITING_SHIPMENT' });
		expect(r.json.orders).toHaveLength(2);
		await waitFor(() => received.length >= 2);
		const evs = received.map((x) => JSON.parse(x.raw));
		expect(evs.map((e) => e.data.order_id).sort()).toEqual(r.json.orders.map((o: { id: string }) => o.id).sort());
		for (const e of evs) expect(e.data.order_status).toBe('AWAITING_SHIPMENT');
		// and the API sees them
		const d = await c.get('/order/202309/orders', {
			query: { ids: r.json.orders.map((o: { id: string }) => o.id).join(',') },
		});
		expect(d.json.data.orders).toHaveLength(2);
	});

	test('product status change → type 5 with product_id as an UNQUOTED big number in the raw body', async () => {
		const p = emu.state.shops[0].products.find((x) => x.status === 'ACTIVATE')!;
		await adminCall(emu.adminUrl, 'POST', `/products/${p.id}/status`, { status: 'PLATFORM_DEACTIVATED' });
		await waitFor(() => received.length >= 1);
		const raw = received[0].raw;
		expect(raw).toContain(`"product_id":${p.id},`);
		expect(raw).not.toContain(`"product_id":"${p.id}"`);
		expect(received[0].headers.authorization).toBe(hmac(raw));
		// JSON.parse loses precision: this is the trap the node must avoid
		expect(String(JSON.parse(raw).data.product_id)).not.toBe(p.id);
		expect(JSON.parse(raw)).toMatchObject({ type: 5, data: { status: 'PRODUCT_STATUS_CHANGED' } });
		expect(emu.state.productById.get(p.id)!.status).toBe('PLATFORM_DEACTIVATED');
	});

	test('address update → type 3; return → type 12; cancellation → type 11 (+ type 1 when it completes)', async () => {
		const o = emu.state.shops[0].orders.find((x) => x.status === 'AWAITING_SHIPMENT')!;
		await adminCall(emu.adminUrl, 'POST', `/orders/${o.id}/address`, {
			address_line1: '1 Infinite Loop',
			city: 'Cupertino',
		});
		await waitFor(() => received.length >= 1);
		expect(JSON.parse(received[0].raw)).toMatchObject({ type: 3, data: { order_id: o.id } });
		const detail = emu.control.getOrder(o.id) as { has_updated_recipient_address: boolean };
		expect(detail.has_updated_recipient_address).toBe(true);

		const done = emu.state.shops[0].orders.find((x) => x.status === 'COMPLETED')!;
		const ret = await adminCall(emu.adminUrl, 'POST', '/returns', {
			order_id: done.id,
			return_type: 'RETURN_AND_REFUND',
		});
		expect(done.lines.map((l) => l.id)).toContain(ret.json.return_line_items[0].order_line_item_id);
		await waitFor(() => received.length >= 2);
		expect(JSON.parse(received[1].raw)).toMatchObject({
			type: 12,
			data: {
				order_id: done.id,
				return_id: ret.json.return_id,
				return_status: 'RETURN_OR_REFUND_REQUEST_PENDING',
				return_type: 'RETURN_AND_REFUND',
				return_role: 'BUYER',
			},
		});

		const can = await adminCall(emu.adminUrl, 'POST', '/cancellations', {
			order_id: o.id,
			cancel_type: 'BUYER_CANCEL',
		});
		await waitFor(() => received.length >= 3);
		expect(JSON.parse(received[2].raw)).toMatchObject({
			type: 11,
			data: {
				order_id: o.id,
				cancel_id: can.json.cancel_id,
				cancel_status: 'CANCELLATION_REQUEST_PENDING',
				cancellations_role: 'BUYER',
			},
		});
		expect(emu.state.orderById.get(o.id)!.is_buyer_request_cancel).toBe(true);
		await adminCall(emu.adminUrl, 'POST', `/cancellations/${can.json.cancel_id}/status`, {
			status: 'CANCELLATION_REQUEST_COMPLETE',
		});
		await waitFor(() => received.length >= 5);
		const types = received.slice(3).map((r) => JSON.parse(r.raw));
		expect(types[0]).toMatchObject({ type: 11, data: { cancel_status: 'CANCELLATION_REQUEST_COMPLETE' } });
		expect(types[1]).toMatchObject({ type: 1, data: { order_id: o.id, order_status: 'CANCEL' } });
	});

	test('authorization events: 6 deauthorizes the shop (101000), 7 carries expiration_time as a string', async () => {
		const gb = emu.shops[1];
		await c.call('PUT', '/event/202309/webhooks', {
			shopCipher: gb.cipher,
			body: { address: HOOK, event_type: 'SELLER_DEAUTHORIZATION' },
		});
		await adminCall(emu.adminUrl, 'POST', '/events/authorization', { type: 7, shop_id: emu.shops[0].id });
		await waitFor(() => received.length >= 1);
		const e7 = JSON.parse(received[0].raw);
		expect(e7.type).toBe(7);
		expect(typeof e7.data.expiration_time).toBe('string');
		expect(e7.data.expiration_time).toMatch(/^\d{10}$/);
		await adminCall(emu.adminUrl, 'POST', '/events/authorization', { type: 6, shop_id: gb.id });
		await waitFor(() => received.length >= 2);
		expect(JSON.parse(received[1].raw)).toMatchObject({
			type: 6,
			shop_id: gb.id,
			data: { message: expect.any(String) },
		});
		const r = await c.get('/logistics/202309/warehouses', { shopCipher: gb.cipher });
		expect(r.status).toBe(401);
		expect(r.json.code).toBe(101000);
		const shops = await c.get('/authorization/202309/shops', { shopCipher: null });
		expect(shops.json.data.shops).toHaveLength(1);
		await adminCall(emu.adminUrl, 'POST', '/reauthorize');
		expect((await c.get('/logistics/202309/warehouses', { shopCipher: gb.cipher })).json.code).toBe(0);
	});

	test('custom events and app-level (Partner Center) addresses', async () => {
		const put = await adminCall(emu.adminUrl, 'PUT', '/webhooks/app', {
			addresses: [{ address: 'https://n8n.example.test/app-level', event_types: ['PACKAGE_UPDATE'] }],
		});
		expect(put.status).toBe(200);
		const bad = await adminCall(emu.adminUrl, 'PUT', '/webhooks/app', { addresses: ['http://x.example/'] });
		expect(bad.status).toBe(400);
		await adminCall(emu.adminUrl, 'POST', '/events', {
			event_type: 'PACKAGE_UPDATE',
			data: { sc_type: 'SPLIT', role_type: 'ROLE_SELLER', package_list: [], update_time: 1 },
		});
		await waitFor(() => received.length >= 1);
		expect(received[0].path).toBe('/app-level');
		expect(JSON.parse(received[0].raw)).toMatchObject({ type: 4, data: { sc_type: 'SPLIT' } });
		const list = await adminCall(emu.adminUrl, 'GET', '/webhooks');
		expect(list.json.app).toHaveLength(1);
		expect(list.json.shops[emu.shops[0].id].length).toBeGreaterThan(0);
		emu.control.setAppWebhooks([]);
	});

	test('non-2xx → retried at +120 ms, +1.8 s (scale 0.001) with the same body, id and signature', async () => {
		plan = [500, 503];
		const o = emu.state.shops[0].orders.find((x) => x.status === 'AWAITING_SHIPMENT')!;
		emu.control.setOrderStatus(o.id, 'AWAITING_COLLECTION');
		await waitFor(() => received.length >= 3, 5000);
		expect(received[0].raw).toBe(received[1].raw);
		expect(received[1].raw).toBe(received[2].raw);
		expect(received[2].headers.authorization).toBe(received[0].headers.authorization);
		const gap1 = received[1].at - received[0].at;
		const gap2 = received[2].at - received[1].at;
		expect(gap1).toBeGreaterThanOrEqual(110);
		expect(gap1).toBeLessThan(1000);
		expect(gap2).toBeGreaterThanOrEqual(1750);
		expect(gap2).toBeLessThan(3000);
		const n = emu.control.getDeliveries({ type: 1 })[0];
		await waitFor(() => n.state === 'delivered');
		expect(n.attempts.map((a) => a.status)).toEqual([500, 503, 200]);
		expect(n.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
		expect(n.next_attempt_at).toBeNull();
	});

	test('after the 4th retry fails the notification is dropped (retry-now fast-forwards)', async () => {
		plan = [500, 500, 500, 500, 500];
		const p = emu.state.shops[0].products.find((x) => x.status === 'ACTIVATE')!;
		emu.control.setProductStatus(p.id, 'SELLER_DEACTIVATED');
		const n = emu.control.getDeliveries({ type: 5 })[0];
		await waitFor(() => n.attempts.length === 1);
		for (let i = 2; i <= 5; i++) {
			await waitFor(() => n.next_attempt_at !== null || n.state === 'dropped');
			(await adminCall(emu.adminUrl, 'POST', '/webhooks/retry-now')).json;
			await waitFor(() => n.attempts.length === i);
		}
		await waitFor(() => n.state === 'dropped');
		expect(n.attempts).toHaveLength(5);
		expect(n.next_attempt_at).toBeNull();
		expect(received).toHaveLength(5);
	});

	test('exact duplicate redelivery by tts_notification_id (same bytes, same signature)', async () => {
		const o = emu.state.shops[0].orders.find((x) => x.status === 'IN_TRANSIT')!;
		emu.control.setOrderStatus(o.id, 'DELIVERED');
		await waitFor(() => received.length >= 1);
		const id = JSON.parse(received[0].raw).tts_notification_id;
		const r = await adminCall(emu.adminUrl, 'POST', '/webhooks/redeliver', { tts_notification_id: id });
		expect(r.json.attempt).toMatchObject({ status: 200, duplicate: true });
		await waitFor(() => received.length >= 2);
		expect(received[1].raw).toBe(received[0].raw);
		expect(received[1].headers.authorization).toBe(received[0].headers.authorization);
		expect((await adminCall(emu.adminUrl, 'POST', '/webhooks/redeliver', { tts_notification_id: '1' })).status).toBe(
			404,
		);
		const del = await adminCall(emu.adminUrl, 'GET', `/webhooks/deliveries?tts_notification_id=${id}`);
		expect(del.json.deliveries[0].attempts).toHaveLength(2);
	});

	test('no answer within 3 s counts as a failure and is retried', async () => {
		plan = ['hang'];
		const o = emu.state.shops[0].orders.find((x) => x.status === 'DELIVERED')!;
		emu.control.setOrderStatus(o.id, 'COMPLETED');
		const [n] = await emu.control.waitForDeliveries({ type: 1, attempts: 2 }, 6000);
		expect(n.attempts[0].status).toBe(0);
		expect(n.attempts[0].error).toMatch(/3000/);
		expect(n.attempts[0].duration_ms).toBeGreaterThanOrEqual(2900);
		expect(n.attempts[1].status).toBe(200);
	}, 10000);

	test('events without a registered address are not delivered; no rewrite → real address attempted', async () => {
		await c.call('DELETE', '/event/202309/webhooks', { body: { event_type: 'RETURN_STATUS_CHANGE' } });
		const done = emu.state.shops[0].orders.find((x) => x.status === 'COMPLETED')!;
		emu.control.createReturn({ order_id: done.id });
		await new Promise((r) => setTimeout(r, 50));
		expect(emu.control.getDeliveries({ type: 12 })).toHaveLength(0);
		expect(received).toHaveLength(0);
	});
});
