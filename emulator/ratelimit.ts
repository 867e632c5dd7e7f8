/** 50 requests per rolling second per route pattern per app+shop (per token when no shop). */
export class RateLimiter {
	private readonly windows = new Map<string, number[]>();
	constructor(
		public limit = 50,
		public windowMs = 1000,
	) {}

	/** Returns true when the request is allowed (and counts it); rejected requests are not counted. */
	hit(key: string, nowMs = Date.now()): boolean {
		let w = this.windows.get(key);
		if (!w) {
			w = [];
			this.windows.set(key, w);
		}
		const cutoff = nowMs - this.windowMs;
		let drop = 0;
		while (drop < w.length && w[drop] <= cutoff) drop++;
		if (drop) w.splice(0, drop);
		if (w.length >= this.limit) return false;
		w.push(nowMs);
		return true;
	}

	reset(): void {
		this.windows.clear();
	}
}
