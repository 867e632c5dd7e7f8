import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { planBatch, type BatchChunk, type BatchEntry, type BatchPlan } from '../../helpers/batch';
import { BATCH_LIMITS } from '../../../shared/transport/batching';
import { hintForCode } from '../../../shared/transport/errors';
import { ENDPOINTS } from '../../../shared/endpoints';
import type { LineItemPair } from './parse';

/** One validated input item of Create: the link to write. */
export interface PlannedReference {
	itemIndex: number;
	shopCipher?: string;
	orderId: string;
	externalOrder: { id: string; platform: string; line_items: LineItemPair[] };
}

export interface ReferenceEntry extends BatchEntry {
	reference: PlannedReference;
}

/**
 * Splits the references into calls of at most 100 orders, one shop each. An order that appears twice goes into a
 * later round than its first appearance, so every call names an order at most once (TikTok reports failures by
 * order ID) and the later input item wins, as it would if the items were sent one by one. Rounds run one after
 * another; the calls of a round run concurrently.
 */
export function planReferences(
	planned: PlannedReference[],
	size: number = BATCH_LIMITS.externalReferenceOrders,
): BatchPlan<ReferenceEntry> {
	const entries = planned.map((reference) => ({
		itemIndex: reference.itemIndex,
		shopKey: reference.shopCipher ?? '',
		key: reference.orderId,
		reference,
	}));
	return planBatch(entries, { limit: size, repeats: 'rounds' });
}

/** The references of each call, round by round (planReferences, without the engine's bookkeeping). */
export function planBatches(planned: PlannedReference[], size?: number): PlannedReference[][][] {
	return planReferences(planned, size).rounds.map((round) =>
		round.map((part) => part.entries.map((entry) => entry.reference)),
	);
}

/** One entry of `data.errors` of Add External Order References (partial failure under code 0). */
export interface TikTokReferenceError {
	code?: string | number;
	message?: string;
	detail?: { order_id?: string; external_order?: { id?: string; platform?: string } };
}

function referenceFailure(
	context: IExecuteFunctions,
	failure: TikTokReferenceError,
	reference: PlannedReference,
	attributed: boolean,
): NodeApiError {
	const code = Number(failure.code);
	const message = String(failure.message ?? 'unknown error');
	const hint = hintForCode(code, message, ENDPOINTS.externalReferencesAdd);
	const advice = attributed
		? hint ||
			`Check that ${reference.orderId} is an order of the shop selected in the node, and that the external order ID and line item IDs are right.`
		: 'TikTok did not say which order this error belongs to, so every order of that request is reported. Check them with External Order Reference › Get and run again: writing a link again only updates it.';
	return new NodeApiError(
		context.getNode(),
		{ code: failure.code ?? null, message, order_id: reference.orderId } as JsonObject,
		{
			message: `TikTok Shop could not link order ${reference.orderId}: ${Number.isFinite(code) ? `error ${code}: ` : ''}${message}`,
			description: advice,
			itemIndex: reference.itemIndex,
		},
	);
}

/**
 * Puts TikTok's partial failures on the orders of the call: order ID → its error, or null when it was linked.
 * An error naming no order of the call is put on every order of the call not failed yet.
 */
export function assignReferenceErrors(
	context: IExecuteFunctions,
	part: BatchChunk<ReferenceEntry>,
	errors: TikTokReferenceError[],
): Map<string, NodeApiError | null> {
	const outcomes = new Map<string, NodeApiError | null>(part.keys.map((orderId) => [orderId, null]));
	for (const failure of errors) {
		const named = part.entries.find((entry) => entry.key === String(failure.detail?.order_id ?? ''));
		if (named) {
			outcomes.set(named.key, referenceFailure(context, failure, named.reference, true));
			continue;
		}
		for (const { key, reference } of part.entries) {
			if (outcomes.get(key) === null) outcomes.set(key, referenceFailure(context, failure, reference, false));
		}
	}
	return outcomes;
}
