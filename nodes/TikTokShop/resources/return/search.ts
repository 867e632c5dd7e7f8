import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import { choice, optionalFields, returnAllAndLimit } from '../../../shared/descriptions';
import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { parseIdList, showFor, toUnixSeconds } from '../../helpers/parameters';
import { tikTokApiRequestAllItems } from '../../../shared/transport/pagination';
import { WINDOWED_SEARCHES } from '../../../shared/transport/windowedSearch';
import { ENDPOINTS } from '../../../shared/endpoints';

// The search shared by Return › Get Many and Cancellation › Get Many: the same filters, sort and paging.
// https://partner.tiktokshop.com/docv2/page/search-returns-202309
// https://partner.tiktokshop.com/docv2/page/search-cancellations-202309

/** TikTok documents no maximum for the ID filters; 100 is what every other list in this API allows. */
const MAX_FILTER_IDS = 100;

/** An ID list filter: its field in Filters, TikTok's body key, and its name in errors. */
type IdFilter = [field: string, key: string, label: string];

/** What differs between the return search and the cancellation search; the rest is the same loop. */
interface AfterSaleSearch {
	path: string;
	itemsKey: string;
	/** The search's own ID filter (return or cancellation IDs); the order and buyer filters follow it. */
	ownIds: IdFilter;
	/** The type and status filters: field in Filters, TikTok's body key. */
	enumFilters: Array<[field: string, key: string]>;
	/** Return search pages are 10 to 50 (https://partner.tiktokshop.com/docv2/page/search-returns-202309): a smaller Limit still asks for 10 and trims. */
	minPageSize?: number;
}

export type AfterSaleResource = 'return' | 'cancellation';

const SEARCHES: Record<AfterSaleResource, AfterSaleSearch> = {
	return: {
		path: ENDPOINTS.returnSearch,
		itemsKey: 'return_orders',
		ownIds: ['returnIds', 'return_ids', 'Return ID'],
		enumFilters: [
			['returnTypes', 'return_types'],
			['returnStatus', 'return_status'],
		],
		minPageSize: 10,
	},
	cancellation: {
		path: ENDPOINTS.cancellationSearch,
		itemsKey: 'cancellations',
		ownIds: ['cancelIds', 'cancel_ids', 'Cancellation ID'],
		enumFilters: [
			['cancelTypes', 'cancel_types'],
			['cancelStatus', 'cancel_status'],
		],
	},
};

const idFilters = (search: AfterSaleSearch): IdFilter[] => [
	search.ownIds,
	['orderIds', 'order_ids', 'Order ID'],
	['buyerUserIds', 'buyer_user_ids', 'Buyer User ID'],
];

// ----- description -----

export const idFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	description: `${description}, separated by commas (at most ${MAX_FILTER_IDS})`,
});

export const multiFilter = (
	displayName: string,
	name: string,
	options: INodePropertyOptions[],
	description?: string,
): INodeProperties => ({
	displayName,
	name,
	type: 'multiOptions',
	default: [],
	options,
	...(description ? { description } : {}),
});

const timeFilter = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'dateTime',
	default: '',
	description,
});

/**
 * Return All, Limit, Filters and Options of a search. `own` are the filters only this search has; the shared ones join
 * them in alphabetical order, the order n8n's lint wants for a collection.
 */
export function afterSaleSearchDescription(resource: AfterSaleResource, own: INodeProperties[]): INodeProperties[] {
	const filters = [
		...own,
		idFilter('Buyer User IDs', 'buyerUserIds', `Only ${resource}s by these buyers`),
		idFilter('Order IDs', 'orderIds', `Only ${resource}s of these TikTok orders`),
		timeFilter('Created After', 'createTimeFrom', 'Only requests created at or after this time'),
		timeFilter('Created Before', 'createTimeTo', 'Only requests created before this time'),
		timeFilter('Updated After', 'updateTimeFrom', 'Only requests changed at or after this time'),
		timeFilter('Updated Before', 'updateTimeTo', 'Only requests changed before this time'),
	].sort((a, b) => (a.displayName < b.displayName ? -1 : 1));
	return [
		...returnAllAndLimit(resource, 'getAll'),
		{ ...optionalFields('Filters', 'filters', 'Add Filter', filters), displayOptions: showFor(resource, 'getAll') },
		{
			...optionalFields('Options', 'options', 'Add Option', [
				{
					displayName: 'Language',
					name: 'locale',
					type: 'string',
					default: '',
					placeholder: 'e.g. en-US',
					description: 'Language of reason texts',
				},
				choice('Sort By', 'sortField', [
					{ name: 'Created Time', value: 'create_time' },
					{ name: 'Updated Time', value: 'update_time' },
				]),
				choice('Sort Order', 'sortOrder', [
					{ name: 'Oldest First', value: 'ASC' },
					{ name: 'Newest First', value: 'DESC' },
				]),
			]),
			displayOptions: showFor(resource, 'getAll'),
		},
	];
}

// ----- request -----

function ids(context: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string[] | undefined {
	if (
		raw === undefined ||
		raw === null ||
		(typeof raw === 'string' && raw.trim() === '') ||
		(Array.isArray(raw) && raw.length === 0)
	)
		return undefined;
	const list = [...new Set(parseIdList(context, raw, label, itemIndex))];
	if (list.length > MAX_FILTER_IDS) {
		throw new NodeOperationError(
			context.getNode(),
			`Too many ${label}s: ${list.length} (at most ${MAX_FILTER_IDS} per search)`,
			{
				description: 'Split them over several input items; each item runs its own search.',
				itemIndex,
			},
		);
	}
	return list;
}

/** The time filters: per range, its From and To fields, TikTok's key (`_ge` and `_lt` added) and the word errors use. */
const TIME_RANGES = [
	{ what: 'Created', from: 'createTimeFrom', to: 'createTimeTo', key: 'create_time' },
	{ what: 'Updated', from: 'updateTimeFrom', to: 'updateTimeTo', key: 'update_time' },
];

/** Adds the time ranges to `body` as Unix seconds, and refuses a range that nothing can match. */
function addTimeRanges(context: IExecuteFunctions, filters: IDataObject, body: IDataObject, itemIndex: number): void {
	const bounds = TIME_RANGES.flatMap(({ what, from, to, key }) => [
		[from, `${key}_ge`, `${what} After`],
		[to, `${key}_lt`, `${what} Before`],
	]);
	for (const [field, key, label] of bounds) {
		const seconds = toUnixSeconds(context, filters[field], label, itemIndex);
		if (seconds !== undefined) body[key] = seconds;
	}
	for (const { what, key } of TIME_RANGES) {
		const [start, end] = [body[`${key}_ge`] as number | undefined, body[`${key}_lt`] as number | undefined];
		if (start !== undefined && end !== undefined && start >= end) {
			throw new NodeOperationError(context.getNode(), `"${what} After" is not before "${what} Before"`, {
				description: 'Nothing can match this time range. Check the two dates.',
				itemIndex,
			});
		}
	}
}

/** The search body: ID lists, enums and `_ge`/`_lt` time ranges. */
function afterSaleSearchBody(
	context: IExecuteFunctions,
	search: AfterSaleSearch,
	filters: IDataObject,
	options: IDataObject,
	itemIndex: number,
): IDataObject {
	const body: IDataObject = {};
	for (const [field, key, label] of idFilters(search)) {
		const list = ids(context, filters[field], label, itemIndex);
		if (list) body[key] = list;
	}
	for (const [field, key] of search.enumFilters) {
		const values = filters[field] as string[] | undefined;
		if (Array.isArray(values) && values.length) body[key] = values;
	}
	addTimeRanges(context, filters, body, itemIndex);
	if (String(options.locale ?? '').trim()) body.locale = String(options.locale).trim();
	return body;
}

function sortQuery(options: IDataObject): IDataObject {
	const qs: IDataObject = {};
	if (options.sortField) qs.sort_field = options.sortField;
	if (options.sortOrder) qs.sort_order = options.sortOrder;
	return qs;
}

/** Get Many of returns or cancellations: every item's filters are checked first, then each item runs its search. */
export async function searchAfterSales(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	resource: AfterSaleResource,
): Promise<INodeExecutionData[]> {
	const search = SEARCHES[resource];
	const read = (i: number) => {
		const returnAll = context.getNodeParameter('returnAll', i, false) as boolean;
		const limit = returnAll ? undefined : (context.getNodeParameter('limit', i, 50) as number);
		const options = context.getNodeParameter('options', i, {}) as IDataObject;
		const filters = context.getNodeParameter('filters', i, {}) as IDataObject;
		return {
			returnAll,
			limit,
			body: afterSaleSearchBody(context, search, filters, options, i),
			qs: sortQuery(options),
		};
	};
	return await validateThenRun(context, items, read, async (i, { returnAll, limit, body, qs }) => {
		const shopCipher = await shopCipherFor.call(context, i);
		return await tikTokApiRequestAllItems<IDataObject>(
			context,
			{ method: 'POST', path: search.path, qs, body, shopCipher, itemIndex: i },
			{
				itemsKey: search.itemsKey,
				returnAll,
				limit,
				maxPageSize: 50,
				minPageSize: search.minPageSize,
				windowed: WINDOWED_SEARCHES[search.itemsKey],
			},
		);
	});
}
