/**
 * The queue-mode rows of bench/stock-queue.ts: a real n8n 2.41 in queue mode (scripts/lib/queue-stack.js: Postgres,
 * Redis, main, one webhook processor, 1 or 2 workers, the package installed from its tarball in dist/) running the
 * stock example's job (Webhook → Split Out → TikTok Shop Inventory › Update by seller SKU, summary output) for
 * 10,000 SKUs over 2,000 products of one shop, in two halves posted at the same moment.
 * - 1 worker (10 executions at once, n8n's default): both halves run in one process and share its throttle;
 * - 2 workers (1 execution at once each): one half per worker process, two throttles against one shop.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

import { rt } from '../test/e2e/support/runtime';
import { planHalves, stockSyncWorkflow, type StockSku } from '../test/e2e-queue/support/stock-halves';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startQueueStack } = require('../scripts/lib/queue-stack.js');

export interface QueueRow {
	workers: number;
	/** From posting both halves until both executions finished. */
	ms: number;
	attempts: number;
	updated: number;
	refused429: number;
	accepted: number[];
	/** SKUs whose stock differs from what the rows asked (either warehouse). */
	lost: number;
	statuses: string[];
	/** Executions per worker process. */
	perWorker: number[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function runJob(stack: any, products: number, skus: number): Promise<Omit<QueueRow, 'workers'>> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const admin = (method: string, urlPath: string, body?: unknown): Promise<any> =>
		stack.emulator.admin(method, urlPath, body);
	const shop = stack.emulator.shops[0];
	const added = await admin('POST', '/products', {
		shop_id: shop.id,
		count: products,
		skus_per_product: skus,
		two_warehouse_every: 5,
		seller_sku_prefix: 'QBENCH',
	});
	const { halves, expected } = planHalves(added.products);
	const client = new rt.N8nClient(stack.n8n.url);
	client.apiKey = stack.n8n.client.apiKey;
	const webhookPath = randomUUID();
	const credential = { id: stack.credentialIds.tikTokShop, name: stack.credentialNames.tikTokShop };
	const workflow = await client.createWorkflow(
		stockSyncWorkflow({ name: 'Bench: stock sync in halves', webhookPath, cipher: shop.cipher, credential }),
	);
	await client.activateWorkflow(workflow.id);
	const count = () =>
		Number(stack.postgres.query(`select count(*) from webhook_entity where "workflowId" = '${workflow.id}'`));
	for (let attempt = 0; attempt < 80 && count() === 0; attempt++) await sleep(250);

	const { requests: before } = await admin('GET', '/requests?limit=1');
	const since = before.length ? before[before.length - 1].seq : 0;
	const url = `${stack.webhookProcessors[0].url}/webhook/${webhookPath}`;
	const started = Date.now();
	await Promise.all(
		halves.map(async (rows) => {
			for (let attempt = 0; attempt < 20; attempt++) {
				const reply = await rt.request('POST', url, { body: { rows }, timeoutMs: 60000 });
				if (reply.status !== 404) return;
				await sleep(250);
			}
		}),
	);
	const finished = () =>
		String(
			stack.postgres.query(
				`select id || ':' || status from execution_entity where "workflowId" = '${workflow.id}' and status in ('success','error','crashed','canceled') order by id`,
			),
		)
			.split('\n')
			.filter(Boolean);
	while (finished().length < 2) {
		if (Date.now() - started > 10 * 60 * 1000) throw new Error('the two executions did not finish in 10 minutes');
		await sleep(500);
	}
	const ms = Date.now() - started;
	const done = finished().map((row) => row.split(':'));
	const byWorker = stack.executionsByWorker() as Array<Set<string>>;

	const { requests } = await admin(
		'GET',
		`/requests?host=api&since_seq=${since}&path_prefix=%2Fproduct%2F&limit=100000`,
	);
	const updates = (requests as Array<{ at: number; path: string; status: number; code: number }>).filter((call) =>
		call.path.endsWith('/inventory/update'),
	);
	const { products: stock } = await admin('GET', `/stock?shop_id=${shop.id}`);
	let lost = 0;
	for (const sku of (stock as Array<{ skus: StockSku[] }>).flatMap((product) => product.skus)) {
		const want = expected.get(sku.id);
		if (!want) continue;
		if (sku.warehouse_inventory.some((entry) => want.get(entry.warehouse_id) !== entry.available_quantity)) lost++;
		expected.delete(sku.id);
	}
	return {
		ms,
		attempts: updates.length,
		updated: updates.filter((call) => call.code === 0).length,
		refused429: updates.filter((call) => call.status === 429).length,
		accepted: updates.filter((call) => call.code === 0).map((call) => call.at),
		lost: lost + expected.size,
		statuses: done.map(([, status]) => status),
		perWorker: byWorker.map((ids) => done.filter(([id]) => ids.has(id)).length),
	};
}

/** One stack with `workers` worker processes, the job on it, the stack stopped again. */
export async function runQueueRow(workers: 1 | 2, products: number, skus: number): Promise<QueueRow> {
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-bench-stock-queue-'));
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let stack: any;
	try {
		stack = await startQueueStack({
			stateDir,
			seed: 'bench-stock-queue',
			shopify: false,
			importExamples: false,
			publishTriggers: false,
			workers,
			// 2 workers: one execution each, so the halves land on both; 1 worker: both halves in its one process
			workerConcurrency: workers === 1 ? 10 : 1,
			postgresSettings: { synchronous_commit: 'off' },
			handleSignals: true,
			onProgress: (line: string) => process.stderr.write(`[queue-stack] ${line}\n`),
		});
		return { workers, ...(await runJob(stack, products, skus)) };
	} finally {
		if (stack) await stack.stop();
		fs.rmSync(stateDir, { recursive: true, force: true });
	}
}
