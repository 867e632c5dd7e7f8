import type { IDataObject, INodeParameterResourceLocator, IPollFunctions } from 'n8n-workflow';

import { shopForLocator, shopsAndCredentialCipher } from '../shared/shopInUse';
import type { OrderEvent } from './cursor';

/**
 * The item both TikTok Shop triggers emit, one per event (docs/triggers/tiktok-shop-trigger.md, Output):
 * `{ event, type, shop_id, notification_id, timestamp, time, data, order | return | inventory }` in TikTok's
 * snake_case. `data` holds the event's own fields; the full object, when there is one, sits under its name, so
 * `{{ $json.order.status }}` reads the same after the webhook trigger (with Fetch Full Object) and the order trigger.
 */
export function orderTriggerItem(
	event: 'NEW_ORDER' | 'NEW_OR_UPDATED_ORDER',
	order: IDataObject,
	shopId: string | null,
): IDataObject {
	const field = event === 'NEW_ORDER' ? 'create_time' : 'update_time';
	const timestamp = typeof order[field] === 'number' ? (order[field] as number) : null;
	return {
		event,
		// the polling trigger has no TikTok webhook type or notification
		type: null,
		shop_id: shopId,
		notification_id: null,
		timestamp,
		time: timestamp === null ? null : new Date(timestamp * 1000).toISOString(),
		data: {
			order_id: String(order.id ?? ''),
			order_status: order.status ?? null,
			create_time: order.create_time ?? null,
			update_time: order.update_time ?? null,
		},
		order,
	};
}

/** The items one poll emits for `orders` (the order trigger's event names are NEW_ORDER and NEW_OR_UPDATED_ORDER). */
export function orderTriggerItems(event: OrderEvent, orders: IDataObject[], shopId: string | null): IDataObject[] {
	const name = event === 'newOrder' ? 'NEW_ORDER' : 'NEW_OR_UPDATED_ORDER';
	return orders.map((order) => orderTriggerItem(name, order, shopId));
}

/** The ID of the shop a poll read (by the Shop field, or the credential's shop); null when TikTok cannot say. */
export async function polledShopId(
	context: IPollFunctions,
	locator: INodeParameterResourceLocator | undefined,
): Promise<string | null> {
	const known = await shopsAndCredentialCipher(context);
	if (!known) return null;
	return shopForLocator(known.shops, locator, known.cipher).shop?.id ?? null;
}
