import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ORDER_STATUSES, returnAllAndLimit } from '../../shared/descriptions';
import type { OperationHandler } from '../helpers/execution';
import { asNodeError, errorItem, shopCipherFor, validateThenRun } from '../helpers/execution';
import { parseIdList, toUnixSeconds } from '../helpers/parameters';
import { BATCH_LIMITS, chunk, mapWithConcurrency } from '../../shared/transport/batching';
import { tikTokApiRequestAllItems } from '../../shared/transport/pagination';
import { WINDOWED_SEARCHES } from '../../shared/transport/windowedSearch';
import { tikTokApiRequest } from '../../shared/transport/request';
import { ENDPOINTS } from '../../shared/endpoints';

const ORDER_SEARCH_MAX_PAGE_SIZE = 100;
/** Detail calls in flight at once; the transport's throttle still paces them below TikTok's rate limit. */
const ORDER_DETAIL_CONCURRENCY = 4;
/** Buyers can still change or cancel an order for about an hour after placing it (see the README, Order › Get Many). */
const DEFAULT_MIN_ORDER_AGE_MINUTES = 60;

const show = (operation: string) => ({ show: { resource: ['order'], operation: [operation] } });

export const orderDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an order',
				description: 'Get the full details of one or more orders by their TikTok order ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many orders',
				description: 'Find orders by status, date, shipping type and more',
			},
		],
		default: 'getAll',
	},

	// ── Get ────────────────────────────────────────────────────────────────────────────────────────
	{
		displayName: 'Order IDs',
		name: 'orderIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 576461413038785752, 576461413038785753',
		displayOptions: show('get'),
		description:
			'TikTok order IDs, separated by commas, or an expression that returns a list. IDs from all input items are fetched together, 50 per request.',
	},
	{
		displayName: 'If an Order Is Not Found',
		name: 'onNotFound',
		type: 'options',
		displayOptions: show('get'),
		options: [
			{
				name: 'Stop With an Error',
				value: 'error',
				description:
					'The node fails and names the missing ID (with "Continue On Fail" on, you get an error item for it instead)',
			},
			{
				name: 'Output an Item Marked as Not Found',
				value: 'outputItem',
				description: 'Outputs { ID, found: false, error } for the missing ID and carries on',
			},
		],
		default: 'error',
		description: 'What to do when TikTok Shop has no order with a requested ID in this shop',
	},

	// ── Search ─────────────────────────────────────────────────────────────────────────────────────
	...returnAllAndLimit('order', 'getAll'),
	{
		displayName: 'Ready to Ship Only',
		name: 'readyToShipOnly',
		type: 'boolean',
		displayOptions: show('getAll'),
		default: false,
		description:
			'Whether to return only orders you can safely send to your warehouse or store: status Awaiting Shipment, not on hold, no cancellation requested by the buyer, and placed at least a minimum number of minutes ago (buyers can still change or cancel a fresh order)',
	},
	{
		displayName: 'Minimum Order Age (Minutes)',
		name: 'minOrderAgeMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		displayOptions: { show: { resource: ['order'], operation: ['getAll'], readyToShipOnly: [true] } },
		default: DEFAULT_MIN_ORDER_AGE_MINUTES,
		description: 'Skip orders placed more recently than this. 60 minutes covers the window in which buyers usually edit or cancel.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: show('getAll'),
		default: {},
		options: [
			{
				displayName: 'Buyer Requested Cancellation',
				name: 'buyerRequestedCancel',
				type: 'boolean',
				default: true,
				description: 'Whether to return only orders whose buyer asked to cancel (on) or only orders without such a request (off)',
			},
			{
				displayName: 'Buyer User ID',
				name: 'buyerUserId',
				type: 'string',
				default: '',
				description: "The buyer's TikTok user ID (the order's user_id)",
			},
			{
				displayName: 'Created After',
				name: 'createTimeFrom',
				type: 'dateTime',
				default: '',
				description: 'Only orders placed at or after this time',
			},
			{
				displayName: 'Created Before',
				name: 'createTimeTo',
				type: 'dateTime',
				default: '',
				description: 'Only orders placed before this time',
			},
			{
				displayName: 'Order Status',
				name: 'orderStatus',
				type: 'options',
				options: ORDER_STATUSES,
				default: 'AWAITING_SHIPMENT',
			},
			{
				displayName: 'Shipping Type',
				name: 'shippingType',
				type: 'options',
				options: [
					{ name: 'Shipped by Seller', value: 'SELLER', description: 'You arrange the shipping yourself' },
					{ name: 'Shipped via TikTok', value: 'TIKTOK', description: "TikTok Shop's shipping service" },
				],
				default: 'SELLER',
			},
			{
				displayName: 'Updated After',
				name: 'updateTimeFrom',
				type: 'dateTime',
				default: '',
				description: 'Only orders changed at or after this time',
			},
			{
				displayName: 'Updated Before',
				name: 'updateTimeTo',
				type: 'dateTime',
				default: '',
				description: 'Only orders changed before this time',
			},
			{
				displayName: 'Warehouse IDs',
				name: 'warehouseIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7068517275539719942',
				description:
					'Only orders shipped from these warehouses (comma-separated, at most 100). Works only for shops with several warehouses; see Warehouse › Get Many for the IDs.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: show('getAll'),
		default: {},
		options: [
			{
				displayName: 'Sort By',
				name: 'sortField',
				type: 'options',
				options: [
					{ name: 'Created Time', value: 'create_time' },
					{ name: 'Updated Time', value: 'update_time' },
				],
				default: 'create_time',
			},
			{
				displayName: 'Sort Order',
				name: 'sortOrder',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'DESC' },
					{ name: 'Oldest First', value: 'ASC' },
				],
				default: 'DESC',
			},
		],
	},
];

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

interface SearchRequest {
	qs: IDataObject;
	body: IDataObject;
	/** Extra check applied to each returned order (Ready to Ship Only). */
	keep?: (order: IDataObject) => boolean;
}

function checkRange(context: IExecuteFunctions, from: number | undefined, to: number | undefined, label: string, itemIndex: number): void {
	if (from !== undefined && to !== undefined && from >= to) {
		throw new NodeOperationError(context.getNode(), `"${label} After" must be earlier than "${label} Before"`, {
			description: 'With these dates no order can match. Swap them or widen the range.',
			itemIndex,
		});
	}
}

/** Turns the node's filters into TikTok's query (sort) and body (filters); throws before any call on bad input. */
export function buildOrderSearch(context: IExecuteFunctions, itemIndex: number, nowMs: number = Date.now()): SearchRequest {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as SearchFilters;
	const options = context.getNodeParameter('options', itemIndex, {}) as { sortField?: string; sortOrder?: string };
	const readyToShipOnly = context.getNodeParameter('readyToShipOnly', itemIndex, false) as boolean;

	const body: IDataObject = {};
	if (filters.orderStatus) body.order_status = filters.orderStatus;
	const createFrom = toUnixSeconds(context, filters.createTimeFrom, 'Created After', itemIndex);
	let createTo = toUnixSeconds(context, filters.createTimeTo, 'Created Before', itemIndex);
	const updateFrom = toUnixSeconds(context, filters.updateTimeFrom, 'Updated After', itemIndex);
	const updateTo = toUnixSeconds(context, filters.updateTimeTo, 'Updated Before', itemIndex);
	checkRange(context, createFrom, createTo, 'Created', itemIndex);
	checkRange(context, updateFrom, updateTo, 'Updated', itemIndex);
	if (filters.shippingType) body.shipping_type = filters.shippingType;
	if (filters.buyerUserId !== undefined && String(filters.buyerUserId).trim() !== '') {
		body.buyer_user_id = parseIdList(context, filters.buyerUserId, 'Buyer user ID', itemIndex)[0];
	}
	if (typeof filters.buyerRequestedCancel === 'boolean') body.is_buyer_request_cancel = filters.buyerRequestedCancel;
	if (filters.warehouseIds !== undefined && String(filters.warehouseIds).trim() !== '') {
		const warehouseIds = [...new Set(parseIdList(context, filters.warehouseIds, 'Warehouse ID', itemIndex))];
		if (warehouseIds.length > 100) {
			throw new NodeOperationError(context.getNode(), `Too many warehouse IDs: ${warehouseIds.length}`, {
				description: 'TikTok Shop accepts at most 100 warehouse IDs in one search. Split them over several searches.',
				itemIndex,
			});
		}
		body.warehouse_ids = warehouseIds;
	}

	let keep: SearchRequest['keep'];
	if (readyToShipOnly) {
		if (body.order_status && body.order_status !== 'AWAITING_SHIPMENT') {
			throw new NodeOperationError(context.getNode(), `"Ready to Ship Only" cannot be combined with Order Status "${String(body.order_status)}"`, {
				description: 'Ready to Ship Only already limits the search to orders Awaiting Shipment. Remove the Order Status filter, or turn Ready to Ship Only off.',
				itemIndex,
			});
		}
		const minutes = Number(context.getNodeParameter('minOrderAgeMinutes', itemIndex, DEFAULT_MIN_ORDER_AGE_MINUTES));
		if (!Number.isFinite(minutes) || minutes < 0) {
			throw new NodeOperationError(context.getNode(), `Minimum Order Age must be 0 or more minutes, not "${String(minutes)}"`, { itemIndex });
		}
		if (body.is_buyer_request_cancel === true) {
			throw new NodeOperationError(context.getNode(), '"Ready to Ship Only" cannot be combined with "Buyer Requested Cancellation" on', {
				description: 'Ready to Ship Only leaves out orders whose buyer asked to cancel. Remove that filter, or turn Ready to Ship Only off.',
				itemIndex,
			});
		}
		body.order_status = 'AWAITING_SHIPMENT';
		// An order with a pending cancellation request should not be sent to the warehouse yet.
		body.is_buyer_request_cancel = false;
		const cutoff = Math.floor(nowMs / 1000 - minutes * 60);
		createTo = createTo === undefined ? cutoff : Math.min(createTo, cutoff);
		checkRange(context, createFrom, createTo, 'Created', itemIndex);
		// ON_HOLD is its own status, so the status filter already drops held orders; the flag check is a safety net
		// for orders TikTok flags as held while they show AWAITING_SHIPMENT.
		keep = (order) => order.is_on_hold_order !== true;
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
	const seen = new Set<string>();
	return orders.filter((order) => {
		const id = String(order.id);
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
}

async function search(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		this,
		items,
		(itemIndex) => {
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
			return { returnAll, limit, ...buildOrderSearch(this, itemIndex) };
		},
		async (itemIndex, { returnAll, limit, qs, body, keep }) => {
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			const orders = await tikTokApiRequestAllItems<IDataObject>(
				this,
				// TikTok reads "no filters" from an empty JSON object; the body is signed as sent.
				{ method: 'POST', path: ENDPOINTS.orderSearch, qs, body, shopCipher, itemIndex },
				{ itemsKey: 'orders', returnAll, limit, maxPageSize: ORDER_SEARCH_MAX_PAGE_SIZE, windowed: WINDOWED_SEARCHES.orders },
			);
			const unique = uniqueById(orders);
			return keep ? unique.filter(keep) : unique;
		},
	);
}

interface DetailRequest {
	/** One entry per input item: the IDs it asked for (deduplicated, in order) and its shop, or why it is invalid. */
	ids?: string[];
	shopCipher?: string;
	error?: Error;
}

interface DetailChunk {
	shopCipher?: string;
	ids: string[];
	firstItem: number;
}

/** What one ID came back as: its order, nothing (unknown), refused as another seller's (21008111), or a failed call. */
export type DetailOutcome = { order: IDataObject } | { missing: true; foreign?: boolean } | { error: Error };

/** TikTok's code for an order ID that does not belong to this seller: https://partner.tiktokshop.com/docv2/page/get-order-detail-202507 */
export const NOT_THIS_SELLERS_ORDER = 21008111;

/** TikTok's error code carried by an error the transport built, if any. */
export function tikTokCodeOf(error: unknown): number | undefined {
	const response = (error as { errorResponse?: { code?: unknown } } | undefined)?.errorResponse;
	const code = Number(response?.code);
	return Number.isFinite(code) && response?.code !== null && response?.code !== undefined ? code : undefined;
}

/**
 * Fetches the details of up to 50 IDs. TikTok may refuse the whole call with 21008111 when one ID belongs to another
 * seller; then the batch is split in halves and each half asked again, until the refused IDs stand alone and every
 * other ID got its order: about 2·log2(50) ≈ 12 extra calls for one bad ID among 50. (When TikTok instead leaves
 * unknown IDs out of the answer, they simply come back missing.) Any other error fails the IDs of that call only.
 */
export async function fetchOrderDetails(
	fetch: (ids: string[]) => Promise<IDataObject[]>,
	ids: string[],
): Promise<Map<string, DetailOutcome>> {
	const outcomes = new Map<string, DetailOutcome>();
	const ask = async (part: string[]): Promise<void> => {
		let orders: IDataObject[];
		try {
			orders = await fetch(part);
		} catch (error) {
			if (tikTokCodeOf(error) === NOT_THIS_SELLERS_ORDER) {
				if (part.length === 1) {
					outcomes.set(part[0], { missing: true, foreign: true });
					return;
				}
				const half = Math.ceil(part.length / 2);
				await ask(part.slice(0, half));
				await ask(part.slice(half));
				return;
			}
			for (const id of part) outcomes.set(id, { error: error as Error });
			return;
		}
		const byId = new Map(orders.map((order) => [String(order.id), order]));
		for (const id of part) {
			const order = byId.get(id);
			outcomes.set(id, order ? { order } : { missing: true });
		}
	};
	await ask(ids);
	return outcomes;
}

function notFoundMessage(id: string): string {
	return `Order not found: TikTok Shop has no order ${id} in this shop`;
}

const NOT_FOUND_HINT =
	"Check that it is a TikTok order ID (not your store's order number) and that it belongs to the shop selected in the node's Shop field.";
const FOREIGN_HINT = `TikTok answered error ${NOT_THIS_SELLERS_ORDER}: the order belongs to another seller; the other orders were fetched without it.`;

/**
 * Collects the IDs of every input item, fetches them together 50 per call (several calls in flight), then hands
 * each input item back its orders in the order it asked for them. Missing IDs are always reported.
 */
async function get(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const requests: DetailRequest[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const raw = this.getNodeParameter('orderIds', itemIndex);
			const ids = [...new Set(parseIdList(this, raw, 'Order ID', itemIndex))];
			const shopCipher = await shopCipherFor.call(this, itemIndex);
			requests.push({ ids, shopCipher });
		} catch (error) {
			// Bad input stops the node before any order is fetched.
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			requests.push({ error: error as Error });
		}
	}

	// Unique IDs per shop, in order of first request, in chunks of 50.
	const byShop = new Map<string, { shopCipher?: string; ids: string[]; firstItemById: Map<string, number> }>();
	requests.forEach((request, itemIndex) => {
		if (!request.ids) return;
		const key = request.shopCipher ?? '';
		let group = byShop.get(key);
		if (!group) byShop.set(key, (group = { shopCipher: request.shopCipher, ids: [], firstItemById: new Map() }));
		for (const id of request.ids) {
			if (group.firstItemById.has(id)) continue;
			group.firstItemById.set(id, itemIndex);
			group.ids.push(id);
		}
	});
	const chunks: DetailChunk[] = [];
	for (const group of byShop.values()) {
		for (const ids of chunk(group.ids, BATCH_LIMITS.orderIds)) {
			chunks.push({ shopCipher: group.shopCipher, ids, firstItem: group.firstItemById.get(ids[0]) ?? 0 });
		}
	}

	const results = await mapWithConcurrency(chunks, ORDER_DETAIL_CONCURRENCY, async (part) =>
		await fetchOrderDetails(async (ids) => {
			const data = await tikTokApiRequest<{ orders?: IDataObject[] }>(this, {
				method: 'GET',
				path: ENDPOINTS.orderDetail,
				qs: { ids: ids.join(',') },
				shopCipher: part.shopCipher,
				itemIndex: part.firstItem,
			});
			return data.orders ?? [];
		}, part.ids),
	);
	const resultById = new Map<string, DetailOutcome>();
	chunks.forEach((part, index) => {
		for (const [id, outcome] of results[index]) resultById.set(`${part.shopCipher ?? ''}|${id}`, outcome);
	});

	const onNotFound = this.getNodeParameter('onNotFound', 0, 'error') as string;
	const output: INodeExecutionData[] = [];
	requests.forEach((request, itemIndex) => {
		if (request.error || !request.ids) {
			output.push(errorItem(this, request.error ?? new Error('No order IDs'), itemIndex));
			return;
		}
		for (const id of request.ids) {
			const result = resultById.get(`${request.shopCipher ?? ''}|${id}`);
			if (!result || 'error' in result) {
				const error = result?.error ?? new Error(`Order ${id} was not fetched`);
				if (!continueOnFail) throw asNodeError(this, error, itemIndex);
				output.push(errorItem(this, error, itemIndex, { id }));
				continue;
			}
			if ('order' in result) {
				output.push({ json: result.order, pairedItem: { item: itemIndex } });
				continue;
			}
			const details = result.foreign ? `${NOT_FOUND_HINT} ${FOREIGN_HINT}` : NOT_FOUND_HINT;
			if (onNotFound === 'error') {
				const error = new NodeOperationError(this.getNode(), notFoundMessage(id), { description: details, itemIndex });
				if (!continueOnFail) throw error;
				output.push(errorItem(this, error, itemIndex, { id, found: false }));
				continue;
			}
			output.push({ json: { id, found: false, error: notFoundMessage(id), details }, pairedItem: { item: itemIndex } });
		}
	});
	return output;
}

export const orderOperations: Record<string, OperationHandler> = { get, getAll: search };
