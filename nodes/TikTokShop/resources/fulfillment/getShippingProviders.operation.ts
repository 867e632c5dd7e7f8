import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../helpers/parameters';
import { ENDPOINTS } from '../../../shared/endpoints';
import { readById, requiredString } from './byId';

export const description: INodeProperties[] = [
	requiredString(
		'Delivery Option ID',
		'deliveryOptionId',
		'e.g. 7091146663229654785',
		'The order\'s "delivery_option_id" (Order › Get), or one of a warehouse\'s delivery options',
		showFor('fulfillment', 'getShippingProviders'),
	),
];

// https://partner.tiktokshop.com/docv2/page/get-shipping-providers-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await readById(this, items, {
		parameter: 'deliveryOptionId',
		label: 'Delivery Option ID',
		path: ENDPOINTS.shippingProviders,
		shape: (deliveryOptionId, data) =>
			((data.shipping_providers as IDataObject[] | undefined) ?? []).map((provider) => ({
				...provider,
				delivery_option_id: deliveryOptionId,
			})),
	});
}
