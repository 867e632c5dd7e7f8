import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { asNodeError, errorItem, shopCipherFor } from '../helpers/execution';
import { parseIdList } from '../helpers/parameters';
import { chunk, mapWithConcurrency } from '../../shared/transport/batching';
import { tikTokApiRequest } from '../../shared/transport/request';
import { ENDPOINTS } from '../../shared/endpoints';

// Product › Update Price, Activate, Deactivate: the calls that change a product.

/** Both listing calls take at most 20 product IDs. */
export const LISTING_BATCH = 20;
const WRITE_CONCURRENCY = 4;

/** The currencies Update Price documents, one per market. */
export const PRICE_CURRENCIES = [
	{ name: 'BRL (Brazil)', value: 'BRL' },
	{ name: 'EUR (France, Germany, Ireland, Italy, Spain)', value: 'EUR' },
	{ name: 'GBP (United Kingdom)', value: 'GBP' },
	{ name: 'IDR (Indonesia)', value: 'IDR' },
	{ name: 'JPY (Japan)', value: 'JPY' },
	{ name: 'MXN (Mexico)', value: 'MXN' },
	{ name: 'MYR (Malaysia)', value: 'MYR' },
	{ name: 'PHP (Philippines)', value: 'PHP' },
	{ name: 'SGD (Singapore)', value: 'SGD' },
	{ name: 'THB (Thailand)', value: 'THB' },
	{ name: 'USD (United States)', value: 'USD' },
	{ name: 'VND (Vietnam)', value: 'VND' },
];
const CURRENCY_VALUES = PRICE_CURRENCIES.map((currency) => currency.value);

const show = (operations: string[], extra: IDataObject = {}) => ({ show: { resource: ['product'], operation: operations, ...extra } });

export const productWriteDescription: INodeProperties[] = [
	// ----- updatePrice -----
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207008',
		description: 'The TikTok product ID the SKU belongs to (digits only)',
		displayOptions: show(['updatePrice']),
	},
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207012',
		description: 'The TikTok SKU ID whose price to set (digits only)',
		displayOptions: show(['updatePrice']),
	},
	{
		displayName: 'Price',
		name: 'price',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 19.99',
		description: 'The new price shown to buyers before discounts, as a decimal number with at most 2 decimals (e.g. 19.99)',
		displayOptions: show(['updatePrice']),
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: PRICE_CURRENCIES,
		default: 'USD',
		description: "The shop's currency. TikTok refuses any other.",
		displayOptions: show(['updatePrice']),
	},

	// ----- activate / deactivate -----
	{
		displayName: 'Product IDs',
		name: 'productIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207008, 1729592969712207009',
		description: 'TikTok product IDs, separated by commas (or a list from an expression). IDs of all input items are sent together, 20 per call.',
		displayOptions: show(['activate', 'deactivate']),
	},
];

// ---------------------------------------------------------------------------------------------------------------
// Pure helpers (unit-tested)

/**
 * A price as TikTok wants it: a decimal string, more than 0, at most 2 decimals. Numbers from an expression are
 * accepted when their text is such a decimal (19.99 is; 0.1 + 0.2 is not). Money is never rounded for the user.
 */
export function parsePrice(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: false, reason: 'is empty' };
	if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, reason: 'must be a number like 19.99' };
	const text = String(raw).trim();
	if (!/^\d+(\.\d+)?$/.test(text)) return { ok: false, reason: `"${text}" is not a price like 19.99 (digits, one dot, no currency sign or thousands separator)` };
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
		if (!call) calls.set(key, (call = { shopKey: request.shopKey, productId: request.productId, body: { skus: [] }, itemIndexes: [] }));
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
			return 'The SKU is not a SKU of this product. Product › Get lists the product\'s SKU IDs.';
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

/** What to do about Activate / Deactivate codes. */
export function listingHint(code: unknown, activate: boolean): string {
	switch (String(code ?? '')) {
		case '12052901':
			return activate
				? 'Only products deactivated by the seller or by TikTok can be activated. Product › Get shows the status.'
				: 'Only live (ACTIVATE) products can be deactivated. Product › Get shows the status.';
		case '12052032':
		case '12052048':
			return "The product does not exist in the shop selected in the node's Shop field.";
		case '12052093':
			return "The shop reached its product listing limit. Deactivate or delete other products first.";
		default:
			return '';
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Execution

function operationError(context: IExecuteFunctions, message: string, description: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

function oneId(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const ids = parseIdList(context, context.getNodeParameter(name, itemIndex, ''), label, itemIndex);
	if (ids.length > 1) {
		throw operationError(context, `Enter one ${label} per item, not ${ids.length}`, 'Each input item sets the price of one SKU. Split the values over several items (for example with the Split Out node).', itemIndex);
	}
	return ids[0];
}

/** Adds the item and what to do to an error from the transport, keeping TikTok's code and request ID. */
function explain(context: IExecuteFunctions, error: Error, itemIndex: number, prefix: string, hint: string): NodeApiError | NodeOperationError {
	const source = asNodeError(context, error, itemIndex);
	const description = [hint, source.description ?? ''].filter(Boolean).join(' ');
	if (source instanceof NodeApiError) {
		return new NodeApiError(context.getNode(), { message: source.message, code: (source.errorResponse?.code as string | number | undefined) ?? null } as JsonObject, {
			message: `${prefix}: ${source.message}`,
			description: description || undefined,
			httpCode: source.httpCode ?? undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(context.getNode(), `${prefix}: ${source.message}`, { description: description || undefined, itemIndex });
}

/** Shop cipher per item, resolved once per distinct Shop field value. */
async function shopsOf(context: IExecuteFunctions, itemIndexes: number[]): Promise<Map<number, { cipher?: string; error?: Error }>> {
	const byLocator = new Map<string, { cipher?: string; error?: Error }>();
	const result = new Map<number, { cipher?: string; error?: Error }>();
	for (const itemIndex of itemIndexes) {
		const key = JSON.stringify(context.getNodeParameter('shop', itemIndex, {}));
		if (!byLocator.has(key)) {
			try {
				byLocator.set(key, { cipher: await shopCipherFor.call(context, itemIndex) });
			} catch (error) {
				byLocator.set(key, { error: error as Error });
			}
		}
		result.set(itemIndex, byLocator.get(key)!);
	}
	return result;
}

/** Turns the collected per-item results into output items, or throws the first failure (after the calls ran). */
function finish(
	context: IExecuteFunctions,
	count: number,
	results: Map<number, IDataObject[]>,
	failures: Map<number, { error: NodeApiError | NodeOperationError; context: IDataObject }[]>,
	doneWord: string,
): INodeExecutionData[] {
	const failed = [...failures.keys()].sort((a, b) => a - b);
	if (failed.length && !context.continueOnFail()) {
		const first = failures.get(failed[0])![0].error;
		const done = [...results.values()].reduce((sum, list) => sum + list.length, 0);
		if (done > 0) first.description = `${first.description ?? ''} ${done} other ${doneWord} in this run went through; running it again is safe.`.trim();
		throw first;
	}
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		for (const json of results.get(itemIndex) ?? []) output.push({ json, pairedItem: { item: itemIndex } });
		for (const failure of failures.get(itemIndex) ?? []) output.push(errorItem(context, failure.error, itemIndex, failure.context));
	}
	return output;
}

/**
 * Product › Update Price: every price is checked before any call; then one call per product with all its SKUs.
 * TikTok answers a price call as a whole (no per-SKU errors), so a refusal fails every item of that product.
 */
export async function updatePrice(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const failures = new Map<number, { error: NodeApiError | NodeOperationError; context: IDataObject }[]>();
	const fail = (itemIndex: number, error: NodeApiError | NodeOperationError, extra: IDataObject = {}) => {
		failures.set(itemIndex, [...(failures.get(itemIndex) ?? []), { error, context: extra }]);
	};
	const drafts: Array<Omit<PriceRequest, 'shopKey'>> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const productId = oneId(this, 'productId', 'product ID', itemIndex);
			const skuId = oneId(this, 'skuId', 'SKU ID', itemIndex);
			const price = parsePrice(this.getNodeParameter('price', itemIndex, ''));
			if (!price.ok) {
				throw operationError(this, `Price ${price.reason}`, 'Enter the price as a decimal number with a dot and at most 2 decimals, e.g. 19.99, without currency sign. Check the value mapped into Price for this item.', itemIndex);
			}
			const currency = String(this.getNodeParameter('currency', itemIndex, 'USD') ?? '').trim().toUpperCase();
			if (!CURRENCY_VALUES.includes(currency)) {
				throw operationError(this, `"${currency}" is not a currency TikTok Shop prices in`, `Use one of: ${CURRENCY_VALUES.join(', ')} (the shop's own currency).`, itemIndex);
			}
			drafts.push({ itemIndex, productId, skuId, amount: price.value, currency });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			fail(itemIndex, asNodeError(this, error, itemIndex));
		}
	}

	const shops = await shopsOf(this, drafts.map((draft) => draft.itemIndex));
	const requests: PriceRequest[] = [];
	const firstItemOf = new Map<string, number>();
	for (const draft of drafts) {
		const shop = shops.get(draft.itemIndex)!;
		if (shop.error) {
			fail(draft.itemIndex, asNodeError(this, shop.error, draft.itemIndex));
			continue;
		}
		const shopKey = shop.cipher ?? '';
		const key = `${shopKey}|${draft.productId}|${draft.skuId}`;
		const earlier = firstItemOf.get(key);
		if (earlier !== undefined) {
			fail(
				draft.itemIndex,
				operationError(this, `SKU ${draft.skuId} is priced twice in this run (items ${earlier} and ${draft.itemIndex})`, 'Give each SKU one price per run: remove the duplicate row, or remove duplicates first (Remove Duplicates node).', draft.itemIndex),
			);
			continue;
		}
		firstItemOf.set(key, draft.itemIndex);
		requests.push({ ...draft, shopKey });
	}
	// Without "Continue On Fail", a problem found so far stops the run before a single price is changed.
	if (failures.size && !continueOnFail) throw [...failures.values()][0][0].error;

	const results = new Map<number, IDataObject[]>();
	const requestOf = new Map(requests.map((request) => [request.itemIndex, request]));
	const describe = (request: PriceRequest): IDataObject => ({ product_id: request.productId, sku_id: request.skuId, price: { amount: request.amount, currency: request.currency } });
	await mapWithConcurrency(planPriceUpdates(requests), WRITE_CONCURRENCY, async (call) => {
		try {
			await tikTokApiRequest(this, {
				method: 'POST',
				path: ENDPOINTS.productPriceUpdate(call.productId),
				body: call.body as unknown as IDataObject,
				shopCipher: call.shopKey || undefined,
				itemIndex: call.itemIndexes[0],
			});
			for (const itemIndex of call.itemIndexes) results.set(itemIndex, [{ ...describe(requestOf.get(itemIndex)!), updated: true }]);
		} catch (error) {
			const code = (error as { errorResponse?: { code?: unknown } }).errorResponse?.code;
			const others = call.itemIndexes.length > 1 ? ` TikTok refuses a price call as a whole, so none of the ${call.itemIndexes.length} SKUs of this product sent together was changed.` : '';
			for (const itemIndex of call.itemIndexes) {
				const request = requestOf.get(itemIndex)!;
				fail(itemIndex, explain(this, error as Error, itemIndex, `Price of SKU ${request.skuId} (product ${call.productId}) was not updated`, `${priceHint(code)}${others}`.trim()), { ...describe(request), updated: false });
			}
		}
	});
	return finish(this, items.length, results, failures, 'price(s)');
}

/**
 * Product › Activate / Deactivate: the IDs of all items, per shop, 20 per call. TikTok reports per-product
 * problems in `data.errors` under code 0; each lands on the items that asked for that product.
 */
export async function setListing(this: IExecuteFunctions, items: INodeExecutionData[], activate: boolean): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const failures = new Map<number, { error: NodeApiError | NodeOperationError; context: IDataObject }[]>();
	const fail = (itemIndex: number, error: NodeApiError | NodeOperationError, extra: IDataObject = {}) => {
		failures.set(itemIndex, [...(failures.get(itemIndex) ?? []), { error, context: extra }]);
	};
	const asked = new Map<number, string[]>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			asked.set(itemIndex, [...new Set(parseIdList(this, this.getNodeParameter('productIds', itemIndex, ''), 'Product ID', itemIndex))]);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			fail(itemIndex, asNodeError(this, error, itemIndex));
		}
	}
	const shops = await shopsOf(this, [...asked.keys()]);
	const byShop = new Map<string, string[]>();
	for (const [itemIndex, ids] of asked) {
		const shop = shops.get(itemIndex)!;
		if (shop.error) {
			if (!continueOnFail) throw asNodeError(this, shop.error, itemIndex);
			fail(itemIndex, asNodeError(this, shop.error, itemIndex));
			asked.delete(itemIndex);
			continue;
		}
		const list = byShop.get(shop.cipher ?? '') ?? [];
		for (const id of ids) if (!list.includes(id)) list.push(id);
		byShop.set(shop.cipher ?? '', list);
	}

	const path = activate ? ENDPOINTS.productActivate : ENDPOINTS.productDeactivate;
	const verb = activate ? 'activate' : 'deactivate';
	// shop|product ID → error (absent: done)
	const outcome = new Map<string, { error?: Error; code?: unknown; message?: string; attributed?: boolean }>();
	const firstItemFor = (shopKey: string, productId: string) =>
		[...asked.keys()].find((itemIndex) => (shops.get(itemIndex)!.cipher ?? '') === shopKey && asked.get(itemIndex)!.includes(productId)) ?? 0;
	const batches = [...byShop].flatMap(([shopKey, ids]) => chunk(ids, LISTING_BATCH).map((group) => ({ shopKey, ids: group })));
	await mapWithConcurrency(batches, WRITE_CONCURRENCY, async ({ shopKey, ids }) => {
		try {
			const data = await tikTokApiRequest<{ errors?: Array<{ code?: unknown; message?: string; detail?: { product_id?: unknown } }> }>(this, {
				method: 'POST',
				path,
				body: { product_ids: ids },
				shopCipher: shopKey || undefined,
				itemIndex: firstItemFor(shopKey, ids[0]),
			});
			for (const id of ids) outcome.set(`${shopKey}|${id}`, {});
			for (const entry of data.errors ?? []) {
				const productId = entry.detail?.product_id === undefined ? '' : String(entry.detail.product_id);
				// An error that names no product concerns the whole call: report it on every product of the call.
				for (const id of productId && ids.includes(productId) ? [productId] : ids) {
					outcome.set(`${shopKey}|${id}`, { code: entry.code, message: entry.message ?? 'refused', attributed: productId !== '' });
				}
			}
		} catch (error) {
			for (const id of ids) outcome.set(`${shopKey}|${id}`, { error: error as Error });
		}
	});

	const results = new Map<number, IDataObject[]>();
	for (const [itemIndex, ids] of asked) {
		const shopKey = shops.get(itemIndex)!.cipher ?? '';
		for (const productId of ids) {
			const result = outcome.get(`${shopKey}|${productId}`) ?? {};
			const context: IDataObject = { product_id: productId, [activate ? 'activated' : 'deactivated']: false };
			if (result.error) {
				fail(itemIndex, explain(this, result.error, itemIndex, `Product ${productId} was not ${verb}d`, ''), context);
			} else if (result.code !== undefined || result.message !== undefined) {
				const hint = listingHint(result.code, activate);
				fail(
					itemIndex,
					new NodeApiError(this.getNode(), { code: (result.code as string | number | undefined) ?? null, message: result.message ?? '', product_id: productId } as JsonObject, {
						message: `TikTok Shop did not ${verb} product ${productId}: error ${String(result.code)}, ${result.message ?? ''}`.trim(),
						description: hint || (result.attributed ? `Check product ${productId} with Product › Get.` : 'TikTok did not say which product this error concerns, so every product of that call is reported.'),
						itemIndex,
					}),
					context,
				);
			} else {
				results.set(itemIndex, [
					...(results.get(itemIndex) ?? []),
					activate
						? // Activation sends the product to TikTok's review; it is live once the review passes.
							{ product_id: productId, activated: true, note: 'Sent for review; the product is live once TikTok approves it' }
						: { product_id: productId, deactivated: true },
				]);
			}
		}
	}
	return finish(this, items.length, results, failures, activate ? 'product(s) activated' : 'product(s) deactivated');
}
