/**
 * Deterministic world generation from the seed: 2 shops, warehouses, delivery options, products/SKUs/stock,
 * orders over ~6 months, returns and cancellations. Orders are compact records; the full TikTok order
 * object is rendered on demand (see handlers/orders.ts), so generation stays O(n) and cheap.
 */
import { alnum, int, mulberry32, pick, Rng, weighted, digits } from './prng';
import { World } from './state';
import type {
	CancellationRec,
	DeliveryOption,
	LineItem,
	Order,
	OrderStatus,
	PackageRec,
	Product,
	ProductStatus,
	ReturnRec,
	ReturnStatus,
	ReturnType,
	Shop,
	ShippingProvider,
	Sku,
	Warehouse,
} from './types';

// global aliases (fast inside jest vm contexts, see prng.ts)
const M_ceil = Math.ceil;
const M_floor = Math.floor;
const M_imul = Math.imul;
const M_max = Math.max;
const M_min = Math.min;
const M_round = Math.round;
const S_ = String;

const DAY = 86400;
const HOUR = 3600;

// ---------------------------------------------------------------------------------------------------------
// Word lists

const BRANDS = [
	'Lumora',
	'Kestrel',
	'Nordhaven',
	'Brightleaf',
	'Velvetine',
	'Oakridge',
	'Pixelpine',
	'Sunmere',
	'Tidewell',
	'Corvanta',
];
const ADJECTIVES = [
	'Classic',
	'Ultra-Soft',
	'Everyday',
	'Premium',
	'Compact',
	'Organic',
	'Vintage',
	'Lightweight',
	'Waterproof',
	'Deluxe',
	'Essential',
	'Travel',
	'Pro',
	'Eco',
	'Cozy',
];
const CATEGORIES: Array<{
	id: string;
	name: string;
	parentId: string;
	parentName: string;
	nouns: string[];
	code: string;
}> = [
	{
		id: '601152',
		name: 'T-shirts',
		parentId: '601136',
		parentName: "Women's Tops",
		nouns: ['Crew Tee', 'V-Neck Tee', 'Cropped Tee'],
		code: 'TSH',
	},
	{
		id: '601226',
		name: 'Hoodies & Sweatshirts',
		parentId: '601136',
		parentName: "Women's Tops",
		nouns: ['Hoodie', 'Sweatshirt', 'Zip Hoodie'],
		code: 'HOD',
	},
	{
		id: '600154',
		name: 'Phone Cases',
		parentId: '600001',
		parentName: 'Phones & Electronics',
		nouns: ['Phone Case', 'MagSafe Case', 'Wallet Case'],
		code: 'PHC',
	},
	{
		id: '600163',
		name: 'Chargers',
		parentId: '600001',
		parentName: 'Phones & Electronics',
		nouns: ['USB-C Charger', 'Wireless Charger', 'Power Bank'],
		code: 'CHG',
	},
	{
		id: '848264',
		name: 'Skincare Sets',
		parentId: '601450',
		parentName: 'Beauty & Personal Care',
		nouns: ['Serum', 'Face Cream', 'Cleanser'],
		code: 'SKN',
	},
	{
		id: '848520',
		name: 'Lip Makeup',
		parentId: '601450',
		parentName: 'Beauty & Personal Care',
		nouns: ['Lip Gloss', 'Lip Tint', 'Lipstick'],
		code: 'LIP',
	},
	{
		id: '700437',
		name: 'Drinkware',
		parentId: '600024',
		parentName: 'Home Supplies',
		nouns: ['Tumbler', 'Water Bottle', 'Mug'],
		code: 'DRK',
	},
	{
		id: '700510',
		name: 'Candles',
		parentId: '600024',
		parentName: 'Home Supplies',
		nouns: ['Scented Candle', 'Soy Candle', 'Candle Set'],
		code: 'CND',
	},
	{
		id: '802760',
		name: 'Yoga Mats',
		parentId: '605196',
		parentName: 'Sports & Outdoor',
		nouns: ['Yoga Mat', 'Resistance Bands', 'Foam Roller'],
		code: 'YOG',
	},
	{
		id: '914320',
		name: 'Pet Toys',
		parentId: '602118',
		parentName: 'Pet Supplies',
		nouns: ['Chew Toy', 'Cat Teaser', 'Plush Toy'],
		code: 'PET',
	},
];
const COLORS: Array<[string, string]> = [
	['Black', 'BLK'],
	['White', 'WHT'],
	['Navy', 'NVY'],
	['Sage', 'SGE'],
	['Rose', 'RSE'],
	['Sand', 'SND'],
];
const SIZES = ['S', 'M', 'L', 'XL'];

const FIRST = [
	'James',
	'Olivia',
	'Liam',
	'Emma',
	'Noah',
	'Ava',
	'Sophia',
	'Mason',
	'Isabella',
	'Lucas',
	'Mia',
	'Ethan',
	'Amelia',
	'Harper',
	'Elijah',
	'Charlotte',
	'Aiden',
	'Zoe',
	'Grace',
	'Henry',
];
const LAST = [
	'Smith',
	'Johnson',
	'Brown',
	'Garcia',
	'Miller',
	'Davis',
	'Wilson',
	'Taylor',
	'Clark',
	'Lewis',
	'Walker',
	'Young',
	'King',
	'Wright',
	'Hughes',
	'Evans',
	'Patel',
	'Khan',
	'Murphy',
	'Reed',
];
const US_PLACES: Array<[string, string, string, string]> = [
	['Los Angeles', 'California', 'CA', '900'],
	['San Jose', 'California', 'CA', '951'],
	['Austin', 'Texas', 'TX', '787'],
	['Houston', 'Texas', 'TX', '770'],
	['Miami', 'Florida', 'FL', '331'],
	['Orlando', 'Florida', 'FL', '328'],
	['Brooklyn', 'New York', 'NY', '112'],
	['Seattle', 'Washington', 'WA', '981'],
	['Denver', 'Colorado', 'CO', '802'],
	['Chicago', 'Illinois', 'IL', '606'],
	['Atlanta', 'Georgia', 'GA', '303'],
	['Phoenix', 'Arizona', 'AZ', '850'],
];
const US_TAX_BP: Record<string, number> = {
	CA: 725,
	TX: 625,
	FL: 600,
	NY: 887,
	WA: 650,
	CO: 290,
	IL: 625,
	GA: 400,
	AZ: 560,
};
const GB_PLACES: Array<[string, string, string]> = [
	['London', 'Greater London', 'SW1A'],
	['Manchester', 'Greater Manchester', 'M1'],
	['Birmingham', 'West Midlands', 'B1'],
	['Leeds', 'West Yorkshire', 'LS1'],
	['Bristol', 'Bristol', 'BS1'],
	['Glasgow', 'Glasgow City', 'G1'],
	['Liverpool', 'Merseyside', 'L1'],
	['Cardiff', 'Cardiff', 'CF10'],
];
const STREETS = [
	'Maple Ave',
	'Oak St',
	'Cedar Ln',
	'Elm Rd',
	'Park Blvd',
	'Lake Dr',
	'Hill St',
	'Sunset Ave',
	'River Rd',
	'Highland Ave',
];
const GB_STREETS = [
	'High Street',
	'Station Road',
	'Church Lane',
	'Victoria Road',
	'Green Lane',
	'Manor Road',
	'Park Road',
	'Queens Road',
];

// ---------------------------------------------------------------------------------------------------------

export interface GenerateOptions {
	orders: number;
	now: number;
}

const STATUS_SHARES: ReadonlyArray<readonly [OrderStatus, number]> = [
	['UNPAID', 2],
	['ON_HOLD', 1],
	['AWAITING_SHIPMENT', 7],
	['PARTIALLY_SHIPPING', 1],
	['AWAITING_COLLECTION', 3],
	['IN_TRANSIT', 6],
	['DELIVERED', 8],
	['COMPLETED', 64],
	['CANCELLED', 8],
];

/** Age window (seconds before now) of an order's create_time by status. */
const AGE: Record<OrderStatus, [number, number]> = {
	UNPAID: [60, 6 * HOUR],
	ON_HOLD: [60, HOUR],
	AWAITING_SHIPMENT: [HOUR, 3 * DAY],
	PARTIALLY_SHIPPING: [DAY, 4 * DAY],
	AWAITING_COLLECTION: [DAY, 4 * DAY],
	IN_TRANSIT: [2 * DAY, 8 * DAY],
	DELIVERED: [4 * DAY, 15 * DAY],
	COMPLETED: [15 * DAY, 180 * DAY],
	CANCELLED: [HOUR, 180 * DAY],
};

const PRODUCT_STATUS_SHARES: ReadonlyArray<readonly [ProductStatus, number]> = [
	['ACTIVATE', 82],
	['DRAFT', 5],
	['PENDING', 3],
	['FAILED', 2],
	['SELLER_DEACTIVATED', 4],
	['PLATFORM_DEACTIVATED', 2],
	['FREEZE', 1],
	['DELETED', 1],
];

export function generateWorld(world: World, opts: GenerateOptions): void {
	const rng = world.rng;
	const now = opts.now;
	world.seller = { openId: `-${alnum(rng, 26)}`, name: `${pick(rng, BRANDS)} Trading`, baseRegion: 'US' };

	const providersUS = makeProviders(world, ['USPS', 'UPS', 'FedEx', 'DHL eCommerce', 'OnTrac']);
	const providersGB = makeProviders(world, ['Royal Mail', 'DPD', 'Evri', 'Yodel', 'Parcelforce']);

	const us = makeShop(world, 0, 'US', 'LOCAL', 'USD', 'ROW_');
	const gb = makeShop(world, 1, 'GB', 'CROSS_BORDER', 'GBP', 'GCP_');

	makeWarehouses(world, us, providersUS);
	makeWarehouses(world, gb, providersGB);

	makeProducts(world, us, 320, now);
	makeProducts(world, gb, 60, now);

	const n0 = M_max(0, M_floor(opts.orders));
	const n1 = n0 > 0 ? M_max(1, M_round(n0 * 0.1)) : 0;
	makeOrders(world, us, n0, now);
	makeOrders(world, gb, n1, now);
	makeAfterSales(world, us, now);
	makeAfterSales(world, gb, now);
}

function makeProviders(world: World, names: string[]): ShippingProvider[] {
	return names.map((name) => ({ id: world.newId('7117', 19, world.rng), name }));
}

function makeShop(
	world: World,
	idx: number,
	region: string,
	sellerType: 'LOCAL' | 'CROSS_BORDER',
	currency: string,
	cipherPrefix: string,
): Shop {
	const rng = world.rng;
	const shop: Shop = {
		idx,
		id: world.newId('74940', 19, rng),
		cipher: cipherPrefix + alnum(rng, 28, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
		name: `${pick(rng, BRANDS)} ${region === 'US' ? 'US Store' : 'UK Shop'}`,
		region,
		seller_type: sellerType,
		code: `${region}${sellerType === 'LOCAL' ? 'LC' : 'CB'}${alnum(rng, 8, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`,
		currency,
		authorized: true,
		warehouses: [],
		products: [],
		orders: [],
		returns: [],
		cancellations: [],
	};
	world.shops.push(shop);
	world.shopById.set(shop.id, shop);
	world.shopByCipher.set(shop.cipher, shop);
	return shop;
}

function makeWarehouses(world: World, shop: Shop, providers: ShippingProvider[]): void {
	const rng = world.rng;
	const isUS = shop.region === 'US';
	const specs: Array<{ name: string; type: Warehouse['type']; sub: Warehouse['sub_type']; def: boolean }> = isUS
		? [
				{ name: 'Ontario CA Fulfillment', type: 'SALES_WAREHOUSE', sub: 'DOMESTIC_WAREHOUSE', def: true },
				{ name: 'Edison NJ Warehouse', type: 'SALES_WAREHOUSE', sub: 'DOMESTIC_WAREHOUSE', def: false },
				{ name: 'Ontario CA Returns', type: 'RETURN_WAREHOUSE', sub: 'DOMESTIC_WAREHOUSE', def: false },
			]
		: [
				{ name: 'Milton Keynes Hub', type: 'SALES_WAREHOUSE', sub: 'CB_OVERSEA_WAREHOUSE', def: true },
				{ name: 'Milton Keynes Returns', type: 'RETURN_WAREHOUSE', sub: 'CB_OVERSEA_WAREHOUSE', def: false },
			];
	for (const s of specs) {
		const id = world.newId('70685', 19, rng);
		const address = isUS
			? s.name.startsWith('Edison')
				? usAddress('Edison', 'New Jersey', 'NJ', '08817', '300 Raritan Center Pkwy')
				: usAddress('Ontario', 'California', 'CA', '91761', '4100 E Mission Blvd')
			: {
					region: 'United Kingdom',
					state: 'Buckinghamshire',
					city: 'Milton Keynes',
					distict: '',
					town: 'Milton Keynes',
					contact_person: 'Warehouse Team',
					postal_code: 'MK1 1AA',
					full_address: 'Unit 7, Brickhill Street, Milton Keynes MK1 1AA',
					region_code: 'GB',
					phone_number: '(+44)7700***123',
					address_line1: 'Unit 7, Brickhill Street',
					address_line2: '',
					address_line3: '',
					address_line4: '',
				};
		const wh: Warehouse = {
			id,
			entity_id: world.newId('73953', 19, rng),
			name: s.name,
			effect_status: 'ENABLED',
			type: s.type,
			sub_type: s.sub,
			is_default: s.def,
			address,
			shopId: shop.id,
			deliveryOptions: [],
		};
		if (s.type === 'SALES_WAREHOUSE') {
			const opts: Array<[string, DeliveryOption['type'], string, ShippingProvider[]]> = isUS
				? [
						['Standard shipping', 'STANDARD', 'TikTok Shipping standard (3-5 business days)', providers.slice(0, 3)],
						['Express shipping', 'EXPRESS', 'TikTok Shipping express (1-2 business days)', providers.slice(1, 3)],
						['Shipped by seller', 'SEND_BY_SELLER', 'Seller ships with own carrier', providers],
					]
				: [
						['Standard delivery', 'STANDARD', 'TikTok Shipping standard (2-4 business days)', providers.slice(0, 2)],
						['Shipped by seller', 'SEND_BY_SELLER', 'Seller ships with own carrier', providers],
					];
			for (const [name, type, description, provs] of opts) {
				const d: DeliveryOption = {
					id: world.newId('70911', 19, rng),
					name,
					type,
					description,
					warehouseId: id,
					providers: provs,
				};
				wh.deliveryOptions.push(d);
				world.deliveryOptionById.set(d.id, d);
			}
		}
		shop.warehouses.push(wh);
		world.warehouseById.set(id, wh);
	}
}

function usAddress(city: string, state: string, code: string, zip: string, line1: string) {
	return {
		region: 'United States',
		state,
		city,
		distict: '',
		town: '',
		contact_person: 'Warehouse Team',
		postal_code: zip,
		full_address: `${line1}, ${city}, ${code} ${zip}`,
		region_code: 'US',
		phone_number: '(+1)909***4410',
		address_line1: line1,
		address_line2: '',
		address_line3: '',
		address_line4: '',
	};
}

function salesWarehouses(shop: Shop): Warehouse[] {
	return shop.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE');
}

function makeProducts(world: World, shop: Shop, count: number, now: number): void {
	const rng = world.rng;
	const sales = salesWarehouses(shop);
	const forced: ProductStatus[] = [
		'DRAFT',
		'PENDING',
		'FAILED',
		'SELLER_DEACTIVATED',
		'PLATFORM_DEACTIVATED',
		'FREEZE',
		'DELETED',
	];
	for (let i = 0; i < count; i++) {
		const cat = CATEGORIES[int(rng, 0, CATEGORIES.length - 1)];
		const brand = pick(rng, BRANDS);
		const noun = pick(rng, cat.nouns);
		const adj = pick(rng, ADJECTIVES);
		let status: ProductStatus = weighted(rng, PRODUCT_STATUS_SHARES);
		if (i < 10) status = 'ACTIVATE';
		else if (i - 10 < forced.length) status = forced[i - 10];
		const created = now - int(rng, 200 * DAY, 400 * DAY);
		const updated = M_min(now - HOUR, created + int(rng, 0, 190 * DAY));
		const product: Product = {
			id: world.newId('17293', 19, rng),
			shopId: shop.id,
			title: `${brand} ${adj} ${noun}`,
			description: `<p>${brand} ${adj.toLowerCase()} ${noun.toLowerCase()}, designed for everyday use.</p><ul><li>Quality materials</li><li>Ships fast</li></ul>`,
			status,
			category: { id: cat.id, name: cat.name, parentId: cat.parentId, parentName: cat.parentName },
			brand: { id: world.newId('72015', 19, rng), name: brand },
			imageUri: `tos-maliva-i-o3syd03w52-us/${alnum(rng, 32, '0123456789abcdef')}`,
			create_time: created,
			update_time: updated,
			skus: [],
			weightGrams: int(rng, 80, 2400),
		};
		const basePrice = int(rng, 3, 120) * 100 + pick(rng, [99, 95, 49, 0]);
		const skuCount = weighted(rng, [
			[1, 30],
			[2, 30],
			[3, 25],
			[4, 15],
		] as const);
		const useSizes = cat.code === 'TSH' || cat.code === 'HOD';
		const colorStart = int(rng, 0, COLORS.length - 1);
		for (let s = 0; s < skuCount; s++) {
			const [color, colorCode] = COLORS[(colorStart + s) % COLORS.length];
			const size = useSizes ? SIZES[s % SIZES.length] : '';
			let whIds: string[];
			const r = rng();
			if (sales.length > 1 && r < 0.2) whIds = sales.map((w) => w.id);
			else if (sales.length > 1 && r < 0.3) whIds = [sales[1].id];
			else whIds = [sales[0].id];
			const sku: Sku = {
				id: world.newId('17294', 19, rng),
				productId: product.id,
				product,
				seller_sku: `${shop.region}-${cat.code}-${S_(i + 1).padStart(4, '0')}-${colorCode}${size ? `-${size}` : ''}`,
				name: size ? `${color}, ${size}` : color,
				color,
				size,
				priceCents: basePrice + (size === 'XL' ? 200 : 0),
				warehouseIds: whIds,
				stock: whIds.map(() => (rng() < 0.08 ? 0 : int(rng, 1, 500))),
				committed: whIds.map(() => (rng() < 0.6 ? 0 : int(rng, 1, 12))),
			};
			product.skus.push(sku);
			world.skuById.set(sku.id, sku);
		}
		shop.products.push(product);
		world.productById.set(product.id, product);
	}
}

// ---------------------------------------------------------------------------------------------------------
// Orders

export interface OrderContext {
	shop: Shop;
	sellable: Sku[];
	sales: Warehouse[];
	buyers: string[];
}

function orderContext(world: World, shop: Shop, buyerPool: number): OrderContext {
	const sellable: Sku[] = [];
	for (const p of shop.products) if (p.status === 'ACTIVATE') for (const s of p.skus) sellable.push(s);
	const buyers: string[] = [];
	const rng = mulberry32(world.seedHash ^ (0x1234 + shop.idx));
	for (let i = 0; i < M_max(1, buyerPool); i++) buyers.push('7494' + digits(rng, 7) + S_(i).padStart(8, '0'));
	return { shop, sellable, sales: salesWarehouses(shop), buyers };
}

function makeOrders(world: World, shop: Shop, n: number, now: number): void {
	if (n <= 0) return;
	const rng = world.rng;
	const ctx = orderContext(world, shop, M_ceil(n * 0.6));
	const statuses: OrderStatus[] = [
		'UNPAID',
		'ON_HOLD',
		'AWAITING_SHIPMENT',
		'PARTIALLY_SHIPPING',
		'AWAITING_COLLECTION',
		'IN_TRANSIT',
		'DELIVERED',
		'COMPLETED',
		'CANCELLED',
	];
	const orders: Order[] = new Array(n);
	for (let i = 0; i < n; i++) {
		const status = i < statuses.length ? statuses[i] : weighted(rng, STATUS_SHARES);
		const [lo, hi] = AGE[status];
		const createTime = now - int(rng, lo, hi);
		orders[i] = buildOrder(world, ctx, rng, { status, createTime, now });
	}
	orders.sort((a, b) => a.create_time - b.create_time || (a.id < b.id ? -1 : 1));
	shop.orders = orders;
	for (const o of orders) world.registerOrder(o);
}

export interface BuildOrderParams {
	status: OrderStatus;
	createTime: number;
	now: number;
	skus?: Sku[];
	buyerIdx?: number;
}

const SHIPPED_STATUSES = new Set<OrderStatus>([
	'AWAITING_COLLECTION',
	'IN_TRANSIT',
	'DELIVERED',
	'COMPLETED',
	'PARTIALLY_SHIPPING',
]);
const COLLECTED_STATUSES = new Set<OrderStatus>(['IN_TRANSIT', 'DELIVERED', 'COMPLETED']);

/** Build one order record (no registration). Used by generation and by the control API. */
export function buildOrder(world: World, ctx: OrderContext, rng: Rng, p: BuildOrderParams): Order {
	const { shop } = ctx;
	const status = p.status;
	const now = p.now;
	const create = p.createTime;
	const buyerIdx =
		p.buyerIdx ?? (rng() < 0.6 ? int(rng, 0, ctx.buyers.length - 1) : int(rng, 0, ctx.buyers.length - 1));
	const seed = (world.seedHash ^ M_imul(buyerIdx + 1, 2654435761)) >>> 0;

	// Line items
	let skus: Sku[];
	if (p.skus && p.skus.length) skus = p.skus;
	else {
		let count = weighted(rng, [
			[1, 55],
			[2, 25],
			[3, 12],
			[4, 5],
			[5, 3],
		] as const);
		if (status === 'PARTIALLY_SHIPPING' && count < 2) count = 2;
		const distinct = M_min(count, int(rng, 1, 3));
		const chosen: Sku[] = [];
		for (let d = 0; d < distinct; d++) chosen.push(ctx.sellable[int(rng, 0, ctx.sellable.length - 1)]);
		skus = [];
		for (let k = 0; k < count; k++) skus.push(k < distinct ? chosen[k] : chosen[int(rng, 0, distinct - 1)]);
		if (status === 'PARTIALLY_SHIPPING' && skus.length < 2) skus.push(skus[0]);
	}
	const orderId = world.newId('5764', 18, rng);
	const shippingType: Order['shipping_type'] = rng() < 0.65 ? 'TIKTOK' : 'SELLER';
	const wh = ctx.sales.length > 1 && rng() < 0.2 ? ctx.sales[1] : ctx.sales[0];
	const dopt =
		shippingType === 'SELLER'
			? wh.deliveryOptions.find((d) => d.type === 'SEND_BY_SELLER')!
			: wh.deliveryOptions[rng() < 0.8 ? 0 : M_min(1, wh.deliveryOptions.length - 2)];
	const sellerDiscPct = rng() < 0.2 ? pick(rng, [10, 15, 20]) : 0;
	const platformDiscPct = rng() < 0.1 ? pick(rng, [5, 10]) : 0;
	const lines: LineItem[] = [];
	const split = status === 'PARTIALLY_SHIPPING';
	for (let k = 0; k < skus.length; k++) {
		const sku = skus[k];
		const price = sku.priceCents;
		lines.push({
			id: world.newId('5770', 18, rng),
			sku,
			originalPrice: price,
			sellerDiscount: M_round((price * sellerDiscPct) / 100),
			platformDiscount: M_round((price * platformDiscPct) / 100),
			packageIdx: split && k >= M_ceil(skus.length / 2) ? 1 : 0,
			isGift: false,
		});
	}

	// Times
	const unpaidCancel = status === 'CANCELLED' && rng() < 0.3;
	const paid = status === 'UNPAID' || unpaidCancel ? 0 : M_min(now, create + int(rng, 10, 600));
	const isShipped = SHIPPED_STATUSES.has(status);
	const rts = isShipped ? M_min(now - 60, paid + int(rng, 6 * HOUR, 2 * DAY)) : 0;
	const collected = COLLECTED_STATUSES.has(status) ? M_min(now - 30, rts + int(rng, 2 * HOUR, DAY)) : 0;
	const delivered =
		status === 'DELIVERED' || status === 'COMPLETED' ? M_min(now - 20, collected + int(rng, DAY, 5 * DAY)) : 0;
	let cancelTime = 0;
	if (status === 'CANCELLED') cancelTime = M_min(now - 10, create + int(rng, 5 * 60, 2 * DAY));
	let update = M_max(create, paid, rts, collected, delivered, cancelTime);
	if (status === 'COMPLETED') update = M_min(now - 5, delivered + int(rng, 3 * DAY, 8 * DAY));
	if (update < create) update = create;

	// Fees
	const isUS = shop.region === 'US';
	const originalShippingFee = rng() < 0.4 ? 0 : isUS ? pick(rng, [399, 499, 599, 799]) : pick(rng, [249, 299, 399]);
	const shipSeller = originalShippingFee > 0 && rng() < 0.2 ? originalShippingFee : 0;
	const shipPlatform =
		originalShippingFee > 0 && shipSeller === 0 && rng() < 0.15 ? M_min(originalShippingFee, 200) : 0;
	const place = isUS ? US_PLACES[seed % US_PLACES.length] : null;
	const taxBp = isUS && place ? (US_TAX_BP[place[2]] ?? 0) : 0;

	// Packages
	const pkgCount = split ? 2 : 1;
	const packages: PackageRec[] = [];
	for (let k = 0; k < pkgCount; k++) {
		const pkgShipped = isShipped && (!split || k === 0);
		const prov = dopt.providers[int(rng, 0, dopt.providers.length - 1)];
		packages.push({
			id: world.newId('1153', 19, rng),
			orderId,
			shipped: pkgShipped,
			tracking_number: pkgShipped ? trackingNumber(rng, prov.name) : '',
			shipping_provider_id: pkgShipped ? prov.id : '',
			shipping_provider_name: pkgShipped ? prov.name : '',
			handover_method: pkgShipped && shippingType === 'TIKTOK' ? (rng() < 0.7 ? 'PICKUP' : 'DROP_OFF') : '',
			shipped_time: pkgShipped ? rts : 0,
			create_time: paid || create,
			update_time: pkgShipped ? rts : paid || create,
		});
	}

	const buyerCancel = status === 'CANCELLED' ? rng() < 0.6 : false;
	return {
		id: orderId,
		shopId: shop.id,
		status,
		create_time: create,
		update_time: update,
		paid_time: paid,
		rts_time: rts,
		collection_time: collected,
		delivery_time: delivered,
		cancel_time: cancelTime,
		user_id: ctx.buyers[buyerIdx % ctx.buyers.length],
		shipping_type: shippingType,
		delivery_option_id: dopt.id,
		warehouse_id: wh.id,
		lines,
		packages,
		originalShippingFee,
		shippingSellerDiscount: shipSeller,
		shippingPlatformDiscount: shipPlatform,
		taxBp,
		seed,
		has_updated_recipient_address: false,
		is_buyer_request_cancel: false,
		request_cancel_time: 0,
		cancel_reason:
			status === 'CANCELLED'
				? unpaidCancel
					? 'Payment not completed'
					: buyerCancel
						? 'No longer needed'
						: 'Out of stock'
				: '',
		cancellation_initiator: status === 'CANCELLED' ? (unpaidCancel ? 'SYSTEM' : buyerCancel ? 'BUYER' : 'SELLER') : '',
		buyer_message: rng() < 0.05 ? 'Please pack carefully, it is a gift.' : '',
		seller_note: '',
		payment_method_name: pick(
			rng,
			isUS ? ['Credit card', 'PayPal', 'Apple Pay', 'Klarna'] : ['Credit card', 'PayPal', 'Apple Pay'],
		),
		reservedStock: false,
	};
}

export function trackingNumber(rng: Rng, provider: string): string {
	if (provider === 'USPS') return '9400' + digits(rng, 18);
	if (provider === 'UPS') return '1Z' + alnum(rng, 16, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789');
	if (provider === 'FedEx') return digits(rng, 12);
	if (provider === 'Royal Mail') return alnum(rng, 2, 'ABCDEFGHJKLMNPRSTUVWXYZ') + digits(rng, 9) + 'GB';
	return 'TT' + digits(rng, 14);
}

/** Create the order-generation context for the control API. */
export function newOrderContext(world: World, shop: Shop): OrderContext {
	return orderContext(world, shop, M_max(50, M_ceil(shop.orders.length * 0.6)));
}

// ---------------------------------------------------------------------------------------------------------
// Buyer addresses (rendered on demand from the order's seed)

export interface RenderedAddress {
	first: string;
	last: string;
	phone: string;
	line1: string;
	line2: string;
	city: string;
	state: string;
	stateCode: string;
	postal: string;
	regionCode: string;
	region: string;
}

export function buyerAddress(order: Order, region: string): RenderedAddress {
	const r = mulberry32(order.seed);
	const first = pick(r, FIRST);
	const last = pick(r, LAST);
	if (region === 'US') {
		const place = US_PLACES[order.seed % US_PLACES.length];
		const a: RenderedAddress = {
			first,
			last,
			phone: `(+1)${int(r, 201, 989)}${digits(r, 7)}`,
			line1: `${int(r, 10, 9999)} ${pick(r, STREETS)}`,
			line2: r() < 0.3 ? `Apt ${int(r, 1, 40)}${pick(r, ['A', 'B', 'C'])}` : '',
			city: place[0],
			state: place[1],
			stateCode: place[2],
			postal: place[3] + digits(r, 2),
			regionCode: 'US',
			region: 'United States',
		};
		return applyOverride(a, order);
	}
	const place = GB_PLACES[order.seed % GB_PLACES.length];
	const a: RenderedAddress = {
		first,
		last,
		phone: `(+44)7${digits(r, 9)}`,
		line1: `${int(r, 1, 220)} ${pick(r, GB_STREETS)}`,
		line2: '',
		city: place[0],
		state: place[1],
		stateCode: '',
		postal: `${place[2]} ${int(r, 1, 9)}${alnum(r, 2, 'ABDEFGHJLNPQRSTUWXYZ')}`,
		regionCode: 'GB',
		region: 'United Kingdom',
	};
	return applyOverride(a, order);
}

function applyOverride(a: RenderedAddress, order: Order): RenderedAddress {
	const o = order.address;
	if (!o) return a;
	if (o.name) {
		const parts = o.name.trim().split(/\s+/);
		a.first = parts[0] ?? '';
		a.last = parts.slice(1).join(' ');
	}
	if (o.phone_number) a.phone = o.phone_number;
	if (o.address_line1) a.line1 = o.address_line1;
	if (o.address_line2 !== undefined) a.line2 = o.address_line2;
	if (o.city) a.city = o.city;
	if (o.state) {
		a.state = o.state;
		if (/^[A-Z]{2}$/.test(o.state)) a.stateCode = o.state;
	}
	if (o.postal_code) a.postal = o.postal_code;
	return a;
}

// ---------------------------------------------------------------------------------------------------------
// Returns and cancellations

const RETURN_REASONS: Array<[string, string]> = [
	['ecom_order_delivered_refund_and_return_reason_wrong_size', 'Wrong size'],
	['ecom_order_delivered_refund_and_return_reason_damaged', 'Damaged item'],
	['ecom_order_delivered_refund_and_return_reason_not_as_described', 'Item not as described'],
	['ecom_order_delivered_refund_reason_missing_item', 'Missing item'],
];

export function newReturn(
	world: World,
	order: Order,
	p: {
		type?: ReturnType;
		status?: ReturnStatus;
		role?: 'BUYER' | 'SELLER' | 'SYSTEM';
		lineIds?: string[];
		time: number;
		rng?: Rng;
	},
): ReturnRec {
	const rng = p.rng ?? world.idRng;
	const type: ReturnType = p.type ?? 'RETURN_AND_REFUND';
	const status: ReturnStatus =
		p.status ?? (type === 'REPLACEMENT' ? 'REPLACEMENT_REQUEST_PENDING' : 'RETURN_OR_REFUND_REQUEST_PENDING');
	const [reason, reasonText] = pick(rng, RETURN_REASONS);
	const lineIds = p.lineIds && p.lineIds.length ? p.lineIds : [order.lines[int(rng, 0, order.lines.length - 1)].id];
	const role = p.role ?? 'BUYER';
	const rec: ReturnRec = {
		return_id: world.newId('4035', 18, rng),
		order_id: order.id,
		shopId: order.shopId,
		return_type: type,
		return_status: status,
		role,
		return_reason: reason,
		return_reason_text: reasonText,
		lineIds,
		return_tracking_number: [
			'BUYER_SHIPPED_ITEM',
			'RETURN_OR_REFUND_REQUEST_COMPLETE',
			'REJECT_RECEIVE_PACKAGE',
		].includes(status)
			? '9400' + digits(rng, 18)
			: '',
		create_time: p.time,
		update_time: p.time,
		history: [
			{
				status: type === 'REPLACEMENT' ? 'REPLACEMENT_REQUEST_PENDING' : 'RETURN_OR_REFUND_REQUEST_PENDING',
				role,
				time: p.time,
				description: `${role === 'BUYER' ? 'Buyer' : role === 'SELLER' ? 'Seller' : 'System'} requested a ${type === 'REFUND' ? 'refund' : type === 'REPLACEMENT' ? 'replacement' : 'return and refund'}`,
			},
		],
	};
	if (!rec.history.some((h) => h.status === status))
		rec.history.push({ status, role: 'SELLER', time: p.time, description: `Status changed to ${status}` });
	return rec;
}

export function newCancellation(
	world: World,
	order: Order,
	p: {
		type?: 'CANCEL' | 'BUYER_CANCEL';
		status?: CancellationRec['cancel_status'];
		role?: 'BUYER' | 'SELLER' | 'SYSTEM';
		reason?: string;
		time: number;
		rng?: Rng;
	},
): CancellationRec {
	const rng = p.rng ?? world.idRng;
	const type = p.type ?? 'BUYER_CANCEL';
	return {
		cancel_id: world.newId('5776', 18, rng),
		order_id: order.id,
		shopId: order.shopId,
		cancel_type: type,
		cancel_status: p.status ?? 'CANCELLATION_REQUEST_PENDING',
		role: p.role ?? (type === 'BUYER_CANCEL' ? 'BUYER' : 'SELLER'),
		cancel_reason:
			type === 'BUYER_CANCEL'
				? 'ecom_order_to_ship_cancel_reason_no_longer_needed'
				: 'seller_cancel_reason_out_of_stock',
		cancel_reason_text: p.reason ?? (type === 'BUYER_CANCEL' ? 'No longer needed' : 'Out of stock'),
		lineIds: order.lines.map((l) => l.id),
		create_time: p.time,
		update_time: p.time,
	};
}

function makeAfterSales(world: World, shop: Shop, now: number): void {
	const rng = world.rng;
	for (const o of shop.orders) {
		if (o.status === 'CANCELLED') {
			const c = newCancellation(world, o, {
				type: o.cancellation_initiator === 'BUYER' ? 'BUYER_CANCEL' : 'CANCEL',
				status: 'CANCELLATION_REQUEST_COMPLETE',
				role: o.cancellation_initiator === '' ? 'SYSTEM' : o.cancellation_initiator,
				reason: o.cancel_reason,
				time: M_max(o.create_time, o.cancel_time - 60),
				rng,
			});
			c.update_time = o.cancel_time;
			shop.cancellations.push(c);
			world.cancellationById.set(c.cancel_id, c);
		} else if (o.status === 'AWAITING_SHIPMENT' && rng() < 0.05) {
			o.is_buyer_request_cancel = true;
			o.request_cancel_time = M_min(now - 10, o.paid_time + int(rng, 60, HOUR));
			const c = newCancellation(world, o, {
				type: 'BUYER_CANCEL',
				status: 'CANCELLATION_REQUEST_PENDING',
				role: 'BUYER',
				time: o.request_cancel_time,
				rng,
			});
			shop.cancellations.push(c);
			world.cancellationById.set(c.cancel_id, c);
		} else if ((o.status === 'DELIVERED' || o.status === 'COMPLETED') && rng() < 0.05) {
			const type = weighted(rng, [
				['RETURN_AND_REFUND', 50],
				['REFUND', 40],
				['REPLACEMENT', 10],
			] as const);
			const recent = o.status === 'DELIVERED';
			let status: ReturnStatus;
			if (type === 'REPLACEMENT')
				status = recent
					? 'REPLACEMENT_REQUEST_PENDING'
					: pick(rng, [
							'REPLACEMENT_REQUEST_COMPLETE',
							'REPLACEMENT_REQUEST_REJECT',
							'REPLACEMENT_REQUEST_CANCEL',
						] as const);
			else if (recent)
				status = pick(
					rng,
					type === 'REFUND'
						? (['RETURN_OR_REFUND_REQUEST_PENDING', 'AWAITING_BUYER_RESPONSE'] as const)
						: (['RETURN_OR_REFUND_REQUEST_PENDING', 'AWAITING_BUYER_SHIP', 'BUYER_SHIPPED_ITEM'] as const),
				);
			else
				status = weighted(rng, [
					['RETURN_OR_REFUND_REQUEST_COMPLETE', 70],
					['REFUND_OR_RETURN_REQUEST_REJECT', 12],
					['RETURN_OR_REFUND_REQUEST_CANCEL', 10],
					['RETURN_OR_REFUND_REQUEST_SUCCESS', 8],
				] as const);
			const start = M_min(now - 60, o.delivery_time + int(rng, HOUR, 3 * DAY));
			const r = newReturn(world, o, { type, status, role: 'BUYER', time: start, rng });
			r.update_time = M_min(now - 30, start + (status.endsWith('PENDING') ? 0 : int(rng, HOUR, 5 * DAY)));
			if (r.history.length > 1) r.history[r.history.length - 1].time = r.update_time;
			shop.returns.push(r);
			world.returnById.set(r.return_id, r);
		}
	}
	shop.returns.sort((a, b) => a.create_time - b.create_time);
	shop.cancellations.sort((a, b) => a.create_time - b.create_time);
}
