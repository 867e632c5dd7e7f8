import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../helpers/parameters';
import { ENDPOINTS } from '../../../shared/endpoints';
import { packageIdField } from './getPackage.operation';
import { shipEach, trackingFields, trackingOf } from './shipping';

export const description: INodeProperties[] = [
	packageIdField('shipPackage'),
	{
		displayName: 'Shipped By',
		name: 'shippedBy',
		type: 'options',
		default: 'seller',
		displayOptions: showFor('fulfillment', 'shipPackage'),
		options: [
			{
				name: 'My Own Carrier',
				value: 'seller',
				description:
					'You ship with your carrier and give TikTok the tracking number (delivery option "Send by seller")',
			},
			{
				name: 'TikTok Shipping',
				value: 'tiktok',
				description: "TikTok's carrier collects the package or you drop it off; TikTok creates the tracking number",
			},
		],
	},
	...trackingFields('shipPackage', { shippedBy: ['seller'] }),
	{
		displayName: 'Handover Method',
		name: 'handoverMethod',
		type: 'options',
		default: 'PICKUP',
		displayOptions: showFor('fulfillment', 'shipPackage', { shippedBy: ['tiktok'] }),
		options: [
			{ name: 'Carrier Picks It Up', value: 'PICKUP' },
			{ name: 'I Drop It Off', value: 'DROP_OFF' },
		],
	},
];

// https://partner.tiktokshop.com/docv2/page/ship-package-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await shipEach(this, items, {
		idParameter: 'packageId',
		idLabel: 'Package ID',
		path: ENDPOINTS.packageShip,
		body: (i) =>
			(this.getNodeParameter('shippedBy', i, 'seller') as string) === 'seller'
				? { self_shipment: trackingOf(this, i) }
				: { handover_method: this.getNodeParameter('handoverMethod', i, 'PICKUP') as string },
		output: (packageId, body) => {
			const result: IDataObject = { package_id: packageId, shipped: true };
			if (body.self_shipment) Object.assign(result, body.self_shipment);
			else result.handover_method = body.handover_method;
			return result;
		},
	});
}
