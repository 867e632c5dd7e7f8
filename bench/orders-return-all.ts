/**
 * Benchmark: Order › Search with Return All over 43,103 orders, emulator answering every API call after 80 ms.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/orders-return-all.ts [--orders 43103] [--latency 80] [--write]
 * (--expose-gc lets it collect garbage before each run, so the memory figures are comparable; optional.)
 *
 * Side by side in ONE process:
 *   (a) our node, run by n8n-core's real execution code (test/harness) with the real credential;
 *   (b) a plain sequential loop: the npm package `tiktok-shop` signs, axios sends;
 *   (c) the floor: pages × latency (cursor paging cannot overlap pages: each needs the previous token).
 * Prints the ratios and peak memory; `--write` also writes bench/results/orders-return-all.md.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
// The package's own signer. Its documented entry point, signByUrl(url, appSecret, body), parses the URL itself and
// (v2.0.0) cuts every query value at its first "=", so the second page's page_token (base64, ends in "=") is signed
// wrongly and TikTok answers 106001. signByUrl ends in this function with the parsed parameters; calling it with
// the parameters we send is the package's signing without the broken URL parsing.
import Common from 'tiktok-shop/dist/common/common';
import { signByUrl } from 'tiktok-shop';

import { TikTokShopApi } from '../credentials/TikTokShopApi.credentials';
import { startEmulator, type RunningEmulator } from '../emulator';
import { assertNoEmulatorWarnings } from './emulator-warnings';
import type { TikTokShop as TikTokShopNode } from '../nodes/TikTokShop/TikTokShop.node';
import { createHarness } from '../test/harness';

// Plain Node resolves "TikTokShop.node" to the codex file TikTokShop.node.json before ts-node's .ts: name the file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TikTokShop } = require('../nodes/TikTokShop/TikTokShop.node.ts') as { TikTokShop: typeof TikTokShopNode };

const SEARCH_PATH = '/order/202309/orders/search';
const PAGE_SIZE = 100;

function arg(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const ORDERS = arg('orders', 43103);
const LATENCY_MS = arg('latency', 80);
const WRITE = process.argv.includes('--write');

interface Measured<T> {
	label: string;
	ms: number;
	peakRssMb: number;
	rssRiseMb: number;
	heapRiseMb: number;
	result: T;
}

/** Samples RSS and heap every 20 ms while `work` runs; reports the peaks above the levels at the start. */
async function measure<T>(label: string, work: () => Promise<T>): Promise<Measured<T>> {
	(global as { gc?: () => void }).gc?.();
	const start = process.memoryUsage();
	let peakRss = start.rss;
	let peakHeap = start.heapUsed;
	const sample = () => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed);
	};
	const timer = setInterval(sample, 20);
	const started = performance.now();
	try {
		const result = await work();
		const ms = performance.now() - started;
		sample();
		const mb = (bytes: number) => bytes / 2 ** 20;
		return { label, ms, peakRssMb: mb(peakRss), rssRiseMb: mb(peakRss - start.rss), heapRiseMb: mb(peakHeap - start.heapUsed), result };
	} finally {
		clearInterval(timer);
	}
}

async function ours(emu: RunningEmulator, cipher: string): Promise<number> {
	const harness = createHarness({
		nodeTypes: { tikTokShop: new TikTokShop() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: {
			tikTokShopApi: {
				id: 'bench',
				name: 'bench',
				data: { appKey: emu.appKey, appSecret: emu.appSecret, refreshToken: emu.refreshToken, accessToken: emu.accessToken, baseUrl: emu.baseUrl, authBaseUrl: emu.authBaseUrl },
			},
		},
	});
	const result = await harness.runNode({
		type: 'tikTokShop',
		parameters: { resource: 'order', operation: 'getAll', returnAll: true, shop: { __rl: true, mode: 'list', value: cipher } },
	});
	if (result.error) throw result.error;
	const ids = new Set(result.items.map((item) => item.json.id as string));
	if (ids.size !== result.items.length) throw new Error('duplicates in our output');
	return result.items.length;
}

/** What a hand-written script does: sign each page with the tiktok-shop package and send it with axios. */
async function plain(emu: RunningEmulator, cipher: string): Promise<number> {
	const orders: IDataObject[] = [];
	let pageToken = '';
	const client = axios.create({ baseURL: emu.baseUrl, headers: { 'content-type': 'application/json', 'x-tts-access-token': emu.accessToken } });
	do {
		const params: Record<string, string | number> = { app_key: emu.appKey, shop_cipher: cipher, page_size: PAGE_SIZE, timestamp: Math.floor(Date.now() / 1000) };
		if (pageToken) params.page_token = pageToken;
		// No filters: the package signs no body for {}, so none is sent.
		const { signature } = Common.signatureByAppSecret(params, SEARCH_PATH, emu.appSecret, {}) as { signature: string };
		const response = await client.post(SEARCH_PATH, undefined, { params: { ...params, sign: signature } });
		if (response.data.code !== 0) throw new Error(`plain loop: TikTok code ${response.data.code} ${response.data.message}`);
		orders.push(...(response.data.data.orders as IDataObject[]));
		pageToken = response.data.data.next_page_token;
	} while (pageToken);
	return orders.length;
}

/** Shows the package's URL signer failing on the first page token, so the workaround above is needed. */
async function signByUrlOnSecondPage(emu: RunningEmulator, cipher: string): Promise<string> {
	const first = await axios.post(`${emu.baseUrl}${SEARCH_PATH}`, undefined, {
		headers: { 'content-type': 'application/json', 'x-tts-access-token': emu.accessToken },
		params: (() => {
			const params: Record<string, string | number> = { app_key: emu.appKey, shop_cipher: cipher, page_size: PAGE_SIZE, timestamp: Math.floor(Date.now() / 1000) };
			const { signature } = Common.signatureByAppSecret(params, SEARCH_PATH, emu.appSecret, {}) as { signature: string };
			return { ...params, sign: signature };
		})(),
	});
	const token = first.data.data.next_page_token as string;
	const timestamp = Math.floor(Date.now() / 1000);
	// signByUrl needs a ".com" host to find the path; the host is not part of the signature.
	const query = `app_key=${emu.appKey}&page_size=${PAGE_SIZE}&page_token=${encodeURIComponent(token)}&shop_cipher=${cipher}&timestamp=${timestamp}`;
	const signed = signByUrl(`https://open-api.tiktokglobalshop.com${SEARCH_PATH}?${query}`, emu.appSecret, {}) as { signature: string };
	const second = await axios.post(`${emu.baseUrl}${SEARCH_PATH}?${query}&sign=${signed.signature}`, undefined, {
		headers: { 'content-type': 'application/json', 'x-tts-access-token': emu.accessToken },
		validateStatus: () => true,
	});
	return `page token "${token.slice(-12)}" → code ${second.data.code}: ${String(second.data.message).slice(0, 60)}`;
}

async function main(): Promise<void> {
	const emu = await startEmulator({ orders: ORDERS, latencyMs: LATENCY_MS, seed: 'bench-orders' });
	try {
		const cipher = emu.shops[0].cipher;
		const total = emu.state.shops[0].orders.length;
		const pages = Math.ceil(total / PAGE_SIZE);
		const floorMs = pages * LATENCY_MS;
		const signByUrlResult = await signByUrlOnSecondPage(emu, cipher);

		// The plain loop first, so that neither run inherits the other's grown heap or RSS (gc runs before each with --expose-gc).
		emu.control.clearRequests();
		const b = await measure('(b) plain loop: tiktok-shop signing + axios', () => plain(emu, cipher));
		const a = await measure('(a) our node via n8n-core (harness)', () => ours(emu, cipher));
		for (const run of [a, b]) if (run.result !== total) throw new Error(`${run.label}: ${run.result} orders, expected ${total}`);

		const calls = emu.control.getRequests({ path_prefix: SEARCH_PATH, limit: 100000 });
		const serverMs = calls.reduce((sum, call) => sum + call.duration_ms, 0) / calls.length;
		const line = (run: typeof a) =>
			`| ${run.label} | ${(run.ms / 1000).toFixed(2)} s | ${(run.ms / pages).toFixed(1)} ms | ${(run.ms / floorMs).toFixed(3)} | +${run.heapRiseMb.toFixed(0)} MB | ${run.peakRssMb.toFixed(0)} MB (+${run.rssRiseMb.toFixed(0)}) |`;
		const report = [
			`Orders: ${total} (shop 1), ${pages} pages of ${PAGE_SIZE}, emulator latency ${LATENCY_MS} ms per call.`,
			'',
			'| run | total | per page | × floor | peak heap rise | peak RSS (rise) |',
			'|---|---|---|---|---|---|',
			line(a),
			line(b),
			`| (c) floor: ${pages} pages × ${LATENCY_MS} ms | ${(floorMs / 1000).toFixed(2)} s | ${LATENCY_MS.toFixed(1)} ms | 1.000 | | |`,
			`| (c') emulator time per call (latency + its own work), both runs | ${((serverMs * pages) / 1000).toFixed(2)} s | ${serverMs.toFixed(1)} ms | ${(serverMs / LATENCY_MS).toFixed(3)} | | |`,
			'',
			`ours / floor = ${(a.ms / floorMs).toFixed(3)}; ours / plain = ${(a.ms / b.ms).toFixed(3)}; client-side time per page: ours ${(a.ms / pages - serverMs).toFixed(1)} ms, plain ${(b.ms / pages - serverMs).toFixed(1)} ms.`,
			'',
			`tiktok-shop signByUrl on page 2: ${signByUrlResult}.`,
		].join('\n');
		console.log(report);

		if (WRITE) {
			const command = `node --expose-gc -r ts-node/register/transpile-only bench/orders-return-all.ts${ORDERS !== 43103 ? ` --orders ${ORDERS}` : ''}${LATENCY_MS !== 80 ? ` --latency ${LATENCY_MS}` : ''} --write`;
			const file = path.join(__dirname, 'results', 'orders-return-all.md');
			const previous = (() => {
				try {
					return require('node:fs').readFileSync(file, 'utf8') as string;
				} catch {
					return '';
				}
			})();
			const notes = previous.includes('<!-- notes -->') ? previous.slice(previous.indexOf('<!-- notes -->')) : '<!-- notes -->\n';
			writeFileSync(
				file,
				[
					'# Order › Search, Return All: benchmark',
					'',
					`Run ${new Date().toISOString()} on Node ${process.version} (${process.platform}/${process.arch}) with:`,
					'',
					'```',
					command,
					'```',
					'',
					report,
					'',
					notes,
				].join('\n'),
			);
			console.log(`written to ${path.relative(process.cwd(), file)}`);
		}
	} finally {
		await emu.close();
	}
	assertNoEmulatorWarnings(emu, 'orders-return-all');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
