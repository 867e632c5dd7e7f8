import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { parseIdList, toUnixSeconds } from '../../helpers/parameters';
import { uniqueBy } from '../../helpers/batchPlan';

/** Buyers can still change or cancel an order for about an hour after placing it (docs/operations/order.md, Get Many). */
export const DEFAULT_MIN_ORDER_AGE_MINUTES = 60;

interface SearchFilters {
	buyerRequestedCancel?: boolean;
	buyerUserId?: string;
	createTimeFrom?: string;
	createTimeTo?: string;
	orderStatus?: string;
	shippingType?: string;
	updateTimeFrom?: string;
	updateTimeTo?: string;
	warehouseIds?: string | string[];
}

export interface SearchRequest {
	qs: IDataObject;
	body: IDataObject;
	/** Extra check applied to each returned order (Ready to Ship Only). */
	keep?: (order: IDataObject) => boolean;
}

function checkRange(
	context: IExecuteFunctions,
	from: number | undefined,
	to: number | undefined,
	label: string,
	itemIndex: number,
): void {
	if (from !== undefined && to !== undefined && from >= to) {
		throw new NodeOperationError(context.getNode(), `"${label} After" must be earlier than "${label} Before"`, {
			description: 'With these dates no order can match. Swap them or widen the range.',
			itemIndex,
		});
	}
}

function warehouseIdsOf(
	context: IExecuteFunctions,
	raw: SearchFilters['warehouseIds'],
	itemIndex: number,
): string[] | undefined {
	if (raw === undefined || String(raw).trim() === '') return undefined;
	const warehouseIds = [...new Set(parseIdList(context, raw, 'Warehouse ID', itemIndex))];
	if (warehouseIds.length > 100) {
		throw new NodeOperationError(context.getNode(), `Too many warehouse IDs: ${warehouseIds.length}`, {
			description: 'TikTok Shop accepts at most 100 warehouse IDs in one search. Split them over several searches.',
			itemIndex,
		});
	}
	return warehouseIds;
}

/** The filters of the Filters collection, in TikTok's body fields; dates stay apart (Ready to Ship Only moves one). */
function filterBody(context: IExecuteFunctions, filters: SearchFilters, itemIndex: number): IDataObject {
	const body: IDataObject = {};
	if (filters.orderStatus) body.order_status = filters.orderStatus;
	if (filters.shippingType) body.shipping_type = filters.shippingType;
	if (filters.buyerUserId !== undefined && String(filters.buyerUserId).trim() !== '') {
		body.buyer_user_id = parseIdList(context, filters.buyerUserId, 'Buyer user ID', itemIndex)[0];
	}
	if (typeof filters.buyerRequestedCancel === 'boolean') body.is_buyer_request_cancel = filters.buyerRequestedCancel;
	const warehouseIds = warehouseIdsOf(context, filters.warehouseIds, itemIndex);
	if (warehouseIds) body.warehouse_ids = warehouseIds;
	return body;
}

/**
 * Ready to Ship Only: Awaiting Shipment, no cancellation requested, placed at least the minimum age ago. Sets the
 * body's status and cancel flag and returns the latest allowed creation time and the check on each returned order.
 */
function readyToShip(
	context: IExecuteFunctions,
	body: IDataObject,
	itemIndex: number,
	nowMs: number,
): { createdBefore: number; keep: SearchRequest['keep'] } {
	if (body.order_status && body.order_status !== 'AWAITING_SHIPMENT') {
		throw new NodeOperationError(
			context.getNode(),
			`"Ready to Ship Only" cannot be combined with Order Status "${String(body.order_status)}"`,
			{
				description:
					'Ready to Ship Only already limits the search to orders Awaiting Shipment. Remove the Order Status filter, or turn Ready to Ship Only off.',
				itemIndex,
			},
		);
	}
	const minutes = Number(context.getNodeParameter('minOrderAgeMinutes', itemIndex, DEFAULT_MIN_ORDER_AGE_MINUTES));
	if (!Number.isFinite(minutes) || minutes < 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Minimum Order Age must be 0 or more minutes, not "${String(minutes)}"`,
			{ itemIndex },
		);
	}
	if (body.is_buyer_request_cancel === true) {
		throw new NodeOperationError(
			context.getNode(),
			'"Ready to Ship Only" cannot be combined with "Buyer Requested Cancellation" on',
			{
				description:
					'Ready to Ship Only leaves out orders whose buyer asked to cancel. Remove that filter, or turn Ready to Ship Only off.',
				itemIndex,
			},
		);
	}
	body.order_status = 'AWAITING_SHIPMENT';
	// An order with a pending cancellation request should not be sent to the warehouse yet.
	body.is_buyer_request_cancel = false;
	// ON_HOLD is its own status, so the status filter already drops held orders; the flag check is a safety net
	// for orders TikTok flags as held while they show AWAITING_SHIPMENT.
	return { createdBefore: Math.floor(nowMs / 1000 - minutes * 60), keep: (order) => order.is_on_hold_order !== true };
}

/** Turns the node's filters into TikTok's query (sort) and body (filters); throws before any call on bad input. */
export function buildOrderSearch(
	context: IExecuteFunctions,
	itemIndex: number,
	nowMs: number = Date.now(),
): SearchRequest {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as SearchFilters;
	const options = context.getNodeParameter('options', itemIndex, {}) as { sortField?: string; sortOrder?: string };
	const readyToShipOnly = context.getNodeParameter('readyToShipOnly', itemIndex, false) as boolean;

	const createFrom = toUnixSeconds(context, filters.createTimeFrom, 'Created After', itemIndex);
	let createTo = toUnixSeconds(context, filters.createTimeTo, 'Created Before', itemIndex);
	const updateFrom = toUnixSeconds(context, filters.updateTimeFrom, 'Updated After', itemIndex);
	const updateTo = toUnixSeconds(context, filters.updateTimeTo, 'Updated Before', itemIndex);
	checkRange(context, createFrom, createTo, 'Created', itemIndex);
	checkRange(context, updateFrom, updateTo, 'Updated', itemIndex);
	const body = filterBody(context, filters, itemIndex);

	let keep: SearchRequest['keep'];
	if (readyToShipOnly) {
		const ready = readyToShip(context, body, itemIndex, nowMs);
		createTo = createTo === undefined ? ready.createdBefore : Math.min(createTo, ready.createdBefore);
		checkRange(context, createFrom, createTo, 'Created', itemIndex);
		keep = ready.keep;
	}
	if (createFrom !== undefined) body.create_time_ge = createFrom;
	if (createTo !== undefined) body.create_time_lt = createTo;
	if (updateFrom !== undefined) body.update_time_ge = updateFrom;
	if (updateTo !== undefined) body.update_time_lt = updateTo;

	const qs: IDataObject = {};
	if (options.sortField) qs.sort_field = options.sortField;
	if (options.sortOrder) qs.sort_order = options.sortOrder;
	return { qs, body, keep };
}

/** Orders that moved between pages while we paged (e.g. sorted by update time) come back twice: keep the first. */
export function uniqueById<T extends IDataObject>(orders: T[]): T[] {
	return uniqueBy(orders, (order) => String(order.id));
}
