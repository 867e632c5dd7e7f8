import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameterResourceLocator,
	type INodeProperties,
} from 'n8n-workflow';

import { EXTERNAL_PLATFORMS, returnAllAndLimit } from '../../shared/descriptions';
import type { OperationHandler } from '../helpers/execution';
import { asNodeError, errorItem, shopCipherFor, validateThenRun } from '../helpers/execution';
import { parseIdList, toUnixSeconds } from '../helpers/parameters';
import { chunk, mapWithConcurrency } from '../../shared/transport/batching';
import { tikTokApiRequestAllItems } from '../../shared/transport/pagination';
import { WINDOWED_SEARCHES } from '../../shared/transport/windowedSearch';
import { tikTokApiRequest } from '../../shared/transport/request';
import { fetchExternalReferences } from './externalOrderReference';
import { ENDPOINTS } from '../../shared/endpoints';

// https://partner.tiktokshop.com/docv2/page/search-returns-202309
/** TikTok documents no maximum for the ID filters; 100 is what every other list in this API allows. */
const MAX_FILTER_IDS = 100;
/** Returns per search when resolving: page_size must be 10 to 50 (https://partner.tiktokshop.com/docv2/page/search-returns-202309). */
const RESOLVE_BATCH = 50;

/**
 * The statuses Search Returns accepts as a filter (https://partner.tiktokshop.com/docv2/page/search-returns-202309).
 * The REPLACEMENT_REQUEST_* statuses of the return webhook are not among them, so they are not offered here.
 */
export const RETURN_STATUSES = [
	{ name: 'Awaiting Buyer Response', value: 'AWAITING_BUYER_RESPONSE' },
	{ name: 'Awaiting Buyer Shipment', value: 'AWAITING_BUYER_SHIP' },
	{ name: 'Buyer Shipped Item', value: 'BUYER_SHIPPED_ITEM' },
	{ name: 'Refund or Return Rejected', value: 'REFUND_OR_RETURN_REQUEST_REJECT' },
	{ name: 'Rejected Receiving Package', value: 'REJECT_RECEIVE_PACKAGE' },
	{ name: 'Return or Refund Cancelled', value: 'RETURN_OR_REFUND_REQUEST_CANCEL' },
	{ name: 'Return or Refund Completed', value: 'RETURN_OR_REFUND_REQUEST_COMPLETE' },
	{ name: 'Return or Refund Pending', value: 'RETURN_OR_REFUND_REQUEST_PENDING' },
	{ name: 'Return or Refund Approved', value: 'RETURN_OR_REFUND_REQUEST_SUCCESS' },
];

const show = (operations: string[], extra: IDataObject = {}) => ({
	show: { resource: ['return'], operation: operations, ...extra },
});

const idFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description: `${description}, separated by commas (at most ${MAX_FILTER_IDS})`,
});

const timeFilters: INodeProperties[] = [
	{ displayName: 'Created After', name: 'createTimeFrom', type: 'dateTime', default: '', description: 'Only requests created at or after this time' },
	{ displayName: 'Created Before', name: 'createTimeTo', type: 'dateTime', default: '', description: 'Only requests created before this time' },
	{ displayName: 'Updated After', name: 'updateTimeFrom', type: 'dateTime', default: '', description: 'Only requests changed at or after this time' },
	{ displayName: 'Updated Before', name: 'updateTimeTo', type: 'dateTime', default: '', description: 'Only requests changed before this time' },
];

const sortOptions = (resource: string, operation: string): INodeProperties => ({
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { resource: [resource], operation: [operation] } },
	options: [
		{
			displayName: 'Language',
			name: 'locale',
			type: 'string',
			default: '',
			placeholder: 'e.g. en-US',
			description: 'Language of reason texts',
		},
		{
			displayName: 'Sort By',
			name: 'sortField',
			type: 'options',
			default: 'create_time',
			options: [
				{ name: 'Created Time', value: 'create_time' },
				{ name: 'Updated Time', value: 'update_time' },
			],
		},
		{
			displayName: 'Sort Order',
			name: 'sortOrder',
			type: 'options',
			default: 'ASC',
			options: [
				{ name: 'Oldest First', value: 'ASC' },
				{ name: 'Newest First', value: 'DESC' },
			],
		},
	],
});

/** "Any Platform" plus TikTok's 10 platforms; the default (Shopify) being one of them is checked by a unit test. */
export const RESOLVE_PLATFORM_OPTIONS = [{ name: 'Any Platform', value: '' }, ...EXTERNAL_PLATFORMS];

export const returnDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['return'] } },
		options: [
			{
				name: 'Get History',
				value: 'getHistory',
				action: 'Get the history of a return',
				description: 'Get what happened on a return request so far: who did what, when and why',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many returns',
				description: 'Find return and refund requests by order, status, type or time',
			},
			{
				name: 'Resolve to External Order',
				value: 'resolveToExternalOrder',
				action: 'Resolve a return to its external order',
				description:
					'Find the order in your OMS or store (e.g. Shopify) that a return belongs to, with the OMS line ID of each returned item, through the external order reference saved on the TikTok order',
			},
		],
		default: 'getAll',
	},

	// ----- getAll -----
	...returnAllAndLimit('return', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show(['getAll']),
		options: [
			idFilter('Buyer User IDs', 'buyerUserIds', 'Only returns by these buyers'),
			timeFilters[0],
			timeFilters[1],
			idFilter('Order IDs', 'orderIds', 'Only returns of these TikTok orders'),
			idFilter('Return IDs', 'returnIds', 'Only these returns'),
			{
				displayName: 'Return Statuses',
				name: 'returnStatus',
				type: 'multiOptions',
				default: [],
				options: RETURN_STATUSES,
				description: 'Only returns in one of these statuses',
			},
			{
				displayName: 'Return Types',
				name: 'returnTypes',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Refund Only', value: 'REFUND' },
					{ name: 'Replacement', value: 'REPLACEMENT' },
					{ name: 'Return and Refund', value: 'RETURN_AND_REFUND' },
				],
			},
			timeFilters[2],
			timeFilters[3],
		],
	},
	sortOptions('return', 'getAll'),

	// ----- cancellation › getAll -----
	...returnAllAndLimit('cancellation', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['cancellation'], operation: ['getAll'] } },
		options: [
			idFilter('Buyer User IDs', 'buyerUserIds', 'Only cancellations by these buyers'),
			idFilter('Cancellation IDs', 'cancelIds', 'Only these cancellations'),
			{
				displayName: 'Cancellation Statuses',
				name: 'cancelStatus',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Pending', value: 'CANCELLATION_REQUEST_PENDING' },
					{ name: 'Approved', value: 'CANCELLATION_REQUEST_SUCCESS' },
					// The filter says _CANCEL; responses and webhooks say _CANCELLED (https://partner.tiktokshop.com/docv2/page/search-cancellations-202309).
					{ name: 'Withdrawn', value: 'CANCELLATION_REQUEST_CANCEL' },
					{ name: 'Completed', value: 'CANCELLATION_REQUEST_COMPLETE' },
				],
			},
			{
				displayName: 'Cancellation Types',
				name: 'cancelTypes',
				type: 'multiOptions',
				default: [],
				options: [
					{ name: 'Requested by Buyer', value: 'BUYER_CANCEL' },
					{ name: 'By Seller or System', value: 'CANCEL' },
				],
			},
			timeFilters[0],
			timeFilters[1],
			idFilter('Order IDs', 'orderIds', 'Only cancellations of these TikTok orders'),
			timeFilters[2],
			timeFilters[3],
		],
	},
	sortOptions('cancellation', 'getAll'),

	// ----- getHistory -----
	{
		displayName: 'Return ID',
		name: 'returnId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4035319104150258387',
		description: 'The TikTok return ID (digits only), e.g. from Return › Get Many or a return webhook',
		displayOptions: show(['getHistory']),
	},

	// ----- resolveToExternalOrder -----
	{
		displayName: 'Find By',
		name: 'resolveBy',
		type: 'options',
		default: 'returnId',
		displayOptions: show(['resolveToExternalOrder']),
		options: [
			{ name: 'Return ID', value: 'returnId', description: 'One return, e.g. from a return status webhook' },
			{ name: 'Order ID', value: 'orderId', description: 'Every return of a TikTok order' },
		],
	},
	{
		displayName: 'Return ID',
		name: 'returnId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4035319104150258387',
		description: 'The TikTok return ID (digits only)',
		displayOptions: show(['resolveToExternalOrder'], { resolveBy: ['returnId'] }),
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 576461413038785752',
		description: 'The TikTok order ID (digits only)',
		displayOptions: show(['resolveToExternalOrder'], { resolveBy: ['orderId'] }),
	},
	{
		displayName: 'External Platform',
		name: 'platform',
		type: 'options',
		default: 'SHOPIFY',
		description:
			'Where the order was sent when it was routed: the platform used when the external order reference was added. "Any Platform" asks TikTok about each of the 10 platforms (10 calls per order instead of 1).',
		displayOptions: show(['resolveToExternalOrder']),
		options: RESOLVE_PLATFORM_OPTIONS,
	},
];

// ---------------------------------------------------------------------------------------------------------------

function ids(context: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string[] | undefined {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)) return undefined;
	const list = [...new Set(parseIdList(context, raw, label, itemIndex))];
	if (list.length > MAX_FILTER_IDS) {
		throw new NodeOperationError(context.getNode(), `Too many ${label}s: ${list.length} (at most ${MAX_FILTER_IDS} per search)`, {
			description: 'Split them over several input items; each item runs its own search.',
			itemIndex,
		});
	}
	return list;
}

/** The search body shared by returns and cancellations: ID lists, enums and `_ge`/`_lt` time ranges. */
export function afterSaleSearchBody(
	context: IExecuteFunctions,
	filters: IDataObject,
	options: IDataObject,
	idFields: Array<[string, string, string]>,
	enumFields: Array<[string, string]>,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	for (const [field, key, label] of idFields) {
		const list = ids(context, filters[field], label, itemIndex);
		if (list) body[key] = list;
	}
	for (const [field, key] of enumFields) {
		const values = filters[field] as string[] | undefined;
		if (Array.isArray(values) && values.length) body[key] = values;
	}
	const ranges: Array<[string, string, string]> = [
		['createTimeFrom', 'create_time_ge', 'Created After'],
		['createTimeTo', 'create_time_lt', 'Created Before'],
		['updateTimeFrom', 'update_time_ge', 'Updated After'],
		['updateTimeTo', 'update_time_lt', 'Updated Before'],
	];
	for (const [field, key, label] of ranges) {
		const seconds = toUnixSeconds(context, filters[field], label, itemIndex);
		if (seconds !== undefined) body[key] = seconds;
	}
	for (const [from, to, what] of [
		['create_time_ge', 'create_time_lt', 'Created'],
		['update_time_ge', 'update_time_lt', 'Updated'],
	]) {
		if (body[from] !== undefined && body[to] !== undefined && (body[from] as number) >= (body[to] as number)) {
			throw new NodeOperationError(context.getNode(), `"${what} After" is not before "${what} Before"`, {
				description: 'Nothing can match this time range. Check the two dates.',
				itemIndex,
			});
		}
	}
	if (String(options.locale ?? '').trim()) body.locale = String(options.locale).trim();
	return body;
}

function sortQuery(options: IDataObject): IDataObject {
	const qs: IDataObject = {};
	if (options.sortField) qs.sort_field = options.sortField;
	if (options.sortOrder) qs.sort_order = options.sortOrder;
	return qs;
}


// ---------------------------------------------------------------------------------------------------------------
// Match a return to the external (OMS) order

export interface ExternalReference {
	id: string;
	platform: string;
	line_items?: Array<{ id: string; origin_id: string }>;
}

/**
 * One result per return and reference: the OMS order, and for each returned TikTok line the OMS line it was
 * linked to (`origin_id` is the TikTok line, `id` the OMS line: https://partner.tiktokshop.com/docv2/page/add-external-order-references-202406).
 * TikTok line items are single units, so the OMS quantity is the number of returned lines mapped to that OMS line.
 */
export function matchReturnToReference(ret: IDataObject, reference: ExternalReference): IDataObject {
	const omsLineOf = new Map((reference.line_items ?? []).map((line) => [String(line.origin_id), String(line.id)]));
	const lines = ((ret.return_line_items as IDataObject[] | undefined) ?? []).map((line) => {
		const orderLineId = String(line.order_line_item_id ?? '');
		return {
			return_line_item_id: line.return_line_item_id,
			order_line_item_id: orderLineId,
			external_line_item_id: omsLineOf.get(orderLineId) ?? null,
			sku_id: line.sku_id,
			seller_sku: line.seller_sku,
			product_name: line.product_name,
			sku_name: line.sku_name,
			refund_amount: line.refund_amount,
		};
	});
	const grouped = new Map<string, { external_line_item_id: string; quantity: number; order_line_item_ids: string[] }>();
	for (const line of lines) {
		if (!line.external_line_item_id) continue;
		const group = grouped.get(line.external_line_item_id) ?? { external_line_item_id: line.external_line_item_id, quantity: 0, order_line_item_ids: [] };
		group.quantity++;
		group.order_line_item_ids.push(line.order_line_item_id);
		grouped.set(line.external_line_item_id, group);
	}
	const unmatched = lines.filter((line) => !line.external_line_item_id).map((line) => line.order_line_item_id);
	return {
		return_id: ret.return_id,
		order_id: ret.order_id,
		return_type: ret.return_type,
		return_status: ret.return_status,
		platform: reference.platform,
		external_order_id: reference.id,
		external_lines: [...grouped.values()],
		all_lines_matched: unmatched.length === 0,
		unmatched_order_line_item_ids: unmatched,
		lines,
		refund_amount: ret.refund_amount,
		return_reason_text: ret.return_reason_text,
		create_time: ret.create_time,
		update_time: ret.update_time,
	};
}

async function resolveToExternalOrder(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	interface Ask {
		itemIndex: number;
		by: 'returnId' | 'orderId';
		id: string;
		platform: string;
		shopKey: string;
	}
	const asks: Ask[] = [];
	const failures = new Map<number, Error>();
	const platforms = new Set(EXTERNAL_PLATFORMS.map((p) => p.value));
	for (let i = 0; i < items.length; i++) {
		try {
			const by = this.getNodeParameter('resolveBy', i, 'returnId') as Ask['by'];
			const list = parseIdList(this, this.getNodeParameter(by, i, ''), by === 'returnId' ? 'Return ID' : 'Order ID', i);
			if (list.length > 1) {
				throw new NodeOperationError(this.getNode(), `Enter one ${by === 'returnId' ? 'return' : 'order'} ID per item, not ${list.length}`, {
					description: 'Send one input item per ID, for example with the Split Out node.',
					itemIndex: i,
				});
			}
			const platform = String(this.getNodeParameter('platform', i, 'SHOPIFY') ?? '').trim().toUpperCase();
			if (platform && !platforms.has(platform)) {
				throw new NodeOperationError(this.getNode(), `"${platform}" is not a platform TikTok knows`, {
					description: `Use one of: ${[...platforms].join(', ')}, or leave it empty for any platform.`,
					itemIndex: i,
				});
			}
			asks.push({ itemIndex: i, by, id: list[0], platform, shopKey: '' });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, i);
			failures.set(i, error as Error);
		}
	}

	const shopByLocator = new Map<string, { cipher?: string; error?: Error }>();
	for (const ask of asks) {
		const locator = this.getNodeParameter('shop', ask.itemIndex, { mode: 'list', value: '' }) as INodeParameterResourceLocator;
		const key = JSON.stringify([locator?.mode, locator?.value]);
		if (!shopByLocator.has(key)) {
			try {
				shopByLocator.set(key, { cipher: await shopCipherFor.call(this, ask.itemIndex) });
			} catch (error) {
				shopByLocator.set(key, { error: error as Error });
			}
		}
		const shop = shopByLocator.get(key)!;
		if (shop.error) failures.set(ask.itemIndex, shop.error);
		else ask.shopKey = shop.cipher ?? '';
	}
	const live = asks.filter((a) => !failures.has(a.itemIndex));
	const askOf = new Map(asks.map((ask) => [ask.itemIndex, ask]));

	// 1. The returns, in as few searches as possible (≤50 IDs per search).
	const returnsById = new Map<string, IDataObject>();
	const returnsByOrder = new Map<string, IDataObject[]>();
	const searchFailures = new Map<string, Error>();
	for (const shopKey of new Set(live.map((a) => a.shopKey))) {
		for (const by of ['returnId', 'orderId'] as const) {
			const wanted = [...new Set(live.filter((a) => a.shopKey === shopKey && a.by === by).map((a) => a.id))];
			await mapWithConcurrency(chunk(wanted, RESOLVE_BATCH), 4, async (group) => {
				try {
					const found = await tikTokApiRequestAllItems<IDataObject>(
						this,
						{
							method: 'POST',
							path: ENDPOINTS.returnSearch,
							body: by === 'returnId' ? { return_ids: group } : { order_ids: group },
							shopCipher: shopKey || undefined,
							itemIndex: live.find((a) => a.shopKey === shopKey && a.by === by)?.itemIndex,
						},
						{ itemsKey: 'return_orders', returnAll: true, maxPageSize: 50, minPageSize: 10 },
					);
					for (const ret of found) {
						returnsById.set(`${shopKey}|${String(ret.return_id)}`, ret);
						const key = `${shopKey}|${String(ret.order_id)}`;
						returnsByOrder.set(key, [...(returnsByOrder.get(key) ?? []), ret]);
					}
				} catch (error) {
					for (const id of group) searchFailures.set(`${shopKey}|${by}|${id}`, error as Error);
				}
			});
		}
	}

	// 2. The external references of each order involved (one call per order and platform).
	const returnsOf = (ask: Ask): IDataObject[] =>
		ask.by === 'returnId'
			? [returnsById.get(`${ask.shopKey}|${ask.id}`)].filter((r): r is IDataObject => r !== undefined)
			: (returnsByOrder.get(`${ask.shopKey}|${ask.id}`) ?? []).filter((r) => String(r.order_id) === ask.id);
	const referenceCalls = new Map<string, { shopKey: string; orderId: string; platform: string; itemIndex: number }>();
	for (const ask of live) {
		for (const ret of returnsOf(ask)) {
			const key = `${ask.shopKey}|${String(ret.order_id)}|${ask.platform}`;
			if (!referenceCalls.has(key)) referenceCalls.set(key, { shopKey: ask.shopKey, orderId: String(ret.order_id), platform: ask.platform, itemIndex: ask.itemIndex });
		}
	}
	const references = new Map<string, ExternalReference[] | Error>();
	await mapWithConcurrency([...referenceCalls], 8, async ([key, call]) => {
		try {
			// TikTok requires a platform: "Any Platform" asks each one (see fetchExternalReferences).
			const found = await fetchExternalReferences(this, {
				orderId: call.orderId,
				platform: call.platform,
				shopCipher: call.shopKey || undefined,
				itemIndex: call.itemIndex,
			});
			references.set(key, found.map((ref) => ({ id: String(ref.id), platform: ref.platform, line_items: ref.line_items })));
		} catch (error) {
			references.set(key, error as Error);
		}
	});

	// 3. One output item per return and reference, paired with the item that asked.
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const ask = askOf.get(i);
		let failure = failures.get(i) ?? (ask ? searchFailures.get(`${ask.shopKey}|${ask.by}|${ask.id}`) : undefined);
		const results: IDataObject[] = [];
		if (!failure && ask) {
			const rets = returnsOf(ask);
			if (rets.length === 0) {
				failure = new NodeOperationError(
					this.getNode(),
					ask.by === 'returnId' ? `Return ${ask.id} was not found in this shop` : `Order ${ask.id} has no returns`,
					{
						description:
							ask.by === 'returnId'
								? 'Check the return ID, and that the node\'s Shop is the shop the return belongs to.'
								: 'There is no return or refund request for this order (yet). Check the order ID and the shop.',
						itemIndex: i,
					},
				);
			}
			for (const ret of rets) {
				const refs = references.get(`${ask.shopKey}|${String(ret.order_id)}|${ask.platform}`);
				if (refs instanceof Error) {
					failure = refs;
					break;
				}
				if (!refs || refs.length === 0) {
					const where = ask.platform ? EXTERNAL_PLATFORMS.find((p) => p.value === ask.platform)?.name ?? ask.platform : 'any platform';
					failure = new NodeOperationError(this.getNode(), `Order ${String(ret.order_id)} has no external order reference for ${where}`, {
						description:
							`Return ${String(ret.return_id)} belongs to TikTok order ${String(ret.order_id)}, but that order was never linked to an order in ${where}. ` +
							'Link orders when you create them in your OMS (External Order Reference › Create), or choose the platform the order was sent to.',
						itemIndex: i,
					});
					break;
				}
				for (const ref of refs) results.push(matchReturnToReference(ret, ref));
			}
		}
		if (failure) {
			if (!continueOnFail) throw asNodeError(this, failure, i);
			output.push(errorItem(this, failure, i));
			continue;
		}
		for (const json of results) output.push({ json, pairedItem: { item: i } });
	}
	return output;
}

/** What differs between the return search and the cancellation search; the rest is the same loop. */
interface AfterSaleSearch {
	path: string;
	itemsKey: string;
	idFilters: Parameters<typeof afterSaleSearchBody>[3];
	enumFilters: Parameters<typeof afterSaleSearchBody>[4];
	/** Return search pages are 10 to 50 (https://partner.tiktokshop.com/docv2/page/search-returns-202309): a smaller Limit still asks for 10 and trims. */
	minPageSize?: number;
}

const RETURN_SEARCH: AfterSaleSearch = {
	path: ENDPOINTS.returnSearch,
	itemsKey: 'return_orders',
	idFilters: [
		['returnIds', 'return_ids', 'Return ID'],
		['orderIds', 'order_ids', 'Order ID'],
		['buyerUserIds', 'buyer_user_ids', 'Buyer User ID'],
	],
	enumFilters: [
		['returnTypes', 'return_types'],
		['returnStatus', 'return_status'],
	],
	minPageSize: 10,
};

const CANCELLATION_SEARCH: AfterSaleSearch = {
	path: ENDPOINTS.cancellationSearch,
	itemsKey: 'cancellations',
	idFilters: [
		['cancelIds', 'cancel_ids', 'Cancellation ID'],
		['orderIds', 'order_ids', 'Order ID'],
		['buyerUserIds', 'buyer_user_ids', 'Buyer User ID'],
	],
	enumFilters: [
		['cancelTypes', 'cancel_types'],
		['cancelStatus', 'cancel_status'],
	],
};

async function searchAfterSales(context: IExecuteFunctions, items: INodeExecutionData[], search: AfterSaleSearch): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		context,
		items,
		(i) => {
			const returnAll = context.getNodeParameter('returnAll', i, false) as boolean;
			const limit = returnAll ? undefined : (context.getNodeParameter('limit', i, 50) as number);
			const options = context.getNodeParameter('options', i, {}) as IDataObject;
			const filters = context.getNodeParameter('filters', i, {}) as IDataObject;
			const body = afterSaleSearchBody(context, filters, options, search.idFilters, search.enumFilters, i);
			return { returnAll, limit, body, qs: sortQuery(options) };
		},
		async (i, { returnAll, limit, body, qs }) => {
			const shopCipher = await shopCipherFor.call(context, i);
			return await tikTokApiRequestAllItems<IDataObject>(
				context,
				{ method: 'POST', path: search.path, qs, body, shopCipher, itemIndex: i },
				{ itemsKey: search.itemsKey, returnAll, limit, maxPageSize: 50, minPageSize: search.minPageSize, windowed: WINDOWED_SEARCHES[search.itemsKey] },
			);
		},
	);
}

export const returnOperations: Record<string, OperationHandler> = {
	// https://partner.tiktokshop.com/docv2/page/search-returns-202309
	async getAll(items) {
		return await searchAfterSales(this, items, RETURN_SEARCH);
	},

	// https://partner.tiktokshop.com/docv2/page/get-return-records-202309
	async getHistory(items) {
		return await validateThenRun(
			this,
			items,
			(i) => {
				const list = parseIdList(this, this.getNodeParameter('returnId', i, ''), 'Return ID', i);
				if (list.length > 1) {
					throw new NodeOperationError(this.getNode(), `Enter one return ID per item, not ${list.length}`, {
						description: 'Send one input item per return ID, for example with the Split Out node.',
						itemIndex: i,
					});
				}
				return list[0];
			},
			async (i, returnId) => {
				const shopCipher = await shopCipherFor.call(this, i);
				const data = await tikTokApiRequest(this, {
					method: 'GET',
					path: ENDPOINTS.returnRecords(returnId),
					shopCipher,
					itemIndex: i,
				});
				return { return_id: returnId, records: (data.records as IDataObject[] | undefined) ?? [] };
			},
		);
	},

	resolveToExternalOrder,
};

/** Cancellations are their own resource in the editor; their search shares the return search loop above. */
export const cancellationOperations: Record<string, OperationHandler> = {
	// https://partner.tiktokshop.com/docv2/page/search-cancellations-202309
	async getAll(items) {
		return await searchAfterSales(this, items, CANCELLATION_SEARCH);
	},
};
