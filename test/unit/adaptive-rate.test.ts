import {
	afterRefusal,
	BACK_OFF,
	MAX_RATE,
	MIN_RATE,
	evidence,
	EVIDENCE_REFUSALS,
	OWN_SHARE,
	othersUseTheLimit,
	type Evidence,
	parseRetryAfter,
	rateAt,
	UNLIMITED,
	WINDOW_MS,
	type AdaptiveRate,
} from '../../nodes/shared/transport/adaptiveRate';
import { currentRate, noteRateLimited, resetThrottle, waitForSlot } from '../../nodes/shared/transport/throttle';

describe('adaptive rate per key (workers in other processes seen only through 429s)', () => {
	it('reads its own sends and refusals of the second before a refused call', () => {
		const sent = [100, 200, 300, 1100, 1150, 1200];
		// 300, 1100 and 1150 before 1200 (not 200, a full second before); the refused call itself among the recent
		expect(evidence(sent, [], 1200)).toEqual({ accepted: 3, recent: 4, recentRefused: 0 });
		expect(evidence(sent, [1100, 1200], 1200)).toEqual({ accepted: 2, recent: 4, recentRefused: 2 });
		expect(evidence([], [], 1200)).toEqual({ accepted: 0, recent: 0, recentRefused: 0 });
	});

	const contended: Evidence = { accepted: 25, recent: 80, recentRefused: 30 };

	it('tells others using the limit from its own calls arriving close together and from a stray 429', () => {
		expect(othersUseTheLimit(contended)).toBe(true);
		// own calls fill the limit: one process alone
		expect(othersUseTheLimit({ ...contended, accepted: OWN_SHARE })).toBe(false);
		// a refusal or two, or a small share of refusals, is no pattern
		expect(othersUseTheLimit({ ...contended, recentRefused: EVIDENCE_REFUSALS - 1 })).toBe(false);
		expect(othersUseTheLimit({ accepted: 40, recent: 90, recentRefused: 5 })).toBe(false);
	});

	it('a refusal while own calls fill the limit (one process alone) does not lower the rate', () => {
		const after = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, seen: { ...contended, accepted: OWN_SHARE } });
		expect(after).toEqual(UNLIMITED);
		expect(rateAt(after, 6000)).toBe(MAX_RATE);
		// nor one whose send time is unknown
		expect(afterRefusal(UNLIMITED, { now: 5000, sentAt: 5000 })).toEqual(UNLIMITED);
	});

	it('refusals while others use part of the limit lower it to below the share TikTok accepted', () => {
		const after = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, seen: contended });
		expect(after.floor).toBeCloseTo(25 * BACK_OFF);
		expect(after.loweredAt).toBe(5000);
		expect(rateAt(after, 5000)).toBeCloseTo(25 * BACK_OFF);
		// never below the minimum, even when TikTok took nothing from this process
		expect(afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, seen: { ...contended, accepted: 0 } }).floor).toBe(
			MIN_RATE,
		);
		// nor above the current rate's share when the current rate is the lower one
		const low: AdaptiveRate = { floor: 10, loweredAt: 1000, pausedUntil: 0 };
		expect(afterRefusal(low, { now: 2500, sentAt: 2400, seen: { ...contended, accepted: 30 } }).floor).toBeCloseTo(
			rateAt(low, 2500) * BACK_OFF,
		);
	});

	it('lowers once per overshoot: refusals of calls sent within a window of the lowering do not lower again', () => {
		const once = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4980, seen: contended });
		const fewer = { ...contended, accepted: 10 };
		expect(afterRefusal(once, { now: 5900, sentAt: 5000 + WINDOW_MS, seen: fewer })).toEqual(once);
		const twice = afterRefusal(once, { now: 6100, sentAt: 6001, seen: fewer });
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
		const own = { ...contended, accepted: 49 };
		expect(afterRefusal(UNLIMITED, { now: 5000, sentAt: 4990, seen: own, retryAfterMs: 2000 })).toEqual({
			...UNLIMITED,
			pausedUntil: 7000,
		});
		const lowered = afterRefusal(UNLIMITED, { now: 5000, sentAt: 4990, seen: contended, retryAfterMs: 1000 });
		expect(lowered.pausedUntil).toBe(6000);
		expect(lowered.floor).toBeLessThan(MAX_RATE);
		// a shorter Retry-After later does not shorten the pause
		expect(afterRefusal(lowered, { now: 5100, sentAt: 5000, seen: contended, retryAfterMs: 100 }).pausedUntil).toBe(
			6000,
		);
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
 * in any 1,000 ms; refused calls do not count), on a simulated clock. `stray`: share of calls refused at random
 * besides (the emulator's fault injection).
 */
function simulate(processes: number, seconds: number, stray = 0) {
	let seed = 7;
	const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
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
		const full = accepted.filter((time) => time > now - 1000).length >= 50;
		if (!full && random() >= stray) accepted.push(now);
		else {
			refusals++;
			refused[p].push(now);
			const seen = evidence(sent[p], refused[p], now);
			states[p] = afterRefusal(states[p], { now: now + 20, sentAt: now, seen });
		}
		// one process alone sends about 49 per second (throttle.ts's window)
		next[p] = now + 1000 / Math.min(49, rateAt(states[p], now));
	}
	if (process.env.SIM_DEBUG)
		console.log(processes, stray, refusals, sent.flat().length, accepted.length / seconds, states);
	const lastTen = accepted.filter((time) => time >= end - 10000).length / 10;
	return { refusals, attempts: sent.flat().length, acceptedPerSecond: lastTen };
}

describe('N processes pacing themselves against one shop (simulated clock)', () => {
	it('one process keeps its full pace and never lowers it', () => {
		const one = simulate(1, 30);
		expect(one.refusals).toBe(0);
		expect(one.acceptedPerSecond).toBeGreaterThanOrEqual(48);
	});

	it('one process keeps its pace when 5 % of its calls are refused at random', () => {
		const one = simulate(1, 60, 0.05);
		// the refused share is the stray one, and the rate stays near 49/s (95 % of it accepted)
		expect(one.refusals / one.attempts).toBeLessThan(0.07);
		expect(one.attempts).toBeGreaterThanOrEqual(60 * 47);
	});

	it.each([2, 3])('%i processes settle below 50/s together, with few refusals', (processes) => {
		const run = simulate(processes, 60);
		expect(run.acceptedPerSecond).toBeLessThanOrEqual(50);
		// without adapting, N × 49/s against 50/s: about half (2) or two thirds (3) of all calls refused
		expect(run.refusals / run.attempts).toBeLessThan(0.2);
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

		// others: most of B's calls refused while its own calls are far from the limit
		for (let i = 0; i < 6; i++) {
			const sentAt = await waitForSlot('B POST /y');
			if (i < 3) expect(currentRate('B POST /y')).toBe(MAX_RATE);
			if (i >= 2) noteRateLimited('B POST /y', sentAt);
		}
		expect(currentRate('B POST /y')).toBeLessThan(MAX_RATE);
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
