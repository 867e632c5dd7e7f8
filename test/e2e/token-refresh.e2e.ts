/**
 * The TikTok Shop credential in a real n8n 2.41 server: a seller pastes an auth code, the first run exchanges it,
 * and when the access token expires (emulator: POST /__emulator/tokens/expire) the next run still succeeds, with the
 * refreshed (and rotated) tokens persisted by n8n. What n8n stored is read back with `n8n export:credentials
 * --decrypted` and checked against the emulator: its token calls, and a signed API call made with the stored token.
 */
import {
	chain,
	connect,
	expectNoSecrets,
	manualTrigger,
	outputOf,
	runManually,
	shopParameter,
	signedApiCall,
	storedCredential,
	tiktokNode,
	type E2e,
} from './support/helpers';

interface RecordedRequest {
	seq: number;
	host: 'api' | 'auth';
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	code: number | null;
}

let e2e: E2e;
let credential: { id: string; name: string };
let workflowId: string;
let authCode: string;
const seen: Record<string, string> = {};

async function requestsSince(seq: number, pathPrefix: string): Promise<RecordedRequest[]> {
	const { requests } = (await e2e.admin(
		'GET',
		`/requests?since_seq=${seq}&path_prefix=${encodeURIComponent(pathPrefix)}`,
	)) as { requests: RecordedRequest[] };
	return requests;
}

async function lastSeq(): Promise<number> {
	const { requests } = (await e2e.admin('GET', '/requests?limit=1')) as { requests: RecordedRequest[] };
	return requests.length ? requests[requests.length - 1].seq : 0;
}

async function runWarehouses() {
	const execution = await runManually(e2e, workflowId);
	expect(execution.data?.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');
	const warehouses = outputOf(execution, 'Warehouses');
	expect(warehouses.length).toBeGreaterThan(0);
	expect(warehouses[0]).toEqual(expect.objectContaining({ id: expect.stringMatching(/^\d+$/) }));
	return execution;
}

beforeAll(async () => {
	e2e = await connect();
	const { emulator } = e2e.state;
	// a fresh authorization, as the seller gets it from TikTok's redirect (?code=...): valid 30 minutes, once
	authCode = ((await e2e.admin('POST', '/auth-codes')) as { auth_code: string }).auth_code;
	// as a user fills in the form (public API on 2.x, the editor's REST route on 1.x: see N8nClient.createCredential)
	const created = await e2e.client.createCredential({
		name: 'E2E: token refresh',
		type: 'tikTokShopApi',
		data: {
			appKey: emulator.appKey,
			appSecret: emulator.appSecret,
			authCode,
			baseUrl: emulator.baseUrl,
			authBaseUrl: emulator.authBaseUrl,
		},
	});
	credential = { id: created.id, name: created.name };
	const workflow = await e2e.client.createWorkflow({
		name: 'E2E: token refresh',
		nodes: [
			manualTrigger(),
			tiktokNode(
				'Warehouses',
				{ resource: 'warehouse', operation: 'getAll', shop: shopParameter(emulator.shops[0].cipher) },
				credential,
			),
		],
		connections: chain('Manual Trigger', 'Warehouses'),
		settings: { executionOrder: 'v1' },
	});
	workflowId = workflow.id;
});

afterAll(async () => {
	if (workflowId) await e2e.client.deleteWorkflow(workflowId).catch(() => undefined);
	if (credential)
		await e2e.client
			.request('DELETE', `/api/v1/credentials/${credential.id}`, { auth: 'apiKey' })
			.catch(() => undefined);
});

test('the first run exchanges the auth code once; n8n stores the tokens the emulator issued and clears the code', async () => {
	const since = await lastSeq();
	await runWarehouses();

	const tokenCalls = await requestsSince(since, '/api/v2/token/');
	expect(tokenCalls.map((call) => [call.path, call.code])).toEqual([['/api/v2/token/get', 0]]);
	expect(tokenCalls[0].query.auth_code).toBe(authCode);

	const stored = await storedCredential(e2e, credential.id);
	expect(stored.authCode ?? '').toBe('');
	expect(stored.accessToken).toEqual(expect.any(String));
	expect(stored.refreshToken).toEqual(expect.any(String));
	seen.access1 = String(stored.accessToken);
	seen.refresh1 = String(stored.refreshToken);
	// the emulator accepts the stored token: it is one it issued, not something n8n made up or mangled
	const check = await signedApiCall(e2e.state, seen.access1, 'GET', '/authorization/202309/shops');
	expect(check.body).toMatchObject({ code: 0 });
});

test('after the emulator expires the token, the next run still succeeds and n8n stores the refreshed, rotated tokens', async () => {
	await e2e.admin('POST', '/tokens/expire');
	const expired = await signedApiCall(e2e.state, seen.access1, 'GET', '/authorization/202309/shops');
	expect([expired.status, expired.body.code]).toEqual([401, 105002]);

	const since = await lastSeq();
	await runWarehouses();

	// TikTok said 401/105002, n8n ran the credential's refresh with the stored refresh token, then retried once
	const calls = await requestsSince(since, '/logistics/202309/warehouses');
	expect(calls.map((call) => [call.status, call.code])).toEqual([
		[401, 105002],
		[200, 0],
	]);
	const tokenCalls = await requestsSince(since, '/api/v2/token/');
	expect(tokenCalls.map((call) => [call.path, call.code])).toEqual([['/api/v2/token/refresh', 0]]);
	expect(tokenCalls[0].query.refresh_token).toBe(seen.refresh1);

	const stored = await storedCredential(e2e, credential.id);
	seen.access2 = String(stored.accessToken);
	seen.refresh2 = String(stored.refreshToken);
	expect(seen.access2).not.toBe(seen.access1);
	expect(seen.refresh2).not.toBe(seen.refresh1);
	expect(stored.accessExpiresAt).toEqual(expect.any(Number));
	const check = await signedApiCall(e2e.state, seen.access2, 'GET', '/authorization/202309/shops');
	expect(check.body).toMatchObject({ code: 0 });
});

test('the run after that reuses the stored token: no token call at all', async () => {
	const since = await lastSeq();
	await runWarehouses();
	expect(await requestsSince(since, '/api/v2/token/')).toEqual([]);
	const calls = await requestsSince(since, '/logistics/202309/warehouses');
	expect(calls.map((call) => call.code)).toEqual([0]);
	const stored = await storedCredential(e2e, credential.id);
	expect(stored.accessToken).toBe(seen.access2);
});

test('no app secret, token or auth code reaches the stored executions', async () => {
	const executions = await e2e.client.listExecutions({ workflowId, includeData: true });
	expect(executions).toHaveLength(3);
	expectNoSecrets(executions, {
		'app secret': e2e.state.emulator.appSecret,
		'auth code': authCode,
		'first access token': seen.access1,
		'first refresh token': seen.refresh1,
		'refreshed access token': seen.access2,
		'refreshed refresh token': seen.refresh2,
	});
});
