/**
 * The pure pieces of the local stacks (scripts/lib/stack/, scripts/lib/queue-stack/, scripts/lib/common/): options,
 * the state folder, ports, the emulator's command line, the example workflows as the stack runs them, credentials,
 * webhook registrations, the queue-mode settings, and stopping in order. Nothing here starts n8n or the emulator.
 */
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

/* eslint-disable @typescript-eslint/no-require-imports */
const { withDefaults } = require('../../scripts/lib/stack/options.js');
const { reconcileState, stateLayout, loadState } = require('../../scripts/lib/stack/state.js');
const { emulatorArgs } = require('../../scripts/lib/stack/emulator.js');
const examples = require('../../scripts/lib/stack/examples.js');
const { stackCredentials } = require('../../scripts/lib/stack/credentials.js');
const { missingRegistrations } = require('../../scripts/lib/stack/publish.js');
const { queueEnv, processorRewrite } = require('../../scripts/lib/queue-stack/settings.js');
const { serverOptions } = require('../../scripts/lib/queue-stack/postgres.js');
const { processArgs, workerExecutionIds } = require('../../scripts/lib/queue-stack/n8n-process.js');
const ports = require('../../scripts/lib/common/ports.js');
const { createShutdown } = require('../../scripts/lib/common/shutdown.js');
const stack = require('../../scripts/lib/stack.js');
const queueStack = require('../../scripts/lib/queue-stack.js');
/* eslint-enable @typescript-eslint/no-require-imports */

const TRIGGER = 'n8n-nodes-tiktok-shop.tikTokShopTrigger';

describe('options', () => {
	test('defaults; the webhook base always ends with "/"; a state folder is required', () => {
		const opts = withDefaults({ stateDir: '/s', webhookBase: 'https://public.example/n8n', n8nPort: 5678 });
		expect(opts).toMatchObject({
			stateDir: '/s',
			ports: { n8n: 5678, emulator: undefined, shopify: undefined },
			webhookRetryScale: 0.01,
			shopify: true,
			importExamples: true,
			publishTriggers: true,
			shopCipherInCredential: true,
			handleSignals: true,
			webhookBase: 'https://public.example/n8n/',
			owner: stack.DEFAULT_OWNER,
			examplesDir: stack.EXAMPLES_DIR,
		});
		expect(withDefaults({ stateDir: '/s' }).webhookBase).toBe('https://n8n.example.test/');
		expect(() => withDefaults({})).toThrow('startStack: stateDir is required');
	});
});

describe('state folder', () => {
	const start = { databaseExists: true, version: '2.41.0', dir: '/s' };

	test('a saved state is kept when its layout is current and n8n still has its database', () => {
		const saved = { version: 1, n8nVersion: '2.41.0', seed: 'abc', ports: { n8n: 5678 }, examplesHash: 'h' };
		expect(reconcileState(saved, start)).toEqual({ state: { ...saved }, seed: 'abc', previousSeed: 'abc' });
		expect(reconcileState(saved, { ...start, databaseExists: false }).state).toEqual({
			version: 1,
			n8nVersion: '2.41.0',
			seed: 'n8n-nodes-tiktok-shop-demo',
		});
		expect(reconcileState({ version: 0, seed: 'old' }, start).seed).toBe(stack.DEFAULT_SEED);
	});

	test('the seed asked for wins over the remembered one (and says what it was)', () => {
		expect(reconcileState({ version: 1, seed: 'old' }, { ...start, seed: 42 })).toMatchObject({
			seed: '42',
			previousSeed: 'old',
		});
	});

	test('a folder of another n8n version is refused (a migrated database does not go back)', () => {
		expect(() => reconcileState({ version: 1, n8nVersion: '2.41.0' }, { ...start, version: '1.123.81' })).toThrow(
			'/s holds n8n 2.41.0 data, not 1.123.81: use another state folder (or delete this one)',
		);
	});

	test('layout and stack.json on disk; a seed change is reported', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-state-'));
		try {
			const layout = stateLayout(path.join(dir, 'x'));
			expect(fs.existsSync(layout.filesDir) && fs.existsSync(layout.logsDir)).toBe(true);
			fs.mkdirSync(path.join(layout.userFolder, '.n8n'), { recursive: true });
			fs.writeFileSync(path.join(layout.userFolder, '.n8n', 'database.sqlite'), '');
			fs.writeFileSync(layout.stateFile, JSON.stringify({ version: 1, seed: 'before', packageSha: 'sha' }));
			const progress: string[] = [];
			const { state } = loadState(layout, {
				version: '2.41.0',
				seed: 'after',
				onProgress: (l: string) => progress.push(l),
			});
			expect(state).toEqual({ version: 1, seed: 'after', packageSha: 'sha', n8nVersion: '2.41.0' });
			expect(progress).toEqual(['emulator seed changed (before → after)']);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('ports', () => {
	let busy: net.Server;
	let busyPort: number;
	beforeAll(async () => {
		busy = net.createServer();
		await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
		busyPort = (busy.address() as net.AddressInfo).port;
	});
	afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

	test('free or not, answering or not', async () => {
		const free = await ports.freePort();
		expect(free).toBeGreaterThan(0);
		expect(await ports.portIsFree(free)).toBe(true);
		expect(await ports.portIsFree(busyPort)).toBe(false);
		expect(await ports.portAnswers(busyPort)).toBe(true);
		expect(await ports.portAnswers(free)).toBe(false);
	});

	test('asked for, else remembered if free, else preferred if free, else a fresh one', async () => {
		const free = await ports.freePort();
		expect(await ports.pickPort(busyPort, free, free)).toBe(busyPort);
		expect(await ports.pickPort(undefined, free, busyPort)).toBe(free);
		expect(await ports.pickPort(undefined, busyPort, free)).toBe(free);
		const fresh = await ports.pickPort(undefined, busyPort, busyPort);
		expect([busyPort, 0]).not.toContain(fresh);
	});

	test('a port another process of the stack has is replaced', async () => {
		expect(await ports.distinctPort(5000, [5001])).toBe(5000);
		expect(await ports.distinctPort(5000, [5000, 5001])).not.toBe(5000);
	});
});

test("the emulator's command line: its port, the seed, the retry scale, the webhook rewrite to local n8n, extra flags last", () => {
	expect(
		emulatorArgs({
			apiPort: 8787,
			n8nPort: 5678,
			seed: 's',
			webhookRetryScale: 0.01,
			webhookBase: 'https://n8n.example.test/',
			extra: ['--orders', '5'],
		}),
	).toEqual([
		'--port',
		'8787',
		'--auth-port',
		'0',
		'--seed',
		's',
		'--webhook-retry-scale',
		'0.01',
		'--webhook-rewrite',
		'https://n8n.example.test/=http://127.0.0.1:5678/',
		'--orders',
		'5',
	]);
});

describe('example workflows', () => {
	const loaded = examples.loadExamples();
	const workflows = loaded.map(({ workflow }: { workflow: unknown }) =>
		examples.localizeExample(workflow, { shopifyUrl: 'http://127.0.0.1:1', stockCsvPath: '/files/stock.csv' }),
	);

	test('the committed examples run against the local stack: store URL, stock file and credentials replaced, nothing else', () => {
		const configValues = workflows.flatMap(
			(wf: {
				nodes: Array<{
					name: string;
					parameters: { assignments?: { assignments: Array<{ name: string; value: unknown }> } };
				}>;
			}) => wf.nodes.filter((n) => n.name === 'Config').flatMap((n) => n.parameters.assignments!.assignments),
		);
		expect(configValues).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ name: 'shopifyStoreUrl', value: 'http://127.0.0.1:1' }),
				expect.objectContaining({ name: 'stockCsvPath', value: '/files/stock.csv' }),
			]),
		);
		const credentials = workflows.flatMap((wf: { nodes: Array<{ credentials?: Record<string, { id: string }> }> }) =>
			wf.nodes.flatMap((n) => Object.values(n.credentials || {}).map((c) => c.id)),
		);
		expect(new Set(credentials)).toEqual(new Set([stack.CREDENTIAL_IDS.tikTokShop, stack.CREDENTIAL_IDS.shopify]));
		expect(loaded[0].workflow).not.toEqual(workflows[0]); // a localized copy: the committed example is untouched
		expect(examples.workflowIdsOf(workflows)).toEqual(stack.WORKFLOW_IDS);
	});

	test('which to publish, and the subscriptions their TikTok Shop Triggers make', () => {
		const hook = {
			id: 'w1',
			name: 'Hook',
			nodes: [
				{ type: TRIGGER, webhookId: 'abc', parameters: { events: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'] } },
				{ type: TRIGGER, webhookId: 'def', parameters: { registration: 'partnerCenter', events: ['X'] } },
			],
		};
		const schedule = {
			id: 'w2',
			name: 'Schedule',
			nodes: [{ type: 'n8n-nodes-base.scheduleTrigger', parameters: {} }],
		};
		expect(examples.workflowsToPublish([hook, schedule], true)).toEqual([hook]);
		expect(examples.workflowsToPublish([hook, schedule], ['w2'])).toEqual([schedule]);
		expect(examples.workflowsToPublish([hook, schedule], false)).toEqual([]);
		expect(examples.triggerEvents(hook)).toEqual(['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE', 'X']);
		const expected = examples.expectedRegistrations(hook, 'https://n8n.example.test/');
		expect(expected).toEqual([
			{
				workflow: 'Hook',
				url: 'https://n8n.example.test/webhook/abc/webhook',
				events: ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'],
			},
		]);
		const registered = (events: string[]) => ({
			shops: { s1: events.map((event_type) => ({ address: expected[0].url, event_type })) },
		});
		expect(missingRegistrations(expected, registered(['ORDER_STATUS_CHANGE'])).missing).toEqual(expected);
		expect(missingRegistrations(expected, registered(['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'])).missing).toEqual(
			[],
		);
		expect(missingRegistrations(expected, {}).registered).toEqual([]);
	});

	test('the published example is the returns workflow', () => {
		expect(examples.workflowsToPublish(workflows, true).map((w: { id: string }) => w.id)).toEqual([
			stack.WORKFLOW_IDS.matchReturns,
		]);
	});
});

test("credentials: the emulator's app and fresh refresh token (with the US shop's cipher), the stand-in's token", () => {
	const emulator = {
		appKey: 'k',
		appSecret: 's',
		refreshToken: 'r',
		baseUrl: 'http://api',
		authBaseUrl: 'http://auth',
		shops: [{ cipher: 'US_CIPHER' }, { cipher: 'UK' }],
	};
	const [tiktok, shopify] = stackCredentials(emulator, { token: 'shpat' }, { shopCipherInCredential: true });
	expect(tiktok).toMatchObject({
		id: stack.CREDENTIAL_IDS.tikTokShop,
		type: 'tikTokShopApi',
		data: { appKey: 'k', refreshToken: 'r', shopCipher: 'US_CIPHER', baseUrl: 'http://api', accessToken: '' },
	});
	expect(shopify).toEqual({
		id: stack.CREDENTIAL_IDS.shopify,
		name: stack.CREDENTIAL_NAMES.shopify,
		type: 'httpHeaderAuth',
		data: { name: 'X-Shopify-Access-Token', value: 'shpat' },
	});
	const alone = stackCredentials(emulator, null, { shopCipherInCredential: false });
	expect(alone).toHaveLength(1);
	expect(alone[0].data.shopCipher).toBe('');
});

describe('queue mode', () => {
	test('every n8n process: Postgres, Redis, queue mode and the measured tuning; the caller wins', () => {
		const env = queueEnv({ pgPort: 5432, database: 'n8n', redisPort: 6379 }, { N8N_EXPRESSION_ENGINE_POOL_SIZE: '8' });
		expect(env).toMatchObject({
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_PORT: '5432',
			DB_POSTGRESDB_DATABASE: 'n8n',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_PORT: '6379',
			DB_POSTGRESDB_POOL_SIZE: '10',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
			N8N_EXPRESSION_ENGINE_POOL_SIZE: '8',
		});
	});

	test("TikTok's production deliveries go to the first webhook processor", () => {
		expect(processorRewrite('https://n8n.example.test/', [7001, 7002])).toEqual([
			'--webhook-rewrite',
			'https://n8n.example.test/webhook/=http://127.0.0.1:7001/webhook/',
		]);
		expect(processorRewrite('https://n8n.example.test/', [])).toEqual([]);
	});

	test('command lines of Postgres and the n8n processes; which executions a worker ran', () => {
		expect(serverOptions(5432, '/q/pg', { max_connections: 50 })).toBe(
			'-p 5432 -k /q/pg -c listen_addresses=127.0.0.1 -c max_connections=50',
		);
		expect(processArgs('worker', 10)).toEqual(['worker', '--concurrency=10']);
		expect(processArgs('webhook')).toEqual(['webhook']);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-log-'));
		try {
			fs.writeFileSync(
				path.join(dir, 'w.log'),
				'Worker started execution 12 (job 7)\nWorker started execution 15 (job 9)\nother\n',
			);
			expect([...workerExecutionIds(path.join(dir, 'w.log'))]).toEqual(['12', '15']);
			expect(workerExecutionIds(path.join(dir, 'missing.log')).size).toBe(0);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

test('shutdown: everything stopped once, in reverse order, failures reported; the exit hook removed', async () => {
	const progress: string[] = [];
	const order: string[] = [];
	const exitListeners = process.listenerCount('exit');
	const shutdown = createShutdown({
		onProgress: (l: string) => progress.push(l),
		handleSignals: false,
		signalMessage: 'stopping',
	});
	expect(process.listenerCount('exit')).toBe(exitListeners + 1);
	shutdown.add({ name: 'first', stop: async () => order.push('first') });
	shutdown.add({ name: 'broken', stop: async () => Promise.reject(new Error('no')) });
	shutdown.add({ name: 'last', stop: async () => order.push('last') });
	await Promise.all([shutdown.stop(), shutdown.stop()]);
	expect(order).toEqual(['last', 'first']);
	expect(progress).toEqual(['stopping broken: no']);
	expect(process.listenerCount('exit')).toBe(exitListeners);
});

test('the entry points keep their exports', () => {
	expect(Object.keys(stack)).toEqual([
		'startStack',
		'localizeExample',
		'loadExamples',
		'CREDENTIAL_IDS',
		'CREDENTIAL_NAMES',
		'WORKFLOW_IDS',
		'DEFAULT_OWNER',
		'DEFAULT_SEED',
		'SHOPIFY_TOKEN',
		'EXAMPLES_DIR',
		'NODE_TYPE_PREFIX',
	]);
	expect(stack.EXAMPLES_DIR).toBe(path.resolve(__dirname, '../../examples'));
	expect(Object.keys(queueStack)).toEqual([
		'startQueueStack',
		'ensureQueueServices',
		'startPostgres',
		'startRedis',
		'PACKAGES',
	]);
});
