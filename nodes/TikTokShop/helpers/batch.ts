import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator } from 'n8n-workflow';

import { asNodeError, errorItem, shopCipherFor } from './execution';

export type { BatchChunk, BatchEntry, BatchOutcome, BatchPlan, BatchPlanOptions, BatchResults } from './batchPlan';
export { groupBy, planBatch, runBatch, uniqueBy } from './batchPlan';

/**
 * The n8n half of the batch engine used by the operations that send the work of many input items in shared calls
 * (Order › Get, External Order Reference › Create, Inventory › Update and Get Many, Return › Resolve):
 * 1. `prepareBatch`: every item is validated before any call, then each distinct Shop field is resolved once;
 * 2. `planBatch` / `runBatch` (batchPlan.ts): per shop, deduplicated, chunked to TikTok's limit, run concurrently;
 * 3. `batchOutput`: results and errors back on the input items that asked, with pairedItem.
 */

/** A validated input item and its shop. */
export interface PreparedItem<T> {
	itemIndex: number;
	/** The shop cipher, '' for the credential's own shop (see `cipherOf`). */
	shopKey: string;
	input: T;
}

export interface PreparedBatch<T> {
	continueOnFail: boolean;
	/** Items that passed validation and whose shop is known, in input order. */
	items: Array<PreparedItem<T>>;
	/** Why an input item failed (validation, shop, or later a call); only the first reason is kept. */
	failures: Map<number, Error>;
	fail(itemIndex: number, error: Error): void;
	/** `items` that have not failed (yet). */
	live(): Array<PreparedItem<T>>;
}

export interface PrepareOptions {
	/**
	 * A Shop field that cannot be resolved: 'throw' (default) stops the run before any call unless Continue On Fail
	 * is on; 'record' only adds it to `failures`, for an operation that reports all problems together.
	 */
	shopErrors?: 'throw' | 'record';
}

/** The shop cipher of a shop key, as the transport takes it. */
export function cipherOf(shopKey: string): string | undefined {
	return shopKey === '' ? undefined : shopKey;
}

/** Validates every item (no calls; a bad item stops the run unless Continue On Fail), then resolves their shops. */
export async function prepareBatch<T>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	validate: (itemIndex: number) => T,
	{ shopErrors = 'throw' }: PrepareOptions = {},
): Promise<PreparedBatch<T>> {
	const continueOnFail = context.continueOnFail();
	const failures = new Map<number, Error>();
	const fail = (itemIndex: number, error: Error) => {
		if (!failures.has(itemIndex)) failures.set(itemIndex, error);
	};
	const valid: Array<{ itemIndex: number; input: T }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			valid.push({ itemIndex, input: validate(itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(context, error, itemIndex);
			fail(itemIndex, error as Error);
		}
	}
	const shops = await resolveShopKeys(
		context,
		valid.map((item) => item.itemIndex),
	);
	const prepared: Array<PreparedItem<T>> = [];
	for (const { itemIndex, input } of valid) {
		const shop = shops.get(itemIndex);
		if (shop && 'error' in shop) {
			if (!continueOnFail && shopErrors === 'throw') throw asNodeError(context, shop.error, itemIndex);
			fail(itemIndex, shop.error);
		} else prepared.push({ itemIndex, shopKey: shop?.shopKey ?? '', input });
	}
	return {
		continueOnFail,
		items: prepared,
		failures,
		fail,
		live: () => prepared.filter((item) => !failures.has(item.itemIndex)),
	};
}

/** The shop key of each item (or why its Shop field cannot be used), resolved once per distinct Shop field value. */
export async function resolveShopKeys(
	context: IExecuteFunctions,
	itemIndexes: readonly number[],
): Promise<Map<number, { shopKey: string } | { error: Error }>> {
	const byLocator = new Map<string, { shopKey: string } | { error: Error }>();
	const result = new Map<number, { shopKey: string } | { error: Error }>();
	for (const itemIndex of itemIndexes) {
		const locator = context.getNodeParameter('shop', itemIndex, {
			mode: 'list',
			value: '',
		}) as INodeParameterResourceLocator;
		const key = JSON.stringify([locator?.mode, locator?.value]);
		let shop = byLocator.get(key);
		if (!shop) {
			try {
				shop = { shopKey: (await shopCipherFor.call(context, itemIndex)) ?? '' };
			} catch (error) {
				shop = { error: error as Error };
			}
			byLocator.set(key, shop);
		}
		result.set(itemIndex, shop);
	}
	return result;
}

/** One output of an input item: a result, or an error (`context` says which order or SKU it concerns). */
export type ItemResult = { json: IDataObject } | { error: Error; context?: IDataObject };

export interface OutputOptions {
	/** Context for the error item of an item in `failures` (e.g. the SKU it was about). */
	failureContext?: (itemIndex: number) => IDataObject | undefined;
	/** Last touch on the error about to stop the node, e.g. "3 other orders were linked". */
	beforeThrow?: (error: Error & { description?: string | null }, itemIndex: number) => void;
}

/**
 * Output items in input order, each paired with its input item: an item in `failures` gives its error, any other
 * item what `resultsFor` says (nothing for `undefined`). Without Continue On Fail the first error stops the node.
 */
export function batchOutput(
	context: IExecuteFunctions,
	itemCount: number,
	failures: ReadonlyMap<number, Error>,
	resultsFor: (itemIndex: number) => ItemResult[] | undefined,
	{ failureContext, beforeThrow }: OutputOptions = {},
): INodeExecutionData[] {
	const continueOnFail = context.continueOnFail();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const failure = failures.get(itemIndex);
		const results = failure
			? [{ error: failure, context: failureContext?.(itemIndex) }]
			: (resultsFor(itemIndex) ?? []);
		for (const result of results) {
			if ('json' in result) {
				output.push({ json: result.json, pairedItem: { item: itemIndex } });
				continue;
			}
			if (!continueOnFail) {
				const error = asNodeError(context, result.error, itemIndex);
				beforeThrow?.(error, itemIndex);
				throw error;
			}
			output.push(errorItem(context, result.error, itemIndex, result.context));
		}
	}
	return output;
}
