import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as getAll from './getAll.operation';

export const warehouseDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['warehouse'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many warehouses',
				description: "List the shop's warehouses with their ID, name, type, status and address",
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];

export const warehouseOperations: Record<string, OperationHandler> = {
	getAll: getAll.execute,
};
