/**
 * Self-test of the integration harness, with throw-away node and credential types and a local
 * token/API server. The assertions pin n8n-core 2.41 behaviour the real nodes rely on.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createHarness, HARNESS_TRIGGER_NAME, type Harness } from './index';

// ---------------------------------------------------------------------------------------------
// A local API: POST /token rotates tokens, everything else needs the current token.
// ---------------------------------------------------------------------------------------------

interface LoggedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	body: string;
}

class FakeApi {
	server!: Server;
	baseUrl = '';
	tokenCalls = 0;
	validToken: string | undefined;
	refreshToken = 'rt-0';
	log: LoggedRequest[] = [];
	/** Responses forced for the next non-token requests, in order. */
	forced: Array<{ status: number; body: unknown }> = [];
	webhooks: Array<{ id: string; address: string }> = [];
	events = [
		{ id: 1, type: 'ORDER_STATUS_CHANGE' },
		{ id: 2, type: 'ORDER_STATUS_CHANGE' },
	];

	async start() {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop() {
		this.server.closeAllConnections();
		await new Promise<void>((resolve, reject) => this.server.close((e) => (e ? reject(e) : resolve())));
	}

	requests(path: string) {
		return this.log.filter((r) => r.path.startsWith(path));
	}

	private send(res: ServerResponse, status: number, body: unknown) {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}

	private handle(req: IncomingMessage, res: ServerResponse, body: string) {
		const url = new URL(req.url ?? '/', this.baseUrl);
		this.log.push({
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			body,
		});

		if (url.pathname === '/token') {
			this.tokenCalls++;
			const { refresh_token } = JSON.parse(body || '{}') as { refresh_token?: string };
			if (refresh_token !== this.refreshToken) {
				return this.send(res, 400, { code: 36004002, message: 'invalid refresh token' });
			}
			this.validToken = `tok-${this.tokenCalls}`;
			this.refreshToken = `rt-${this.tokenCalls}`;
			return this.send(res, 200, { access_token: this.validToken, refresh_token: this.refreshToken });
		}

		if (!this.validToken || req.headers['x-access-token'] !== this.validToken) {
			return this.send(res, 401, { code: 105002, message: 'Access token is expired', request_id: 'req-401' });
		}
		const forced = this.forced.shift();
		if (forced) return this.send(res, forced.status, forced.body);

		if (url.pathname === '/ping') return this.send(res, 200, { code: 0, message: 'Success' });
		if (url.pathname.startsWith('/items/')) {
			return this.send(res, 200, { code: 0, data: { id: url.pathname.slice('/items/'.length) } });
		}
		if (url.pathname === '/events') {
			const since = Number(url.searchParams.get('since') ?? 0);
			const events = this.events.filter((e) => e.id > since);
			return this.send(res, 200, { events, next_cursor: events.at(-1)?.id ?? since });
		}
		if (url.pathname === '/webhooks' && req.method === 'GET') return this.send(res, 200, { webhooks: this.webhooks });
		if (url.pathname === '/webhooks' && req.method === 'POST') {
			const { address } = JSON.parse(body) as { address: string };
			const hook = { id: `wh-${this.webhooks.length + 1}`, address };
			this.webhooks.push(hook);
			return this.send(res, 200, hook);
		}
		if (url.pathname.startsWith('/webhooks/') && req.method === 'DELETE') {
			const id = url.pathname.slice('/webhooks/'.length);
			this.webhooks = this.webhooks.filter((w) => w.id !== id);
			return this.send(res, 200, { code: 0 });
		}
		return this.send(res, 404, { code: 404, message: 'not found' });
	}
}

// ---------------------------------------------------------------------------------------------
// Throw-away credential and node types (the shape the TikTok ones will have).
// ---------------------------------------------------------------------------------------------

class HarnessTokenApi implements ICredentialType {
	name = 'harnessTokenApi';

	displayName = 'Harness Token API';

	properties: INodeProperties[] = [
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Auth Base URL', name: 'authBaseUrl', type: 'string', default: '' },
		{ displayName: 'App Key', name: 'appKey', type: 'string', default: '' },
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Access Token', name: 'accessToken', type: 'hidden', typeOptions: { expirable: true }, default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.authBaseUrl as string}/token`,
			body: { refresh_token: credentials.refreshToken },
			json: true,
		})) as { access_token: string; refresh_token: string };
		return { accessToken: response.access_token, refreshToken: response.refresh_token };
	}

	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		authenticateCalls.push({ ...requestOptions, headers: { ...requestOptions.headers } });
		requestOptions.headers = { ...requestOptions.headers, 'x-access-token': credentials.accessToken as string };
		return requestOptions;
	};

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/ping', method: 'GET' },
	};
}

const authenticateCalls: IHttpRequestOptions[] = [];

const itemNodeDescription: INodeTypeDescription = {
	displayName: 'Harness API',
	name: 'harnessApi',
	group: ['transform'],
	version: 1,
	description: 'Fetches one item per input item',
	defaults: { name: 'Harness API' },
	inputs: ['main'],
	outputs: ['main'],
	credentials: [{ name: 'harnessTokenApi', required: true }],
	properties: [{ displayName: 'Item ID', name: 'itemId', type: 'string', default: '', required: true }],
};

class HarnessApiNode implements INodeType {
	description = itemNodeDescription;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const returnData: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const itemId = this.getNodeParameter('itemId', i) as string;
				if (itemId === 'bad') {
					throw new NodeOperationError(this.getNode(), 'Item ID "bad" is not allowed', { itemIndex: i });
				}
				const credentials = await this.getCredentials('harnessTokenApi');
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTokenApi', {
					method: 'GET',
					url: `${credentials.baseUrl as string}/items/${itemId}`,
					json: true,
				})) as IDataObject;
				returnData.push({ json: response.data as IDataObject, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					returnData.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [returnData];
	}
}

class HarnessPollNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Poll Trigger',
		name: 'harnessPoll',
		group: ['trigger'],
		version: 1,
		description: 'Polls /events from a cursor kept in static data',
		defaults: { name: 'Harness Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'harnessTokenApi', required: true }],
		properties: [],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const staticData = this.getWorkflowStaticData('node');
		const credentials = await this.getCredentials('harnessTokenApi');
		const since = this.getMode() === 'manual' ? 0 : ((staticData.cursor as number | undefined) ?? 0);
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTokenApi', {
			method: 'GET',
			url: `${credentials.baseUrl as string}/events`,
			qs: { since },
			json: true,
		})) as { events: IDataObject[]; next_cursor: number };
		if (this.getMode() === 'manual') {
			return [this.helpers.returnJsonArray(response.events.slice(0, 1))];
		}
		staticData.cursor = response.next_cursor;
		if (response.events.length === 0) return null;
		return [this.helpers.returnJsonArray(response.events)];
	}
}

class HarnessWebhookNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Webhook Trigger',
		name: 'harnessWebhook',
		group: ['trigger'],
		version: 1,
		description: 'Registers a webhook and checks an HMAC over the raw body',
		defaults: { name: 'Harness Webhook Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'harnessTokenApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'harness' }],
		properties: [{ displayName: 'Secret', name: 'secret', type: 'string', default: 's3cret' }],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (staticData.webhookId === undefined) return false;
				const credentials = await this.getCredentials('harnessTokenApi');
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTokenApi', {
					method: 'GET',
					url: `${credentials.baseUrl as string}/webhooks`,
					json: true,
				})) as { webhooks: Array<{ id: string; address: string }> };
				const url = this.getNodeWebhookUrl('default');
				return response.webhooks.some((w) => w.id === staticData.webhookId && w.address === url);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials('harnessTokenApi');
				const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTokenApi', {
					method: 'POST',
					url: `${credentials.baseUrl as string}/webhooks`,
					body: { address: this.getNodeWebhookUrl('default') },
					json: true,
				})) as { id: string };
				this.getWorkflowStaticData('node').webhookId = response.id;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				const credentials = await this.getCredentials('harnessTokenApi');
				await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTokenApi', {
					method: 'DELETE',
					url: `${credentials.baseUrl as string}/webhooks/${staticData.webhookId as string}`,
					json: true,
				});
				delete staticData.webhookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject() as unknown as { rawBody: Buffer; headers: Record<string, string> };
		const secret = this.getNodeParameter('secret') as string;
		const expected = createHmac('sha256', secret).update(req.rawBody).digest('hex');
		if (req.headers['x-signature'] !== expected) {
			this.getResponseObject().status(401).send('invalid signature');
			return { noWebhookResponse: true };
		}
		return { workflowData: [this.helpers.returnJsonArray([this.getBodyData()])] };
	}
}

// ---------------------------------------------------------------------------------------------

const api = new FakeApi();
let harness: Harness;

function newHarness(refreshToken = 'rt-0', accessToken = '') {
	return createHarness({
		nodeTypes: {
			harnessApi: new HarnessApiNode(),
			harnessPoll: new HarnessPollNode(),
			harnessWebhook: new HarnessWebhookNode(),
		},
		credentialTypes: { harnessTokenApi: new HarnessTokenApi() },
		credentials: {
			harnessTokenApi: {
				id: '1',
				name: 'Harness account',
				data: { baseUrl: api.baseUrl, authBaseUrl: api.baseUrl, appKey: 'app-key', refreshToken, accessToken },
			},
		},
	});
}

beforeAll(async () => {
	await api.start();
	harness = newHarness();
});

afterAll(async () => {
	await api.stop();
});

describe('runNode: httpRequestWithAuthentication through the real engine', () => {
	it('fetches a token on first use, persists every returned key, and sends it', async () => {
		const result = await harness.runNode({
			type: 'harnessApi',
			parameters: { itemId: '={{ $json.id }}' },
			inputItems: [{ json: { id: 'a' } }, { json: { id: 'b' } }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ id: 'a' }, { id: 'b' }]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(api.tokenCalls).toBe(1);
		expect(api.requests('/items').map((r) => r.headers['x-access-token'])).toEqual(['tok-1', 'tok-1']);

		// the rotated refresh token is saved too, not only the expirable access token
		expect(await harness.storedCredentials('harnessTokenApi')).toEqual({
			baseUrl: api.baseUrl,
			authBaseUrl: api.baseUrl,
			appKey: 'app-key',
			refreshToken: 'rt-1',
			accessToken: 'tok-1',
		});
		// one save: the second item already had the token in memory
		expect(harness.credentialUpdates('harnessTokenApi')).toHaveLength(1);
		// the engine ran the harness trigger first, then the node
		expect(Object.keys(result.runData)).toEqual([HARNESS_TRIGGER_NAME, 'Harness API']);
	});

	it('reuses the stored token on the next execution (no token call)', async () => {
		const before = api.tokenCalls;
		const result = await harness.runNode({
			type: 'harnessApi',
			parameters: { itemId: 'c' },
		});
		expect(result.items.map((i) => i.json)).toEqual([{ id: 'c' }]);
		expect(api.tokenCalls).toBe(before);
		expect(api.requests('/items/c')[0].headers['x-access-token']).toBe('tok-1');
		expect(harness.credentialUpdates('harnessTokenApi')).toHaveLength(1);
	});

	it('passes authenticate() the options the node gave, plus abortSignal, and no headers key', async () => {
		authenticateCalls.length = 0;
		await harness.runNode({ type: 'harnessApi', parameters: { itemId: 'd' } });
		expect(authenticateCalls).toHaveLength(1);
		const [options] = authenticateCalls;
		expect(options.url).toBe(`${api.baseUrl}/items/d`);
		expect(options.abortSignal).toBeDefined();
		expect(options.headers).toEqual({}); // copied in the spy; the original had no `headers` key
	});

	it('on HTTP 401 refreshes exactly once, retries once, and persists the new tokens', async () => {
		api.validToken = 'rotated-by-server'; // the stored tok-1 is now rejected with 401
		authenticateCalls.length = 0;
		const before = api.tokenCalls;
		const updatesBefore = harness.credentialUpdates('harnessTokenApi').length;
		const itemCallsBefore = api.requests('/items').length;

		const result = await harness.runNode({ type: 'harnessApi', parameters: { itemId: 'e' } });

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ id: 'e' }]);
		expect(api.tokenCalls).toBe(before + 1);
		const itemCalls = api.requests('/items').slice(itemCallsBefore);
		expect(itemCalls.map((r) => r.headers['x-access-token'])).toEqual(['tok-1', `tok-${before + 1}`]);
		const updates = harness.credentialUpdates('harnessTokenApi');
		expect(updates).toHaveLength(updatesBefore + 1);
		expect(updates.at(-1)?.data).toMatchObject({ accessToken: `tok-${before + 1}`, refreshToken: `rt-${before + 1}` });
		expect(await harness.storedCredentials('harnessTokenApi')).toMatchObject({
			accessToken: `tok-${before + 1}`,
			refreshToken: `rt-${before + 1}`,
		});
		// the retry hands authenticate() the SAME options object it already modified: signers must be idempotent
		expect(authenticateCalls).toHaveLength(2);
		expect(authenticateCalls[1].headers).toEqual({ 'x-access-token': 'tok-1' });
	});

	it('runs in production mode too (the trigger hands over the items without a manual click)', async () => {
		const result = await harness.runNode({
			type: 'harnessApi',
			mode: 'trigger',
			parameters: { itemId: '={{ $json.id }}' },
			inputItems: [{ json: { id: 'p' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.run.mode).toBe('trigger');
		expect(result.items.map((i) => i.json)).toEqual([{ id: 'p' }]);
	});

	it('a 401 on the retry as well fails the node (still only one refresh)', async () => {
		const before = api.tokenCalls;
		api.forced.push({ status: 401, body: { code: 105002, message: 'Access token is expired' } });
		api.validToken = 'rotated-again';
		// first call: 401 (wrong token); refresh; retry gets the forced 401
		const result = await harness.runNode({ type: 'harnessApi', parameters: { itemId: 'f' } });
		expect(api.tokenCalls).toBe(before + 1);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.httpCode).toBe('401');
	});

	it('a 400 does not refresh and surfaces as NodeApiError with the body on error.cause', async () => {
		const before = api.tokenCalls;
		const itemCallsBefore = api.requests('/items').length;
		const body = { code: 36009004, message: 'Order status does not allow this operation', request_id: 'req-400' };
		api.forced.push({ status: 400, body });

		const result = await harness.runNode({ type: 'harnessApi', parameters: { itemId: 'g' } });

		expect(api.tokenCalls).toBe(before);
		expect(api.requests('/items').length).toBe(itemCallsBefore + 1); // no retry
		const error = result.error as unknown as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('400');
		expect(error.message).toBe('Bad request - please check your parameters');
		expect(error.description).toBe(body.message);
		// the parsed response body: where a transport reads TikTok's `code`
		const cause = error.cause as unknown as { response?: { status: number; data: unknown } };
		expect(cause.response?.status).toBe(400);
		expect(cause.response?.data).toEqual(body);
		// NodeApiError also copies the parsed body to context.data, and (unlike the non-enumerable
		// `cause`) that survives into the execution record
		expect(error.context.data).toEqual(body);
		expect(error.messages).toEqual(['Request failed with status code 400']);
		const recorded = result.executionError as unknown as IDataObject;
		expect(recorded.message).toBe('Bad request - please check your parameters');
		expect(recorded.httpCode).toBe('400');
		expect((recorded.context as IDataObject).data).toEqual(body);
		expect(recorded.cause).toBeUndefined();
		expect(result.run.status).toBe('error');
		expect(result.taskData?.executionStatus).toBe('error');
	});

	it('continueOnFail: the node returns an error item with its pairedItem and the run goes on', async () => {
		api.forced.push({ status: 400, body: { code: 1, message: 'nope' } });
		const result = await harness.runNode({
			type: 'harnessApi',
			parameters: { itemId: '={{ $json.id }}' },
			inputItems: [{ json: { id: 'x' } }, { json: { id: 'y' } }],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.node.onError).toBe('continueRegularOutput');
		expect(result.items).toEqual([
			{ json: { error: 'Bad request - please check your parameters' }, pairedItem: { item: 0 } },
			{ json: { id: 'y' }, pairedItem: { item: 1 } },
		]);
	});

	it('a thrown NodeOperationError with itemIndex is result.error', async () => {
		const result = await harness.runNode({
			type: 'harnessApi',
			parameters: { itemId: '={{ $json.id }}' },
			inputItems: [{ json: { id: 'ok' } }, { json: { id: 'bad' } }],
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Item ID "bad" is not allowed');
		expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
		expect(result.items).toEqual([]);
		expect(result.executionError?.message).toBe('Item ID "bad" is not allowed');
	});

	it('a throw with continueOnFail handled by the engine (not the node) passes the input through', async () => {
		// the node rethrows only when continueOnFail() is false, so use onError on a node that always throws
		const throwing: INodeType = {
			description: { ...itemNodeDescription, name: 'harnessThrow', defaults: { name: 'Thrower' }, credentials: [] },
			async execute(this: IExecuteFunctions) {
				throw new NodeOperationError(this.getNode(), 'always fails');
			},
		};
		const local = createHarness({ nodeTypes: { harnessThrow: throwing } });
		const result = await local.runNode({
			type: 'harnessThrow',
			parameters: { itemId: 'z' },
			inputItems: [{ json: { keep: 1 } }],
			onError: 'continueRegularOutput',
		});
		expect(result.error?.message).toBe('always fails');
		expect(result.items.map((i) => i.json)).toEqual([{ keep: 1 }]);
		expect(result.taskData?.error?.message).toBe('always fails');
		// n8n-core 2.41 keeps the continued error of the LAST node as the execution's error
		expect(result.run.data.resultData.error?.message).toBe('always fails');
		expect(result.run.status).toBe('error');
	});
});

describe('testCredential: the credential form’s Test button', () => {
	it('always runs preAuthentication, resolves baseURL from $credentials, and persists', async () => {
		const before = api.tokenCalls;
		authenticateCalls.length = 0;
		const result = await harness.testCredential('harnessTokenApi');
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.tokenCalls).toBe(before + 1);
		const ping = api.requests('/ping').at(-1);
		expect(ping?.headers['x-access-token']).toBe(`tok-${before + 1}`);
		// the shape n8n 2.41 was observed to pass to authenticate() in a credential test
		expect(authenticateCalls[0]).toMatchObject({
			qs: {},
			headers: {},
			baseURL: api.baseUrl,
			url: '/ping',
			method: 'GET',
		});
		expect(harness.credentialUpdates('harnessTokenApi').at(-1)?.data.accessToken).toBe(`tok-${before + 1}`);
	});

	it('reports a failing preAuthentication as an Error status', async () => {
		const result = await harness.testCredential('harnessTokenApi', {
			baseUrl: api.baseUrl,
			authBaseUrl: api.baseUrl,
			appKey: 'app-key',
			refreshToken: 'wrong',
			accessToken: '',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toBe('Bad Request'); // statusText of the failed token call
	});

	it('an unsaved credential fails after a successful refresh, like n8n', async () => {
		const stored = await harness.storedCredentials('harnessTokenApi');
		const result = await harness.testCredential('harnessTokenApi', stored, { id: null });
		expect(result).toEqual({ status: 'Error', message: 'Found credential with no ID.' });
		// the server rotated the refresh token but n8n could not save it: the saved credential is now stale
		expect(api.refreshToken).not.toBe(stored.refreshToken);
		await harness.setCredential('harnessTokenApi', {
			id: '1',
			name: 'Harness account',
			data: { ...stored, refreshToken: api.refreshToken, accessToken: '' },
		});
	});
});

describe('getDecrypted: what the node sees', () => {
	it('adds allowedHttpRequestDomains and drops stored keys that are not declared properties', async () => {
		let seen: IDataObject = {};
		const spy: INodeType = {
			description: { ...itemNodeDescription, name: 'harnessSpy', defaults: { name: 'Spy' } },
			async execute(this: IExecuteFunctions) {
				seen = await this.getCredentials('harnessTokenApi');
				return [this.getInputData()];
			},
		};
		const local = createHarness({
			nodeTypes: { harnessSpy: spy },
			credentialTypes: { harnessTokenApi: new HarnessTokenApi() },
			credentials: {
				harnessTokenApi: {
					id: '7',
					name: 'x',
					data: { baseUrl: 'http://a', refreshToken: 'r', accessToken: 't', expiresAt: 123 },
				},
			},
		});
		await local.runNode({ type: 'harnessSpy', parameters: { itemId: '1' } });
		expect(seen).toEqual({
			baseUrl: 'http://a',
			authBaseUrl: '',
			appKey: '',
			refreshToken: 'r',
			accessToken: 't',
			allowedHttpRequestDomains: 'all',
		});
	});
});

describe('runPoll: PollContext through the poll executor', () => {
	it('emits new items and advances the cursor in node static data', async () => {
		const first = await harness.runPoll({ type: 'harnessPoll', staticData: {} });
		expect(first.error).toBeUndefined();
		expect(first.emitted).toBe(true);
		expect(first.items?.[0].map((i) => i.json)).toEqual(api.events);
		expect(first.staticData).toEqual({ cursor: 2 });
		expect(first.staticDataChanged).toBe(true);
		// the loader added the polling schedule parameter
		expect(first.node.parameters.pollTimes).toBeDefined();

		const second = await harness.runPoll({ type: 'harnessPoll', staticData: first.staticData });
		expect(second.items).toBeNull();
		expect(second.emitted).toBe(false);
		expect(second.staticData).toEqual({ cursor: 2 });
		expect(api.requests('/events').at(-1)?.query.get('since')).toBe('2');
	});

	it('manual mode ("Fetch test event") returns items without emitting', async () => {
		const result = await harness.runPoll({ type: 'harnessPoll', mode: 'manual', staticData: { cursor: 2 } });
		expect(result.emitted).toBe(false);
		expect(result.items?.[0].map((i) => i.json)).toEqual([api.events[0]]);
		expect(result.staticData).toEqual({ cursor: 2 });
	});

	it('a failing poll is reported through __emitError in trigger mode', async () => {
		api.forced.push({ status: 500, body: { code: 1, message: 'boom' } });
		const result = await harness.runPoll({ type: 'harnessPoll', staticData: {} });
		expect(result.emitted).toBe(false);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.httpCode).toBe('500');
	});
});

describe('webhook helpers: HookContext and WebhookContext', () => {
	it('activation: checkExists → create stores the id; checkExists then finds it; delete removes it', async () => {
		const activation = await harness.activateWebhook({ type: 'harnessWebhook', staticData: {} });
		expect(activation.existed).toBe(false);
		expect(activation.created?.error).toBeUndefined();
		expect(activation.created?.result).toBe(true);
		const url = activation.created?.webhookUrl;
		expect(url).toMatch(/^http:\/\/localhost:5678\/webhook\/[0-9a-f-]+\/harness$/);
		expect(api.webhooks).toEqual([{ id: 'wh-1', address: url }]);
		const staticData = activation.created?.staticData;
		expect(staticData).toEqual({ webhookId: 'wh-1' });

		const exists = await harness.runWebhookMethod({ type: 'harnessWebhook', method: 'checkExists', staticData });
		expect(exists.result).toBe(true);

		const moved = await harness.runWebhookMethod({
			type: 'harnessWebhook',
			method: 'checkExists',
			staticData,
			webhookUrl: 'https://n8n.example.com/webhook/other/harness',
		});
		expect(moved.result).toBe(false);

		const deleted = await harness.runWebhookMethod({ type: 'harnessWebhook', method: 'delete', staticData });
		expect(deleted.result).toBe(true);
		expect(deleted.staticData).toEqual({});
		expect(api.webhooks).toEqual([]);
	});

	it('rejects a bad signature with the node’s own 401 response', async () => {
		const result = await harness.runWebhook({
			type: 'harnessWebhook',
			request: {
				headers: { 'Content-Type': 'application/json', 'X-Signature': 'forged' },
				rawBody: Buffer.from('{"order_id": "1"}'),
			},
		});
		expect(result.error).toBeUndefined();
		expect(result.response).toEqual({ noWebhookResponse: true });
		expect(result.http.statusCode).toBe(401);
		expect(result.http.body).toBe('invalid signature');
		expect(result.http.finished).toBe(true);
		expect(result.n8nResponse).toEqual({ statusCode: 401, body: 'invalid signature', fromNode: true });
	});

	it('accepts a signature over the exact raw bytes and starts the workflow', async () => {
		const rawBody = Buffer.from('{"order_id":  "1",\n "status": "AWAITING_SHIPMENT"}'); // not JSON.stringify's bytes
		const signature = createHmac('sha256', 's3cret').update(rawBody).digest('hex');
		const result = await harness.runWebhook({
			type: 'harnessWebhook',
			request: { headers: { 'content-type': 'application/json', 'x-signature': signature }, rawBody },
		});
		expect(result.error).toBeUndefined();
		expect(result.response?.workflowData?.[0].map((i) => i.json)).toEqual([
			{ order_id: '1', status: 'AWAITING_SHIPMENT' },
		]);
		expect(result.http.finished).toBe(false);
		expect(result.n8nResponse).toEqual({ statusCode: 200, body: { message: 'Workflow was started' }, fromNode: false });
	});
});
