/** Fault injection: explicit "next N calls" faults plus a random fail rate. */
import { mulberry32, Rng } from './prng';

export type FaultKind = '429' | '503' | '500' | 'reset' | 'latency';
export const FAULT_KINDS: readonly FaultKind[] = ['429', '503', '500', 'reset', 'latency'];

export interface FaultRule {
	kind: FaultKind;
	remaining: number;
	latency_ms: number;
	path_prefix: string;
}

export interface FaultDecision {
	kind: FaultKind;
	latency_ms: number;
	source: 'injected' | 'fail_rate';
}

export class Faults {
	rules: FaultRule[] = [];
	failRate = 0;
	baseLatencyMs = 0;
	private readonly rng: Rng;

	constructor(seed: number) {
		this.rng = mulberry32(seed ^ 0xfa17);
	}

	add(kind: FaultKind, count: number, latencyMs = 0, pathPrefix = ''): FaultRule {
		const r: FaultRule = {
			kind,
			remaining: Math.max(1, Math.floor(count)),
			latency_ms: Math.max(0, latencyMs),
			path_prefix: pathPrefix,
		};
		this.rules.push(r);
		return r;
	}

	clear(): void {
		this.rules = [];
	}

	/** Decide the fault (if any) for an API call to `path`; consumes one unit of a matching rule. */
	next(path: string): FaultDecision | null {
		for (const r of this.rules) {
			if (r.remaining > 0 && path.startsWith(r.path_prefix)) {
				r.remaining--;
				if (r.remaining === 0) this.rules = this.rules.filter((x) => x !== r);
				return { kind: r.kind, latency_ms: r.latency_ms, source: 'injected' };
			}
		}
		if (this.failRate > 0 && this.rng() < this.failRate) {
			const pick = this.rng();
			const kind: FaultKind = pick < 0.5 ? '429' : pick < 0.8 ? '503' : 'reset';
			return { kind, latency_ms: 0, source: 'fail_rate' };
		}
		return null;
	}
}
