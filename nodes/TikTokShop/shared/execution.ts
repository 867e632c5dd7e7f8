import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameterResourceLocator,
} from 'n8n-workflow';

import { resolveShopCipher } from '../transport/shops';

/** An operation receives every input item (so it can batch) and returns output items with pairedItem set. */
export type OperationHandler = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

/** Shop cipher for item `i`, from the node's Shop field (see transport/shops.ts). */
export async function shopCipherFor(this: IExecuteFunctions, itemIndex: number): Promise<string | undefined> {
	const locator = this.getNodeParameter('shop', itemIndex, { mode: 'list', value: '' }) as INodeParameterResourceLocator;
	return await resolveShopCipher.call(this, locator, itemIndex);
}

const errorItems = new WeakSet<INodeExecutionData>();

/**
 * The item a failed input item becomes under "On Error › Continue". With "Continue (regular output)" it keeps
 * context (which order or SKU) next to `error` and `details`; the node adds the identifying fields of its input
 * (shared/identifying.ts). With "Continue (using error output)" it holds only `error` and `details`: n8n moves
 * only items of exactly that shape to the error output, and adds the input item's own fields to them there.
 */
export function errorItem(context: IExecuteFunctions, error: Error, itemIndex: number, extra: IDataObject = {}): INodeExecutionData {
	const described = error as Error & { description?: string };
	const failure: IDataObject = { error: described.message, ...(described.description ? { details: described.description } : {}) };
	const item: INodeExecutionData = { json: routedToErrorOutput(context) ? failure : { ...extra, ...failure }, pairedItem: { item: itemIndex } };
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
export function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
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
	return await validateThenRun(context, items, () => undefined, async (itemIndex) => await handler(itemIndex));
}

/** TikTok IDs are 64-bit: keep them as digit strings, never numbers. */
export function parseIdList(context: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string[] {
	const values = Array.isArray(raw) ? raw : typeof raw === 'number' ? [raw] : String(raw ?? '').split(/[\s,;]+/);
	const lossy = values.find((value) => typeof value === 'number' && !Number.isSafeInteger(value));
	if (lossy !== undefined) {
		throw new NodeOperationError(context.getNode(), `${label} ${String(lossy)} arrived as a number and has lost precision`, {
			description: 'TikTok IDs are longer than JavaScript numbers can hold. Pass them as text (strings) from the previous node.',
			itemIndex,
		});
	}
	const ids = values.map((value) => String(value ?? '').trim()).filter((value) => value !== '');
	if (ids.length === 0) {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			description: `Enter at least one ${label.toLowerCase()}, or map it from the input data.`,
			itemIndex,
		});
	}
	const invalid = ids.find((id) => !/^\d+$/.test(id));
	if (invalid !== undefined) {
		throw new NodeOperationError(context.getNode(), `"${invalid}" is not a valid ${label.toLowerCase()}`, {
			description: 'TikTok Shop IDs contain digits only (for example 576461413038785752). If the ID came from a spreadsheet, make sure it was not turned into a number like 5.76e17.',
			itemIndex,
		});
	}
	return ids;
}

/** Milliseconds `timeZone` is ahead of UTC at the instant `utcMs`. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
	const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wallClock - Math.floor(utcMs / 1000) * 1000;
}

/** The date picker stores wall-clock time without a zone ("2026-01-31T00:00:00"): n8n means the workflow's timezone. */
function parseDate(context: IExecuteFunctions, text: string): number {
	if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text)) return Date.parse(text);
	const wallClock = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`);
	let timeZone = 'UTC';
	try {
		timeZone = context.getTimezone?.() || 'UTC';
		const guess = wallClock - zoneOffsetMs(timeZone, wallClock);
		return wallClock - zoneOffsetMs(timeZone, guess);
	} catch {
		return wallClock;
	}
}

/** n8n date fields produce ISO strings (or DateTime objects in expressions); TikTok wants Unix seconds. */
export function toUnixSeconds(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value > 1e12 ? Math.floor(value / 1000) : Math.floor(value);
	const asText = typeof value === 'object' && value !== null && 'toISO' in value ? String((value as { toISO: () => string }).toISO()) : String(value);
	const millis = /^\d+$/.test(asText) ? Number(asText) * (asText.length > 11 ? 1 : 1000) : parseDate(context, asText);
	if (!Number.isFinite(millis)) {
		throw new NodeOperationError(context.getNode(), `${label} is not a valid date: "${asText}"`, {
			description: 'Use the date picker, an ISO date like 2026-01-31T00:00:00Z, or Unix seconds.',
			itemIndex,
		});
	}
	return Math.floor(millis / 1000);
}
