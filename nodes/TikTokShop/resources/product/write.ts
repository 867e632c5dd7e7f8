import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { asNodeError } from '../../helpers/execution';

// What Update Price, Activate and Deactivate share.

/** Calls in flight at once for one write operation. */
export const WRITE_CONCURRENCY = 4;

/** Adds the item and what to do to an error from the transport, keeping TikTok's code and request ID. */
export function explain(
	context: IExecuteFunctions,
	error: Error,
	itemIndex: number,
	prefix: string,
	hint: string,
): NodeApiError | NodeOperationError {
	const source = asNodeError(context, error, itemIndex);
	const description = [hint, source.description ?? ''].filter(Boolean).join(' ');
	if (source instanceof NodeApiError) {
		return new NodeApiError(
			context.getNode(),
			{
				message: source.message,
				code: (source.errorResponse?.code as string | number | undefined) ?? null,
			} as JsonObject,
			{
				message: `${prefix}: ${source.message}`,
				description: description || undefined,
				httpCode: source.httpCode ?? undefined,
				itemIndex,
			},
		);
	}
	return new NodeOperationError(context.getNode(), `${prefix}: ${source.message}`, {
		description: description || undefined,
		itemIndex,
	});
}

/** The error that stops the node says how many other changes were made, so the user knows a rerun is safe. */
export function noteDone(done: number, doneWord: string): (error: Error & { description?: string | null }) => void {
	return (error) => {
		if (done > 0)
			error.description =
				`${error.description ?? ''} ${done} other ${doneWord} in this run went through; running it again is safe.`.trim();
	};
}
