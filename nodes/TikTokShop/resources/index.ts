import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../helpers/execution';
import { cancellationDescription, cancellationOperations } from './cancellation';
import { externalOrderReferenceDescription, externalOrderReferenceOperations } from './externalOrderReference';
import { fulfillmentDescription, fulfillmentOperations } from './fulfillment';
import { inventoryDescription, inventoryOperations } from './inventory';
import { orderDescription, orderOperations } from './order';
import { productDescription, productOperations } from './product';
import { returnDescription, returnOperations } from './return';
import { shopDescription, shopOperations } from './shop';
import { warehouseDescription, warehouseOperations } from './warehouse';

/** One entry per resource: its UI (description) and its operations. */
export const resources: Record<
	string,
	{ description: INodeProperties[]; operations: Record<string, OperationHandler> }
> = {
	order: { description: orderDescription, operations: orderOperations },
	externalOrderReference: {
		description: externalOrderReferenceDescription,
		operations: externalOrderReferenceOperations,
	},
	product: { description: productDescription, operations: productOperations },
	inventory: { description: inventoryDescription, operations: inventoryOperations },
	warehouse: { description: warehouseDescription, operations: warehouseOperations },
	shop: { description: shopDescription, operations: shopOperations },
	fulfillment: { description: fulfillmentDescription, operations: fulfillmentOperations },
	return: { description: returnDescription, operations: returnOperations },
	cancellation: { description: cancellationDescription, operations: cancellationOperations },
};
