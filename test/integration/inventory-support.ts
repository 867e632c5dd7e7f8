/**
 * Shared setup for the product, inventory, fulfillment and return integration tests (and the stock benchmark):
 * the in-process emulator plus the n8n-core harness running the real TikTok Shop node with the real credential.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, type EmulatorOptions, type RecordedRequest, type RunningEmulator } from '../../emulator';
import type { Product, Shop, Sku } from '../../emulator/types';
import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { resetThrottle } from '../../nodes/TikTokShop/transport/throttle';
import { createHarness, type Harness, type RunNodeOptions, type RunNodeResult } from '../harness';

export interface TestBed {
	emu: RunningEmulator;
	harness: Harness;
	/** The emulator's first (US) shop and its cipher. */
	shop: Shop;
	cipher: string;
	/** Runs the TikTok Shop node on that shop. */
	run(parameters: INodeParameters, options?: Partial<RunNodeOptions>): Promise<RunNodeResult>;
	/** API calls (not token calls) since the last `clearRequests()`, optionally under a path. */
	requests(pathPrefix?: string): RecordedRequest[];
	close(): Promise<void>;
}

export function credentialData(emu: RunningEmulator): ICredentialDataDecryptedObject {
	return {
		appKey: emu.appKey,
		appSecret: emu.appSecret,
		refreshToken: emu.refreshToken,
		accessToken: '',
		baseUrl: emu.baseUrl,
		authBaseUrl: emu.authBaseUrl,
	};
}

export async function startTestBed(options: EmulatorOptions = {}): Promise<TestBed> {
	resetThrottle();
	const emu = await startEmulator({ seed: 'stock-it', orders: 300, ...options });
	const harness = createHarness({
		nodeTypes: { tikTokShop: new TikTokShop() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: { tikTokShopApi: { id: 'cred-1', name: 'TikTok Shop account', data: credentialData(emu) } },
	});
	const cipher = emu.shops[0].cipher;
	return {
		emu,
		harness,
		shop: emu.state.shops[0],
		cipher,
		async run(parameters, options = {}) {
			return await harness.runNode({
				type: 'tikTokShop',
				...options,
				parameters: { shop: { __rl: true, mode: 'list', value: cipher }, ...parameters },
			});
		},
		requests(pathPrefix) {
			return emu.control.getRequests({ host: 'api', ...(pathPrefix ? { path_prefix: pathPrefix } : {}) });
		},
		async close() {
			await emu.close();
		},
	};
}

export const json = (items: INodeExecutionData[]): IDataObject[] => items.map((item) => item.json);
export const paired = (items: INodeExecutionData[]): number[] =>
	items.map((item) => (Array.isArray(item.pairedItem) ? -1 : typeof item.pairedItem === 'object' ? item.pairedItem.item : Number(item.pairedItem)));

/** Live products of a shop whose SKUs all have `warehouses` warehouses (1 or 2). */
export function liveProducts(shop: Shop, filter: (product: Product) => boolean = () => true): Product[] {
	return shop.products.filter((product) => product.status === 'ACTIVATE' && filter(product));
}

/** The emulator's current available stock of a SKU in a warehouse. */
export function stockOf(sku: Sku, warehouseId: string): number {
	const index = sku.warehouseIds.indexOf(warehouseId);
	if (index < 0) throw new Error(`SKU ${sku.id} has no warehouse ${warehouseId}`);
	return sku.stock[index];
}
