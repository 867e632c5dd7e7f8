import {
	afterRefusal,
	BACK_OFF,
	MAX_RATE,
	MIN_RATE,
	OWN_SHARE,
	ownAccepted,
	parseRetryAfter,
	rateAt,
	UNLIMITED,
	WINDOW_MS,
	type AdaptiveRate,
} from '../../nodes/shared/transport/adaptiveRate';
import { currentRate, noteRateLimited, resetThrottle, waitForSlot } from '../../nodes/shared/transport/throttle';

describe('adaptive rate per key (workers in other processes seen only through 429s)', () => {
	it('counts own calls of the second before a refused one that were not refused', () => {
		const sent = [100, 200, 300, 1100, 1150, 1200];
		// 300, 1100 and 1150; not 1200 itself, nor 200, a full second before
		expect(ownAccepted(sent, [], 1200)).toBe(3);
		expect(ownAccepted(sent, [1100], 1200)).toBe(2);
		expect(ownAccepted([], [], 1200)).toBe(0);
	});

	it('a refusal while own calls fill the limit (one process alone) does not lower the rate', () => {
		const after = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, accepted: OWN_SHARE });
		expect(after).toEqual(UNLIMITED);
		expect(rateAt(after, 6000)).toBe(MAX_RATE);
	});

	it('a refusal while others use part of the limit lowers to below the share TikTok accepted', () => {
		const after = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, accepted: 25 });
		expect(after.floor).toBeCloseTo(25 * BACK_OFF);
		expect(after.loweredAt).toBe(5000);
		expect(rateAt(after, 5000)).toBeCloseTo(25 * BACK_OFF);
		// never below the minimum, even when TikTok took nothing from this process
		expect(afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, accepted: 0 }).floor).toBe(MIN_RATE);
		// nor above the current rate's share when the current rate is the lower one
		const low: AdaptiveRate = { floor: 10, loweredAt: 1000, pausedUntil: 0 };
		expect(afterRefusal(low, { now: 2500, sentAt: 2400, accepted: 30 }).floor).toBeCloseTo(
			rateAt(low, 2500) * BACK_OFF,
		);
	});

	it('lowers once per overshoot: refusals of calls sent within a window of the lowering do not lower again', () => {
		const once = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, accepted: 25 });
		expect(afterRefusal(once, { now: 5900, sentAt: 5000 + WINDOW_MS, accepted: 10 })).toEqual(once);
		const twice = afterRefusal(once, { now: 6100, sentAt: 6001, accepted: 10 });
		expect(twice.floor).toBeCloseTo(10 * BACK_OFF);
	});

	it('climbs back to the full rate, slowly at first and faster the longer nothing is refused', () => {
		const state: AdaptiveRate = { floor: 20, loweredAt: 10000, pausedUntil: 0 };
		const gains = [1000, 2000, 3000].map((ms) => rateAt(state, 10000 + ms) - rateAt(state, 10000 + ms - 1000));
		expect(gains[0]).toBeGreaterThan(0);
		expect(gains[1]).toBeGreaterThan(gains[0]);
		expect(gains[2]).toBeGreaterThan(gains[1]);
		expect(rateAt(state, 10000 + 60000)).toBe(MAX_RATE);
	});

	it("pauses the key for TikTok's Retry-After, whether or not the rate is lowered", () => {
		expect(afterRefusal(UNLIMITED, { now: 5000, sentAt: 4990, accepted: 49, retryAfterMs: 2000 })).toEqual({
			...UNLIMITED,
			pausedUntil: 7000,
		});
		const lowered = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4990, accepted: 20, retryAfterMs: 1000 });
		expect(lowered.pausedUntil).toBe(6000);
		expect(lowered.floor).toBeLessThan(MAX_RATE);
		// a shorter Retry-After later does not shorten the pause
		expect(afterRefusal(lowered, { now: 5100, sentAt: 5000, accepted: 20, retryAfterMs: 100 }).pausedUntil).toBe(6000);
	});

	it('reads Retry-After as seconds or as an HTTP date, and ignores what it cannot use', () => {
		const now = Date.parse('2026-12-02T10:00:00Z');
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter(1.5, now)).toBe(1500);
		expect(parseRetryAfter('Wed, 02 Dec 2026 10:00:03 GMT', now)).toBe(3000);
		expect(parseRetryAfter('Wed, 02 Dec 2026 09:59:00 GMT', now)).toBeUndefined();
		expect(parseRetryAfter('0', now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter(['1'], now)).toBeUndefined();
	});
});

/**
 * N simulated processes, each pacing itself with its own state, against TikTok's rolling second (50 accepted calls
 * in any 1,000 ms; refused calls do not count), on a simulated clock.
 */
function simulate(processes: number, seconds: number) {
	const accepted: number[] = [];
	const states: AdaptiveRate[] = Array.from({ length: processes }, () => UNLIMITED);
	const sent: number[][] = states.map(() => []);
	const refused: number[][] = states.map(() => []);
	// the first send of each process a little apart, as real processes never start in the same millisecond
	const next = states.map((_, index) => index * 7);
	let refusals = 0;
	const end = seconds * 1000;
	for (;;) {
		const p = next.indexOf(Math.min(...next));
		const now = next[p];
		if (now >= end) break;
		sent[p].push(now);
		// one process alone never sends more than its window allows (throttle.ts): at most 49 in any 1,015 ms
		const window = accepted.filter((time) => time > now - 1000);
		if (window.length < 50) accepted.push(now);
		else {
			refusals++;
			refused[p].push(now);
			const answerAt = now + 20;
			const own = ownAccepted(sent[p], refused[p], now);
			states[p] = afterRefusal(states[p], { now: answerAt, sentAt: now, accepted: own });
		}
		next[p] = now + 1000 / Math.min(49, rateAt(states[p], now));
	}
	if (process.env.SIM_DEBUG) console.log(processes, refusals, sent.flat().length, accepted.length / seconds, states);
	const lastTen = accepted.filter((time) => time >= end - 10000).length / 10;
	return { refusals, attempts: sent.flat().length, acceptedPerSecond: lastTen };
}

describe('N processes pacing themselves against one shop (simulated clock)', () => {
	it('one process keeps its full pace and never lowers it', () => {
		const one = simulate(1, 30);
		expect(one.refusals).toBe(0);
		expect(one.acceptedPerSecond).toBeGreaterThanOrEqual(48);
	});

	it.each([2, 3])('%i processes settle below 50/s together, with few refusals', (processes) => {
		const run = simulate(processes, 60);
		expect(run.acceptedPerSecond).toBeLessThanOrEqual(50);
		// without adapting, N × 49/s against 50/s: about half (2) or two thirds (3) of all calls refused
		expect(run.refusals / run.attempts).toBeLessThan(0.06);
		// and still close to the limit: the job is not much slower than one process alone
		expect(run.acceptedPerSecond).toBeGreaterThanOrEqual(40);
	});
});

describe('throttle.ts with the adaptive rate', () => {
	beforeEach(() => resetThrottle());

	it("keeps the full rate for a 429 its own calls explain, lowers it for one that others' calls explain", async () => {
		const own: number[] = [];
		for (let i = 0; i < 50; i++) own.push(await waitForSlot('A POST /y'));
		noteRateLimited('A POST /y', own[49]);
		expect(currentRate('A POST /y')).toBe(MAX_RATE);

		const sentAt = await waitForSlot('B POST /y');
		noteRateLimited('B POST /y', sentAt);
		expect(currentRate('B POST /y')).toBe(MIN_RATE);
		// without the send time (older callers) a 429 counts as the process's own, as before
		noteRateLimited('C POST /y');
		expect(currentRate('C POST /y')).toBe(MAX_RATE);
	});

	it("holds every send of the key until TikTok's Retry-After has passed", async () => {
		const sentAt = await waitForSlot('A POST /z');
		noteRateLimited('A POST /z', sentAt, 400);
		const next = await waitForSlot('A POST /z');
		expect(next - sentAt).toBeGreaterThanOrEqual(400);
	});
});
