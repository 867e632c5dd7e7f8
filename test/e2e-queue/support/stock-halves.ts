/**
 * The stock example's job in two halves, as the queue-mode test (test/e2e-queue/stock-and-order-trigger.e2e.ts) and
 * the queue benchmark (bench/stock-queue-stack.ts) run it: a production Webhook receives a half's CSV rows, Split Out
 * makes one item per row, and the example's Inventory › Update node (by seller SKU, summary output) sets them.
 */
import { randomUUID } from 'crypto';

/** A SKU as the emulator's `POST /__emulator/products` and `GET /__emulator/stock` list it. */
export interface StockSku {
	id: string;
	seller_sku: string;
	warehouse_inventory: Array<{ warehouse_id: string; available_quantity: number }>;
}

/** One CSV row of the example: a SKU in two warehouses names one of them. */
export interface StockRow {
	seller_sku: string;
	warehouse_id: string;
	quantity: string;
}

export function stockSyncWorkflow(options: {
	name: string;
	webhookPath: string;
	cipher: string;
	credential: { id: string; name: string };
	/** n8n's per-node error setting for the TikTok Shop node (the test lets failed rows through to count them). */
	onError?: string;
}) {
	const { name, webhookPath, cipher, credential, onError } = options;
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Stock File Received',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: webhookPath,
				parameters: { httpMethod: 'POST', path: webhookPath, options: {} },
			},
			{
				id: randomUUID(),
				name: 'Rows',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.rows', options: {} },
			},
			{
				// the example's node (examples/sync-tiktok-stock-from-csv.json), its shop picked by cipher
				id: randomUUID(),
				name: 'Update TikTok Stock',
				type: 'n8n-nodes-tiktok-shop.tikTokShop',
				typeVersion: 1,
				position: [440, 0],
				parameters: {
					resource: 'inventory',
					operation: 'update',
					shop: { __rl: true, mode: 'cipher', value: cipher },
					identifyBy: 'sellerSku',
					sellerSku: '={{ $json.seller_sku }}',
					warehouseId: '={{ $json.warehouse_id }}',
					quantity: '={{ $json.quantity }}',
					options: { output: 'summary', skipUnchanged: true },
				},
				credentials: { tikTokShopApi: credential },
				...(onError ? { onError } : {}),
			},
		],
		connections: {
			'Stock File Received': { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Update TikTok Stock', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The rows of both halves (the first half of the products, then the rest) with a new quantity for every SKU, and the
 * stock every SKU must end with, per warehouse (warehouses a row does not name keep theirs).
 */
export function planHalves(products: Array<{ skus: StockSku[] }>): {
	halves: StockRow[][];
	expected: Map<string, Map<string, number>>;
} {
	const halves: StockRow[][] = [[], []];
	const expected = new Map<string, Map<string, number>>();
	let n = 0;
	products.forEach((product, index) => {
		for (const sku of product.skus) {
			const inventory = sku.warehouse_inventory;
			const target = inventory[n % inventory.length];
			const quantity = target.available_quantity + 1 + (n++ % 997);
			halves[index < products.length / 2 ? 0 : 1].push({
				seller_sku: sku.seller_sku,
				warehouse_id: inventory.length > 1 ? target.warehouse_id : '',
				quantity: String(quantity),
			});
			expected.set(
				sku.id,
				new Map(inventory.map((entry) => [entry.warehouse_id, entry === target ? quantity : entry.available_quantity])),
			);
		}
	});
	return { halves, expected };
}
