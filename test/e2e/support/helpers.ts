/**
 * Helpers for the e2e test files: a logged-in n8n client, the emulator's admin API, workflow building blocks,
 * independent TikTok request signing (test/support/independentSigner.ts) and the "no secrets in execution data" check.
 */
import { createHmac, randomUUID } from 'crypto';

import { referenceSign } from '../../support/independentSigner';
import { e2eState, type E2eState } from './environment';
import { rt, type Execution, type HttpReply, type N8nClient } from './runtime';

/** Node types of the package as n8n names them once it is installed (`<package name>.<node name>`). */
export const TIKTOK_NODE = 'n8n-nodes-tiktok-shop.tikTokShop';
export const TIKTOK_TRIGGER = 'n8n-nodes-tiktok-shop.tikTokShopTrigger';
export const TIKTOK_ORDER_TRIGGER = 'n8n-nodes-tiktok-shop.tikTokShopOrderTrigger';

export interface E2e {
	state: E2eState;
	client: N8nClient;
	/** The emulator's admin API (`/__emulator/...`); throws on an HTTP error. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	admin(method: string, path: string, body?: unknown): Promise<any>;
	credential: { id: string; name: string };
}

/** Connects to the suite's running n8n (API key + login cookie) and emulator. */
export async function connect(): Promise<E2e> {
	const state = e2eState();
	const client = new rt.N8nClient(state.n8n.url, { version: state.n8n.version });
	client.apiKey = state.n8n.apiKey;
	// the first request of a test file right after the stack started sometimes meets a closed socket
	// ("socket hang up", not diagnosed further): one retry of the login, network errors only
	await client.login(state.n8n.owner).catch(async (error: NodeJS.ErrnoException) => {
		if (!/socket hang up|ECONNRESET/i.test(String(error.message ?? error))) throw error;
		await sleep(1000);
		await client.login(state.n8n.owner);
	});
	return {
		state,
		client,
		credential: state.credential,
		async admin(method, path, body) {
			const reply = await rt.request(method, `${state.emulator.adminUrl}${path}`, { body });
			if (reply.status >= 400) throw new Error(`emulator admin ${method} ${path}: HTTP ${reply.status} ${reply.text}`);
			return reply.body;
		},
	};
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined/false. */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined | false>,
	timeoutMs = 30000,
	intervalMs = 200,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined && value !== false) return value as T;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

export function manualTrigger(position: [number, number] = [0, 0]) {
	return {
		id: randomUUID(),
		name: 'Manual Trigger',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position,
		parameters: {},
	};
}

export function tiktokNode(
	name: string,
	parameters: Record<string, unknown>,
	credential: { id: string; name: string },
	position: [number, number] = [220, 0],
) {
	return {
		id: randomUUID(),
		name,
		type: TIKTOK_NODE,
		typeVersion: 1,
		position,
		parameters,
		credentials: { tikTokShopApi: credential },
	};
}

export function shopParameter(cipher: string) {
	return { __rl: true, mode: 'cipher', value: cipher };
}

/** Connections for a straight chain of node names. */
export function chain(...names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < names.length; i++)
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	return connections;
}

/** Runs a workflow the way the editor's "Execute workflow" button does and waits for the stored execution. */
export async function runManually(e2e: E2e, workflowId: string, timeoutMs = 60000): Promise<Execution> {
	const { executionId } = await e2e.client.runWorkflowManually(workflowId, 'Manual Trigger');
	return await waitFor(
		`execution ${executionId}`,
		async () => {
			const execution = await e2e.client.getExecution(executionId).catch(() => undefined);
			return execution && !['new', 'running', 'waiting'].includes(execution.status) ? execution : undefined;
		},
		timeoutMs,
		250,
	);
}

export function outputOf(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	return rt.nodeOutputOf(execution.data?.resultData.runData ?? {}, nodeName);
}

/** Fails with the place where a secret shows up in `value` (execution data, workflow data...). */
export function expectNoSecrets(value: unknown, secrets: Record<string, string | undefined>): void {
	const text = JSON.stringify(value);
	for (const [label, secret] of Object.entries(secrets)) {
		if (!secret) continue;
		const at = text.indexOf(secret);
		if (at >= 0)
			throw new Error(
				`the ${label} appears in n8n's execution data: ...${text.slice(Math.max(0, at - 120), at)}<${label}>...`,
			);
	}
}

/** Webhook signature as TikTok computes it: hex HMAC-SHA256(app secret, app key + raw body). */
export function webhookSignature(appKey: string, appSecret: string, rawBody: string): string {
	return createHmac('sha256', appSecret)
		.update(appKey + rawBody)
		.digest('hex');
}

/** A signed Open API call made by the test itself (independent signer) with a given access token. */
export async function signedApiCall(
	state: E2eState,
	accessToken: string,
	method: string,
	path: string,
	query: Record<string, string> = {},
	body?: unknown,
): Promise<HttpReply> {
	const params: Array<[string, string]> = Object.entries({
		...query,
		app_key: state.emulator.appKey,
		timestamp: String(Math.floor(Date.now() / 1000)),
	});
	const raw = body === undefined ? '' : JSON.stringify(body);
	const sign = referenceSign(state.emulator.appSecret, path, params, raw);
	const search = new URLSearchParams([...params, ['sign', sign]]).toString();
	return await rt.request(method, `${state.emulator.baseUrl}${path}?${search}`, {
		body: body === undefined ? undefined : raw,
		headers: { 'content-type': 'application/json', 'x-tts-access-token': accessToken },
	});
}

/** The credential as n8n stores it (decrypted through the CLI, which works while the server runs). */
export async function storedCredential(e2e: E2e, id = e2e.credential.id): Promise<Record<string, unknown>> {
	const { userFolder, cacheDir, cliEnv } = e2e.state.n8n;
	const exported = await rt.exportCredentialsCli({ userFolder, cacheDir, env: cliEnv, id });
	const found = exported.find((credential) => credential.id === id);
	if (!found) throw new Error(`credential ${id} not found by export:credentials`);
	return found.data;
}
