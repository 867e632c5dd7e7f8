/**
 * `npm run demo` (scripts/demo/): its flags, its state folder, and the guide it prints once everything runs (built
 * from a made-up stack); and how `npm test` (scripts/test-all.js) counts a jest report.
 */
import path from 'path';

/* eslint-disable @typescript-eslint/no-require-imports */
const { USAGE, parseDemoArgs, demoStateDir } = require('../../scripts/demo/args.js');
const { guideLines } = require('../../scripts/demo/guide.js');
const { countJestReport } = require('../../scripts/test-all.js');
/* eslint-enable @typescript-eslint/no-require-imports */

describe('demo flags', () => {
	test('port, fresh, n8n version and queue mode, as `--flag value` or `--flag=value`', () => {
		expect(parseDemoArgs([])).toEqual({ args: { port: undefined, fresh: false, n8n: undefined, queue: false } });
		expect(parseDemoArgs(['--port', '5679', '--fresh', '--n8n=1', '--queue'])).toEqual({
			args: { port: 5679, fresh: true, n8n: '1', queue: true },
		});
		expect(parseDemoArgs(['--port=6000', '--n8n', '2.41.0'])).toEqual({
			args: { port: 6000, fresh: false, n8n: '2.41.0', queue: false },
		});
	});

	test('help, a wrong port and an unknown flag end the demo with the right message and exit code', () => {
		expect(parseDemoArgs(['-h'])).toEqual({ exit: { code: 0, usage: true } });
		expect(parseDemoArgs(['--port', '70000'])).toEqual({
			exit: { code: 2, error: '--port needs a port number, got "70000"', usage: false },
		});
		expect(parseDemoArgs(['--port'])).toEqual({
			exit: { code: 2, error: '--port needs a port number, got "undefined"', usage: false },
		});
		expect(parseDemoArgs(['--fast'])).toEqual({ exit: { code: 2, error: 'unknown option --fast', usage: true } });
		expect(USAGE).toBe(
			'usage: npm run demo [-- --port <n8n port>] [-- --fresh] [-- --n8n 2.41.0|1.123.81] [-- --queue]',
		);
	});

	test('one state folder per n8n version, and another for queue mode', () => {
		expect(demoStateDir('/repo', '2.41.0', '2.41.0', false)).toBe(path.join('/repo', '.demo'));
		expect(demoStateDir('/repo', '2.41.0', '2.41.0', true)).toBe(path.join('/repo', '.demo-queue'));
		expect(demoStateDir('/repo', '1.123.81', '2.41.0', false)).toBe(path.join('/repo', '.demo-n8n-1.123.81'));
		expect(demoStateDir('/repo', '1.123.81', '2.41.0', true)).toBe(path.join('/repo', '.demo-n8n-1.123.81-queue'));
	});
});

describe('the guide', () => {
	const stack = {
		stateDir: '/repo/.demo',
		n8n: {
			url: 'http://127.0.0.1:5678',
			version: '2.41.0',
			owner: { email: 'demo@example.com', password: 'pw' },
			webhookBase: 'https://n8n.example.test/',
			logFile: '/repo/.demo/n8n/n8n.log',
		},
		package: { nodeTypePrefix: 'n8n-nodes-tiktok-shop.' },
		emulator: {
			baseUrl: 'http://127.0.0.1:8787',
			adminUrl: 'http://127.0.0.1:8787/__admin',
			shops: [{ name: 'US Shop' }, { name: 'UK Shop' }],
			logFile: '/repo/.demo/logs/emulator.log',
		},
		shopify: { url: 'http://127.0.0.1:8789' },
		credentialNames: { tikTokShop: 'TikTok Shop (emulator)', shopify: 'Shopify Admin API (stand-in)' },
		workflowIds: { routeOrders: 'r', matchReturns: 'm', stockSync: 's' },
		workflows: [
			{ id: 'r', name: 'Route', published: false },
			{ id: 'm', name: 'Returns', published: true },
			{ id: 's', name: 'Stock', published: false },
		],
		files: { stockCsv: '/repo/.demo/files/stock.csv' },
	};
	const ctx = { bold: (s: string) => `**${s}**`, cwd: '/repo', pid: 4242 };

	test('where everything runs, what was imported, four things to try, how to stop', () => {
		const text = guideLines(stack, '14.2 s', ctx).join('\n');
		expect(text).toContain('**Ready in 14.2 s.**');
		expect(text).toContain(
			'  n8n editor      **http://127.0.0.1:5678**  (n8n 2.41.0, n8n-nodes-tiktok-shop installed from its npm tarball)',
		);
		expect(text).toContain('shops: US Shop, UK Shop');
		expect(text).toContain('  workflow    "Returns"  [published: runs on every TikTok return event]');
		expect(text).toMatch(/ {2}1\. Route orders to Shopify: open "Route"/);
		expect(text).toMatch(/ {2}4\. Stock from a CSV file: open "Stock"/);
		expect(text).toContain('The file is .demo/files/stock.csv:');
		expect(text).toContain('**kill 4242**');
		expect(text).toContain('  Logs: .demo/n8n/n8n.log, .demo/logs/emulator.log');
		expect(text).not.toContain('Queue mode');
	});

	test('without the Shopify stand-in and the examples: only the new-order step', () => {
		const lines = guideLines(
			{ ...stack, shopify: null, credentialNames: { tikTokShop: 'T' }, workflowIds: {}, workflows: [] },
			'1.0 s',
			ctx,
		);
		expect(lines.filter((l: string) => /^ {2}\d\. /.test(l))).toEqual([
			'  1. A new TikTok order (2 units of one SKU, placed 2 hours ago so it is ready to ship):',
		]);
		expect(lines.join('\n')).not.toContain('Shopify         stand-in');
	});

	test('queue mode adds Postgres, Redis, the webhook processor and the workers', () => {
		const queue = {
			...stack,
			mode: 'queue',
			postgres: { port: 5432, database: 'n8n', dir: '/repo/.demo-queue/queue/postgres' },
			redis: { port: 6379 },
			webhookProcessors: [{ url: 'http://127.0.0.1:7001', logFile: '/repo/.demo-queue/logs/n8n-webhook-0.log' }],
			workers: [{ index: 0, logFile: '/repo/.demo-queue/logs/n8n-worker-0.log' }],
		};
		const lines = guideLines(queue, '1.0 s', ctx);
		expect(lines.slice(lines.indexOf('**Queue mode**'))).toEqual([
			'**Queue mode**',
			'  Postgres        127.0.0.1:5432 (database n8n, data .demo-queue/queue/postgres)',
			'  Redis           127.0.0.1:6379',
			"  n8n webhook     http://127.0.0.1:7001  (TikTok's deliveries arrive here; log .demo-queue/logs/n8n-webhook-0.log)",
			'  n8n worker 1    runs executions (log .demo-queue/logs/n8n-worker-0.log)',
			'  Ctrl-C stops the workers, the webhook processor, n8n main, the emulator, Redis and Postgres.',
			'',
		]);
	});
});

test('npm test counts every jest test, and a suite that could not start as one failure', () => {
	const suite = (status: string, tests: string[]) => ({ status, assertionResults: tests.map((s) => ({ status: s })) });
	expect(
		countJestReport({
			numPassedTests: 5,
			numFailedTests: 1,
			numTotalTests: 6,
			testResults: [suite('passed', ['passed']), suite('failed', ['passed', 'failed']), suite('failed', [])],
		}),
	).toEqual({
		passed: 5,
		failed: 2,
		counted: true,
	});
	expect(countJestReport({ numPassedTests: 0, numFailedTests: 0, numTotalTests: 0, testResults: [] })).toEqual({
		passed: 0,
		failed: 0,
		counted: false,
	});
});
