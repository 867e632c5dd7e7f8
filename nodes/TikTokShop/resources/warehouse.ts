import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../helpers/execution';
import { forEachItem, shopCipherFor } from '../helpers/execution';
import { tikTokApiRequest } from '../../shared/transport/request';
import { ENDPOINTS } from '../../shared/endpoints';


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
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: { show: { resource: ['warehouse'], operation: ['getAll'] } },
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'effectStatus',
				type: 'options',
				options: [
					{ name: 'Disabled', value: 'DISABLED' },
					{ name: 'Enabled', value: 'ENABLED' },
					{ name: 'Restricted', value: 'RESTRICTED' },
				],
				default: 'ENABLED',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Return Warehouse', value: 'RETURN_WAREHOUSE', description: 'Where buyers send returns' },
					{ name: 'Sales Warehouse', value: 'SALES_WAREHOUSE', description: 'Ships orders and holds stock' },
				],
				default: 'SALES_WAREHOUSE',
			},
		],
	},
];

export const warehouseOperations: Record<string, OperationHandler> = {
	/** One call for the whole run (the list does not depend on the input items), one output item per warehouse. */
	async getAll(items) {
		return await forEachItem(this, items.slice(0, 1), async (itemIndex) => {
			const filters = this.getNodeParameter('filters', itemIndex, {}) as { effectStatus?: string; type?: string };
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const data = await tikTokApiRequest<{ warehouses?: IDataObject[] }>(this, {
				method: 'GET',
				path: ENDPOINTS.warehouses,
				shopCipher,
				itemIndex,
			});
			return (data.warehouses ?? []).filter(
				(warehouse) =>
					(!filters.effectStatus || warehouse.effect_status === filters.effectStatus) && (!filters.type || warehouse.type === filters.type),
			);
		});
	},
};
