/** Admin API POST /__emulator/products: a big catalogue for bulk stock tests, served by the Open API like any other. */
import { startEmulator, RunningEmulator } from '../../emulator';
import { agent, adminCall, TestClient } from './tts-test-client';

let emu: RunningEmulator;
let c: TestClient;

beforeAll(async () => {
	emu = await startEmulator({ orders: 20, seed: 'bulk-products' });
	c = new TestClient(emu.baseUrl, emu.appKey, emu.appSecret, emu.accessToken, emu.shops[0].cipher);
});
afterAll(async () => {
	await emu.close();
	agent.destroy();
});

interface Added {
	shop_id: string;
	products: Array<{
		product_id: string;
		status: string;
		skus: Array<{ id: string; seller_sku: string; warehouse_inventory: Array<{ warehouse_id: string }> }>;
	}>;
}

test('adds live products with deterministic seller SKUs; every Nth SKU sits in both sales warehouses', async () => {
	const shop = emu.state.shops[0];
	const before = shop.products.length;
	const res = await adminCall(emu.adminUrl, 'POST', '/products', {
		count: 40,
		skus_per_product: 5,
		two_warehouse_every: 5,
		seller_sku_prefix: 'T',
	});
	expect(res.status).toBe(200);
	const added = res.json as unknown as Added;
	expect(added.shop_id).toBe(shop.id);
	expect(added.products).toHaveLength(40);
	expect(shop.products.length).toBe(before + 40);
	const skus = added.products.flatMap((p) => p.skus);
	expect(skus).toHaveLength(200);
	expect(added.products.every((p) => p.status === 'ACTIVATE')).toBe(true);
	expect(added.products[1].skus.map((s) => s.seller_sku)).toEqual([
		'T-00002-1',
		'T-00002-2',
		'T-00002-3',
		'T-00002-4',
		'T-00002-5',
	]);
	const sales = shop.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE').map((w) => w.id);
	expect(skus.filter((s) => s.warehouse_inventory.length === 2)).toHaveLength(40);
	for (const s of skus) for (const w of s.warehouse_inventory) expect(sales).toContain(w.warehouse_id);

	// the Open API knows them: stock search and product search by seller SKU
	const productIds = added.products.slice(0, 3).map((p) => p.product_id);
	const stock = await c.post('/product/202309/inventory/search', { product_ids: productIds });
	expect(stock.json.code).toBe(0);
	expect((stock.json.data.inventory as Array<{ product_id: string }>).map((p) => p.product_id).sort()).toEqual(
		[...productIds].sort(),
	);
	const found = await c.post(
		'/product/202309/products/search',
		{ seller_skus: ['T-00040-5'] },
		{ query: { page_size: '10' } },
	);
	expect(found.json.code).toBe(0);
	expect((found.json.data.products as Array<{ id: string }>).map((p) => p.id)).toEqual([added.products[39].product_id]);
});

test('refuses a bad count and an unknown shop', async () => {
	expect((await adminCall(emu.adminUrl, 'POST', '/products', { count: 0 })).status).toBe(400);
	expect((await adminCall(emu.adminUrl, 'POST', '/products', { shop_id: '1' })).status).toBe(404);
});
