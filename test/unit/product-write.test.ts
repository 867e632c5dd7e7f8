/** Pure logic of Product › Update Price: the price check and the one-call-per-product plan. */
import { listingHint } from '../../nodes/TikTokShop/resources/product/listing';
import { parsePrice, planPriceUpdates, priceHint } from '../../nodes/TikTokShop/resources/product/price';

describe('parsePrice', () => {
	it.each<[unknown, string]>([
		['19.99', '19.99'],
		['19.90', '19.90'],
		[' 7 ', '7'],
		[7, '7'],
		[19.99, '19.99'],
		['007.5', '7.5'],
		['0.01', '0.01'],
	])('accepts %p as %p (a decimal string, never rounded)', (raw, value) => {
		expect(parsePrice(raw)).toEqual({ ok: true, value });
	});

	it.each<[unknown, RegExp]>([
		['', /is empty/],
		[undefined, /is empty/],
		['19,99', /is not a price/],
		['1,299.00', /is not a price/],
		['$5', /is not a price/],
		['-1', /is not a price/],
		['1e3', /is not a price/],
		['1.999', /more than 2 decimals/],
		[0.1 + 0.2, /more than 2 decimals/],
		['0', /more than 0/],
		['0.00', /more than 0/],
		[{ amount: '5' }, /must be a number/],
	])('refuses %p', (raw, reason) => {
		const result = parsePrice(raw);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.reason).toMatch(reason);
	});
});

describe('planPriceUpdates', () => {
	it('one call per shop and product, SKUs and items in input order', () => {
		const calls = planPriceUpdates([
			{ itemIndex: 0, shopKey: 'A', productId: '1', skuId: '11', amount: '5', currency: 'USD' },
			{ itemIndex: 1, shopKey: 'A', productId: '2', skuId: '21', amount: '6', currency: 'USD' },
			{ itemIndex: 2, shopKey: 'A', productId: '1', skuId: '12', amount: '7.50', currency: 'USD' },
			{ itemIndex: 3, shopKey: 'B', productId: '1', skuId: '11', amount: '8', currency: 'GBP' },
		]);
		expect(calls).toEqual([
			{
				shopKey: 'A',
				productId: '1',
				body: {
					skus: [
						{ id: '11', price: { amount: '5', currency: 'USD' } },
						{ id: '12', price: { amount: '7.50', currency: 'USD' } },
					],
				},
				itemIndexes: [0, 2],
			},
			{
				shopKey: 'A',
				productId: '2',
				body: { skus: [{ id: '21', price: { amount: '6', currency: 'USD' } }] },
				itemIndexes: [1],
			},
			{
				shopKey: 'B',
				productId: '1',
				body: { skus: [{ id: '11', price: { amount: '8', currency: 'GBP' } }] },
				itemIndexes: [3],
			},
		]);
		expect(planPriceUpdates([])).toEqual([]);
	});
});

describe('hints', () => {
	it('say what to do for the codes sellers hit, and nothing for unknown ones', () => {
		expect(priceHint(12052038)).toMatch(/promotion/);
		expect(priceHint('12052084')).toMatch(/currency/);
		expect(priceHint(12052901)).toMatch(/Activate/);
		expect(priceHint(1)).toBe('');
		expect(listingHint(12052901, true)).toMatch(/deactivated/);
		expect(listingHint(12052901, false)).toMatch(/live/);
		expect(listingHint(undefined, true)).toBe('');
	});
});
