/** Startup budget: 43,103 orders in < 5 s, in-process and through the CLI (one JSON line, clean SIGTERM). */
import { spawn } from 'child_process';
import path from 'path';
import { startEmulator } from '../../emulator';
import { agent, TestClient } from './tts-test-client';

afterAll(() => agent.destroy());

test('in-process: 43,103 orders generated and listening in < 5 s; deterministic by seed', async () => {
	const t0 = Date.now();
	const emu = await startEmulator({ orders: 43103, seed: 42 });
	const ms = Date.now() - t0;
	try {
		expect(ms).toBeLessThan(5000);
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
		process.stdout.write(`[emulator] in-process startup with 43,103 orders: ${ms} ms\n`);
	} finally {
		await emu.close();
	}
});

test('CLI: prints exactly one JSON line within 5 s with --orders 43103 and exits cleanly on SIGTERM', async () => {
	const root = path.resolve(__dirname, '../..');
	const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [root] });
	const t0 = Date.now();
	const child = spawn(process.execPath, [tsNode, '--transpile-only', 'emulator/cli.ts', '--port', '0', '--orders', '43103', '--seed', 'cli', '--webhook-rewrite', 'https://n8n.example.test/=http://127.0.0.1:5678/'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	child.stderr.on('data', (d: Buffer) => (err += d.toString()));
	const line = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no output after 10 s; stderr: ${err}`)), 10000);
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
	const ms = Date.now() - t0;
	process.stdout.write(`[emulator] CLI time to first line with 43,103 orders: ${ms} ms\n`);
	expect(ms).toBeLessThan(5000);
	const info = JSON.parse(line);
	expect(Object.keys(info).sort()).toEqual(['adminUrl', 'appKey', 'appSecret', 'authBaseUrl', 'authCode', 'baseUrl', 'refreshToken', 'shops']);
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
}, 20000);
