import type { INodeProperties } from 'n8n-workflow';

import { ORDER_STATUSES_BY_NAME, choice, optionalFields, shopLocator } from '../shared/descriptions';
import { DEFAULT_LOOK_BACK_MINUTES } from './cursor';

/** The order trigger's fields, in the order the node panel shows them. */
export const orderTriggerProperties: INodeProperties[] = [
	shopLocator,
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Order',
				value: 'newOrder',
				description: 'An order was placed (each order once)',
			},
			{
				name: 'New or Updated Order',
				value: 'newOrUpdatedOrder',
				description: 'An order was placed or changed: status, address, shipping… (each change once)',
			},
		],
		default: 'newOrUpdatedOrder',
	},
	optionalFields('Filters', 'filters', 'Add filter', [
		{
			displayName: 'Order Status',
			name: 'orderStatus',
			type: 'options',
			options: ORDER_STATUSES_BY_NAME,
			default: 'AWAITING_SHIPMENT',
			description:
				'Only orders currently in this status. With "New Order", an order placed in another status (usually Unpaid) is not emitted later when it changes: use "New or Updated Order" to catch orders when they reach a status.',
		},
		choice(
			'Shipping Type',
			'shippingType',
			[
				{ name: 'Seller Ships', value: 'SELLER' },
				{ name: 'TikTok Ships', value: 'TIKTOK' },
			],
			'Only orders shipped by the seller or by TikTok Shop',
		),
	]),
	optionalFields('Options', 'options', 'Add option', [
		{
			displayName: 'Look-Back Window (Minutes)',
			name: 'lookBackMinutes',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1440 },
			default: DEFAULT_LOOK_BACK_MINUTES,
			description:
				'Each check also looks this far back, because TikTok can list an order a little after its update time. Orders already emitted are not emitted again.',
		},
		{
			displayName: 'Start From',
			name: 'startFrom',
			type: 'dateTime',
			default: '',
			description:
				'Emit orders since this date when the workflow is first activated (otherwise it starts from the moment of activation). Changing it later starts over from the new date.',
		},
	]),
];
