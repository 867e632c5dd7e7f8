import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Shop picker shared by every shop-scoped operation and the triggers. */
export const shopLocator: INodeProperties = {
	displayName: 'Shop',
	name: 'shop',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		'The shop to work on. Leave empty when the credential has a Shop Cipher or is authorized for a single shop.',
	hint: 'Empty: the credential\'s shop (its Shop Cipher, or its only shop). The list marks it "used when Shop is empty".',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: "The credential's shop",
			typeOptions: { searchListMethod: 'searchShops', searchable: true },
		},
		{
			displayName: 'By Shop Cipher',
			name: 'cipher',
			type: 'string',
			placeholder: 'e.g. ROW_AbCdEf12345',
		},
		{
			displayName: 'By Shop ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 7000714532876273420',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\d+$', errorMessage: 'A shop ID contains digits only' },
				},
			],
		},
	],
};

/** An options field whose default is its first option. */
export function choice(
	displayName: string,
	name: string,
	options: INodePropertyOptions[],
	description?: string,
): INodeProperties {
	const first = options[0].value;
	return { displayName, name, type: 'options', options, default: first, ...(description ? { description } : {}) };
}

/**
 * A collection of optional fields the user adds one by one ("Add option"): a node's Options or Filters. List the
 * fields in alphabetical order, as n8n's lint wants for collections.
 */
export function optionalFields(
	displayName: string,
	name: string,
	placeholder: string,
	options: INodeProperties[],
): INodeProperties {
	return { displayName, name, type: 'collection', placeholder, default: {}, options };
}

/** "Return All" + "Limit" for a list operation, shown for the given resource and operation. */
export function returnAllAndLimit(resource: string, operation: string, maxLimit?: number): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show: { resource: [resource], operation: [operation] } },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { resource: [resource], operation: [operation], returnAll: [false] } },
			typeOptions: { minValue: 1, ...(maxLimit ? { maxValue: maxLimit } : {}) },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** TikTok's 10 external platforms: https://partner.tiktokshop.com/docv2/page/add-external-order-references-202406 */
export const EXTERNAL_PLATFORMS = [
	{ name: 'Amazon', value: 'AMAZON' },
	{ name: 'BigCommerce', value: 'BIGCOMMERCE' },
	{ name: 'ChannelAdvisor', value: 'CHANNEL_ADVISOR' },
	{ name: 'ERP System', value: 'ERP_SYSTEM' },
	{ name: 'Magento', value: 'MAGENTO' },
	{ name: 'Order Management System (OMS)', value: 'ORDER_MANAGEMENT_SYSTEM' },
	{ name: 'Salesforce Commerce Cloud', value: 'SALESFORCE_COMMERCE_CLOUD' },
	{ name: 'Shopify', value: 'SHOPIFY' },
	{ name: 'Warehouse Management System (WMS)', value: 'WAREHOUSE_MANAGEMENT_SYSTEM' },
	{ name: 'WooCommerce', value: 'WOOCOMMERCE' },
];

/** Order statuses as the API spells them (webhooks say CANCEL for CANCELLED). */
export const ORDER_STATUSES = [
	{ name: 'Unpaid', value: 'UNPAID' },
	{ name: 'On Hold', value: 'ON_HOLD' },
	{ name: 'Awaiting Shipment', value: 'AWAITING_SHIPMENT' },
	{ name: 'Partially Shipping', value: 'PARTIALLY_SHIPPING' },
	{ name: 'Awaiting Collection', value: 'AWAITING_COLLECTION' },
	{ name: 'In Transit', value: 'IN_TRANSIT' },
	{ name: 'Delivered', value: 'DELIVERED' },
	{ name: 'Completed', value: 'COMPLETED' },
	{ name: 'Cancelled', value: 'CANCELLED' },
];

/** The order statuses alphabetically, as the triggers' status pickers list them. */
export const ORDER_STATUSES_BY_NAME = [...ORDER_STATUSES].sort((a, b) => a.name.localeCompare(b.name));
