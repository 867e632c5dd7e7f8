// Product › Update Price: the pure rules (unit-tested), apart from the calls.

/** The currencies Update Price documents, and the markets that sell in each. */
const MARKET_CURRENCIES: Array<[currency: string, markets: string]> = [
	['BRL', 'Brazil'],
	['EUR', 'France, Germany, Ireland, Italy, Spain'],
	['GBP', 'United Kingdom'],
	['IDR', 'Indonesia'],
	['JPY', 'Japan'],
	['MXN', 'Mexico'],
	['MYR', 'Malaysia'],
	['PHP', 'Philippines'],
	['SGD', 'Singapore'],
	['THB', 'Thailand'],
	['USD', 'United States'],
	['VND', 'Vietnam'],
];
export const PRICE_CURRENCIES = MARKET_CURRENCIES.map(([value, markets]) => ({ name: `${value} (${markets})`, value }));
export const CURRENCY_VALUES = PRICE_CURRENCIES.map((currency) => currency.value);

/**
 * A price as TikTok wants it: a decimal string, more than 0, at most 2 decimals. Numbers from an expression are
 * accepted when their text is such a decimal (19.99 is; 0.1 + 0.2 is not). Money is never rounded for the user.
 */
export function parsePrice(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === ''))
		return { ok: false, reason: 'is empty' };
	if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, reason: 'must be a number like 19.99' };
	const text = String(raw).trim();
	if (!/^\d+(\.\d+)?$/.test(text))
		return {
			ok: false,
			reason: `"${text}" is not a price like 19.99 (digits, one dot, no currency sign or thousands separator)`,
		};
	const [whole, fraction = ''] = text.split('.');
	if (fraction.length > 2) return { ok: false, reason: `${text} has more than 2 decimals` };
	if (/^0*$/.test(whole) && /^0*$/.test(fraction)) return { ok: false, reason: 'must be more than 0' };
	// Keep the user's decimals ("19.90" stays "19.90"), drop leading zeros of the whole part.
	return { ok: true, value: `${whole.replace(/^0+(?=\d)/, '')}${fraction ? `.${fraction}` : ''}` };
}

export interface PriceRequest {
	itemIndex: number;
	shopKey: string;
	productId: string;
	skuId: string;
	amount: string;
	currency: string;
}

export interface PriceCall {
	shopKey: string;
	productId: string;
	body: { skus: Array<{ id: string; price: { amount: string; currency: string } }> };
	itemIndexes: number[];
}

/** One call per shop and product, SKUs in input order. Callers refuse a SKU priced twice before planning. */
export function planPriceUpdates(requests: PriceRequest[]): PriceCall[] {
	const calls = new Map<string, PriceCall>();
	for (const request of requests) {
		const key = `${request.shopKey}|${request.productId}`;
		let call = calls.get(key);
		if (!call)
			calls.set(
				key,
				(call = { shopKey: request.shopKey, productId: request.productId, body: { skus: [] }, itemIndexes: [] }),
			);
		call.body.skus.push({ id: request.skuId, price: { amount: request.amount, currency: request.currency } });
		call.itemIndexes.push(request.itemIndex);
	}
	return [...calls.values()];
}

/** What to do about Update Price's codes, in words a seller can act on. */
export function priceHint(code: unknown): string {
	switch (String(code ?? '')) {
		case '12052038':
		case '12019045':
			return 'The price is locked by an ongoing promotion. Change it after the promotion ends, or remove the SKU from the promotion in Seller Center.';
		case '12052901':
		case '12019113':
			return 'TikTok only accepts price changes for live (ACTIVATE) products. Product › Get shows the status; Product › Activate puts a deactivated product back on sale.';
		case '12052084':
			return "The currency is not the shop's currency. Set Currency to the currency the shop sells in.";
		case '12052557':
			return "The SKU is not a SKU of this product. Product › Get lists the product's SKU IDs.";
		case '12052012':
		case '12052073':
		case '12052570':
			return "TikTok did not accept the price. Check it is within the market's allowed price range (TikTok's Product Pricing page lists them).";
		case '12052048':
		case '12052260':
			return "The product is not in the shop selected in the node's Shop field, or does not exist.";
		default:
			return '';
	}
}
