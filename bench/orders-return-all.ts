/**
 * Benchmark: Order › Get Many, Return All over 43,103 orders, emulator answering every API call after 80 ms.
 *
 *   node --expose-gc -r ts-node/register/transpile-only bench/orders-return-all.ts [--orders 43103] [--latency 80] [--write]
 * (--expose-gc lets it collect garbage before each run, so the memory figures are comparable; optional.)
 *
 * Side by side in ONE process (the emulator runs in a child process, bench/emulator-process.ts):
 *   (a) our node, run by n8n-core's real execution code (test/harness) with the real credential, windowing off
 *       (one cursor, what every version before windowed Return All did);
 *   (b) the same node as shipped: windowed Return All (transport/windowedSearch.ts);
 *   (b') the same with 10 % of API calls failing (429 / 503 / connection reset);
 *   (c) a plain sequential loop: the npm package `tiktok-shop` signs, axios sends;
 *   floors: pages × latency (one cursor cannot overlap pages) and pages ÷ 45/s (the node's pace under TikTok's
 *   50 requests/s per shop).
 * Every run must return the same orders in the same order (compared by a digest of the output).
 * Prints the ratios and peak memory; `--write` also writes bench/results/orders-return-all.md.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
// The package's own signer. Its documented entry point, signByUrl(url, appSecret, body), parses the URL itself and
// (v2.0.0) cuts every query value at its first "=", so the second page's page_token (base64, ends in "=") is signed
// wrongly and TikTok answers 106001. signByUrl ends in this function with the parsed parameters; calling it with
// the parameters we send is the package's signing without the broken URL parsing.
import Common from 'tiktok-shop/dist/common/common';
import { signByUrl } from 'tiktok-shop';

import { assertNoEmulatorWarnings } from './emulator-warnings';
import { resetThrottle } from '../nodes/shared/transport/throttle';
import { WINDOWED_SEARCHES } from '../nodes/shared/transport/windowedSearch';
import { startEmulatorProcess, type EmulatorInfo } from './emulator-process';
import { nodeHarness } from './node-harness';

const SEARCH_PATH = '/order/202309/orders/search';
const PAGE_SIZE = 100;
/** The node's pace per shop and endpoint (transport/throttle.ts). */
const PACE_PER_SECOND = 45;

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
		return {
			label,
			ms,
			peakRssMb: mb(peakRss),
			rssRiseMb: mb(peakRss - start.rss),
			heapRiseMb: mb(peakHeap - start.heapUsed),
			result,
		};
	} finally {
		clearInterval(timer);
	}
}

interface Output {
	count: number;
	digest: string;
}

/** Same orders in the same order, and the same content: a digest of the output, item by item. */
function digest(orders: IDataObject[]): Output {
	const hash = createHash('sha256');
	for (const order of orders) hash.update(JSON.stringify(order)).update('\n');
	return { count: orders.length, digest: hash.digest('hex').slice(0, 16) };
}

async function ours(emu: EmulatorInfo, cipher: string, windowed: boolean, limit?: number): Promise<IDataObject[]> {
	resetThrottle();
	const saved = WINDOWED_SEARCHES.orders;
	if (!windowed) delete (WINDOWED_SEARCHES as Partial<typeof WINDOWED_SEARCHES>).orders;
	try {
		const result = await nodeHarness(emu).runNode({
			type: 'tikTokShop',
			parameters: {
				resource: 'order',
				operation: 'getAll',
				returnAll: limit === undefined,
				...(limit === undefined ? {} : { limit }),
				shop: { __rl: true, mode: 'list', value: cipher },
			},
		});
		if (result.error) throw result.error;
		return result.items.map((item) => item.json);
	} finally {
		WINDOWED_SEARCHES.orders = saved;
	}
}

/** What a hand-written script does: sign each page with the tiktok-shop package and send it with axios. */
async function plain(emu: EmulatorInfo, cipher: string, maxPages = Infinity): Promise<IDataObject[]> {
	const orders: IDataObject[] = [];
	let pageToken = '';
	let pages = 0;
	const client = axios.create({
		baseURL: emu.baseUrl,
		headers: { 'content-type': 'application/json', 'x-tts-access-token': emu.accessToken },
	});
	do {
		const params: Record<string, string | number> = {
			app_key: emu.appKey,
			shop_cipher: cipher,
			page_size: PAGE_SIZE,
			timestamp: Math.floor(Date.now() / 1000),
		};
		if (pageToken) params.page_token = pageToken;
		// No filters: the package signs no body for {}, so none is sent.
		const { signature } = Common.signatureByAppSecret(params, SEARCH_PATH, emu.appSecret, {}) as { signature: string };
		const response = await client.post(SEARCH_PATH, undefined, { params: { ...params, sign: signature } });
		if (response.data.code !== 0)
			throw new Error(`plain loop: TikTok code ${response.data.code} ${response.data.message}`);
		orders.push(...(response.data.data.orders as IDataObject[]));
		pageToken = response.data.data.next_page_token;
		pages += 1;
	} while (pageToken && pages < maxPages);
	return orders;
}

/** Shows the package's URL signer failing on the first page token, so the workaround above is needed. */
async function signByUrlOnSecondPage(emu: EmulatorInfo, cipher: string): Promise<string> {
	const first = await axios.post(`${emu.baseUrl}${SEARCH_PATH}`, undefined, {
		headers: { 'content-type': 'application/json', 'x-tts-access-token': emu.accessToken },
		params: (() => {
			const params: Record<string, string | number> = {
				app_key: emu.appKey,
				shop_cipher: cipher,
				page_size: PAGE_SIZE,
				timestamp: Math.floor(Date.now() / 1000),
			};
			const { signature } = Common.signatureByAppSecret(params, SEARCH_PATH, emu.appSecret, {}) as {
				signature: string;
			};
			return { ...params, sign: signature };
		})(),
	});
	const token = first.data.data.next_page_token as string;
	const timestamp = Math.floor(Date.now() / 1000);
	// signByUrl needs a ".com" host to find the path; the host is not part of the signature.
	const query = `app_key=${emu.appKey}&page_size=${PAGE_SIZE}&page_token=${encodeURIComponent(token)}&shop_cipher=${cipher}&timestamp=${timestamp}`;
	const signed = signByUrl(`https://open-api.tiktokglobalshop.com${SEARCH_PATH}?${query}`, emu.appSecret, {}) as {
		signature: string;
	};
	const second = await axios.post(`${emu.baseUrl}${SEARCH_PATH}?${query}&sign=${signed.signature}`, undefined, {
		headers: { 'content-type': 'application/json', 'x-tts-access-token': emu.accessToken },
		validateStatus: () => true,
	});
	return `page token "${token.slice(-12)}" → code ${second.data.code}: ${String(second.data.message).slice(0, 60)}`;
}

async function main(): Promise<void> {
	// In its own process: TikTok's work happens on other machines, not on the thread that parses the answers.
	let warnings: Array<{ method: string; path: string; message: string }> = [];
	const emu = await startEmulatorProcess({ orders: ORDERS, latencyMs: LATENCY_MS, seed: 'bench-orders' });
	try {
		const cipher = emu.ciphers[0];
		const total = emu.orders;
		const pages = Math.ceil(total / PAGE_SIZE);
		const floorMs = pages * LATENCY_MS;
		const signByUrlResult = await signByUrlOnSecondPage(emu, cipher);
		const loadAtStart = os
			.loadavg()
			.map((load) => load.toFixed(1))
			.join(' / ');

		// The plain loop first, so that neither run inherits the other's grown heap or RSS (gc runs before each with --expose-gc).
		// Each run's output is reduced to a digest right after it, so the next run starts from the same heap.
		const calls: Record<string, { calls: number; faults: number; serverMs: number }> = {};
		const run = async (label: string, work: () => Promise<IDataObject[]>) => {
			await emu.clearRequests();
			const measured = await measure(label, work);
			calls[label] = await emu.stats(SEARCH_PATH);
			return { ...measured, result: digest(measured.result) };
		};
		// Warm-up, untimed: 300 orders through the node and one plain page, so that no timed run pays for loading and
		// compiling code (an n8n that has run workflows before has done that).
		await ours(emu, cipher, false, 300);
		await plain(emu, cipher, 1);
		const c = await run('(c) plain loop: tiktok-shop signing + axios', () => plain(emu, cipher));
		const a = await run('(a) ours, one cursor (windowing off)', () => ours(emu, cipher, false));
		const b = await run('(b) ours, windowed (as shipped)', () => ours(emu, cipher, true));
		await emu.setFailRate(0.1);
		const bf = await run("(b') ours, windowed, 10 % of calls failing", () => ours(emu, cipher, true));
		await emu.setFailRate(0);
		for (const r of [a, b, bf, c]) {
			if (r.result.count !== total) throw new Error(`${r.label}: ${r.result.count} orders, expected ${total}`);
			if (r.result.digest !== a.result.digest) throw new Error(`${r.label}: output differs from the sequential run`);
		}

		const rateFloorMs = (pages / PACE_PER_SECOND) * 1000;
		const serverPerCall = (label: string) => calls[label].serverMs / calls[label].calls;
		const line = (r: typeof a) =>
			`| ${r.label} | ${(r.ms / 1000).toFixed(2)} s | ${(r.ms / floorMs).toFixed(3)} | ${(r.ms / rateFloorMs).toFixed(2)} | ${calls[r.label].calls} (${calls[r.label].faults} failed) | +${r.heapRiseMb.toFixed(0)} MB | ${r.peakRssMb.toFixed(0)} MB (+${r.rssRiseMb.toFixed(0)}) | ${r.result.digest} |`;
		const clientPerPage = (r: typeof a) => r.ms / pages - serverPerCall(r.label);
		const report = [
			`Orders: ${total} (shop 1), ${pages} pages of ${PAGE_SIZE}, emulator latency ${LATENCY_MS} ms per call. Machine load average at start: ${loadAtStart}.`,
			'',
			'| run | total | × cursor floor | × rate floor | search calls | peak heap rise | peak RSS (rise) | output digest |',
			'|---|---|---|---|---|---|---|---|',
			line(a),
			line(b),
			line(bf),
			line(c),
			`| cursor floor: ${pages} pages × ${LATENCY_MS} ms | ${(floorMs / 1000).toFixed(2)} s | 1.000 | ${(floorMs / rateFloorMs).toFixed(2)} | | | | |`,
			`| rate floor: ${pages} pages ÷ ${PACE_PER_SECOND}/s | ${(rateFloorMs / 1000).toFixed(2)} s | ${(rateFloorMs / floorMs).toFixed(3)} | 1.00 | | | | |`,
			'',
			`windowed / cursor floor = ${(b.ms / floorMs).toFixed(3)} (goal ≤ 0.35); windowed / one cursor = ${(b.ms / a.ms).toFixed(3)}; ` +
				`peak heap, windowed vs one cursor: ${((b.heapRiseMb / a.heapRiseMb - 1) * 100).toFixed(0)} % (goal ≤ +10 %).`,
			`Client-side time per page (wall time ÷ pages − the emulator's own time per call), one cursor each: ours ${clientPerPage(a).toFixed(1)} ms, plain loop ${clientPerPage(c).toFixed(1)} ms; emulator time per call ${serverPerCall(a.label).toFixed(1)} ms (latency + its own work).`,
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
			const notes = previous.includes('<!-- notes -->')
				? previous.slice(previous.indexOf('<!-- notes -->'))
				: '<!-- notes -->\n';
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
		warnings = await emu.warnings();
		await emu.close();
	}
	assertNoEmulatorWarnings({ warnings: () => warnings }, 'orders-return-all');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
