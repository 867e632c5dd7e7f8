/**
 * The emulator in a child process, for benchmarks that measure client-side work: in the benchmark's own process
 * the emulator's work (rendering and serializing ~350 KB per order page) would share one thread with the client
 * and cap concurrent paging at what that thread can serialize. TikTok answers from other machines.
 *
 *   const emu = await startEmulatorProcess({ orders: 43103, latencyMs: 80, seed: 'bench-orders' });
 *   await emu.stats('/order/202309/orders/search'); await emu.setFailRate(0.1); await emu.close();
 */
import { fork, type ChildProcess } from 'node:child_process';

import type { IDataObject } from 'n8n-workflow';

import type { EmulatorOptions } from '../emulator';

export interface EmulatorInfo {
	baseUrl: string;
	authBaseUrl: string;
	appKey: string;
	appSecret: string;
	refreshToken: string;
	accessToken: string;
	ciphers: string[];
	/** Orders of the first shop. */
	orders: number;
}

export interface CallStats {
	calls: number;
	faults: number;
	/** Sum of the emulator's time per call (latency + its own work), ms. */
	serverMs: number;
}

export interface EmulatorProcess extends EmulatorInfo {
	clearRequests(): Promise<void>;
	stats(pathPrefix: string): Promise<CallStats>;
	setFailRate(rate: number): Promise<void>;
	/** Start time (ms since epoch), emulator time (ms) and page_token presence of each call under a path. */
	log(pathPrefix: string): Promise<Array<{ at: number; ms: number; token: boolean; size: string }>>;
	/** Status, body code and fault of each call under a path, oldest first. */
	outcomes(pathPrefix: string): Promise<CallOutcome[]>;
	/**
	 * Adds the stock scenario of bench/stock-catalogue.ts to the first shop: `products` products with `skus` SKUs
	 * each, and one input item per SKU (seeded). `verifyStock()` then counts SKUs whose stock differs from the plan.
	 */
	stockScenario(
		products: number,
		skus: number,
		seed: number,
		shopIndex?: number,
	): Promise<{ cipher: string; items: IDataObject[] }>;
	verifyStock(): Promise<{ lost: number; wrongKept: number }>;
	/** Contract warnings (see bench/emulator-warnings.ts). */
	warnings(): Promise<Array<{ method: string; path: string; message: string }>>;
	close(): Promise<void>;
}

export interface CallOutcome {
	at: number;
	path: string;
	status: number;
	code: number | null;
	fault?: string;
}

type Request = {
	id: number;
	cmd: 'clear' | 'stats' | 'failRate' | 'warnings' | 'log' | 'outcomes' | 'stock' | 'verify' | 'close';
	arg?: unknown;
};

export async function startEmulatorProcess(options: EmulatorOptions): Promise<EmulatorProcess> {
	const child: ChildProcess = fork(__filename, ['--child'], {
		execArgv: ['-r', 'ts-node/register/transpile-only'],
		stdio: 'inherit',
	});
	let nextId = 0;
	const pending = new Map<number, (value: unknown) => void>();
	const info = await new Promise<EmulatorInfo>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`emulator process exited with ${code}`)));
		child.on('message', (message: { id?: number; info?: EmulatorInfo; result?: unknown }) => {
			if (message.info) resolve(message.info);
			else if (message.id !== undefined) {
				pending.get(message.id)?.(message.result);
				pending.delete(message.id);
			}
		});
		child.send({ start: options });
	});
	child.removeAllListeners('exit');
	const call = (cmd: Request['cmd'], arg?: unknown) =>
		new Promise<unknown>((resolve) => {
			const id = nextId++;
			pending.set(id, resolve);
			child.send({ id, cmd, arg } satisfies Request);
		});
	return {
		...info,
		clearRequests: async () => void (await call('clear')),
		stats: async (pathPrefix) => (await call('stats', pathPrefix)) as CallStats,
		setFailRate: async (rate) => void (await call('failRate', rate)),
		log: async (pathPrefix) =>
			(await call('log', pathPrefix)) as Array<{ at: number; ms: number; token: boolean; size: string }>,
		outcomes: async (pathPrefix) => (await call('outcomes', pathPrefix)) as CallOutcome[],
		stockScenario: async (products, skus, seed, shopIndex = 0) =>
			(await call('stock', { products, skus, seed, shopIndex })) as { cipher: string; items: IDataObject[] },
		verifyStock: async () => (await call('verify')) as { lost: number; wrongKept: number },
		warnings: async () => (await call('warnings')) as Array<{ method: string; path: string; message: string }>,
		close: async () => {
			await call('close');
			child.disconnect();
		},
	};
}

if (process.argv.includes('--child')) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { startEmulator } = require('../emulator') as typeof import('../emulator');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const catalogue = require('./stock-catalogue') as typeof import('./stock-catalogue');
	let expected: import('./stock-catalogue').Expected[] = [];
	process.once('message', async (first: { start: EmulatorOptions }) => {
		const emu = await startEmulator(first.start);
		process.on('message', async ({ id, cmd, arg }: Request) => {
			let result: unknown;
			if (cmd === 'clear') emu.control.clearRequests();
			if (cmd === 'failRate') emu.control.setFailRate(arg as number);
			if (cmd === 'stats') {
				const log = emu.control.getRequests({ path_prefix: arg as string, limit: 100000 });
				result = {
					calls: log.length,
					faults: log.filter((c) => c.fault).length,
					serverMs: log.reduce((sum, c) => sum + c.duration_ms, 0),
				} satisfies CallStats;
			}
			if (cmd === 'warnings') result = emu.warnings();
			if (cmd === 'log') {
				result = emu.control
					.getRequests({ path_prefix: arg as string, limit: 100000 })
					.map((c) => ({ at: c.at, ms: c.duration_ms, token: Boolean(c.query.page_token), size: c.query.page_size }));
			}
			if (cmd === 'outcomes') {
				result = emu.control
					.getRequests({ path_prefix: arg as string, limit: 100000 })
					.map(
						(c) => ({ at: c.at, path: c.path, status: c.status, code: c.code, fault: c.fault }) satisfies CallOutcome,
					);
			}
			if (cmd === 'stock') {
				const { products, skus, seed, shopIndex } = arg as {
					products: number;
					skus: number;
					seed: number;
					shopIndex: number;
				};
				const shop = emu.state.shops[shopIndex];
				const planned = catalogue.plan(catalogue.addCatalogue(emu, shop, products, skus), seed);
				expected = planned.expected;
				result = { cipher: shop.cipher, items: planned.items.map((item) => item.json) };
			}
			if (cmd === 'verify') result = catalogue.verify(expected);
			if (cmd === 'close') await emu.close();
			process.send?.({ id, result });
		});
		process.send?.({
			info: {
				baseUrl: emu.baseUrl,
				authBaseUrl: emu.authBaseUrl,
				appKey: emu.appKey,
				appSecret: emu.appSecret,
				refreshToken: emu.refreshToken,
				accessToken: emu.accessToken,
				ciphers: emu.shops.map((shop) => shop.cipher),
				orders: emu.state.shops[0].orders.length,
			} satisfies EmulatorInfo,
		});
	});
}
