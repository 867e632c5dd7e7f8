/**
 * TikTok Shop Trigger through n8n-core's real HookContext / WebhookContext (harness) against the emulator:
 * Event API registration on activation, and real signed deliveries. The emulator pushes its webhooks to the
 * public-looking n8n URL (https://n8n.example.test/...), rewritten to a loopback server that hands each request
 * to `harness.runWebhook` the way n8n's webhook server would, keeping the workflow's static data between calls.
 */
import http from 'http';
import type { AddressInfo } from 'net';

import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INodeParameters,
} from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, webhookSignature, type Notification, type RunningEmulator } from '../../emulator';
import { TikTokShopTrigger } from '../../nodes/TikTokShopTrigger/TikTokShopTrigger.node';
import { DELIVERY_LOG_SAVE_INTERVAL_MS, forgetProcessDeliveryLogs } from '../../nodes/TikTokShopTrigger/dedupe';
import { createHarness, type Harness, type RunWebhookResult, type WebhookMethodOptions } from '../harness';
import { credentialData } from './order-support';

const TYPE = 'tikTokShopTrigger';
const PUBLIC = 'https://n8n.example.test';
/** The harness gives webhook nodes this webhookId unless told otherwise. */
const WEBHOOK_ID = '5f0c9a5e-1c2b-4d55-9a7e-6b1de1c3a001';
const PROD_URL = `${PUBLIC}/webhook/${WEBHOOK_ID}/webhook`;
const TEST_URL = `${PUBLIC}/webhook-test/${WEBHOOK_ID}/webhook`;
const OTHER_SYSTEM = 'https://oms.example.com/tiktok/webhooks';
const EVENT_API = '/event/202309/webhooks';

let emu: RunningEmulator;
let harness: Harness;
let receiver: http.Server;
let shopId: string;
let cipher: string;

/** What n8n keeps for the workflow: the node's parameters and its static data (persisted between calls). */
const workflow: { parameters: INodeParameters; staticData: IDataObject } = { parameters: {}, staticData: {} };
/** Every webhook call the receiver handled, and those that started an execution. */
const calls: RunWebhookResult[] = [];
const executions: RunWebhookResult[] = [];
/** Makes the receiver answer the next delivery late (after the emulator's 1 s answer timeout). */
let delayNextAnswerMs = 0;

async function receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const testUrl = (req.url ?? '').startsWith('/webhook-test/');
	const result = await harness.runWebhook({
		type: TYPE,
		parameters: workflow.parameters,
		staticData: workflow.staticData,
		mode: testUrl ? 'manual' : 'webhook',
		request: { headers: req.headers, rawBody: Buffer.concat(chunks), path: req.url },
	});
	workflow.staticData = result.staticData;
	calls.push(result);
	if (result.response?.workflowData) executions.push(result);
	const delay = delayNextAnswerMs;
	delayNextAnswerMs = 0;
	if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
	// what n8n answers: the node's own response, its default, or 500 when webhook() threw
	const answer = result.n8nResponse ?? { statusCode: 500, body: { message: result.error?.message } };
	res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
	res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? ''));
}

beforeAll(async () => {
	receiver = http.createServer((req, res) => {
		receive(req, res).catch((error: Error) => {
			res.writeHead(500);
			res.end(error.message);
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	const port = (receiver.address() as AddressInfo).port;
	emu = await startEmulator({
		seed: 'webhook-trigger-it',
		orders: 40,
		webhookRewrites: { [`${PUBLIC}/`]: `http://127.0.0.1:${port}/` },
		webhookTimeoutMs: 1000,
		// TikTok's 2 min first retry becomes 0.12 s
		webhookRetryScale: 0.001,
	});
	shopId = emu.shops[0].id;
	cipher = emu.shops[0].cipher;
	harness = createHarness({
		nodeTypes: { [TYPE]: new TikTokShopTrigger() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: {
			tikTokShopApi: {
				id: 'cred-1',
				name: 'TikTok Shop account',
				data: credentialData(emu) as ICredentialDataDecryptedObject,
			},
		},
		webhookBaseUrl: `${PUBLIC}/webhook`,
		webhookTestBaseUrl: `${PUBLIC}/webhook-test`,
	});
});

afterAll(async () => {
	await emu.close();
	await new Promise<void>((resolve) => {
		receiver.close(() => resolve());
		receiver.closeAllConnections();
	});
});

beforeEach(() => {
	emu.state.shopWebhooks.clear();
	emu.control.setAppWebhooks([]);
	emu.control.clearDeliveries();
	emu.control.clearFaults();
	emu.control.clearRequests();
	workflow.parameters = {};
	workflow.staticData = {};
	calls.length = 0;
	executions.length = 0;
	delayNextAnswerMs = 0;
});

function parameters(extra: INodeParameters = {}): INodeParameters {
	return { shop: { __rl: true, mode: 'list', value: cipher }, events: ['ORDER_STATUS_CHANGE'], ...extra };
}

type HookOptions = Partial<Omit<WebhookMethodOptions, 'method' | 'type' | 'parameters'>>;

/** What n8n does when the workflow is activated (production) or "Listen for test event" is clicked (manual). */
async function activate(extra: INodeParameters = {}, options: HookOptions = {}) {
	workflow.parameters = parameters(extra);
	const outcome = await harness.activateWebhook({
		type: TYPE,
		parameters: workflow.parameters,
		staticData: workflow.staticData,
		...options,
	});
	workflow.staticData = (outcome.created ?? outcome.checkExists).staticData;
	return outcome;
}

/** What n8n does on deactivation (or when a test listener ends): `delete`, in internal mode. */
async function deactivate(options: HookOptions = {}) {
	const result = await harness.runWebhookMethod({
		type: TYPE,
		method: 'delete',
		parameters: workflow.parameters,
		staticData: workflow.staticData,
		mode: 'internal',
		activation: 'update',
		isTest: false,
		...options,
	});
	workflow.staticData = result.staticData;
	return result;
}

function registered(shop = shopId): Record<string, string> {
	return Object.fromEntries(
		[...(emu.state.shopWebhooks.get(shop)?.values() ?? [])].map((r) => [r.event_type, r.address]),
	);
}

function registerForeign(eventType: string, address = OTHER_SYSTEM, shop = shopId): void {
	let map = emu.state.shopWebhooks.get(shop);
	if (!map) {
		map = new Map();
		emu.state.shopWebhooks.set(shop, map);
	}
	map.set(eventType, { event_type: eventType, address, create_time: 1, update_time: 1 });
}

const eventApiCalls = (method?: string) =>
	emu.control.getRequests({ host: 'api', path_prefix: EVENT_API, ...(method ? { method } : {}) });

async function delivered(notifications: Notification[], attempts = 1, timeoutMs = 8000): Promise<Notification> {
	expect(notifications).toHaveLength(1);
	const [n] = await emu.control.waitForDeliveries(
		{ tts_notification_id: notifications[0].tts_notification_id, attempts },
		timeoutMs,
	);
	return n;
}

/** Changes an order's status in the emulator and returns the webhook notifications that emitted. */
function changeOrder(
	orderId: string,
	status: Parameters<RunningEmulator['control']['setOrderStatus']>[1],
): Notification[] {
	const before = emu.control.getDeliveries({ type: 1 }).length;
	emu.control.setOrderStatus(orderId, status);
	return emu.control.getDeliveries({ type: 1 }).slice(before);
}

function newOrder(): string {
	const [order] = emu.control.createOrders({ status: 'UNPAID', emit: false });
	return String(order.id);
}

describe('registration (Automatic, Event API)', () => {
	it('registers every chosen event on an empty shop, and checkExists is true afterwards', async () => {
		const first = await activate({ events: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'] });
		expect(first.checkExists.error).toBeUndefined();
		expect(first.existed).toBe(false);
		expect(first.created?.error).toBeUndefined();
		expect(first.created?.result).toBe(true);
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: PROD_URL, RETURN_STATUS_CHANGE: PROD_URL });
		expect(eventApiCalls('PUT').map((call) => call.body)).toEqual([
			{ address: PROD_URL, event_type: 'ORDER_STATUS_CHANGE' },
			{ address: PROD_URL, event_type: 'RETURN_STATUS_CHANGE' },
		]);
		expect(workflow.staticData.registration).toEqual({
			address: PROD_URL,
			shopCipher: cipher,
			eventTypes: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'],
			replaced: {},
		});

		emu.control.clearRequests();
		const again = await activate({ events: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'] });
		expect(again.existed).toBe(true);
		expect(again.created).toBeUndefined();
		expect(eventApiCalls().map((call) => call.method)).toEqual(['GET']);
	});

	it('checkExists is false when only some of the chosen events go to this workflow, and create adds the rest', async () => {
		await activate({ events: ['ORDER_STATUS_CHANGE'] });
		emu.control.clearRequests();
		const outcome = await activate({ events: ['ORDER_STATUS_CHANGE', 'PACKAGE_UPDATE'] });
		expect(outcome.existed).toBe(false);
		expect(eventApiCalls('PUT').map((call) => (call.body as IDataObject).event_type)).toEqual(['PACKAGE_UPDATE']);
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: PROD_URL, PACKAGE_UPDATE: PROD_URL });
	});

	it('refuses to take events another address holds, says which and how to proceed, and changes nothing', async () => {
		registerForeign('RETURN_STATUS_CHANGE');
		const outcome = await activate({ events: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'] });
		const error = outcome.created?.error;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			`TikTok Shop already sends RETURN_STATUS_CHANGE to ${OTHER_SYSTEM} for this shop. Turn on 'Replace Existing Subscriptions' to take over, or choose other events`,
		);
		expect(String(error?.description)).toContain(`RETURN_STATUS_CHANGE → ${OTHER_SYSTEM}`);
		expect(String(error?.description)).toContain("turn on 'Replace Existing Subscriptions'");
		expect(String(error?.description)).toContain('Nothing was changed');
		// not even the free ORDER_STATUS_CHANGE was registered
		expect(registered()).toEqual({ RETURN_STATUS_CHANGE: OTHER_SYSTEM });
		expect(eventApiCalls().map((call) => call.method)).toEqual(['GET', 'GET']);
		expect(workflow.staticData.registration).toBeUndefined();
	});

	it('with Replace Existing Subscriptions takes the event over, and gives it back on deactivation', async () => {
		registerForeign('ORDER_STATUS_CHANGE');
		const outcome = await activate({ events: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'], replaceExisting: true });
		expect(outcome.created?.error).toBeUndefined();
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: PROD_URL, RETURN_STATUS_CHANGE: PROD_URL });
		expect((workflow.staticData.registration as IDataObject).replaced).toEqual({ ORDER_STATUS_CHANGE: OTHER_SYSTEM });

		emu.control.clearRequests();
		const removed = await deactivate();
		expect(removed.error).toBeUndefined();
		expect(removed.result).toBe(true);
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: OTHER_SYSTEM });
		expect(eventApiCalls('PUT').map((call) => call.body)).toEqual([
			{ address: OTHER_SYSTEM, event_type: 'ORDER_STATUS_CHANGE' },
		]);
		expect(eventApiCalls('DELETE').map((call) => call.body)).toEqual([{ event_type: 'RETURN_STATUS_CHANGE' }]);
		expect(workflow.staticData.registration).toBeUndefined();
	});

	it('when TikTok fails halfway through, undoes what it registered and gives taken-over events back', async () => {
		registerForeign('ORDER_STATUS_CHANGE');
		// make TikTok fail (every retry) from the third subscription on: hook the emulator's request log
		const log = emu.control.log;
		const add = log.add.bind(log);
		let puts = 0;
		log.add = (record) => {
			const stored = add(record);
			if (record.method === 'PUT' && ++puts === 2)
				emu.control.injectFault({ kind: '500', count: 6, path_prefix: EVENT_API });
			return stored;
		};
		try {
			const outcome = await activate({
				events: ['ORDER_STATUS_CHANGE', 'PACKAGE_UPDATE', 'RETURN_STATUS_CHANGE'],
				replaceExisting: true,
			});
			expect(outcome.created?.error?.message).toContain('TikTok Shop error 36009003');
		} finally {
			log.add = add;
		}
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: OTHER_SYSTEM });
		expect(eventApiCalls('DELETE').map((call) => call.body)).toEqual([{ event_type: 'PACKAGE_UPDATE' }]);
		expect(workflow.staticData.registration).toBeUndefined();
	}, 60000);

	it('asks for at least one event before calling TikTok', async () => {
		const outcome = await activate({ events: [] });
		expect(outcome.created?.error?.message).toBe('Choose at least one event');
		expect(eventApiCalls()).toHaveLength(0);
	});

	it('deactivation removes only the events that still point at this workflow', async () => {
		registerForeign('PRODUCT_CREATION', 'https://catalog.example.com/hook');
		await activate({ events: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE', 'PACKAGE_UPDATE'] });
		// meanwhile another system took RETURN_STATUS_CHANGE over
		registerForeign('RETURN_STATUS_CHANGE');
		emu.control.clearRequests();
		const removed = await deactivate();
		expect(removed.error).toBeUndefined();
		expect(registered()).toEqual({
			PRODUCT_CREATION: 'https://catalog.example.com/hook',
			RETURN_STATUS_CHANGE: OTHER_SYSTEM,
		});
		expect(
			eventApiCalls('DELETE')
				.map((call) => (call.body as IDataObject).event_type)
				.sort(),
		).toEqual(['ORDER_STATUS_CHANGE', 'PACKAGE_UPDATE']);
		expect(eventApiCalls('PUT')).toHaveLength(0);
	});

	it('deactivation still cleans up after the static data was lost (found through checkExists)', async () => {
		await activate({ events: ['ORDER_STATUS_CHANGE'] });
		workflow.staticData = {};
		// n8n restarts with an empty static data: checkExists sees our URL and re-records it
		const outcome = await activate({ events: ['ORDER_STATUS_CHANGE'] });
		expect(outcome.existed).toBe(true);
		expect((workflow.staticData.registration as IDataObject).eventTypes).toEqual(['ORDER_STATUS_CHANGE']);
		await deactivate();
		expect(registered()).toEqual({});
	});

	it('registers the authorization events the Event API accepts', async () => {
		const outcome = await activate({ events: ['SELLER_DEAUTHORIZATION', 'UPCOMING_AUTHORIZATION_EXPIRATION'] });
		expect(outcome.created?.error).toBeUndefined();
		expect(registered()).toEqual({ SELLER_DEAUTHORIZATION: PROD_URL, UPCOMING_AUTHORIZATION_EXPIRATION: PROD_URL });
	});

	it.each([
		['http (n8n default)', 'http://n8n.example.test/webhook/x/webhook', 'it uses http instead of https'],
		['an IP address', 'https://203.0.113.10/webhook/x/webhook', 'IP address'],
		['a port', 'https://n8n.example.test:5678/webhook/x/webhook', 'it contains a port (:5678)'],
	])('fails activation for a URL with %s, explains the fix and makes no Event API call', async (_, url, problem) => {
		const outcome = await activate({}, { webhookUrl: url });
		expect(outcome.existed).toBe(false);
		const error = outcome.created?.error;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toMatch(
			/^n8n's webhook URL cannot receive TikTok Shop webhooks: .*Set n8n's WEBHOOK_URL to a public https address served on port 443/,
		);
		expect(error?.message).toContain(problem);
		expect(String(error?.description)).toContain(problem);
		expect(String(error?.description)).toContain('WEBHOOK_URL');
		expect(String(error?.description)).toContain('reverse proxy');
		expect(eventApiCalls()).toHaveLength(0);
		expect(registered()).toEqual({});
		// n8n 2.41 calls delete after a failed create (and retries the activation): still no call
		const removed = await deactivate({ webhookUrl: url });
		expect(removed.result).toBe(true);
		expect(eventApiCalls()).toHaveLength(0);
	});

	it('"Registered in Partner Center" makes no API call on activation or deactivation, whatever the URL', async () => {
		const outcome = await activate(
			{ registration: 'partnerCenter' },
			{ webhookUrl: 'http://localhost:5678/webhook/x/webhook' },
		);
		expect(outcome.existed).toBe(true);
		expect(outcome.checkExists.error).toBeUndefined();
		const created = await harness.runWebhookMethod({ type: TYPE, method: 'create', parameters: workflow.parameters });
		expect(created.result).toBe(true);
		const removed = await deactivate();
		expect(removed.result).toBe(true);
		expect(emu.control.getRequests({ host: 'api' })).toHaveLength(0);
		expect(registered()).toEqual({});
	});
});

describe('registration for test events ("Listen for test event")', () => {
	const testMode: HookOptions = { mode: 'manual', activation: 'manual' };

	it('registers the test URL on free event types and removes it when the listener ends', async () => {
		const outcome = await activate({}, testMode);
		expect(outcome.created?.error).toBeUndefined();
		expect(outcome.created?.webhookUrl).toBe(TEST_URL);
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: TEST_URL });
		// a test listener records nothing that could outlive it
		expect(workflow.staticData.registration).toBeUndefined();
		const removed = await deactivate({ isTest: true });
		expect(removed.error).toBeUndefined();
		expect(registered()).toEqual({});
	});

	it('refuses while the active workflow holds the events, so production keeps receiving them', async () => {
		await activate();
		const productionState = workflow.staticData;
		emu.control.clearRequests();
		const outcome = await activate({}, testMode);
		const error = outcome.created?.error;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe(
			'This workflow is active and already receives ORDER_STATUS_CHANGE from TikTok Shop: deactivate it before listening for test events',
		);
		expect(String(error?.description)).toContain('deactivate the workflow first');
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: PROD_URL });
		expect(eventApiCalls('PUT')).toHaveLength(0);
		// and the listener's end does not touch the production registration
		workflow.staticData = productionState;
		await deactivate({ isTest: true });
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: PROD_URL });
	});

	it('never takes events from another address, even with Replace Existing Subscriptions', async () => {
		registerForeign('ORDER_STATUS_CHANGE');
		const outcome = await activate({ replaceExisting: true }, testMode);
		expect(outcome.created?.error).toBeInstanceOf(NodeOperationError);
		expect(outcome.created?.error?.message).toBe(
			`TikTok Shop already sends ORDER_STATUS_CHANGE to ${OTHER_SYSTEM}: a test listener never takes events from another address`,
		);
		expect(String(outcome.created?.error?.description)).toContain('never takes events away from another address');
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: OTHER_SYSTEM });
	});

	it('on activation, takes back a test URL left behind by an interrupted test listener without asking', async () => {
		registerForeign('ORDER_STATUS_CHANGE', TEST_URL);
		const outcome = await activate();
		expect(outcome.created?.error).toBeUndefined();
		expect(registered()).toEqual({ ORDER_STATUS_CHANGE: PROD_URL });
		// and deactivation deletes it rather than "restoring" the stale test URL
		await deactivate();
		expect(registered()).toEqual({});
	});
});

describe('deliveries', () => {
	it('starts one execution for a correctly signed event, with CANCEL normalized to CANCELLED', async () => {
		await activate();
		const orderId = newOrder();
		const n = await delivered(changeOrder(orderId, 'CANCELLED'));
		expect(JSON.parse(n.body).data.order_status).toBe('CANCEL');
		expect(n.attempts[0]).toMatchObject({ status: 200, ok: true });
		expect(executions).toHaveLength(1);
		const [[item]] = executions[0].response!.workflowData!;
		expect(item.json).toEqual({
			event: 'ORDER_STATUS_CHANGE',
			type: 1,
			shop_id: shopId,
			notification_id: n.tts_notification_id,
			timestamp: JSON.parse(n.body).timestamp,
			time: new Date(JSON.parse(n.body).timestamp * 1000).toISOString(),
			data: {
				order_id: orderId,
				order_status: 'CANCELLED',
				order_status_raw: 'CANCEL',
				is_on_hold_order: false,
				update_time: expect.any(Number),
			},
		});
		// the node answers TikTok itself: n8n 2.x saves the delivery log (static data) only then (test/e2e/webhook-trigger.e2e.ts)
		expect(executions[0].n8nResponse).toEqual({ statusCode: 200, body: '', fromNode: true });
	});

	it('answers 401 and starts nothing for a missing, tampered or wrongly keyed signature', async () => {
		await activate();
		const n = await delivered(changeOrder(newOrder(), 'AWAITING_SHIPMENT'));
		const attempt = async (headers: Record<string, string>, rawBody = n.body) =>
			await harness.runWebhook({
				type: TYPE,
				parameters: workflow.parameters,
				staticData: {},
				request: { headers: { 'content-type': 'application/json', ...headers }, rawBody },
			});

		const cases = [
			await attempt({}),
			await attempt({ authorization: '' }),
			await attempt({ authorization: n.signature }, n.body.replace('AWAITING_SHIPMENT', 'CANCEL')),
			await attempt({ authorization: webhookSignature(emu.appKey, 'not-the-app-secret', n.body) }),
			await attempt({ authorization: webhookSignature('another-app-key', emu.appSecret, n.body) }),
		];
		for (const result of cases) {
			expect(result.error).toBeUndefined();
			expect(result.response).toEqual({ noWebhookResponse: true });
			expect(result.http.statusCode).toBe(401);
			expect(result.http.body).toBe('Invalid signature');
			expect(result.staticData).toEqual({});
		}
		// the genuine one, for contrast, runs
		const genuine = await attempt({ authorization: n.signature });
		expect(genuine.response?.workflowData?.[0]).toHaveLength(1);
	});

	it('an exact re-delivery of the same notification starts no second execution', async () => {
		await activate();
		const n = await delivered(changeOrder(newOrder(), 'AWAITING_SHIPMENT'));
		expect(executions).toHaveLength(1);
		const again = await emu.control.redeliver(n.tts_notification_id);
		expect(again).toMatchObject({ status: 200, duplicate: true });
		expect(calls).toHaveLength(2);
		expect(calls[1].response).toEqual({ noWebhookResponse: true });
		expect(calls[1].http.statusCode).toBe(200);
		expect(executions).toHaveLength(1);
	});

	it("TikTok's retry after a late answer starts no second execution, and the retry gets its 200", async () => {
		await activate();
		delayNextAnswerMs = 1500;
		const notifications = changeOrder(newOrder(), 'AWAITING_SHIPMENT');
		const n = await delivered(notifications, 2);
		expect(n.attempts.map((a) => a.status)).toEqual([0, 200]);
		expect(n.attempts[0].error).toMatch(/no answer within 1000 ms/);
		expect(n.state).toBe('delivered');
		expect(calls).toHaveLength(2);
		expect(executions).toHaveLength(1);
	});

	it('an event without a notification id is deduplicated on its exact body', async () => {
		await activate({ events: ['RECIPIENT_ADDRESS_UPDATE'] });
		const body = JSON.stringify({
			type: 3,
			shop_id: shopId,
			timestamp: 1644412885,
			data: { order_id: '576486316948490001', update_time: 1644412885 },
		});
		const send = async () =>
			await harness
				.runWebhook({
					type: TYPE,
					parameters: workflow.parameters,
					staticData: workflow.staticData,
					request: {
						headers: {
							'content-type': 'application/json',
							authorization: webhookSignature(emu.appKey, emu.appSecret, body),
						},
						rawBody: body,
					},
				})
				.then((result) => {
					workflow.staticData = result.staticData;
					return result;
				});
		const first = await send();
		const second = await send();
		expect(first.response?.workflowData?.[0][0].json).toMatchObject({
			event: 'RECIPIENT_ADDRESS_UPDATE',
			notification_id: null,
			data: { order_id: '576486316948490001' },
		});
		expect(second.response).toEqual({ noWebhookResponse: true });
		expect(second.http.statusCode).toBe(200);
	});

	it('a burst writes the delivery log at most once a second; after a restart (empty process memory) the written log still refuses every redelivery', async () => {
		await activate();
		const bodies = Array.from({ length: 30 }, (_, index) =>
			JSON.stringify({
				type: 1,
				tts_notification_id: `73100000000000${String(index).padStart(5, '0')}`,
				shop_id: shopId,
				timestamp: 1644412885,
				data: {
					order_id: `5764863169484${String(index).padStart(5, '0')}`,
					order_status: 'IN_TRANSIT',
					update_time: 1644412885,
				},
			}),
		);
		let writes = 0;
		const send = async (body: string) => {
			const result = await harness.runWebhook({
				type: TYPE,
				// a saved workflow keeps its id; the trigger's memory is per workflow and node
				workflowId: 'burst-wf',
				parameters: workflow.parameters,
				staticData: workflow.staticData,
				request: {
					headers: {
						'content-type': 'application/json',
						authorization: webhookSignature(emu.appKey, emu.appSecret, body),
					},
					rawBody: body,
				},
			});
			if (result.staticDataChanged) writes += 1;
			workflow.staticData = result.staticData;
			expect(result.http.statusCode).toBe(200);
			return result;
		};
		const started = Date.now();
		const first = [];
		for (const body of bodies) first.push(await send(body));
		const seconds = (Date.now() - started) / 1000;
		expect(first.filter((result) => result.response?.workflowData)).toHaveLength(30);
		expect(writes).toBeGreaterThanOrEqual(1);
		expect(writes).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
		// the same 30 again, in this process: none runs (memory), and one of them writes what was not yet written
		await new Promise((resolve) => setTimeout(resolve, DELIVERY_LOG_SAVE_INTERVAL_MS));
		for (const body of bodies) expect((await send(body)).response?.workflowData).toBeUndefined();
		const stored = workflow.staticData.deliveries as IDataObject | undefined;
		expect(Object.keys(stored ?? {})).toHaveLength(30);
		// n8n restarted (or another n8n process): only the written log is left, and it refuses them all
		forgetProcessDeliveryLogs();
		for (const body of bodies) expect((await send(body)).response?.workflowData).toBeUndefined();
	});

	it('keeps an unquoted product ID beyond 2^53 exact', async () => {
		await activate({ events: ['PRODUCT_STATUS_CHANGE'] });
		const notifications = emu.control.sendEvent({
			type: 5,
			data: {
				product_id: '576486316948490000123',
				status: 'PRODUCT_AUDIT_FAILURE',
				suspended_reason: 'Image',
				update_time: 1644412885,
			},
			raw_number_fields: ['product_id'],
		});
		const n = await delivered(notifications);
		expect(n.body).toContain('"product_id":576486316948490000123,');
		expect(executions).toHaveLength(1);
		expect(executions[0].response!.workflowData![0][0].json.data).toEqual({
			product_id: '576486316948490000123',
			status: 'PRODUCT_AUDIT_FAILURE',
			suspended_reason: 'Image',
			update_time: 1644412885,
		});
	});

	it('order status filter: other statuses get their 200 but start nothing', async () => {
		await activate({ orderStatuses: ['CANCELLED'] });
		const orderId = newOrder();
		await delivered(changeOrder(orderId, 'AWAITING_SHIPMENT'));
		expect(executions).toHaveLength(0);
		expect(calls[0].http.statusCode).toBe(200);
		emu.control.clearDeliveries();
		await delivered(changeOrder(orderId, 'CANCELLED'));
		expect(executions).toHaveLength(1);
		expect(executions[0].response!.workflowData![0][0].json.data).toMatchObject({
			order_id: orderId,
			order_status: 'CANCELLED',
		});
	});

	it('return status filter and event selection', async () => {
		await activate({ events: ['RETURN_STATUS_CHANGE'], returnStatuses: ['RETURN_OR_REFUND_REQUEST_PENDING'] });
		const orderId = newOrder();
		emu.control.setOrderStatus(orderId, 'DELIVERED', { emit: false });
		// ORDER_STATUS_CHANGE is not selected, so not registered: TikTok sends nothing
		expect(changeOrder(orderId, 'COMPLETED')).toEqual([]);
		const ret = emu.control.createReturn({ order_id: orderId, return_type: 'REFUND' });
		await emu.control.waitForDeliveries({ type: 12, count: 1 }, 8000);
		expect(executions).toHaveLength(1);
		expect(executions[0].response!.workflowData![0][0].json).toMatchObject({
			event: 'RETURN_STATUS_CHANGE',
			type: 12,
			data: { return_id: ret.return_id, order_id: orderId, return_status: 'RETURN_OR_REFUND_REQUEST_PENDING' },
		});
		emu.control.clearDeliveries();
		emu.control.setReturnStatus(String(ret.return_id), 'AWAITING_BUYER_SHIP');
		await emu.control.waitForDeliveries({ type: 12, count: 1 }, 8000);
		expect(executions).toHaveLength(1);
		expect(calls).toHaveLength(2);
	});

	it('an event type that was not chosen gets a 200 and starts nothing (app-level address)', async () => {
		await activate();
		emu.control.setAppWebhooks([{ address: PROD_URL }]);
		await delivered(emu.control.sendEvent({ type: 3, data: { order_id: '576486316948490001', update_time: 1 } }));
		expect(calls).toHaveLength(1);
		expect(calls[0].response).toEqual({ noWebhookResponse: true });
		expect(calls[0].http.statusCode).toBe(200);
		expect(executions).toHaveLength(0);
	});

	it('Fetch Full Object: answers TikTok first, then adds the full order', async () => {
		await activate({ options: { fetchFullObject: true } });
		const orderId = newOrder();
		await delivered(changeOrder(orderId, 'AWAITING_SHIPMENT'));
		expect(executions).toHaveLength(1);
		const result = executions[0];
		expect(result.response?.noWebhookResponse).toBe(true);
		expect(result.n8nResponse).toEqual({ statusCode: 200, body: '', fromNode: true });
		const item = result.response!.workflowData![0][0].json;
		expect(item.fetch_error).toBeUndefined();
		expect(item.order).toMatchObject({ id: orderId, status: 'AWAITING_SHIPMENT', shipping_type: expect.any(String) });
		expect(emu.control.getRequests({ host: 'api', path_prefix: '/order/202507/orders' })).toHaveLength(1);
	});

	it('Fetch Full Object: adds the full return to return events', async () => {
		await activate({ events: ['RETURN_STATUS_CHANGE'], options: { fetchFullObject: true } });
		const orderId = newOrder();
		emu.control.setOrderStatus(orderId, 'DELIVERED', { emit: false });
		const ret = emu.control.createReturn({ order_id: orderId, return_type: 'RETURN_AND_REFUND' });
		await emu.control.waitForDeliveries({ type: 12, count: 1 }, 8000);
		const item = executions[0].response!.workflowData![0][0].json;
		expect(item.return).toMatchObject({
			return_id: ret.return_id,
			order_id: orderId,
			return_type: 'RETURN_AND_REFUND',
		});
	});

	it('Fetch Full Object: a failed lookup is reported on the event, which is not lost', async () => {
		await activate({ options: { fetchFullObject: true } });
		const orderId = newOrder();
		// every retry of the lookup fails (about 10 s of backoff). In n8n the node's early 200 reaches TikTok at
		// once; this test's receiver only answers once webhook() has returned, so give the emulator time to wait.
		emu.webhooks.opts.timeoutMs = 30000;
		emu.control.injectFault({ kind: '500', count: 6, path_prefix: '/order/202507/orders' });
		try {
			await delivered(changeOrder(orderId, 'AWAITING_SHIPMENT'), 1, 40000);
		} finally {
			emu.webhooks.opts.timeoutMs = 1000;
		}
		expect(executions[0].n8nResponse).toEqual({ statusCode: 200, body: '', fromNode: true });
		const item = executions[0].response!.workflowData![0][0].json;
		expect(item.order).toBeNull();
		expect((item.fetch_error as IDataObject).message).toMatch(/TikTok Shop error 36009003/);
		expect(item.data).toMatchObject({ order_id: orderId });
		expect(emu.control.getRequests({ host: 'api', path_prefix: '/order/202507/orders' })).toHaveLength(6);
	}, 60000);

	it('delivers authorization events (type 7) with their expiry', async () => {
		await activate({ events: ['UPCOMING_AUTHORIZATION_EXPIRATION'] });
		const n = await delivered(emu.control.sendAuthorizationEvent({ type: 7, expiration_time: 1893456000 }));
		expect(n.attempts[0].status).toBe(200);
		expect(executions[0].response!.workflowData![0][0].json).toMatchObject({
			event: 'UPCOMING_AUTHORIZATION_EXPIRATION',
			type: 7,
			shop_id: shopId,
			data: { expiration_time: '1893456000', message: expect.stringContaining('expire') },
		});
	});

	it('Partner Center mode: events from the app-level address run, other numeric types can be added, signatures are still checked', async () => {
		workflow.parameters = parameters({ registration: 'partnerCenter', options: { otherEventTypes: '27' } });
		emu.control.setAppWebhooks([{ address: PROD_URL }]);
		await delivered(changeOrder(newOrder(), 'AWAITING_SHIPMENT'));
		emu.control.clearDeliveries();
		await delivered(
			emu.control.sendEvent({
				type: 27,
				shop_id: emu.shops[1].id,
				data: { sku_id: '1', inventory_status: 'LOW_STOCK' },
			}),
		);
		expect(executions.map((e) => e.response!.workflowData![0][0].json.event)).toEqual([
			'ORDER_STATUS_CHANGE',
			'INVENTORY_STATUS_CHANGE',
		]);
		expect(executions[1].response!.workflowData![0][0].json.shop_id).toBe(emu.shops[1].id);
		expect(emu.control.getRequests({ host: 'api' })).toHaveLength(0);
		const forged = await harness.runWebhook({
			type: TYPE,
			parameters: workflow.parameters,
			request: { headers: { authorization: 'f'.repeat(64) }, rawBody: '{"type":1,"data":{}}' },
		});
		expect(forged.http.statusCode).toBe(401);
	});
});

describe('Inventory Status Change (type 27, sent to the Partner Center address only)', () => {
	const skuOfShop = () => [...emu.state.skuById.values()].find((sku) => sku.product.shopId === shopId)!;
	const runOf = (index: number) => executions[index].response!.workflowData![0][0].json;

	it('is one of the Events: low stock, out of stock and predicted out of stock arrive, each named in data.alert', async () => {
		workflow.parameters = parameters({ registration: 'partnerCenter', events: ['INVENTORY_STATUS_CHANGE'] });
		emu.control.setAppWebhooks([{ address: PROD_URL }]);
		const sku = skuOfShop();
		await delivered(
			emu.control.sendInventoryStatus({
				sku_id: sku.id,
				current_inventory_status: 'LOW_STOCK',
				low_stock_threshold: 5,
			}),
		);
		await delivered(emu.control.sendInventoryStatus({ sku_id: sku.id, current_inventory_status: 'OUT_OF_STOCK' }));
		await delivered(
			emu.control.sendInventoryStatus({
				sku_id: sku.id,
				current_inventory_status: 'LOW_STOCK',
				alert_type: 'PREDICTION',
				lead_days: 21,
			}),
		);
		expect(executions).toHaveLength(3);
		expect(runOf(0)).toMatchObject({
			event: 'INVENTORY_STATUS_CHANGE',
			type: 27,
			shop_id: shopId,
			data: {
				product_id: sku.productId,
				sku_id: sku.id,
				current_inventory_status: 'LOW_STOCK',
				trigger_reason: { alert_type: 'REALTIME', low_stock_threshold: 5 },
				inventory_distribution: { available_quantity: expect.any(Number), committed_quantity: expect.any(Number) },
				alert: 'LOW_STOCK',
			},
		});
		expect(runOf(1).data).toMatchObject({ current_inventory_status: 'OUT_OF_STOCK', alert: 'OUT_OF_STOCK' });
		expect(runOf(2).data).toMatchObject({
			trigger_reason: { alert_type: 'PREDICTION', lead_days: 21 },
			alert: 'PREDICTED_OUT_OF_STOCK',
		});
		// ORDER_STATUS_CHANGE was not chosen: matched on the numeric type, it starts nothing
		await delivered(changeOrder(newOrder(), 'AWAITING_SHIPMENT'));
		expect(executions).toHaveLength(3);
		expect(emu.control.getRequests({ host: 'api' })).toHaveLength(0);
	});

	it('the Inventory Alerts filter lets only the chosen alerts start the workflow (the others still get their 200)', async () => {
		workflow.parameters = parameters({
			registration: 'partnerCenter',
			events: ['INVENTORY_STATUS_CHANGE'],
			inventoryAlerts: ['LOW_STOCK', 'PREDICTED_OUT_OF_STOCK'],
		});
		emu.control.setAppWebhooks([{ address: PROD_URL }]);
		const sku = skuOfShop();
		const out = await delivered(
			emu.control.sendInventoryStatus({ sku_id: sku.id, current_inventory_status: 'OUT_OF_STOCK' }),
		);
		expect(out.attempts[0].status).toBe(200);
		expect(executions).toHaveLength(0);
		emu.control.clearDeliveries();
		await delivered(emu.control.sendInventoryStatus({ sku_id: sku.id, current_inventory_status: 'LOW_STOCK' }));
		expect(executions.map((run) => run.response!.workflowData![0][0].json.data)).toEqual([
			expect.objectContaining({ alert: 'LOW_STOCK' }),
		]);
	});

	it('Fetch Full Object adds the SKU\'s current stock per warehouse as "inventory"', async () => {
		workflow.parameters = parameters({
			registration: 'partnerCenter',
			events: ['INVENTORY_STATUS_CHANGE'],
			options: { fetchFullObject: true },
		});
		emu.control.setAppWebhooks([{ address: PROD_URL }]);
		const sku = skuOfShop();
		await delivered(emu.control.sendInventoryStatus({ sku_id: sku.id, current_inventory_status: 'LOW_STOCK' }));
		const item = runOf(0);
		expect(item.fetch_error).toBeUndefined();
		expect(item.inventory).toMatchObject({
			product_id: sku.productId,
			id: sku.id,
			warehouse_inventory: sku.warehouseIds
				.map((warehouseId, index) => ({ warehouse_id: warehouseId, available_quantity: sku.stock[index] }))
				.map((w) => expect.objectContaining(w)),
		});
		expect(
			emu.control
				.getRequests({ host: 'api', path_prefix: '/product/202309/inventory/search' })
				.map((call) => call.body),
		).toEqual([{ sku_ids: [sku.id] }]);
	});

	it('under Automatic registration, activation refuses it with what to do, and registers nothing', async () => {
		const outcome = await activate({ events: ['ORDER_STATUS_CHANGE', 'INVENTORY_STATUS_CHANGE'] });
		const error = outcome.checkExists.error ?? outcome.created?.error;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error?.message).toBe('Inventory Status Change (27) cannot be subscribed automatically');
		expect((error as unknown as NodeOperationError).description).toContain('Registered in Partner Center');
		expect(eventApiCalls()).toHaveLength(0);
		expect(registered()).toEqual({});
	});
});
