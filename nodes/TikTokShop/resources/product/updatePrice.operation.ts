import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchOutput, prepareBatch, type ItemResult, type PreparedBatch } from '../../helpers/batch';
import { asNodeError } from '../../helpers/execution';
import { parseIdList, requireSingleId, showFor } from '../../helpers/parameters';
import { mapWithConcurrency } from '../../../shared/transport/batching';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';
import { CURRENCY_VALUES, PRICE_CURRENCIES, parsePrice, planPriceUpdates, priceHint } from './price';
import type { PriceCall, PriceRequest } from './price';
import { productIdField } from './fields';
import { WRITE_CONCURRENCY, explain, noteDone } from './write';

// https://partner.tiktokshop.com/docv2/page/update-price-202309

export const description: INodeProperties[] = [
	productIdField('updatePrice', 'The TikTok product ID the SKU belongs to (digits only)'),
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207012',
		description: 'The TikTok SKU ID whose price to set (digits only)',
		displayOptions: showFor('product', 'updatePrice'),
	},
	{
		displayName: 'Price',
		name: 'price',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 19.99',
		description:
			'The new price shown to buyers before discounts, as a decimal number with at most 2 decimals (e.g. 19.99)',
		displayOptions: showFor('product', 'updatePrice'),
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'options',
		options: PRICE_CURRENCIES,
		default: 'USD',
		description: "The shop's currency. TikTok refuses any other.",
		displayOptions: showFor('product', 'updatePrice'),
	},
];

type PriceDraft = Omit<PriceRequest, 'shopKey'>;

const ONE_SKU_PER_ITEM =
	'Each input item sets the price of one SKU. Split the values over several items (for example with the Split Out node).';

function oneId(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	return requireSingleId(
		context,
		parseIdList(context, context.getNodeParameter(name, itemIndex, ''), label, itemIndex),
		label,
		itemIndex,
		ONE_SKU_PER_ITEM,
	);
}

/** One item's product, SKU, price and currency, checked before any call. */
function readPrice(context: IExecuteFunctions, itemIndex: number): PriceDraft {
	const productId = oneId(context, 'productId', 'product ID', itemIndex);
	const skuId = oneId(context, 'skuId', 'SKU ID', itemIndex);
	const price = parsePrice(context.getNodeParameter('price', itemIndex, ''));
	if (!price.ok) {
		throw new NodeOperationError(context.getNode(), `Price ${price.reason}`, {
			description:
				'Enter the price as a decimal number with a dot and at most 2 decimals, e.g. 19.99, without currency sign. Check the value mapped into Price for this item.',
			itemIndex,
		});
	}
	const currency = String(context.getNodeParameter('currency', itemIndex, 'USD') ?? '')
		.trim()
		.toUpperCase();
	if (!CURRENCY_VALUES.includes(currency)) {
		throw new NodeOperationError(context.getNode(), `"${currency}" is not a currency TikTok Shop prices in`, {
			description: `Use one of: ${CURRENCY_VALUES.join(', ')} (the shop's own currency).`,
			itemIndex,
		});
	}
	return { itemIndex, productId, skuId, amount: price.value, currency };
}

/** The priced SKUs with their shop; an item that prices a SKU again fails. */
function refuseRepeats(context: IExecuteFunctions, batch: PreparedBatch<PriceDraft>): PriceRequest[] {
	const requests: PriceRequest[] = [];
	const firstItemOf = new Map<string, number>();
	for (const { itemIndex, shopKey, input } of batch.live()) {
		const key = `${shopKey}|${input.productId}|${input.skuId}`;
		const earlier = firstItemOf.get(key);
		if (earlier !== undefined) {
			batch.fail(
				itemIndex,
				new NodeOperationError(
					context.getNode(),
					`SKU ${input.skuId} is priced twice in this run (items ${earlier} and ${itemIndex})`,
					{
						description:
							'Give each SKU one price per run: remove the duplicate row, or remove duplicates first (Remove Duplicates node).',
						itemIndex,
					},
				),
			);
			continue;
		}
		firstItemOf.set(key, itemIndex);
		requests.push({ ...input, shopKey });
	}
	return requests;
}

const describe = (request: PriceRequest): IDataObject => ({
	product_id: request.productId,
	sku_id: request.skuId,
	price: { amount: request.amount, currency: request.currency },
});

/** One price call; TikTok answers it as a whole (no per-SKU errors), so a refusal fails every item of that product. */
async function sendPrices(
	context: IExecuteFunctions,
	call: PriceCall,
	requestOf: Map<number, PriceRequest>,
	outcomes: Map<number, ItemResult>,
): Promise<void> {
	try {
		await tikTokApiRequest(context, {
			method: 'POST',
			path: ENDPOINTS.productPriceUpdate(call.productId),
			body: call.body as unknown as IDataObject,
			shopCipher: call.shopKey || undefined,
			itemIndex: call.itemIndexes[0],
		});
		for (const itemIndex of call.itemIndexes)
			outcomes.set(itemIndex, { json: { ...describe(requestOf.get(itemIndex)!), updated: true } });
	} catch (error) {
		const code = (error as { errorResponse?: { code?: unknown } }).errorResponse?.code;
		const others =
			call.itemIndexes.length > 1
				? ` TikTok refuses a price call as a whole, so none of the ${call.itemIndexes.length} SKUs of this product sent together was changed.`
				: '';
		for (const itemIndex of call.itemIndexes) {
			const request = requestOf.get(itemIndex)!;
			const prefix = `Price of SKU ${request.skuId} (product ${call.productId}) was not updated`;
			outcomes.set(itemIndex, {
				error: explain(context, error as Error, itemIndex, prefix, `${priceHint(code)}${others}`.trim()),
				context: { ...describe(request), updated: false },
			});
		}
	}
}

/** Every price is checked before any call; then one call per product with all its SKUs. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const batch = await prepareBatch(this, items, (itemIndex) => readPrice(this, itemIndex), { shopErrors: 'record' });
	const requests = refuseRepeats(this, batch);
	// Without "Continue On Fail", a problem found so far stops the run before a single price is changed.
	if (batch.failures.size && !batch.continueOnFail) {
		const first = Math.min(...batch.failures.keys());
		throw asNodeError(this, batch.failures.get(first), first);
	}
	const requestOf = new Map(requests.map((request) => [request.itemIndex, request]));
	const outcomes = new Map<number, ItemResult>();
	await mapWithConcurrency(
		planPriceUpdates(requests),
		WRITE_CONCURRENCY,
		async (call) => await sendPrices(this, call, requestOf, outcomes),
	);
	const done = [...outcomes.values()].filter((outcome) => 'json' in outcome).length;
	return batchOutput(
		this,
		items.length,
		batch.failures,
		(itemIndex) => {
			const outcome = outcomes.get(itemIndex);
			return outcome && [outcome];
		},
		{ beforeThrow: noteDone(done, 'price(s)') },
	);
}
