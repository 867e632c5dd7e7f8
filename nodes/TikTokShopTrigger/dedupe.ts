import { createHash } from 'crypto';
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/** Deliveries already turned into executions, kept in the node's static data so retries never run twice. */
export interface DeliveryLog {
	/** key → Unix seconds when first accepted */
	[key: string]: number;
}

/**
 * TikTok retries a delivery it considers failed at +2 min, +30 min, +3 h and +12 h (about 15.5 h in total), so
 * a key must be remembered a little longer than that; the count bound keeps static data small at high volume.
 */
export const DELIVERY_LOG_MAX_AGE_SECONDS = 24 * 3600;
export const DELIVERY_LOG_MAX_ENTRIES = 2000;
/**
 * How often one n8n process writes new entries to static data. n8n loads a workflow's static data for every
 * webhook call and writes it whole (one database row per workflow) whenever a call changed it; writing on every
 * delivery made each delivery wait for the others' writes of the same row. Writing at most once a second costs
 * one write per second of traffic, and the first delivery after a quiet second is written at once.
 */
export const DELIVERY_LOG_SAVE_INTERVAL_MS = 1000;

/** `tts_notification_id` when TikTok sends one; older payloads (e.g. address updates) are keyed by a body hash. */
export function deliveryKey(envelope: IDataObject, rawBody: Buffer): string {
	const id = envelope.tts_notification_id;
	if ((typeof id === 'string' && id !== '') || typeof id === 'number') return `n:${String(id)}`;
	return `h:${createHash('sha256').update(rawBody).digest('hex').slice(0, 32)}`;
}

export function wasDelivered(log: DeliveryLog | undefined, key: string, now: number): boolean {
	const seenAt = log?.[key];
	return typeof seenAt === 'number' && now - seenAt <= DELIVERY_LOG_MAX_AGE_SECONDS;
}

/** Returns the log with `key` added and old or excess entries pruned (oldest first). */
export function rememberDelivery(log: DeliveryLog | undefined, key: string, now: number): DeliveryLog {
	return mergeLogs(log, new Map([[key, now]]), now);
}

/** The union of a stored log and this process's entries, without expired ones, at most the newest MAX entries. */
function mergeLogs(stored: DeliveryLog | undefined, memory: Map<string, number>, now: number): DeliveryLog {
	const union = new Map<string, number>();
	for (const [key, seenAt] of Object.entries(stored ?? {})) {
		if (typeof seenAt === 'number' && now - seenAt <= DELIVERY_LOG_MAX_AGE_SECONDS) union.set(key, seenAt);
	}
	for (const [key, seenAt] of memory) {
		if (now - seenAt > DELIVERY_LOG_MAX_AGE_SECONDS) continue;
		const known = union.get(key);
		if (known === undefined || seenAt < known) union.set(key, seenAt);
	}
	const entries = [...union].sort((a, b) => a[1] - b[1]).slice(-DELIVERY_LOG_MAX_ENTRIES);
	const next: DeliveryLog = {};
	for (const [key, seenAt] of entries) next[key] = seenAt;
	return next;
}

/** One trigger's log in this n8n process: keys in the order accepted (so oldest first), and what is not yet stored. */
interface ProcessLog {
	seen: Map<string, number>;
	unsaved: number;
	lastSaveMs: number;
}

/**
 * The log per trigger (workflow, node, mode) in this n8n process's memory. It sees every call of the process, so a
 * redelivery to the same process is caught even before static data is written, and calls answered at the same
 * moment (each loading and saving its own copy of static data) cannot drop each other's entries: each write is the
 * union of what was stored and what this process accepted.
 */
const processLogs = new Map<string, ProcessLog>();

export interface DeliveryDecision {
	/** true: an event already accepted (here, or by any process that wrote static data); start nothing */
	duplicate: boolean;
	/** set when static data should be written now (assign it to the node's static data); otherwise leave it alone */
	save?: DeliveryLog;
}

/**
 * Checks `key` against the stored log (static data, shared by every process and restart) and this process's
 * memory, remembers it when new, and says whether to write static data now: when this process holds entries not
 * yet written and its last write is at least DELIVERY_LOG_SAVE_INTERVAL_MS old (duplicates flush too).
 */
export function checkAndRememberDelivery(
	scope: string,
	stored: DeliveryLog | undefined,
	key: string,
	nowMs: number,
): DeliveryDecision {
	const now = Math.floor(nowMs / 1000);
	let memory = processLogs.get(scope);
	if (!memory) {
		memory = { seen: new Map(), unsaved: 0, lastSaveMs: Number.NEGATIVE_INFINITY };
		processLogs.set(scope, memory);
	}
	const seenAt = memory.seen.get(key);
	const duplicate =
		wasDelivered(stored, key, now) || (seenAt !== undefined && now - seenAt <= DELIVERY_LOG_MAX_AGE_SECONDS);
	if (!duplicate) {
		memory.seen.delete(key);
		memory.seen.set(key, now);
		memory.unsaved += 1;
		// oldest first: drop from the front what is too old or beyond the bound
		for (const [oldKey, oldAt] of memory.seen) {
			if (memory.seen.size <= DELIVERY_LOG_MAX_ENTRIES && now - oldAt <= DELIVERY_LOG_MAX_AGE_SECONDS) break;
			memory.seen.delete(oldKey);
		}
	}
	if (memory.unsaved === 0 || nowMs - memory.lastSaveMs < DELIVERY_LOG_SAVE_INTERVAL_MS) return { duplicate };
	memory.unsaved = 0;
	memory.lastSaveMs = nowMs;
	return { duplicate, save: mergeLogs(stored, memory.seen, now) };
}

/** Forgets this process's logs (tests: a fresh process). */
export function forgetProcessDeliveryLogs(): void {
	processLogs.clear();
}

/**
 * TikTok retries deliveries it thinks failed (e.g. answered after 3 s): one event, one execution. Remembers this
 * delivery and says whether it was seen before. Static data is written only when the decision says so (at most
 * once a second per process), not on every delivery.
 */
export function isRedelivery(context: IWebhookFunctions, envelope: IDataObject, rawBody: Buffer): boolean {
	const staticData = context.getWorkflowStaticData('node');
	const key = deliveryKey(envelope, rawBody);
	const scope = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${context.getMode()}`;
	const seen = checkAndRememberDelivery(scope, staticData.deliveries as DeliveryLog | undefined, key, Date.now());
	if (seen.save) staticData.deliveries = seen.save;
	return seen.duplicate;
}
