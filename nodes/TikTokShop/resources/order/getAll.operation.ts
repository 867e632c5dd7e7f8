import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { choice, optionalFields, ORDER_STATUSES, returnAllAndLimit } from '../../../shared/descriptions';
import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { showFor } from '../../helpers/parameters';
import { tikTokApiRequestAllItems } from '../../../shared/transport/pagination';
import { WINDOWED_SEARCHES } from '../../../shared/transport/windowedSearch';
import { ENDPOINTS } from '../../../shared/endpoints';
import { buildOrderSearch, DEFAULT_MIN_ORDER_AGE_MINUTES, uniqueById } from './search';

const ORDER_SEARCH_MAX_PAGE_SIZE = 100;

export const description: INodeProperties[] = [
	...returnAllAndLimit('order', 'getAll'),
	{
		displayName: 'Ready to Ship Only',
		name: 'readyToShipOnly',
		type: 'boolean',
		displayOptions: showFor('order', 'getAll'),
		default: false,
		description:
			'Whether to return only orders you can safely send to your warehouse or store: status Awaiting Shipment, not on hold, no cancellation requested by the buyer, and placed at least a minimum number of minutes ago (buyers can still change or cancel a fresh order)',
	},
	{
		displayName: 'Minimum Order Age (Minutes)',
		name: 'minOrderAgeMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		displayOptions: showFor('order', 'getAll', { readyToShipOnly: [true] }),
		default: DEFAULT_MIN_ORDER_AGE_MINUTES,
		description:
			'Skip orders placed more recently than this. 60 minutes covers the window in which buyers usually edit or cancel.',
	},
	{
		...optionalFields('Filters', 'filters', 'Add Filter', [
			{
				displayName: 'Buyer Requested Cancellation',
				name: 'buyerRequestedCancel',
				type: 'boolean',
				default: true,
				description:
					'Whether to return only orders whose buyer asked to cancel (on) or only orders without such a request (off)',
			},
			{
				displayName: 'Buyer User ID',
				name: 'buyerUserId',
				type: 'string',
				default: '',
				description: "The buyer's TikTok user ID (the order's user_id)",
			},
			{
				displayName: 'Created After',
				name: 'createTimeFrom',
				type: 'dateTime',
				default: '',
				description: 'Only orders placed at or after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createTimeTo',
				type: 'dateTime',
				default: '',
				description: 'Only orders placed before this time',
			},
			{
				displayName: 'Order Status',
				name: 'orderStatus',
				type: 'options',
				options: ORDER_STATUSES,
				default: 'AWAITING_SHIPMENT',
			},
			choice('Shipping Type', 'shippingType', [
				{ name: 'Shipped by Seller', value: 'SELLER', description: 'You arrange the shipping yourself' },
				{ name: 'Shipped via TikTok', value: 'TIKTOK', description: "TikTok Shop's shipping service" },
			]),
			{
				displayName: 'Updated After',
				name: 'updateTimeFrom',
				type: 'dateTime',
				default: '',
				description: 'Only orders changed at or after this time',
			},
			{
				displayName: 'Updated Before',
				name: 'updateTimeTo',
				type: 'dateTime',
				default: '',
				description: 'Only orders changed before this time',
			},
			{
				displayName: 'Warehouse IDs',
				name: 'warehouseIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7068517275539719942',
				description:
					'Only orders shipped from these warehouses (comma-separated, at most 100). Works only for shops with several warehouses; see Warehouse › Get Many for the IDs.',
			},
		]),
		displayOptions: showFor('order', 'getAll'),
	},
	{
		...optionalFields('Options', 'options', 'Add Option', [
			choice('Sort By', 'sortField', [
				{ name: 'Created Time', value: 'create_time' },
				{ name: 'Updated Time', value: 'update_time' },
			]),
			choice('Sort Order', 'sortOrder', [
				{ name: 'Newest First', value: 'DESC' },
				{ name: 'Oldest First', value: 'ASC' },
			]),
		]),
		displayOptions: showFor('order', 'getAll'),
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(itemIndex) => {
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
			return { returnAll, limit, ...buildOrderSearch(this, itemIndex) };
		},
		async (itemIndex, { returnAll, limit, qs, body, keep }) => {
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const orders = await tikTokApiRequestAllItems<IDataObject>(
				this,
				// TikTok reads "no filters" from an empty JSON object; the body is signed as sent.
				{ method: 'POST', path: ENDPOINTS.orderSearch, qs, body, shopCipher, itemIndex },
				{
					itemsKey: 'orders',
					returnAll,
					limit,
					maxPageSize: ORDER_SEARCH_MAX_PAGE_SIZE,
					windowed: WINDOWED_SEARCHES.orders,
				},
			);
			const unique = uniqueById(orders);
			return keep ? unique.filter(keep) : unique;
		},
	);
}
