import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchOutput, cipherOf, prepareBatch, runBatch, type BatchChunk, type BatchOutcome } from '../../helpers/batch';
import { showFor } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';
import { externalOrderIdField, platformField, tikTokOrderIdField } from './fields';
import { externalId, lineItemsFor, normalizePlatform, singleOrderId } from './parse';
import { assignReferenceErrors, planReferences } from './plan';
import type { PlannedReference, ReferenceEntry, TikTokReferenceError } from './plan';

// https://partner.tiktokshop.com/docv2/page/add-external-order-references-202406

/** Add calls in flight at once (only for calls that touch different orders; see planReferences). */
const ADD_CONCURRENCY = 4;

export const description: INodeProperties[] = [
	tikTokOrderIdField('create', 'The TikTok Shop order to link'),
	platformField('create'),
	externalOrderIdField('create'),
	{
		displayName: 'Line Item Mapping',
		name: 'lineItemMapping',
		type: 'options',
		noDataExpression: true,
		displayOptions: showFor('externalOrderReference', 'create'),
		options: [
			{
				name: 'Define Below',
				value: 'fields',
				description: 'Pair each external line item with a TikTok line item one by one',
			},
			{
				name: 'Using JSON',
				value: 'json',
				description: 'Give the pairs as a JSON array, usually from an expression',
			},
		],
		default: 'fields',
		description:
			'Which line item of the external order is which TikTok line item. TikTok requires at least one pair; returns tools use them to match returned items.',
	},
	{
		displayName: 'Line Items',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Line Item Pair',
		default: {},
		displayOptions: showFor('externalOrderReference', 'create', { lineItemMapping: ['fields'] }),
		options: [
			{
				displayName: 'Line Item',
				name: 'lineItem',
				values: [
					{
						displayName: 'External Line Item ID',
						name: 'id',
						type: 'string',
						default: '',
						description: 'Line item ID in your store, OMS or ERP',
					},
					{
						displayName: 'TikTok Line Item ID',
						name: 'originId',
						type: 'string',
						default: '',
						description: "The TikTok order's line item ID (line_items[].ID in the order)",
					},
				],
			},
		],
	},
	{
		displayName: 'Line Items (JSON)',
		name: 'lineItemsJson',
		type: 'json',
		default: '[]',
		displayOptions: showFor('externalOrderReference', 'create', { lineItemMapping: ['json'] }),
		description:
			'An array of pairs: "ID" is the line item ID in your store, "origin_id" the TikTok line item ID, e.g. [{"ID": "13789235", "origin_id": "577086512123755123"}]. At most 100 pairs.',
	},
];

function validate(context: IExecuteFunctions, itemIndex: number): Omit<PlannedReference, 'shopCipher'> {
	const orderId = singleOrderId(context, itemIndex);
	const platform = normalizePlatform(context, context.getNodeParameter('platform', itemIndex), itemIndex);
	const id = externalId(
		context,
		context.getNodeParameter('externalOrderId', itemIndex),
		'External order ID',
		itemIndex,
	);
	return { itemIndex, orderId, externalOrder: { id, platform, line_items: lineItemsFor(context, itemIndex) } };
}

/** One Add call. A failed call fails all its orders (none was written, or we cannot tell): the engine reports it on each. */
async function sendBatch(
	context: IExecuteFunctions,
	part: BatchChunk<ReferenceEntry>,
): Promise<Map<string, Error | null>> {
	const orders = part.entries.map(({ reference }) => ({
		id: reference.orderId,
		external_order: {
			id: reference.externalOrder.id,
			platform: reference.externalOrder.platform,
			line_items: reference.externalOrder.line_items,
		},
	}));
	const data = await tikTokApiRequest<{ errors?: TikTokReferenceError[] }>(context, {
		method: 'POST',
		path: ENDPOINTS.externalReferencesAdd,
		body: { orders },
		shopCipher: cipherOf(part.shopKey),
		itemIndex: part.firstItem,
	});
	// Partial failures come back under code 0, one entry per failed order.
	return assignReferenceErrors(context, part, data.errors ?? []);
}

function linkedJson(reference: PlannedReference, linked: boolean): IDataObject {
	return { order_id: reference.orderId, linked, external_order: { ...reference.externalOrder } };
}

/** Why an order was not linked, or undefined when it was. */
function failureOf(outcome: BatchOutcome<Error | null>): Error | undefined {
	if ('error' in outcome) return outcome.error;
	if ('value' in outcome) return outcome.value ?? undefined;
	return new Error('TikTok Shop did not answer for this order');
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Nothing is written while any item is invalid (unless Continue On Fail lets the valid ones go ahead).
	const batch = await prepareBatch(this, items, (itemIndex) => validate(this, itemIndex));
	const plan = planReferences(batch.live().map(({ shopKey, input }) => ({ ...input, shopCipher: cipherOf(shopKey) })));
	const results = await runBatch(plan, ADD_CONCURRENCY, async (part) => await sendBatch(this, part));
	// Each item is one entry (rounds keep repeated orders apart), so its outcome is its own.
	const sentOf = new Map<number, { reference: PlannedReference; error?: Error }>();
	for (const entry of plan.rounds.flat().flatMap((part) => part.entries)) {
		sentOf.set(entry.itemIndex, { reference: entry.reference, error: failureOf(results.get(entry)) });
	}
	const linkedCount = [...sentOf.values()].filter((sent) => !sent.error).length;
	return batchOutput(
		this,
		items.length,
		batch.failures,
		(itemIndex) => {
			const sent = sentOf.get(itemIndex);
			if (!sent) return undefined;
			return [
				sent.error
					? { error: sent.error, context: linkedJson(sent.reference, false) }
					: { json: linkedJson(sent.reference, true) },
			];
		},
		{
			beforeThrow: (error) => {
				if (linkedCount === 0) return;
				error.description =
					`${error.description ?? ''} ${linkedCount} other order(s) in this run were linked; running the workflow again is safe (a link written again is only updated).`.trim();
			},
		},
	);
}
