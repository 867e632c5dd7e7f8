import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { parseIdList, showFor } from '../../helpers/parameters';
import { ENDPOINTS } from '../../../shared/endpoints';
import { orderIdField } from './byId';
import { shipEach, trackingFields, trackingOf } from './shipping';

export const description: INodeProperties[] = [
	orderIdField('fulfillment', 'markAsShipped'),
	...trackingFields('markAsShipped'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('fulfillment', 'markAsShipped'),
		options: [
			{
				displayName: 'Only These Line Item IDs',
				name: 'orderLineItemIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 577086512123755123, 577086512123755124',
				description:
					"To ship part of the order: the order's line item IDs in this parcel, separated by commas. Leave empty to ship every item not yet shipped.",
			},
		],
	},
];

// https://partner.tiktokshop.com/docv2/page/mark-package-as-shipped-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await shipEach(this, items, {
		idParameter: 'orderId',
		idLabel: 'Order ID',
		path: ENDPOINTS.orderMarkShipped,
		body: (i) => {
			const body: IDataObject = { ...trackingOf(this, i) };
			const lines = (this.getNodeParameter('options', i, {}) as IDataObject).orderLineItemIds;
			if ((Array.isArray(lines) && lines.length) || (!Array.isArray(lines) && String(lines ?? '').trim())) {
				body.order_line_item_ids = parseIdList(this, lines, 'Line Item ID', i);
			}
			return body;
		},
		output: (_orderId, _body, answer) => answer,
	});
}
