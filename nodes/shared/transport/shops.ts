import { NodeOperationError, type INodeParameterResourceLocator } from 'n8n-workflow';

import { tikTokApiRequest, type TikTokContext } from './request';
import { ENDPOINTS } from '../endpoints';

/** A shop the seller authorized this app for: https://partner.tiktokshop.com/docv2/page/get-authorized-shops-202309 */
export interface AuthorizedShop {
	id: string;
	name: string;
	region: string;
	seller_type?: string;
	cipher: string;
	code?: string;
}

const shopsByContext = new WeakMap<object, Promise<AuthorizedShop[]>>();

/** Authorized shops, fetched once per node run. */
export async function getAuthorizedShops(this: TikTokContext): Promise<AuthorizedShop[]> {
	let pending = shopsByContext.get(this);
	if (!pending) {
		pending = tikTokApiRequest<{ shops?: AuthorizedShop[] }>(this, {
			method: 'GET',
			path: ENDPOINTS.shopList,
		}).then((data) => data.shops ?? []);
		pending.catch(() => shopsByContext.delete(this));
		shopsByContext.set(this, pending);
	}
	return await pending;
}

function describeShops(shops: AuthorizedShop[]): string {
	return shops.map((shop) => `${shop.name} (${shop.region}, ID ${shop.id})`).join(', ');
}

/**
 * Turns the node's Shop field into a shop cipher. Empty field: the credential's own Shop Cipher if it has one
 * (the credential adds it), otherwise the only authorized shop; with several shops the user must choose.
 */
export async function resolveShopCipher(
	this: TikTokContext & { getCredentials: (type: string) => Promise<Record<string, unknown>> },
	locator: INodeParameterResourceLocator | string | undefined,
	itemIndex?: number,
): Promise<string | undefined> {
	const mode = typeof locator === 'object' && locator ? locator.mode : 'cipher';
	const value = String((typeof locator === 'object' && locator ? locator.value : locator) ?? '').trim();
	if (value) {
		if (mode !== 'id') return value;
		const shops = await getAuthorizedShops.call(this);
		const shop = shops.find((candidate) => candidate.id === value);
		if (!shop) {
			throw new NodeOperationError(
				this.getNode(),
				`Shop ID ${value} is not one of the shops this credential is authorized for`,
				{
					description: `Authorized shops: ${describeShops(shops) || 'none'}.`,
					itemIndex,
				},
			);
		}
		return shop.cipher;
	}
	const credentials = await this.getCredentials('tikTokShopApi');
	if (String(credentials.shopCipher ?? '').trim()) return undefined;
	const shops = await getAuthorizedShops.call(this);
	if (shops.length === 1) return shops[0].cipher;
	throw new NodeOperationError(
		this.getNode(),
		shops.length === 0
			? 'This credential is not authorized for any shop'
			: `Choose a shop: this credential covers ${shops.length} shops`,
		{
			description:
				shops.length === 0
					? "Authorize the app for the seller's shop and paste the new auth code into the credential."
					: `Pick one in the Shop field, or set a Shop Cipher in the credential. Authorized shops: ${describeShops(shops)}.`,
			itemIndex,
		},
	);
}
