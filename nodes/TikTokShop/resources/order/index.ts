import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const orderDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description: 'Get the full details of one or more orders by their TikTok order ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many orders',
				description: 'Find orders by status, date, shipping type and more',
			},
		],
		default: 'getAll',
	},
	...get.description,
	...getAll.description,
];

export const orderOperations: Record<string, OperationHandler> = { get: get.execute, getAll: getAll.execute };
