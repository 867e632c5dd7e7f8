/**
 * Benchmark: a burst of TikTok Shop webhooks into a REAL n8n 2.41 server running the TikTok Shop Trigger from dist/.
 *
 *   npm run build && npx ts-node --transpile-only bench/webhook-burst.ts [--count 500] [--concurrency 20] [--sequential 50] [--write]
 *
 * Starts the emulator (CLI) and one n8n server (scripts/lib/stack.js, as the e2e suite does), publishes a
 * workflow "TikTok Shop Trigger (Order Status Change) → No Operation", then:
 *   (1) sends `count` ORDER_STATUS_CHANGE deliveries, each with its own tts_notification_id, about real emulator orders,
 *       signed with the emulator's own webhook signing (emulator/signing.ts) and app secret, `concurrency` at a time,
 *       to n8n's webhook URL (what a reverse proxy on 443 forwards to). It records every answer's status and time
 *       (TikTok waits 3 s, then counts the delivery as failed and retries), then waits until n8n has finished all
 *       executions: executions per second from the first send to the last execution's stop time;
 *   (2) sends the same `count` deliveries again (exact duplicates, as TikTok's retries are) at the same concurrency and
 *       counts the executions they start (should be 0);
 *   (3) sends `sequential` more distinct deliveries one at a time: the answer time of a delivery alone.
 * `--write` writes the figures and the command to bench/results/webhook-burst.md.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomUUID } from 'crypto';

import { webhookSignature } from '../emulator/signing';
import { assertNoEmulatorWarningsAt } from './emulator-warnings';
import { startStack } from '../test/e2e/support/environment';
import { rt, type N8nClient } from '../test/e2e/support/runtime';

function arg(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const COUNT = arg('count', 500);
const CONCURRENCY = arg('concurrency', 20);
const SEQUENTIAL = arg('sequential', 50);
const WRITE = process.argv.includes('--write');
const TIKTOK_LIMIT_MS = 3000;
const STATUSES = ['AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCEL'];

interface Answer {
	status: number;
	ms: number;
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

async function sendAll(url: string, bodies: Array<{ body: string; signature: string }>, concurrency: number): Promise<Answer[]> {
	const answers: Answer[] = new Array(bodies.length);
	let next = 0;
	async function worker(): Promise<void> {
		for (;;) {
			const index = next++;
			if (index >= bodies.length) return;
			const started = process.hrtime.bigint();
			let status = 0;
			try {
				const reply = await rt.request('POST', url, { body: bodies[index].body, headers: { authorization: bodies[index].signature }, timeoutMs: 30000 });
				status = reply.status;
			} catch {
				status = 0;
			}
			answers[index] = { status, ms: Number(process.hrtime.bigint() - started) / 1e6 };
		}
	}
	await Promise.all(Array.from({ length: concurrency }, () => worker()));
	return answers;
}

interface ExecutionSummary {
	id: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
}

/** Every execution of the workflow (public API, 250 per page). */
async function allExecutions(client: N8nClient, workflowId: string): Promise<ExecutionSummary[]> {
	const out: ExecutionSummary[] = [];
	let cursor: string | undefined;
	do {
		const query = `workflowId=${workflowId}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
		const reply = await client.request('GET', `/api/v1/executions?${query}`, { auth: 'apiKey' });
		if (reply.status !== 200) throw new Error(`GET /api/v1/executions: ${reply.status} ${reply.text}`);
		out.push(...(reply.body.data as ExecutionSummary[]));
		cursor = reply.body.nextCursor ?? undefined;
	} while (cursor);
	return out;
}

async function waitForExecutions(client: N8nClient, workflowId: string, count: number, timeoutMs: number): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const list = await allExecutions(client, workflowId);
		const finished = list.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		if (finished.length >= count) return list;
		if (Date.now() > deadline) throw new Error(`only ${finished.length} of ${count} executions finished after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

function describe(answers: Answer[]) {
	const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
	const statuses: Record<string, number> = {};
	for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
	return {
		p50: percentile(times, 50),
		p90: percentile(times, 90),
		p99: percentile(times, 99),
		max: times[times.length - 1],
		over3s: times.filter((ms) => ms > TIKTOK_LIMIT_MS).length,
		statuses,
	};
}

async function main(): Promise<void> {
	if (!fs.existsSync(path.join(__dirname, '../dist/nodes/TikTokShopTrigger/TikTokShopTrigger.node.js'))) throw new Error('run "npm run build" first');
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-bench-burst-'));
	// emulator + one real n8n with dist/ and the TikTok Shop credential (no examples, no Shopify stand-in);
	// stack.js stops everything on Ctrl-C
	const stack = await startStack({ stateDir, seed: 'bench-burst', shopify: false, importExamples: false, publishTriggers: false, onProgress: () => undefined });
	const stop = async () => {
		await stack.stop();
		fs.rmSync(stateDir, { recursive: true, force: true });
	};
	try {
		const client = new rt.N8nClient(stack.n8n.url);
		client.apiKey = stack.n8n.client.apiKey;
		const n8n = { url: stack.n8n.url };
		const emulator = stack.emulator;
		const shop = emulator.shops[0];
		const credential = { id: stack.credentialIds.tikTokShop, name: stack.credentialNames.tikTokShop };
		const webhookId = randomUUID();
		const workflow = await client.createWorkflow({
			name: 'Bench: webhook burst',
			nodes: [
				{
					id: randomUUID(),
					name: 'TikTok Shop Trigger',
					type: 'n8n-nodes-tiktok-shop.tikTokShopTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { shop: { __rl: true, mode: 'cipher', value: shop.cipher }, events: ['ORDER_STATUS_CHANGE'] },
					credentials: { tikTokShopApi: credential },
				},
				{ id: randomUUID(), name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
			],
			connections: { 'TikTok Shop Trigger': { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await client.activateWorkflow(workflow.id);
		const url = `${n8n.url}/webhook/${webhookId}/webhook`;
		await rt.waitForWebhook(url, { timeoutMs: 30000 });

		// real orders of the shop, created quietly (no events of their own)
		const created = await rt.request('POST', `${emulator.adminUrl}/orders`, { body: { shop_id: shop.id, count: COUNT, status: 'AWAITING_SHIPMENT', emit: false } });
		const orderIds = (created.body.orders as Array<{ id: string }>).map((order) => order.id);
		const now = Math.floor(Date.now() / 1000);
		const idBase = BigInt('7310000000000000000') + BigInt(Date.now()) * 1000n;
		const deliveries = orderIds.map((orderId, index) => {
			const status = STATUSES[index % STATUSES.length];
			const body = JSON.stringify({
				type: 1,
				tts_notification_id: String(idBase + BigInt(index)),
				shop_id: shop.id,
				timestamp: now,
				data: { order_id: orderId, order_status: status, is_on_hold_order: false, update_time: now },
			});
			return { body, signature: webhookSignature(emulator.appKey, emulator.appSecret, body) };
		});
		// warm-up: one delivery outside the measurement (n8n compiles the workflow, opens the DB pool...)
		const warmBody = JSON.stringify({ type: 1, tts_notification_id: String(idBase - 1n), shop_id: shop.id, timestamp: now, data: { order_id: orderIds[0], order_status: 'IN_TRANSIT', is_on_hold_order: false, update_time: now } });
		await rt.waitForWebhook(url, { call: { method: 'POST', body: warmBody, headers: { authorization: webhookSignature(emulator.appKey, emulator.appSecret, warmBody) } } });
		const warmUp = new Set((await waitForExecutions(client, workflow.id, 1, 30000)).map((execution) => execution.id));

		console.log(`burst 1: ${COUNT} distinct deliveries, ${CONCURRENCY} at a time → ${url}`);
		const started = Date.now();
		const answers = await sendAll(url, deliveries, CONCURRENCY);
		const sentMs = Date.now() - started;
		const executions = await waitForExecutions(client, workflow.id, COUNT + 1, 10 * 60 * 1000);
		const burstExecutions = executions.filter((execution) => !warmUp.has(execution.id));
		const lastStop = Math.max(...burstExecutions.map((execution) => Date.parse(execution.stoppedAt ?? execution.startedAt)));
		const allDoneMs = lastStop - started;
		const first = describe(answers);
		const byStatus: Record<string, number> = {};
		for (const execution of burstExecutions) byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
		console.log(JSON.stringify({ sentMs, allDoneMs, first, executions: burstExecutions.length, byStatus }));

		console.log(`burst 2: the same ${COUNT} deliveries again (exact duplicates), ${CONCURRENCY} at a time`);
		const duplicates = await sendAll(url, deliveries, CONCURRENCY);
		await new Promise((resolve) => setTimeout(resolve, 5000));
		const afterDuplicates = await allExecutions(client, workflow.id);
		const second = describe(duplicates);
		const duplicateExecutions = afterDuplicates.length - executions.length;
		console.log(JSON.stringify({ second, duplicateExecutions }));

		console.log(`(3) ${SEQUENTIAL} more distinct deliveries, one at a time`);
		const extraOrders = (
			await rt.request('POST', `${emulator.adminUrl}/orders`, { body: { shop_id: shop.id, count: SEQUENTIAL, status: 'AWAITING_SHIPMENT', emit: false } })
		).body.orders as Array<{ id: string }>;
		const sequential = extraOrders.map((order, index) => {
			const body = JSON.stringify({ type: 1, tts_notification_id: String(idBase + BigInt(COUNT + index)), shop_id: shop.id, timestamp: now, data: { order_id: order.id, order_status: 'DELIVERED', is_on_hold_order: false, update_time: now } });
			return { body, signature: webhookSignature(emulator.appKey, emulator.appSecret, body) };
		});
		const alone = describe(await sendAll(url, sequential, 1));
		const afterSequential = await waitForExecutions(client, workflow.id, afterDuplicates.length + SEQUENTIAL, 120000);
		const sequentialExecutions = afterSequential.length - afterDuplicates.length;
		console.log(JSON.stringify({ alone, sequentialExecutions }));

		const storedWorkflow = await client.getWorkflow(workflow.id);
		const remembered = Object.keys(((storedWorkflow.staticData as Record<string, { deliveries?: object }> | null)?.['node:TikTok Shop Trigger']?.deliveries ?? {}) as object).length;

		const passed = first.over3s === 0 && (first.statuses['200'] ?? 0) === COUNT && burstExecutions.length === COUNT && duplicateExecutions === 0 && sequentialExecutions === SEQUENTIAL;
		const ms = (value: number) => `${Math.round(value)} ms`;
		const lines = [
			`# Benchmark: burst of ${COUNT} TikTok Shop webhooks into a real n8n`,
			'',
			'Command: `npm run build && npx ts-node --transpile-only bench/webhook-burst.ts --write`',
			'',
			`Run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, system Node ${process.version} (bench), n8n 2.41.0 on Node 24 (\`scripts/lib/n8n-runtime.js\`, sqlite, default execution settings: every execution saved), TikTok Shop Trigger from dist/ → No Operation. ${COUNT} distinct ORDER_STATUS_CHANGE deliveries about ${COUNT} real emulator orders (6 statuses, one \`tts_notification_id\` each), signed with the emulator's app secret by the emulator's own signing code, sent ${CONCURRENCY} at a time over loopback to n8n's webhook URL. One warm-up delivery before the measurement.`,
			'',
			'| | Deliveries | HTTP answers | p50 | p90 | p99 | max | Over TikTok\'s 3 s | Executions started |',
			'|---|---|---|---|---|---|---|---|---|',
			`| (1) distinct events | ${COUNT} | ${JSON.stringify(first.statuses)} | ${ms(first.p50)} | ${ms(first.p90)} | ${ms(first.p99)} | ${ms(first.max)} | ${first.over3s} | ${burstExecutions.length} (${JSON.stringify(byStatus)}) |`,
			`| (2) the same deliveries again (retries) | ${COUNT} | ${JSON.stringify(second.statuses)} | ${ms(second.p50)} | ${ms(second.p90)} | ${ms(second.p99)} | ${ms(second.max)} | ${second.over3s} | ${duplicateExecutions} |`,
			`| (3) more distinct events, one at a time | ${SEQUENTIAL} | ${JSON.stringify(alone.statuses)} | ${ms(alone.p50)} | ${ms(alone.p90)} | ${ms(alone.p99)} | ${ms(alone.max)} | ${alone.over3s} | ${sequentialExecutions} |`,
			'',
			`Throughput of (1): all ${COUNT} answers in ${(sentMs / 1000).toFixed(1)} s (${(COUNT / (sentMs / 1000)).toFixed(1)} deliveries/s); all ${burstExecutions.length} executions finished ${(allDoneMs / 1000).toFixed(1)} s after the first send: **${(burstExecutions.length / (allDoneMs / 1000)).toFixed(1)} executions/s**.`,
			'',
			`Delivery log at the end: ${remembered} notification ids remembered in the workflow's static data (the trigger keeps up to 2,000 for 24 h).`,
			'',
			'How to read it:',
			`- The answer time is what TikTok measures. With ${CONCURRENCY} deliveries in flight it is mostly waiting in line (${CONCURRENCY} ÷ the delivery rate); row (3) shows the time of one delivery alone. So it grows with whatever else the machine does: five runs of burst (1) on 2026-11-22 on this 2-core machine gave p99 1.7 s, 2.2 s, 2.5 s, 2.7 s and 3.6 s; the 3.6 s run, on a busy machine (load average about 5), answered 18 of 500 deliveries after 3 s. TikTok retries those, and the duplicate log below keeps the retries from running the workflow twice. A shop that expects bursts this large should give n8n more than 2 shared cores.`,
			"- The trigger checks the signature and the duplicate log, answers 200, and only then does n8n run the workflow, so the answer does not wait for the workflow's own nodes. TikTok retries an answer slower than 3 s (after 2 min, 30 min, 3 h, 12 h); a retry of an event that did start the workflow is then answered 200 without a second execution.",
			"- Burst (2) is the retry case at full speed: the same bytes and signatures again; executions started must be 0. n8n loads a workflow's static data for each call and saves it whole after the answer, so concurrent calls overwrite each other's copy of the duplicate log. The trigger therefore also keeps the log in the n8n process's memory and saves the union; before that fix this benchmark measured 63 of 500 duplicates starting a second execution, with 12 ids left in the stored log.",
			'- Every execution is saved in n8n\'s sqlite database (n8n\'s default); n8n with Postgres or `EXECUTIONS_DATA_SAVE_ON_SUCCESS=none` saves less per execution (not measured here). The emulator, n8n, its task runner and this script share the same cores.',
			'',
			`Result: ${passed ? 'PASS' : 'FAIL'} (every delivery answered 200 within 3 s, one execution per event, no execution from the duplicates).`,
			'',
		];
		if (!passed) process.exitCode = 1;
		console.log(lines.join('\n'));
		if (WRITE) fs.writeFileSync(path.join(__dirname, 'results', 'webhook-burst.md'), lines.join('\n'));
		await assertNoEmulatorWarningsAt(emulator.adminUrl, 'webhook-burst');
	} finally {
		await stop();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
