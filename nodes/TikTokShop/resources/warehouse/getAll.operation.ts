import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem, shopCipherFor } from '../../helpers/execution';
import { showFor } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';

// https://partner.tiktokshop.com/docv2/page/get-warehouse-list-202309

/** A warehouse's `effect_status`. */
const WAREHOUSE_STATUSES = [
	{ name: 'Disabled', value: 'DISABLED' },
	{ name: 'Enabled', value: 'ENABLED' },
	{ name: 'Restricted', value: 'RESTRICTED' },
];

/** A warehouse's `type`. */
const WAREHOUSE_TYPES = [
	{ name: 'Return Warehouse', value: 'RETURN_WAREHOUSE', description: 'Where buyers send returns' },
	{ name: 'Sales Warehouse', value: 'SALES_WAREHOUSE', description: 'Ships orders and holds stock' },
];

export const description: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor('warehouse', 'getAll'),
		default: {},
		options: [
			{
				displayName: 'Status',
				name: 'effectStatus',
				type: 'options',
				options: WAREHOUSE_STATUSES,
				default: 'ENABLED',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: WAREHOUSE_TYPES,
				default: 'SALES_WAREHOUSE',
			},
		],
	},
];

/** One call for the whole run (the list does not depend on the input items), one output item per warehouse. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
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
				(!filters.effectStatus || warehouse.effect_status === filters.effectStatus) &&
				(!filters.type || warehouse.type === filters.type),
		);
	});
}
