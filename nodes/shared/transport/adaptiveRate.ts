/**
 * How fast this process lets itself send on one key (shop + API), learnt from TikTok's 429s. In n8n's queue mode
 * every worker is its own process with its own throttle; TikTok's 50 requests per second per app + shop and API
 * (https://partner.tiktokshop.com/docv2/page/rate-limits) is the only budget they share, and its 429s the only
 * thing they see of each other. So a worker that is refused although its own calls of the last second do not fill
 * the limit knows others use the rest: it lowers its own rate to below the share it actually got, then raises it
 * again over the next seconds (slowly at first, faster the longer nothing is refused). N workers on one shop
 * settle below 50/s together; a worker alone never lowers its rate (its rare 429s are its own calls arriving closer
 * together than they left, which throttle.ts answers with a wider window instead).
 */

/** Most requests per second a process sends on one key (TikTok's limit; throttle.ts's window keeps it just under). */
export const MAX_RATE = 50;
/** Least: a worker squeezed out by many others still makes progress, and learns when they are done. */
export const MIN_RATE = 2;
/** After a refusal, the new rate is this share of what TikTok accepted from this process in the last second. */
export const BACK_OFF = 0.85;
/** Own calls TikTok accepted in the second before a refused one from which the refusal is this process's own doing. */
export const OWN_SHARE = 45;
/** Growth after a lowering: INCREASE per second, plus ACCELERATION per second for every second without one. */
export const INCREASE = 1;
export const ACCELERATION = 0.5;
/** TikTok's rolling window: refusals of calls sent within it after a lowering still answer the old rate. */
export const WINDOW_MS = 1000;

export interface AdaptiveRate {
	/** Rate right after the last lowering (MAX_RATE when never lowered). */
	floor: number;
	/** When it was lowered, ms since the epoch (0: never). */
	loweredAt: number;
	/** TikTok's Retry-After: no send on this key before this time. */
	pausedUntil: number;
}

export const UNLIMITED: AdaptiveRate = { floor: MAX_RATE, loweredAt: 0, pausedUntil: 0 };

/** Requests per second the key may send at `now`: back up from the floor, faster the longer no call was refused. */
export function rateAt(state: AdaptiveRate, now: number): number {
	if (state.loweredAt === 0) return MAX_RATE;
	const seconds = Math.max(0, now - state.loweredAt) / 1000;
	return Math.min(MAX_RATE, state.floor + INCREASE * seconds + ACCELERATION * seconds * seconds);
}

/**
 * Own calls of the second before `sentAt` that TikTok did not refuse (as far as known): the share of the limit
 * this process actually got.
 */
export function ownAccepted(sent: readonly number[], refused: readonly number[], sentAt: number): number {
	const inWindow = (time: number) => time < sentAt && time > sentAt - WINDOW_MS;
	return sent.filter(inWindow).length - refused.filter(inWindow).length;
}

export interface Refusal {
	/** When the response came. */
	now: number;
	/** When the refused call left. */
	sentAt: number;
	/** Own calls TikTok accepted in the second before it (ownAccepted). */
	accepted: number;
	/** TikTok's Retry-After in ms, when it sent one (its rate-limit page does not document the header). */
	retryAfterMs?: number;
}

/**
 * A call of this key was refused for its rate. Lowers the rate when others use part of the limit, once per
 * overshoot (calls sent within a window after the last lowering met the old rate's traffic), and pauses the key
 * for a Retry-After either way.
 */
export function afterRefusal(state: AdaptiveRate, refusal: Refusal): AdaptiveRate {
	const pausedUntil =
		refusal.retryAfterMs !== undefined
			? Math.max(state.pausedUntil, refusal.now + refusal.retryAfterMs)
			: state.pausedUntil;
	const sameOvershoot = state.loweredAt !== 0 && refusal.sentAt <= state.loweredAt + WINDOW_MS;
	if (refusal.accepted >= OWN_SHARE || sameOvershoot) return { ...state, pausedUntil };
	const current = rateAt(state, refusal.now);
	const floor = Math.max(MIN_RATE, Math.min(current, refusal.accepted) * BACK_OFF);
	return { floor, loweredAt: refusal.now, pausedUntil };
}

/**
 * TikTok's Retry-After header in ms: delay-seconds or an HTTP date (RFC 9110 allows both); undefined when absent,
 * unreadable or not in the future.
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		const ms = Number(text) * 1000;
		return ms > 0 ? ms : undefined;
	}
	const at = Date.parse(text);
	return Number.isFinite(at) && at > now ? at - now : undefined;
}
