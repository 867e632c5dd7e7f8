import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { returnAllAndLimit } from '../../../shared/descriptions';
import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { showFor } from '../../helpers/parameters';
import { tikTokApiRequestAllItems } from '../../../shared/transport/pagination';
import { ENDPOINTS } from '../../../shared/endpoints';
import { TIME_FILTERS, productSearchBody, timeEnds, type TimeFilter } from './search';

// https://partner.tiktokshop.com/docv2/page/search-products-202502

/** Product statuses as TikTok spells them: https://partner.tiktokshop.com/docv2/page/search-products-202502 */
export const PRODUCT_STATUSES = [
	{ name: 'All', value: 'ALL', description: 'Every product, whatever its status' },
	{ name: 'Deleted', value: 'DELETED' },
	{ name: 'Draft', value: 'DRAFT', description: 'Saved but never submitted' },
	{ name: 'Failed Review', value: 'FAILED' },
	{ name: 'Frozen', value: 'FREEZE', description: 'Frozen by TikTok' },
	{ name: 'Live', value: 'ACTIVATE', description: 'Live and buyable (TikTok calls this ACTIVATE)' },
	{ name: 'Pending Review', value: 'PENDING' },
	{ name: 'Suspended by TikTok', value: 'PLATFORM_DEACTIVATED' },
	{ name: 'Deactivated by Seller', value: 'SELLER_DEACTIVATED' },
];

/** The states of TikTok's review of a product. */
const AUDIT_STATUSES = [
	{ name: 'Approved', value: 'APPROVED' },
	{ name: 'Being Reviewed', value: 'AUDITING' },
	{ name: 'Failed', value: 'FAILED' },
];

/** Listing quality tiers (US shops). */
const LISTING_QUALITY_TIERS = [
	{ name: 'Fair', value: 'FAIR' },
	{ name: 'Good', value: 'GOOD' },
	{ name: 'Poor', value: 'POOR' },
];

/** A filter that keeps products whose value is one of the chosen ones. */
function anyOf(
	displayName: string,
	name: string,
	description: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return { displayName, name, type: 'multiOptions', default: [], description, options };
}

/** The After and Before ends of a time filter. */
function timeFilter(range: TimeFilter): INodeProperties[] {
	return timeEnds(range).map(({ field, label, edge }) => ({
		displayName: label,
		name: field,
		type: 'dateTime',
		default: '',
		description: `Only products ${range.verb} at or ${edge} this time`,
	}));
}

export const description: INodeProperties[] = [
	...returnAllAndLimit('product', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor('product', 'getAll'),
		options: [
			anyOf(
				'Audit Status',
				'auditStatus',
				'Only products whose TikTok review is in one of these states',
				AUDIT_STATUSES,
			),
			{
				displayName: 'Category Tree Version',
				name: 'categoryVersion',
				type: 'options',
				default: '',
				options: [
					{ name: 'Any', value: '' },
					{ name: 'V1 (3-Level Tree)', value: 'v1' },
					{ name: 'V2 (US 7-Level Tree)', value: 'v2' },
				],
			},
			...timeFilter(TIME_FILTERS[0]),
			anyOf(
				'Listing Quality',
				'listingQualityTiers',
				'US shops only: only products with one of these listing quality tiers',
				LISTING_QUALITY_TIERS,
			),
			{
				displayName: 'Only Products With a Draft',
				name: 'returnDraftVersion',
				type: 'boolean',
				default: false,
				description: 'Whether to return only products that have an unpublished draft, in their draft version',
			},
			{
				displayName: 'Seller SKUs',
				name: 'sellerSkus',
				type: 'string',
				default: '',
				placeholder: 'e.g. TSHIRT-BLK-M, TSHIRT-BLK-L',
				description: 'Your own SKU codes, separated by commas. Finds the products that have any of them.',
			},
			{
				displayName: 'SKU IDs',
				name: 'skuIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1729592969712207012',
				description: 'TikTok SKU IDs, separated by commas (at most 10)',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'ALL',
				options: PRODUCT_STATUSES,
				description:
					'Only products in this status. "Live" products are the ones buyers can order and whose stock can be changed.',
			},
			...timeFilter(TIME_FILTERS[1]),
		],
	},
];

/** One item's paging and search body, checked before any call. */
function readSearch(
	context: IExecuteFunctions,
	itemIndex: number,
): { returnAll: boolean; limit?: number; body: IDataObject } {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (context.getNodeParameter('limit', itemIndex, 50) as number);
	return {
		returnAll,
		limit,
		body: productSearchBody(context, context.getNodeParameter('filters', itemIndex, {}) as IDataObject, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(i) => readSearch(this, i),
		async (i, { returnAll, limit, body }) => {
			const shopCipher = await shopCipherFor.call(this, i);
			return await tikTokApiRequestAllItems<IDataObject>(
				this,
				{ method: 'POST', path: ENDPOINTS.productSearch, body, shopCipher, itemIndex: i },
				{ itemsKey: 'products', returnAll, limit, maxPageSize: 100 },
			);
		},
	);
}
