import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchShops } from '../shared/listSearch/searchShops';
import { resources } from './resources';
import { shopLocator } from '../shared/descriptions';
import { isErrorItem, routedToErrorOutput } from './helpers/execution';
import { identifyingFields } from './helpers/identifying';
import { nameShopInError, nameShopInErrorItems } from '../shared/shopInUse';
import { OUTPUT_SUMMARY, stockSummary } from './helpers/stockSummary';

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
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
		}
		let output: INodeExecutionData[];
		try {
			output = await handler.call(this, items);
		} catch (error) {
			throw await nameShopInError(this, error);
		}
		// error-output items must stay { error, details } for n8n to route them (it adds the input item's fields)
		for (const item of routedToErrorOutput(this) ? [] : output) {
			if (!isErrorItem(item)) continue;
			const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
			const itemIndex = typeof paired === 'object' && paired ? paired.item : 0;
			// what the operation already said about the item (e.g. the SKU IDs found for a seller SKU) wins
			item.json = { ...identifyingFields(this, resource, operation, itemIndex), ...item.json };
		}
		await nameShopInErrorItems(this, output);
		if (resource === 'inventory' && operation === 'update' && this.getNodeParameter('options.output', 0, '') === OUTPUT_SUMMARY) {
			const summary = stockSummary(output, isErrorItem, items.length);
			// failed rows stay separate only where n8n routes them away (the error output)
			return [[summary, ...(routedToErrorOutput(this) ? output.filter(isErrorItem) : [])]];
		}
		return [output];
	}
}
