/**
 * The TikTok Shop Order Trigger polling a backlog in a real n8n, on the scheduler each n8n version has:
 *
 * - n8n 2.x with its durable poll scheduler and durable cursors on (N8N_SCHEDULER_ENABLED,
 *   N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, N8N_USE_WORKFLOW_PUBLICATION_SERVICE, N8N_POLLER_DURABLE_CURSORS_ENABLED):
 *   n8n keeps the trigger's cursor in its `poller_state` table and gives each poll a time budget
 *   (getPollBudgetMs, here 5 s: N8N_SCHEDULER_POLL_TIMEOUT=10). With the emulator answering slowly, one poll cannot
 *   fetch the whole backlog in time: it stops, emits what it has and moves the cursor; the next polls continue.
 * - n8n 1.x, which has neither (its in-process poll scheduler, no budget): one poll takes the whole backlog.
 *
 * Either way every order is emitted exactly once, oldest first. This file starts an n8n of its own (the package's
 * tarball installed into its nodes folder, a credential from a fresh TikTok authorization) against the suite's
 * emulator, and runs last (it slows the emulator down meanwhile). Polls run once a minute, so it takes 2-4 minutes.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import type { IDataObject } from 'n8n-workflow';

import { TIKTOK_ORDER_TRIGGER, connect, sleep, waitFor, type E2e } from './support/helpers';
import { repoRoot, rt, type Execution, type N8nClient, type N8nServer } from './support/runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { installPackage } = require(path.join(repoRoot, 'scripts/lib/package-install.js')) as {
	installPackage(userFolder: string, tarball: string): unknown;
};

const ORDERS = 250;
const LATENCY_MS = 2200;
// the version this run drives (E2E_N8N_VERSION); 1.x has no durable poll scheduler
const durable = !rt.N8N_VERSION.startsWith('1.');

const DURABLE_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	// a poll may take 10 s; n8n's budget for it is then 10 s minus a 5 s margin
	N8N_SCHEDULER_POLL_TIMEOUT: '10',
};

let e2e: E2e;
let userFolder: string;
let server: N8nServer | undefined;
let client: N8nClient;
let workflowId: string;
let created: string[] = [];

/** Rows of n8n's sqlite database, read with the sqlite3 module of the n8n under test (its own Node 24). */
function sqlite(sql: string): Array<Record<string, unknown>> {
	const cacheDir = e2e.state.n8n.cacheDir;
	const script = `const s=require(${JSON.stringify(path.join(cacheDir, 'node_modules', 'sqlite3'))});const db=new s.Database(process.argv[1],s.OPEN_READONLY);db.all(process.argv[2],(e,r)=>{if(e){console.error(e.message);process.exit(1)}console.log(JSON.stringify(r));db.close()})`;
	const res = spawnSync(
		rt.runtimePaths(cacheDir).nodeBin,
		['-e', script, path.join(userFolder, '.n8n', 'database.sqlite'), sql],
		{ encoding: 'utf8' },
	);
	if (res.status !== 0) throw new Error(`sqlite: ${res.stderr}`);
	return JSON.parse(res.stdout) as Array<Record<string, unknown>>;
}

function emittedIds(execution: Execution): string[] {
	const run = execution.data?.resultData.runData['Order Trigger']?.[0];
	return (run?.data?.main[0] ?? []).map((item) => String((item.json.order as IDataObject).id));
}

beforeAll(
	async () => {
		e2e = await connect();
		const { emulator, n8n } = e2e.state;
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-order-trigger-'));
		installPackage(userFolder, n8n.packageTarball);
		// its own TikTok authorization, so this n8n's token calls never touch the suite's credential
		const { auth_code: authCode } = (await e2e.admin('POST', '/auth-codes')) as { auth_code: string };
		const cli = { userFolder, cacheDir: n8n.cacheDir };
		await rt.importCredentials(
			[
				{
					id: 'orderTriggerCred',
					name: 'TikTok Shop (order trigger e2e)',
					type: 'tikTokShopApi',
					data: {
						appKey: emulator.appKey,
						appSecret: emulator.appSecret,
						authCode,
						baseUrl: emulator.baseUrl,
						authBaseUrl: emulator.authBaseUrl,
						shopCipher: emulator.shops[0].cipher,
					},
				},
			],
			cli,
		);
		server = await rt.startN8n({ userFolder, cacheDir: n8n.cacheDir, env: durable ? DURABLE_ENV : {} });
		client = new rt.N8nClient(server.url, { version: n8n.version });
		await client.bootstrap();
	},
	5 * 60 * 1000,
);

afterAll(async () => {
	await e2e?.admin('POST', '/latency', { latency_ms: 0 }).catch(() => undefined);
	if (server) await server.stop();
	if (userFolder && !process.env.TTS_E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
}, 60 * 1000);

test(
	`a backlog of ${ORDERS} orders: each emitted once, oldest first, ${durable ? 'over several budgeted polls (durable cursors)' : 'in one poll (n8n 1.x: no poll budget)'}`,
	async () => {
		const nowSeconds = Math.floor(Date.now() / 1000);
		// "Start From" after every order the other test files created, and the backlog's orders one second apart after it
		// (TikTok's timestamps are seconds), placed in order as a shop's orders are: the emulator dates them ahead of its
		// clock so that none lands behind a position the trigger already holds
		const startFrom = nowSeconds + 30;
		const workflow = await client.createWorkflow({
			name: 'E2E: order trigger backlog',
			nodes: [
				{
					id: 'a3c1d7e0-0000-4000-8000-000000000001',
					name: 'Order Trigger',
					type: TIKTOK_ORDER_TRIGGER,
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						shop: { __rl: true, mode: 'list', value: '' },
						event: 'newOrder',
						options: { startFrom: new Date(startFrom * 1000).toISOString(), lookBackMinutes: 0 },
					},
					credentials: { tikTokShopApi: { id: 'orderTriggerCred', name: 'TikTok Shop (order trigger e2e)' } },
				},
				{
					id: 'a3c1d7e0-0000-4000-8000-000000000002',
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
		workflowId = workflow.id;
		// activation polls once at once: nothing is there yet, so the backlog goes to the scheduled polls
		await client.activateWorkflow(workflowId);
		await sleep(3000);

		const shopId = e2e.state.emulator.shops[0].id;
		created = [];
		for (let i = 0; i < ORDERS; i++) {
			const { orders } = (await e2e.admin('POST', '/orders', {
				shop_id: shopId,
				count: 1,
				status: 'AWAITING_SHIPMENT',
				create_time: startFrom + 30 + i,
				emit: false,
			})) as {
				orders: Array<{ id: string }>;
			};
			created.push(String(orders[0].id));
		}
		// slow TikTok down: after 2 pages of 100 at 2.2 s each, a third does not fit in the 5 s poll budget
		if (durable) await e2e.admin('POST', '/latency', { latency_ms: LATENCY_MS });

		const emitted: string[] = [];
		const perExecution: number[] = [];
		const finished = await waitFor(
			`all ${ORDERS} orders emitted by the order trigger`,
			async () => {
				const executions = (await client.listExecutions({ workflowId, includeData: true, limit: 50 }))
					.filter((e) => !['new', 'running', 'waiting'].includes(e.status))
					.reverse();
				emitted.length = 0;
				perExecution.length = 0;
				for (const execution of executions) {
					expect(execution.status).toBe('success');
					const ids = emittedIds(execution);
					perExecution.push(ids.length);
					emitted.push(...ids);
				}
				return emitted.length >= ORDERS ? executions : undefined;
			},
			4 * 60 * 1000,
			2000,
		);
		// a poll more must not emit anything again
		await sleep(durable ? 5000 : 1000);
		expect(emitted).toEqual(created);
		expect(finished.length).toBe(perExecution.length);
		if (durable) {
			expect(perExecution.length).toBeGreaterThanOrEqual(2);
			expect(perExecution[0]).toBeLessThan(ORDERS);
			// the cursor lives in n8n's durable poller state, at the newest order emitted
			const rows = sqlite(`select cursor from poller_state where "workflowId" = '${workflowId}'`);
			expect(rows).toHaveLength(1);
			const cursor = JSON.parse(String(rows[0].cursor)) as { cursor: number; since: number };
			expect(cursor.cursor).toBe(startFrom + 30 + ORDERS - 1);
			expect(cursor.since).toBe(startFrom);
			const log = fs.readFileSync(server!.logFile, 'utf8');
			expect(log).not.toMatch(/durable poll cursors stay disabled/);
		} else {
			// one poll per minute takes whatever is there (a poll during the order creation may split it in two)
			expect(perExecution.length).toBeLessThanOrEqual(2);
		}
	},
	6 * 60 * 1000,
);
