import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { defaultShop } from '../shopInUse';
import { getAuthorizedShops } from '../transport/shops';

/** Marks, in the Shop list, the shop an empty Shop field stands for. */
export const USED_WHEN_EMPTY = 'used when Shop is empty';

/**
 * Shop picker: authorized shops by name and region; the value is the shop cipher. The shop the node uses when the
 * field stays empty (the credential's Shop Cipher, or its only shop) comes first and says so.
 */
export async function searchShops(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const shops = await getAuthorizedShops.call(this);
	const credentials = await this.getCredentials('tikTokShopApi');
	const fallback = defaultShop(shops, credentials.shopCipher);
	const needle = (filter ?? '').toLowerCase();
	return {
		results: [...shops]
			.sort((a, b) => Number(b === fallback) - Number(a === fallback))
			.filter((shop) => !needle || `${shop.name} ${shop.region} ${shop.id}`.toLowerCase().includes(needle))
			.map((shop) => ({
				name: `${shop.name} (${shop.region})${shop === fallback ? ` · ${USED_WHEN_EMPTY}` : ''}`,
				value: shop.cipher,
			})),
	};
}
