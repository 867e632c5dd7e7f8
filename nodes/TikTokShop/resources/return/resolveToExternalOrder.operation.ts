import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { EXTERNAL_PLATFORMS } from '../../../shared/descriptions';
import { ENDPOINTS } from '../../../shared/endpoints';
import { tikTokApiRequestAllItems } from '../../../shared/transport/pagination';
import { batchOutput, cipherOf, planBatch, prepareBatch, runBatch } from '../../helpers/batch';
import type { BatchEntry, BatchResults, ItemResult } from '../../helpers/batch';
import { showFor } from '../../helpers/parameters';
import { fetchExternalReferences } from '../externalOrderReference';
import { oneIdOf, orderIdField } from '../fulfillment/byId';
import { returnIdField } from './getHistory.operation';
import { noReferenceHint, nothingFoundHint, type Hint } from './hints';
import { matchReturnToReference, returnsByAskedId, type ExternalReference, type ResolveBy } from './match';

/** Returns per search when resolving: page_size must be 10 to 50 (https://partner.tiktokshop.com/docv2/page/search-returns-202309). */
const RESOLVE_BATCH = 50;

/** "Any Platform" plus TikTok's 10 platforms; the default (Shopify) being one of them is checked by a unit test. */
export const RESOLVE_PLATFORM_OPTIONS = [{ name: 'Any Platform', value: '' }, ...EXTERNAL_PLATFORMS];

const PLATFORMS = new Set(EXTERNAL_PLATFORMS.map((p) => p.value));

export const description: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'resolveBy',
		type: 'options',
		default: 'returnId',
		displayOptions: showFor('return', 'resolveToExternalOrder'),
		options: [
			{ name: 'Return ID', value: 'returnId', description: 'One return, e.g. from a return status webhook' },
			{ name: 'Order ID', value: 'orderId', description: 'Every return of a TikTok order' },
		],
	},
	returnIdField('resolveToExternalOrder', 'The TikTok return ID (digits only)', { resolveBy: ['returnId'] }),
	orderIdField('return', 'resolveToExternalOrder', { resolveBy: ['orderId'] }),
	{
		displayName: 'External Platform',
		name: 'platform',
		type: 'options',
		default: 'SHOPIFY',
		description:
			'Where the order was sent when it was routed: the platform used when the external order reference was added. "Any Platform" asks TikTok about each of the 10 platforms (10 calls per order instead of 1).',
		displayOptions: showFor('return', 'resolveToExternalOrder'),
		options: RESOLVE_PLATFORM_OPTIONS,
	},
];

/** What one input item asks: a return or an order's returns, and the platform of the external order. */
interface Ask {
	by: ResolveBy;
	id: string;
	platform: string;
}

/** A return search entry: `group` is how the item asks (return or order ID), `key` that ID. */
type SearchEntry = BatchEntry & { group: ResolveBy };

/** A reference lookup entry: `key` is the TikTok order ID, `group` the platform ('' for any). */
type ReferenceEntry = BatchEntry & { group: string };

function readAsk(context: IExecuteFunctions, itemIndex: number): Ask {
	const by = context.getNodeParameter('resolveBy', itemIndex, 'returnId') as ResolveBy;
	const id = oneIdOf(context, by, by === 'returnId' ? 'Return ID' : 'Order ID', itemIndex, {
		label: by === 'returnId' ? 'return ID' : 'order ID',
		description: 'Send one input item per ID, for example with the Split Out node.',
	});
	const platform = String(context.getNodeParameter('platform', itemIndex, 'SHOPIFY') ?? '')
		.trim()
		.toUpperCase();
	if (platform && !PLATFORMS.has(platform)) {
		throw new NodeOperationError(context.getNode(), `"${platform}" is not a platform TikTok knows`, {
			description: `Use one of: ${[...PLATFORMS].join(', ')}, or leave it empty for any platform.`,
			itemIndex,
		});
	}
	return { by, id, platform };
}

/** The returns of every item, in as few searches as possible (at most 50 IDs per search, 4 at a time). */
async function searchReturns(
	context: IExecuteFunctions,
	entries: SearchEntry[],
): Promise<BatchResults<SearchEntry, IDataObject[]>> {
	return await runBatch(planBatch(entries, { limit: RESOLVE_BATCH }), 4, async (chunk) => {
		const found = await tikTokApiRequestAllItems<IDataObject>(
			context,
			{
				method: 'POST',
				path: ENDPOINTS.returnSearch,
				body: chunk.group === 'returnId' ? { return_ids: chunk.keys } : { order_ids: chunk.keys },
				shopCipher: cipherOf(chunk.shopKey),
				itemIndex: chunk.firstItem,
			},
			{ itemsKey: 'return_orders', returnAll: true, maxPageSize: 50, minPageSize: 10 },
		);
		return returnsByAskedId(chunk.group as ResolveBy, found);
	});
}

/** The external references of each order involved: one call per order and platform, 8 at a time. */
async function fetchReferences(
	context: IExecuteFunctions,
	entries: ReferenceEntry[],
): Promise<BatchResults<ReferenceEntry, ExternalReference[]>> {
	return await runBatch(planBatch(entries, { limit: 1 }), 8, async (chunk) => {
		// TikTok requires a platform: "Any Platform" asks each one (see fetchExternalReferences).
		const found = await fetchExternalReferences(context, {
			orderId: chunk.keys[0],
			platform: chunk.group,
			shopCipher: cipherOf(chunk.shopKey),
			itemIndex: chunk.firstItem,
		});
		return new Map([
			[chunk.keys[0], found.map((ref) => ({ id: String(ref.id), platform: ref.platform, line_items: ref.line_items }))],
		]);
	});
}

/** One item's way through both lookups: its search entry, then the returns found and a reference entry for each. */
interface Resolving {
	search: SearchEntry;
	platform: string;
	returns: IDataObject[];
	references: ReferenceEntry[];
}

// https://partner.tiktokshop.com/docv2/page/search-returns-202309
// https://partner.tiktokshop.com/docv2/page/get-external-order-references-202406
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Shop errors are kept with the item, like any failure, and reported in item order after the calls.
	const batch = await prepareBatch(this, items, (i) => readAsk(this, i), { shopErrors: 'record' });
	const resolving = new Map<number, Resolving>(
		batch.live().map(({ itemIndex, shopKey, input }) => [
			itemIndex,
			{
				search: { itemIndex, shopKey, key: input.id, group: input.by },
				platform: input.platform,
				returns: [],
				references: [],
			},
		]),
	);
	const searches = await searchReturns(
		this,
		[...resolving.values()].map((item) => item.search),
	);
	for (const item of resolving.values()) {
		const found = searches.get(item.search);
		item.returns = 'value' in found ? found.value : [];
		const { itemIndex, shopKey } = item.search;
		item.references = item.returns.map((ret) => ({
			itemIndex,
			shopKey,
			key: String(ret.order_id),
			group: item.platform,
		}));
	}
	const references = await fetchReferences(
		this,
		[...resolving.values()].flatMap((item) => item.references),
	);

	const failure = (hint: Hint, itemIndex: number) =>
		new NodeOperationError(this.getNode(), hint.message, { description: hint.description, itemIndex });
	return batchOutput(this, items.length, batch.failures, (i): ItemResult[] => {
		const item = resolving.get(i)!;
		const found = searches.get(item.search);
		if ('error' in found) return [{ error: found.error }];
		if (item.returns.length === 0) return [{ error: failure(nothingFoundHint(item.search.group, item.search.key), i) }];
		const results: ItemResult[] = [];
		for (const [n, ret] of item.returns.entries()) {
			const refs = references.get(item.references[n]);
			if ('error' in refs) return [{ error: refs.error }];
			if (!('value' in refs) || refs.value.length === 0)
				return [{ error: failure(noReferenceHint(ret, item.platform), i) }];
			for (const ref of refs.value) results.push({ json: matchReturnToReference(ret, ref) });
		}
		return results;
	});
}
