import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';

import { resolveShopCipher } from '../../shared/transport/shops';

/** An operation receives every input item (so it can batch) and returns output items with pairedItem set. */
export type OperationHandler = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

/** Shop cipher for item `i`, from the node's Shop field (see transport/shops.ts). */
export async function shopCipherFor(this: IExecuteFunctions, itemIndex: number): Promise<string | undefined> {
	const locator = this.getNodeParameter('shop', itemIndex, {
		mode: 'list',
		value: '',
	}) as INodeParameterResourceLocator;
	return await resolveShopCipher.call(this, locator, itemIndex);
}

const errorItems = new WeakSet<INodeExecutionData>();

/**
 * The item a failed input item becomes under "On Error › Continue". With "Continue (regular output)" it keeps
 * context (which order or SKU) next to `error` and `details`; the node adds the identifying fields of its input
 * (shared/identifying.ts). With "Continue (using error output)" it holds only `error` and `details`: n8n moves
 * only items of exactly that shape to the error output, and adds the input item's own fields to them there.
 */
export function errorItem(
	context: IExecuteFunctions,
	error: Error,
	itemIndex: number,
	extra: IDataObject = {},
): INodeExecutionData {
	const described = error as Error & { description?: string };
	const failure: IDataObject = {
		error: described.message,
		...(described.description ? { details: described.description } : {}),
	};
	const item: INodeExecutionData = {
		json: routedToErrorOutput(context) ? failure : { ...extra, ...failure },
		pairedItem: { item: itemIndex },
	};
	errorItems.add(item);
	return item;
}

/** "On Error › Continue (using error output)". */
export function routedToErrorOutput(context: IExecuteFunctions): boolean {
	return context.getNode().onError === 'continueErrorOutput';
}

/** Whether `item` came from `errorItem` (a failed input item), as opposed to a result. */
export function isErrorItem(item: INodeExecutionData): boolean {
	return errorItems.has(item);
}

/** Errors thrown out of the node are n8n errors that name the failing item. */
export function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * Runs an operation item by item in two passes: every item's parameters are checked first (`validate`, no calls),
 * so a bad item stops the run before anything is sent; then `run` makes the calls. Output items are linked to
 * their input item, and with "Continue On Fail" a failing item becomes an error item while the others go on.
 */
export async function validateThenRun<T>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	validate: (itemIndex: number) => T,
	run: (itemIndex: number, input: T) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const inputs: Array<{ input?: T; error?: Error }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			inputs.push({ input: validate(i) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(context, error, i);
			inputs.push({ error: error as Error });
		}
	}
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const { input, error } = inputs[i];
		if (error) {
			output.push(errorItem(context, error, i));
			continue;
		}
		let result: IDataObject | IDataObject[];
		try {
			result = await run(i, input as T);
		} catch (failure) {
			if (!continueOnFail) throw asNodeError(context, failure, i);
			output.push(errorItem(context, failure as Error, i));
			continue;
		}
		for (const json of Array.isArray(result) ? result : [result]) output.push({ json, pairedItem: { item: i } });
	}
	return output;
}

/** `validateThenRun` for operations without parameters to check up front. */
export async function forEachItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	handler: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		context,
		items,
		() => undefined,
		async (itemIndex) => await handler(itemIndex),
	);
}
