/**
 * Pure logic behind the cases TikTok's API reference settles: isolating another seller's order in a detail batch
 * (21008111), the newest tracking event, merging external order references asked platform by platform.
 */
import { NodeApiError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import {
	mergeReferences,
	type ExternalOrder,
} from '../../nodes/TikTokShop/resources/externalOrderReference/references';
import { newestTrackingEventsFirst } from '../../nodes/TikTokShop/resources/fulfillment/tracking';
import { fetchOrderDetails, tikTokCodeOf } from '../../nodes/TikTokShop/resources/order/details';

const node: INode = {
	id: '1',
	name: 'TikTok Shop',
	type: 'tikTokShop',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const apiError = (code: number) =>
	new NodeApiError(node, { code, message: 'refused' } as JsonObject, { message: `TikTok Shop error ${code}` });

/** A fake Get Order Detail: refuses the whole call with `code` when it holds a bad ID, else returns the known ones. */
function fakeDetail(known: Set<string>, bad: Set<string>, code = 21008111) {
	const calls: string[][] = [];
	const fetch = async (ids: string[]): Promise<IDataObject[]> => {
		calls.push(ids);
		if (ids.some((id) => bad.has(id))) throw apiError(code);
		return ids.filter((id) => known.has(id)).map((id) => ({ id }));
	};
	return { fetch, calls };
}

const ids = (count: number, from = 1000) => Array.from({ length: count }, (_, index) => String(from + index));

describe('fetchOrderDetails (Order › Get batches)', () => {
	it('one foreign ID among 50: bisects until it stands alone, every other order is fetched, few calls', async () => {
		const all = ids(50);
		const bad = new Set([all[31]]);
		const { fetch, calls } = fakeDetail(new Set(all.filter((id) => !bad.has(id))), bad);
		const outcomes = await fetchOrderDetails(fetch, all);
		expect(outcomes.get(all[31])).toEqual({ missing: true, foreign: true });
		for (const id of all.filter((id) => !bad.has(id))) expect(outcomes.get(id)).toEqual({ order: { id } });
		// 1 + 2 per level down to a single ID: ceil(log2(50)) = 6 levels
		expect(calls.length).toBeLessThanOrEqual(13);
		expect(calls[0]).toEqual(all);
	});

	it('several foreign IDs are each isolated; their neighbours are not lost', async () => {
		const all = ids(50);
		const bad = new Set([all[0], all[1], all[49]]);
		const { fetch } = fakeDetail(new Set(all.filter((id) => !bad.has(id))), bad);
		const outcomes = await fetchOrderDetails(fetch, all);
		expect([...outcomes].filter(([, outcome]) => 'foreign' in outcome).map(([id]) => id)).toEqual([
			all[0],
			all[1],
			all[49],
		]);
		expect([...outcomes.values()].filter((outcome) => 'order' in outcome)).toHaveLength(47);
	});

	it('an ID TikTok silently leaves out comes back missing, not foreign, with one call', async () => {
		const all = ids(5);
		const { fetch, calls } = fakeDetail(new Set(all.slice(1)), new Set());
		const outcomes = await fetchOrderDetails(fetch, all);
		expect(outcomes.get(all[0])).toEqual({ missing: true });
		expect(calls).toHaveLength(1);
	});

	it('any other error fails the IDs of that call only and is not retried by halves', async () => {
		const all = ids(8);
		const { fetch, calls } = fakeDetail(new Set(all), new Set([all[3]]), 36009004);
		const outcomes = await fetchOrderDetails(fetch, all);
		expect(calls).toHaveLength(1);
		for (const id of all) expect((outcomes.get(id) as { error: Error }).error.message).toContain('36009004');
	});

	it('an error inside one half (after a 21008111 split) stays on that half', async () => {
		const all = ids(4);
		let call = 0;
		const outcomes = await fetchOrderDetails(async (part) => {
			call++;
			if (call === 1) throw apiError(21008111);
			if (part.includes(all[0])) throw apiError(36009003);
			return part.map((id) => ({ id }));
		}, all);
		expect('error' in outcomes.get(all[0])!).toBe(true);
		expect('error' in outcomes.get(all[1])!).toBe(true);
		expect(outcomes.get(all[2])).toEqual({ order: { id: all[2] } });
		expect(outcomes.get(all[3])).toEqual({ order: { id: all[3] } });
	});

	it('tikTokCodeOf reads the code the transport puts on its errors, and nothing from other errors', () => {
		expect(tikTokCodeOf(apiError(21008111))).toBe(21008111);
		expect(tikTokCodeOf(new Error('socket hang up'))).toBeUndefined();
		expect(tikTokCodeOf(undefined)).toBeUndefined();
	});
});

describe('newestTrackingEventsFirst (Fulfillment › Get Tracking)', () => {
	it('sorts by update_time_millis, newest first, whatever order TikTok sent', () => {
		const events = [
			{ description: 'Out for delivery', update_time_millis: 1700000300000 },
			{ description: 'Label created', update_time_millis: 1700000000000 },
			{ description: 'Delivered', update_time_millis: 1700000900000 },
			{ description: 'Picked up', update_time_millis: '1700000100000' },
		];
		const sorted = newestTrackingEventsFirst(events);
		expect(sorted.map((event) => event.description)).toEqual([
			'Delivered',
			'Out for delivery',
			'Picked up',
			'Label created',
		]);
		expect(sorted[0].update_time).toBe(new Date(1700000900000).toISOString());
	});

	it('events without a usable time go last in their original order, with update_time null', () => {
		const sorted = newestTrackingEventsFirst([
			{ description: 'a' },
			{ description: 'b', update_time_millis: 5 },
			{ description: 'c', update_time_millis: 'soon' },
			{ description: 'd', update_time_millis: 9 },
		]);
		expect(sorted.map((event) => event.description)).toEqual(['d', 'b', 'a', 'c']);
		expect(sorted[3].update_time).toBeNull();
	});

	it('keeps TikTok order for equal times, and an empty list stays empty', () => {
		expect(
			newestTrackingEventsFirst([
				{ description: 'x', update_time_millis: 1 },
				{ description: 'y', update_time_millis: 1 },
			]).map((e) => e.description),
		).toEqual(['x', 'y']);
		expect(newestTrackingEventsFirst([])).toEqual([]);
	});
});

describe('mergeReferences (External Order Reference › Get, "All Platforms")', () => {
	it('flattens the per-platform answers in order and drops a link reported twice', () => {
		const shopify: ExternalOrder = { id: 'S-1', platform: 'SHOPIFY' };
		const erp: ExternalOrder = { id: 'E-1', platform: 'ERP_SYSTEM' };
		expect(mergeReferences([[erp], [], [shopify, { ...shopify }]])).toEqual([erp, shopify]);
		expect(mergeReferences([[], []])).toEqual([]);
	});
});

describe('webhook events keyed on the numeric type', () => {
	it('wantedTypes gives the numeric types of the chosen events plus extra numbers, ignoring unknown names', async () => {
		const { wantedTypes } = await import('../../nodes/TikTokShopTrigger/events');
		expect(
			[...wantedTypes(['ORDER_STATUS_CHANGE', 'INVENTORY_STATUS_CHANGE', 'NOT_AN_EVENT'], [36])].sort((a, b) => a - b),
		).toEqual([1, 27, 36]);
		expect(wantedTypes([]).size).toBe(0);
	});

	it('type 27 names its alert: realtime low / out of stock by status, a prediction as predicted out of stock', async () => {
		const { normalizeEventData, eventByName } = await import('../../nodes/TikTokShopTrigger/events');
		expect(
			normalizeEventData(27, {
				current_inventory_status: 'LOW_STOCK',
				trigger_reason: { alert_type: 'REALTIME', low_stock_threshold: 5 },
			}).alert,
		).toBe('LOW_STOCK');
		expect(
			normalizeEventData(27, { current_inventory_status: 'OUT_OF_STOCK', trigger_reason: { alert_type: 'REALTIME' } })
				.alert,
		).toBe('OUT_OF_STOCK');
		expect(
			normalizeEventData(27, {
				current_inventory_status: 'LOW_STOCK',
				trigger_reason: { alert_type: 'PREDICTION', lead_days: 21 },
			}).alert,
		).toBe('PREDICTED_OUT_OF_STOCK');
		expect(normalizeEventData(1, { order_status: 'UNPAID' }).alert).toBeUndefined();
		expect(eventByName('INVENTORY_STATUS_CHANGE')).toMatchObject({ type: 27, partnerCenterOnly: true });
	});
});
