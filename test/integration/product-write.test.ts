/**
 * Product › Update Price, Activate and Deactivate through n8n-core's real execution path (harness) against the
 * emulator: request shapes as TikTok's reference documents them, validation before any call, per-item errors.
 */
import { NodeApiError, NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { Product } from '../../emulator/types';
import { json, liveProducts, paired, startTestBed, type TestBed } from './inventory-support';

let bed: TestBed;
const PRICE = (productId: string) => `/product/202309/products/${productId}/prices/update`;

beforeAll(async () => {
	bed = await startTestBed({ seed: 'product-write-it' });
});

afterAll(async () => {
	await bed.close();
});

beforeEach(() => {
	bed.emu.control.clearRequests();
	bed.emu.control.clearFaults();
});

const multiSku = () => liveProducts(bed.shop, (product) => product.skus.length >= 2);
const cents = (productId: string, skuId: string) =>
	bed.emu.state.productById.get(productId)!.skus.find((sku) => sku.id === skuId)!.priceCents;

describe('Product › Update Price', () => {
	const priceParameters = {
		resource: 'product',
		operation: 'updatePrice',
		productId: '={{ $json.product }}',
		skuId: '={{ $json.sku }}',
		price: '={{ $json.price }}',
		currency: 'USD',
	};

	it('sends the SKUs of one product in one call, prices as decimal strings, and TikTok stores them', async () => {
		const [product, other] = multiSku();
		const inputItems = [
			{ json: { product: product.id, sku: product.skus[0].id, price: '19.90' } },
			{ json: { product: other.id, sku: other.skus[0].id, price: 7 } },
			{ json: { product: product.id, sku: product.skus[1].id, price: '1234.5' } },
		];
		const result = await bed.run(priceParameters, { inputItems });
		expect(result.error).toBeUndefined();
		expect(json(result.items)).toEqual([
			{
				product_id: product.id,
				sku_id: product.skus[0].id,
				price: { amount: '19.90', currency: 'USD' },
				updated: true,
			},
			{ product_id: other.id, sku_id: other.skus[0].id, price: { amount: '7', currency: 'USD' }, updated: true },
			{
				product_id: product.id,
				sku_id: product.skus[1].id,
				price: { amount: '1234.5', currency: 'USD' },
				updated: true,
			},
		]);
		expect(paired(result.items)).toEqual([0, 1, 2]);
		const calls = bed.requests('/product/202309/products/');
		expect(calls.map((call) => call.path).sort()).toEqual([PRICE(product.id), PRICE(other.id)].sort());
		expect(calls.find((call) => call.path === PRICE(product.id))!.body).toEqual({
			skus: [
				{ id: product.skus[0].id, price: { amount: '19.90', currency: 'USD' } },
				{ id: product.skus[1].id, price: { amount: '1234.5', currency: 'USD' } },
			],
		});
		expect(calls.every((call) => call.code === 0)).toBe(true);
		expect(cents(product.id, product.skus[0].id)).toBe(1990);
		expect(cents(product.id, product.skus[1].id)).toBe(123450);
		expect(cents(other.id, other.skus[0].id)).toBe(700);
	});

	it.each<[string, unknown, RegExp]>([
		['a comma as decimal separator', '19,99', /"19,99" is not a price like 19.99/],
		['three decimals', '1.999', /more than 2 decimals/],
		['zero', '0.00', /must be more than 0/],
		['a negative price', '-5', /is not a price/],
		['a currency sign', '$5', /is not a price/],
		['a float that is not a 2-decimal amount', 0.1 + 0.2, /more than 2 decimals/],
		['nothing', '', /Price is empty/],
	])('refuses %s before any call, naming the item', async (_label, price, message) => {
		const [product] = multiSku();
		const result = await bed.run(priceParameters, {
			inputItems: [
				{ json: { product: product.id, sku: product.skus[0].id, price: '10' } },
				{ json: { product: product.id, sku: product.skus[1].id, price } as IDataObject },
			],
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toMatch(message);
		expect((result.error as unknown as NodeOperationError).context.itemIndex).toBe(1);
		expect(bed.requests()).toHaveLength(0);
	});

	it('refuses a SKU priced twice in one run before any call', async () => {
		const [product] = multiSku();
		const sku = product.skus[0].id;
		const result = await bed.run(priceParameters, {
			inputItems: [
				{ json: { product: product.id, sku, price: '10' } },
				{ json: { product: product.id, sku, price: '11' } },
			],
		});
		expect(result.error?.message).toBe(`SKU ${sku} is priced twice in this run (items 0 and 1)`);
		expect(bed.requests()).toHaveLength(0);
	});

	it("a refusal by TikTok fails that product's items with the code and what to do; with Continue On Fail the others go on", async () => {
		const [product, other] = multiSku();
		const before = cents(other.id, other.skus[0].id);
		const result = await bed.run(
			{ ...priceParameters, currency: '={{ $json.currency }}' },
			{
				inputItems: [
					{ json: { product: product.id, sku: product.skus[0].id, price: '25.00', currency: 'USD' } },
					{ json: { product: other.id, sku: other.skus[0].id, price: '25.00', currency: 'EUR' } },
				],
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ updated: true });
		expect(result.items[1].json).toMatchObject({
			product_id: other.id,
			sku_id: other.skus[0].id,
			updated: false,
			error: expect.stringContaining('12052084'),
			details: expect.stringContaining("shop's currency"),
		});
		expect(paired(result.items)).toEqual([0, 1]);
		expect(cents(other.id, other.skus[0].id)).toBe(before);
	});

	it('without Continue On Fail a refused price stops the node with TikTok’s error on its item', async () => {
		const notLive = bed.shop.products.find(
			(product: Product) => product.status === 'SELLER_DEACTIVATED' || product.status === 'DRAFT',
		)!;
		const result = await bed.run(priceParameters, {
			inputItems: [{ json: { product: notLive.id, sku: notLive.skus[0].id, price: '9.99' } }],
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toContain('12052901');
		expect(result.error?.description).toContain('Product › Activate');
	});
});

describe('Product › Activate and Deactivate', () => {
	const statusOf = (productId: string) => bed.emu.state.productById.get(productId)!.status;

	it('deactivates the IDs of all items together (20 per call), then activates them again', async () => {
		const products = liveProducts(bed.shop)
			.slice(10, 35)
			.map((product) => product.id);
		expect(products).toHaveLength(25);
		const inputItems = [{ json: { ids: products.slice(0, 12) } }, { json: { ids: products.slice(12).join(',') } }];
		const off = await bed.run(
			{ resource: 'product', operation: 'deactivate', productIds: '={{ $json.ids }}' },
			{ inputItems },
		);
		expect(off.error).toBeUndefined();
		expect(json(off.items)).toEqual(products.map((id) => ({ product_id: id, deactivated: true })));
		expect(paired(off.items)).toEqual([...Array(12).fill(0), ...Array(13).fill(1)]);
		const calls = bed.requests('/product/202309/products/deactivate');
		expect(calls.map((call) => (call.body as { product_ids: string[] }).product_ids.length)).toEqual([20, 5]);
		expect(products.every((id) => statusOf(id) === 'SELLER_DEACTIVATED')).toBe(true);

		const on = await bed.run(
			{ resource: 'product', operation: 'activate', productIds: '={{ $json.ids }}' },
			{ inputItems },
		);
		expect(on.error).toBeUndefined();
		expect(json(on.items).every((item) => item.activated === true)).toBe(true);
		expect(bed.requests('/product/202309/products/activate')[0].body).toEqual({ product_ids: products.slice(0, 20) });
		expect(products.every((id) => statusOf(id) === 'ACTIVATE')).toBe(true);
	});

	it('a product TikTok refuses (data.errors) fails only its item; the others in the same call are done', async () => {
		const [a, b] = liveProducts(bed.shop)
			.slice(40, 42)
			.map((product) => product.id);
		const unknown = '1729000000000000001';
		const result = await bed.run(
			{ resource: 'product', operation: 'deactivate', productIds: '={{ $json.ids }}' },
			{ inputItems: [{ json: { ids: a } }, { json: { ids: unknown } }, { json: { ids: b } }], continueOnFail: true },
		);
		expect(bed.requests('/product/202309/products/deactivate')).toHaveLength(1);
		expect(json(result.items)).toEqual([
			{ product_id: a, deactivated: true },
			expect.objectContaining({ product_id: unknown, deactivated: false, error: expect.stringContaining('12052032') }),
			{ product_id: b, deactivated: true },
		]);
		expect(paired(result.items)).toEqual([0, 1, 2]);

		const stopped = await bed.run({ resource: 'product', operation: 'activate', productIds: `${a}, ${unknown}` });
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(stopped.error?.message).toBe(
			`TikTok Shop did not activate product ${unknown}: error 12052032, The product does not exist`,
		);
		expect(stopped.error?.description).toContain('1 other product(s) activated in this run went through');
		expect(statusOf(a)).toBe('ACTIVATE');
	});

	it('refuses a non-numeric product ID before any call', async () => {
		const result = await bed.run({ resource: 'product', operation: 'deactivate', productIds: 'SHIRT-1' });
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(bed.requests()).toHaveLength(0);
	});
});
