import type { INodeProperties } from 'n8n-workflow';

import { ORDER_STATUSES_BY_NAME, optionalFields, shopLocator } from '../shared/descriptions';
import { CANCELLATION_STATUS_OPTIONS, EVENT_OPTIONS, INVENTORY_ALERT_OPTIONS, RETURN_STATUS_OPTIONS } from './events';
import { REGISTRATION_AUTOMATIC, REGISTRATION_PARTNER_CENTER } from './parameters';

/** The trigger's fields, in the order the node panel shows them. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic (Event API)',
				value: REGISTRATION_AUTOMATIC,
				description:
					"Subscribes this workflow's URL to the chosen events of the shop when the workflow is activated, and removes it when deactivated",
			},
			{
				name: 'Registered in Partner Center',
				value: REGISTRATION_PARTNER_CENTER,
				description:
					"You entered this workflow's production URL as the app's webhook address in TikTok Shop Partner Center; n8n registers nothing",
			},
		],
		default: REGISTRATION_AUTOMATIC,
	},
	{
		displayName:
			"Copy this node's Production URL into Partner Center › your app › Webhooks and tick the same events there. Events arrive for every shop that authorized the app; the output's shopId tells them apart.",
		name: 'partnerCenterNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: [REGISTRATION_PARTNER_CENTER] } },
	},
	{
		...shopLocator,
		description:
			'The shop whose events start this workflow. Leave empty when the credential has a Shop Cipher or is authorized for a single shop.',
		displayOptions: { show: { registration: [REGISTRATION_AUTOMATIC] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: EVENT_OPTIONS,
		default: [],
		description: 'The TikTok Shop events that start this workflow',
	},
	{
		displayName: 'Order Statuses',
		name: 'orderStatuses',
		type: 'multiOptions',
		options: ORDER_STATUSES_BY_NAME,
		default: [],
		description:
			'Only start for order status changes to one of these statuses. Leave empty for all. TikTok\'s "CANCEL" counts as Cancelled.',
		displayOptions: { show: { events: ['ORDER_STATUS_CHANGE'] } },
	},
	{
		displayName: 'Return Statuses',
		name: 'returnStatuses',
		type: 'multiOptions',
		options: RETURN_STATUS_OPTIONS,
		default: [],
		description: 'Only start for return status changes to one of these statuses. Leave empty for all.',
		displayOptions: { show: { events: ['RETURN_STATUS_CHANGE'] } },
	},
	{
		displayName: 'Cancellation Statuses',
		name: 'cancellationStatuses',
		type: 'multiOptions',
		options: CANCELLATION_STATUS_OPTIONS,
		default: [],
		description: 'Only start for cancellation status changes to one of these statuses. Leave empty for all.',
		displayOptions: { show: { events: ['CANCELLATION_STATUS_CHANGE'] } },
	},
	{
		displayName: 'Inventory Alerts',
		name: 'inventoryAlerts',
		type: 'multiOptions',
		options: INVENTORY_ALERT_OPTIONS,
		default: [],
		description:
			"Only start for these inventory alerts. Leave empty for all. The output's data.alert says which one it is.",
		displayOptions: { show: { events: ['INVENTORY_STATUS_CHANGE'] } },
	},
	{
		displayName: 'Replace Existing Subscriptions',
		name: 'replaceExisting',
		type: 'boolean',
		default: false,
		description:
			'Whether to take over event types that TikTok currently sends to another address (another tool or workflow). TikTok allows one address per event and shop: the other address gets nothing while this workflow is active, and gets its events back when this workflow is deactivated.',
		displayOptions: { show: { registration: [REGISTRATION_AUTOMATIC] } },
	},
	optionalFields('Options', 'options', 'Add option', [
		{
			displayName: 'Fetch Full Object',
			name: 'fetchFullObject',
			type: 'boolean',
			default: false,
			description:
				'Whether to also load the full order (order, address and cancellation events), return (return events) or current stock per warehouse (inventory events) from TikTok Shop and add it to the output as "order", "return" or "inventory". Webhook events only carry IDs and a status.',
		},
		{
			displayName: 'Other Event Types',
			name: 'otherEventTypes',
			type: 'string',
			default: '',
			placeholder: 'e.g. 27, 36',
			description:
				'Numbers of further TikTok event types to accept (for example 27 for inventory alerts) that you ticked in Partner Center. Only with Registration "Registered in Partner Center".',
			displayOptions: { show: { '/registration': [REGISTRATION_PARTNER_CENTER] } },
		},
	]),
];
