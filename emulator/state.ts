/** The in-memory world: shops, catalog, orders, after-sales, tokens, webhook registrations and the clock. */
import { hashSeed, mulberry32, Rng, digits } from './prng';
import { DEFAULT_MODES } from './types';
import type {
	AccessTokenRec,
	AppWebhook,
	AuthCodeRec,
	EmulatorModes,
	CancellationRec,
	ExternalOrderRef,
	Order,
	PackageRec,
	Product,
	RefreshTokenRec,
	ReturnRec,
	Shop,
	Sku,
	Warehouse,
	DeliveryOption,
	WebhookRegistration,
} from './types';

// global aliases (fast inside jest vm contexts, see prng.ts)
const M_floor = Math.floor;
const S_ = String;

export interface Seller {
	openId: string;
	name: string;
	baseRegion: string;
}

export const GRANTED_SCOPES = [
	'seller.authorization.info',
	'seller.order.info',
	'seller.order.ext_ref.read',
	'seller.order.ext_ref.write',
	'seller.product.basic',
	'seller.product.write',
	'seller.logistics',
	'seller.fulfillment.basic',
	'seller.return_refund.basic',
];

export class World {
	readonly rng: Rng;
	readonly seedHash: number;
	/** Seconds added to the real clock (POST /__emulator/clock). */
	clockOffset = 0;
	/** Incremented on every data mutation, invalidates cached search results. */
	version = 0;

	appKey = '';
	appSecret = '';
	seller: Seller = { openId: '', name: '', baseRegion: 'US' };

	shops: Shop[] = [];
	readonly shopById = new Map<string, Shop>();
	readonly shopByCipher = new Map<string, Shop>();
	readonly warehouseById = new Map<string, Warehouse>();
	readonly deliveryOptionById = new Map<string, DeliveryOption>();
	readonly productById = new Map<string, Product>();
	readonly skuById = new Map<string, Sku>();
	private readonly _orderById = new Map<string, Order>();
	private readonly _packageById = new Map<string, PackageRec>();
	/** Orders registered but not yet indexed (indexing 40k+ orders is deferred out of startup). */
	private pendingOrders: Order[] = [];
	readonly returnById = new Map<string, ReturnRec>();
	readonly cancellationById = new Map<string, CancellationRec>();
	/** order id → references (one per OMS platform). */
	readonly externalRefs = new Map<string, ExternalOrderRef[]>();
	/** shop id → event type → registration. */
	readonly shopWebhooks = new Map<string, Map<string, WebhookRegistration>>();
	appWebhooks: AppWebhook[] = [];

	readonly accessTokens = new Map<string, AccessTokenRec>();
	readonly refreshTokens = new Map<string, RefreshTokenRec>();
	readonly authCodes = new Map<string, AuthCodeRec>();

	/** Behaviour switches (see EmulatorModes). */
	modes: EmulatorModes = { ...DEFAULT_MODES };

	tokenTtl = 7 * 86400;
	refreshTokenTtl = 365 * 86400;
	rotateRefreshToken = true;
	refreshGraceSeconds = 60;
	authCodeTtl = 30 * 60;

	private idCounters = new Map<string, number>();
	/** Runtime id randomness (separate stream so generated data stays stable). */
	readonly idRng: Rng;

	constructor(seed: number | string | undefined) {
		this.seedHash = hashSeed(seed);
		this.rng = mulberry32(this.seedHash);
		this.idRng = mulberry32(this.seedHash ^ 0x5bd1e995);
	}

	/** Emulator "now" in unix seconds (real clock + offset). */
	now(): number {
		return M_floor(Date.now() / 1000) + this.clockOffset;
	}

	nowMs(): number {
		return Date.now() + this.clockOffset * 1000;
	}

	touch(): void {
		this.version++;
	}

	/**
	 * Unique decimal id string: prefix + random digits + a scrambled per-prefix counter (8 digits), total `len` digits.
	 * All ids are ≥ 10^17, i.e. beyond 2^53.
	 */
	newId(prefix: string, len = 19, rng: Rng = this.idRng): string {
		const n = (this.idCounters.get(prefix) ?? 0) + 1;
		this.idCounters.set(prefix, n);
		// bijective scramble of the counter mod 10^8 (multiplier coprime to 10) keeps ids unique but random-looking
		const counter = S_((n * 3845671 + 7368787) % 100000000).padStart(8, '0');
		const rand = digits(rng, len - prefix.length - counter.length);
		return prefix + rand + counter;
	}

	shopOrders(shopId: string): Order[] {
		return this.shopById.get(shopId)?.orders ?? [];
	}

	registerOrder(o: Order): void {
		this.pendingOrders.push(o);
	}

	private flushIndex(): void {
		const pending = this.pendingOrders;
		this.pendingOrders = [];
		for (const o of pending) {
			this._orderById.set(o.id, o);
			for (const p of o.packages) this._packageById.set(p.id, p);
		}
	}

	get orderById(): Map<string, Order> {
		if (this.pendingOrders.length) this.flushIndex();
		return this._orderById;
	}

	get packageById(): Map<string, PackageRec> {
		if (this.pendingOrders.length) this.flushIndex();
		return this._packageById;
	}
}
