/**
 * The stock-sync scenario the stock benchmarks share (bench/stock-update.ts, bench/stock-queue.ts): 2,000 products
 * added to a shop of the emulator's in-memory state, and one input item per SKU with the quantity to set.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { RunningEmulator } from '../emulator';
import type { Product, Shop, Sku } from '../emulator/types';

/** Deterministic pseudo-random numbers so both runs and every rerun ask for the same quantities. */
export function rng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Adds `count` live products with `skus` SKUs each to the shop, the way the emulator's own catalogue is shaped. */
export function addCatalogue(emu: RunningEmulator, shop: Shop, count: number, skus: number): Product[] {
	const world = emu.state;
	const random = rng(42);
	const sales = shop.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE').map((w) => w.id);
	const now = world.now();
	const added: Product[] = [];
	for (let p = 0; p < count; p++) {
		const product: Product = {
			id: world.newId('17293'),
			shopId: shop.id,
			title: `Bench Product ${p + 1}`,
			description: '<p>Benchmark product</p>',
			status: 'ACTIVATE',
			category: { id: '601226', name: 'T-shirts', parentId: '601152', parentName: "Men's Tops" },
			brand: { id: world.newId('72015'), name: 'Bench' },
			imageUri: 'tos-maliva-i-o3syd03w52-us/bench',
			create_time: now - 86400,
			update_time: now - 3600,
			skus: [],
			weightGrams: 300,
		};
		for (let s = 0; s < skus; s++) {
			const warehouseIds =
				sales.length > 1 && random() < 0.2 ? [...sales] : [sales[Math.floor(random() * sales.length)]];
			const sku: Sku = {
				id: world.newId('17294'),
				productId: product.id,
				product,
				seller_sku: `BENCH-${String(p + 1).padStart(5, '0')}-${s + 1}`,
				name: `Variant ${s + 1}`,
				color: 'Black',
				size: '',
				priceCents: 1999,
				warehouseIds,
				stock: warehouseIds.map(() => Math.floor(random() * 500)),
				committed: warehouseIds.map(() => 0),
			};
			product.skus.push(sku);
			world.skuById.set(sku.id, sku);
		}
		shop.products.push(product);
		world.productById.set(product.id, product);
		added.push(product);
	}
	world.touch();
	return added;
}

export interface Expected {
	sku: Sku;
	warehouseId: string;
	quantity: number;
	/** Warehouses of the SKU no item names, and the stock they must keep. */
	keep: Array<[string, number]>;
}

/** One input item per SKU; a SKU in two warehouses gets its quantity for one of them only. */
export function plan(products: Product[], seed: number): { items: INodeExecutionData[]; expected: Expected[] } {
	const random = rng(seed);
	const items: INodeExecutionData[] = [];
	const expected: Expected[] = [];
	for (const product of products) {
		for (const sku of product.skus) {
			const index = Math.floor(random() * sku.warehouseIds.length);
			const warehouseId = sku.warehouseIds[index];
			let quantity = 1 + Math.floor(random() * 99998);
			if (quantity === sku.stock[index]) quantity++;
			const keep = sku.warehouseIds
				.map((w, i) => [w, sku.stock[i]] as [string, number])
				.filter(([w]) => w !== warehouseId);
			items.push({
				json: {
					productId: product.id,
					skuId: sku.id,
					warehouseId: sku.warehouseIds.length > 1 ? warehouseId : '',
					quantity,
				},
			});
			expected.push({ sku, warehouseId, quantity, keep });
		}
	}
	return { items, expected };
}

/** SKUs whose stock in the emulator is not what the plan asked, and untouched warehouses whose stock changed. */
export function verify(expected: Expected[]): { lost: number; wrongKept: number } {
	let lost = 0;
	let wrongKept = 0;
	for (const e of expected) {
		if (e.sku.stock[e.sku.warehouseIds.indexOf(e.warehouseId)] !== e.quantity) lost++;
		for (const [w, q] of e.keep) if (e.sku.stock[e.sku.warehouseIds.indexOf(w)] !== q) wrongKept++;
	}
	return { lost, wrongKept };
}
