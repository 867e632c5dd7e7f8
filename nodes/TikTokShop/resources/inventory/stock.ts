/** The Inventory calls that read: current stock (Inventory Search) and seller SKU look-ups (Product Search). */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/endpoints';
import { BATCH_LIMITS, chunk, mapWithConcurrency } from '../../../shared/transport/batching';
import { tikTokApiRequestAllItems } from '../../../shared/transport/pagination';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { inventoryToSkus, stockByProduct } from './parse';
import type { CurrentStock } from './types';

/** Inventory Search calls in flight at once, per operation. */
export const READ_CONCURRENCY = 4;
/** Seller SKUs per product search when resolving them (TikTok documents no maximum; stay modest). */
const SELLER_SKUS_PER_SEARCH = 50;

/** One Inventory Search call (≤100 product IDs or ≤600 SKU IDs), as one row per SKU. */
export async function searchStock(
	context: IExecuteFunctions,
	shopCipher: string | undefined,
	body: { product_ids: string[] } | { sku_ids: string[] },
	itemIndex: number,
): Promise<IDataObject[]> {
	const data = await tikTokApiRequest<IDataObject>(context, {
		method: 'POST',
		path: ENDPOINTS.inventorySearch,
		body,
		shopCipher,
		itemIndex,
	});
	return inventoryToSkus(data.inventory as IDataObject[] | undefined);
}

/** Reads current stock by product ID (≤100 per call) for one shop. A failed call fails only its products. */
export async function readStock(
	context: IExecuteFunctions,
	shopCipher: string | undefined,
	productIds: string[],
	itemIndex: number,
): Promise<{ stock: CurrentStock; failed: Map<string, Error> }> {
	const stock: CurrentStock = new Map();
	const failed = new Map<string, Error>();
	await mapWithConcurrency(chunk(productIds, BATCH_LIMITS.inventoryProductIds), READ_CONCURRENCY, async (ids) => {
		try {
			const rows = await searchStock(context, shopCipher, { product_ids: ids }, itemIndex);
			for (const [productId, skus] of stockByProduct(rows)) stock.set(productId, skus);
		} catch (error) {
			for (const id of ids) failed.set(id, error as Error);
		}
	});
	return { stock, failed };
}

export interface SellerSkuMatch {
	productId: string;
	productStatus: string;
	skuId: string;
}

/** Finds the TikTok product and SKU IDs of seller SKUs through Product Search (exact, case-sensitive match). */
export async function resolveSellerSkus(
	context: IExecuteFunctions,
	shopCipher: string | undefined,
	sellerSkus: string[],
	itemIndex: number,
): Promise<Map<string, SellerSkuMatch[]>> {
	const matches = new Map<string, SellerSkuMatch[]>();
	const wanted = new Set(sellerSkus);
	for (const group of chunk(sellerSkus, SELLER_SKUS_PER_SEARCH)) {
		const products = await tikTokApiRequestAllItems<IDataObject>(
			context,
			{ method: 'POST', path: ENDPOINTS.productSearch, body: { seller_skus: group }, shopCipher, itemIndex },
			{ itemsKey: 'products', returnAll: true, maxPageSize: 100 },
		);
		for (const product of products) {
			for (const sku of (product.skus as IDataObject[] | undefined) ?? []) {
				const sellerSku = String(sku.seller_sku ?? '');
				if (!wanted.has(sellerSku)) continue;
				const list = matches.get(sellerSku) ?? [];
				if (!list.some((m) => m.skuId === String(sku.id))) {
					list.push({
						productId: String(product.id),
						productStatus: String(product.status ?? ''),
						skuId: String(sku.id),
					});
				}
				matches.set(sellerSku, list);
			}
		}
	}
	return matches;
}
