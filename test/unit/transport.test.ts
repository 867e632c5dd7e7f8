/**
 * The transport against a real loopback HTTP server, through n8n-core's real httpRequestWithAuthentication
 * (test/harness), with the real credential signing every call. Nothing of our own is mocked.
 */
import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { backoffDelay, DEFAULT_RETRY, tikTokApiRequest } from '../../nodes/shared/transport/request';
import { tikTokApiRequestAllItems } from '../../nodes/shared/transport/pagination';
import {
	noteRateLimited,
	resetThrottle,
	throttleKey,
	waitForSlot,
	windowAllows,
} from '../../nodes/shared/transport/throttle';
import { createHarness } from '../harness';
import { startVerifyingServer, type ReceivedRequest } from '../support/independentSigner';

const SECRET = 'transport-secret';

/** A probe node: one TikTok call per item (or one paginated listing), as our operations make them. */
class TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokShopApi', required: true }],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'single' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '/order/202309/orders/search' },
			{ displayName: 'Idempotent', name: 'idempotent', type: 'boolean', default: true },
			{ displayName: 'Limit', name: 'limit', type: 'number', default: 0 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const mode = this.getNodeParameter('mode', 0) as string;
		const path = this.getNodeParameter('path', 0) as string;
		const out: INodeExecutionData[] = [];
		if (mode === 'paginate') {
			const limit = this.getNodeParameter('limit', 0) as number;
			const orders = await tikTokApiRequestAllItems(
				this,
				{ method: 'POST', path, body: {}, shopCipher: 'ROW_shop' },
				{ itemsKey: 'orders', returnAll: limit === 0, limit, maxPageSize: 100 },
			);
			return [orders.map((json) => ({ json: json as IDataObject, pairedItem: { item: 0 } }))];
		}
		for (let i = 0; i < items.length; i++) {
			const data = await tikTokApiRequest<IDataObject>(this, {
				method: 'POST',
				path,
				body: { n: i },
				shopCipher: 'ROW_shop',
				itemIndex: i,
				idempotent: this.getNodeParameter('idempotent', i) as boolean,
				retry: { baseDelayMs: 20, maxDelayMs: 80 },
			});
			out.push({ json: data, pairedItem: { item: i } });
		}
		return [out];
	}
}

type Script = (
	request: ReceivedRequest,
	index: number,
) => { status?: number; body: unknown; headers?: Record<string, string> };

async function setup(script: Script) {
	let index = 0;
	const server = await startVerifyingServer(SECRET, (request) => script(request, index++));
	const harness = createHarness({
		nodeTypes: { transportProbe: new TransportProbe() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: {
			tikTokShopApi: {
				id: '1',
				name: 'TikTok Shop',
				data: {
					appKey: 'key',
					appSecret: SECRET,
					accessToken: 'token-valid',
					refreshToken: 'refresh',
					baseUrl: server.url,
					authBaseUrl: server.url,
				},
			},
		},
	});
	return { server, harness };
}

const ok = (data: IDataObject = {}) => ({ body: { code: 0, message: 'Success', request_id: 'req-ok', data } });

describe('tikTokApiRequest', () => {
	beforeEach(() => resetThrottle());

	it('returns data for code 0 and every request carries a valid signature', async () => {
		const { server, harness } = await setup(() => ok({ hello: 'world' }));
		try {
			const result = await harness.runNode({
				type: 'transportProbe',
				parameters: {},
				inputItems: [{ json: {} }, { json: {} }],
			});
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([{ hello: 'world' }, { hello: 'world' }]);
			expect(server.requests.every((request) => request.signatureValid)).toBe(true);
			expect(server.requests.map((request) => request.body)).toEqual(['{"n":0}', '{"n":1}']);
			expect(server.requests[0].query.shop_cipher).toBe('ROW_shop');
		} finally {
			await server.close();
		}
	});

	it('treats a non-zero code under HTTP 200 as an error with code, message, request_id and a hint, and no token', async () => {
		const { server, harness } = await setup(() => ({
			body: { code: 105005, message: 'you should apply auth pkg for this api', request_id: 'req-scope', data: null },
		}));
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: {} });
			expect(result.error?.message).toBe('TikTok Shop error 105005: you should apply auth pkg for this api');
			expect(String(result.error?.description)).toMatch(
				/Partner Center.*Order information \(seller.order.info\).*request_id req-scope/,
			);
			expect(JSON.stringify(result.executionError)).not.toMatch(/token-valid|transport-secret/);
			expect(server.requests).toHaveLength(1);
		} finally {
			await server.close();
		}
	});

	it("maps an HTTP 400 envelope the same way (the HTTP status does not hide TikTok's code)", async () => {
		const { server, harness } = await setup(() => ({
			status: 400,
			body: {
				code: 36009004,
				message: 'Invalid timestamp: timestamp is older than 5 minutes',
				request_id: 'req-clock',
				data: null,
			},
		}));
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: {} });
			expect(result.error?.message).toBe(
				'TikTok Shop error 36009004: Invalid timestamp: timestamp is older than 5 minutes',
			);
			expect(String(result.error?.description)).toMatch(/clock.*NTP.*Clock Offset/);
			expect(result.error?.httpCode).toBe('400');
		} finally {
			await server.close();
		}
	});

	it('retries 429, 503, rate-limit and internal-error codes, then succeeds', async () => {
		const failures = [
			{ status: 429, body: { code: 36009002, message: 'Too many requests', request_id: 'r1' } },
			{ status: 503, body: 'Service Unavailable' },
			{ status: 200, body: { code: 36009003, message: 'Internal error', request_id: 'r3' } },
		];
		const { server, harness } = await setup((_request, index) => failures[index] ?? ok({ done: true }));
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: {} });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({ done: true });
			expect(server.requests).toHaveLength(4);
			// Each retry is freshly signed (new timestamp) and the body is unchanged.
			expect(server.requests.every((request) => request.signatureValid && request.body === '{"n":0}')).toBe(true);
		} finally {
			await server.close();
		}
	});

	it('gives up after the bounded number of attempts with a clear error', async () => {
		const { server, harness } = await setup(() => ({
			status: 429,
			body: { code: 36009002, message: 'Too many requests', request_id: 'r' },
		}));
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: {} });
			expect(server.requests).toHaveLength(DEFAULT_RETRY.maxAttempts);
			expect(result.error?.message).toBe('TikTok Shop error 36009002: Too many requests');
			expect(String(result.error?.description)).toMatch(/rate limit.*Gave up after 6 attempts/s);
		} finally {
			await server.close();
		}
	});

	it('does not resend a non-idempotent call after a 503 (it may have been applied), but does after a 429', async () => {
		const { server, harness } = await setup((_request, index) => (index === 0 ? { status: 503, body: 'busy' } : ok()));
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: { idempotent: false } });
			expect(server.requests).toHaveLength(1);
			expect(result.error?.message).toBe('TikTok Shop request failed: HTTP 503');
		} finally {
			await server.close();
		}
		const second = await setup((_request, index) =>
			index === 0 ? { status: 429, body: { code: 36009002, message: 'Too many requests' } } : ok(),
		);
		try {
			const result = await second.harness.runNode({ type: 'transportProbe', parameters: { idempotent: false } });
			expect(result.error).toBeUndefined();
			expect(second.server.requests).toHaveLength(2);
		} finally {
			await second.server.close();
		}
	});

	it('honours Retry-After', async () => {
		const { server, harness } = await setup((_request, index) =>
			index === 0
				? { status: 429, headers: { 'retry-after': '1' }, body: { code: 36009002, message: 'slow down' } }
				: ok(),
		);
		try {
			const started = Date.now();
			await harness.runNode({ type: 'transportProbe', parameters: {} });
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		} finally {
			await server.close();
		}
	});

	it("refreshes the token once on HTTP 401 and persists it (n8n's own 401 path)", async () => {
		const { server, harness } = await setup((request) => {
			if (request.path === '/api/v2/token/refresh') {
				return {
					body: {
						code: 0,
						message: 'success',
						request_id: 'ra',
						data: {
							access_token: 'token-new',
							access_token_expire_in: 1900000000,
							refresh_token: 'refresh-2',
							refresh_token_expire_in: 1930000000,
						},
					},
				};
			}
			if (request.headers['x-tts-access-token'] !== 'token-new') {
				return { status: 401, body: { code: 105002, message: 'Expired credentials', request_id: 'rx' } };
			}
			return ok({ after: 'refresh' });
		});
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: {} });
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({ after: 'refresh' });
			const stored = await harness.storedCredentials('tikTokShopApi');
			expect(stored).toMatchObject({
				accessToken: 'token-new',
				refreshToken: 'refresh-2',
				accessExpiresAt: 1900000000,
			});
		} finally {
			await server.close();
		}
	});
});

describe('backoffDelay', () => {
	it('grows exponentially with jitter and stays under the cap', () => {
		const policy = { maxAttempts: 6, baseDelayMs: 400, maxDelayMs: 8000 };
		expect(backoffDelay(1, policy, () => 0)).toBe(200);
		expect(backoffDelay(1, policy, () => 1)).toBe(400);
		expect(backoffDelay(3, policy, () => 1)).toBe(1600);
		expect(backoffDelay(10, policy, () => 1)).toBe(8000);
		expect(backoffDelay(10, policy, () => 0)).toBe(4000);
	});
});

describe('throttle', () => {
	beforeEach(() => resetThrottle());

	it('keeps any one-second window of arrivals under 50 per shop and endpoint, across parallel runs', async () => {
		const arrivals: number[] = [];
		const { server, harness } = await setup(() => {
			arrivals.push(Date.now());
			return ok();
		});
		try {
			await Promise.all(
				[0, 1, 2, 3].map(() =>
					harness.runNode({
						type: 'transportProbe',
						parameters: {},
						inputItems: Array.from({ length: 30 }, () => ({ json: {} })),
					}),
				),
			);
			let worst = 0;
			for (let i = 0; i < arrivals.length; i++) {
				// 900 ms: the throttle keeps 50 per 1,015 ms when sending (exactly checked in the next test); on a loaded
				// machine requests arrive up to tens of ms closer together than they left. TikTok answers the rare 51st
				// with 429, which is retried and widens the margin. Without the throttle all 120 arrive in a few 100 ms.
				const inWindow = arrivals.filter((t) => t >= arrivals[i] && t < arrivals[i] + 900).length;
				worst = Math.max(worst, inWindow);
			}
			expect(arrivals).toHaveLength(120);
			expect(worst).toBeLessThanOrEqual(50);
		} finally {
			await server.close();
		}
	});

	it('releases at most 50 in any second and near 50 per second; a 429 widens the window for a while', async () => {
		const release = async (key: string, count: number) => {
			const times: number[] = [];
			await Promise.all(
				Array.from({ length: count }, async () => {
					await waitForSlot(key);
					times.push(Date.now());
				}),
			);
			return times.sort((a, b) => a - b);
		};
		const worst = (times: number[], windowMs: number) =>
			Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
		const plain = await release('A POST /x', 120);
		expect(worst(plain, 1000)).toBeLessThanOrEqual(50);
		// The 51st waits for the first to leave the 1,015 ms window. Times are taken when each caller resumes, and the
		// first may resume up to ~15 ms late on a loaded machine: TikTok's own 1,000 ms is the bound that must hold.
		expect(plain[50] - plain[0]).toBeGreaterThanOrEqual(1000);
		for (let i = 0; i < 10; i++) noteRateLimited('B POST /x');
		const widened = await release('B POST /x', 120);
		expect(worst(widened, 1000)).toBeLessThanOrEqual(50);
		// After ten 429s the window is 100 ms longer, giving back 0.5 ms per send: 75 ms at the 51st.
		expect(widened[50] - widened[0]).toBeGreaterThanOrEqual(1065);
		expect(windowAllows([1, 2, 3], 3, 1000)).toBe(1001);
		expect(windowAllows([1, 2], 3, 1000)).toBe(0);
	});

	it('gives each shop and endpoint its own budget, with IDs in paths collapsed', () => {
		expect(throttleKey('A', 'post', '/product/202309/products/1729556489100298210/inventory/update')).toBe(
			throttleKey('A', 'POST', '/product/202309/products/999/inventory/update'),
		);
		expect(throttleKey('A', 'POST', '/x')).not.toBe(throttleKey('B', 'POST', '/x'));
	});
});

describe('tikTokApiRequestAllItems', () => {
	beforeEach(() => resetThrottle());
	const pageToken = (page: number) => `tok+${page}/x==`;

	function pagedServer(total: number) {
		return setup((request) => {
			const size = Number(request.query.page_size);
			const page = request.query.page_token ? Number(/tok\+(\d+)/.exec(request.query.page_token)?.[1]) : 0;
			const start = page * size;
			const orders = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_v, k) => ({
				id: String(576461413038785752n + BigInt(start + k)),
			}));
			const next = start + size < total ? pageToken(page + 1) : '';
			return ok({ orders, next_page_token: next, total_count: total });
		});
	}

	it('follows next_page_token (with + / = intact) to the end for Return All', async () => {
		const { server, harness } = await pagedServer(250);
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: { mode: 'paginate' } });
			expect(result.items).toHaveLength(250);
			expect(new Set(result.items.map((item) => item.json.id)).size).toBe(250);
			expect(server.requests.map((request) => request.query.page_token ?? '')).toEqual([
				'',
				pageToken(1),
				pageToken(2),
			]);
			expect(server.requests.every((request) => request.signatureValid && request.query.page_size === '100')).toBe(
				true,
			);
			expect(result.items[0].json.id).toBe('576461413038785752');
		} finally {
			await server.close();
		}
	});

	it('stops at the limit and asks only for the page size it needs', async () => {
		const { server, harness } = await pagedServer(250);
		try {
			const result = await harness.runNode({ type: 'transportProbe', parameters: { mode: 'paginate', limit: 30 } });
			expect(result.items).toHaveLength(30);
			expect(server.requests).toHaveLength(1);
			expect(server.requests[0].query.page_size).toBe('30');
		} finally {
			await server.close();
		}
	});
});
