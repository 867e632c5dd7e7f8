import type { INodeProperties } from 'n8n-workflow';

export { cancellationOperations } from './return';

/**
 * Cancellation requests are a resource of their own in the editor ("Get Many: Cancellation"), like n8n's own
 * nodes. Their filters live next to the return filters in return.ts because both searches share one loop.
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
];
