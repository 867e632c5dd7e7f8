/** Admin/control HTTP API under /__emulator/ on the API listener (JSON, unsigned). See emulator/README.md. */
import type { IncomingMessage, ServerResponse } from 'http';
import { addProducts, type AddProductsInput } from './catalogue';
import { Control, ControlError } from './control';
import { sendJson } from './http';

type Handler = (p: {
	params: Record<string, string>;
	query: Record<string, string>;
	body: Record<string, unknown>;
}) => unknown;

interface AdminRoute {
	method: string;
	segs: string[];
	handler: Handler;
}

export interface AdminInfo {
	baseUrl: string;
	authBaseUrl: string;
	adminUrl: string;
	appKey: string;
	authCode: string;
	refreshToken: string;
	accessToken: string;
	shops: Array<{ id: string; cipher: string; name: string; region: string }>;
}

function num(v: unknown, name: string): number | undefined {
	if (v === undefined || v === null || v === '') return undefined;
	const n = Number(v);
	if (!Number.isFinite(n)) throw new ControlError(`${name} must be a number`);
	return n;
}

export function makeAdmin(control: Control, info: () => AdminInfo) {
	const routes: AdminRoute[] = [];
	const add = (method: string, pattern: string, handler: Handler) =>
		routes.push({ method, segs: pattern.split('/').filter(Boolean), handler });

	add('GET', 'health', () => ({ ok: true, now: control.world.now(), clock_offset: control.world.clockOffset }));
	add('GET', 'info', () => info());
	add('GET', 'state', () => control.summary());

	// orders
	add('POST', 'orders', ({ body }) => ({ orders: control.createOrders(body as never) }));
	add('GET', 'orders/{id}', ({ params }) => control.getOrder(params.id));
	add('POST', 'orders/{id}/status', ({ params, body }) => {
		if (typeof body.status !== 'string') throw new ControlError('status is required');
		return control.setOrderStatus(params.id, body.status as never, {
			emit: body.emit as boolean | undefined,
			reason: body.reason as string | undefined,
			initiator: body.initiator as never,
		});
	});
	add('POST', 'orders/{id}/address', ({ params, body }) =>
		control.updateAddress(params.id, (body.address as never) ?? (body as never), {
			emit: body.emit as boolean | undefined,
		}),
	);

	// products & stock
	add('POST', 'products', ({ body }) => addProducts(control.world, body as AddProductsInput));
	add('GET', 'products/{id}', ({ params }) => control.getProduct(params.id));
	add('POST', 'products/{id}/status', ({ params, body }) => {
		if (typeof body.status !== 'string') throw new ControlError('status is required');
		return control.setProductStatus(params.id, body.status as never, {
			webhook_status: body.webhook_status as string | undefined,
			suspended_reason: body.suspended_reason as string | undefined,
			emit: body.emit as boolean | undefined,
		});
	});
	add('POST', 'events/inventory-status', ({ body }) => ({ notifications: control.sendInventoryStatus(body as never) }));
	add('GET', 'modes', () => control.getModes());
	add('PUT', 'modes', ({ body }) => control.setModes(body as never));
	add('GET', 'stock', ({ query }) =>
		control.getStock({ product_id: query.product_id, sku_id: query.sku_id, shop_id: query.shop_id }),
	);

	// after-sales
	add('POST', 'returns', ({ body }) => control.createReturn(body as never));
	add('POST', 'returns/{id}/status', ({ params, body }) =>
		control.setReturnStatus(params.id, body.status as never, {
			emit: body.emit as boolean | undefined,
			role: body.role as never,
		}),
	);
	add('POST', 'cancellations', ({ body }) => control.createCancellation(body as never));
	add('POST', 'cancellations/{id}/status', ({ params, body }) =>
		control.setCancellationStatus(params.id, body.status as never, { emit: body.emit as boolean | undefined }),
	);

	// events & webhooks
	add('POST', 'events', ({ body }) => ({ notifications: control.sendEvent(body as never) }));
	add('POST', 'events/authorization', ({ body }) => ({
		notifications: control.sendAuthorizationEvent({ ...(body as object), type: Number(body.type ?? 6) } as never),
	}));
	add('POST', 'reauthorize', () => control.reauthorize());
	add('GET', 'webhooks', () => control.getWebhooks());
	add('GET', 'webhooks/app', () => ({ addresses: control.world.appWebhooks }));
	const setApp: Handler = ({ body }) => ({
		addresses: control.setAppWebhooks((body.addresses as never) ?? [], {
			validate: body.validate as boolean | undefined,
		}),
	});
	add('PUT', 'webhooks/app', setApp);
	add('POST', 'webhooks/app', setApp);
	add('GET', 'webhooks/deliveries', ({ query }) => ({
		deliveries: control.getDeliveries({
			type: num(query.type, 'type'),
			event_type: query.event_type,
			shop_id: query.shop_id,
			tts_notification_id: query.tts_notification_id,
			address_prefix: query.address_prefix,
			state: query.state as never,
		}),
	}));
	add('DELETE', 'webhooks/deliveries', () => {
		control.clearDeliveries();
		return {};
	});
	add('POST', 'webhooks/redeliver', async ({ body }) => ({
		attempt: await control.redeliver(String(body.tts_notification_id ?? '')),
	}));
	add('POST', 'webhooks/retry-now', () => ({ retried: control.retryWebhooksNow() }));

	// clock, tokens, auth codes
	add('GET', 'clock', () => ({ now: control.world.now(), clock_offset: control.world.clockOffset }));
	add('POST', 'clock', ({ body }) => control.advanceClock(num(body.advance_seconds, 'advance_seconds') ?? 0));
	add('POST', 'tokens/expire', () => control.expireTokens());
	add('POST', 'tokens/expire-refresh', () => control.expireRefreshTokens());
	add('PUT', 'tokens/config', ({ body }) => control.setTokenConfig(body as never));
	add('POST', 'auth-codes', () => control.issueAuthCode());

	// faults, latency, rate limits
	add('GET', 'faults', () => control.getFaults());
	add('POST', 'faults', ({ body }) => control.injectFault(body as never));
	add('DELETE', 'faults', () => {
		control.clearFaults();
		return {};
	});
	add('POST', 'latency', ({ body }) => control.setLatency(num(body.latency_ms, 'latency_ms') ?? 0));
	add('POST', 'fail-rate', ({ body }) => control.setFailRate(num(body.fail_rate, 'fail_rate') ?? 0));
	add('POST', 'rate-limits/reset', () => {
		control.resetRateLimits();
		return {};
	});

	// recorded requests & stored data
	add('GET', 'requests', ({ query }) => ({
		requests: control.getRequests({
			path_prefix: query.path_prefix,
			host: query.host,
			method: query.method,
			since_seq: num(query.since_seq, 'since_seq'),
			limit: num(query.limit, 'limit'),
		}),
	}));
	add('DELETE', 'requests', () => {
		control.clearRequests();
		return {};
	});
	add('GET', 'warnings', ({ query }) => ({
		warnings: control.getWarnings({ since_seq: num(query.since_seq, 'since_seq') }),
	}));
	add('DELETE', 'warnings', () => {
		control.clearWarnings();
		return {};
	});
	add('GET', 'external-orders', ({ query }) => control.getExternalOrders(query.order_id));

	return async (
		req: IncomingMessage,
		res: ServerResponse,
		path: string,
		query: Record<string, string>,
		raw: Buffer,
	): Promise<void> => {
		const parts = path
			.replace(/^\/__emulator\/?/, '')
			.split('/')
			.filter(Boolean);
		const method = (req.method ?? 'GET').toUpperCase();
		let body: Record<string, unknown> = {};
		if (raw.length) {
			try {
				const parsed: unknown = JSON.parse(raw.toString('utf8'));
				if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
					body = parsed as Record<string, unknown>;
				else if (Array.isArray(parsed)) body = { addresses: parsed };
			} catch {
				sendJson(res, 400, { error: 'body is not valid JSON' });
				return;
			}
		}
		let pathKnown = false;
		for (const r of routes) {
			if (r.segs.length !== parts.length) continue;
			const params: Record<string, string> = {};
			let ok = true;
			for (let i = 0; i < r.segs.length; i++) {
				const s = r.segs[i];
				if (s.startsWith('{')) params[s.slice(1, -1)] = decodeURIComponent(parts[i]);
				else if (s !== parts[i]) {
					ok = false;
					break;
				}
			}
			if (!ok) continue;
			pathKnown = true;
			if (r.method !== method) continue;
			try {
				const out = await r.handler({ params, query, body });
				sendJson(res, 200, out ?? {});
			} catch (e) {
				if (e instanceof ControlError) sendJson(res, e.status, { error: e.message });
				else sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
			}
			return;
		}
		sendJson(res, pathKnown ? 405 : 404, {
			error: pathKnown ? `method ${method} not allowed` : `unknown admin endpoint ${path}`,
		});
	};
}
