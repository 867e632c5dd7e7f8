import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as activate from './activate.operation';
import * as deactivate from './deactivate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as updatePrice from './updatePrice.operation';

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
	// The write operations' fields come first, as they always have in the panel.
	...updatePrice.description,
	...activate.description,
	...deactivate.description,
	...get.description,
	...getAll.description,
];

export const productOperations: Record<string, OperationHandler> = {
	updatePrice: updatePrice.execute,
	activate: activate.execute,
	deactivate: deactivate.execute,
	getAll: getAll.execute,
	get: get.execute,
};
