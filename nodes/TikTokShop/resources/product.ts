import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import type { OperationHandler } from '../helpers/execution';
import { shopCipherFor, validateThenRun } from '../helpers/execution';
import { parseIdList, toUnixSeconds } from '../helpers/parameters';
import { tikTokApiRequestAllItems } from '../../shared/transport/pagination';
import { tikTokApiRequest } from '../../shared/transport/request';
import { productWriteDescription, setListing, updatePrice } from './productWrite';
import { ENDPOINTS } from '../../shared/endpoints';

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

/** TikTok accepts at most 10 SKU IDs in one product search. */
const MAX_SEARCH_SKU_IDS = 10;

const show = (operation: string) => ({ show: { resource: ['product'], operation: [operation] } });

export const productDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Activate',
				value: 'activate',
				action: 'Activate a product',
				description: 'Put deactivated products back on sale (TikTok reviews them first)',
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				action: 'Deactivate a product',
				description: 'Hide live products from buyers until you activate them again',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a product',
				description: 'Get everything about one product: title, description, SKUs, prices, stock per warehouse',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many products',
				description: 'Find products by status, seller SKU, SKU ID or when they were created or changed',
			},
			{
				name: 'Update Price',
				value: 'updatePrice',
				action: 'Update the price of a product',
				description: 'Set the price of a SKU (one input item per SKU; items of the same product are sent together)',
			},
		],
		default: 'getAll',
	},

	...productWriteDescription,

	// ----- get -----
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207008',
		description: 'The TikTok product ID (digits only). Product › Get Many or an order line item gives it.',
		displayOptions: show('get'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('get'),
		options: [
			{
				displayName: 'Language',
				name: 'locale',
				type: 'string',
				default: '',
				placeholder: 'e.g. en-US',
				description: 'Language of the returned texts, for shops that list in several languages',
			},
			{
				displayName: 'Return Draft Version',
				name: 'returnDraftVersion',
				type: 'boolean',
				default: false,
				description: 'Whether to return the unpublished draft edit of a live product instead of the live version',
			},
			{
				displayName: 'Return Version Under Review',
				name: 'returnUnderReviewVersion',
				type: 'boolean',
				default: false,
				description: 'Whether to return the edit TikTok is still reviewing instead of the live version',
			},
		],
	},

	// ----- search -----
	...returnAllAndLimit('product', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getAll'),
		options: [
			{
				displayName: 'Audit Status',
				name: 'auditStatus',
				type: 'multiOptions',
				default: [],
				description: "Only products whose TikTok review is in one of these states",
				options: [
					{ name: 'Approved', value: 'APPROVED' },
					{ name: 'Being Reviewed', value: 'AUDITING' },
					{ name: 'Failed', value: 'FAILED' },
				],
			},
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
			{
				displayName: 'Created After',
				name: 'createTimeFrom',
				type: 'dateTime',
				default: '',
				description: 'Only products created at or after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createTimeTo',
				type: 'dateTime',
				default: '',
				description: 'Only products created at or before this time',
			},
			{
				displayName: 'Listing Quality',
				name: 'listingQualityTiers',
				type: 'multiOptions',
				default: [],
				description: 'US shops only: only products with one of these listing quality tiers',
				options: [
					{ name: 'Fair', value: 'FAIR' },
					{ name: 'Good', value: 'GOOD' },
					{ name: 'Poor', value: 'POOR' },
				],
			},
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
				description: 'Only products in this status. "Live" products are the ones buyers can order and whose stock can be changed.',
			},
			{
				displayName: 'Updated After',
				name: 'updateTimeFrom',
				type: 'dateTime',
				default: '',
				description: 'Only products changed at or after this time',
			},
			{
				displayName: 'Updated Before',
				name: 'updateTimeTo',
				type: 'dateTime',
				default: '',
				description: 'Only products changed at or before this time',
			},
		],
	},
];

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
			throw new NodeOperationError(context.getNode(), `Too many SKU IDs: ${skuIds.length} (TikTok accepts at most ${MAX_SEARCH_SKU_IDS})`, {
				description: 'Split the SKU IDs over several items, or use Inventory › Get Many, which accepts up to 600 SKU IDs per call.',
				itemIndex,
			});
		}
		body.sku_ids = skuIds;
	}
	const ranges: Array<[string, string, string]> = [
		['createTimeFrom', 'create_time_ge', 'Created After'],
		['createTimeTo', 'create_time_le', 'Created Before'],
		['updateTimeFrom', 'update_time_ge', 'Updated After'],
		['updateTimeTo', 'update_time_le', 'Updated Before'],
	];
	for (const [field, key, label] of ranges) {
		const seconds = toUnixSeconds(context, filters[field], label, itemIndex);
		if (seconds !== undefined) body[key] = seconds;
	}
	for (const [from, to, what] of [
		['create_time_ge', 'create_time_le', 'Created'],
		['update_time_ge', 'update_time_le', 'Updated'],
	]) {
		if (body[from] !== undefined && body[to] !== undefined && (body[from] as number) > (body[to] as number)) {
			throw new NodeOperationError(context.getNode(), `"${what} After" is later than "${what} Before"`, {
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

export const productOperations: Record<string, OperationHandler> = {
	// https://partner.tiktokshop.com/docv2/page/update-price-202309
	updatePrice,
	// https://partner.tiktokshop.com/docv2/page/activate-product-202309
	async activate(items) {
		return await setListing.call(this, items, true);
	},
	// https://partner.tiktokshop.com/docv2/page/deactivate-products-202309
	async deactivate(items) {
		return await setListing.call(this, items, false);
	},
	// https://partner.tiktokshop.com/docv2/page/search-products-202502
	async getAll(items) {
		return await validateThenRun(
			this,
			items,
			(i) => {
				const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
				const limit = returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number);
				return { returnAll, limit, body: productSearchBody(this, this.getNodeParameter('filters', i, {}) as IDataObject, i) };
			},
			async (i, { returnAll, limit, body }) => {
			const shopCipher = await shopCipherFor.call(this, i);
			return await tikTokApiRequestAllItems<IDataObject>(
				this,
				{ method: 'POST', path: ENDPOINTS.productSearch, body, shopCipher, itemIndex: i },
				{ itemsKey: 'products', returnAll, limit, maxPageSize: 100 },
			);
			},
		);
	},

	// https://partner.tiktokshop.com/docv2/page/get-product-202309
	async get(items) {
		return await validateThenRun(
			this,
			items,
			(i) => {
			const [productId, ...extra] = parseIdList(this, this.getNodeParameter('productId', i), 'Product ID', i);
			if (extra.length) {
				throw new NodeOperationError(this.getNode(), 'Enter one product ID per item', {
					description: 'To get several products, send one input item per product ID, or use Product › Get Many.',
					itemIndex: i,
				});
			}
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const qs: IDataObject = {};
			if (options.returnDraftVersion === true) qs.return_draft_version = true;
			if (options.returnUnderReviewVersion === true) qs.return_under_review_version = true;
			if (String(options.locale ?? '').trim()) qs.locale = String(options.locale).trim();
			return { productId, qs };
			},
			async (i, { productId, qs }) => {
			const shopCipher = await shopCipherFor.call(this, i);
			return await tikTokApiRequest<IDataObject>(this, {
				method: 'GET',
				path: ENDPOINTS.product(productId),
				qs,
				shopCipher,
				itemIndex: i,
			});
			},
		);
	},
};
