/**
 * Startup with the benchmark-sized world (43,103 orders), in-process and through the CLI (one JSON line, clean
 * SIGTERM). The time budget (< 5 s) is measured by bench/emulator-startup.ts, not asserted here: timed tests flake
 * on a loaded CI machine.
 */
import { spawn } from 'child_process';
import path from 'path';
import { startEmulator } from '../../emulator';
import { agent, TestClient } from './tts-test-client';

afterAll(() => agent.destroy());

test('in-process: 43,103 orders generated and listening; deterministic by seed', async () => {
	const emu = await startEmulator({ orders: 43103, seed: 42 });
	try {
		expect(emu.state.shops[0].orders).toHaveLength(43103);
		expect(emu.state.shops[1].orders).toHaveLength(4310);
		const c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[0].cipher);
		const r = await c.post('/order/202309/orders/search', {}, { query: { page_size: 100 } });
		expect(r.json.data.total_count).toBe(43103);
		// deterministic ids for the same seed
		const again = await startEmulator({ orders: 100, seed: 42 });
		try {
			expect(again.shops).toEqual(emu.shops);
			expect(again.appKey).toBe(emu.appKey);
			expect(again.state.shops[0].products.map((p) => p.id)).toEqual(emu.state.shops[0].products.map((p) => p.id));
		} finally {
			await again.close();
		}
	} finally {
		await emu.close();
	}
});

test('CLI: prints exactly one JSON line with --orders 43103 and exits cleanly on SIGTERM', async () => {
	const root = path.resolve(__dirname, '../..');
	const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [root] });
	const child = spawn(
		process.execPath,
		[
			tsNode,
			'--transpile-only',
			'emulator/cli.ts',
			'--port',
			'0',
			'--orders',
			'43103',
			'--seed',
			'cli',
			'--webhook-rewrite',
			'https://n8n.example.test/=http://127.0.0.1:5678/',
		],
		{
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let out = '';
	let err = '';
	child.stderr.on('data', (d: Buffer) => (err += d.toString()));
	const line = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no output after 60 s; stderr: ${err}`)), 60000);
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
			const nl = out.indexOf('\n');
			if (nl >= 0) {
				clearTimeout(timer);
				resolve(out.slice(0, nl));
			}
		});
		child.on('exit', (code) => reject(new Error(`exited early (${code}): ${err}`)));
	});
	const info = JSON.parse(line);
	expect(Object.keys(info).sort()).toEqual([
		'adminUrl',
		'appKey',
		'appSecret',
		'authBaseUrl',
		'authCode',
		'baseUrl',
		'refreshToken',
		'shops',
	]);
	expect(info.shops).toHaveLength(2);
	for (const s of info.shops) expect(Object.keys(s).sort()).toEqual(['cipher', 'id', 'name', 'region']);
	const health = await fetch(`${info.adminUrl}/health`);
	expect(health.status).toBe(200);
	const wh = (await (await fetch(`${info.adminUrl}/webhooks`)).json()) as { rewrites: Record<string, string> };
	expect(wh.rewrites).toEqual({ 'https://n8n.example.test/': 'http://127.0.0.1:5678/' });
	const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	child.kill('SIGTERM');
	expect(await exit).toBe(0);
	expect(out.trim().split('\n')).toHaveLength(1);
}, 90000);
