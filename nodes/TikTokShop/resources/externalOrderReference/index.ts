import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../../helpers/execution';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

// Return › Resolve to External Order reads an order's links with the same lookup as Get.
export { fetchExternalReferences, type ExternalOrder } from './references';

export const externalOrderReferenceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['externalOrderReference'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an external order reference',
				description:
					'Store the ID of the matching order in your store, OMS or ERP on the TikTok order (writing the same platform again updates it)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get the external order references of an order',
				description: 'See whether a TikTok order is already linked to an order in your store, OMS or ERP',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many external order references',
				description: 'Find the TikTok order linked to an order ID from your store, OMS or ERP',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
];

export const externalOrderReferenceOperations: Record<string, OperationHandler> = {
	create: create.execute,
	get: get.execute,
	getAll: getAll.execute,
};
