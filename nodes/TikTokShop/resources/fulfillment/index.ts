import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as getPackage from './getPackage.operation';
import * as getShippingProviders from './getShippingProviders.operation';
import * as getTracking from './getTracking.operation';
import * as markAsShipped from './markAsShipped.operation';
import * as shipPackage from './shipPackage.operation';

// https://partner.tiktokshop.com/docv2/page/ship-package-202309
// https://partner.tiktokshop.com/docv2/page/mark-package-as-shipped-202309

export const fulfillmentDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fulfillment'] } },
		options: [
			{
				name: 'Get Package',
				value: 'getPackage',
				action: 'Get a package',
				description: 'Get a package: its orders, status, carrier and tracking number',
			},
			{
				name: 'Get Shipping Providers',
				value: 'getShippingProviders',
				action: 'Get shipping providers',
				description: "List the carriers you can use for an order's delivery option, with the IDs shipping needs",
			},
			{
				name: 'Get Tracking',
				value: 'getTracking',
				action: 'Get the tracking of an order',
				description: 'Get the tracking history of an order, newest event first',
			},
			{
				name: 'Mark as Shipped',
				value: 'markAsShipped',
				action: 'Mark an order as shipped',
				description:
					'Tell TikTok you shipped an order (or some of its items) with your own carrier. Only in the US, UK, Spain, Ireland, Italy, Germany, France and Japan.',
			},
			{
				name: 'Ship Package',
				value: 'shipPackage',
				action: 'Ship a package',
				description: 'Ship a package: with your own carrier and tracking number, or hand it over to TikTok Shipping',
			},
		],
		default: 'shipPackage',
	},
	...shipPackage.description,
	...getPackage.description,
	...markAsShipped.description,
	...getTracking.description,
	...getShippingProviders.description,
];

export const fulfillmentOperations: Record<string, OperationHandler> = {
	shipPackage: shipPackage.execute,
	markAsShipped: markAsShipped.execute,
	getTracking: getTracking.execute,
	getShippingProviders: getShippingProviders.execute,
	getPackage: getPackage.execute,
};
