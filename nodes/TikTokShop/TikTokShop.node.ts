import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { searchShops } from '../shared/listSearch/searchShops';
import { resources } from './resources';
import { shopLocator } from '../shared/descriptions';
import { finishOutput, runOperation } from './helpers/output';

const resourceProperties = Object.values(resources).flatMap((resource) => resource.description);

export class TikTokShop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop',
		name: 'tikTokShop',
		icon: { light: 'file:../../icons/tiktokShop.svg', dark: 'file:../../icons/tiktokShop.dark.svg' },
		group: ['transform'],
		version: 1,
		// The words the user picked ("Get Many: Order"), derived from the camelCase values, which spell the option names
		// (test/unit/node-descriptions.test.ts checks every resource and operation)
		subtitle:
			'={{ $parameter["operation"] === "getAll" ? "Get Many" : $parameter["operation"].replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase()).replace(/ (To|As|By|Of) /g, (w) => w.toLowerCase()) }}: {{ $parameter["resource"].replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase()) }}',
		description: 'Work with TikTok Shop orders, external order references, products, stock, fulfillment and returns',
		defaults: { name: 'TikTok Shop' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokShopApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Cancellation', value: 'cancellation' },
					{ name: 'External Order Reference', value: 'externalOrderReference' },
					{ name: 'Fulfillment', value: 'fulfillment' },
					{ name: 'Inventory', value: 'inventory' },
					{ name: 'Order', value: 'order' },
					{ name: 'Product', value: 'product' },
					{ name: 'Return', value: 'return' },
					{ name: 'Shop', value: 'shop' },
					{ name: 'Warehouse', value: 'warehouse' },
				],
				default: 'order',
			},
			// Resource, then Operation, then Shop, then the operation's own fields.
			...resourceProperties.filter((property) => property.name === 'operation'),
			{
				...shopLocator,
				displayOptions: { hide: { resource: ['shop'] } },
			},
			...resourceProperties.filter((property) => property.name !== 'operation'),
		],
	};

	methods = {
		listSearch: { searchShops },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = resources[resource]?.operations[operation];
		if (!handler) {
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported for resource "${resource}"`,
			);
		}
		const output = await runOperation(this, handler, items);
		return await finishOutput(this, { resource, operation, inputCount: items.length }, output);
	}
}
