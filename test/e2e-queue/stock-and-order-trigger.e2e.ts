/**
 * Queue mode (scripts/lib/queue-stack.js: Postgres, Redis, n8n main + one `n8n webhook` processor + two workers, each
 * worker running one execution at a time, the package installed from its tarball), two jobs on one stack:
 *
 * 1. The stock example's job (Inventory › Update by seller SKU, one summary item) for 10,000 SKUs over 2,000 products
 *    of ONE shop, in two halves started at the same moment through a production Webhook: one execution per worker,
 *    both against the same shop. Each worker paces its own requests under TikTok's 50 per second, so together they
 *    send more than TikTok allows and the emulator answers the excess with 429. Every SKU must end with the quantity
 *    asked (the second warehouse of two-warehouse SKUs keeps its stock), every 429 absorbed by retries (no failed
 *    item), and exactly one successful update call per product.
 * 2. The Order Trigger (polling) active in queue mode: orders created and changed between polls are each emitted
 *    once ((id, update_time) never twice), the polls run in main and the executions they start run on the workers.
 *
 * One stack for both: starting one costs about a minute of CI time, and the two jobs run one after the other.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomUUID } from 'crypto';

import { rt, type Execution, type N8nClient } from '../e2e/support/runtime';
import { planHalves, stockSyncWorkflow, type StockSku } from './support/stock-halves';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startQueueStack } = require('../../scripts/lib/queue-stack.js');

const PRODUCTS = 2000;
const SKUS_PER_PRODUCT = 5;
const ORDER_SEARCH = '/order/202309/orders/search';
const FINAL = ['success', 'error', 'crashed', 'canceled'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let stack: any;
let client: N8nClient;
let stateDir: string;

beforeAll(
	async () => {
		stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-queue-'));
		stack = await startQueueStack({
			stateDir,
			seed: 'e2e-queue-two-workers',
			shopify: false,
			importExamples: false,
			publishTriggers: false,
			workers: 2,
			// one execution at a time per worker: two executions started together land on both workers
			workerConcurrency: 1,
			postgresSettings: { synchronous_commit: 'off' },
			// main logs each poll it runs ("Poll trigger initiated", n8n's poll-trigger scope, debug level)
			n8nEnv: { N8N_LOG_LEVEL: 'debug', N8N_LOG_SCOPES: 'poll-trigger,workflow-activation' },
			handleSignals: true,
			onProgress: (line: string) => process.stderr.write(`[queue-stack] ${line}\n`),
		});
		client = new rt.N8nClient(stack.n8n.url);
		client.apiKey = stack.n8n.client.apiKey;
	},
	10 * 60 * 1000,
);

afterAll(async () => {
	if (stack) await stack.stop();
	fs.rmSync(stateDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const admin = (method: string, urlPath: string, body?: unknown): Promise<any> =>
	stack.emulator.admin(method, urlPath, body);

function credentials() {
	return { tikTokShopApi: { id: stack.credentialIds.tikTokShop, name: stack.credentialNames.tikTokShop } };
}

/** Finished executions of a workflow (from Postgres), oldest first. */
function finishedExecutions(workflowId: string): Array<{ id: string; status: string }> {
	const rows = String(
		stack.postgres.query(
			`select id || ':' || status from execution_entity where "workflowId" = '${workflowId}' order by id`,
		),
	)
		.split('\n')
		.filter(Boolean);
	return rows
		.map((row) => {
			const [id, status] = row.split(':');
			return { id, status };
		})
		.filter((row) => FINAL.includes(row.status));
}

async function waitFinished(workflowId: string, count: number, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const done = finishedExecutions(workflowId);
		if (done.length >= count) return done;
		if (Date.now() > deadline) throw new Error(`only ${done.length} of ${count} executions finished`);
		await sleep(1000);
	}
}

interface Recorded {
	seq: number;
	at: number;
	method: string;
	path: string;
	status: number;
	code: number;
	body?: unknown;
}

async function lastSeq(): Promise<number> {
	const { requests } = (await admin('GET', '/requests?limit=1')) as { requests: Recorded[] };
	return requests.length ? requests[requests.length - 1].seq : 0;
}

/** The emulator's log of Open API calls since `since` (it keeps the last 20,000: check none was dropped). */
async function requestsSince(since: number, pathPrefix: string): Promise<Recorded[]> {
	const { requests } = (await admin(
		'GET',
		`/requests?host=api&since_seq=${since}&path_prefix=${encodeURIComponent(pathPrefix)}&limit=100000`,
	)) as { requests: Recorded[] };
	const { requests: all } = (await admin('GET', `/requests?since_seq=${since}&limit=100000`)) as {
		requests: Recorded[];
	};
	expect(all.length === 0 || all[0].seq === since + 1).toBe(true);
	return requests;
}

function nodeItems(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const run = execution.data?.resultData.runData[nodeName]?.[0];
	return (run?.data?.main[0] ?? []).map((item) => item.json);
}

describe('stock sync of 10,000 SKUs in two halves on two workers, one shop', () => {
	test('both executions succeed, one per worker; every SKU gets its quantity; every 429 absorbed; one update call per product', async () => {
		const shop = stack.emulator.shops[0];
		const added = (await admin('POST', '/products', {
			shop_id: shop.id,
			count: PRODUCTS,
			skus_per_product: SKUS_PER_PRODUCT,
			two_warehouse_every: 5,
			seller_sku_prefix: 'QSTOCK',
		})) as { products: Array<{ product_id: string; skus: StockSku[] }> };
		expect(added.products).toHaveLength(PRODUCTS);

		// the CSV rows of the example: a new quantity for every SKU; a SKU in two warehouses names one of them
		const { halves, expected } = planHalves(added.products);
		expect(expected.size).toBe(PRODUCTS * SKUS_PER_PRODUCT);
		expect(halves[0].length + halves[1].length).toBe(expected.size);
		expect([...expected.values()].filter((warehouses) => warehouses.size === 2).length).toBe(expected.size / 5);

		const webhookPath = randomUUID();
		const workflow = await client.createWorkflow(
			stockSyncWorkflow({
				name: 'Queue e2e: stock sync in halves',
				webhookPath,
				cipher: shop.cipher,
				credential: credentials().tikTokShopApi,
				onError: 'continueRegularOutput',
			}),
		);
		await client.activateWorkflow(workflow.id);
		// the processor finds the webhook in Postgres once main has stored it
		for (let attempt = 0; attempt < 80; attempt++) {
			const rows = stack.postgres.query(`select count(*) from webhook_entity where "workflowId" = '${workflow.id}'`);
			if (Number(rows) > 0) break;
			await sleep(250);
		}

		const since = await lastSeq();
		const started = Date.now();
		const url = `${stack.webhookProcessors[0].url}/webhook/${webhookPath}`;
		// both halves at the same moment; a 404 means the processor does not know the webhook yet (nothing started)
		const answers = await Promise.all(
			halves.map(async (rows) => {
				for (let attempt = 0; ; attempt++) {
					const reply = await rt.request('POST', url, { body: { rows }, timeoutMs: 60000 });
					if (reply.status !== 404 || attempt >= 20) return reply.status;
					await sleep(250);
				}
			}),
		);
		expect(answers).toEqual([200, 200]);
		const done = await waitFinished(workflow.id, 2, 5 * 60 * 1000);
		const wallMs = Date.now() - started;
		expect(done.map((execution) => execution.status)).toEqual(['success', 'success']);

		// one execution on each worker, at the same time
		const byWorker = stack.executionsByWorker() as Array<Set<string>>;
		expect(byWorker.map((ids) => done.filter((execution) => ids.has(execution.id)).length)).toEqual([1, 1]);
		const [a, b] = done.map(({ id }) =>
			String(
				stack.postgres.query(
					`select extract(epoch from "startedAt") * 1000 || ':' || extract(epoch from "stoppedAt") * 1000 from execution_entity where id = ${id}`,
				),
			)
				.trim()
				.split(':')
				.map(Number),
		);
		expect(a[0] < b[1] && b[0] < a[1]).toBe(true);

		// the node's summary: every row changed, none failed (a 429 not absorbed would fail its product's rows)
		for (const { id } of done) {
			const execution = await client.getExecution(id);
			const [summary] = nodeItems(execution, 'Update TikTok Stock');
			expect(summary).toMatchObject({ changed: expected.size / 2, unchanged: 0, failed: 0, superseded: 0 });
		}

		// every SKU in the emulator: the quantity asked, and the other warehouse of two-warehouse SKUs untouched
		const { products } = (await admin('GET', `/stock?shop_id=${shop.id}`)) as {
			products: Array<{ skus: StockSku[] }>;
		};
		const wrong: string[] = [];
		for (const sku of products.flatMap((product) => product.skus)) {
			const want = expected.get(sku.id);
			if (!want) continue;
			for (const entry of sku.warehouse_inventory)
				if (want.get(entry.warehouse_id) !== entry.available_quantity)
					wrong.push(`${sku.seller_sku}@${entry.warehouse_id}: ${entry.available_quantity}`);
			want.clear();
		}
		expect(wrong).toEqual([]);
		expect([...expected.values()].filter((want) => want.size > 0)).toEqual([]);

		// the emulator's log: one successful update call per product, 429s all retried
		const calls = await requestsSince(since, '/product/202309/');
		const updates = calls.filter((call) => call.method === 'POST' && call.path.endsWith('/inventory/update'));
		const succeeded = updates.filter((call) => call.status === 200 && call.code === 0);
		expect(succeeded).toHaveLength(PRODUCTS);
		expect(new Set(succeeded.map((call) => call.path)).size).toBe(PRODUCTS);
		const refused = calls.filter((call) => call.status === 429);
		const updateSpanMs = succeeded.length ? succeeded[succeeded.length - 1].at - updates[0].at : 0;
		process.stderr.write(
			`queue stock two workers: ${expected.size} SKUs / ${PRODUCTS} products, wall ${(wallMs / 1000).toFixed(1)} s ` +
				`(update calls over ${(updateSpanMs / 1000).toFixed(1)} s, ${((PRODUCTS / updateSpanMs) * 1000).toFixed(1)}/s), ` +
				`${updates.length} update attempts, 429s ${refused.length} (updates ${refused.filter((call) => updates.includes(call)).length}), ` +
				`executions ${((a[1] - a[0]) / 1000).toFixed(1)} s and ${((b[1] - b[0]) / 1000).toFixed(1)} s, ` +
				`load ${os.loadavg()[0].toFixed(2)}\n`,
		);
	});
});

describe('Order Trigger (polling) in queue mode', () => {
	interface Change {
		id: string;
		update_time: number;
	}

	async function emittedBy(workflowId: string): Promise<{ executions: string[]; emitted: string[] }> {
		const executions = finishedExecutions(workflowId);
		const emitted: string[] = [];
		for (const { id, status } of executions) {
			expect(status).toBe('success');
			const execution = await client.getExecution(id);
			for (const item of nodeItems(execution, 'Order Trigger')) {
				const order = item.order as { id: string; update_time: number };
				emitted.push(`${order.id}@${order.update_time}`);
			}
		}
		return { executions: executions.map((execution) => execution.id), emitted };
	}

	async function waitEmitted(workflowId: string, expected: Change[], timeoutMs = 90000) {
		const want = expected.map((change) => `${change.id}@${change.update_time}`);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const result = await emittedBy(workflowId);
			if (want.every((key) => result.emitted.includes(key))) return result;
			if (Date.now() > deadline)
				throw new Error(`not emitted: ${want.filter((key) => !result.emitted.includes(key)).join(', ')}`);
			await sleep(2000);
		}
	}

	function mainPolls(workflowName: string): number {
		const log = fs.readFileSync(stack.n8n.logFile, 'utf8');
		return log.split(`Poll trigger initiated for workflow "${workflowName}"`).length - 1;
	}

	test('orders created and changed between polls: each change emitted once, polled in main, run on the workers', async () => {
		const shop = stack.emulator.shops[0];
		const name = 'Queue e2e: order trigger';
		// n8n refuses poll times more often than once a minute, per poll time: six poll times, each once a minute at
		// its own second, poll every 10 seconds (Poll Times › Add Poll Time, Custom)
		const pollTimes = [0, 10, 20, 30, 40, 50].map((second) => ({
			mode: 'custom',
			cronExpression: `${second} * * * * *`,
		}));
		const workflow = await client.createWorkflow({
			name,
			nodes: [
				{
					id: randomUUID(),
					name: 'Order Trigger',
					type: 'n8n-nodes-tiktok-shop.tikTokShopOrderTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						pollTimes: { item: pollTimes },
						shop: { __rl: true, mode: 'cipher', value: shop.cipher },
						event: 'newOrUpdatedOrder',
					},
					credentials: credentials(),
				},
				{
					id: randomUUID(),
					name: 'Done',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: { 'Order Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		const since = await lastSeq();
		// activation polls once at once: the cursor starts now, nothing is emitted
		await client.activateWorkflow(workflow.id);
		for (let attempt = 0; attempt < 40 && mainPolls(name) === 0; attempt++) await sleep(250);
		expect(mainPolls(name)).toBeGreaterThan(0);
		await sleep(1100);

		const create = async (count: number): Promise<Change[]> =>
			(
				(await admin('POST', '/orders', {
					shop_id: shop.id,
					count,
					status: 'AWAITING_SHIPMENT',
					emit: false,
				})) as { orders: Change[] }
			).orders.map(({ id, update_time }) => ({ id, update_time }));
		const setStatus = async (id: string, status: string): Promise<Change> => {
			const order = (await admin('POST', `/orders/${id}/status`, { status, emit: false })) as Change;
			return { id, update_time: order.update_time };
		};
		const setAddress = async (id: string): Promise<Change> => {
			const order = (await admin('POST', `/orders/${id}/address`, {
				address_line2: `Apt ${id.slice(-3)}`,
				emit: false,
			})) as Change;
			return { id, update_time: order.update_time };
		};

		// round 1: new orders
		const first = await create(12);
		const changes: Change[] = [...first];
		await waitEmitted(workflow.id, changes);
		// round 2: status changes, address changes and more new orders, after the poll that emitted round 1
		const second = [
			...(await Promise.all(first.slice(0, 4).map((order) => setStatus(order.id, 'AWAITING_COLLECTION')))),
			...(await Promise.all(first.slice(4, 7).map((order) => setAddress(order.id)))),
			...(await create(6)),
		];
		changes.push(...second);
		await waitEmitted(workflow.id, changes);
		// round 3: the same orders change again
		const third = [
			...(await Promise.all(first.slice(0, 2).map((order) => setStatus(order.id, 'IN_TRANSIT')))),
			...(await Promise.all(first.slice(4, 5).map((order) => setStatus(order.id, 'CANCELLED')))),
			...(await create(3)),
		];
		changes.push(...third);
		await waitEmitted(workflow.id, changes);
		// one more poll that finds nothing new (every order is still inside the trigger's 5-minute look-back window,
		// as they were for the polls of rounds 2 and 3)
		const pollsBefore = mainPolls(name);
		for (let attempt = 0; attempt < 30 && mainPolls(name) <= pollsBefore; attempt++) await sleep(1000);
		expect(mainPolls(name)).toBeGreaterThan(pollsBefore);
		await sleep(2000);
		await client.deactivateWorkflow(workflow.id);
		// whatever that poll started has finished too
		for (let attempt = 0; attempt < 60; attempt++) {
			const all = Number(
				stack.postgres.query(`select count(*) from execution_entity where "workflowId" = '${workflow.id}'`),
			);
			if (all === finishedExecutions(workflow.id).length) break;
			await sleep(500);
		}

		const { executions, emitted } = await emittedBy(workflow.id);
		// every change once, nothing else, nothing twice
		expect([...emitted].sort()).toEqual(changes.map((change) => `${change.id}@${change.update_time}`).sort());
		expect(new Set(emitted).size).toBe(emitted.length);
		expect(executions.length).toBeGreaterThanOrEqual(3);

		// the executions ran on the workers
		const byWorker = stack.executionsByWorker() as Array<Set<string>>;
		for (const id of executions) expect(byWorker.filter((ids) => ids.has(id))).toHaveLength(1);
		// the polls ran in main: every order search TikTok saw is one of main's polls (a worker re-running the poll
		// for its execution would add searches)
		// (the activation's poll only sets the cursor, without a search)
		const searches = (await requestsSince(since, ORDER_SEARCH)).filter((call) => call.method === 'POST');
		const polls = mainPolls(name);
		expect(searches.length).toBe(polls - 1);
		process.stderr.write(
			`queue order trigger: ${changes.length} changes emitted once over ${executions.length} executions, ` +
				`${polls} polls in main, executions per worker ${byWorker.map((ids) => executions.filter((id) => ids.has(id)).length).join('/')}\n`,
		);
	});
});
