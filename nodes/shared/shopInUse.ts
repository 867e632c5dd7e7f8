import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';

import { getAuthorizedShops, type AuthorizedShop } from './transport/shops';
import type { TikTokContext } from './transport/request';

type ShopContext = TikTokContext & { getCredentials: (type: string) => Promise<Record<string, unknown>> };

/** `“Kitchen Goods US” (US, shop ID 7494…)`: how errors and the Shop list name a shop. */
export function shopLabel(shop: Pick<AuthorizedShop, 'name' | 'region' | 'id'>): string {
	return `“${shop.name}” (${shop.region}, shop ID ${shop.id})`;
}

/**
 * The shop an empty Shop field stands for, by the same rule the node applies when it calls TikTok (see
 * transport/shops.ts): the credential's Shop Cipher if it has one, otherwise the credential's only shop.
 * Undefined when no single shop follows from that (several shops and no Shop Cipher, or a cipher the credential
 * is not authorized for).
 */
export function defaultShop(shops: AuthorizedShop[], credentialShopCipher: unknown): AuthorizedShop | undefined {
	const cipher = String(credentialShopCipher ?? '').trim();
	if (cipher) return shops.find((shop) => shop.cipher === cipher);
	return shops.length === 1 ? shops[0] : undefined;
}

/** The shop one item's Shop field points at (by cipher or ID), or the default shop when the field is empty. */
export function shopForLocator(
	shops: AuthorizedShop[],
	locator: INodeParameterResourceLocator | string | undefined,
	credentialShopCipher: unknown,
): { shop?: AuthorizedShop; empty: boolean } {
	const mode = typeof locator === 'object' && locator ? locator.mode : 'cipher';
	const value = String((typeof locator === 'object' && locator ? locator.value : locator) ?? '').trim();
	if (!value) return { shop: defaultShop(shops, credentialShopCipher), empty: true };
	return { shop: shops.find((shop) => (mode === 'id' ? shop.id === value : shop.cipher === value)), empty: false };
}

/**
 * Errors say "this shop" or "the shop selected in the node's Shop field": put the shop's name there, so a seller
 * with several shops sees which one was asked (and that an empty Shop field meant the credential's shop).
 */
export function nameShopIn(text: string, shop: AuthorizedShop, empty: boolean): string {
	const label = shopLabel(shop);
	const selected = empty ? `${label}, the credential's shop (the node's Shop field is empty)` : label;
	return text
		.replace(/the shop selected in the node's Shop field/g, `the shop ${selected}`)
		.replace(/the shop selected in the node/g, `the shop ${selected}`)
		.replace(/\bin this shop\b/g, `in the shop ${label}`)
		.replace(/\bthis shop\b/g, `the shop ${label}`);
}

/** Whether an error text speaks of the shop without naming it. */
export function mentionsUnnamedShop(text: unknown): boolean {
	return typeof text === 'string' && /this shop|the shop selected in the node/.test(text);
}

/** Authorized shops and the credential's Shop Cipher, or undefined when TikTok cannot be asked right now. */
export async function shopsAndCredentialCipher(
	context: ShopContext,
): Promise<{ shops: AuthorizedShop[]; cipher: unknown } | undefined> {
	try {
		const credentials = await context.getCredentials('tikTokShopApi');
		return { shops: await getAuthorizedShops.call(context), cipher: credentials.shopCipher };
	} catch {
		// naming the shop is a courtesy: the original error stays as it was
		return undefined;
	}
}

/** Rewrites `error` / `details` of an error item's JSON in place. */
export function nameShopInErrorJson(json: IDataObject, shop: AuthorizedShop, empty: boolean): void {
	for (const key of ['error', 'details']) {
		if (mentionsUnnamedShop(json[key])) json[key] = nameShopIn(json[key] as string, shop, empty);
	}
}

function locatorOf(context: IExecuteFunctions, itemIndex: number): INodeParameterResourceLocator | undefined {
	try {
		return context.getNodeParameter('shop', itemIndex, { mode: 'list', value: '' }) as INodeParameterResourceLocator;
	} catch {
		// resources without a Shop field (Shop › Get Many) have nothing to name
		return undefined;
	}
}

/**
 * Names the shop in the error items of a run (only when some error speaks of "this shop"; one call to TikTok's
 * authorized-shops list per run, none when nothing failed).
 */
export async function nameShopInErrorItems(
	context: IExecuteFunctions,
	output: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const unnamed = output.filter(
		(item) => mentionsUnnamedShop(item.json.error) || mentionsUnnamedShop(item.json.details),
	);
	if (unnamed.length === 0) return output;
	const known = await shopsAndCredentialCipher(context);
	if (!known) return output;
	for (const item of unnamed) {
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		const itemIndex = typeof paired === 'object' && paired ? paired.item : 0;
		const locator = locatorOf(context, itemIndex);
		if (!locator) continue;
		const { shop, empty } = shopForLocator(known.shops, locator, known.cipher);
		if (shop) nameShopInErrorJson(item.json, shop, empty);
	}
	return output;
}

/** The same for an error that stops the node. */
export async function nameShopInError(context: IExecuteFunctions, error: unknown): Promise<unknown> {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	if (!mentionsUnnamedShop(error.message) && !mentionsUnnamedShop(error.description)) return error;
	const itemIndex = typeof error.context.itemIndex === 'number' ? error.context.itemIndex : 0;
	const locator = locatorOf(context, itemIndex);
	const known = locator ? await shopsAndCredentialCipher(context) : undefined;
	if (!known) return error;
	const { shop, empty } = shopForLocator(known.shops, locator, known.cipher);
	if (!shop) return error;
	if (mentionsUnnamedShop(error.message)) error.message = nameShopIn(error.message, shop, empty);
	if (mentionsUnnamedShop(error.description)) error.description = nameShopIn(error.description as string, shop, empty);
	return error;
}
