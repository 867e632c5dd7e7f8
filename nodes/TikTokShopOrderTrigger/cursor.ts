import type { IDataObject } from 'n8n-workflow';

/**
 * Poll cursor for the order trigger, kept in the node's static data.
 *
 * - `cursor`: the newest `update_time` (or `create_time` for "New Order") among orders already seen, Unix seconds.
 *   It comes from TikTok's own timestamps, so the n8n server's clock does not matter after the first poll.
 * - Each poll asks for orders with time ≥ cursor − look-back window (but never before `since`), because TikTok's
 *   search index can show an order a little after its update_time (orders arriving late are caught by the next polls).
 * - `seen` remembers what was emitted within that window, so the overlap never emits an order twice.
 */
export interface PollState {
	/** Shop, event and start date the cursor belongs to; when they change the trigger starts over. */
	scope: string;
	/** Where the trigger started (activation time or Start From): nothing older is ever emitted. */
	since: number;
	cursor: number;
	/** order key → its time (Unix seconds) */
	seen: Record<string, number>;
}

export type OrderEvent = 'newOrder' | 'newOrUpdatedOrder';

/** Options › Look-Back Window (Minutes) when not set. */
export const DEFAULT_LOOK_BACK_MINUTES = 5;

export function timeField(event: OrderEvent): 'create_time' | 'update_time' {
	return event === 'newOrder' ? 'create_time' : 'update_time';
}

/**
 * A new order is emitted once; in "new or updated" mode every change is emitted once. The status is part of the
 * key because TikTok's update_time has one-second resolution and two changes can share it.
 */
export function orderKey(order: IDataObject, event: OrderEvent): string {
	if (event === 'newOrder') return `o:${String(order.id)}`;
	return `u:${String(order.id)}@${String(order.update_time)}@${String(order.status ?? '')}`;
}

export function readState(raw: IDataObject): PollState | undefined {
	if (typeof raw.scope !== 'string' || typeof raw.cursor !== 'number' || !Number.isFinite(raw.cursor)) return undefined;
	const seen = raw.seen && typeof raw.seen === 'object' ? (raw.seen as Record<string, number>) : {};
	const since = typeof raw.since === 'number' && Number.isFinite(raw.since) ? raw.since : 0;
	return { scope: raw.scope, since, cursor: raw.cursor, seen };
}

/** Stores `state` in the node's static data, where `readState` finds it. */
export function writeState(raw: IDataObject, state: PollState): void {
	raw.scope = state.scope;
	raw.since = state.since;
	raw.cursor = state.cursor;
	raw.seen = state.seen;
}

/** The oldest time the next poll asks TikTok for. */
export function windowStart(state: PollState, lookBackSeconds: number): number {
	return Math.max(state.cursor - lookBackSeconds, state.since);
}

/**
 * Given the orders one poll fetched (sorted ascending by the event's time field), returns those not emitted yet
 * and the state to commit once the poll succeeded.
 */
export function advanceCursor(
	state: PollState,
	orders: IDataObject[],
	event: OrderEvent,
	lookBackSeconds: number,
): { fresh: IDataObject[]; next: PollState } {
	const field = timeField(event);
	const seen: Record<string, number> = { ...state.seen };
	const fresh: IDataObject[] = [];
	let cursor = state.cursor;
	for (const order of orders) {
		const key = orderKey(order, event);
		const time = Number(order[field]);
		if (!(key in seen)) fresh.push(order);
		seen[key] = Number.isFinite(time) ? time : cursor;
		if (Number.isFinite(time) && time > cursor) cursor = time;
	}
	const floor = cursor - lookBackSeconds;
	for (const [key, time] of Object.entries(seen)) if (time < floor) delete seen[key];
	return { fresh, next: { scope: state.scope, since: state.since, cursor, seen } };
}
