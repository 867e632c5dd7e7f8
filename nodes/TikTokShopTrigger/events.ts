import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

/**
 * The 17 event types TikTok's Event API accepts (`event_type` of PUT /event/202309/webhooks) with the numeric
 * `type` the webhook body carries. Numbers follow the webhook pages of TikTok's docs:
 * https://partner.tiktokshop.com/docv2/page/tts-webhooks-overview
 */
export interface WebhookEventType {
	name: string;
	type: number;
	displayName: string;
	description: string;
	/** Authorization events concern the whole app, not one shop (docs/triggers/tiktok-shop-trigger.md). */
	appLevel?: boolean;
	/**
	 * TikTok sends it only to the webhook address set in Partner Center: the Event API's `event_type` list does not
	 * name it (https://partner.tiktokshop.com/docv2/page/update-shop-webhook-202309), so it cannot be registered.
	 */
	partnerCenterOnly?: boolean;
}

export const WEBHOOK_EVENTS: WebhookEventType[] = [
	{
		name: 'ORDER_STATUS_CHANGE',
		type: 1,
		displayName: 'Order Status Change',
		description: 'An order changed status (paid, shipped, delivered, cancelled…)',
	},
	{
		name: 'REVERSE_STATUS_UPDATE',
		type: 2,
		displayName: 'Return or Cancellation Update (Legacy)',
		description:
			'Older combined after-sales event (REVERSE_STATUS_UPDATE); prefer Return Status Change and Cancellation Status Change',
	},
	{
		name: 'RECIPIENT_ADDRESS_UPDATE',
		type: 3,
		displayName: 'Shipping Address Change',
		description: "The buyer changed an order's shipping address",
	},
	{
		name: 'PACKAGE_UPDATE',
		type: 4,
		displayName: 'Package Update',
		description: 'Packages were combined, split or changed',
	},
	{
		name: 'PRODUCT_STATUS_CHANGE',
		type: 5,
		displayName: 'Product Status Change',
		description: 'A product passed review, failed review or changed status',
	},
	{
		name: 'SELLER_DEAUTHORIZATION',
		type: 6,
		displayName: 'App Deauthorized',
		description: 'The shop removed the app: authorize it again to keep working',
		appLevel: true,
	},
	{
		name: 'UPCOMING_AUTHORIZATION_EXPIRATION',
		type: 7,
		displayName: 'Authorization Expiring Soon',
		description: "The seller's authorization ends within 30 days (sent daily until renewed)",
		appLevel: true,
	},
	{
		name: 'CANCELLATION_STATUS_CHANGE',
		type: 11,
		displayName: 'Cancellation Status Change',
		description: 'A cancellation request was created, approved, rejected or completed',
	},
	{
		name: 'RETURN_STATUS_CHANGE',
		type: 12,
		displayName: 'Return Status Change',
		description: 'A return or refund request was created or changed status',
	},
	{
		name: 'NEW_CONVERSATION',
		type: 13,
		displayName: 'New Conversation',
		description: 'A buyer started a customer service conversation',
	},
	{ name: 'NEW_MESSAGE', type: 14, displayName: 'New Message', description: 'A new customer service message arrived' },
	{
		name: 'PRODUCT_INFORMATION_CHANGE',
		type: 15,
		displayName: 'Product Information Change',
		description: "A product's information changed",
	},
	{ name: 'PRODUCT_CREATION', type: 16, displayName: 'Product Created', description: 'A product was created' },
	{
		name: 'PRODUCT_CATEGORY_CHANGE',
		type: 18,
		displayName: 'Product Category Change',
		description: "A product's category changed",
	},
	{
		name: 'NEW_MESSAGE_LISTENER',
		type: 33,
		displayName: 'New Affiliate Message',
		description: 'A creator or affiliate sent a message',
	},
	{
		name: 'INVOICE_STATUS_CHANGE',
		type: 36,
		displayName: 'Invoice Status Change',
		description: 'An invoice changed status',
	},
	{
		name: 'INVENTORY_STATUS_CHANGE',
		type: 27,
		displayName: 'Inventory Status Change',
		description: 'A SKU is low on stock, out of stock, or predicted to run out soon (Partner Center webhooks only)',
		partnerCenterOnly: true,
	},
	{
		name: 'PRODUCT_AUDIT_STATUS_CHANGE',
		type: 37,
		displayName: 'Product Audit Status Change',
		description: "A product's audit status changed",
	},
];

const EVENT_BY_NAME = new Map(WEBHOOK_EVENTS.map((event) => [event.name, event]));
const EVENT_BY_TYPE = new Map(WEBHOOK_EVENTS.map((event) => [event.type, event]));

export function eventByName(name: string): WebhookEventType | undefined {
	return EVENT_BY_NAME.get(name);
}

export function eventNameForType(type: number): string {
	return EVENT_BY_TYPE.get(type)?.name ?? `TYPE_${type}`;
}

/**
 * The numeric `type`s a delivery may have to start this workflow. Deliveries are matched on the body's numeric
 * `type` (the field every webhook page documents), never on a name.
 */
export function wantedTypes(eventNames: string[], extraTypes: number[] = []): Set<number> {
	const types = new Set<number>(extraTypes);
	for (const name of eventNames) {
		const event = EVENT_BY_NAME.get(name);
		if (event) types.add(event.type);
	}
	return types;
}

/** The events sellers build on most, listed first in the Events field and in n8n's node picker ("On order status change"). */
export const MOST_USED_EVENTS = [
	'ORDER_STATUS_CHANGE',
	'RETURN_STATUS_CHANGE',
	'CANCELLATION_STATUS_CHANGE',
	'INVENTORY_STATUS_CHANGE',
];

/**
 * The Events picker: names as sellers say them ("Order Status Change"); TikTok's numeric type, which the webhook
 * body and Partner Center show, goes in the description. Most-used events first, then the rest by name.
 */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	...MOST_USED_EVENTS.map((name) => WEBHOOK_EVENTS.find((event) => event.name === name) as WebhookEventType),
	...WEBHOOK_EVENTS.filter((event) => !MOST_USED_EVENTS.includes(event.name)).sort((a, b) =>
		a.displayName.localeCompare(b.displayName),
	),
].map((event) => ({
	name: event.displayName,
	value: event.name,
	description: `${event.description}. TikTok event type ${event.type}.`,
}));

/** Canvas subtitle of the trigger: the chosen events' names, not their codes. */
export function eventsSubtitle(): string {
	const names: Record<string, string> = {};
	for (const event of WEBHOOK_EVENTS) names[event.name] = event.displayName;
	// a flat object: "}}" inside the expression would end it early
	return `={{ ($parameter["events"] || []).map((name) => (${JSON.stringify(names)})[name] || name).join(", ") }}`;
}

/** Return statuses as the return search API spells them. */
export const RETURN_STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Awaiting Buyer Response', value: 'AWAITING_BUYER_RESPONSE' },
	{ name: 'Awaiting Buyer Shipment', value: 'AWAITING_BUYER_SHIP' },
	{ name: 'Buyer Shipped Item', value: 'BUYER_SHIPPED_ITEM' },
	{ name: 'Package Receipt Rejected', value: 'REJECT_RECEIVE_PACKAGE' },
	{ name: 'Replacement Cancelled', value: 'REPLACEMENT_REQUEST_CANCEL' },
	{ name: 'Replacement Completed', value: 'REPLACEMENT_REQUEST_COMPLETE' },
	{ name: 'Replacement Pending', value: 'REPLACEMENT_REQUEST_PENDING' },
	{ name: 'Replacement Refunded', value: 'REPLACEMENT_REQUEST_REFUND_SUCCESS' },
	{ name: 'Replacement Rejected', value: 'REPLACEMENT_REQUEST_REJECT' },
	{ name: 'Return or Refund Approved', value: 'RETURN_OR_REFUND_REQUEST_SUCCESS' },
	{ name: 'Return or Refund Cancelled', value: 'RETURN_OR_REFUND_REQUEST_CANCEL' },
	{ name: 'Return or Refund Completed', value: 'RETURN_OR_REFUND_REQUEST_COMPLETE' },
	{ name: 'Return or Refund Pending', value: 'RETURN_OR_REFUND_REQUEST_PENDING' },
	{ name: 'Return or Refund Rejected', value: 'REFUND_OR_RETURN_REQUEST_REJECT' },
];

/**
 * Inventory alerts (type 27, https://partner.tiktokshop.com/docv2/page/inventory-status-change): TikTok sends
 * `current_inventory_status` LOW_STOCK or OUT_OF_STOCK when stock drops (`trigger_reason.alert_type` REALTIME),
 * and a forecast (`alert_type` PREDICTION, `lead_days` until sold out). The trigger names the three cases in `alert`.
 */
export const INVENTORY_ALERT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Low Stock', value: 'LOW_STOCK', description: 'Available stock fell to the low-stock threshold' },
	{ name: 'Out of Stock', value: 'OUT_OF_STOCK', description: 'No available stock left' },
	{
		name: 'Predicted Out of Stock',
		value: 'PREDICTED_OUT_OF_STOCK',
		description: 'TikTok expects the SKU to sell out within lead_days days',
	},
];

export function inventoryAlert(data: IDataObject): string {
	const reason = (data.trigger_reason ?? {}) as IDataObject;
	if (reason.alert_type === 'PREDICTION') return 'PREDICTED_OUT_OF_STOCK';
	return String(data.current_inventory_status ?? '');
}

/** Cancellation statuses as the webhook and the cancellation search response spell them. */
export const CANCELLATION_STATUS_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Cancellation Cancelled', value: 'CANCELLATION_REQUEST_CANCELLED' },
	{ name: 'Cancellation Completed', value: 'CANCELLATION_REQUEST_COMPLETE' },
	{ name: 'Cancellation Pending', value: 'CANCELLATION_REQUEST_PENDING' },
	{ name: 'Cancellation Approved', value: 'CANCELLATION_REQUEST_SUCCESS' },
].sort((a, b) => a.name.localeCompare(b.name));

/**
 * Spellings the webhooks use that differ from the API. TikTok's order webhook says CANCEL where the order API
 * says CANCELLED (https://partner.tiktokshop.com/docv2/page/650300b8a57708028b430b4a); the return webhook's
 * trigger table spells the cancelled status RETURN_OR_REFUND__REQUEST_CANCELLED while the enum says _CANCEL.
 */
const ORDER_STATUS_ALIASES: Record<string, string> = { CANCEL: 'CANCELLED' };
const RETURN_STATUS_ALIASES: Record<string, string> = {
	RETURN_OR_REFUND__REQUEST_CANCELLED: 'RETURN_OR_REFUND_REQUEST_CANCEL',
	RETURN_OR_REFUND_REQUEST_CANCELLED: 'RETURN_OR_REFUND_REQUEST_CANCEL',
};
const CANCELLATION_STATUS_ALIASES: Record<string, string> = {
	CANCELLATION_REQUEST_CANCEL: 'CANCELLATION_REQUEST_CANCELLED',
};

function normalizeField(data: IDataObject, field: string, aliases: Record<string, string>): void {
	const raw = data[field];
	if (typeof raw !== 'string') return;
	data[`${field}_raw`] = raw;
	data[field] = aliases[raw] ?? raw;
}

/**
 * Copies the event's `data` with statuses in the API's spelling, so the same IF/Switch conditions work for
 * webhook events, the order trigger and the TikTok Shop node. The webhook's own value stays in `<field>_raw`.
 */
export function normalizeEventData(type: number, data: IDataObject): IDataObject {
	const normalized: IDataObject = { ...data };
	if (type === 1) normalizeField(normalized, 'order_status', ORDER_STATUS_ALIASES);
	if (type === 11) normalizeField(normalized, 'cancel_status', CANCELLATION_STATUS_ALIASES);
	if (type === 12) normalizeField(normalized, 'return_status', RETURN_STATUS_ALIASES);
	if (type === 27) normalized.alert = inventoryAlert(normalized);
	return normalized;
}

/** Which status field a status filter applies to, per event. */
export const STATUS_FILTERS: Record<number, { field: string; parameter: string }> = {
	1: { field: 'order_status', parameter: 'orderStatuses' },
	11: { field: 'cancel_status', parameter: 'cancellationStatuses' },
	12: { field: 'return_status', parameter: 'returnStatuses' },
	27: { field: 'alert', parameter: 'inventoryAlerts' },
};
