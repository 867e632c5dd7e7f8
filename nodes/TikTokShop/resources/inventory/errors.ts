/** The n8n errors Inventory › Update puts on its items. */
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { asNodeError } from '../../helpers/execution';
import { inventoryHint } from './hints';
import type { ItemProblem } from './types';

export type ItemError = NodeApiError | NodeOperationError;

export function operationError(
	context: IExecuteFunctions,
	message: string,
	description: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

/** TikTok's refusal of one item inside an answer (a `data.errors` entry, or a whole call refused for a 0). */
export function refusalError(context: IExecuteFunctions, problem: ItemProblem, itemIndex: number): NodeApiError {
	return new NodeApiError(context.getNode(), { code: problem.code ?? null, message: problem.message } as JsonObject, {
		message: problem.message,
		description: problem.description,
		itemIndex,
	});
}

/** Keeps TikTok's error (code, request ID, hint), says which product it concerns and adds the stock-specific hint. */
export function withContext(context: IExecuteFunctions, error: Error, itemIndex: number, prefix: string): ItemError {
	const source = asNodeError(context, error, itemIndex);
	if (source instanceof NodeApiError) {
		const code = source.errorResponse?.code as string | number | undefined;
		const known = code !== undefined && !/^Check the product, SKU/.test(inventoryHint(code));
		const description = [known ? inventoryHint(code) : '', source.description ?? ''].filter(Boolean).join(' ');
		return new NodeApiError(context.getNode(), { message: source.message, code: code ?? null } as JsonObject, {
			message: `${prefix}: ${source.message}`,
			description: description || undefined,
			httpCode: source.httpCode ?? undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(context.getNode(), `${prefix}: ${source.message}`, {
		description: source.description ?? undefined,
		itemIndex,
	});
}
