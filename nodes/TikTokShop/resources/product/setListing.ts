import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';

import { batchOutput, cipherOf, groupBy, planBatch, prepareBatch, runBatch } from '../../helpers/batch';
import type { BatchEntry, BatchOutcome, ItemResult } from '../../helpers/batch';
import { parseIdList, showFor } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';
import { LISTING_BATCH, listingHint, listingOutcomes, type ListingError, type ListingOutcome } from './listing';
import { WRITE_CONCURRENCY, explain, noteDone } from './write';

// Product › Activate and Deactivate: the same call on another path. The IDs of all items go together, per shop, 20
// per call (the batch engine); each product's outcome lands on the items that asked for it.

/** The field of both operations. */
export const listingDescription: INodeProperties[] = [
	{
		displayName: 'Product IDs',
		name: 'productIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207008, 1729592969712207009',
		description:
			'TikTok product IDs, separated by commas (or a list from an expression). IDs of all input items are sent together, 20 per call.',
		displayOptions: showFor('product', ['activate', 'deactivate']),
	},
];

/** What one product's outcome makes of the item that asked for it: a result or an error. */
function resultOf(
	context: IExecuteFunctions,
	entry: BatchEntry,
	outcome: BatchOutcome<ListingOutcome>,
	activate: boolean,
): ItemResult {
	const { itemIndex, key: productId } = entry;
	const verb = activate ? 'activate' : 'deactivate';
	// Every product of a call has an answer (listingOutcomes), so `missing` does not occur.
	const result: ListingOutcome =
		'value' in outcome ? outcome.value : 'error' in outcome ? { error: outcome.error } : {};
	const failed = { product_id: productId, [activate ? 'activated' : 'deactivated']: false };
	if (result.error)
		return {
			error: explain(context, result.error, itemIndex, `Product ${productId} was not ${verb}d`, ''),
			context: failed,
		};
	if (result.code !== undefined || result.message !== undefined) {
		const hint = listingHint(result.code, activate);
		const error = {
			code: (result.code as string | number | undefined) ?? null,
			message: result.message ?? '',
			product_id: productId,
		} as JsonObject;
		return {
			error: new NodeApiError(context.getNode(), error, {
				message:
					`TikTok Shop did not ${verb} product ${productId}: error ${String(result.code)}, ${result.message ?? ''}`.trim(),
				description:
					hint ||
					(result.attributed
						? `Check product ${productId} with Product › Get.`
						: 'TikTok did not say which product this error concerns, so every product of that call is reported.'),
				itemIndex,
			}),
			context: failed,
		};
	}
	return activate
		? // Activation sends the product to TikTok's review; it is live once the review passes.
			{
				json: {
					product_id: productId,
					activated: true,
					note: 'Sent for review; the product is live once TikTok approves it',
				},
			}
		: { json: { product_id: productId, deactivated: true } };
}

/** Activate (`activate` true) or Deactivate the products of every item. */
export async function setListing(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	activate: boolean,
): Promise<INodeExecutionData[]> {
	const batch = await prepareBatch(context, items, (itemIndex) => [
		...new Set(parseIdList(context, context.getNodeParameter('productIds', itemIndex, ''), 'Product ID', itemIndex)),
	]);
	const entries = batch
		.live()
		.flatMap(({ itemIndex, shopKey, input }) => input.map((key) => ({ itemIndex, shopKey, key })));
	const results = await runBatch(planBatch(entries, { limit: LISTING_BATCH }), WRITE_CONCURRENCY, async (chunk) => {
		const data = await tikTokApiRequest<{ errors?: ListingError[] }>(context, {
			method: 'POST',
			path: activate ? ENDPOINTS.productActivate : ENDPOINTS.productDeactivate,
			body: { product_ids: chunk.keys },
			shopCipher: cipherOf(chunk.shopKey),
			itemIndex: chunk.firstItem,
		});
		return listingOutcomes(chunk.keys, data.errors ?? []);
	});
	// Per item: its products done, then the ones that failed.
	const perItem = new Map<number, ItemResult[]>();
	for (const [itemIndex, asked] of groupBy(entries, (entry) => entry.itemIndex)) {
		const outcomes = asked.map((entry) => resultOf(context, entry, results.get(entry), activate));
		perItem.set(itemIndex, [
			...outcomes.filter((result) => 'json' in result),
			...outcomes.filter((result) => !('json' in result)),
		]);
	}
	const done = [...perItem.values()].flat().filter((result) => 'json' in result).length;
	const beforeThrow = noteDone(done, activate ? 'product(s) activated' : 'product(s) deactivated');
	return batchOutput(context, items.length, batch.failures, (itemIndex) => perItem.get(itemIndex), { beforeThrow });
}
