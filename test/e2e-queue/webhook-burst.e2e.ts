/**
 * Queue mode (scripts/lib/queue-stack.js: Postgres, Redis, n8n main + one `n8n webhook` processor + two workers,
 * the package installed from its tarball): TikTok's deliveries into the webhook processor.
 *
 * 500 distinct signed deliveries, 20 in flight, into the processor: every one answered 200 within TikTok's 3 s,
 * exactly one execution per event, run by the workers; the same deliveries again (TikTok's retries) to the processor
 * and then to main start nothing.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomUUID } from 'crypto';

import { webhookSignature } from '../../emulator/signing';
import { rt, type N8nClient } from '../e2e/support/runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startQueueStack } = require('../../scripts/lib/queue-stack.js');

const COUNT = 500;
const IN_FLIGHT = 20;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let stack: any;
let client: N8nClient;
let stateDir: string;

beforeAll(
	async () => {
		stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-queue-'));
		stack = await startQueueStack({
			stateDir,
			seed: 'e2e-queue',
			shopify: false,
			importExamples: false,
			publishTriggers: false,
			workers: 2,
			// a commit does not wait for the disk (CI's disks are slow and shared); a crash could lose the last commits only
			postgresSettings: { synchronous_commit: 'off' },
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

async function sendAll(
	url: string,
	bodies: Array<{ body: string; signature: string }>,
): Promise<Array<{ status: number; ms: number }>> {
	const answers: Array<{ status: number; ms: number }> = new Array(bodies.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: IN_FLIGHT }, async () => {
			for (let index = next++; index < bodies.length; index = next++) {
				const started = Date.now();
				let status = 0;
				try {
					status = (
						await rt.request('POST', url, {
							body: bodies[index].body,
							headers: { authorization: bodies[index].signature },
							timeoutMs: 30000,
						})
					).status;
				} catch {
					status = 0;
				}
				answers[index] = { status, ms: Date.now() - started };
			}
		}),
	);
	return answers;
}

function executionCount(workflowId: string): number {
	return Number(stack.postgres.query(`select count(*) from execution_entity where "workflowId" = '${workflowId}'`));
}

function finishedCount(workflowId: string): number {
	return Number(
		stack.postgres.query(
			`select count(*) from execution_entity where "workflowId" = '${workflowId}' and status = 'success'`,
		),
	);
}

async function waitFinished(workflowId: string, count: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (finishedCount(workflowId) < count) {
		if (Date.now() > deadline)
			throw new Error(`only ${finishedCount(workflowId)} of ${count} executions finished after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

test('500 deliveries, 20 in flight, into the webhook processor: all 200 within 3 s, one execution each on the workers; retries to the processor and to main start nothing', async () => {
	const shop = stack.emulator.shops[0];
	const webhookId = randomUUID();
	const workflow = await client.createWorkflow({
		name: 'Queue e2e: TikTok Shop Trigger',
		nodes: [
			{
				id: randomUUID(),
				name: 'TikTok Shop Trigger',
				type: 'n8n-nodes-tiktok-shop.tikTokShopTrigger',
				typeVersion: 1.1,
				position: [0, 0],
				webhookId,
				parameters: { shop: { __rl: true, mode: 'cipher', value: shop.cipher }, events: ['ORDER_STATUS_CHANGE'] },
				credentials: { tikTokShopApi: { id: stack.credentialIds.tikTokShop, name: stack.credentialNames.tikTokShop } },
			},
			{
				id: randomUUID(),
				name: 'No Operation',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: { 'TikTok Shop Trigger': { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await client.activateWorkflow(workflow.id);
	// TikTok's subscription (the Event API registration on activation) points at the public URL
	// (in queue mode n8n 2.41 may finish the activation's registration just after answering the activation call)
	let hooks: unknown;
	for (let attempt = 0; attempt < 40; attempt++) {
		hooks = await stack.emulator.admin('GET', '/webhooks');
		if (JSON.stringify(hooks).includes(`${webhookId}/webhook`)) break;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	expect(JSON.stringify(hooks)).toContain(`${webhookId}/webhook`);

	const processorUrl = stack.webhookUrl(webhookId);
	const mainUrl = `${stack.n8n.url}/webhook/${webhookId}/webhook`;
	const created = await stack.emulator.admin('POST', '/orders', {
		shop_id: shop.id,
		count: COUNT,
		status: 'AWAITING_SHIPMENT',
		emit: false,
	});
	const now = Math.floor(Date.now() / 1000);
	const idBase = BigInt('7320000000000000000') + BigInt(Date.now()) * 1000n;
	const sign = (body: string) => ({
		body,
		signature: webhookSignature(stack.emulator.appKey, stack.emulator.appSecret, body),
	});
	const deliveries = (created.orders as Array<{ id: string }>).map((order, index) =>
		sign(
			JSON.stringify({
				type: 1,
				tts_notification_id: String(idBase + BigInt(index)),
				shop_id: shop.id,
				timestamp: now,
				data: { order_id: order.id, order_status: 'IN_TRANSIT', is_on_hold_order: false, update_time: now },
			}),
		),
	);
	// warm-up outside the measurement: the processor finds the webhook, the workers load the workflow
	const warm = sign(
		JSON.stringify({
			type: 1,
			tts_notification_id: String(idBase - 1n),
			shop_id: shop.id,
			timestamp: now,
			data: { order_id: created.orders[0].id, order_status: 'IN_TRANSIT', update_time: now },
		}),
	);
	await rt.waitForWebhook(processorUrl, {
		timeoutMs: 60000,
		call: { method: 'POST', body: warm.body, headers: { authorization: warm.signature } },
	});
	await waitFinished(workflow.id, 1, 60000);

	const answers = await sendAll(processorUrl, deliveries);
	const times = answers.map((answer) => answer.ms).sort((a, b) => a - b);
	process.stderr.write(
		`queue burst: p50 ${times[Math.floor(COUNT / 2)]} ms, p99 ${times[Math.ceil(COUNT * 0.99) - 1]} ms, max ${times[COUNT - 1]} ms\n`,
	);
	expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
	expect(answers.filter((answer) => answer.ms > 3000).length).toBe(0);
	await waitFinished(workflow.id, COUNT + 1, 8 * 60 * 1000);
	expect(executionCount(workflow.id)).toBe(COUNT + 1);
	// the executions ran on the workers, not in the processor or main
	const byWorker = stack.executionsByWorker() as Array<Set<string>>;
	expect(byWorker.reduce((sum, ids) => sum + ids.size, 0)).toBe(COUNT + 1);
	expect(byWorker.every((ids) => ids.size > 0)).toBe(true);

	// TikTok's retries: the same bytes again, to the processor, then to main
	for (const url of [processorUrl, mainUrl]) {
		const again = await sendAll(url, deliveries);
		expect(again.filter((answer) => answer.status !== 200)).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(executionCount(workflow.id)).toBe(COUNT + 1);
	}
});
