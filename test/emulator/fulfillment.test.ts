/** Fulfillment (ship, mark shipped, tracking, package detail) and returns/cancellations search. */
import { startEmulator, RunningEmulator } from '../../emulator';
import { agent, TestClient, takeWarnings } from './tts-test-client';

let emu: RunningEmulator;
let c: TestClient;

beforeAll(async () => {
	emu = await startEmulator({ orders: 1500, seed: 'fulfillment' });
	c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[0].cipher);
});
afterAll(async () => {
	await emu.close();
	agent.destroy();
});
beforeEach(() => emu.control.resetRateLimits());

const providerFor = (deliveryOptionId: string) => emu.state.deliveryOptionById.get(deliveryOptionId)!.providers[0];

describe('fulfillment', () => {
	test('ship a TikTok-shipped package → AWAITING_COLLECTION; shipping it again fails', async () => {
		const o = emu.state.shops[0].orders.find(
			(x) => x.status === 'AWAITING_SHIPMENT' && x.shipping_type === 'TIKTOK' && x.packages.length === 1,
		)!;
		const pkg = o.packages[0].id;
		const r = await c.post(`/fulfillment/202309/packages/${pkg}/ship`, { handover_method: 'DROP_OFF' });
		expect(r.json).toMatchObject({ code: 0, data: {} });
		expect(emu.state.orderById.get(o.id)!.status).toBe('AWAITING_COLLECTION');
		const again = await c.post(`/fulfillment/202309/packages/${pkg}/ship`, {});
		expect(again.status).toBe(200);
		expect(again.json.code).toBe(21011040);
		const d = await c.get(`/fulfillment/202309/packages/${pkg}`);
		expect(d.json.data).toMatchObject({
			package_id: pkg,
			package_status: 'PROCESSING',
			handover_method: 'DROP_OFF',
			shipping_type: 'TIKTOK',
		});
		expect(d.json.data.orders[0].id).toBe(o.id);
		const detail = await c.get('/order/202309/orders', { query: { ids: o.id } });
		expect(detail.json.data.orders[0].tracking_number).toBeTruthy();
	});

	test('ship a seller-shipped package requires self_shipment → IN_TRANSIT; bad provider / tracking rejected', async () => {
		const o = emu.state.shops[0].orders.find(
			(x) => x.status === 'AWAITING_SHIPMENT' && x.shipping_type === 'SELLER' && x.packages.length === 1,
		)!;
		const pkg = o.packages[0].id;
		expect((await c.post(`/fulfillment/202309/packages/${pkg}/ship`, {})).json.code).toBe(21001001);
		expect(
			(
				await c.post(`/fulfillment/202309/packages/${pkg}/ship`, {
					self_shipment: { tracking_number: 'ABC 123!', shipping_provider_id: providerFor(o.delivery_option_id).id },
				})
			).json.code,
		).toBe(21004012);
		expect(
			(
				await c.post(`/fulfillment/202309/packages/${pkg}/ship`, {
					self_shipment: { tracking_number: 'ABC123', shipping_provider_id: '7117000000000000000' },
				})
			).json.code,
		).toBe(21011022);
		const ok = await c.post(`/fulfillment/202309/packages/${pkg}/ship`, {
			self_shipment: {
				tracking_number: '9400111899560000000001',
				shipping_provider_id: providerFor(o.delivery_option_id).id,
			},
		});
		expect(ok.json.code).toBe(0);
		const rec = emu.state.orderById.get(o.id)!;
		expect(rec.status).toBe('IN_TRANSIT');
		expect(rec.packages[0].tracking_number).toBe('9400111899560000000001');
		const t = await c.get(`/fulfillment/202309/orders/${o.id}/tracking`);
		expect(t.json.code).toBe(0);
		expect(t.json.data.tracking.length).toBeGreaterThan(0);
		expect(t.json.data.tracking[0].update_time_millis).toBeGreaterThan(1e12);
	});

	test('ship only from AWAITING_SHIPMENT; unknown package → 21011028', async () => {
		const u = emu.state.shops[0].orders.find((x) => x.status === 'COMPLETED')!;
		expect((await c.post(`/fulfillment/202309/packages/${u.packages[0].id}/ship`, {})).json.code).toBe(21011040);
		const cx = emu.state.shops[0].orders.find((x) => x.status === 'CANCELLED' && x.paid_time > 0)!;
		expect((await c.post(`/fulfillment/202309/packages/${cx.packages[0].id}/ship`, {})).json.code).toBe(21011041);
		expect((await c.post('/fulfillment/202309/packages/1153000000000000000/ship', {})).json.code).toBe(21011028);
		const unpaid = emu.state.shops[0].orders.find((x) => x.status === 'UNPAID')!;
		expect((await c.post(`/fulfillment/202309/packages/${unpaid.packages[0].id}/ship`, {})).json.code).toBe(21011028);
	});

	test('mark package as shipped: partial split → PARTIALLY_SHIPPING, then the rest → IN_TRANSIT', async () => {
		const o = emu.state.shops[0].orders.find(
			(x) =>
				x.status === 'AWAITING_SHIPMENT' &&
				x.shipping_type === 'SELLER' &&
				x.lines.length >= 2 &&
				x.packages.length === 1,
		)!;
		const prov = providerFor(o.delivery_option_id).id;
		const first = o.lines[0].id;
		const r = await c.post(`/fulfillment/202309/orders/${o.id}/packages`, {
			tracking_number: 'TRK0001',
			shipping_provider_id: prov,
			order_line_item_ids: [first],
		});
		expect(r.json.code).toBe(0);
		expect(r.json.data).toMatchObject({ order_id: o.id, order_line_item_ids: [first] });
		expect(r.json.data.package_id).toMatch(/^\d+$/);
		expect(emu.state.orderById.get(o.id)!.status).toBe('PARTIALLY_SHIPPING');
		const det = (await c.get('/order/202309/orders', { query: { ids: o.id } })).json.data.orders[0];
		expect(det.packages).toHaveLength(2);
		expect(det.split_or_combine_tag).toBe('SPLIT');
		const again = await c.post(`/fulfillment/202309/orders/${o.id}/packages`, {
			tracking_number: 'TRK0002',
			shipping_provider_id: prov,
			order_line_item_ids: [first],
		});
		expect(again.json.code).toBe(21008099);
		const rest = await c.post(`/fulfillment/202309/orders/${o.id}/packages`, {
			tracking_number: 'TRK0002',
			shipping_provider_id: prov,
		});
		expect(rest.json.code).toBe(0);
		expect(emu.state.orderById.get(o.id)!.status).toBe('IN_TRANSIT');
		const shipped = await c.post(`/fulfillment/202309/orders/${o.id}/packages`, {
			tracking_number: 'TRK0003',
			shipping_provider_id: prov,
		});
		expect(shipped.json.code).toBe(21011020);
	});

	test('mark shipped: TikTok-shipped orders, missing fields, unknown order', async () => {
		const t = emu.state.shops[0].orders.find((x) => x.status === 'AWAITING_SHIPMENT' && x.shipping_type === 'TIKTOK')!;
		expect(
			(
				await c.post(`/fulfillment/202309/orders/${t.id}/packages`, {
					tracking_number: 'X1',
					shipping_provider_id: providerFor(t.delivery_option_id).id,
				})
			).json.code,
		).toBe(21008025);
		const r = await c.post(`/fulfillment/202309/orders/${t.id}/packages`, { shipping_provider_id: '1' });
		expect(r.status).toBe(400);
		expect(r.json.message).toMatch(/tracking_number/);
		expect(
			(
				await c.post('/fulfillment/202309/orders/576000000000000001/packages', {
					tracking_number: 'X',
					shipping_provider_id: '1',
				})
			).json.code,
		).toBe(21008111);
	});
});

describe('returns and cancellations', () => {
	test('returns search: page_size 10–50, paging to the end, filters', async () => {
		expect((await c.post('/return_refund/202309/returns/search', {}, { query: { page_size: 5 } })).json.code).toBe(
			36009004,
		);
		expect((await c.post('/return_refund/202309/returns/search', {}, { query: { page_size: 51 } })).json.code).toBe(
			36009004,
		);
		const total = emu.state.shops[0].returns.length;
		expect(total).toBeGreaterThan(10);
		const ids = new Set<string>();
		let token = '';
		let last = 0;
		do {
			const r = await c.post(
				'/return_refund/202309/returns/search',
				{},
				{ query: { page_size: 10, ...(token ? { page_token: token } : {}) } },
			);
			expect(r.json.code).toBe(0);
			expect(r.json.data.total_count).toBe(total);
			for (const x of r.json.data.return_orders) {
				ids.add(x.return_id);
				expect(x.create_time).toBeGreaterThanOrEqual(last); // default ASC
				last = x.create_time;
			}
			token = r.json.data.next_page_token;
		} while (token);
		expect(ids.size).toBe(total);
		const sample = emu.state.shops[0].returns[0];
		const byOrder = await c.post(
			'/return_refund/202309/returns/search',
			{ order_ids: [sample.order_id] },
			{ query: { page_size: 10 } },
		);
		const ret = byOrder.json.data.return_orders.find((x: { return_id: string }) => x.return_id === sample.return_id);
		expect(ret).toBeDefined();
		const order = emu.state.orderById.get(sample.order_id)!;
		for (const li of ret.return_line_items) expect(order.lines.map((l) => l.id)).toContain(li.order_line_item_id);
		expect(ret.refund_amount.refund_total).toMatch(/^\d+\.\d{2}$/);
		const byStatus = await c.post(
			'/return_refund/202309/returns/search',
			{ return_status: ['RETURN_OR_REFUND_REQUEST_COMPLETE'], return_types: ['REFUND', 'RETURN_AND_REFUND'] },
			{ query: { page_size: 50 } },
		);
		for (const x of byStatus.json.data.return_orders) expect(x.return_status).toBe('RETURN_OR_REFUND_REQUEST_COMPLETE');
		expect(
			(await c.post('/return_refund/202309/returns/search', { return_status: ['DONE'] }, {})).json.message,
		).toMatch(/return_status/);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('query.page_size must be in [10, 50], got 5'));
		expect(w).toContainEqual(expect.stringContaining('query.page_size must be in [10, 50], got 51'));
		expect(w).toContainEqual(expect.stringContaining('body.return_status[0] must be one of'));
	});

	test('return records', async () => {
		const r = emu.state.shops[0].returns.find((x) => x.history.length > 1)!;
		const rec = await c.get(`/return_refund/202309/returns/${r.return_id}/records`);
		expect(rec.json.code).toBe(0);
		expect(rec.json.data.records.length).toBe(r.history.length);
		expect(rec.json.data.records[0]).toMatchObject({
			role: expect.any(String),
			description: expect.any(String),
			create_time: expect.any(Number),
		});
		expect((await c.get('/return_refund/202309/returns/4035000000000000000/records')).json.code).not.toBe(0);
	});

	test('cancellations search: page_size 1–50, status filter uses the _CANCEL spelling', async () => {
		expect(
			(await c.post('/return_refund/202309/cancellations/search', {}, { query: { page_size: 0 } })).json.code,
		).toBe(36009004);
		const all = await c.post('/return_refund/202309/cancellations/search', {}, { query: { page_size: 50 } });
		expect(all.json.data.total_count).toBe(emu.state.shops[0].cancellations.length);
		const c0 = all.json.data.cancellations[0];
		expect(c0).toMatchObject({
			cancel_id: expect.stringMatching(/^\d{18}$/),
			order_id: expect.any(String),
			cancel_status: expect.any(String),
		});
		expect(c0.cancel_line_items[0].order_line_item_id).toBeTruthy();
		const pending = await c.post(
			'/return_refund/202309/cancellations/search',
			{ cancel_status: ['CANCELLATION_REQUEST_PENDING'] },
			{ query: { page_size: 50 } },
		);
		for (const x of pending.json.data.cancellations) expect(x.cancel_status).toBe('CANCELLATION_REQUEST_PENDING');
		expect(
			(
				await c.post(
					'/return_refund/202309/cancellations/search',
					{ cancel_status: ['CANCELLATION_REQUEST_CANCEL'] },
					{},
				)
			).json.code,
		).toBe(0);
		expect(
			(
				await c.post(
					'/return_refund/202309/cancellations/search',
					{ cancel_status: ['CANCELLATION_REQUEST_CANCELLED'] },
					{},
				)
			).json.code,
		).toBe(36009004);
		// values outside the reference's limits, sent on purpose
		const w = takeWarnings(emu);
		expect(w).toContainEqual(expect.stringContaining('query.page_size must be in [1, 50], got 0'));
		expect(w).toContainEqual(expect.stringContaining('body.cancel_status[0] must be one of'));
	});
});
