import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { EXTERNAL_PLATFORMS } from '../../../shared/descriptions';
import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { showFor } from '../../helpers/parameters';
import { tikTokOrderIdField } from './fields';
import { normalizePlatform, singleOrderId } from './parse';
import { fetchExternalReferences } from './references';

export const description: INodeProperties[] = [
	tikTokOrderIdField('get', 'The TikTok Shop order whose links to look up'),
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		options: [{ name: 'All Platforms', value: '' }, ...EXTERNAL_PLATFORMS],
		default: '',
		displayOptions: showFor('externalOrderReference', 'get'),
		description:
			'Only return the link for this platform. TikTok answers one platform per call, so "All Platforms" makes 10 calls per order.',
	},
];

/**
 * One item per link, each `{ order_id, linked: true, external_order }`; an order without links gives one item
 * `{ order_id, linked: false, external_order: null }`, so an IF node on `linked` can skip orders already routed.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(itemIndex) => {
			const orderId = singleOrderId(this, itemIndex);
			const rawPlatform = this.getNodeParameter('platform', itemIndex, '');
			const platform = String(rawPlatform ?? '').trim() === '' ? '' : normalizePlatform(this, rawPlatform, itemIndex);
			return { orderId, platform };
		},
		async (itemIndex, { orderId, platform }) => {
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const references = await fetchExternalReferences(this, { orderId, platform, shopCipher, itemIndex });
			if (references.length === 0) return { order_id: orderId, linked: false, external_order: null };
			return references.map((reference) => ({ order_id: orderId, linked: true, external_order: reference }));
		},
	);
}
