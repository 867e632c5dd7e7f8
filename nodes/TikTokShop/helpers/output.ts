import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { nameShopInError, nameShopInErrorItems } from '../../shared/shopInUse';
import { isErrorItem, routedToErrorOutput, type OperationHandler } from './execution';
import { identifyingFields } from './identifying';
import { OUTPUT_SUMMARY, stockSummary } from './stockSummary';

/** Runs the chosen operation; an error thrown out of it names the shop it concerned. */
export async function runOperation(
	context: IExecuteFunctions,
	handler: OperationHandler,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	try {
		return await handler.call(context, items);
	} catch (error) {
		throw await nameShopInError(context, error);
	}
}

/** Error items of the regular output get the identifying fields of their input item. */
function identifyErrorItems(
	context: IExecuteFunctions,
	resource: string,
	operation: string,
	output: INodeExecutionData[],
): void {
	// error-output items must stay { error, details } for n8n to route them (it adds the input item's fields)
	if (routedToErrorOutput(context)) return;
	for (const item of output) {
		if (!isErrorItem(item)) continue;
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		const itemIndex = typeof paired === 'object' && paired ? paired.item : 0;
		// what the operation already said about the item (e.g. the SKU IDs found for a seller SKU) wins
		item.json = { ...identifyingFields(context, resource, operation, itemIndex), ...item.json };
	}
}

/**
 * The node's output from what the operation returned: failed items say which input they were and which shop,
 * and Inventory › Update with Options › Output "Summary" becomes one summary item.
 */
export async function finishOutput(
	context: IExecuteFunctions,
	{ resource, operation, inputCount }: { resource: string; operation: string; inputCount: number },
	output: INodeExecutionData[],
): Promise<INodeExecutionData[][]> {
	identifyErrorItems(context, resource, operation, output);
	await nameShopInErrorItems(context, output);
	if (
		resource === 'inventory' &&
		operation === 'update' &&
		context.getNodeParameter('options.output', 0, '') === OUTPUT_SUMMARY
	) {
		const summary = stockSummary(output, isErrorItem, inputCount);
		// failed rows stay separate only where n8n routes them away (the error output)
		return [[summary, ...(routedToErrorOutput(context) ? output.filter(isErrorItem) : [])]];
	}
	return [output];
}
