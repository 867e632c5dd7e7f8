import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as getAll from './getAll.operation';
import * as getHistory from './getHistory.operation';
import * as resolveToExternalOrder from './resolveToExternalOrder.operation';

export const returnDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['return'] } },
		options: [
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the history of a return',
				description: 'Get what happened on a return request so far: who did what, when and why',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many returns',
				description: 'Find return and refund requests by order, status, type or time',
			},
			{
				name: 'Resolve to External Order',
				value: 'resolveToExternalOrder',
				action: 'Resolve a return to its external order',
				description:
					'Find the order in your OMS or store (e.g. Shopify) that a return belongs to, with the OMS line ID of each returned item, through the external order reference saved on the TikTok order',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...getHistory.description,
	...resolveToExternalOrder.description,
];

export const returnOperations: Record<string, OperationHandler> = {
	getAll: getAll.execute,
	getHistory: getHistory.execute,
	resolveToExternalOrder: resolveToExternalOrder.execute,
};
