import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchOutput, cipherOf, groupBy, planBatch, prepareBatch, runBatch } from '../../helpers/batch';
import type { BatchEntry, BatchOutcome, ItemResult } from '../../helpers/batch';
import { parseIdList, showFor } from '../../helpers/parameters';
import { BATCH_LIMITS } from '../../../shared/transport/batching';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';
import { fetchOrderDetails, notFoundDetails, notFoundMessage, type DetailOutcome } from './details';

/** Detail calls in flight at once; the transport's throttle still paces them below TikTok's rate limit. */
const ORDER_DETAIL_CONCURRENCY = 4;

export const description: INodeProperties[] = [
	{
		displayName: 'Order IDs',
		name: 'orderIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 576461413038785752, 576461413038785753',
		displayOptions: showFor('order', 'get'),
		description:
			'TikTok order IDs, separated by commas, or an expression that returns a list. IDs from all input items are fetched together, 50 per request.',
	},
	{
		displayName: 'If an Order Is Not Found',
		name: 'onNotFound',
		type: 'options',
		displayOptions: showFor('order', 'get'),
		options: [
			{
				name: 'Stop With an Error',
				value: 'error',
				description:
					'The node fails and names the missing ID (with "Continue On Fail" on, you get an error item for it instead)',
			},
			{
				name: 'Output an Item Marked as Not Found',
				value: 'outputItem',
				description: 'Outputs { ID, found: false, error } for the missing ID and carries on',
			},
		],
		default: 'error',
		description: 'What to do when TikTok Shop has no order with a requested ID in this shop',
	},
];

/** What one requested ID gives its input item: the order, an error, or a not-found item (per "If an Order Is Not Found"). */
function orderResult(
	context: IExecuteFunctions,
	entry: BatchEntry,
	outcome: BatchOutcome<DetailOutcome>,
	onNotFound: string,
): ItemResult {
	const { key: id, itemIndex } = entry;
	const detail: DetailOutcome = 'value' in outcome ? outcome.value : outcome;
	if ('error' in detail) return { error: detail.error, context: { id } };
	if ('order' in detail) return { json: detail.order };
	const details = notFoundDetails(detail.foreign);
	if (onNotFound === 'error') {
		const error = new NodeOperationError(context.getNode(), notFoundMessage(id), { description: details, itemIndex });
		return { error, context: { id, found: false } };
	}
	return { json: { id, found: false, error: notFoundMessage(id), details } };
}

/**
 * Collects the IDs of every input item, fetches them together 50 per call per shop (several calls in flight), then
 * hands each input item back its orders in the order it asked for them. Missing IDs are always reported.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Bad input stops the node before any order is fetched.
	const batch = await prepareBatch(this, items, (itemIndex) => [
		...new Set(parseIdList(this, this.getNodeParameter('orderIds', itemIndex), 'Order ID', itemIndex)),
	]);
	const entries = batch
		.live()
		.flatMap(({ itemIndex, shopKey, input }) => input.map((key): BatchEntry => ({ itemIndex, shopKey, key })));
	const plan = planBatch(entries, { limit: BATCH_LIMITS.orderIds });
	const results = await runBatch(
		plan,
		ORDER_DETAIL_CONCURRENCY,
		async (part) =>
			await fetchOrderDetails(async (ids) => {
				const data = await tikTokApiRequest<{ orders?: IDataObject[] }>(this, {
					method: 'GET',
					path: ENDPOINTS.orderDetail,
					qs: { ids: ids.join(',') },
					shopCipher: cipherOf(part.shopKey),
					itemIndex: part.firstItem,
				});
				return data.orders ?? [];
			}, part.keys),
	);
	const onNotFound = this.getNodeParameter('onNotFound', 0, 'error') as string;
	const byItem = groupBy(entries, (entry) => entry.itemIndex);
	return batchOutput(this, items.length, batch.failures, (itemIndex) =>
		byItem.get(itemIndex)?.map((entry) => orderResult(this, entry, results.get(entry), onNotFound)),
	);
}
