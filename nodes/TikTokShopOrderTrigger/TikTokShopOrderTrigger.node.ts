import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeParameterResourceLocator,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { searchShops } from '../shared/listSearch/searchShops';
import { ORDER_STATUSES, shopLocator } from '../shared/descriptions';
import { tikTokApiRequestAllItems } from '../shared/transport/pagination';
import { orderTriggerItem, polledShopId } from './output';
import { resolveShopCipher } from '../shared/transport/shops';
import { advanceCursor, readState, timeField, windowStart, type OrderEvent, type PollState } from './cursor';
import { fetchWithinBudget, offeredPollBudgetMs } from './fetch';
import { ENDPOINTS } from '../shared/endpoints';

const outputEvent = (event: OrderEvent) => (event === 'newOrder' ? 'NEW_ORDER' : 'NEW_OR_UPDATED_ORDER');
/** "Fetch Test Event" shows this many of the latest orders. */
const SAMPLE_SIZE = 5;
/**
 * One poll emits at most this many orders, and stops earlier when n8n's poll time budget (getPollBudgetMs, n8n 2.x)
 * would run out; the rest follow on the next polls (the cursor only moves past what was emitted).
 */
const MAX_ORDERS_PER_POLL = 5000;
const PAGE_SIZE = 100;
const DEFAULT_LOOK_BACK_MINUTES = 5;

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

export class TikTokShopOrderTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop Order Trigger',
		name: 'tikTokShopOrderTrigger',
		icon: { light: 'file:../../icons/tiktokShop.svg', dark: 'file:../../icons/tiktokShop.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "newOrder" ? "New orders" : "New or updated orders"}}',
		description: 'Starts the workflow when TikTok Shop orders are created or updated, by checking on a schedule (no public URL needed)',
		defaults: { name: 'TikTok Shop Order Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokShopApi', required: true }],
		properties: [
			shopLocator,
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'New Order',
						value: 'newOrder',
						description: 'An order was placed (each order once)',
					},
					{
						name: 'New or Updated Order',
						value: 'newOrUpdatedOrder',
						description: 'An order was placed or changed: status, address, shipping… (each change once)',
					},
				],
				default: 'newOrUpdatedOrder',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add filter',
				default: {},
				options: [
					{
						displayName: 'Order Status',
						name: 'orderStatus',
						type: 'options',
						options: [...ORDER_STATUSES].sort((a, b) => a.name.localeCompare(b.name)),
						default: 'AWAITING_SHIPMENT',
						description:
							'Only orders currently in this status. With "New Order", an order placed in another status (usually Unpaid) is not emitted later when it changes: use "New or Updated Order" to catch orders when they reach a status.',
					},
					{
						displayName: 'Shipping Type',
						name: 'shippingType',
						type: 'options',
						options: [
							{ name: 'Seller Ships', value: 'SELLER' },
							{ name: 'TikTok Ships', value: 'TIKTOK' },
						],
						default: 'SELLER',
						description: 'Only orders shipped by the seller or by TikTok Shop',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Look-Back Window (Minutes)',
						name: 'lookBackMinutes',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 1440 },
						default: DEFAULT_LOOK_BACK_MINUTES,
						description:
							'Each check also looks this far back, because TikTok can list an order a little after its update time. Orders already emitted are not emitted again.',
					},
					{
						displayName: 'Start From',
						name: 'startFrom',
						type: 'dateTime',
						default: '',
						description:
							'Emit orders since this date when the workflow is first activated (otherwise it starts from the moment of activation). Changing it later starts over from the new date.',
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchShops },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'newOrUpdatedOrder') as OrderEvent;
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const locator = this.getNodeParameter('shop', { mode: 'list', value: '' }) as INodeParameterResourceLocator;
		const lookBackMinutes = Number(options.lookBackMinutes ?? DEFAULT_LOOK_BACK_MINUTES);
		if (!Number.isFinite(lookBackMinutes) || lookBackMinutes < 0) {
			throw new NodeOperationError(this.getNode(), 'Look-Back Window must be zero or more minutes', {
				description: `It is ${String(options.lookBackMinutes)}. The default, 5 minutes, suits most shops.`,
			});
		}
		const lookBack = Math.round(lookBackMinutes * 60);
		const startFrom = parseStartDate(this, options.startFrom);
		const field = timeField(event);

		const body: IDataObject = {};
		if (filters.orderStatus) body.order_status = filters.orderStatus;
		if (filters.shippingType) body.shipping_type = filters.shippingType;

		const shopCipher = await resolveShopCipher.call(this, locator);

		if (this.getMode() === 'manual') {
			// "Fetch Test Event": the latest few orders, cursor untouched
			const latest = (await tikTokApiRequestAllItems(
				this,
				{ method: 'POST', path: ENDPOINTS.orderSearch, shopCipher, qs: { sort_field: field, sort_order: 'DESC' }, body },
				{ itemsKey: 'orders', returnAll: false, limit: SAMPLE_SIZE, maxPageSize: 100 },
			)) as IDataObject[];
			if (latest.length === 0) return null;
			const shopId = await polledShopId(this, locator);
			return [this.helpers.returnJsonArray(latest.map((order) => orderTriggerItem(outputEvent(event), order, shopId)))];
		}

		// Static data is read and written only here, inside poll(): with n8n's durable poll cursors
		// (N8N_POLLER_DURABLE_CURSORS_ENABLED) it is this poll's staged copy, kept only when the poll completes.
		const staticData = this.getWorkflowStaticData('node');
		const scope = JSON.stringify([locator?.mode ?? '', String(locator?.value ?? ''), event, startFrom ?? null]);
		const stored = readState(staticData);
		let state: PollState;
		if (stored && stored.scope === scope) {
			state = stored;
		} else if (startFrom !== undefined) {
			state = { scope, since: startFrom, cursor: startFrom, seen: {} };
		} else {
			// first activation: start from now and emit nothing
			const now = Math.floor(Date.now() / 1000);
			staticData.scope = scope;
			staticData.since = now;
			staticData.cursor = now;
			staticData.seen = {};
			return null;
		}

		// pages oldest first, until the last page or the poll's budget; any failure throws before the cursor moves, so
		// the next poll repeats the window. When it stops early the cursor moves to the newest order fetched, and the
		// next poll's window (cursor minus look-back) starts at or before the first order not fetched.
		const { items: orders } = await fetchWithinBudget(
			this,
			{
				method: 'POST',
				path: ENDPOINTS.orderSearch,
				shopCipher,
				qs: { sort_field: field, sort_order: 'ASC' },
				body: { ...body, [`${field}_ge`]: windowStart(state, lookBack) },
			},
			{ itemsKey: 'orders', pageSize: PAGE_SIZE, limit: MAX_ORDERS_PER_POLL, budgetMs: offeredPollBudgetMs(this) },
		);

		const { fresh, next } = advanceCursor(state, orders, event, lookBack);
		// before the cursor moves: a poll that fails here is repeated, nothing is skipped
		const shopId = fresh.length > 0 ? await polledShopId(this, locator) : null;
		staticData.scope = next.scope;
		staticData.since = next.since;
		staticData.cursor = next.cursor;
		staticData.seen = next.seen;
		return fresh.length > 0 ? [this.helpers.returnJsonArray(fresh.map((order) => orderTriggerItem(outputEvent(event), order, shopId)))] : null;
	}
}
