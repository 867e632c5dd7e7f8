import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../../helpers/parameters';

/** The one product ID an operation works on, per input item. */
export function productIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207008',
		description,
		displayOptions: showFor('product', operation),
	};
}
