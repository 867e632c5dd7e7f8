/** The order trigger's cursor: no duplicates across overlapping windows, no misses for late-listed orders. */
import {
	advanceCursor,
	orderKey,
	readState,
	windowStart,
	type PollState,
} from '../../nodes/TikTokShopOrderTrigger/cursor';

const order = (id: string, update_time: number, status = 'AWAITING_SHIPMENT', create_time = update_time) => ({
	id,
	update_time,
	create_time,
	status,
});

describe('advanceCursor (new or updated orders)', () => {
	const start: PollState = { scope: 's', since: 1000, cursor: 1000, seen: {} };

	it('emits every order once and moves the cursor to the newest update_time', () => {
		const { fresh, next } = advanceCursor(start, [order('1', 1001), order('2', 1005)], 'newOrUpdatedOrder', 300);
		expect(fresh.map((o) => o.id)).toEqual(['1', '2']);
		expect(next.cursor).toBe(1005);
		expect(Object.keys(next.seen)).toHaveLength(2);
	});

	it('does not emit again what the overlapping window returns a second time', () => {
		const first = advanceCursor(start, [order('1', 1001), order('2', 1005)], 'newOrUpdatedOrder', 300);
		const second = advanceCursor(
			first.next,
			[order('1', 1001), order('2', 1005), order('3', 1010)],
			'newOrUpdatedOrder',
			300,
		);
		expect(second.fresh.map((o) => o.id)).toEqual(['3']);
		expect(second.next.cursor).toBe(1010);
	});

	it('emits an order again when it changes, and catches a change listed late (older update_time)', () => {
		const first = advanceCursor(start, [order('1', 1001, 'UNPAID'), order('2', 1100)], 'newOrUpdatedOrder', 300);
		const second = advanceCursor(
			first.next,
			[order('3', 1050), order('1', 1101, 'AWAITING_SHIPMENT'), order('2', 1100)],
			'newOrUpdatedOrder',
			300,
		);
		expect(second.fresh.map((o) => `${o.id}@${o.update_time}`)).toEqual(['3@1050', '1@1101']);
	});

	it('treats two changes within the same second as two events when the status differs', () => {
		const first = advanceCursor(start, [order('1', 1001, 'UNPAID')], 'newOrUpdatedOrder', 300);
		const second = advanceCursor(first.next, [order('1', 1001, 'AWAITING_SHIPMENT')], 'newOrUpdatedOrder', 300);
		expect(second.fresh).toHaveLength(1);
	});

	it('forgets keys older than the look-back window and never moves the cursor back', () => {
		const first = advanceCursor(start, [order('1', 1001), order('2', 2000)], 'newOrUpdatedOrder', 300);
		expect(Object.keys(first.next.seen)).toEqual([orderKey(order('2', 2000), 'newOrUpdatedOrder')]);
		const empty = advanceCursor(first.next, [], 'newOrUpdatedOrder', 300);
		expect(empty.next.cursor).toBe(2000);
		expect(empty.fresh).toEqual([]);
	});

	it('dedupes within one poll too', () => {
		const { fresh } = advanceCursor(start, [order('1', 1001), order('1', 1001)], 'newOrUpdatedOrder', 300);
		expect(fresh).toHaveLength(1);
	});

	it('does not change the state it was given (commit happens only after a successful poll)', () => {
		const state: PollState = { scope: 's', since: 900, cursor: 1000, seen: { x: 999 } };
		const { next } = advanceCursor(state, [order('1', 1500)], 'newOrUpdatedOrder', 300);
		expect(state).toEqual({ scope: 's', since: 900, cursor: 1000, seen: { x: 999 } });
		expect(next.since).toBe(900);
	});
});

describe('advanceCursor (new orders)', () => {
	it('emits each order once however often it is updated, with the cursor on create_time', () => {
		const start: PollState = { scope: 's', since: 1000, cursor: 1000, seen: {} };
		const first = advanceCursor(start, [order('1', 1001, 'UNPAID', 1001)], 'newOrder', 300);
		const second = advanceCursor(
			first.next,
			[order('1', 1200, 'AWAITING_SHIPMENT', 1001), order('2', 1201, 'UNPAID', 1201)],
			'newOrder',
			300,
		);
		expect(first.fresh.map((o) => o.id)).toEqual(['1']);
		expect(second.fresh.map((o) => o.id)).toEqual(['2']);
		expect(second.next.cursor).toBe(1201);
	});
});

describe('windowStart', () => {
	it('looks back from the cursor, but never before where the trigger started', () => {
		expect(windowStart({ scope: 's', since: 0, cursor: 10000, seen: {} }, 300)).toBe(9700);
		expect(windowStart({ scope: 's', since: 9900, cursor: 10000, seen: {} }, 300)).toBe(9900);
	});
});

describe('readState', () => {
	it('accepts a stored state and rejects missing or broken ones', () => {
		expect(readState({ scope: 'a', since: 1, cursor: 5, seen: { k: 5 } })).toEqual({
			scope: 'a',
			since: 1,
			cursor: 5,
			seen: { k: 5 },
		});
		expect(readState({})).toBeUndefined();
		expect(readState({ scope: 'a', cursor: 'x' })).toBeUndefined();
		expect(readState({ scope: 'a', cursor: 5 })).toEqual({ scope: 'a', since: 0, cursor: 5, seen: {} });
	});
});
