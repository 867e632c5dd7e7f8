import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../helpers/execution';
import { forEachItem } from '../helpers/execution';
import { getAuthorizedShops } from '../../shared/transport/shops';

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
];

export const shopOperations: Record<string, OperationHandler> = {
	// https://partner.tiktokshop.com/docv2/page/get-authorized-shops-202309
	async getAll(items) {
		return await forEachItem(this, items.slice(0, 1), async () => await getAuthorizedShops.call(this) as unknown as Array<Record<string, string>>);
	},
};
