/**
 * Queue mode (scripts/lib/queue-stack.js: Postgres, Redis, n8n main + one webhook processor + two workers, the package
 * installed from its tarball): the access token expires while 10 executions run at once on both workers.
 *
 * A production Webhook → TikTok Shop (Warehouse › Get Many) workflow; the emulator expires every access token, then
 * 10 deliveries start 10 executions at once. n8n 2.41 has no lock around a refresh: each execution that loaded the
 * credential before new tokens were stored meets the 401 and refreshes by itself, in whichever worker runs it, and
 * stores what it got. TikTok's authorization guide does not say whether a refresh returns a new refresh token, nor
 * whether the old one keeps working (https://partner.tiktokshop.com/docv2/page/authorization-overview-202407), so
 * three cases: no rotation; rotation with the old refresh token working 60 s more; rotation with the old one refused
 * at once. In each: every execution succeeds, both workers ran some, the stored credential ends valid (its access
 * token signs a call the emulator accepts, its refresh token still refreshes), and the next execution needs no
 * token call at all. The refresh calls the emulator saw are printed.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomUUID } from 'crypto';

import { referenceSign } from '../support/independentSigner';
import { rt, type N8nClient } from '../e2e/support/runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startQueueStack } = require('../../scripts/lib/queue-stack.js');

const EXECUTIONS = 10;
const FINISHED = `('success', 'error', 'crashed', 'canceled')`;

interface RecordedRequest {
	seq: number;
	path: string;
	query: Record<string, string>;
	status: number;
	code: number | null;
	message: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let stack: any;
let client: N8nClient;
let stateDir: string;
let workflowId: string;
let webhookUrl: string;
/** The stored credential as the previous case left it (read once more only before the first case). */
let lastStored: Record<string, unknown> | undefined;
const measured: string[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const admin = (method: string, adminPath: string, body?: unknown): Promise<any> =>
	stack.emulator.admin(method, adminPath, body);

async function lastSeq(): Promise<number> {
	const { requests } = (await admin('GET', '/requests?limit=1')) as { requests: RecordedRequest[] };
	return requests.length ? requests[requests.length - 1].seq : 0;
}

async function requestsSince(seq: number, pathPrefix: string): Promise<RecordedRequest[]> {
	const { requests } = (await admin(
		'GET',
		`/requests?since_seq=${seq}&path_prefix=${encodeURIComponent(pathPrefix)}`,
	)) as { requests: RecordedRequest[] };
	return requests;
}

function executionIds(): string[] {
	const out = String(
		stack.postgres.query(`select id from execution_entity where "workflowId" = '${workflowId}' order by id`),
	);
	return out.split(/\s+/).filter(Boolean);
}

function finishedCount(): number {
	return Number(
		stack.postgres.query(
			`select count(*) from execution_entity where "workflowId" = '${workflowId}' and status in ${FINISHED}`,
		),
	);
}

async function waitFinished(count: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (finishedCount() < count) {
		if (Date.now() > deadline) throw new Error(`only ${finishedCount()} of ${count} executions finished`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

async function deliver(count: number): Promise<number[]> {
	const replies = await Promise.all(
		Array.from({ length: count }, (_, index) =>
			rt.request('POST', webhookUrl, { body: JSON.stringify({ delivery: index }), timeoutMs: 30000 }),
		),
	);
	return replies.map((reply) => reply.status);
}

async function storedCredential(): Promise<Record<string, unknown>> {
	const id = stack.credentialIds.tikTokShop;
	const exported = (await rt.exportCredentialsCli({ ...stack.cli, id })) as Array<{
		id: string;
		data: Record<string, unknown>;
	}>;
	const found = exported.find((credential) => credential.id === id);
	if (!found) throw new Error(`credential ${id} not found by export:credentials`);
	return found.data;
}

/** A signed Open API call made by the test itself (independent signer) with a given access token. */
async function signedShopList(accessToken: string): Promise<{ status: number; code: number }> {
	const apiPath = '/authorization/202309/shops';
	const params: Array<[string, string]> = [
		['app_key', stack.emulator.appKey],
		['timestamp', String(Math.floor(Date.now() / 1000))],
	];
	const sign = referenceSign(stack.emulator.appSecret, apiPath, params, '');
	const search = new URLSearchParams([...params, ['sign', sign]]).toString();
	const reply = await rt.request('GET', `${stack.emulator.baseUrl}${apiPath}?${search}`, {
		headers: { 'content-type': 'application/json', 'x-tts-access-token': accessToken },
	});
	return { status: reply.status, code: (reply.body as { code: number }).code };
}

/** Whether the emulator still accepts this refresh token, without spending it (rotation off for the one call). */
async function refreshTokenAccepted(refreshToken: string, restore: Record<string, unknown>): Promise<number> {
	await admin('PUT', '/tokens/config', { rotate_refresh_token: false });
	try {
		const query = new URLSearchParams({
			app_key: stack.emulator.appKey,
			app_secret: stack.emulator.appSecret,
			refresh_token: refreshToken,
			grant_type: 'refresh_token',
		});
		const reply = await rt.request('GET', `${stack.emulator.authBaseUrl}/api/v2/token/refresh?${query}`);
		return (reply.body as { code: number }).code;
	} finally {
		await admin('PUT', '/tokens/config', restore);
	}
}

beforeAll(
	async () => {
		stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-queue-token-'));
		stack = await startQueueStack({
			stateDir,
			seed: 'e2e-queue-token',
			shopify: false,
			importExamples: false,
			publishTriggers: false,
			workers: 2,
			// 5 at a time per worker: 10 executions at once need both workers
			workerConcurrency: 5,
			postgresSettings: { synchronous_commit: 'off' },
			handleSignals: true,
			onProgress: (line: string) => process.stderr.write(`[queue-stack] ${line}\n`),
		});
		client = new rt.N8nClient(stack.n8n.url);
		client.apiKey = stack.n8n.client.apiKey;
		const webhookPath = randomUUID();
		const workflow = await client.createWorkflow({
			name: 'Queue e2e: token expiry',
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: webhookPath,
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
				},
				{
					id: randomUUID(),
					name: 'Warehouses',
					type: 'n8n-nodes-tiktok-shop.tikTokShop',
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						resource: 'warehouse',
						operation: 'getAll',
						shop: { __rl: true, mode: 'cipher', value: stack.emulator.shops[0].cipher },
					},
					credentials: {
						tikTokShopApi: { id: stack.credentialIds.tikTokShop, name: stack.credentialNames.tikTokShop },
					},
				},
			],
			connections: { Webhook: { main: [[{ node: 'Warehouses', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		workflowId = workflow.id;
		await client.activateWorkflow(workflowId);
		webhookUrl = `${stack.webhookProcessors[0].url}/webhook/${webhookPath}`;
		// every Open API answer takes 0.4 s, so the 10 executions overlap on both workers
		await admin('POST', '/latency', { latency_ms: 400 });
		// first execution: the imported credential has no access token yet, n8n fetches one (a refresh) and stores it
		await rt.waitForWebhook(webhookUrl, { timeoutMs: 60000, call: { method: 'POST', body: '{}' } });
		await waitFinished(1, 60000);
	},
	10 * 60 * 1000,
);

afterAll(async () => {
	if (measured.length) process.stderr.write(`token expiry in queue mode:\n${measured.join('\n')}\n`);
	if (stack) await stack.stop();
	if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
});

test.each([
	['A: no rotation', { rotate_refresh_token: false, refresh_grace_seconds: 60 }],
	['B: rotation, old refresh token valid 60 s more', { rotate_refresh_token: true, refresh_grace_seconds: 60 }],
	['C: rotation, old refresh token refused at once', { rotate_refresh_token: true, refresh_grace_seconds: 0 }],
])(
	'%s: 10 executions on two workers after the token expired all succeed; the stored credential ends valid',
	async (name, config) => {
		await admin('PUT', '/tokens/config', config);
		const storedBefore = lastStored ?? (await storedCredential());
		await admin('POST', '/tokens/expire');
		expect(await signedShopList(String(storedBefore.accessToken))).toEqual({ status: 401, code: 105002 });
		const before = new Set(executionIds());
		const since = await lastSeq();

		expect(await deliver(EXECUTIONS)).toEqual(Array.from({ length: EXECUTIONS }, () => 200));
		await waitFinished(before.size + EXECUTIONS, 3 * 60 * 1000);
		const ids = executionIds().filter((id) => !before.has(id));
		expect(ids).toHaveLength(EXECUTIONS);

		// every execution succeeded; if not, show n8n's error for each failed one
		const details = await Promise.all(ids.map((id) => client.getExecution(id)));
		const failed = details
			.filter((execution) => execution.status !== 'success')
			.map((execution) => `${execution.id} ${execution.status}: ${execution.data?.resultData?.error?.message}`);
		expect(failed).toEqual([]);
		// both workers ran some of them
		const byWorker = (stack.executionsByWorker() as Array<Set<string>>).map(
			(seen) => ids.filter((id) => seen.has(id)).length,
		);
		expect(byWorker.reduce((sum, count) => sum + count, 0)).toBe(EXECUTIONS);
		expect(byWorker.every((count) => count > 0)).toBe(true);

		const refreshes = await requestsSince(since, '/api/v2/token/');
		expect(refreshes.every((call) => call.path === '/api/v2/token/refresh')).toBe(true);
		const accepted = refreshes.filter((call) => call.code === 0).length;
		const refused = refreshes.filter((call) => call.code !== 0);
		const expired = (await requestsSince(since, '/logistics/202309/warehouses')).filter((call) => call.status === 401);
		// each execution that met the 401 refreshed once (n8n retries once), and at least one did
		expect(accepted).toBeGreaterThanOrEqual(1);
		expect(refreshes.length).toBe(expired.length);
		if (!config.rotate_refresh_token || config.refresh_grace_seconds > 0) expect(refused).toEqual([]);
		else expect(accepted).toBe(1); // the old refresh token is refused once used: only one refresh can win

		// the stored credential works: its access token signs a call, its refresh token still refreshes
		const stored = await storedCredential();
		lastStored = stored;
		expect(stored.accessToken).not.toBe(storedBefore.accessToken);
		expect(await signedShopList(String(stored.accessToken))).toEqual({ status: 200, code: 0 });
		expect(await refreshTokenAccepted(String(stored.refreshToken), config)).toBe(0);
		if (config.rotate_refresh_token) expect(stored.refreshToken).not.toBe(storedBefore.refreshToken);
		else expect(stored.refreshToken).toBe(storedBefore.refreshToken);

		// the next execution uses the stored token by itself: no token call
		const nextSince = await lastSeq();
		expect(await deliver(1)).toEqual([200]);
		await waitFinished(before.size + EXECUTIONS + 1, 60000);
		const next = executionIds().filter((id) => !before.has(id) && !ids.includes(id));
		expect(next).toHaveLength(1);
		expect((await client.getExecution(next[0])).status).toBe('success');
		expect(await requestsSince(nextSince, '/api/v2/token/')).toEqual([]);

		measured.push(
			`  ${name}: executions per worker ${byWorker.join(' + ')}; 401s ${expired.length}; refresh calls ${refreshes.length} (accepted ${accepted}, refused ${refused.length}${refused.length ? `: ${refused[0].code} ${refused[0].message}` : ''})`,
		);
	},
);
