import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';
import { externalOrderIdField, platformField } from './fields';
import { externalId, normalizePlatform } from './parse';
import type { ExternalOrder } from './references';

export const description: INodeProperties[] = [platformField('getAll'), externalOrderIdField('getAll')];

/**
 * One item per TikTok order linked to the external order, each `{ found: true, order_id, external_order }`; none
 * gives one item `{ found: false, platform, external_order_id }` so the workflow can branch on it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(itemIndex) => ({
			platform: normalizePlatform(this, this.getNodeParameter('platform', itemIndex), itemIndex),
			externalOrderId: externalId(
				this,
				this.getNodeParameter('externalOrderId', itemIndex),
				'External order ID',
				itemIndex,
			),
		}),
		async (itemIndex, { platform, externalOrderId }) => {
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const data = await tikTokApiRequest<{ orders?: Array<{ id: string; external_order?: ExternalOrder }> }>(this, {
				method: 'POST',
				path: ENDPOINTS.externalReferencesSearch,
				qs: { platform, external_order_id: externalOrderId },
				// The documented request body is an empty JSON object.
				body: {},
				shopCipher,
				itemIndex,
			});
			const orders = data.orders ?? [];
			if (orders.length === 0) return { found: false, platform, external_order_id: externalOrderId };
			return orders.map((order) => ({
				found: true,
				order_id: String(order.id),
				external_order: order.external_order ?? null,
			}));
		},
	);
}
