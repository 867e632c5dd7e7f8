import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getAuthorizedShops } from '../transport/shops';

/** Shop picker: authorized shops by name and region; the value is the shop cipher. */
export async function searchShops(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const shops = await getAuthorizedShops.call(this);
	const needle = (filter ?? '').toLowerCase();
	return {
		results: shops
			.filter((shop) => !needle || `${shop.name} ${shop.region} ${shop.id}`.toLowerCase().includes(needle))
			.map((shop) => ({ name: `${shop.name} (${shop.region})`, value: shop.cipher })),
	};
}
