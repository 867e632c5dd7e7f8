/**
 * Open API gateway: the exact check order TikTok applies, then dispatch to resource handlers.
 *
 * Order: faults → app_key → timestamp → sign present → sign matches → x-tts-access-token → legacy
 * access_token query → path (404) → method (405) → shop_cipher → legacy shop_id/version → rate limit →
 * content-type → JSON body → handler.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { Control } from './control';
import { Faults } from './faults';
import { bodyForLog, envelope, Envelope, readBody, RequestLog, sendJson } from './http';
import { RateLimiter } from './ratelimit';
import { computeSign, parseQuery, safeEqual } from './signing';
import { World } from './state';
import type { AccessTokenRec, Shop } from './types';
import { ApiError, badParam, requestId, TimerSet } from './util';
import { compileContract, EndpointValidator, unreferencedKeys } from './contract/validate';

export interface Ctx {
	world: World;
	control: Control;
	method: string;
	path: string;
	params: Record<string, string>;
	query: Record<string, string>;
	/** Parsed JSON body (undefined when the body is empty). */
	body: unknown;
	rawBody: Buffer;
	shop: Shop | null;
	token: AccessTokenRec;
	route: RouteDef;
}

export interface RouteDef {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	pattern: string;
	/** required (default), optional (resolved from the resource when absent) or forbidden. */
	shop?: 'required' | 'optional' | 'forbidden';
	handler: (ctx: Ctx) => unknown;
}

interface CompiledRoute extends RouteDef {
	segs: string[];
	/** Contract check for this route (null when the route has no reference page). */
	validator: EndpointValidator | null;
	/** Warning for routes that have neither a reference page nor an entry in the contract's unreferenced list. */
	unlisted: string | null;
}

const TS_PAST = 300;
const TS_FUTURE = 30;

export interface GatewayDeps {
	world: World;
	control: Control;
	faults: Faults;
	limiter: RateLimiter;
	log: RequestLog;
	timers: TimerSet;
	routes: RouteDef[];
	admin: (
		req: IncomingMessage,
		res: ServerResponse,
		path: string,
		query: Record<string, string>,
		body: Buffer,
	) => Promise<void>;
}

function compile(routes: RouteDef[]): CompiledRoute[] {
	const validators = compileContract();
	const listed = unreferencedKeys();
	return routes.map((r) => {
		const key = `${r.method} ${r.pattern}`;
		const validator = validators.get(key) ?? null;
		const unlisted =
			validator || listed.has(key)
				? null
				: `${key} has no page in TikTok's reference and is not listed as unreferenced`;
		// the reference decides whether shop_cipher is required (Update Inventory: required)
		const shop = validator?.endpoint.shop_cipher === 'required' ? 'required' : r.shop;
		return { ...r, shop, segs: r.pattern.split('/').slice(1), validator, unlisted };
	});
}

function matchSegs(segs: string[], parts: string[], ignoreVersion = false): Record<string, string> | null {
	if (segs.length !== parts.length) return null;
	const params: Record<string, string> = {};
	for (let i = 0; i < segs.length; i++) {
		const s = segs[i];
		if (s.startsWith('{') && s.endsWith('}')) {
			if (!parts[i]) return null;
			try {
				params[s.slice(1, -1)] = decodeURIComponent(parts[i]);
			} catch {
				return null;
			}
		} else if (ignoreVersion && i === 1 && /^\d{6}$/.test(parts[i])) {
			continue;
		} else if (s !== parts[i]) return null;
	}
	return params;
}

export function makeGateway(deps: GatewayDeps) {
	const routes = compile(deps.routes);
	const { world, faults, limiter, log, timers } = deps;

	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const started = Date.now();
		const rawUrl = req.url ?? '/';
		const qi = rawUrl.indexOf('?');
		const path = qi === -1 ? rawUrl : rawUrl.slice(0, qi);
		const rawQuery = qi === -1 ? '' : rawUrl.slice(qi + 1);
		let rawBody: Buffer;
		try {
			rawBody = await readBody(req);
		} catch {
			if (!res.writableEnded) sendJson(res, 413, envelope(36009021, 'Request body too large'));
			return;
		}

		if (path.startsWith('/__emulator/') || path === '/__emulator') {
			await deps.admin(req, res, path, parseQuery(rawQuery) ?? {}, rawBody);
			return;
		}

		const rid = requestId();
		const method = (req.method ?? 'GET').toUpperCase();
		const query = parseQuery(rawQuery);
		let routeName: string | null = null;
		let shopId: string | null = null;
		let faultName: string | undefined;
		let warnings: string[] | undefined;

		const finish = async (status: number, env: Envelope, extraLatency = 0) => {
			const latency = faults.baseLatencyMs + extraLatency;
			if (latency > 0) await timers.sleep(latency);
			sendJson(res, status, env, { 'x-tt-logid': rid });
			log.add({
				at: started,
				host: 'api',
				method,
				path,
				route: routeName,
				query: query ?? {},
				body: bodyForLog(rawBody),
				status,
				code: env.code,
				message: env.message,
				request_id: rid,
				shop_id: shopId,
				duration_ms: Date.now() - started,
				fault: faultName,
				warnings,
			});
		};
		const fail = (e: ApiError, extraLatency = 0) =>
			finish(e.httpStatus, envelope(e.code, e.message, e.data, rid), extraLatency);

		// ---- faults
		const fault = faults.next(path);
		let faultLatency = 0;
		if (fault) {
			faultName = `${fault.kind}:${fault.source}`;
			if (fault.kind === 'reset') {
				log.add({
					at: started,
					host: 'api',
					method,
					path,
					route: null,
					query: query ?? {},
					body: bodyForLog(rawBody),
					status: 0,
					code: null,
					message: 'connection reset',
					request_id: rid,
					shop_id: null,
					duration_ms: Date.now() - started,
					fault: faultName,
				});
				req.socket.destroy();
				return;
			}
			if (fault.kind === '429')
				return fail(new ApiError(36009002, 'Too many requests. Please retry after a while.', 429));
			if (fault.kind === '503')
				return fail(new ApiError(36009003, 'Service Unavailable. The server is overloaded, please retry later.', 503));
			if (fault.kind === '500')
				return fail(
					new ApiError(
						36009003,
						'Internal error. Please try again. If the issue persists after multiple attempts, please contact platform support.',
						500,
					),
				);
			faultLatency = fault.latency_ms;
		}

		try {
			if (!query) throw new ApiError(36009004, 'Invalid query string: malformed percent-encoding', 400);

			// ---- app_key
			if (!query.app_key) throw new ApiError(36009004, 'Invalid app_key: app_key is missing', 401);
			if (query.app_key !== world.appKey) throw new ApiError(36009004, `Invalid app_key: ${query.app_key}`, 401);

			// ---- timestamp (real wall clock)
			const ts = query.timestamp;
			if (ts === undefined || ts === '') throw new ApiError(36009004, 'Invalid timestamp: timestamp is missing', 401);
			if (!/^-?\d{1,12}$/.test(ts)) throw new ApiError(36009004, `Invalid timestamp: "${ts}" is not unix seconds`, 401);
			const tsn = Number(ts);
			const realNow = Math.floor(Date.now() / 1000);
			if (tsn < 0) throw new ApiError(36009004, 'Invalid timestamp: timestamp must not be negative', 401);
			if (tsn < realNow - TS_PAST)
				throw new ApiError(36009004, `Invalid timestamp: timestamp ${ts} is more than 5 minutes old`, 401);
			if (tsn > realNow + TS_FUTURE)
				throw new ApiError(36009004, `Invalid timestamp: timestamp ${ts} is more than 30 seconds in the future`, 401);

			// ---- sign
			if (!query.sign) throw new ApiError(36009004, 'Invalid sign: sign is missing', 401);
			const ctype = String(req.headers['content-type'] ?? '');
			const media = ctype.split(';')[0].trim().toLowerCase();
			const expected = computeSign(world.appSecret, path, query, media === 'multipart/form-data' ? undefined : rawBody);
			if (!safeEqual(expected, query.sign)) {
				throw new ApiError(
					106001,
					'Invalid credentials. The signature is invalid. Please check the sign generation algorithm (path + sorted params + raw body, wrapped in app_secret, lowercase hex HMAC-SHA256).',
					401,
				);
			}

			// ---- access token
			const tokenHeader = req.headers['x-tts-access-token'];
			const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
			if (!token) throw new ApiError(105001, 'Invalid credentials. The x-tts-access-token header is missing.', 401);
			const tok = world.accessTokens.get(token);
			if (!tok || tok.appKey !== world.appKey)
				throw new ApiError(105001, 'Invalid credentials. The access token is invalid.', 401);
			// The error table gives 105002 without an HTTP status (https://partner.tiktokshop.com/docv2/page/common-errors);
			// modes.expired_token_http_status plays 401 (default) or 200.
			if (world.now() >= tok.expiresAt)
				throw new ApiError(
					105002,
					'Expired credentials. access token is expired, please refresh it',
					world.modes.expired_token_http_status,
				);
			if ('access_token' in query)
				throw new ApiError(
					36009004,
					'Invalid access_token: access_token must not be sent in the query since API version 202309; use the x-tts-access-token header',
					401,
				);

			// ---- route
			const parts = path.split('/').slice(1);
			let route: CompiledRoute | null = null;
			let params: Record<string, string> = {};
			let pathKnown = false;
			for (const r of routes) {
				const m = matchSegs(r.segs, parts);
				if (!m) continue;
				pathKnown = true;
				if (r.method === method) {
					route = r;
					params = m;
					break;
				}
			}
			if (!route) {
				if (pathKnown) throw new ApiError(36009010, `Invalid method: ${method} is not supported for ${path}`, 405);
				if (routes.some((r) => matchSegs(r.segs, parts, true)))
					throw new ApiError(36009014, `The version name is invalid: ${parts[1]}`, 404);
				throw new ApiError(36009009, `Invalid path: ${path}`, 404);
			}
			routeName = `${route.method} ${route.pattern}`;

			// ---- shop_cipher
			const shopMode = route.shop ?? 'required';
			let shop: Shop | null = null;
			if (shopMode === 'forbidden') {
				if ('shop_cipher' in query)
					throw new ApiError(36009004, 'Unexpected identifier shop_cipher: this API does not accept shop_cipher', 400);
			} else {
				const cipher = query.shop_cipher;
				if (!cipher) {
					if (shopMode === 'required')
						throw new ApiError(
							106013,
							'shop_cipher is missing. It is required for this API; get it from /authorization/202309/shops',
							400,
						);
				} else {
					shop = world.shopByCipher.get(cipher) ?? null;
					if (!shop)
						throw new ApiError(36009004, 'Invalid shop_cipher: no authorized shop matches this shop_cipher', 400);
					if (!shop.authorized)
						throw new ApiError(
							101000,
							'Invalid x-tts-access-token: the seller has not authorized this app for this shop',
							401,
						);
					shopId = shop.id;
				}
			}
			if ('shop_id' in query)
				throw new ApiError(
					36009004,
					'Invalid identifier. The shop_id parameter is not supported since 202309; use shop_cipher',
					400,
				);
			if ('version' in query)
				throw new ApiError(
					36009004,
					'Invalid API version: the version query parameter is not supported; the version is part of the path',
					400,
				);

			// ---- rate limit
			const rlKey = `${world.appKey}|${shop ? shop.id : `token:${token}`}|${routeName}`;
			if (!limiter.hit(rlKey))
				throw new ApiError(
					36009002,
					'Too many requests. The rate limit (50 requests per second per API per shop) was exceeded.',
					429,
				);

			// ---- content-type
			if (media !== 'application/json') {
				throw new ApiError(
					36009022,
					`Invalid content-type "${ctype || '(missing)'}": this API only accepts application/json`,
					400,
				);
			}

			// ---- body
			let body: unknown = undefined;
			if (rawBody.length > 0) {
				try {
					body = JSON.parse(rawBody.toString('utf8'));
				} catch {
					throw new ApiError(36009004, 'Invalid request body: the body is not valid JSON', 400);
				}
			}

			// ---- contract (TikTok's reference): refuse missing/mistyped fields, warn about unlisted ones
			if (route.validator) {
				const v = route.validator.validate(query, body);
				if (v.warnings.length) warnings = v.warnings;
				if (v.error) throw badParam(v.error);
			} else if (route.unlisted) warnings = [route.unlisted];

			const ctx: Ctx = {
				world,
				control: deps.control,
				method,
				path,
				params,
				query,
				body,
				rawBody,
				shop,
				token: tok,
				route,
			};
			const data = route.handler(ctx);
			if (ctx.shop) shopId = ctx.shop.id;
			return finish(200, envelope(0, 'Success', data ?? {}, rid), faultLatency);
		} catch (e) {
			if (e instanceof ApiError) return fail(e, faultLatency);
			const msg = e instanceof Error ? e.message : String(e);
			return fail(new ApiError(36009003, `Internal error. Please try again. (${msg})`, 500), faultLatency);
		}
	};
}

// ------------------------------------------------------------------------------------------------------------
// Validation helpers shared by handlers

export function bodyObject(ctx: Ctx, required = false): Record<string, unknown> {
	if (ctx.body === undefined) {
		if (required) throw badParam('Invalid request body: a JSON object body is required');
		return {};
	}
	if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body))
		throw badParam('Invalid request body: expected a JSON object');
	return ctx.body as Record<string, unknown>;
}

export function pageSizeParam(ctx: Ctx, min: number, max: number, def: number | null): number {
	const raw = ctx.query.page_size;
	if (raw === undefined || raw === '') {
		if (def === null) throw badParam('page_size is required');
		return def;
	}
	if (!/^\d+$/.test(raw)) throw badParam(`page_size must be an integer in [${min}, ${max}]`);
	const n = Number(raw);
	if (n < min || n > max) throw badParam(`page_size must be in the range [${min}, ${max}], got ${raw}`);
	return n;
}

export function enumQuery<T extends string>(ctx: Ctx, name: string, values: readonly T[], def: T): T {
	const v = ctx.query[name];
	if (v === undefined || v === '') return def;
	if (!(values as readonly string[]).includes(v))
		throw badParam(`${name} must be one of ${values.join(', ')}, got "${v}"`);
	return v as T;
}

export function optInt(b: Record<string, unknown>, name: string): number | undefined {
	const v = b[name];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
		throw badParam(`${name} must be a non-negative integer (unix seconds)`);
	return v;
}

export function optString(b: Record<string, unknown>, name: string): string | undefined {
	const v = b[name];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string') throw badParam(`${name} must be a string`);
	return v;
}

export function optBool(b: Record<string, unknown>, name: string): boolean | undefined {
	const v = b[name];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'boolean') throw badParam(`${name} must be a boolean`);
	return v;
}

export function optEnum<T extends string>(
	b: Record<string, unknown>,
	name: string,
	values: readonly T[],
): T | undefined {
	const v = optString(b, name);
	if (v === undefined) return undefined;
	if (!(values as readonly string[]).includes(v))
		throw badParam(`${name} must be one of ${values.join(', ')}, got "${v}"`);
	return v as T;
}

export function optStringArray(
	b: Record<string, unknown>,
	name: string,
	max: number,
	values?: readonly string[],
): string[] | undefined {
	const v = b[name];
	if (v === undefined || v === null) return undefined;
	if (!Array.isArray(v)) throw badParam(`${name} must be an array of strings`);
	if (v.length > max) throw badParam(`${name} must contain at most ${max} items, got ${v.length}`);
	for (const x of v) {
		if (typeof x !== 'string') throw badParam(`${name} must be an array of strings (ids are strings)`);
		if (values && !values.includes(x))
			throw badParam(`${name} contains an invalid value "${x}"; allowed: ${values.join(', ')}`);
	}
	return v as string[];
}

export function requireShop(ctx: Ctx): Shop {
	if (!ctx.shop) throw new ApiError(106013, 'shop_cipher is missing', 400);
	return ctx.shop;
}
