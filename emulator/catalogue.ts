/**
 * A big catalogue on demand (admin API `POST /__emulator/products`): the generated world has 320 products in its
 * first shop, bulk stock tests need thousands. Stock and seller SKUs are deterministic.
 */
import { ControlError } from './control';
import { renderSkuInventory } from './handlers/products';
import type { World } from './state';
import type { Product, Shop, Sku } from './types';

export interface AddProductsInput {
	shop_id?: string;
	count?: number;
	skus_per_product?: number;
	/** Every Nth SKU is stocked in both sales warehouses (0: none); the others alternate between them. */
	two_warehouse_every?: number;
	/** Seller SKUs are `<prefix>-<product number>-<sku number>`. */
	seller_sku_prefix?: string;
}

function integerIn(value: unknown, fallback: number, min: number, max: number, name: string): number {
	const n = value === undefined || value === null ? fallback : Number(value);
	if (!Number.isInteger(n) || n < min || n > max) throw new ControlError(`${name} must be an integer ${min}..${max}`);
	return n;
}

function newSku(world: World, product: Product, name: string, n: number, warehouseIds: string[]): Sku {
	return {
		id: world.newId('17294'),
		productId: product.id,
		product,
		seller_sku: name,
		name: `Variant ${product.skus.length + 1}`,
		color: 'Black',
		size: '',
		priceCents: 1999,
		warehouseIds,
		stock: warehouseIds.map((_, i) => (n * 37 + i * 11) % 500),
		committed: warehouseIds.map(() => 0),
	};
}

/** Adds live products with their SKUs to a shop (default: the first) and returns them with their stock. */
export function addProducts(world: World, input: AddProductsInput = {}) {
	const shop: Shop | undefined = input.shop_id
		? (world.shopById.get(String(input.shop_id)) ?? world.shopByCipher.get(String(input.shop_id)))
		: world.shops[0];
	if (!shop) throw new ControlError(`unknown shop ${input.shop_id}`, 404);
	const count = integerIn(input.count, 1, 1, 20000, 'count');
	const perProduct = integerIn(input.skus_per_product, 1, 1, 100, 'skus_per_product');
	const every = integerIn(input.two_warehouse_every, 5, 0, 1000000, 'two_warehouse_every');
	const sales = shop.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE').map((w) => w.id);
	const prefix = String(input.seller_sku_prefix ?? `BULK${shop.products.length}`);
	const now = world.now();
	const added: Product[] = [];
	let n = 0;
	for (let p = 0; p < count; p++) {
		const product: Product = {
			id: world.newId('17293'),
			shopId: shop.id,
			title: `Bulk Product ${p + 1}`,
			description: '<p>Bulk product</p>',
			status: 'ACTIVATE',
			category: { id: '601226', name: 'T-shirts', parentId: '601152', parentName: "Men's Tops" },
			brand: { id: world.newId('72015'), name: 'Bulk' },
			imageUri: 'tos-maliva-i-o3syd03w52-us/bulk',
			create_time: now - 86400,
			update_time: now - 3600,
			skus: [],
			weightGrams: 300,
		};
		for (let s = 0; s < perProduct; s++, n++) {
			const both = sales.length > 1 && every > 0 && n % every === every - 1;
			const sellerSku = `${prefix}-${String(p + 1).padStart(5, '0')}-${s + 1}`;
			const sku = newSku(world, product, sellerSku, n, both ? [...sales] : [sales[n % sales.length]]);
			product.skus.push(sku);
			world.skuById.set(sku.id, sku);
		}
		shop.products.push(product);
		world.productById.set(product.id, product);
		added.push(product);
	}
	world.touch();
	return {
		shop_id: shop.id,
		products: added.map((p) => ({ product_id: p.id, status: p.status, skus: p.skus.map(renderSkuInventory) })),
	};
}
