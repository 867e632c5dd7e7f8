/**
 * Windowed Return All (transport/windowedSearch.ts) through n8n-core's real execution path against the emulator:
 * the same orders in the same order as one sequential cursor, with orders changing during the run, and with faults.
 * "Sequential" is the same node with windowing switched off for the search.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { resetThrottle } from '../../nodes/shared/transport/throttle';
import { WINDOWED_SEARCHES, type WindowedSearch } from '../../nodes/shared/transport/windowedSearch';
import { createHarness, type Harness } from '../harness';
import { credentialData } from './order-support';

const ORDER_SEARCH = '/order/202309/orders/search';

let emu: RunningEmulator;
let harness: Harness;
let proxy: http.Server;
/** Called with each order search the node sends, before the emulator sees it. */
let onSearch: ((count: number) => void) | undefined;
let searches = 0;

/**
 * A loopback hop in front of the emulator, so the test can change orders at exact points of a run (before the
 * n-th search call reaches TikTok). It forwards bytes unchanged: the host is not part of TikTok's signature.
 */
async function startProxy(target: string): Promise<string> {
	const upstream = new URL(target);
	proxy = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			if (req.url?.startsWith(ORDER_SEARCH)) onSearch?.(++searches);
			const forward = http.request(
				{ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			forward.on('error', () => res.destroy());
			forward.end(Buffer.concat(chunks));
		});
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
	emu = await startEmulator({ orders: 4200, seed: 'windowed-it' });
	const baseUrl = await startProxy(emu.baseUrl);
	harness = createHarness({
		nodeTypes: { tikTokShop: new TikTokShop() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: {
			tikTokShopApi: { id: 'cred-w', name: 'TikTok Shop account', data: { ...credentialData(emu), baseUrl } },
		},
	});
});

afterAll(async () => {
	await new Promise<void>((resolve) => proxy.close(() => resolve()));
	await emu.close();
});

beforeEach(() => {
	onSearch = undefined;
	searches = 0;
	emu.control.clearFaults();
	emu.control.setFailRate(0);
	emu.control.clearRequests();
	resetThrottle();
});

async function search(parameters: INodeParameters, windowed = true): Promise<IDataObject[]> {
	const saved = WINDOWED_SEARCHES.orders;
	if (!windowed) delete (WINDOWED_SEARCHES as Partial<Record<string, WindowedSearch>>).orders;
	try {
		const result = await harness.runNode({
			type: 'tikTokShop',
			parameters: {
				resource: 'order',
				operation: 'getAll',
				returnAll: true,
				shop: { __rl: true, mode: 'list', value: emu.shops[0].cipher },
				...parameters,
			},
		});
		if (result.error) throw result.error;
		return result.items.map((item) => item.json);
	} finally {
		WINDOWED_SEARCHES.orders = saved;
	}
}

const ids = (orders: IDataObject[]) => orders.map((order) => String(order.id));
const searchCalls = () => emu.control.getRequests({ host: 'api', path_prefix: ORDER_SEARCH, limit: 100000 }).length;

describe('Order search, Return All, windowed', () => {
	const sorts: Array<[string, INodeParameters]> = [
		['newest created first (default)', {}],
		['oldest created first', { sortField: 'create_time', sortOrder: 'ASC' }],
		['newest updated first', { sortField: 'update_time', sortOrder: 'DESC' }],
		['oldest updated first', { sortField: 'update_time', sortOrder: 'ASC' }],
	];

	it.each(sorts)('returns exactly what one cursor returns, same order: %s', async (_label, options) => {
		const sequential = await search({ options }, false);
		const sequentialCalls = searchCalls();
		emu.control.clearRequests();
		const windowed = await search({ options });
		expect(sequential).toHaveLength(emu.state.shops[0].orders.length);
		expect(ids(windowed)).toEqual(ids(sequential));
		expect(windowed).toEqual(sequential);
		// Windows really were paged (not the plain path), and without paging everything twice.
		expect(sequentialCalls).toBe(Math.ceil(sequential.length / 100));
		expect(searchCalls()).toBeGreaterThan(sequentialCalls);
		expect(searchCalls()).toBeLessThan(sequentialCalls * 1.6);
	});

	it('keeps filters and a created-time range (windows stay inside it)', async () => {
		const orders = emu.state.shops[0].orders;
		const from = orders[Math.floor(orders.length * 0.1)].create_time;
		const to = orders[Math.floor(orders.length * 0.9)].create_time;
		const parameters = {
			filters: {
				createTimeFrom: new Date(from * 1000).toISOString(),
				createTimeTo: new Date(to * 1000).toISOString(),
				shippingType: 'TIKTOK',
			},
		};
		const sequential = await search(parameters, false);
		const windowed = await search(parameters);
		expect(sequential.length).toBeGreaterThan(600);
		expect(windowed).toEqual(sequential);
		for (const call of emu.control.getRequests({ host: 'api', path_prefix: ORDER_SEARCH, limit: 100000 })) {
			const body = call.body as IDataObject;
			expect(body.shipping_type).toBe('TIKTOK');
			expect(body.create_time_ge).toBeGreaterThanOrEqual(from);
			expect(body.create_time_lt).toBeLessThanOrEqual(to);
		}
	});

	it('small searches keep the plain cursor: no probe, no extra call', async () => {
		const orders = emu.state.shops[0].orders;
		// About 300 orders: 3–4 pages.
		const from = orders[orders.length - 300].create_time;
		const windowed = await search({ filters: { createTimeFrom: new Date(from * 1000).toISOString() } });
		expect(windowed.length).toBeGreaterThanOrEqual(300);
		expect(searchCalls()).toBe(Math.ceil(windowed.length / 100));
	});

	it.each([
		['newest updated first', 'DESC'],
		['oldest updated first', 'ASC'],
	])('loses no order that changes during the run, and keeps its newest version: %s', async (_label, sortOrder) => {
		const shop = emu.state.shops[0];
		const changed = new Set<string>();
		// Before each of the first 24 search calls reaches TikTok, three orders change (their update time moves to
		// now, i.e. out of whatever window held them): one of the oldest, one from the middle, one of the newest.
		onSearch = (count) => {
			if (count < 2 || count > 25) return;
			const byUpdate = shop.orders
				.filter((order) => !changed.has(order.id))
				.sort((a, b) => a.update_time - b.update_time);
			for (const order of [byUpdate[0], byUpdate[Math.floor(byUpdate.length / 2)], byUpdate[byUpdate.length - 1]]) {
				const next = order.status === 'COMPLETED' ? 'DELIVERED' : 'COMPLETED';
				emu.control.setOrderStatus(order.id, next, { emit: false });
				changed.add(order.id);
			}
		};
		const options = { sortField: 'update_time', sortOrder };
		const windowed = await search({ options });
		expect(searches).toBeGreaterThan(25);
		onSearch = undefined;
		// After the run nothing changes any more: one cursor now reads the final state.
		const after = await search({ options }, false);
		expect(changed.size).toBeGreaterThan(60);
		expect(new Set(ids(windowed)).size).toBe(windowed.length);
		expect(windowed).toHaveLength(shop.orders.length);
		expect(ids(windowed)).toEqual(ids(after));
		expect(windowed).toEqual(after);
	});

	it('a sequential cursor sorted by update time does lose such orders (why the windowed run re-reads the newest end)', async () => {
		const shop = emu.state.shops[0];
		onSearch = (count) => {
			if (count < 2 || count > 25) return;
			// One not yet read (the oldest): moved to the front, which a newest-first cursor has already passed.
			const oldest = shop.orders.reduce((a, b) => (b.update_time < a.update_time ? b : a));
			emu.control.setOrderStatus(oldest.id, oldest.status === 'COMPLETED' ? 'DELIVERED' : 'COMPLETED', { emit: false });
		};
		const sequential = await search({ options: { sortField: 'update_time', sortOrder: 'DESC' } }, false);
		expect(sequential.length).toBeLessThan(shop.orders.length);
	});

	it('returns the same orders with 10 % of calls failing (429, 503, connection reset)', async () => {
		const sequential = await search({}, false);
		emu.control.setFailRate(0.1);
		const windowed = await search({});
		const faults = emu.control
			.getRequests({ host: 'api', path_prefix: ORDER_SEARCH, limit: 100000 })
			.filter((call) => call.fault);
		emu.control.setFailRate(0);
		expect(faults.length).toBeGreaterThan(0);
		expect(windowed).toEqual(sequential);
	});
});

describe('Return and cancellation search, Return All, windowed', () => {
	let big: RunningEmulator;
	let bigHarness: Harness;
	beforeAll(async () => {
		// Enough orders for about 450 returns: 9 pages of 50.
		big = await startEmulator({ orders: 13000, seed: 'windowed-returns-it' });
		bigHarness = createHarness({
			nodeTypes: { tikTokShop: new TikTokShop() },
			credentialTypes: { tikTokShopApi: new TikTokShopApi() },
			credentials: { tikTokShopApi: { id: 'cred-r', name: 'TikTok Shop account', data: credentialData(big) } },
		});
	});
	afterAll(async () => {
		await big.close();
	});

	it.each([
		['return', 'getAll', 'return_orders', 'return_id'],
		['cancellation', 'getAll', 'cancellations', 'cancel_id'],
	])('%s: the same items in the same order as one cursor', async (resource, operation, key, idKey) => {
		const saved = WINDOWED_SEARCHES[key];
		const run = async () => {
			const result = await bigHarness.runNode({
				type: 'tikTokShop',
				parameters: {
					resource,
					operation,
					returnAll: true,
					shop: { __rl: true, mode: 'list', value: big.shops[0].cipher },
				},
			});
			if (result.error) throw result.error;
			return result.items.map((item) => item.json);
		};
		delete WINDOWED_SEARCHES[key];
		const sequential = await run().finally(() => (WINDOWED_SEARCHES[key] = saved));
		big.control.clearRequests();
		const windowed = await run();
		expect(sequential.length).toBeGreaterThan(300);
		expect(windowed.map((item) => item[idKey])).toEqual(sequential.map((item) => item[idKey]));
		expect(windowed).toEqual(sequential);
		// Windowed: more than one call in flight, i.e. not the plain cursor.
		expect(big.control.getRequests({ host: 'api', limit: 100000 }).length).toBeGreaterThan(
			Math.ceil(sequential.length / 50),
		);
	});
});
