import { randomBytes } from 'crypto';

// global aliases (fast inside jest vm contexts, see prng.ts)
const M_abs = Math.abs;
const M_floor = Math.floor;
const M_round = Math.round;
const S_ = String;

/** An error answered with the TikTok envelope. httpStatus defaults to 200 (business error). */
export class ApiError extends Error {
	constructor(
		public readonly code: number,
		message: string,
		public readonly httpStatus = 200,
		public readonly data: unknown = null,
	) {
		super(message);
	}
}

/** Parameter validation failure: HTTP 400, code 36009004, message naming the field. */
export function badParam(message: string): ApiError {
	return new ApiError(36009004, message, 400);
}

export function money(cents: number): string {
	const neg = cents < 0;
	const c = M_abs(M_round(cents));
	const s = `${M_floor(c / 100)}.${S_(c % 100).padStart(2, '0')}`;
	return neg ? `-${s}` : s;
}

let ridSeq = 0;
/** TikTok-style request id: yyyyMMddHHmmss + 20 upper-case hex chars. */
export function requestId(): string {
	const d = new Date();
	const p = (n: number, w = 2) => S_(n).padStart(w, '0');
	const ts = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
	ridSeq = (ridSeq + 1) & 0xffff;
	return ts + randomBytes(8).toString('hex').toUpperCase() + ridSeq.toString(16).toUpperCase().padStart(4, '0');
}

export function randomToken(prefix: string, bytes = 32): string {
	return prefix + randomBytes(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Compare two decimal id strings numerically (no BigInt needed: compare length then lexically). */
export function cmpId(a: string, b: string): number {
	if (a.length !== b.length) return a.length - b.length;
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Set of timers/waits that close() can cancel. */
export class TimerSet {
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly waiters = new Set<() => void>();
	closed = false;

	setTimeout(fn: () => void, ms: number): NodeJS.Timeout {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, ms);
		this.timers.add(t);
		return t;
	}

	clear(t: NodeJS.Timeout): void {
		clearTimeout(t);
		this.timers.delete(t);
	}

	sleep(ms: number): Promise<void> {
		if (ms <= 0 || this.closed) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => {
				this.waiters.delete(done);
				resolve();
			};
			this.waiters.add(done);
			this.setTimeout(done, ms);
		});
	}

	closeAll(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const w of [...this.waiters]) w();
	}
}
