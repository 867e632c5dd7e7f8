/**
 * Webhook push engine (TikTok's webhook guide: https://partner.tiktokshop.com/docv2/page/tts-webhooks-overview): signed POSTs to the shop's Event-API address for the event type and to the
 * app-level ("Partner Center") addresses, 3 s answer timeout, retries at +2 min/+30 min/+3 h/+12 h × scale,
 * then dropped. Every attempt is recorded. Rewrites (prefix map) are applied at delivery time only.
 */
import http from 'http';
import https from 'https';
import { webhookSignature, webhookSignatureRequestSign } from './signing';
import { World } from './state';
import { TimerSet } from './util';

export const EVENT_TYPES: Record<string, number> = {
	ORDER_STATUS_CHANGE: 1,
	REVERSE_STATUS_UPDATE: 2,
	RECIPIENT_ADDRESS_UPDATE: 3,
	PACKAGE_UPDATE: 4,
	PRODUCT_STATUS_CHANGE: 5,
	SELLER_DEAUTHORIZATION: 6,
	UPCOMING_AUTHORIZATION_EXPIRATION: 7,
	CANCELLATION_STATUS_CHANGE: 11,
	RETURN_STATUS_CHANGE: 12,
	NEW_CONVERSATION: 13,
	NEW_MESSAGE: 14,
	PRODUCT_INFORMATION_CHANGE: 15,
	PRODUCT_CREATION: 16,
	PRODUCT_CATEGORY_CHANGE: 18,
	NEW_MESSAGE_LISTENER: 33,
	INVOICE_STATUS_CHANGE: 36,
	PRODUCT_AUDIT_STATUS_CHANGE: 37,
};

/**
 * Types pushed only to Partner Center (app-level) addresses: the Event API's event_type list does not name them
 * (https://partner.tiktokshop.com/docv2/page/update-shop-webhook-202309), so Update Shop Webhook refuses them.
 * 27 = inventory status change (https://partner.tiktokshop.com/docv2/page/inventory-status-change).
 */
export const APP_ONLY_EVENT_TYPES: Record<string, number> = {
	INVENTORY_STATUS_CHANGE: 27,
};

export const EVENT_NAME_BY_TYPE: Record<number, string> = Object.fromEntries(
	Object.entries({ ...EVENT_TYPES, ...APP_ONLY_EVENT_TYPES }).map(([k, v]) => [v, k]),
);

/** TikTok's retry schedule in seconds after a failed attempt. */
export const RETRY_SCHEDULE_S = [120, 1800, 10800, 43200];

export interface DeliveryAttempt {
	attempt: number;
	/** Address actually contacted (after rewrites). */
	url: string;
	/** HTTP status, or 0 when there was no answer (timeout, connection error). */
	status: number;
	ok: boolean;
	error?: string;
	duration_ms: number;
	at: number;
	duplicate?: boolean;
}

export interface Notification {
	tts_notification_id: string;
	type: number;
	event_type: string;
	shop_id: string;
	/** Registered address (before rewrites). */
	address: string;
	source: 'shop' | 'app';
	body: string;
	signature: string;
	created_at: number;
	state: 'pending' | 'delivered' | 'dropped';
	attempts: DeliveryAttempt[];
	next_attempt_at: number | null;
}

export interface WebhookOptions {
	retryScale: number;
	rewrites: Record<string, string>;
	timeoutMs: number;
	maxRecords?: number;
}

type Listener = (n: Notification, a: DeliveryAttempt) => void;

export class WebhookDispatcher {
	readonly notifications: Notification[] = [];
	readonly byId = new Map<string, Notification>();
	private readonly retryTimers = new Map<string, NodeJS.Timeout>();
	private readonly inflight = new Set<http.ClientRequest>();
	private readonly listeners = new Set<Listener>();
	private readonly agentHttp = new http.Agent({ keepAlive: false });
	private readonly agentHttps = new https.Agent({ keepAlive: false });
	private closed = false;

	constructor(
		private readonly world: World,
		private readonly timers: TimerSet,
		public opts: WebhookOptions,
	) {}

	/** Addresses that receive `eventType` for `shopId`. */
	targets(shopId: string, eventType: string): Array<{ address: string; source: 'shop' | 'app' }> {
		const out: Array<{ address: string; source: 'shop' | 'app' }> = [];
		const reg = this.world.shopWebhooks.get(shopId)?.get(eventType);
		if (reg) out.push({ address: reg.address, source: 'shop' });
		for (const a of this.world.appWebhooks) {
			if (!a.event_types || a.event_types.length === 0 || a.event_types.includes(eventType))
				out.push({ address: a.address, source: 'app' });
		}
		return out;
	}

	/**
	 * Emit an event. `data` is serialized with JSON.stringify; `rawNumbers` lists data keys whose (string)
	 * values must be written as unquoted JSON numbers in the raw body (e.g. product_id in type 5).
	 */
	emit(shopId: string, type: number, data: Record<string, unknown>, rawNumbers: string[] = []): Notification[] {
		const eventType = EVENT_NAME_BY_TYPE[type] ?? `TYPE_${type}`;
		const out: Notification[] = [];
		for (const t of this.targets(shopId, eventType)) {
			const id = this.world.newId('73', 19);
			let body = JSON.stringify({ type, tts_notification_id: id, shop_id: shopId, timestamp: this.world.now(), data });
			for (const k of rawNumbers) {
				const v = data[k];
				if (typeof v === 'string' && /^\d+$/.test(v)) body = body.replace(`"${k}":"${v}"`, `"${k}":${v}`);
			}
			const n: Notification = {
				tts_notification_id: id,
				type,
				event_type: eventType,
				shop_id: shopId,
				address: t.address,
				source: t.source,
				body,
				signature:
					this.world.modes.webhook_signature === 'request_sign'
						? webhookSignatureRequestSign(this.world.appSecret, body)
						: webhookSignature(this.world.appKey, this.world.appSecret, body),
				created_at: Date.now(),
				state: 'pending',
				attempts: [],
				next_attempt_at: Date.now(),
			};
			this.record(n);
			out.push(n);
			void this.attempt(n, false);
		}
		return out;
	}

	private record(n: Notification): void {
		this.notifications.push(n);
		this.byId.set(n.tts_notification_id, n);
		const max = this.opts.maxRecords ?? 10000;
		if (this.notifications.length > max * 1.1) {
			const removed = this.notifications.splice(0, this.notifications.length - max);
			for (const r of removed) if (r.state !== 'pending') this.byId.delete(r.tts_notification_id);
		}
	}

	rewrite(address: string): string {
		let best = '';
		for (const from of Object.keys(this.opts.rewrites))
			if (address.startsWith(from) && from.length > best.length) best = from;
		return best ? this.opts.rewrites[best] + address.slice(best.length) : address;
	}

	/** Send an exact duplicate (same bytes, same signature) of a recorded notification, once. */
	async redeliver(id: string): Promise<DeliveryAttempt | null> {
		const n = this.byId.get(id);
		if (!n) return null;
		return this.attempt(n, true);
	}

	/** Run every scheduled retry now (does not change the schedule of later retries). */
	retryNow(): number {
		let count = 0;
		for (const [id, t] of [...this.retryTimers]) {
			this.timers.clear(t);
			this.retryTimers.delete(id);
			const n = this.byId.get(id);
			if (n) {
				count++;
				void this.attempt(n, false);
			}
		}
		return count;
	}

	onAttempt(l: Listener): () => void {
		this.listeners.add(l);
		return () => this.listeners.delete(l);
	}

	private attempt(n: Notification, duplicate: boolean): Promise<DeliveryAttempt> {
		const attemptNo = n.attempts.length + 1;
		const target = this.rewrite(n.address);
		const started = Date.now();
		if (!duplicate) n.next_attempt_at = null;
		return new Promise<DeliveryAttempt>((resolve) => {
			let settled = false;
			const finish = (status: number, error?: string) => {
				if (settled) return;
				settled = true;
				const a: DeliveryAttempt = {
					attempt: attemptNo,
					url: target,
					status,
					ok: status >= 200 && status < 300,
					duration_ms: Date.now() - started,
					at: started,
				};
				if (error) a.error = error;
				if (duplicate) a.duplicate = true;
				n.attempts.push(a);
				if (!duplicate) {
					if (a.ok) n.state = 'delivered';
					else this.scheduleRetry(n);
				}
				for (const l of this.listeners) l(n, a);
				resolve(a);
			};
			if (this.closed) {
				finish(0, 'emulator closed');
				return;
			}
			let url: URL;
			try {
				url = new URL(target);
			} catch {
				finish(0, 'invalid address');
				return;
			}
			const mod = url.protocol === 'https:' ? https : http;
			const req = mod.request(
				url,
				{
					method: 'POST',
					agent: url.protocol === 'https:' ? this.agentHttps : this.agentHttp,
					headers: {
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(n.body),
						authorization: n.signature,
						'user-agent': 'TikTokShop-Webhook-Emulator/1.0',
					},
				},
				(res) => {
					res.resume();
					clearTimeout(timer);
					this.inflight.delete(req);
					finish(res.statusCode ?? 0);
				},
			);
			const timer = setTimeout(() => {
				req.destroy(new Error(`no answer within ${this.opts.timeoutMs} ms`));
			}, this.opts.timeoutMs);
			req.on('error', (err) => {
				clearTimeout(timer);
				this.inflight.delete(req);
				finish(0, err.message);
			});
			req.on('close', () => {
				clearTimeout(timer);
				this.inflight.delete(req);
			});
			this.inflight.add(req);
			req.end(n.body);
		});
	}

	private scheduleRetry(n: Notification): void {
		const failures = n.attempts.filter((a) => !a.duplicate).length;
		if (failures > RETRY_SCHEDULE_S.length || this.closed) {
			n.state = 'dropped';
			n.next_attempt_at = null;
			return;
		}
		const delayMs = RETRY_SCHEDULE_S[failures - 1] * 1000 * this.opts.retryScale;
		n.next_attempt_at = Date.now() + delayMs;
		const t = this.timers.setTimeout(() => {
			this.retryTimers.delete(n.tts_notification_id);
			void this.attempt(n, false);
		}, delayMs);
		this.retryTimers.set(n.tts_notification_id, t);
	}

	clear(): void {
		for (const [, t] of this.retryTimers) this.timers.clear(t);
		this.retryTimers.clear();
		this.notifications.length = 0;
		this.byId.clear();
	}

	close(): void {
		this.closed = true;
		for (const [, t] of this.retryTimers) this.timers.clear(t);
		this.retryTimers.clear();
		for (const r of this.inflight) r.destroy();
		this.inflight.clear();
		this.agentHttp.destroy();
		this.agentHttps.destroy();
	}
}
