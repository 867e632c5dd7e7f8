import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeParameterResourceLocator, IPollFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../shared/endpoints';
import { tikTokApiRequestAllItems } from '../shared/transport/pagination';
import { resolveShopCipher } from '../shared/transport/shops';
import { DEFAULT_LOOK_BACK_MINUTES, advanceCursor, readState, timeField, windowStart, writeState } from './cursor';
import type { OrderEvent, PollState } from './cursor';
import { fetchWithinBudget, offeredPollBudgetMs } from './fetch';
import { orderTriggerItems, polledShopId } from './output';

/** "Fetch Test Event" shows this many of the latest orders. */
const SAMPLE_SIZE = 5;
/**
 * One poll emits at most this many orders, and stops earlier when n8n's poll time budget (getPollBudgetMs, n8n 2.x)
 * would run out; the rest follow on the next polls (the cursor only moves past what was emitted).
 */
const MAX_ORDERS_PER_POLL = 5000;
const PAGE_SIZE = 100;

interface PollSettings {
	event: OrderEvent;
	locator: INodeParameterResourceLocator;
	/** Look-back window in seconds. */
	lookBack: number;
	startFrom: number | undefined;
	field: 'create_time' | 'update_time';
	/** The search filters (order status, shipping type). */
	body: IDataObject;
}

function parseStartDate(context: IPollFunctions, value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value);
	const millis = /^\d+$/.test(text) ? Number(text) * (text.length > 11 ? 1 : 1000) : Date.parse(text);
	if (!Number.isFinite(millis)) {
		throw new NodeOperationError(context.getNode(), `Start From is not a valid date: "${text}"`, {
			description: 'Pick a date with the date picker, or enter an ISO date such as 2026-01-31T00:00:00Z.',
		});
	}
	return Math.floor(millis / 1000);
}

function readSettings(context: IPollFunctions): PollSettings {
	const event = context.getNodeParameter('event', 'newOrUpdatedOrder') as OrderEvent;
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const locator = context.getNodeParameter('shop', { mode: 'list', value: '' }) as INodeParameterResourceLocator;
	const lookBackMinutes = Number(options.lookBackMinutes ?? DEFAULT_LOOK_BACK_MINUTES);
	if (!Number.isFinite(lookBackMinutes) || lookBackMinutes < 0) {
		throw new NodeOperationError(context.getNode(), 'Look-Back Window must be zero or more minutes', {
			description: `It is ${String(options.lookBackMinutes)}. The default, 5 minutes, suits most shops.`,
		});
	}
	const startFrom = parseStartDate(context, options.startFrom);
	const body: IDataObject = {};
	if (filters.orderStatus) body.order_status = filters.orderStatus;
	if (filters.shippingType) body.shipping_type = filters.shippingType;
	return { event, locator, lookBack: Math.round(lookBackMinutes * 60), startFrom, field: timeField(event), body };
}

/** "Fetch Test Event": the latest few orders, cursor untouched. */
async function latestOrders(
	context: IPollFunctions,
	settings: PollSettings,
	shopCipher: string | undefined,
): Promise<INodeExecutionData[][] | null> {
	const { event, locator, field, body } = settings;
	const latest = (await tikTokApiRequestAllItems(
		context,
		{ method: 'POST', path: ENDPOINTS.orderSearch, shopCipher, qs: { sort_field: field, sort_order: 'DESC' }, body },
		{ itemsKey: 'orders', returnAll: false, limit: SAMPLE_SIZE, maxPageSize: 100 },
	)) as IDataObject[];
	if (latest.length === 0) return null;
	const shopId = await polledShopId(context, locator);
	return [context.helpers.returnJsonArray(orderTriggerItems(event, latest, shopId))];
}

/**
 * The cursor to poll from: the stored one while shop, event and start date stay the same; otherwise a new one at
 * Start From. Without Start From the first activation stores "now" and returns undefined: it emits nothing.
 */
function startingState(staticData: IDataObject, { locator, event, startFrom }: PollSettings): PollState | undefined {
	const scope = JSON.stringify([locator?.mode ?? '', String(locator?.value ?? ''), event, startFrom ?? null]);
	const stored = readState(staticData);
	if (stored && stored.scope === scope) return stored;
	if (startFrom !== undefined) return { scope, since: startFrom, cursor: startFrom, seen: {} };
	const now = Math.floor(Date.now() / 1000);
	writeState(staticData, { scope, since: now, cursor: now, seen: {} });
	return undefined;
}

/** One poll: the orders created or updated since the cursor that were not emitted yet. */
export async function pollOrders(context: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(context);
	const { event, locator, field, body, lookBack } = settings;
	const shopCipher = await resolveShopCipher.call(context, locator);
	if (context.getMode() === 'manual') return await latestOrders(context, settings, shopCipher);

	// Static data is read and written only here, inside poll(): with n8n's durable poll cursors
	// (N8N_POLLER_DURABLE_CURSORS_ENABLED) it is this poll's staged copy, kept only when the poll completes.
	const staticData = context.getWorkflowStaticData('node');
	const state = startingState(staticData, settings);
	if (!state) return null;

	// pages oldest first, until the last page or the poll's budget; any failure throws before the cursor moves, so
	// the next poll repeats the window. When it stops early the cursor moves to the newest order fetched, and the
	// next poll's window (cursor minus look-back) starts at or before the first order not fetched.
	const { items: orders } = await fetchWithinBudget(
		context,
		{
			method: 'POST',
			path: ENDPOINTS.orderSearch,
			shopCipher,
			qs: { sort_field: field, sort_order: 'ASC' },
			body: { ...body, [`${field}_ge`]: windowStart(state, lookBack) },
		},
		{ itemsKey: 'orders', pageSize: PAGE_SIZE, limit: MAX_ORDERS_PER_POLL, budgetMs: offeredPollBudgetMs(context) },
	);

	const { fresh, next } = advanceCursor(state, orders, event, lookBack);
	// before the cursor moves: a poll that fails here is repeated, nothing is skipped
	const shopId = fresh.length > 0 ? await polledShopId(context, locator) : null;
	writeState(staticData, next);
	return fresh.length > 0 ? [context.helpers.returnJsonArray(orderTriggerItems(event, fresh, shopId))] : null;
}
