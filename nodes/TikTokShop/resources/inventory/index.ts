import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const inventoryDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inventory'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many stock levels',
				description: 'Get the stock of products or SKUs, per warehouse',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a stock level',
				description: 'Set how many units of a SKU are available in a warehouse (one input item per SKU and warehouse)',
			},
		],
		default: 'update',
	},
	...update.description,
	...getAll.description,
];

export const inventoryOperations: Record<string, OperationHandler> = {
	update: update.execute,
	getAll: getAll.execute,
};
