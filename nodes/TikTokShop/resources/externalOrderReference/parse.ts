import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { EXTERNAL_PLATFORMS } from '../../../shared/descriptions';
import { parseIdList, requireSingleId } from '../../helpers/parameters';
import { BATCH_LIMITS } from '../../../shared/transport/batching';

// Input validation: all of it runs before any call.

export const PLATFORM_VALUES = EXTERNAL_PLATFORMS.map((platform) => platform.value);

export interface LineItemPair {
	id: string;
	origin_id: string;
}

function fail(context: IExecuteFunctions, message: string, description: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

/** Accepts "Shopify", "shopify", "SHOPIFY" or "order management system"; anything else is refused. */
export function normalizePlatform(context: IExecuteFunctions, raw: unknown, itemIndex: number): string {
	const platform = String(raw ?? '')
		.trim()
		.toUpperCase()
		.replace(/[\s-]+/g, '_');
	if (!PLATFORM_VALUES.includes(platform)) {
		throw fail(
			context,
			raw === undefined || String(raw).trim() === ''
				? 'Platform is empty'
				: `"${String(raw)}" is not a platform TikTok Shop knows`,
			`Use one of: ${PLATFORM_VALUES.join(', ')}. For a platform not in this list pick the closest (for example ORDER_MANAGEMENT_SYSTEM or ERP_SYSTEM).`,
			itemIndex,
		);
	}
	return platform;
}

/** An ID from another system: any non-empty text, or a whole number small enough to be exact. */
export function externalId(context: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string {
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		throw fail(
			context,
			`${label} ${String(raw)} arrived as a number and has lost precision`,
			'Pass the ID as text (a string) from the previous node.',
			itemIndex,
		);
	}
	if (raw !== null && typeof raw === 'object') {
		throw fail(
			context,
			`${label} must be text, not ${Array.isArray(raw) ? 'a list' : 'an object'}`,
			`Map the single ID field, e.g. {{ $json.id }}.`,
			itemIndex,
		);
	}
	const id = String(raw ?? '').trim();
	if (id === '')
		throw fail(
			context,
			`${label} is empty`,
			`Enter the ${label.toLowerCase()} or map it from the input data.`,
			itemIndex,
		);
	return id;
}

const LINE_ITEM_SHAPE =
	'Expected a list like [{"id": "<line item ID in your store>", "origin_id": "<TikTok line item ID>"}]. TikTok line item IDs are in the order\'s line_items[].id.';

function lineItemPair(context: IExecuteFunctions, entry: unknown, position: number, itemIndex: number): LineItemPair {
	const where = `Line item pair ${position + 1}`;
	if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
		throw fail(context, `${where} is not an object`, LINE_ITEM_SHAPE, itemIndex);
	}
	const record = entry as IDataObject;
	const unknownKeys = Object.keys(record).filter((key) => key !== 'id' && key !== 'origin_id');
	if (record.id === undefined || record.origin_id === undefined || unknownKeys.length > 0) {
		const got = Object.keys(record).join(', ') || 'no fields';
		throw fail(
			context,
			`${where} must have exactly the fields "id" and "origin_id" (it has ${got})`,
			LINE_ITEM_SHAPE,
			itemIndex,
		);
	}
	const id = externalId(context, record.id, `${where}: external line item ID`, itemIndex);
	const originId = parseIdList(context, record.origin_id, `${where}: TikTok line item ID`, itemIndex);
	if (originId.length !== 1)
		throw fail(context, `${where}: give one TikTok line item ID, not ${originId.length}`, LINE_ITEM_SHAPE, itemIndex);
	return { id, origin_id: originId[0] };
}

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
	return (Array.isArray(value) ? value : [value]).map((entry: unknown, position) =>
		lineItemPair(context, entry, position, itemIndex),
	);
}

/** The item's pairs from "Define Below" or the JSON field: at least one, at most 100, each TikTok line item once. */
export function lineItemsFor(context: IExecuteFunctions, itemIndex: number): LineItemPair[] {
	const mode = context.getNodeParameter('lineItemMapping', itemIndex, 'fields') as string;
	let pairs: LineItemPair[];
	if (mode === 'fields') {
		const rows =
			(context.getNodeParameter('lineItems.lineItem', itemIndex, []) as Array<{ id?: unknown; originId?: unknown }>) ??
			[];
		pairs = parseLineItems(
			context,
			rows.map((row) => ({ id: row.id ?? '', origin_id: row.originId ?? '' })),
			itemIndex,
		);
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
	const limit = BATCH_LIMITS.externalReferenceLineItems;
	if (pairs.length > limit) {
		throw fail(
			context,
			`Too many line item pairs: ${pairs.length}`,
			`TikTok Shop stores at most ${limit} line item pairs per order.`,
			itemIndex,
		);
	}
	const seen = new Set<string>();
	for (const pair of pairs) {
		if (seen.has(pair.origin_id)) {
			throw fail(
				context,
				`TikTok line item ${pair.origin_id} is paired twice`,
				'Each TikTok line item can be paired with one external line item.',
				itemIndex,
			);
		}
		seen.add(pair.origin_id);
	}
	return pairs;
}

/** The one TikTok order ID of an item (a list is refused: each item links one order). */
export function singleOrderId(context: IExecuteFunctions, itemIndex: number): string {
	const ids = parseIdList(context, context.getNodeParameter('orderId', itemIndex), 'TikTok order ID', itemIndex);
	return requireSingleId(
		context,
		ids,
		'TikTok order ID',
		itemIndex,
		'Split the list into one item per order first (for example with the Split Out node).',
		`Give one TikTok order ID per item, not ${ids.length}`,
	);
}
