import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { parseIdList, requireSingleId, showFor } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';
import { productIdField } from './fields';

// https://partner.tiktokshop.com/docv2/page/get-product-202309

export const description: INodeProperties[] = [
	productIdField('get', 'The TikTok product ID (digits only). Product › Get Many or an order line item gives it.'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('product', 'get'),
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
];

/** The product ID and query of one item, checked before any call. */
function readGet(context: IExecuteFunctions, itemIndex: number): { productId: string; qs: IDataObject } {
	const ids = parseIdList(context, context.getNodeParameter('productId', itemIndex), 'Product ID', itemIndex);
	const description = 'To get several products, send one input item per product ID, or use Product › Get Many.';
	const productId = requireSingleId(
		context,
		ids,
		'product ID',
		itemIndex,
		description,
		'Enter one product ID per item',
	);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (options.returnDraftVersion === true) qs.return_draft_version = true;
	if (options.returnUnderReviewVersion === true) qs.return_under_review_version = true;
	if (String(options.locale ?? '').trim()) qs.locale = String(options.locale).trim();
	return { productId, qs };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(i) => readGet(this, i),
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
}
