import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * The parameters that say which input a failed item was, per operation, with the output field each goes to (the
 * same names the operation's successful items use). Error items get these fields under both "Continue" settings,
 * so a Table view of results shows the failed SKU or order instead of empty columns.
 */
const IDENTIFYING: Record<string, Array<[parameter: string, field: string]>> = {
	'order.get': [['orderIds', 'order_id']],
	'externalOrderReference.create': [
		['orderId', 'order_id'],
		['platform', 'platform'],
		['externalOrderId', 'external_order_id'],
	],
	'externalOrderReference.get': [
		['orderId', 'order_id'],
		['platform', 'platform'],
	],
	'externalOrderReference.getAll': [
		['platform', 'platform'],
		['externalOrderId', 'external_order_id'],
	],
	'product.get': [['productId', 'product_id']],
	'product.updatePrice': [
		['productId', 'product_id'],
		['skuId', 'sku_id'],
		['price', 'price'],
	],
	'product.activate': [['productIds', 'product_ids']],
	'product.deactivate': [['productIds', 'product_ids']],
	'inventory.getAll': [
		['productIds', 'product_ids'],
		['skuIds', 'sku_ids'],
	],
	'inventory.update': [
		['productId', 'product_id'],
		['skuId', 'sku_id'],
		['sellerSku', 'seller_sku'],
		['warehouseId', 'warehouse_id'],
		['quantity', 'quantity'],
	],
	'fulfillment.getPackage': [['packageId', 'package_id']],
	'fulfillment.getShippingProviders': [['deliveryOptionId', 'delivery_option_id']],
	'fulfillment.getTracking': [['orderId', 'order_id']],
	'fulfillment.markAsShipped': [
		['orderId', 'order_id'],
		['trackingNumber', 'tracking_number'],
		['shippingProviderId', 'shipping_provider_id'],
	],
	'fulfillment.shipPackage': [
		['packageId', 'package_id'],
		['trackingNumber', 'tracking_number'],
		['shippingProviderId', 'shipping_provider_id'],
	],
	'return.getHistory': [['returnId', 'return_id']],
	'return.resolveToExternalOrder': [
		['returnId', 'return_id'],
		['orderId', 'order_id'],
		['platform', 'platform'],
	],
};

/** Parameters an operation hides (e.g. SKU ID when identifying by seller SKU) stay null rather than missing. */
const NOT_SET = '\u0000not set';

/** The identifying fields of input item `itemIndex` for `resource.operation` (values as the user gave them). */
export function identifyingFields(
	context: IExecuteFunctions,
	resource: string,
	operation: string,
	itemIndex: number,
): IDataObject {
	const fields: IDataObject = {};
	for (const [parameter, field] of IDENTIFYING[`${resource}.${operation}`] ?? []) {
		let value: unknown;
		try {
			value = context.getNodeParameter(parameter, itemIndex, NOT_SET);
		} catch {
			// an expression that failed for this item is the error itself; the field stays empty
			value = NOT_SET;
		}
		fields[field] = value === NOT_SET || value === '' || value === undefined ? null : (value as IDataObject[string]);
	}
	return fields;
}
