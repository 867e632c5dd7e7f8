import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchOutput, cipherOf, groupBy, planBatch, prepareBatch, runBatch } from '../../helpers/batch';
import type { ItemResult } from '../../helpers/batch';
import { parseIdList, showFor } from '../../helpers/parameters';
import { BATCH_LIMITS } from '../../../shared/transport/batching';
import { choice, requiredText } from './fields';
import { READ_CONCURRENCY, searchStock } from './stock';

// https://partner.tiktokshop.com/docv2/page/inventory-search-202309

export const description: INodeProperties[] = [
	choice(
		'searchBy',
		'Search By',
		[
			{ name: 'Product IDs', value: 'productIds', description: 'Stock of every SKU of these products' },
			{ name: 'SKU IDs', value: 'skuIds', description: 'Stock of these SKUs only' },
		],
		showFor('inventory', 'getAll'),
	),
	requiredText(
		'productIds',
		'Product IDs',
		'e.g. 1729592969712207008, 1729592969712207009',
		'One or more TikTok product IDs, separated by commas (or an array from an expression)',
		showFor('inventory', 'getAll', { searchBy: ['productIds'] }),
	),
	requiredText(
		'skuIds',
		'SKU IDs',
		'e.g. 1729592969712207012, 1729592969712207013',
		'One or more TikTok SKU IDs, separated by commas (or an array from an expression)',
		showFor('inventory', 'getAll', { searchBy: ['skuIds'] }),
	),
];

type SearchBy = 'productIds' | 'skuIds';

/** One ID an item asks about; `group` keeps product IDs and SKU IDs in separate calls. */
interface StockAsk {
	itemIndex: number;
	shopKey: string;
	key: string;
	group: SearchBy;
}

function notFound({ key, group }: StockAsk): IDataObject {
	const what = group === 'skuIds' ? 'SKU' : 'product';
	return {
		[group === 'skuIds' ? 'sku_id' : 'product_id']: key,
		found: false,
		message: `TikTok Shop has no stock for ${what} ${key} in this shop. The ID may be wrong, deleted, or belong to another shop.`,
	};
}

/** Every item's IDs go into shared calls: ≤100 product IDs or ≤600 SKU IDs per call, each ID once per shop. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const batch = await prepareBatch(this, items, (itemIndex) => {
		const by = this.getNodeParameter('searchBy', itemIndex, 'productIds') as SearchBy;
		const ids = parseIdList(
			this,
			this.getNodeParameter(by, itemIndex, ''),
			by === 'skuIds' ? 'SKU ID' : 'Product ID',
			itemIndex,
		);
		return { by, ids: [...new Set(ids)] };
	});
	const asks: StockAsk[] = batch
		.live()
		.flatMap(({ itemIndex, shopKey, input }) => input.ids.map((key) => ({ itemIndex, shopKey, key, group: input.by })));
	const plan = planBatch(asks, {
		limit: (group) => (group === 'skuIds' ? BATCH_LIMITS.inventorySkuIds : BATCH_LIMITS.inventoryProductIds),
	});
	const results = await runBatch(plan, READ_CONCURRENCY, async (part) => {
		const body = part.group === 'skuIds' ? { sku_ids: part.keys } : { product_ids: part.keys };
		const rows = await searchStock(this, cipherOf(part.shopKey), body, part.firstItem);
		const found = groupBy(rows, (row) => String(part.group === 'skuIds' ? row.sku_id : row.product_id));
		return new Map(
			[...found].map(([id, matched]) => [id, matched.map((row): IDataObject => ({ ...row, found: true }))]),
		);
	});
	const asksOf = groupBy(asks, (ask) => ask.itemIndex);
	return batchOutput(this, items.length, batch.failures, (itemIndex): ItemResult[] | undefined => {
		const outcomes = (asksOf.get(itemIndex) ?? []).map((ask) => ({ ask, outcome: results.get(ask) }));
		const broken = outcomes.find(({ outcome }) => 'error' in outcome)?.outcome;
		if (broken && 'error' in broken) return [{ error: broken.error }];
		return outcomes.flatMap(({ ask, outcome }) =>
			'value' in outcome ? outcome.value.map((json) => ({ json })) : [{ json: notFound(ask) }],
		);
	});
}
