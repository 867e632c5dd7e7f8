import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { parseIdList, toUnixSeconds } from '../../helpers/parameters';

// Product › Get Many: the search body from the node's Filters (unit-tested apart from the calls).

/** TikTok accepts at most 10 SKU IDs in one product search. */
const MAX_SEARCH_SKU_IDS = 10;

/** The time filters: how the panel and errors name them, their fields in Filters, TikTok's `_ge`/`_le` keys. */
export const TIME_FILTERS = [
	{
		label: 'Created',
		verb: 'created',
		from: 'createTimeFrom',
		to: 'createTimeTo',
		keys: ['create_time_ge', 'create_time_le'],
	},
	{
		label: 'Updated',
		verb: 'changed',
		from: 'updateTimeFrom',
		to: 'updateTimeTo',
		keys: ['update_time_ge', 'update_time_le'],
	},
] as const;

export type TimeFilter = (typeof TIME_FILTERS)[number];

/** The two ends of a time filter: its field in Filters, TikTok's key, and its name in the panel and in errors. */
export function timeEnds(
	range: TimeFilter,
): Array<{ field: string; key: string; label: string; edge: 'after' | 'before' }> {
	return [
		{ field: range.from, key: range.keys[0], label: `${range.label} After`, edge: 'after' },
		{ field: range.to, key: range.keys[1], label: `${range.label} Before`, edge: 'before' },
	];
}

/** Splits a comma/newline separated text (or an array from an expression) into trimmed non-empty strings. */
export function parseTextList(raw: unknown): string[] {
	const values = Array.isArray(raw) ? raw : String(raw ?? '').split(/[,\n;]+/);
	return values.map((value) => String(value ?? '').trim()).filter((value) => value !== '');
}

/** Builds the product search body from the node's Filters, validating before anything is sent. */
export function productSearchBody(context: IExecuteFunctions, filters: IDataObject, itemIndex: number): IDataObject {
	const body: IDataObject = {};
	const status = String(filters.status ?? 'ALL');
	if (status && status !== 'ALL') body.status = status;
	const sellerSkus = parseTextList(filters.sellerSkus);
	if (sellerSkus.length) body.seller_skus = sellerSkus;
	if (String(filters.skuIds ?? '').trim() !== '' || (Array.isArray(filters.skuIds) && filters.skuIds.length)) {
		const skuIds = parseIdList(context, filters.skuIds, 'SKU ID', itemIndex);
		if (skuIds.length > MAX_SEARCH_SKU_IDS) {
			throw new NodeOperationError(
				context.getNode(),
				`Too many SKU IDs: ${skuIds.length} (TikTok accepts at most ${MAX_SEARCH_SKU_IDS})`,
				{
					description:
						'Split the SKU IDs over several items, or use Inventory › Get Many, which accepts up to 600 SKU IDs per call.',
					itemIndex,
				},
			);
		}
		body.sku_ids = skuIds;
	}
	for (const { field, key, label } of TIME_FILTERS.flatMap(timeEnds)) {
		const seconds = toUnixSeconds(context, filters[field], label, itemIndex);
		if (seconds !== undefined) body[key] = seconds;
	}
	for (const { label, keys } of TIME_FILTERS) {
		if (
			body[keys[0]] !== undefined &&
			body[keys[1]] !== undefined &&
			(body[keys[0]] as number) > (body[keys[1]] as number)
		) {
			throw new NodeOperationError(context.getNode(), `"${label} After" is later than "${label} Before"`, {
				description: 'No product can match this time range. Swap the two dates.',
				itemIndex,
			});
		}
	}
	if (filters.categoryVersion) body.category_version = filters.categoryVersion;
	const auditStatus = filters.auditStatus as string[] | undefined;
	if (auditStatus?.length) body.audit_status = auditStatus;
	const tiers = filters.listingQualityTiers as string[] | undefined;
	if (tiers?.length) body.listing_quality_tiers = tiers;
	if (filters.returnDraftVersion === true) body.return_draft_version = true;
	return body;
}
