import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../helpers/execution';
import { shopCipherFor, validateThenRun } from '../helpers/execution';
import { parseIdList } from '../helpers/parameters';
import { tikTokApiRequest } from '../../shared/transport/request';
import { ENDPOINTS } from '../../shared/endpoints';

// https://partner.tiktokshop.com/docv2/page/ship-package-202309
// https://partner.tiktokshop.com/docv2/page/mark-package-as-shipped-202309

const show = (operations: string[], extra: IDataObject = {}) => ({
	show: { resource: ['fulfillment'], operation: operations, ...extra },
});

const trackingFields = (operations: string[], extra: IDataObject = {}): INodeProperties[] => [
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 9400111899223197428490',
		description:
			'The carrier\'s tracking number: 4 to 40 letters, digits or hyphens. Spaces are removed (carriers often print them for readability).',
		displayOptions: show(operations, extra),
	},
	{
		displayName: 'Shipping Provider ID',
		name: 'shippingProviderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7117858858072016686',
		description:
			"TikTok's ID of the carrier (digits only). Fulfillment › Get Shipping Providers lists them for the order's delivery option.",
		displayOptions: show(operations, extra),
	},
];

export const fulfillmentDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fulfillment'] } },
		options: [
			{
				name: 'Get Package',
				value: 'getPackage',
				action: 'Get a package',
				description: 'Get a package: its orders, status, carrier and tracking number',
			},
			{
				name: 'Get Shipping Providers',
				value: 'getShippingProviders',
				action: 'Get shipping providers',
				description: "List the carriers you can use for an order's delivery option, with the IDs shipping needs",
			},
			{
				name: 'Get Tracking',
				value: 'getTracking',
				action: 'Get the tracking of an order',
				description: 'Get the tracking history of an order, newest event first',
			},
			{
				name: 'Mark as Shipped',
				value: 'markAsShipped',
				action: 'Mark an order as shipped',
				description:
					'Tell TikTok you shipped an order (or some of its items) with your own carrier. Only in the US, UK, Spain, Ireland, Italy, Germany, France and Japan.',
			},
			{
				name: 'Ship Package',
				value: 'shipPackage',
				action: 'Ship a package',
				description: 'Ship a package: with your own carrier and tracking number, or hand it over to TikTok Shipping',
			},
		],
		default: 'shipPackage',
	},

	// ----- ship -----
	{
		displayName: 'Package ID',
		name: 'packageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1152821064044219932',
		description: "The package to ship. An order's packages are in its \"packages\" list (Order › Get).",
		displayOptions: show(['shipPackage', 'getPackage']),
	},
	{
		displayName: 'Shipped By',
		name: 'shippedBy',
		type: 'options',
		default: 'seller',
		displayOptions: show(['shipPackage']),
		options: [
			{
				name: 'My Own Carrier',
				value: 'seller',
				description: 'You ship with your carrier and give TikTok the tracking number (delivery option "Send by seller")',
			},
			{
				name: 'TikTok Shipping',
				value: 'tiktok',
				description: "TikTok's carrier collects the package or you drop it off; TikTok creates the tracking number",
			},
		],
	},
	...trackingFields(['shipPackage'], { shippedBy: ['seller'] }),
	{
		displayName: 'Handover Method',
		name: 'handoverMethod',
		type: 'options',
		default: 'PICKUP',
		displayOptions: show(['shipPackage'], { shippedBy: ['tiktok'] }),
		options: [
			{ name: 'Carrier Picks It Up', value: 'PICKUP' },
			{ name: 'I Drop It Off', value: 'DROP_OFF' },
		],
	},

	// ----- markAsShipped -----
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 576461413038785752',
		description: 'The TikTok order ID (digits only)',
		displayOptions: show(['markAsShipped', 'getTracking']),
	},
	...trackingFields(['markAsShipped']),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(['markAsShipped']),
		options: [
			{
				displayName: 'Only These Line Item IDs',
				name: 'orderLineItemIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 577086512123755123, 577086512123755124',
				description:
					"To ship part of the order: the order's line item IDs in this parcel, separated by commas. Leave empty to ship every item not yet shipped.",
			},
		],
	},

	// ----- getShippingProviders -----
	{
		displayName: 'Delivery Option ID',
		name: 'deliveryOptionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7091146663229654785',
		description: 'The order\'s "delivery_option_id" (Order › Get), or one of a warehouse\'s delivery options',
		displayOptions: show(['getShippingProviders']),
	},
];

/**
 * Tracking events sorted newest first by `update_time_millis`, each with an ISO `update_time` added. TikTok does not
 * promise any order for the list (https://partner.tiktokshop.com/docv2/page/get-tracking-202309), so the latest
 * event is the one with the newest time, not the first element. Events without a usable time go last, in the
 * order TikTok gave them.
 */
export function newestTrackingEventsFirst(events: IDataObject[]): IDataObject[] {
	const millisOf = (event: IDataObject): number | undefined => {
		const raw = event.update_time_millis;
		if (raw === undefined || raw === null || raw === '') return undefined;
		const millis = Number(raw);
		return Number.isFinite(millis) ? millis : undefined;
	};
	return events
		.map((event, position) => ({ event, position, millis: millisOf(event) }))
		.sort((a, b) => {
			if (a.millis === undefined || b.millis === undefined) {
				if (a.millis === b.millis) return a.position - b.position;
				return a.millis === undefined ? 1 : -1;
			}
			return b.millis - a.millis || a.position - b.position;
		})
		.map(({ event, millis }) => ({
			...event,
			// TikTok gives milliseconds here (unlike everywhere else); an ISO time saves a conversion downstream.
			update_time: millis === undefined ? null : new Date(millis).toISOString(),
		}));
}

/** Carrier tracking numbers: letters, digits and hyphens; TikTok rejects anything else with 21004012. */
export function normalizeTrackingNumber(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
	const value = String(raw ?? '').replace(/\s+/g, '');
	if (!value) return { ok: false, reason: 'Tracking number is empty' };
	if (!/^[A-Za-z0-9-]+$/.test(value)) {
		const bad = [...new Set(value.replace(/[A-Za-z0-9-]/g, ''))].join(' ');
		return { ok: false, reason: `Tracking number "${value}" contains characters TikTok does not accept: ${bad}` };
	}
	if (value.length < 4 || value.length > 40) {
		return { ok: false, reason: `Tracking number "${value}" has ${value.length} characters; TikTok accepts 4 to 40` };
	}
	return { ok: true, value };
}

function oneId(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const ids = parseIdList(context, context.getNodeParameter(name, itemIndex, ''), label, itemIndex);
	if (ids.length > 1) {
		throw new NodeOperationError(context.getNode(), `Enter one ${label.toLowerCase()} per item, not ${ids.length}`, {
			description: 'Send one input item per value, for example with the Split Out node.',
			itemIndex,
		});
	}
	return ids[0];
}

function trackingOf(context: IExecuteFunctions, itemIndex: number): { tracking_number: string; shipping_provider_id: string } {
	const tracking = normalizeTrackingNumber(context.getNodeParameter('trackingNumber', itemIndex, ''));
	if (!tracking.ok) {
		throw new NodeOperationError(context.getNode(), tracking.reason, {
			description: 'Copy the tracking number exactly as the carrier issued it (letters, digits and hyphens only).',
			itemIndex,
		});
	}
	return { tracking_number: tracking.value, shipping_provider_id: oneId(context, 'shippingProviderId', 'Shipping Provider ID', itemIndex) };
}


export const fulfillmentOperations: Record<string, OperationHandler> = {
	// https://partner.tiktokshop.com/docv2/page/ship-package-202309
	async shipPackage(items) {
		return await validateThenRun(
			this,
			items,
			(i) => {
				const packageId = oneId(this, 'packageId', 'Package ID', i);
				const shippedBy = this.getNodeParameter('shippedBy', i, 'seller') as string;
				const body: IDataObject =
					shippedBy === 'seller'
						? { self_shipment: trackingOf(this, i) }
						: { handover_method: this.getNodeParameter('handoverMethod', i, 'PICKUP') as string };
				return { packageId, body };
			},
			async (i, { packageId, body }) => {
				const shopCipher = await shopCipherFor.call(this, i);
				// Shipping twice is not harmless: the transport retries it only when TikTok certainly did not get it.
				await tikTokApiRequest(this, {
					method: 'POST',
					path: ENDPOINTS.packageShip(packageId),
					body,
					shopCipher,
					itemIndex: i,
					idempotent: false,
				});
				const result: IDataObject = { package_id: packageId, shipped: true };
				if (body.self_shipment) Object.assign(result, body.self_shipment);
				else result.handover_method = body.handover_method;
				return result;
			},
		);
	},

	// https://partner.tiktokshop.com/docv2/page/mark-package-as-shipped-202309
	async markAsShipped(items) {
		return await validateThenRun(
			this,
			items,
			(i) => {
				const orderId = oneId(this, 'orderId', 'Order ID', i);
				const body: IDataObject = { ...trackingOf(this, i) };
				const options = this.getNodeParameter('options', i, {}) as IDataObject;
				const lines = options.orderLineItemIds;
				if ((Array.isArray(lines) && lines.length) || (!Array.isArray(lines) && String(lines ?? '').trim())) {
					body.order_line_item_ids = parseIdList(this, lines, 'Line Item ID', i);
				}
				return { orderId, body };
			},
			async (i, { orderId, body }) => {
				const shopCipher = await shopCipherFor.call(this, i);
				return await tikTokApiRequest(this, {
					method: 'POST',
					path: ENDPOINTS.orderMarkShipped(orderId),
					body,
					shopCipher,
					itemIndex: i,
					idempotent: false,
				});
			},
		);
	},

	// https://partner.tiktokshop.com/docv2/page/get-tracking-202309
	async getTracking(items) {
		return await validateThenRun(
			this,
			items,
			(i) => oneId(this, 'orderId', 'Order ID', i),
			async (i, orderId) => {
				const shopCipher = await shopCipherFor.call(this, i);
				const data = await tikTokApiRequest(this, { method: 'GET', path: ENDPOINTS.orderTracking(orderId), shopCipher, itemIndex: i });
				const events = newestTrackingEventsFirst((data.tracking as IDataObject[] | undefined) ?? []);
				return {
					order_id: orderId,
					latest: (events[0]?.description as string | undefined) ?? null,
					latest_update_time: (events[0]?.update_time as string | null | undefined) ?? null,
					tracking: events,
				};
			},
		);
	},

	// https://partner.tiktokshop.com/docv2/page/get-shipping-providers-202309
	async getShippingProviders(items) {
		return await validateThenRun(
			this,
			items,
			(i) => oneId(this, 'deliveryOptionId', 'Delivery Option ID', i),
			async (i, deliveryOptionId) => {
				const shopCipher = await shopCipherFor.call(this, i);
				const data = await tikTokApiRequest(this, {
					method: 'GET',
					path: ENDPOINTS.shippingProviders(deliveryOptionId),
					shopCipher,
					itemIndex: i,
				});
				return ((data.shipping_providers as IDataObject[] | undefined) ?? []).map((provider) => ({
					...provider,
					delivery_option_id: deliveryOptionId,
				}));
			},
		);
	},

	// https://partner.tiktokshop.com/docv2/page/get-package-detail-202309
	async getPackage(items) {
		return await validateThenRun(
			this,
			items,
			(i) => oneId(this, 'packageId', 'Package ID', i),
			async (i, packageId) => {
				const shopCipher = await shopCipherFor.call(this, i);
				return await tikTokApiRequest(this, { method: 'GET', path: ENDPOINTS.packageDetail(packageId), shopCipher, itemIndex: i });
			},
		);
	},
};
