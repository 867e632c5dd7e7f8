import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import { EXTERNAL_PLATFORMS } from '../../shared/descriptions';
import type { OperationHandler } from '../helpers/execution';
import { asNodeError, errorItem, shopCipherFor, validateThenRun } from '../helpers/execution';
import { parseIdList } from '../helpers/parameters';
import { BATCH_LIMITS, chunk, mapWithConcurrency } from '../../shared/transport/batching';
import { hintForCode } from '../../shared/transport/errors';
import { tikTokApiRequest } from '../../shared/transport/request';
import { ENDPOINTS } from '../../shared/endpoints';

/** Add calls in flight at once (only for calls that touch different orders; see planBatches). */
const ADD_CONCURRENCY = 4;

const PLATFORM_VALUES = EXTERNAL_PLATFORMS.map((platform) => platform.value);

const show = (operations: string[], extra: IDataObject = {}) => ({
	show: { resource: ['externalOrderReference'], operation: operations, ...extra },
});

const tikTokOrderIdField = (operations: string[], description: string): INodeProperties => ({
	displayName: 'TikTok Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 576461413038785752',
	displayOptions: show(operations),
	description,
});

export const externalOrderReferenceDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['externalOrderReference'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an external order reference',
				description:
					'Store the ID of the matching order in your store, OMS or ERP on the TikTok order (writing the same platform again updates it)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get the external order references of an order',
				description: 'See whether a TikTok order is already linked to an order in your store, OMS or ERP',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many external order references',
				description: 'Find the TikTok order linked to an order ID from your store, OMS or ERP',
			},
		],
		default: 'create',
	},

	tikTokOrderIdField(['create'], 'The TikTok Shop order to link'),
	tikTokOrderIdField(['get'], 'The TikTok Shop order whose links to look up'),
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		required: true,
		options: EXTERNAL_PLATFORMS,
		default: 'SHOPIFY',
		displayOptions: show(['create', 'getAll']),
		description: 'Where the external order lives. TikTok keeps one link per platform.',
	},
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		options: [{ name: 'All Platforms', value: '' }, ...EXTERNAL_PLATFORMS],
		default: '',
		displayOptions: show(['get']),
		description:
			'Only return the link for this platform. TikTok answers one platform per call, so "All Platforms" makes 10 calls per order.',
	},
	{
		displayName: 'External Order ID',
		name: 'externalOrderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5512347865234',
		displayOptions: show(['create', 'getAll']),
		description: 'The order ID in your store, OMS or ERP (for example the Shopify order ID)',
	},
	{
		displayName: 'Line Item Mapping',
		name: 'lineItemMapping',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(['create']),
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
		displayOptions: show(['create'], { lineItemMapping: ['fields'] }),
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
		displayOptions: show(['create'], { lineItemMapping: ['json'] }),
		description:
			'An array of pairs: "ID" is the line item ID in your store, "origin_id" the TikTok line item ID, e.g. [{"ID": "13789235", "origin_id": "577086512123755123"}]. At most 100 pairs.',
	},
];

// ── Input validation (all of it runs before any call) ──────────────────────────────────────────────

interface LineItemPair {
	id: string;
	origin_id: string;
}

interface PlannedReference {
	itemIndex: number;
	shopCipher?: string;
	orderId: string;
	externalOrder: { id: string; platform: string; line_items: LineItemPair[] };
}

function fail(context: IExecuteFunctions, message: string, description: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

/** Accepts "Shopify", "shopify", "SHOPIFY" or "order management system"; anything else is refused. */
export function normalizePlatform(context: IExecuteFunctions, raw: unknown, itemIndex: number): string {
	const platform = String(raw ?? '').trim().toUpperCase().replace(/[\s-]+/g, '_');
	if (!PLATFORM_VALUES.includes(platform)) {
		throw fail(
			context,
			raw === undefined || String(raw).trim() === '' ? 'Platform is empty' : `"${String(raw)}" is not a platform TikTok Shop knows`,
			`Use one of: ${PLATFORM_VALUES.join(', ')}. For a platform not in this list pick the closest (for example ORDER_MANAGEMENT_SYSTEM or ERP_SYSTEM).`,
			itemIndex,
		);
	}
	return platform;
}

/** An ID from another system: any non-empty text, or a whole number small enough to be exact. */
function externalId(context: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string {
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw fail(context, `${label} ${String(raw)} arrived as a number and has lost precision`, 'Pass the ID as text (a string) from the previous node.', itemIndex);
	}
	if (raw !== null && typeof raw === 'object') {
		throw fail(context, `${label} must be text, not ${Array.isArray(raw) ? 'a list' : 'an object'}`, `Map the single ID field, e.g. {{ $json.id }}.`, itemIndex);
	}
	const id = String(raw ?? '').trim();
	if (id === '') throw fail(context, `${label} is empty`, `Enter the ${label.toLowerCase()} or map it from the input data.`, itemIndex);
	return id;
}

const LINE_ITEM_SHAPE =
	'Expected a list like [{"id": "<line item ID in your store>", "origin_id": "<TikTok line item ID>"}]. TikTok line item IDs are in the order\'s line_items[].id.';

/** Validates line-item pairs from the JSON field or an expression: an array (or JSON text of one) of {id, origin_id}. */
export function parseLineItems(context: IExecuteFunctions, raw: unknown, itemIndex: number): LineItemPair[] {
	let value = raw;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return [];
		try {
			value = JSON.parse(text);
		} catch {
			throw fail(context, 'Line Items (JSON) is not valid JSON', LINE_ITEM_SHAPE, itemIndex);
		}
	}
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) value = [value];
	const pairs: LineItemPair[] = [];
	(value as unknown[]).forEach((entry, position) => {
		const where = `Line item pair ${position + 1}`;
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
			throw fail(context, `${where} is not an object`, LINE_ITEM_SHAPE, itemIndex);
		}
		const record = entry as IDataObject;
		const unknownKeys = Object.keys(record).filter((key) => key !== 'id' && key !== 'origin_id');
		if (record.id === undefined || record.origin_id === undefined || unknownKeys.length > 0) {
			const got = Object.keys(record).join(', ') || 'no fields';
			throw fail(context, `${where} must have exactly the fields "id" and "origin_id" (it has ${got})`, LINE_ITEM_SHAPE, itemIndex);
		}
		const id = externalId(context, record.id, `${where}: external line item ID`, itemIndex);
		const originId = parseIdList(context, record.origin_id, `${where}: TikTok line item ID`, itemIndex);
		if (originId.length !== 1) throw fail(context, `${where}: give one TikTok line item ID, not ${originId.length}`, LINE_ITEM_SHAPE, itemIndex);
		pairs.push({ id, origin_id: originId[0] });
	});
	return pairs;
}

function lineItemsFor(context: IExecuteFunctions, itemIndex: number): LineItemPair[] {
	const mode = context.getNodeParameter('lineItemMapping', itemIndex, 'fields') as string;
	let pairs: LineItemPair[];
	if (mode === 'fields') {
		const rows = (context.getNodeParameter('lineItems.lineItem', itemIndex, []) as Array<{ id?: unknown; originId?: unknown }>) ?? [];
		pairs = parseLineItems(context, rows.map((row) => ({ id: row.id ?? '', origin_id: row.originId ?? '' })), itemIndex);
	} else {
		pairs = parseLineItems(context, context.getNodeParameter('lineItemsJson', itemIndex, '[]'), itemIndex);
	}
	if (pairs.length === 0) {
		throw fail(
			context,
			'No line item pairs given',
			`TikTok Shop needs at least one pair of external line item ID and TikTok line item ID for each order. ${LINE_ITEM_SHAPE}`,
			itemIndex,
		);
	}
	if (pairs.length > BATCH_LIMITS.externalReferenceLineItems) {
		throw fail(
			context,
			`Too many line item pairs: ${pairs.length}`,
			`TikTok Shop stores at most ${BATCH_LIMITS.externalReferenceLineItems} line item pairs per order.`,
			itemIndex,
		);
	}
	const seen = new Set<string>();
	for (const pair of pairs) {
		if (seen.has(pair.origin_id)) {
			throw fail(context, `TikTok line item ${pair.origin_id} is paired twice`, 'Each TikTok line item can be paired with one external line item.', itemIndex);
		}
		seen.add(pair.origin_id);
	}
	return pairs;
}

function singleOrderId(context: IExecuteFunctions, itemIndex: number): string {
	const ids = parseIdList(context, context.getNodeParameter('orderId', itemIndex), 'TikTok order ID', itemIndex);
	if (ids.length !== 1) {
		throw fail(context, `Give one TikTok order ID per item, not ${ids.length}`, 'Split the list into one item per order first (for example with the Split Out node).', itemIndex);
	}
	return ids[0];
}

// ── Add: batching and error mapping ────────────────────────────────────────────────────────────────

/**
 * Splits the references into calls of at most 100 orders, one shop each. An order that appears twice goes into a
 * later round than its first appearance, so every call names an order at most once (TikTok reports failures by
 * order ID) and the later input item wins, as it would if the items were sent one by one. Rounds run one after
 * another; the calls of a round run concurrently.
 */
export function planBatches(planned: PlannedReference[], size: number = BATCH_LIMITS.externalReferenceOrders): PlannedReference[][][] {
	const rounds: PlannedReference[][] = [];
	const occurrences = new Map<string, number>();
	for (const reference of planned) {
		const key = `${reference.shopCipher ?? ''}|${reference.orderId}`;
		const round = occurrences.get(key) ?? 0;
		occurrences.set(key, round + 1);
		(rounds[round] ??= []).push(reference);
	}
	return rounds.map((round) => {
		const byShop = new Map<string, PlannedReference[]>();
		for (const reference of round) {
			const key = reference.shopCipher ?? '';
			byShop.set(key, [...(byShop.get(key) ?? []), reference]);
		}
		return [...byShop.values()].flatMap((references) => chunk(references, size));
	});
}

interface TikTokReferenceError {
	code?: string | number;
	message?: string;
	detail?: { order_id?: string; external_order?: { id?: string; platform?: string } };
}

type Outcome = { ok: true } | { ok: false; error: Error };

function referenceFailure(context: IExecuteFunctions, failure: TikTokReferenceError, reference: PlannedReference, attributed: boolean): NodeApiError {
	const code = Number(failure.code);
	const message = String(failure.message ?? 'unknown error');
	const hint = hintForCode(code, message, ENDPOINTS.externalReferencesAdd);
	const advice = attributed
		? hint ||
			`Check that ${reference.orderId} is an order of the shop selected in the node, and that the external order ID and line item IDs are right.`
		: 'TikTok did not say which order this error belongs to, so every order of that request is reported. Check them with External Order Reference › Get and run again: writing a link again only updates it.';
	return new NodeApiError(context.getNode(), { code: failure.code ?? null, message, order_id: reference.orderId } as JsonObject, {
		message: `TikTok Shop could not link order ${reference.orderId}: ${Number.isFinite(code) ? `error ${code}: ` : ''}${message}`,
		description: advice,
		itemIndex: reference.itemIndex,
	});
}

async function sendBatch(this: IExecuteFunctions, batch: PlannedReference[]): Promise<Outcome[]> {
	const body = {
		orders: batch.map((reference) => ({
			id: reference.orderId,
			external_order: {
				id: reference.externalOrder.id,
				platform: reference.externalOrder.platform,
				line_items: reference.externalOrder.line_items,
			},
		})),
	};
	let data: { errors?: TikTokReferenceError[] };
	try {
		data = await tikTokApiRequest<{ errors?: TikTokReferenceError[] }>(this, {
			method: 'POST',
			path: ENDPOINTS.externalReferencesAdd,
			body,
			shopCipher: batch[0].shopCipher,
			itemIndex: batch[0].itemIndex,
		});
	} catch (error) {
		// The whole call failed: none of its references were written (or we cannot tell), so each item fails.
		return batch.map(() => ({ ok: false, error: error as Error }));
	}
	const outcomes: Outcome[] = batch.map(() => ({ ok: true }));
	// Partial failures come back under code 0, one entry per failed order.
	for (const failure of data.errors ?? []) {
		const index = batch.findIndex((reference) => reference.orderId === String(failure.detail?.order_id ?? ''));
		if (index >= 0) {
			outcomes[index] = { ok: false, error: referenceFailure(this, failure, batch[index], true) };
		} else {
			batch.forEach((reference, position) => {
				if (outcomes[position].ok) outcomes[position] = { ok: false, error: referenceFailure(this, failure, reference, false) };
			});
		}
	}
	return outcomes;
}

function linkedJson(reference: PlannedReference): IDataObject {
	return { order_id: reference.orderId, linked: true, external_order: { ...reference.externalOrder } };
}

async function add(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const planned: PlannedReference[] = [];
	const outcomes = new Map<number, { reference?: PlannedReference; outcome?: Outcome; inputError?: Error }>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const orderId = singleOrderId(this, itemIndex);
			const platform = normalizePlatform(this, this.getNodeParameter('platform', itemIndex), itemIndex);
			const id = externalId(this, this.getNodeParameter('externalOrderId', itemIndex), 'External order ID', itemIndex);
			const lineItems = lineItemsFor(this, itemIndex);
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const reference: PlannedReference = { itemIndex, shopCipher, orderId, externalOrder: { id, platform, line_items: lineItems } };
			planned.push(reference);
			outcomes.set(itemIndex, { reference });
		} catch (error) {
			// Nothing is written while any item is invalid (unless Continue On Fail lets the valid ones go ahead).
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			outcomes.set(itemIndex, { inputError: error as Error });
		}
	}

	for (const round of planBatches(planned)) {
		const results = await mapWithConcurrency(round, ADD_CONCURRENCY, async (batch) => await sendBatch.call(this, batch));
		round.forEach((batch, batchIndex) => {
			batch.forEach((reference, position) => {
				outcomes.set(reference.itemIndex, { reference, outcome: results[batchIndex][position] });
			});
		});
	}

	const output: INodeExecutionData[] = [];
	const linkedCount = [...outcomes.values()].filter((entry) => entry.outcome?.ok).length;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const entry = outcomes.get(itemIndex);
		if (!entry) continue;
		if (entry.inputError) {
			output.push(errorItem(this, entry.inputError, itemIndex));
			continue;
		}
		const { reference, outcome } = entry;
		if (!reference || !outcome) continue;
		if (outcome.ok) {
			output.push({ json: linkedJson(reference), pairedItem: { item: itemIndex } });
			continue;
		}
		if (!continueOnFail) {
			const error = asNodeError(this, outcome.error, itemIndex);
			if (linkedCount > 0) {
				error.description = `${error.description ?? ''} ${linkedCount} other order(s) in this run were linked; running the workflow again is safe (a link written again is only updated).`.trim();
			}
			throw error;
		}
		output.push(errorItem(this, outcome.error, itemIndex, { order_id: reference.orderId, linked: false, external_order: { ...reference.externalOrder } }));
	}
	return output;
}

// ── Get and Search ─────────────────────────────────────────────────────────────────────────────────

export interface ExternalOrder extends IDataObject {
	id: string;
	platform: string;
	line_items?: LineItemPair[];
}

/** Calls in flight at once when "All Platforms" asks every platform about one order (the throttle still paces them). */
const ALL_PLATFORMS_CONCURRENCY = 4;

/**
 * The links of one order. TikTok requires `platform` on this call
 * (https://partner.tiktokshop.com/docv2/page/get-external-order-references-202406), so an empty platform ("All
 * Platforms") asks each of the 10 platforms in turn and merges the answers: 10 calls per order instead of 1.
 * Any failed call fails the whole lookup: "not linked" must never be claimed from a partial answer.
 */
export async function fetchExternalReferences(
	context: IExecuteFunctions,
	{ orderId, platform, shopCipher, itemIndex }: { orderId: string; platform: string; shopCipher?: string; itemIndex: number },
): Promise<ExternalOrder[]> {
	const platforms = platform ? [platform] : PLATFORM_VALUES;
	const answers = await mapWithConcurrency(platforms, ALL_PLATFORMS_CONCURRENCY, async (asked) => {
		const data = await tikTokApiRequest<{ external_orders?: ExternalOrder[] }>(context, {
			method: 'GET',
			path: ENDPOINTS.externalReferencesOfOrder(orderId),
			qs: { platform: asked },
			shopCipher,
			itemIndex,
		});
		return (data.external_orders ?? []).filter((reference) => reference.platform === asked);
	});
	return mergeReferences(answers);
}

/** Flattens per-platform answers in platform order, dropping a link reported twice. */
export function mergeReferences(answers: ExternalOrder[][]): ExternalOrder[] {
	const seen = new Set<string>();
	const merged: ExternalOrder[] = [];
	for (const reference of answers.flat()) {
		const key = `${reference.platform}|${reference.id}`;
		if (seen.has(key)) continue;
		seen.add(key);
		merged.push(reference);
	}
	return merged;
}

/**
 * One item per link, each `{ order_id, linked: true, external_order }`; an order without links gives one item
 * `{ order_id, linked: false, external_order: null }`, so an IF node on `linked` can skip orders already routed.
 */
async function get(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(itemIndex) => {
			const orderId = singleOrderId(this, itemIndex);
			const rawPlatform = this.getNodeParameter('platform', itemIndex, '');
			const platform = String(rawPlatform ?? '').trim() === '' ? '' : normalizePlatform(this, rawPlatform, itemIndex);
			return { orderId, platform };
		},
		async (itemIndex, { orderId, platform }) => {
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const references = await fetchExternalReferences(this, { orderId, platform, shopCipher, itemIndex });
			if (references.length === 0) return { order_id: orderId, linked: false, external_order: null };
			return references.map((reference) => ({ order_id: orderId, linked: true, external_order: reference }));
		},
	);
}

/**
 * One item per TikTok order linked to the external order, each `{ found: true, order_id, external_order }`; none
 * gives one item `{ found: false, platform, external_order_id }` so the workflow can branch on it.
 */
async function search(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(itemIndex) => ({
			platform: normalizePlatform(this, this.getNodeParameter('platform', itemIndex), itemIndex),
			externalOrderId: externalId(this, this.getNodeParameter('externalOrderId', itemIndex), 'External order ID', itemIndex),
		}),
		async (itemIndex, { platform, externalOrderId }) => {
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const data = await tikTokApiRequest<{ orders?: Array<{ id: string; external_order?: ExternalOrder }> }>(this, {
				method: 'POST',
				path: ENDPOINTS.externalReferencesSearch,
				qs: { platform, external_order_id: externalOrderId },
				// The documented request body is an empty JSON object.
				body: {},
				shopCipher,
				itemIndex,
			});
			const orders = data.orders ?? [];
			if (orders.length === 0) return { found: false, platform, external_order_id: externalOrderId };
			return orders.map((order) => ({ found: true, order_id: String(order.id), external_order: order.external_order ?? null }));
		},
	);
}

export const externalOrderReferenceOperations: Record<string, OperationHandler> = { create: add, get, getAll: search };
