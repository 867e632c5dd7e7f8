/**
 * Benchmark: one shop's stock sync (Inventory › Update, 10,000 SKUs across 2,000 products) split over several n8n
 * worker processes, the way n8n's queue mode runs executions: each worker is its own process with its own throttle,
 * and only TikTok's answers (429) are shared between them.
 *
 *   npx ts-node --transpile-only bench/stock-queue.ts [--products 2000] [--skus 5] [--latency 20] [--workers 1,2,3] [--write]
 *
 * One row per worker count, each on a fresh emulator in its own process (bench/emulator-process.ts; it enforces
 * TikTok's 50 requests per rolling second per shop and API): N child processes each run the node through n8n-core's
 * execution code (test/harness) with the real credential, on every N-th product, all started at the same moment.
 * Reported: wall time until the last worker finished against the 50/s floor (products ÷ 50), update attempts and
 * 429s, the combined accepted rate, and lost updates (checked in the emulator's state for every SKU).
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LOAD_AT_START = os
	.loadavg()
	.map((load) => load.toFixed(1))
	.join(' / ');

import type { IDataObject } from 'n8n-workflow';

import { startEmulatorProcess, type EmulatorInfo } from './emulator-process';
import { runQueueRow, type QueueRow } from './stock-queue-stack';

function arg(name: string, fallback: string): string {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}

const PRODUCTS = Number(arg('products', '2000'));
const SKUS_PER_PRODUCT = Number(arg('skus', '5'));
const LATENCY_MS = Number(arg('latency', '20'));
const WORKER_COUNTS = arg('workers', '1,2,3').split(',').map(Number);
/** Worker counts of the real queue-mode stack (1 and/or 2; `--stack none` skips it). */
const STACK_WORKERS = arg('stack', '1,2')
	.split(',')
	.filter((value) => value === '1' || value === '2')
	.map((value) => Number(value) as 1 | 2);
const WRITE = process.argv.includes('--write');
const TIKTOK_RATE = 50;
const FLOOR_MS = (PRODUCTS / TIKTOK_RATE) * 1000;
const UPDATE_SUFFIX = '/inventory/update';

/** The harness rows measured with the throttle as it was before the adaptive rate (commit 520a546), for comparison. */
const BEFORE = {
	date: '2026-12-02',
	load: '2.7 to 15',
	one: '54.4 s, 68 × 429 in 2,068 attempts',
	two: '67.1 s, 1,179 × 429 in 3,164 attempts (37 %), and 15 products (75 SKUs) not updated: their calls were refused 6 times in a row and the node gave up',
	three: '66.6 s, 1,168 × 429 in 3,168 attempts (37 %)',
};

interface WorkerResult {
	ms: number;
	outputItems: number;
	statuses: Record<string, number>;
	error?: string;
}

interface Row {
	workers: number;
	ms: number;
	floorMs: number;
	attempts: number;
	updated: number;
	refused429: number;
	otherFaults: number;
	/** Accepted update calls per second over the busiest 10 s and over the whole run. */
	peakRate: number;
	meanRate: number;
	lost: number;
	wrongKept: number;
	outputItems: number;
	skus: number;
	errors: string[];
}

/** Items of every `count`-th product, so each worker has its share and no product is in two workers. */
export function shareOf(items: IDataObject[], worker: number, count: number): IDataObject[] {
	const products = [...new Set(items.map((item) => String(item.productId)))];
	const mine = new Set(products.filter((_, index) => index % count === worker));
	return items.filter((item) => mine.has(String(item.productId)));
}

/** Most accepted calls in any `spanMs` window, per second. */
function peakRate(times: number[], spanMs: number): number {
	let best = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= spanMs) j++;
		best = Math.max(best, i - j + 1);
	}
	return (best / spanMs) * 1000;
}

async function runWorkers(info: EmulatorInfo, cipher: string, shares: IDataObject[][]): Promise<WorkerResult[]> {
	const children = shares.map(() =>
		fork(path.join(__dirname, 'stock-queue-worker.ts'), [], {
			execArgv: ['-r', 'ts-node/register/transpile-only'],
			stdio: 'inherit',
		}),
	);
	const ready = children.map(
		(child, index) =>
			new Promise<void>((resolve) => {
				child.once('message', () => resolve());
				child.send({ info, cipher, items: shares[index] });
			}),
	);
	await Promise.all(ready);
	const done = children.map(
		(child) =>
			new Promise<WorkerResult>((resolve) => {
				child.once('message', (result: WorkerResult) => resolve(result));
				child.once('exit', (code) => resolve({ ms: 0, outputItems: 0, statuses: {}, error: `exit ${code}` }));
			}),
	);
	for (const child of children) child.send({ go: true });
	const results = await Promise.all(done);
	for (const child of children) if (child.connected) child.disconnect();
	return results;
}

async function runRow(workers: number): Promise<Row> {
	const emu = await startEmulatorProcess({
		seed: 'stock-bench',
		orders: 50,
		latencyMs: LATENCY_MS,
		requestLogSize: 50000,
	});
	try {
		const { cipher, items } = await emu.stockScenario(PRODUCTS, SKUS_PER_PRODUCT, 7);
		await emu.clearRequests();
		const shares = Array.from({ length: workers }, (_, worker) => shareOf(items, worker, workers));
		const results = await runWorkers(emu, cipher, shares);
		const writes = (await emu.outcomes('/product/')).filter((call) => call.path.endsWith(UPDATE_SUFFIX));
		const accepted = writes.filter((call) => call.code === 0).map((call) => call.at);
		const { lost, wrongKept } = await emu.verifyStock();
		const ms = Math.max(...results.map((result) => result.ms));
		const warnings = await emu.warnings();
		if (warnings.length) throw new Error(`emulator contract warnings: ${JSON.stringify(warnings.slice(0, 5))}`);
		return {
			workers,
			ms,
			floorMs: (PRODUCTS / TIKTOK_RATE) * 1000,
			attempts: writes.length,
			updated: accepted.length,
			refused429: writes.filter((call) => call.status === 429).length,
			otherFaults: writes.filter((call) => call.status !== 429 && call.code !== 0).length,
			peakRate: peakRate(accepted, 10000),
			meanRate: accepted.length / (ms / 1000),
			lost,
			wrongKept,
			outputItems: results.reduce((sum, result) => sum + result.outputItems, 0),
			skus: items.length,
			errors: results.filter((result) => result.error).map((result) => String(result.error)),
		};
	} finally {
		await emu.close();
	}
}

function describe(r: Row): string {
	return (
		`${r.workers} worker process(es): ${(r.ms / 1000).toFixed(1)} s = ${(r.ms / r.floorMs).toFixed(2)} × floor; ` +
		`${r.updated} updated in ${r.attempts} attempts (${r.refused429} × 429, ${r.otherFaults} other); ` +
		`accepted ${r.meanRate.toFixed(1)}/s mean, ${r.peakRate.toFixed(1)}/s busiest 10 s; lost ${r.lost}, ` +
		`untouched changed ${r.wrongKept}, output items ${r.outputItems}/${r.skus}${r.errors.length ? `, errors ${r.errors.join('; ')}` : ''}`
	);
}

function describeQueue(r: QueueRow): string {
	return (
		`queue mode, ${r.workers} worker(s): ${(r.ms / 1000).toFixed(1)} s, update calls over ${(span(r.accepted) / 1000).toFixed(1)} s = ${(span(r.accepted) / FLOOR_MS).toFixed(2)} × floor; ` +
		`${r.updated} updated in ${r.attempts} attempts (${r.refused429} × 429); accepted ${updateRate(r.accepted).toFixed(1)}/s ` +
		`over the update span, ${peakRate(r.accepted, 10000).toFixed(1)}/s busiest 10 s; lost ${r.lost}; executions ` +
		`${r.statuses.join(', ')} per worker ${r.perWorker.join('/')}`
	);
}

/** Ms from the first accepted call to the last. */
function span(times: number[]): number {
	return times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
}

/** Accepted calls per second from the first to the last. */
function updateRate(times: number[]): number {
	return times.length > 1 ? ((times.length - 1) / span(times)) * 1000 : 0;
}

async function main(): Promise<void> {
	console.log(`load average at start: ${LOAD_AT_START}`);
	const queueRows: QueueRow[] = [];
	for (const workers of STACK_WORKERS) {
		const row = await runQueueRow(workers, PRODUCTS, SKUS_PER_PRODUCT);
		console.log(describeQueue(row));
		queueRows.push(row);
	}
	const rows: Row[] = [];
	for (const workers of WORKER_COUNTS) {
		const row = await runRow(workers);
		console.log(describe(row));
		rows.push(row);
	}
	const ok =
		rows.every(
			(r) =>
				r.updated === PRODUCTS && r.lost === 0 && r.wrongKept === 0 && r.outputItems === r.skus && !r.errors.length,
		) &&
		queueRows.every(
			(r) => r.updated === PRODUCTS && r.lost === 0 && r.statuses.every((status) => status === 'success'),
		);
	console.log(ok ? 'PASS: every product updated once, zero lost updates' : 'FAIL');
	if (WRITE) writeResults(queueRows, rows, ok);
	if (!ok) process.exitCode = 1;
}

function writeResults(queueRows: QueueRow[], rows: Row[], ok: boolean): void {
	const command = `npx ts-node --transpile-only bench/stock-queue.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
	const row = (r: Row) =>
		`| ${r.workers} | ${(r.ms / 1000).toFixed(1)} s | ${(r.ms / r.floorMs).toFixed(2)} | ${r.attempts} | ${r.refused429} (${((r.refused429 / r.attempts) * 100).toFixed(1)} %) | ${r.meanRate.toFixed(1)} / ${r.peakRate.toFixed(1)} | ${r.lost} |`;
	const queueRow = (r: QueueRow) =>
		`| ${r.workers} | ${(r.ms / 1000).toFixed(1)} s | ${(span(r.accepted) / 1000).toFixed(1)} s (${(span(r.accepted) / FLOOR_MS).toFixed(2)}) | ${r.attempts} | ${r.refused429} (${((r.refused429 / r.attempts) * 100).toFixed(1)} %) | ${updateRate(r.accepted).toFixed(1)} / ${peakRate(r.accepted, 10000).toFixed(1)} | ${r.lost} | ${r.perWorker.join(' / ')} |`;
	const md = [
		'# Benchmark: one shop, several worker processes (queue mode)',
		'',
		`Command: \`${command}\``,
		'',
		`Run on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, emulator latency ${LATENCY_MS} ms per API call, load average (1 / 5 / 15 min) at the start ${LOAD_AT_START}. The stock sync of ${PRODUCTS * SKUS_PER_PRODUCT} SKUs across ${PRODUCTS} products of one shop, split over workers that run at the same time against one emulator, which enforces TikTok's 50 requests per rolling second per shop and API.`,
		'',
		'## Real n8n in queue mode',
		'',
		"n8n 2.41 in queue mode (scripts/lib/queue-stack.js: Postgres, Redis, main, one webhook processor, the package from its tarball) runs the stock example's job (Webhook → Split Out → Inventory › Update by seller SKU, summary output) in two halves posted at the same moment. With 1 worker (10 executions at once) both halves run in one process and share its throttle; with 2 workers (1 execution at once each) each half runs in its own worker process. Wall time runs from posting the halves until both executions finished: it includes n8n taking the 5,000-row bodies, splitting them and the node finding the SKUs by seller SKU before the first update; the update calls column is the part TikTok's limit governs.",
		'',
		'| Workers | Wall time | Update calls: first to last (ratio to the 40 s floor) | Update attempts | 429s (share of attempts) | Accepted/s: update span / busiest 10 s | Lost updates | Executions per worker |',
		'|---|---|---|---|---|---|---|---|',
		...queueRows.map(queueRow),
		'',
		'## Worker processes through the test harness',
		'',
		"The same job without n8n around it, to see how the worker processes converge: N child processes each run the node through n8n-core's execution code (test/harness) on every N-th product, started together.",
		'',
		'| Worker processes | Wall time | Ratio to the floor (40 s) | Update attempts | 429s (share of attempts) | Accepted/s: mean / busiest 10 s | Lost updates |',
		'|---|---|---|---|---|---|---|',
		...rows.map(row),
		'',
		'How to read it:',
		`- The floor is TikTok's limit: one call per product, 50 calls per second per shop and API, so ${PRODUCTS} products take at least ${PRODUCTS / TIKTOK_RATE} s however many workers share them. More workers on one shop cannot be faster; the question is how much slower they are and how many calls TikTok refuses.`,
		"- Each worker process paces itself (transport/throttle.ts). Workers share nothing but TikTok's answers: when TikTok refuses a fifth of a worker's calls of the last second although that worker's own accepted calls do not fill the limit, other workers use the shop's budget, and the worker lowers its own rate to 0.85 × the share TikTok accepted from it, then raises it again over the next seconds (transport/adaptiveRate.ts). So N workers settle below 50/s together; a worker alone never lowers its rate.",
		`- Before the adaptive rate (each 429 only widened the worker's window by 10 ms, at most 150 ms; same benchmark, ${BEFORE.date}, load average ${BEFORE.load}): 1 worker process ${BEFORE.one}; 2 processes ${BEFORE.two}; 3 processes ${BEFORE.three}.`,
		'- Every refused call is retried (lost updates must be 0) and uses a send slot of its worker.',
		'',
		ok ? 'Result: PASS (every product updated, zero lost updates).' : 'Result: FAIL',
		'',
	].join('\n');
	writeFileSync(path.join(__dirname, 'results', 'stock-queue.md'), md);
	console.log('wrote bench/results/stock-queue.md');
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
