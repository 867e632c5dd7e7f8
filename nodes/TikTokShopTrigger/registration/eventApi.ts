import type { IDataObject, IHookFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { ENDPOINTS } from '../../shared/endpoints';
import { tikTokApiRequest } from '../../shared/transport/request';
import { resolveShopCipher } from '../../shared/transport/shops';

/**
 * Shop-level webhook subscriptions through TikTok's Event API: one address per event type and shop, PUT replaces,
 * DELETE takes `{event_type}` as a JSON body. https://partner.tiktokshop.com/docv2/page/update-shop-webhook-202309
 */

export async function shopCipherForHook(this: IHookFunctions): Promise<string> {
	const locator = this.getNodeParameter('shop', { mode: 'list', value: '' }) as INodeParameterResourceLocator;
	return (await resolveShopCipher.call(this, locator)) ?? '';
}

/** event type → address currently registered for the shop. */
export async function listShopWebhooks(this: IHookFunctions, shopCipher: string): Promise<Map<string, string>> {
	const data = (await tikTokApiRequest(this, {
		method: 'GET',
		path: ENDPOINTS.webhooks,
		shopCipher: shopCipher || undefined,
	})) as IDataObject;
	const registered = new Map<string, string>();
	for (const webhook of (data.webhooks as IDataObject[] | undefined) ?? []) {
		if (typeof webhook.event_type === 'string') registered.set(webhook.event_type, String(webhook.address ?? ''));
	}
	return registered;
}

export async function putShopWebhook(
	this: IHookFunctions,
	shopCipher: string,
	eventType: string,
	address: string,
): Promise<void> {
	await tikTokApiRequest(this, {
		method: 'PUT',
		path: ENDPOINTS.webhooks,
		shopCipher: shopCipher || undefined,
		body: { address, event_type: eventType },
	});
}

export async function deleteShopWebhook(this: IHookFunctions, shopCipher: string, eventType: string): Promise<void> {
	await tikTokApiRequest(this, {
		method: 'DELETE',
		path: ENDPOINTS.webhooks,
		shopCipher: shopCipher || undefined,
		body: { event_type: eventType },
	});
}
