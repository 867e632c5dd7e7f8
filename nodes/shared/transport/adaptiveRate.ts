/**
 * How fast this process lets itself send on one key (shop + API), learnt from TikTok's 429s. In n8n's queue mode
 * every worker is its own process with its own throttle; TikTok's 50 requests per second per app + shop and API
 * (https://partner.tiktokshop.com/docv2/page/rate-limits) is the only budget they share, and its 429s the only
 * thing they see of each other. A worker lowers its own rate when TikTok keeps refusing it (a fifth of its calls of
 * the last second) although its own calls of the last second do not fill the limit: other workers use the rest.
 * It lowers to below the share TikTok actually accepted, then raises the rate again over the next seconds (slowly
 * at first, faster the longer nothing is refused). N workers on one shop settle below 50/s together. A worker alone
 * never lowers its rate: its rare 429s are its own calls arriving closer together than they left (throttle.ts
 * answers those with a wider window), and stray 429s (a few in a hundred) are no pattern.
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
export const ACCELERATION = 0.25;
/** TikTok's rolling window: refusals of calls sent within it after a lowering still answer the old rate. */
export const WINDOW_MS = 1000;
/**
 * Refusals that are a pattern, not chance: this share of own calls of the last EVIDENCE_MS, and at least
 * EVIDENCE_REFUSALS of them: stray 429s must not slow a process that is alone.
 */
export const REFUSED_SHARE = 0.2;
export const EVIDENCE_REFUSALS = 4;
export const EVIDENCE_MS = 1000;

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

export interface Evidence {
	/** Own calls of the second before the refused one that TikTok did not refuse (as far as known yet). */
	accepted: number;
	/** Own calls, and how many of them were refused, over the EVIDENCE_MS up to the refused one (itself included). */
	recent: number;
	recentRefused: number;
}

/** What this key's own send and refusal times (oldest first) say about a refusal of the call sent at `sentAt`. */
export function evidence(sent: readonly number[], refused: readonly number[], sentAt: number): Evidence {
	const lastSecond = (time: number) => time < sentAt && time > sentAt - WINDOW_MS;
	const recently = (time: number) => time <= sentAt && time > sentAt - EVIDENCE_MS;
	return {
		accepted: sent.filter(lastSecond).length - refused.filter(lastSecond).length,
		recent: sent.filter(recently).length,
		recentRefused: refused.filter(recently).length,
	};
}

/** Whether the refusals say other processes use part of this key's limit. */
export function othersUseTheLimit(seen: Evidence): boolean {
	return (
		seen.accepted < OWN_SHARE &&
		seen.recentRefused >= EVIDENCE_REFUSALS &&
		seen.recentRefused >= REFUSED_SHARE * seen.recent
	);
}

export interface Refusal {
	/** When the response came. */
	now: number;
	/** When the refused call left. */
	sentAt: number;
	/** What the key's own calls say (evidence(), the refused one already among the refusals); unknown: never lowers. */
	seen?: Evidence;
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
	if (!refusal.seen || !othersUseTheLimit(refusal.seen) || sameOvershoot) return { ...state, pausedUntil };
	const current = rateAt(state, refusal.now);
	const floor = Math.max(MIN_RATE, Math.min(current, refusal.seen.accepted) * BACK_OFF);
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
