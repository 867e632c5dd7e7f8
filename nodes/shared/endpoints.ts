/**
 * Every TikTok Shop path this package calls, in one place, each with the reference page that defines it.
 * The version segment (202309, 202507, ...) is part of the path: TikTok versions each endpoint on its own.
 */
const id = (value: string): string => encodeURIComponent(value);

export const ENDPOINTS = {
	/** https://partner.tiktokshop.com/docv2/page/get-authorized-shops-202309 */
	shopList: '/authorization/202309/shops',

	/** https://partner.tiktokshop.com/docv2/page/get-order-list-202309 (page_size 1–100; filters in the body) */
	orderSearch: '/order/202309/orders/search',
	/** https://partner.tiktokshop.com/docv2/page/get-order-detail-202507 (at most 50 IDs per call) */
	orderDetail: '/order/202507/orders',

	/** https://partner.tiktokshop.com/docv2/page/add-external-order-references-202406 */
	externalReferencesAdd: '/order/202406/orders/external_orders',
	/** https://partner.tiktokshop.com/docv2/page/get-external-order-references-202406 */
	externalReferencesOfOrder: (orderId: string): string => `/order/202406/orders/${id(orderId)}/external_orders`,
	/** https://partner.tiktokshop.com/docv2/page/search-order-by-external-order-reference-202406 */
	externalReferencesSearch: '/order/202406/orders/external_order_search',

	/** https://partner.tiktokshop.com/docv2/page/search-products-202502 */
	productSearch: '/product/202502/products/search',
	/** https://partner.tiktokshop.com/docv2/page/get-product-202309 */
	product: (productId: string): string => `/product/202309/products/${id(productId)}`,
	/** https://partner.tiktokshop.com/docv2/page/update-price-202309 */
	productPriceUpdate: (productId: string): string => `/product/202309/products/${id(productId)}/prices/update`,
	/** https://partner.tiktokshop.com/docv2/page/activate-product-202309 */
	productActivate: '/product/202309/products/activate',
	/** https://partner.tiktokshop.com/docv2/page/deactivate-products-202309 */
	productDeactivate: '/product/202309/products/deactivate',

	/** https://partner.tiktokshop.com/docv2/page/inventory-search-202309 */
	inventorySearch: '/product/202309/inventory/search',
	/** https://partner.tiktokshop.com/docv2/page/update-inventory-202309 */
	inventoryUpdate: (productId: string): string => `/product/202309/products/${id(productId)}/inventory/update`,

	/** https://partner.tiktokshop.com/docv2/page/get-warehouse-list-202309 */
	warehouses: '/logistics/202309/warehouses',
	/** https://partner.tiktokshop.com/docv2/page/get-shipping-providers-202309 */
	shippingProviders: (deliveryOptionId: string): string =>
		`/logistics/202309/delivery_options/${id(deliveryOptionId)}/shipping_providers`,

	/** https://partner.tiktokshop.com/docv2/page/ship-package-202309 */
	packageShip: (packageId: string): string => `/fulfillment/202309/packages/${id(packageId)}/ship`,
	/** https://partner.tiktokshop.com/docv2/page/get-package-detail-202309 */
	packageDetail: (packageId: string): string => `/fulfillment/202309/packages/${id(packageId)}`,
	/** https://partner.tiktokshop.com/docv2/page/mark-package-as-shipped-202309 */
	orderMarkShipped: (orderId: string): string => `/fulfillment/202309/orders/${id(orderId)}/packages`,
	/** https://partner.tiktokshop.com/docv2/page/get-tracking-202309 */
	orderTracking: (orderId: string): string => `/fulfillment/202309/orders/${id(orderId)}/tracking`,

	/** https://partner.tiktokshop.com/docv2/page/search-returns-202309 */
	returnSearch: '/return_refund/202309/returns/search',
	/** https://partner.tiktokshop.com/docv2/page/get-return-records-202309 */
	returnRecords: (returnId: string): string => `/return_refund/202309/returns/${id(returnId)}/records`,
	/** https://partner.tiktokshop.com/docv2/page/search-cancellations-202309 */
	cancellationSearch: '/return_refund/202309/cancellations/search',

	/** Get, update and delete a shop's webhook: https://partner.tiktokshop.com/docv2/page/get-shop-webhooks-202309 */
	webhooks: '/event/202309/webhooks',
} as const;

/**
 * Token endpoints live on the auth host (auth.tiktok-shops.com), not the API host, and take no signature.
 * TikTok has no reference page for them in the API list; the token guide describes them.
 */
export const TOKEN_ENDPOINTS = {
	get: '/api/v2/token/get',
	refresh: '/api/v2/token/refresh',
} as const;
