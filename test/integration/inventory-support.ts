/**
 * Shared setup for the product, inventory, fulfillment and return integration tests (and the stock benchmark):
 * the in-process emulator plus the n8n-core harness running the real TikTok Shop node with the real credential.
 */
import type { EmulatorOptions } from '../../emulator';
import type { Product, Shop, Sku } from '../../emulator/types';
import { resetThrottle } from '../../nodes/shared/transport/throttle';
import { startOrderTestBed, type OrderTestBed } from './order-support';

export { credentialData, json, paired } from './order-support';

export interface TestBed extends OrderTestBed {
	/** The emulator's first (US) shop, whose cipher is `cipher`. */
	shop: Shop;
}

export async function startTestBed(options: EmulatorOptions = {}): Promise<TestBed> {
	resetThrottle();
	const bed = await startOrderTestBed({ seed: 'stock-it', orders: 300, ...options });
	return { ...bed, shop: bed.emu.state.shops[0] };
}

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
