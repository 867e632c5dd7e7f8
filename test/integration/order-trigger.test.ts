/**
 * TikTok Shop Order Trigger through n8n-core's real PollContext + PollTriggerExecutor (harness) against the
 * emulator: several polls in a row with orders created and changed in between through the emulator's controls,
 * the node's static data carried from poll to poll as n8n persists it for an active workflow.
 */
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INodeParameters,
} from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, type RecordedRequest, type RunningEmulator } from '../../emulator';
import type { Order } from '../../emulator/types';
import { TikTokShopOrderTrigger } from '../../nodes/TikTokShopOrderTrigger/TikTokShopOrderTrigger.node';
import { createHarness, type Harness, type RunPollResult } from '../harness';
import { credentialData } from './order-support';

const TYPE = 'tikTokShopOrderTrigger';
const SEARCH = '/order/202309/orders/search';

let emu: RunningEmulator;
let harness: Harness;
let cipher: string;
/** The node's static data as n8n keeps it between the polls of an active workflow. */
let staticData: IDataObject;

// A fresh emulator per test: timestamps have one-second resolution, so orders one test creates would otherwise
// fall into the next test's first window.
beforeEach(async () => {
	emu = await startEmulator({ seed: 'order-trigger-it', orders: 80 });
	cipher = emu.shops[0].cipher;
	harness = createHarness({
		nodeTypes: { [TYPE]: new TikTokShopOrderTrigger() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: {
			tikTokShopApi: {
				id: 'cred-1',
				name: 'TikTok Shop account',
				data: credentialData(emu) as ICredentialDataDecryptedObject,
			},
		},
	});
	staticData = {};
});

afterEach(async () => {
	await emu.close();
});

/** One scheduled poll of the active workflow (or "Fetch Test Event" with mode manual). */
async function poll(parameters: INodeParameters = {}, mode: 'trigger' | 'manual' = 'trigger'): Promise<RunPollResult> {
	const result = await harness.runPoll({
		type: TYPE,
		mode,
		parameters: { shop: { __rl: true, mode: 'list', value: cipher }, ...parameters },
		staticData,
	});
	if (mode === 'trigger') staticData = result.staticData;
	return result;
}

const emittedIds = (result: RunPollResult): string[] =>
	(result.items?.[0] ?? []).map((item) => String((item.json.order as IDataObject).id));
const searches = (): RecordedRequest[] => emu.control.getRequests({ host: 'api', path_prefix: SEARCH });

function createOrders(count: number, extra: Parameters<RunningEmulator['control']['createOrders']>[0] = {}): string[] {
	return emu.control.createOrders({ count, emit: false, ...extra }).map((order) => String(order.id));
}

/** TikTok's order: by update_time, then id (what sort_field=update_time ASC returns). */
const byUpdateTime = (a: Order, b: Order) => a.update_time - b.update_time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('TikTok Shop Order Trigger', () => {
	it('first activation starts from now: emits nothing and searches nothing', async () => {
		const before = Math.floor(Date.now() / 1000);
		const result = await poll();
		expect(result.error).toBeUndefined();
		expect(result.items).toBeNull();
		expect(result.emitted).toBe(false);
		expect(staticData.cursor).toBeGreaterThanOrEqual(before);
		expect(staticData.cursor).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
		expect(staticData.since).toBe(staticData.cursor);
		expect(searches()).toHaveLength(0);
		// the orders generated before activation (some only seconds before) are never emitted
		const next = await poll();
		expect(next.items).toBeNull();
	});

	it('emits new orders once, oldest first, then each change once; overlapping windows give no duplicates', async () => {
		await poll();
		const ids = createOrders(3);
		const first = await poll();
		expect(first.error).toBeUndefined();
		expect(first.emitted).toBe(true);
		expect(emittedIds(first)).toEqual(
			ids
				.map((id) => emu.state.orderById.get(id)!)
				.sort(byUpdateTime)
				.map((order) => order.id),
		);
		expect(first.items![0][0].json).toMatchObject({
			event: 'NEW_OR_UPDATED_ORDER',
			shop_id: emu.state.shops[0].id,
			data: { order_status: 'UNPAID' },
		});
		expect(first.items![0][0].json.order).toMatchObject({
			status: 'UNPAID',
			payment: expect.objectContaining({ currency: expect.any(String) }),
		});
		const [call] = searches();
		expect(call.query).toMatchObject({ sort_field: 'update_time', sort_order: 'ASC', page_size: '100' });
		expect(call.body).toEqual({ update_time_ge: staticData.since });

		// the same window again (overlap): nothing new
		const again = await poll();
		expect(again.items).toBeNull();
		expect((searches()[1].body as IDataObject).update_time_ge).toBe(
			Math.max(Number(staticData.cursor) - 300, Number(staticData.since)),
		);

		emu.control.setOrderStatus(ids[1], 'AWAITING_SHIPMENT', { emit: false });
		const changed = await poll();
		expect(emittedIds(changed)).toEqual([ids[1]]);
		expect((changed.items![0][0].json.order as IDataObject).status).toBe('AWAITING_SHIPMENT');

		emu.control.setOrderStatus(ids[1], 'CANCELLED', { emit: false });
		emu.control.setOrderStatus(ids[2], 'AWAITING_SHIPMENT', { emit: false });
		const twoChanges = await poll();
		expect(emittedIds(twoChanges).sort()).toEqual([ids[1], ids[2]].sort());

		expect((await poll()).items).toBeNull();
	});

	it('catches an order TikTok lists late (update_time before the cursor, within the look-back window)', async () => {
		await poll();
		// an hour after activation
		emu.control.advanceClock(3600);
		const [recent] = createOrders(1);
		expect(emittedIds(await poll())).toEqual([recent]);
		const cursor = Number(staticData.cursor);
		// appears now, but with an update_time two minutes behind the cursor
		const [late] = createOrders(1, { create_time: cursor - 120 });
		expect(emu.state.orderById.get(late)!.update_time).toBe(cursor - 120);
		expect(emittedIds(await poll())).toEqual([late]);
		expect((await poll()).items).toBeNull();
	});

	it('a longer Look-Back Window catches orders listed later still', async () => {
		const options = { options: { lookBackMinutes: 15 } };
		await poll(options);
		emu.control.advanceClock(3600);
		const [recent] = createOrders(1);
		expect(emittedIds(await poll(options))).toEqual([recent]);
		const [late] = createOrders(1, { create_time: Number(staticData.cursor) - 600 });
		expect(emittedIds(await poll(options))).toEqual([late]);
		expect((searches().at(-1)!.body as IDataObject).update_time_ge).toBe(
			emu.state.orderById.get(recent)!.update_time - 900,
		);
		// and with the default 5 minutes it would have been missed
		expect(emu.state.orderById.get(late)!.update_time).toBeLessThan(emu.state.orderById.get(recent)!.update_time - 300);
	});

	it('reads every page: 250 new orders in one poll, each once', async () => {
		await poll();
		const ids = createOrders(250);
		const result = await poll();
		expect(emittedIds(result).sort()).toEqual([...ids].sort());
		expect(searches().map((call) => call.query.page_size)).toEqual(['100', '100', '100']);
		expect(searches()[1].query.page_token).toBeTruthy();
		expect((await poll()).items).toBeNull();
	});

	it('"New Order" emits each order once, whatever happens to it later', async () => {
		const parameters = { event: 'newOrder' };
		await poll(parameters);
		const ids = createOrders(2);
		expect(emittedIds(await poll(parameters)).sort()).toEqual([...ids].sort());
		expect(searches()[0].query).toMatchObject({ sort_field: 'create_time', sort_order: 'ASC' });
		expect(Object.keys(searches()[0].body as IDataObject)).toEqual(['create_time_ge']);
		emu.control.setOrderStatus(ids[0], 'AWAITING_SHIPMENT', { emit: false });
		expect((await poll(parameters)).items).toBeNull();
		const [third] = createOrders(1);
		expect(emittedIds(await poll(parameters))).toEqual([third]);
	});

	it('passes the status and shipping type filters to TikTok', async () => {
		const parameters = { filters: { orderStatus: 'AWAITING_SHIPMENT', shippingType: 'SELLER' } };
		await poll(parameters);
		const wanted = createOrders(2, { status: 'AWAITING_SHIPMENT', shipping_type: 'SELLER' });
		createOrders(1, { status: 'AWAITING_SHIPMENT', shipping_type: 'TIKTOK' });
		const [unpaid] = createOrders(1, { status: 'UNPAID', shipping_type: 'SELLER' });
		const result = await poll(parameters);
		expect(emittedIds(result).sort()).toEqual([...wanted].sort());
		expect(searches()[0].body).toMatchObject({ order_status: 'AWAITING_SHIPMENT', shipping_type: 'SELLER' });
		// once paid, the unpaid order reaches the filter and is emitted
		emu.control.setOrderStatus(unpaid, 'AWAITING_SHIPMENT', { emit: false });
		expect(emittedIds(await poll(parameters))).toEqual([unpaid]);
	});

	it('Start From: the first poll emits everything updated since that date, and changing it starts over', async () => {
		const since = Math.floor(Date.now() / 1000) - 30 * 86400;
		const parameters = { options: { startFrom: new Date(since * 1000).toISOString() } };
		const expected = emu.state.shops[0].orders
			.filter((order) => order.update_time >= since)
			.sort(byUpdateTime)
			.map((order) => order.id);
		expect(expected.length).toBeGreaterThan(5);
		const first = await poll(parameters);
		expect(emittedIds(first)).toEqual(expected);
		expect(searches()[0].body).toEqual({ update_time_ge: since });
		expect((await poll(parameters)).items).toBeNull();

		const later = since + 20 * 86400;
		const restarted = await poll({ options: { startFrom: new Date(later * 1000).toISOString() } });
		expect(emittedIds(restarted)).toEqual(
			emu.state.shops[0].orders
				.filter((order) => order.update_time >= later)
				.sort(byUpdateTime)
				.map((order) => order.id),
		);
	});

	it('"Fetch Test Event" returns the latest few orders and leaves the cursor alone', async () => {
		await poll();
		createOrders(1);
		const active = { ...staticData };
		const sample = await poll({}, 'manual');
		expect(sample.error).toBeUndefined();
		const latest = [...emu.state.shops[0].orders]
			.sort(byUpdateTime)
			.reverse()
			.slice(0, 5)
			.map((order) => order.id);
		expect(emittedIds(sample)).toEqual(latest);
		expect(searches()[0].query).toMatchObject({ sort_field: 'update_time', sort_order: 'DESC', page_size: '5' });
		expect(sample.staticData).toEqual(active);
		// the new order is still emitted by the next scheduled poll
		expect((await poll()).items?.[0]).toHaveLength(1);
	});

	it('an API failure emits nothing and keeps the cursor; the next poll catches up', async () => {
		await poll();
		const ids = createOrders(2);
		const before = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		emu.control.injectFault({ kind: '500', count: 6, path_prefix: SEARCH });
		const failed = await poll();
		expect(failed.emitted).toBe(false);
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error?.message).toContain('TikTok Shop error 36009003');
		expect(String(failed.error?.description)).toContain('Try again later');
		expect(staticData).toEqual(before);

		const recovered = await poll();
		expect(recovered.error).toBeUndefined();
		expect(emittedIds(recovered).sort()).toEqual([...ids].sort());
	}, 60000);

	it('asks which shop to watch when the credential covers several, before any order search', async () => {
		const result = await harness.runPoll({ type: TYPE, parameters: { shop: { __rl: true, mode: 'list', value: '' } } });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Choose a shop: this credential covers 2 shops');
		expect(result.staticData).toEqual({});
		expect(searches()).toHaveLength(0);
	});

	it('rejects a negative Look-Back Window before calling TikTok', async () => {
		const result = await poll({ options: { lookBackMinutes: -5 } });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Look-Back Window must be zero or more minutes');
		expect(emu.control.getRequests({ host: 'api' })).toHaveLength(0);
	});
});
