/**
 * The three example workflows (examples/*.json, imported unchanged by scripts/lib/stack.js apart from the Shopify
 * URL, the CSV path and the credentials) in a real n8n 2.41 server, against the emulator and the Shopify stand-in.
 * Each run's effect is checked where it lands (the emulator's external order references and stock, the stand-in's
 * orders), and a second run must change nothing.
 */
import fs from 'fs';
import path from 'path';

import { e2eState } from './support/environment';
import { connect, expectNoSecrets, outputOf, sleep, storedCredential, waitFor, type E2e } from './support/helpers';
import { repoRoot, rt, type Execution } from './support/runtime';

interface ExternalRef {
	id: string;
	platform: string;
	line_items: Array<{ id: string; origin_id: string }>;
}
interface ShopifyOrder {
	id: string;
	legacyResourceId: string;
	name: string;
	sourceIdentifier: string;
	lineItems?: unknown;
}
interface StockSku {
	id: string;
	seller_sku: string;
	warehouse_inventory: Array<{ warehouse_id: string; available_quantity: number }>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SHOPIFY_TOKEN } = require(path.join(repoRoot, 'scripts/lib/stack.js')) as { SHOPIFY_TOKEN: string };

let e2e: E2e;
let usShop: { id: string; cipher: string };
const executionsToCheck: Execution[] = [];

async function run(key: string): Promise<Execution> {
	const id = e2e.state.workflowIds[key];
	expect(id).toBeDefined();
	const { executionId } = await e2e.client.runWorkflowManually(id, 'Manual Trigger');
	const execution = await waitFor(
		`execution of ${key}`,
		async () => {
			const found = await e2e.client.getExecution(executionId).catch(() => undefined);
			return found && !['new', 'running', 'waiting'].includes(found.status) ? found : undefined;
		},
		120000,
		250,
	);
	expect(execution.data?.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');
	executionsToCheck.push(execution);
	return execution;
}

async function externalRefs(): Promise<Record<string, ExternalRef[]>> {
	return ((await e2e.admin('GET', '/external-orders')) as { orders: Record<string, ExternalRef[]> }).orders;
}

async function shopifyOrders(): Promise<ShopifyOrder[]> {
	const reply = await rt.request('GET', `${e2e.state.shopifyUrl}/__standin/orders`);
	return reply.body.orders as ShopifyOrder[];
}

/** Items of every output of a node (an IF node has two). */
function allOutputs(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs) return [];
	return (runs[0].data?.main ?? []).flatMap((output) => (output ?? []).map((item) => item.json));
}

async function lastSeq(): Promise<number> {
	const { requests } = (await e2e.admin('GET', '/requests?limit=1')) as { requests: Array<{ seq: number }> };
	return requests.length ? requests[requests.length - 1].seq : 0;
}

beforeAll(async () => {
	e2e = await connect();
	usShop = e2e.state.emulator.shops[0];
	expect(e2e.state.shopifyUrl).toBeTruthy();
});

describe('Route new TikTok orders to Shopify', () => {
	let routed: Array<{ id: string; line_items: Array<{ id: string }> }>;
	let refsAfterFirstRun: Record<string, ExternalRef[]>;
	let shopifyAfterFirstRun: ShopifyOrder[];

	test('first run: every ready-to-ship order becomes one Shopify order, and the TikTok order is linked to it line by line', async () => {
		const shopifyBefore = await shopifyOrders();
		const refsBefore = await externalRefs();
		const execution = await run('routeOrders');

		routed = outputOf(execution, 'Search Orders') as unknown as typeof routed;
		expect(routed.length).toBeGreaterThan(0);
		// the search is "Ready to Ship Only": none of them was linked before
		for (const order of routed) expect(refsBefore[order.id]).toBeUndefined();

		const created = (await shopifyOrders()).slice(shopifyBefore.length);
		expect(created.map((order) => order.sourceIdentifier).sort()).toEqual(routed.map((order) => order.id).sort());

		const refs = await externalRefs();
		for (const order of routed) {
			const shopify = created.find((candidate) => candidate.sourceIdentifier === order.id)!;
			expect(refs[order.id]).toHaveLength(1);
			const [ref] = refs[order.id];
			expect(ref).toMatchObject({ platform: 'SHOPIFY', id: shopify.legacyResourceId });
			// every TikTok line item is paired once with a Shopify line
			expect(ref.line_items.map((line) => line.origin_id).sort()).toEqual(
				order.line_items.map((line) => line.id).sort(),
			);
		}
		const linked = outputOf(execution, 'Link TikTok Order to Shopify');
		expect(linked).toHaveLength(routed.length);
		expect(linked.every((item) => item.linked === true)).toBe(true);
		refsAfterFirstRun = refs;
		shopifyAfterFirstRun = await shopifyOrders();
	});

	test('second run: nothing is created or linked again', async () => {
		const execution = await run('routeOrders');
		expect(
			outputOf(execution, 'Search Orders')
				.map((order) => order.id)
				.sort(),
		).toEqual(routed.map((order) => order.id).sort());
		// every order is already linked, so Shopify is never called
		expect(allOutputs(execution, 'Already in Shopify?').every((item) => item.linked === true)).toBe(true);
		expect(execution.data?.resultData.runData['Create Shopify Order']).toBeUndefined();
		expect(await shopifyOrders()).toEqual(shopifyAfterFirstRun);
		expect(await externalRefs()).toEqual(refsAfterFirstRun);
	});

	test('a new order that becomes ready to ship is routed on the next run, alone', async () => {
		const { now } = (await e2e.admin('GET', '/clock')) as { now: number };
		const { orders } = (await e2e.admin('POST', '/orders', {
			shop_id: usShop.id,
			count: 1,
			status: 'AWAITING_SHIPMENT',
			create_time: now - 2 * 3600,
			emit: false,
		})) as {
			orders: Array<{ id: string }>;
		};
		const execution = await run('routeOrders');
		expect(outputOf(execution, 'Link TikTok Order to Shopify').map((item) => item.order_id)).toEqual([orders[0].id]);
		const shopify = await shopifyOrders();
		expect(shopify.slice(shopifyAfterFirstRun.length).map((order) => order.sourceIdentifier)).toEqual([orders[0].id]);
		expect((await externalRefs())[orders[0].id]).toEqual([
			expect.objectContaining({ platform: 'SHOPIFY', id: shopify[shopify.length - 1].legacyResourceId }),
		]);
	});

	describe("Match TikTok returns to the OMS order (published, started by the emulator's webhook)", () => {
		const workflowExecutions = async () =>
			await e2e.client.listExecutions({ workflowId: e2e.state.workflowIds.matchReturns, includeData: true });

		test('a return on a routed order starts one execution that names the Shopify order and lines', async () => {
			const before = await workflowExecutions();
			const order = routed[0];
			const ref = refsAfterFirstRun[order.id][0];
			const created = (await e2e.admin('POST', '/returns', { order_id: order.id })) as {
				return_id: string;
				return_line_items: Array<{ order_line_item_id: string }>;
			};
			const execution = await waitFor('the returns workflow execution', async () => {
				const list = await workflowExecutions();
				return list.length === before.length + 1 && list[0].status !== 'running' ? list[0] : undefined;
			});
			expect(execution.status).toBe('success');
			expect(execution.mode).toBe('webhook');
			const [result] = outputOf(execution, 'Return for OMS');
			const expectedLines = ref.line_items
				.filter((line) => created.return_line_items.some((returned) => returned.order_line_item_id === line.origin_id))
				.map((line) => line.id);
			expect(result).toMatchObject({
				returnId: created.return_id,
				tiktokOrderId: order.id,
				omsPlatform: 'SHOPIFY',
				omsOrderId: ref.id,
				allLinesMatched: true,
			});
			expect((result.lines as Array<{ omsLineId: string }>).map((line) => line.omsLineId).sort()).toEqual(
				[...new Set(expectedLines)].sort(),
			);
			executionsToCheck.push(execution);

			// TikTok retrying the same notification starts nothing more
			const { deliveries } = (await e2e.admin('GET', `/webhooks/deliveries?type=12&shop_id=${usShop.id}`)) as {
				deliveries: Array<{ tts_notification_id: string; body: string }>;
			};
			const delivery = deliveries.find(
				(candidate) =>
					(JSON.parse(candidate.body) as { data: { return_id: string } }).data.return_id === created.return_id,
			)!;
			const attempt = (await e2e.admin('POST', '/webhooks/redeliver', {
				tts_notification_id: delivery.tts_notification_id,
			})) as { attempt: { status: number } };
			expect(attempt.attempt.status).toBe(200);
			await sleep(2500);
			expect(await workflowExecutions()).toHaveLength(before.length + 1);
		});

		test('a return on an order that was never routed goes to "Not Linked"', async () => {
			const before = await workflowExecutions();
			const { orders } = (await e2e.admin('POST', '/orders', {
				shop_id: usShop.id,
				count: 1,
				status: 'DELIVERED',
				emit: false,
			})) as { orders: Array<{ id: string }> };
			const created = (await e2e.admin('POST', '/returns', { order_id: orders[0].id })) as { return_id: string };
			const execution = await waitFor('the returns workflow execution', async () => {
				const list = await workflowExecutions();
				return list.length === before.length + 1 && list[0].status !== 'running' ? list[0] : undefined;
			});
			expect(execution.status).toBe('success');
			expect(outputOf(execution, 'Return for OMS')).toEqual([]);
			expect(outputOf(execution, 'Not Linked')).toEqual([
				expect.objectContaining({ returnId: created.return_id, tiktokOrderId: orders[0].id }),
			]);
			executionsToCheck.push(execution);
		});
	});
});

describe('Sync TikTok stock from a CSV file', () => {
	interface Row {
		seller_sku: string;
		warehouse_id: string;
		quantity: string;
	}
	let rows: Row[];
	let before: Map<string, StockSku>;
	let firstSummary: Record<string, unknown>;

	async function stockBySellerSku(): Promise<Map<string, StockSku>> {
		const { products } = (await e2e.admin('GET', `/stock?shop_id=${usShop.id}`)) as {
			products: Array<{ skus: StockSku[] }>;
		};
		return new Map(products.flatMap((product) => product.skus).map((sku) => [sku.seller_sku, sku]));
	}

	function quantityOf(stock: Map<string, StockSku>, sellerSku: string, warehouseId: string): number | undefined {
		return stock.get(sellerSku)?.warehouse_inventory.find((entry) => entry.warehouse_id === warehouseId)
			?.available_quantity;
	}

	beforeAll(async () => {
		const [header, ...lines] = fs.readFileSync(e2eState().stockCsv, 'utf8').trim().split(/\r?\n/);
		const columns = header.split(',');
		rows = lines.map(
			(line) => Object.fromEntries(line.split(',').map((value, index) => [columns[index], value])) as unknown as Row,
		);
		before = await stockBySellerSku();
	});

	test('first run: the rows that name a live SKU set exactly that stock, other warehouses keep theirs, bad rows are reported', async () => {
		const execution = await run('stockSync');
		// the node's own summary item (Options › Output: One Summary Item), no Code node
		const [summary] = outputOf(execution, 'Update TikTok Stock');
		firstSummary = summary;
		expect(
			Number(summary.changed) + Number(summary.unchanged) + Number(summary.failed) + Number(summary.superseded),
		).toBe(rows.length);
		expect(summary.changed).toBeGreaterThan(0);
		expect(summary.failed).toBeGreaterThan(0);

		const after = await stockBySellerSku();
		const changed = summary.changed_skus as Array<{
			seller_sku: string;
			warehouse_id: string;
			old_quantity: number;
			new_quantity: number;
		}>;
		for (const entry of changed) {
			expect(entry.old_quantity).toBe(quantityOf(before, entry.seller_sku, entry.warehouse_id));
			expect(quantityOf(after, entry.seller_sku, entry.warehouse_id)).toBe(entry.new_quantity);
			const row = rows.find(
				(candidate) =>
					candidate.seller_sku === entry.seller_sku &&
					(candidate.warehouse_id === entry.warehouse_id || candidate.warehouse_id === ''),
			);
			expect(entry.new_quantity).toBe(Number(row?.quantity));
		}
		for (const entry of summary.unchanged_skus as Array<{
			seller_sku: string;
			warehouse_id: string;
			new_quantity: number;
		}>) {
			expect(quantityOf(after, entry.seller_sku, entry.warehouse_id)).toBe(entry.new_quantity);
		}
		// everything the file does not name is untouched (other warehouses of the same SKUs included)
		const named = new Set(changed.map((entry) => `${entry.seller_sku}@${entry.warehouse_id}`));
		for (const [sellerSku, sku] of after) {
			for (const entry of sku.warehouse_inventory) {
				if (!named.has(`${sellerSku}@${entry.warehouse_id}`))
					expect([sellerSku, entry.warehouse_id, entry.available_quantity]).toEqual([
						sellerSku,
						entry.warehouse_id,
						quantityOf(before, sellerSku, entry.warehouse_id),
					]);
			}
		}
		// a failed row names its SKU and the reason
		for (const entry of summary.failed_skus as Array<{ seller_sku: string; reason: string }>) {
			expect(rows.map((row) => row.seller_sku)).toContain(entry.seller_sku);
			expect(entry.reason).toEqual(expect.any(String));
		}
	});

	test('second run: everything is already right, no stock update call is made', async () => {
		const since = await lastSeq();
		const execution = await run('stockSync');
		const [summary] = outputOf(execution, 'Update TikTok Stock');
		expect(summary).toMatchObject({
			changed: 0,
			unchanged: Number(firstSummary.changed) + Number(firstSummary.unchanged),
			failed: firstSummary.failed,
		});
		const { requests } = (await e2e.admin('GET', `/requests?since_seq=${since}&method=POST`)) as {
			requests: Array<{ path: string }>;
		};
		expect(requests.filter((request) => request.path.endsWith('/inventory/update'))).toEqual([]);
	});
});

test("no app secret, TikTok token or Shopify token reaches the examples' stored executions", async () => {
	expect(executionsToCheck.length).toBeGreaterThanOrEqual(7);
	const stored = await storedCredential(e2e);
	for (const execution of executionsToCheck) {
		expectNoSecrets(await e2e.client.getExecution(execution.id), {
			'app secret': e2e.state.emulator.appSecret,
			'access token': String(stored.accessToken ?? ''),
			'refresh token': String(stored.refreshToken ?? ''),
			'Shopify access token': SHOPIFY_TOKEN,
		});
	}
});
