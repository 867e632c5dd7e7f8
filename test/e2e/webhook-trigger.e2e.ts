/**
 * TikTok Shop Trigger in a real n8n 2.41 server: published through n8n's public API, registered with the emulator's
 * Event API on activation, and fired by webhooks the EMULATOR signs and delivers (to https://n8n.example.test/...,
 * mapped to n8n's loopback port like a reverse proxy on 443).
 */
import { randomUUID } from 'crypto';

import {
	chain,
	connect,
	expectNoSecrets,
	outputOf,
	sleep,
	storedCredential,
	TIKTOK_TRIGGER,
	waitFor,
	webhookSignature,
	type E2e,
} from './support/helpers';
import { rt, type Execution } from './support/runtime';

/** How long to keep watching for an execution that must NOT appear (n8n starts one within ~100 ms). */
const QUIET_MS = 2500;

let e2e: E2e;
let workflowId: string;
let shop: { id: string; cipher: string };
const webhookId = randomUUID();
let publicUrl: string;
let localUrl: string;

interface Delivery {
	tts_notification_id: string;
	type: number;
	shop_id: string;
	address: string;
	body: string;
	signature: string;
	state: string;
	attempts: Array<{ attempt: number; url: string; status: number; ok: boolean; duplicate?: boolean }>;
}

async function executions(): Promise<Execution[]> {
	return await e2e.client.listExecutions({ workflowId, includeData: true, limit: 100 });
}

async function registeredAddress(eventType: string): Promise<string | undefined> {
	const hooks = (await e2e.admin('GET', '/webhooks')) as {
		shops: Record<string, Array<{ event_type: string; address: string }>>;
	};
	return (hooks.shops[shop.id] ?? []).find((registration) => registration.event_type === eventType)?.address;
}

async function deliveriesFor(orderId: string): Promise<Delivery[]> {
	const { deliveries } = (await e2e.admin('GET', `/webhooks/deliveries?type=1&shop_id=${shop.id}`)) as {
		deliveries: Delivery[];
	};
	return deliveries.filter(
		(delivery) => (JSON.parse(delivery.body) as { data: { order_id: string } }).data.order_id === orderId,
	);
}

/** Creates an order quietly, then moves it so the emulator sends (and signs) an ORDER_STATUS_CHANGE. */
async function orderStatusEvent(status: string): Promise<{ orderId: string; delivery: Delivery }> {
	const { orders } = (await e2e.admin('POST', '/orders', {
		shop_id: shop.id,
		count: 1,
		status: 'AWAITING_SHIPMENT',
		emit: false,
	})) as { orders: Array<{ id: string }> };
	const orderId = orders[0].id;
	await e2e.admin('POST', `/orders/${orderId}/status`, { status });
	const delivery = await waitFor(`the emulator's delivery for order ${orderId}`, async () => {
		const found = await deliveriesFor(orderId);
		return found.length === 1 && found[0].state === 'delivered' ? found[0] : undefined;
	});
	return { orderId, delivery };
}

beforeAll(async () => {
	e2e = await connect();
	shop = e2e.state.emulator.shops[0];
	publicUrl = `${e2e.state.n8n.publicWebhookBase}webhook/${webhookId}/webhook`;
	localUrl = `${e2e.state.n8n.url}/webhook/${webhookId}/webhook`;
	const workflow = await e2e.client.createWorkflow({
		name: 'E2E: TikTok Shop Trigger (order status)',
		nodes: [
			{
				id: randomUUID(),
				name: 'TikTok Shop Trigger',
				type: TIKTOK_TRIGGER,
				typeVersion: 1.1,
				position: [0, 0],
				webhookId,
				parameters: {
					shop: { __rl: true, mode: 'cipher', value: shop.cipher },
					events: ['ORDER_STATUS_CHANGE'],
					replaceExisting: true,
				},
				credentials: { tikTokShopApi: e2e.credential },
			},
			{
				id: randomUUID(),
				name: 'Received',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: chain('TikTok Shop Trigger', 'Received'),
		settings: { executionOrder: 'v1' },
	});
	workflowId = workflow.id;
});

afterAll(async () => {
	if (workflowId) {
		await e2e.client.deactivateWorkflow(workflowId).catch(() => undefined);
		await e2e.client.deleteWorkflow(workflowId).catch(() => undefined);
	}
});

test('publishing the workflow subscribes its public https URL through the Event API, and n8n serves it', async () => {
	const published = await e2e.client.activateWorkflow(workflowId);
	expect(published.active).toBe(true);
	// n8n 2.x registers the webhook in the background: the Event API subscription shows up shortly after
	const address = await waitFor('the Event API subscription', () => registeredAddress('ORDER_STATUS_CHANGE'), 30000);
	expect(address).toBe(publicUrl);
	await rt.waitForWebhook(localUrl, { timeoutMs: 30000 });
	expect(await executions()).toHaveLength(0);
});

test('an emulator-signed ORDER_STATUS_CHANGE starts exactly one execution with the normalized event', async () => {
	const { orderId, delivery } = await orderStatusEvent('CANCELLED');
	// the emulator signed it with the app secret and n8n answered 200
	expect(delivery.signature).toBe(
		webhookSignature(e2e.state.emulator.appKey, e2e.state.emulator.appSecret, delivery.body),
	);
	expect(delivery.attempts.filter((attempt) => attempt.ok).length).toBe(1);
	expect(delivery.attempts.find((attempt) => attempt.ok)?.status).toBe(200);

	const execution = await e2e.client.waitForExecution(workflowId, { timeoutMs: 20000 });
	expect(execution.status).toBe('success');
	expect(execution.mode).toBe('webhook');
	const [item] = outputOf(execution, 'TikTok Shop Trigger');
	expect(item).toMatchObject({
		event: 'ORDER_STATUS_CHANGE',
		type: 1,
		shop_id: shop.id,
		notification_id: delivery.tts_notification_id,
		data: { order_id: orderId, order_status: 'CANCELLED', order_status_raw: 'CANCEL' },
	});
	expect(outputOf(execution, 'Received')).toHaveLength(1);
	await sleep(QUIET_MS);
	expect(await executions()).toHaveLength(1);
});

test('an exact duplicate (same bytes, same signature, redelivered by the emulator) is answered 200 and starts nothing', async () => {
	const before = await executions();
	const { delivery } = await orderStatusEvent('IN_TRANSIT');
	const first = await waitFor('the execution of the original delivery', async () => {
		const list = await executions();
		return list.length === before.length + 1 && list.every((execution) => execution.status !== 'running')
			? list
			: undefined;
	});
	const attempt = (await e2e.admin('POST', '/webhooks/redeliver', {
		tts_notification_id: delivery.tts_notification_id,
	})) as { attempt: { status: number; ok: boolean; duplicate?: boolean } };
	expect(attempt.attempt).toMatchObject({ status: 200, ok: true, duplicate: true });
	await sleep(QUIET_MS);
	const after = await executions();
	expect(after.map((execution) => execution.id)).toEqual(first.map((execution) => execution.id));
	const notificationIds = after.map((execution) => outputOf(execution, 'TikTok Shop Trigger')[0]?.notification_id);
	expect(notificationIds.filter((id) => id === delivery.tts_notification_id)).toHaveLength(1);
});

test('a call with a wrong signature gets HTTP 401 and starts nothing; the same bytes correctly signed start one execution', async () => {
	const before = await executions();
	const notificationId = `7${Date.now()}${Math.floor(Math.random() * 1e5)}`.slice(0, 19);
	const { orders } = (await e2e.admin('POST', '/orders', {
		shop_id: shop.id,
		count: 1,
		status: 'AWAITING_SHIPMENT',
		emit: false,
	})) as { orders: Array<{ id: string }> };
	const body = JSON.stringify({
		type: 1,
		tts_notification_id: notificationId,
		shop_id: shop.id,
		timestamp: Math.floor(Date.now() / 1000),
		data: {
			order_id: orders[0].id,
			order_status: 'AWAITING_COLLECTION',
			is_on_hold_order: false,
			update_time: Math.floor(Date.now() / 1000),
		},
	});
	const { appKey, appSecret } = e2e.state.emulator;

	const forged = await rt.request('POST', localUrl, {
		body,
		headers: { authorization: webhookSignature(appKey, 'not-the-app-secret', body) },
	});
	expect(forged.status).toBe(401);
	const unsigned = await rt.request('POST', localUrl, { body });
	expect(unsigned.status).toBe(401);
	await sleep(QUIET_MS);
	expect(await executions()).toHaveLength(before.length);

	const genuine = await rt.request('POST', localUrl, {
		body,
		headers: { authorization: webhookSignature(appKey, appSecret, body) },
	});
	expect(genuine.status).toBe(200);
	const execution = await e2e.client.waitForExecution(workflowId, {
		exclude: before.map((e) => e.id),
		timeoutMs: 20000,
	});
	expect(outputOf(execution, 'TikTok Shop Trigger')[0]).toMatchObject({
		notification_id: notificationId,
		data: { order_id: orders[0].id, order_status: 'AWAITING_COLLECTION' },
	});
	await sleep(QUIET_MS);
	expect(await executions()).toHaveLength(before.length + 1);
});

test('concurrent deliveries: 40 events 10 at a time start 40 executions, and the same 40 again (retries) start none', async () => {
	const before = await executions();
	const { orders } = (await e2e.admin('POST', '/orders', {
		shop_id: shop.id,
		count: 40,
		status: 'AWAITING_SHIPMENT',
		emit: false,
	})) as { orders: Array<{ id: string }> };
	const { appKey, appSecret } = e2e.state.emulator;
	const now = Math.floor(Date.now() / 1000);
	const base = BigInt('7320000000000000000') + BigInt(Date.now()) * 1000n;
	const deliveries = orders.map((order, index) => {
		const body = JSON.stringify({
			type: 1,
			tts_notification_id: String(base + BigInt(index)),
			shop_id: shop.id,
			timestamp: now,
			data: { order_id: order.id, order_status: 'IN_TRANSIT', is_on_hold_order: false, update_time: now },
		});
		return { body, headers: { authorization: webhookSignature(appKey, appSecret, body) } };
	});
	const sendAll = async () => {
		const statuses: number[] = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: 10 }, async () => {
				while (next < deliveries.length) {
					const delivery = deliveries[next++];
					statuses.push((await rt.request('POST', localUrl, delivery)).status);
				}
			}),
		);
		return statuses;
	};
	expect(new Set(await sendAll())).toEqual(new Set([200]));
	const afterFirst = await waitFor('40 finished executions', async () => {
		const list = await executions();
		return list.length === before.length + 40 && list.every((execution) => execution.status === 'success')
			? list
			: undefined;
	});
	// TikTok's retries: exact duplicates, as fast as the first burst
	expect(new Set(await sendAll())).toEqual(new Set([200]));
	await sleep(QUIET_MS);
	expect((await executions()).length).toBe(afterFirst.length);
});

test('no secret reaches the stored executions', async () => {
	const list = await executions();
	expect(list.length).toBeGreaterThanOrEqual(3);
	const info = (await e2e.admin('GET', '/info')) as { accessToken: string; refreshToken: string };
	const stored = await storedCredential(e2e);
	expectNoSecrets(list, {
		'app secret': e2e.state.emulator.appSecret,
		"emulator's first access token": info.accessToken,
		"emulator's first refresh token": info.refreshToken,
		'stored access token': String(stored.accessToken ?? ''),
		'stored refresh token': String(stored.refreshToken ?? ''),
	});
	for (const execution of list)
		expectNoSecrets(await e2e.client.getExecution(execution.id), { 'app secret': e2e.state.emulator.appSecret });
});

test('unpublishing removes the Event API subscription', async () => {
	await e2e.client.deactivateWorkflow(workflowId);
	await waitFor(
		'the subscription to be removed',
		async () => (await registeredAddress('ORDER_STATUS_CHANGE')) === undefined,
		20000,
	);
});
