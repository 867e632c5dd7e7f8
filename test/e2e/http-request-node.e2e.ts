/**
 * n8n's own HTTP Request node (n8n-nodes-base.httpRequest v4.2, Authentication "Predefined Credential Type" →
 * TikTok Shop API) calling endpoints the TikTok Shop node does not cover, in a real n8n 2.41 server. That path hands
 * the credential a request-library style object (absolute `uri`, query in the URL and in `qs`, parsed JSON body), so
 * the signature is checked by the emulator, and each call must be sent exactly once (the legacy path resends on
 * any error).
 */
import { randomUUID } from 'crypto';

import {
	chain,
	connect,
	expectNoSecrets,
	manualTrigger,
	outputOf,
	runManually,
	shopParameter,
	storedCredential,
	tiktokNode,
	type E2e,
} from './support/helpers';
import type { Execution } from './support/runtime';

interface RecordedRequest {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	status: number;
	code: number | null;
	message: string;
}

let e2e: E2e;
let workflowId: string;
let execution: Execution;
let since = 0;
let cipher: string;

function httpRequestNode(name: string, position: [number, number], parameters: Record<string, unknown>) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		// once, whatever the number of warehouses coming in
		executeOnce: true,
		parameters: {
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'tikTokShopApi',
			options: {},
			...parameters,
		},
		credentials: { tikTokShopApi: e2e.credential },
	};
}

async function recorded(pathPattern: RegExp): Promise<RecordedRequest[]> {
	const { requests } = (await e2e.admin('GET', `/requests?since_seq=${since}&host=api`)) as {
		requests: RecordedRequest[];
	};
	return requests.filter((request) => pathPattern.test(request.path));
}

beforeAll(async () => {
	e2e = await connect();
	const { baseUrl, shops } = e2e.state.emulator;
	cipher = shops[0].cipher;
	const workflow = await e2e.client.createWorkflow({
		name: 'E2E: HTTP Request node with the TikTok Shop credential',
		nodes: [
			manualTrigger(),
			tiktokNode(
				'Warehouses',
				{ resource: 'warehouse', operation: 'getAll', shop: shopParameter(cipher) },
				e2e.credential,
				[220, 0],
			),
			// GET with a path parameter from the previous node and the shop cipher typed into the URL
			httpRequestNode('Delivery Options', [440, 0], {
				method: 'GET',
				url: `={{ "${baseUrl}/logistics/202309/warehouses/" + $json.id + "/delivery_options?shop_cipher=${cipher}" }}`,
			}),
			// POST with query parameters both in the URL and in "Send Query Parameters", and a JSON body
			httpRequestNode('Search Orders', [660, 0], {
				method: 'POST',
				url: `${baseUrl}/order/202309/orders/search?page_size=5&shop_cipher=${cipher}`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'sort_field', value: 'create_time' }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{"order_status": "AWAITING_SHIPMENT"}',
			}),
			// POST whose parameters are all in the URL, with an empty JSON body
			httpRequestNode('External Order Search', [880, 0], {
				method: 'POST',
				url: `${baseUrl}/order/202406/orders/external_order_search?platform=SHOPIFY&external_order_id=e2e-not-linked-1&shop_cipher=${cipher}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{}',
			}),
		],
		connections: chain('Manual Trigger', 'Warehouses', 'Delivery Options', 'Search Orders', 'External Order Search'),
		settings: { executionOrder: 'v1' },
	});
	workflowId = workflow.id;
	const { requests } = (await e2e.admin('GET', '/requests?limit=1')) as { requests: RecordedRequest[] };
	since = requests.length ? requests[requests.length - 1].seq : 0;
	execution = await runManually(e2e, workflowId);
});

afterAll(async () => {
	if (workflowId) await e2e.client.deleteWorkflow(workflowId).catch(() => undefined);
});

test('the workflow succeeds', () => {
	expect(execution.data?.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');
});

test('GET delivery options of a warehouse: signed correctly, sent once, TikTok data comes back', async () => {
	const warehouseId = String(outputOf(execution, 'Warehouses')[0].id);
	const calls = await recorded(/\/delivery_options$/);
	expect(calls.map((call) => [call.method, call.path, call.status, call.code])).toEqual([
		['GET', `/logistics/202309/warehouses/${warehouseId}/delivery_options`, 200, 0],
	]);
	expect(calls[0].query.shop_cipher).toBe(cipher);
	const [output] = outputOf(execution, 'Delivery Options');
	expect(output).toMatchObject({ code: 0, data: { delivery_options: expect.any(Array) } });
	expect((output.data as { delivery_options: unknown[] }).delivery_options.length).toBeGreaterThan(0);
});

test('POST order search: page_size from the URL, sort_field from Send Query, the JSON body filter all reach TikTok signed', async () => {
	const calls = await recorded(/^\/order\/202309\/orders\/search$/);
	expect(calls.map((call) => [call.method, call.status, call.code])).toEqual([['POST', 200, 0]]);
	expect(calls[0].query).toMatchObject({ page_size: '5', sort_field: 'create_time', shop_cipher: cipher });
	expect(calls[0].body).toEqual({ order_status: 'AWAITING_SHIPMENT' });
	const [output] = outputOf(execution, 'Search Orders');
	const orders = (output.data as { orders: Array<{ id: string; status: string }> }).orders;
	expect(orders.length).toBeGreaterThan(0);
	expect(orders.length).toBeLessThanOrEqual(5);
	expect(new Set(orders.map((order) => order.status))).toEqual(new Set(['AWAITING_SHIPMENT']));
	// 19-digit IDs arrive as text, not rounded numbers
	expect(orders[0].id).toMatch(/^\d{18,19}$/);
});

test('POST external order search with every parameter in the URL: accepted, sent once', async () => {
	const calls = await recorded(/external_order_search$/);
	expect(calls.map((call) => [call.method, call.status, call.code])).toEqual([['POST', 200, 0]]);
	expect(calls[0].query).toMatchObject({ platform: 'SHOPIFY', external_order_id: 'e2e-not-linked-1' });
	expect(outputOf(execution, 'External Order Search')[0]).toMatchObject({ code: 0, data: { orders: [] } });
});

test('no request of the run had its signature or parameters refused (106001 / 36009004)', async () => {
	const all = await recorded(/./);
	expect(all.length).toBeGreaterThanOrEqual(4);
	expect(all.filter((call) => call.code === 106001 || call.code === 36009004)).toEqual([]);
});

test('no app secret or token reaches the stored execution', async () => {
	const stored = await storedCredential(e2e);
	expectNoSecrets(await e2e.client.getExecution(execution.id), {
		'app secret': e2e.state.emulator.appSecret,
		'access token': String(stored.accessToken ?? ''),
		'refresh token': String(stored.refreshToken ?? ''),
	});
});
