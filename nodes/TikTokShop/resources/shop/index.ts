import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as getAll from './getAll.operation';

export const shopDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shop'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many shops',
				description: 'List the shops this credential is authorized for, with their ID, region and cipher',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];

export const shopOperations: Record<string, OperationHandler> = {
	getAll: getAll.execute,
};
