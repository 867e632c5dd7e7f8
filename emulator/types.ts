/** Public option/result types and the in-memory world model of the TikTok Shop emulator. */

export interface EmulatorOptions {
	/** API listener port; 0 (default) picks an ephemeral port. */
	port?: number;
	/** Auth listener port (token get/refresh); 0 (default) picks an ephemeral port. */
	authPort?: number;
	/** Bind address; only loopback is allowed. */
	host?: '127.0.0.1';
	/** Orders generated for the first shop (the second shop gets ~10%). Default 500. */
	orders?: number;
	/** Base latency added to every API answer, in ms. */
	latencyMs?: number;
	/** Fraction (0..1) of API calls answered with a random 429/503/connection reset. */
	failRate?: number;
	/** Access token lifetime in seconds (default 7 days). */
	tokenTtl?: number;
	/** Refresh token lifetime in seconds (default 365 days; the seller's authorization period). */
	refreshTokenTtl?: number;
	/** Issue a new refresh token on every refresh (default true); the old one works 60 s more. */
	rotateRefreshToken?: boolean;
	seed?: number | string;
	/** Multiplies TikTok's webhook retry schedule (2 min, 30 min, 3 h, 12 h). Default 1. */
	webhookRetryScale?: number;
	/** Prefix map applied to webhook addresses at delivery time only. */
	webhookRewrites?: Record<string, string>;
	appKey?: string;
	appSecret?: string;
	/** Pin the emulator clock's starting point (unix seconds). Default: the real time. */
	startTime?: number;
	/** Webhook answer timeout in ms (TikTok: 3000). */
	webhookTimeoutMs?: number;
	/** Size of the recorded-request ring buffer (default 20000). */
	requestLogSize?: number;
	/** Behaviour switches where TikTok's reference is silent or disagrees with other sources (see README "Modes"). */
	modes?: Partial<EmulatorModes>;
}

/**
 * Per-run behaviour switches. Each one plays one documented alternative; defaults keep the historical behaviour.
 * Change at runtime with PUT /__emulator/modes or control.setModes().
 */
export interface EmulatorModes {
	/**
	 * Get Order Detail with an id that is unknown or belongs to another seller: `omit` leaves it out of
	 * `orders` silently; `reject` refuses the whole call with 21008111 (the code the reference lists).
	 * https://partner.tiktokshop.com/docv2/page/get-order-detail-202507
	 */
	order_detail_unknown_ids: 'omit' | 'reject';
	/**
	 * Update Inventory quantity range: `sdk` accepts 0..99999 (TikTok's generated SDK); `strict` accepts
	 * 1..99999 (the reference page). https://partner.tiktokshop.com/docv2/page/update-inventory-202309
	 */
	inventory_quantity: 'sdk' | 'strict';
	/** Order of Get Tracking events: `newest_first` (sorted by update_time_millis desc) or `unsorted` (shuffled). */
	tracking_order: 'newest_first' | 'unsorted';
	/**
	 * HTTP status that carries 105002 (expired access token). The error table gives only the code:
	 * https://partner.tiktokshop.com/docv2/page/common-errors ; 401 and 200 are both seen in the wild.
	 */
	expired_token_http_status: 401 | 200;
	/**
	 * Webhook Authorization header formula. `app_key_body` = hex(HMAC-SHA256(app_secret, app_key + raw body))
	 * (TikTok's SDKs); `request_sign` = the API request signing recipe applied to the body alone
	 * (secret + body + secret), the literal reading of the configuration guide that points at the signing page:
	 * https://partner.tiktokshop.com/docv2/page/configuration-guide
	 */
	webhook_signature: 'app_key_body' | 'request_sign';
}

export const DEFAULT_MODES: EmulatorModes = {
	order_detail_unknown_ids: 'omit',
	inventory_quantity: 'sdk',
	tracking_order: 'newest_first',
	expired_token_http_status: 401,
	webhook_signature: 'app_key_body',
};

export interface ShopSummary {
	id: string;
	cipher: string;
	name: string;
	region: string;
}

export type OrderStatus =
	| 'UNPAID'
	| 'ON_HOLD'
	| 'AWAITING_SHIPMENT'
	| 'PARTIALLY_SHIPPING'
	| 'AWAITING_COLLECTION'
	| 'IN_TRANSIT'
	| 'DELIVERED'
	| 'COMPLETED'
	| 'CANCELLED';

export const ORDER_STATUSES: readonly OrderStatus[] = [
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

export type ProductStatus =
	| 'DRAFT'
	| 'PENDING'
	| 'FAILED'
	| 'ACTIVATE'
	| 'SELLER_DEACTIVATED'
	| 'PLATFORM_DEACTIVATED'
	| 'FREEZE'
	| 'DELETED';

export const PRODUCT_STATUSES: readonly ProductStatus[] = [
	'DRAFT',
	'PENDING',
	'FAILED',
	'ACTIVATE',
	'SELLER_DEACTIVATED',
	'PLATFORM_DEACTIVATED',
	'FREEZE',
	'DELETED',
];

export interface DeliveryOption {
	id: string;
	name: string;
	type: 'STANDARD' | 'EXPRESS' | 'ECONOMY' | 'SEND_BY_SELLER';
	description: string;
	warehouseId: string;
	providers: ShippingProvider[];
}

export interface ShippingProvider {
	id: string;
	name: string;
}

export interface WarehouseAddress {
	region: string;
	state: string;
	city: string;
	distict: string;
	town: string;
	contact_person: string;
	postal_code: string;
	full_address: string;
	region_code: string;
	phone_number: string;
	address_line1: string;
	address_line2: string;
	address_line3: string;
	address_line4: string;
}

export interface Warehouse {
	id: string;
	entity_id: string;
	name: string;
	effect_status: 'ENABLED' | 'DISABLED' | 'RESTRICTED';
	type: 'SALES_WAREHOUSE' | 'RETURN_WAREHOUSE';
	sub_type: 'DOMESTIC_WAREHOUSE' | 'CB_OVERSEA_WAREHOUSE' | 'CB_DIRECT_SHIPPING_WAREHOUSE';
	is_default: boolean;
	address: WarehouseAddress;
	shopId: string;
	deliveryOptions: DeliveryOption[];
}

export interface Sku {
	id: string;
	productId: string;
	product: Product;
	seller_sku: string;
	/** Variant name, e.g. "Black, M". */
	name: string;
	color: string;
	size: string;
	priceCents: number;
	/** Warehouses assigned to the SKU, aligned with stock/committed. */
	warehouseIds: string[];
	stock: number[];
	committed: number[];
}

export interface Product {
	id: string;
	shopId: string;
	title: string;
	description: string;
	status: ProductStatus;
	category: { id: string; name: string; parentId: string; parentName: string };
	brand: { id: string; name: string };
	imageUri: string;
	create_time: number;
	update_time: number;
	skus: Sku[];
	weightGrams: number;
}

export interface LineItem {
	id: string;
	sku: Sku;
	/** Cents. */
	originalPrice: number;
	sellerDiscount: number;
	platformDiscount: number;
	packageIdx: number;
	isGift: boolean;
	/** Stock reserved at creation (control-API orders only): index into sku.warehouseIds, or -1. */
	reservedWh?: number;
}

export interface PackageRec {
	id: string;
	orderId: string;
	shipped: boolean;
	tracking_number: string;
	shipping_provider_id: string;
	shipping_provider_name: string;
	handover_method: 'PICKUP' | 'DROP_OFF' | '';
	shipped_time: number;
	create_time: number;
	update_time: number;
}

export interface AddressOverride {
	name?: string;
	phone_number?: string;
	address_line1?: string;
	address_line2?: string;
	city?: string;
	state?: string;
	postal_code?: string;
}

export interface Order {
	id: string;
	shopId: string;
	status: OrderStatus;
	create_time: number;
	update_time: number;
	paid_time: number;
	rts_time: number;
	collection_time: number;
	delivery_time: number;
	cancel_time: number;
	user_id: string;
	shipping_type: 'TIKTOK' | 'SELLER';
	delivery_option_id: string;
	warehouse_id: string;
	lines: LineItem[];
	packages: PackageRec[];
	/** Cents. */
	originalShippingFee: number;
	shippingSellerDiscount: number;
	shippingPlatformDiscount: number;
	/** Basis points of sales tax (US) or 0 (GB: VAT included). */
	taxBp: number;
	seed: number;
	address?: AddressOverride;
	has_updated_recipient_address: boolean;
	is_buyer_request_cancel: boolean;
	request_cancel_time: number;
	cancel_reason: string;
	cancellation_initiator: '' | 'SELLER' | 'BUYER' | 'SYSTEM';
	buyer_message: string;
	seller_note: string;
	payment_method_name: string;
	/** Created via the control API (stock was reserved). */
	reservedStock: boolean;
}

export type ReturnType = 'REFUND' | 'RETURN_AND_REFUND' | 'REPLACEMENT';

export const RETURN_STATUSES = [
	'RETURN_OR_REFUND_REQUEST_PENDING',
	'REFUND_OR_RETURN_REQUEST_REJECT',
	'AWAITING_BUYER_SHIP',
	'BUYER_SHIPPED_ITEM',
	'REJECT_RECEIVE_PACKAGE',
	'RETURN_OR_REFUND_REQUEST_SUCCESS',
	'RETURN_OR_REFUND_REQUEST_CANCEL',
	'RETURN_OR_REFUND_REQUEST_COMPLETE',
	'REPLACEMENT_REQUEST_PENDING',
	'REPLACEMENT_REQUEST_REJECT',
	'REPLACEMENT_REQUEST_REFUND_SUCCESS',
	'REPLACEMENT_REQUEST_CANCEL',
	'REPLACEMENT_REQUEST_COMPLETE',
	'AWAITING_BUYER_RESPONSE',
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface ReturnHistory {
	status: string;
	role: 'BUYER' | 'SELLER' | 'SYSTEM';
	time: number;
	description: string;
}

export interface ReturnRec {
	return_id: string;
	order_id: string;
	shopId: string;
	return_type: ReturnType;
	return_status: ReturnStatus;
	role: 'BUYER' | 'SELLER' | 'SYSTEM';
	return_reason: string;
	return_reason_text: string;
	lineIds: string[];
	return_tracking_number: string;
	create_time: number;
	update_time: number;
	history: ReturnHistory[];
}

export type CancelStatus =
	| 'CANCELLATION_REQUEST_PENDING'
	| 'CANCELLATION_REQUEST_SUCCESS'
	| 'CANCELLATION_REQUEST_CANCELLED'
	| 'CANCELLATION_REQUEST_COMPLETE';

export interface CancellationRec {
	cancel_id: string;
	order_id: string;
	shopId: string;
	cancel_type: 'CANCEL' | 'BUYER_CANCEL';
	cancel_status: CancelStatus;
	role: 'BUYER' | 'SELLER' | 'SYSTEM';
	cancel_reason: string;
	cancel_reason_text: string;
	lineIds: string[];
	create_time: number;
	update_time: number;
}

export interface ExternalOrderRef {
	id: string;
	platform: string;
	line_items: Array<{ id: string; origin_id: string }>;
}

export interface Shop {
	idx: number;
	id: string;
	cipher: string;
	name: string;
	region: string;
	seller_type: 'LOCAL' | 'CROSS_BORDER';
	code: string;
	currency: string;
	authorized: boolean;
	warehouses: Warehouse[];
	products: Product[];
	/** Sorted by create_time ascending (new orders are appended). */
	orders: Order[];
	returns: ReturnRec[];
	cancellations: CancellationRec[];
}

export interface WebhookRegistration {
	event_type: string;
	address: string;
	create_time: number;
	update_time: number;
}

export interface AppWebhook {
	address: string;
	/** Event type names; empty/undefined = all. */
	event_types?: string[];
}

export interface AccessTokenRec {
	token: string;
	appKey: string;
	openId: string;
	expiresAt: number;
	issuedAt: number;
}

export interface RefreshTokenRec {
	token: string;
	appKey: string;
	openId: string;
	expiresAt: number;
	/** Set when rotated: the token stays valid until this emulator time. */
	graceUntil?: number;
}

export interface AuthCodeRec {
	code: string;
	appKey: string;
	expiresAt: number;
	used: boolean;
}
