import { NodeOperationError, type IDataObject, type IWebhookFunctions } from 'n8n-workflow';

import { tikTokApiRequest } from '../shared/transport/request';
import { getAuthorizedShops } from '../shared/transport/shops';
import { ENDPOINTS } from '../shared/endpoints';

/** Events whose `data` names an order (1, 3, 11), a return (12) or a SKU (27) that "Fetch Full Object" can load. */
export function supportsFullObject(type: number, data: IDataObject): boolean {
	if (type === 12) return typeof data.return_id === 'string' && data.return_id !== '';
	if (type === 27) return typeof data.sku_id === 'string' && data.sku_id !== '';
	if (type === 1 || type === 3 || type === 11) return typeof data.order_id === 'string' && data.order_id !== '';
	return false;
}

/** The webhook names the shop by ID; API calls need its cipher. Cached in static data: ciphers do not change. */
async function cipherForShop(this: IWebhookFunctions, shopId: string): Promise<string> {
	const staticData = this.getWorkflowStaticData('node');
	const cache = (staticData.shopCiphers ?? {}) as IDataObject;
	if (typeof cache[shopId] === 'string') return cache[shopId] as string;
	const shops = await getAuthorizedShops.call(this);
	const shop = shops.find((candidate) => candidate.id === shopId);
	if (!shop) {
		throw new NodeOperationError(
			this.getNode(),
			`This credential is not authorized for shop ${shopId}, which sent the event`,
			{
				description:
					'Authorize the app for that shop and paste the new auth code into the credential, or use a credential of that shop.',
			},
		);
	}
	staticData.shopCiphers = { ...cache, [shopId]: shop.cipher };
	return shop.cipher;
}

/**
 * Adds `order` (order detail, https://partner.tiktokshop.com/docv2/page/get-order-detail-202507) or `return`
 * (return search by ID) to the output item. Runs after TikTok already got its 200, so a failure cannot make TikTok
 * retry: it is reported on the item as `fetch_error` instead, and the event itself is never lost.
 */
export async function fetchFullObject(
	this: IWebhookFunctions,
	type: number,
	item: IDataObject,
	data: IDataObject,
): Promise<void> {
	const field = type === 12 ? 'return' : type === 27 ? 'inventory' : 'order';
	try {
		const shopCipher = await cipherForShop.call(this, String(item.shop_id ?? ''));
		if (type === 27) {
			// The SKU's stock now, per warehouse: https://partner.tiktokshop.com/docv2/page/inventory-search-202309
			const skuId = String(data.sku_id);
			const result = (await tikTokApiRequest(this, {
				method: 'POST',
				path: ENDPOINTS.inventorySearch,
				shopCipher,
				body: { sku_ids: [skuId] },
			})) as IDataObject;
			const product = ((result.inventory as IDataObject[] | undefined) ?? [])[0];
			const sku = ((product?.skus as IDataObject[] | undefined) ?? []).find(
				(candidate) => String(candidate.id) === skuId,
			);
			item.inventory = sku ? { product_id: String(product.product_id ?? ''), ...sku } : null;
		} else if (type === 12) {
			const result = (await tikTokApiRequest(this, {
				method: 'POST',
				path: ENDPOINTS.returnSearch,
				shopCipher,
				// the endpoint documents page_size 10–50
				qs: { page_size: 10 },
				body: { return_ids: [String(data.return_id)] },
			})) as IDataObject;
			item.return = ((result.return_orders as IDataObject[] | undefined) ?? [])[0] ?? null;
		} else {
			const result = (await tikTokApiRequest(this, {
				method: 'GET',
				path: ENDPOINTS.orderDetail,
				shopCipher,
				qs: { ids: String(data.order_id) },
			})) as IDataObject;
			item.order = ((result.orders as IDataObject[] | undefined) ?? [])[0] ?? null;
		}
		if (item[field] === null) {
			item.fetch_error = {
				message: `TikTok Shop returned no ${field} with this ID`,
				description: 'The event was delivered anyway; look the ID up again later.',
			};
		}
	} catch (error) {
		const described = error as Error & { description?: string };
		item[field] = null;
		item.fetch_error = {
			message: described.message,
			...(described.description ? { description: described.description } : {}),
		};
	}
}
