import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as getAll from './getAll.operation';

/**
 * Cancellation requests are a resource of their own in the editor ("Get Many: Cancellation"), like n8n's own
 * nodes. Their search is the return search (return/search.ts) with other filters.
 */
export const cancellationDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['cancellation'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many cancellations',
				description: 'Find order cancellation requests by order, status, type or time',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];

export const cancellationOperations: Record<string, OperationHandler> = {
	// https://partner.tiktokshop.com/docv2/page/search-cancellations-202309
	getAll: getAll.execute,
};
