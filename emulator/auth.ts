/**
 * Auth host (auth.tiktok-shops.com stand-in): GET /api/v2/token/get and /api/v2/token/refresh.
 * Tokens are random opaque strings; *_expire_in are ABSOLUTE unix seconds. Errors are answered with HTTP 200
 * and a non-zero code (the token endpoints signal failure in the body).
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { bodyForLog, envelope, readBody, RequestLog, sendJson } from './http';
import { parseQuery } from './signing';
import { GRANTED_SCOPES, World } from './state';
import { randomToken, requestId } from './util';
import type { AccessTokenRec, RefreshTokenRec } from './types';

export class AuthError extends Error {
	constructor(
		public readonly code: number,
		message: string,
	) {
		super(message);
	}
}

export function issueAuthCode(world: World): { auth_code: string; expires_at: number } {
	const code = randomToken('TTP_', 24);
	const expiresAt = world.now() + world.authCodeTtl;
	world.authCodes.set(code, { code, appKey: world.appKey, expiresAt, used: false });
	return { auth_code: code, expires_at: expiresAt };
}

function newAccessToken(world: World): AccessTokenRec {
	const rec: AccessTokenRec = {
		token: randomToken('ROW_', 36),
		appKey: world.appKey,
		openId: world.seller.openId,
		issuedAt: world.now(),
		expiresAt: world.now() + world.tokenTtl,
	};
	world.accessTokens.set(rec.token, rec);
	return rec;
}

function newRefreshToken(world: World, expiresAt: number): RefreshTokenRec {
	const rec: RefreshTokenRec = {
		token: randomToken('ROW_', 36),
		appKey: world.appKey,
		openId: world.seller.openId,
		expiresAt,
	};
	world.refreshTokens.set(rec.token, rec);
	return rec;
}

function tokenData(world: World, at: AccessTokenRec, rt: RefreshTokenRec) {
	return {
		access_token: at.token,
		access_token_expire_in: at.expiresAt,
		refresh_token: rt.token,
		refresh_token_expire_in: rt.expiresAt,
		open_id: world.seller.openId,
		seller_name: world.seller.name,
		seller_base_region: world.seller.baseRegion,
		user_type: 0,
		granted_scopes: [...GRANTED_SCOPES],
	};
}

/** Grant tokens for a fresh authorization (also used at startup to pre-authorize the seller). */
export function grantTokens(world: World) {
	for (const s of world.shops) s.authorized = true;
	const at = newAccessToken(world);
	const rt = newRefreshToken(world, world.now() + world.refreshTokenTtl);
	return tokenData(world, at, rt);
}

function checkApp(world: World, q: Record<string, string>): void {
	if (!q.app_key) throw new AuthError(36004005, 'app_key is missing');
	if (q.app_key !== world.appKey) throw new AuthError(36004005, 'invalid app_key');
	if (!q.app_secret) throw new AuthError(36004005, 'app_secret is missing');
	if (q.app_secret !== world.appSecret) throw new AuthError(36004005, 'app_secret does not match app_key');
}

export function tokenGet(world: World, q: Record<string, string>) {
	checkApp(world, q);
	if (q.grant_type !== 'authorized_code')
		throw new AuthError(36004005, `invalid grant_type: expected "authorized_code", got "${q.grant_type ?? ''}"`);
	if (!q.auth_code) throw new AuthError(36004005, 'auth_code is missing');
	const rec = world.authCodes.get(q.auth_code);
	if (!rec || rec.appKey !== q.app_key) throw new AuthError(36004005, 'can not find related auth record');
	if (rec.used) throw new AuthError(36004005, 'auth code has already been used');
	if (world.now() >= rec.expiresAt) throw new AuthError(36004005, 'auth code has expired');
	rec.used = true;
	return grantTokens(world);
}

export function tokenRefresh(world: World, q: Record<string, string>) {
	checkApp(world, q);
	if (q.grant_type !== 'refresh_token')
		throw new AuthError(36004005, `invalid grant_type: expected "refresh_token", got "${q.grant_type ?? ''}"`);
	if (!q.refresh_token) throw new AuthError(36004005, 'refresh_token is missing');
	const rec = world.refreshTokens.get(q.refresh_token);
	if (!rec || rec.appKey !== q.app_key) throw new AuthError(36004005, 'can not find related auth record');
	const now = world.now();
	if (now >= rec.expiresAt) throw new AuthError(36004001, 'rt has expired');
	if (rec.graceUntil !== undefined && now >= rec.graceUntil)
		throw new AuthError(36004005, 'refresh_token is no longer valid: it was replaced by a newer one');
	const at = newAccessToken(world);
	let rt = rec;
	// Whether a refresh returns a new refresh token is not stated in the authorization guide
	// (https://partner.tiktokshop.com/docv2/page/authorization-overview-202407): rotate_refresh_token plays both.
	if (world.rotateRefreshToken) {
		rt = newRefreshToken(world, rec.expiresAt);
		if (rec.graceUntil === undefined) rec.graceUntil = now + world.refreshGraceSeconds;
	}
	return tokenData(world, at, rt);
}

// https://partner.tiktokshop.com/docv2/page/authorization-overview-202407
const TOKEN_GET_QUERY = new Set(['app_key', 'app_secret', 'auth_code', 'grant_type']);
const TOKEN_REFRESH_QUERY = new Set(['app_key', 'app_secret', 'refresh_token', 'grant_type']);

export function makeAuthHandler(world: World, log: RequestLog) {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const started = Date.now();
		const rid = requestId();
		const rawUrl = req.url ?? '/';
		const qi = rawUrl.indexOf('?');
		const path = qi === -1 ? rawUrl : rawUrl.slice(0, qi);
		const q = parseQuery(qi === -1 ? '' : rawUrl.slice(qi + 1)) ?? {};
		let body: Buffer = Buffer.alloc(0);
		try {
			body = await readBody(req);
		} catch {
			/* ignore */
		}
		let status = 200;
		let out = envelope(0, 'success', null, rid);
		let route: string | null = null;
		if (path === '/api/v2/token/get' || path === '/api/v2/token/refresh') {
			route = path;
			if (req.method !== 'GET') {
				status = 405;
				out = envelope(36009010, `Invalid method ${req.method}; use GET`, null, rid);
			} else {
				try {
					out.data = path.endsWith('/get') ? tokenGet(world, q) : tokenRefresh(world, q);
				} catch (e) {
					if (e instanceof AuthError) out = envelope(e.code, e.message, null, rid);
					else throw e;
				}
			}
		} else if (path === '/oauth/authorize' && req.method === 'GET') {
			// Convenience for demos: issue a code and redirect like the seller's consent page would.
			route = path;
			const { auth_code } = issueAuthCode(world);
			if (q.redirect_uri) {
				const u = new URL(q.redirect_uri);
				u.searchParams.set('code', auth_code);
				if (q.state !== undefined) u.searchParams.set('state', q.state);
				res.writeHead(302, { location: u.toString() });
				res.end();
				log.add({
					at: started,
					host: 'auth',
					method: req.method ?? 'GET',
					path,
					route,
					query: redact(q),
					body: null,
					status: 302,
					code: null,
					message: '',
					request_id: rid,
					shop_id: null,
					duration_ms: Date.now() - started,
				});
				return;
			}
			out.data = { code: auth_code, state: q.state ?? '' };
		} else {
			status = 404;
			out = envelope(36009009, `Invalid path ${path}`, null, rid);
		}
		sendJson(res, status, out, { 'x-tt-logid': rid });
		// No API reference page for the token endpoints: the authorization guide lists their query parameters.
		const allowed =
			route === '/api/v2/token/get' ? TOKEN_GET_QUERY : route === '/api/v2/token/refresh' ? TOKEN_REFRESH_QUERY : null;
		const warnings = allowed
			? Object.keys(q)
					.filter((k) => !allowed.has(k))
					.map((k) => `query ${k} is not a parameter of ${route} in TikTok's authorization guide`)
			: [];
		log.add({
			warnings: warnings.length ? warnings : undefined,
			at: started,
			host: 'auth',
			method: req.method ?? 'GET',
			path,
			route,
			query: redact(q),
			body: bodyForLog(body),
			status,
			code: out.code,
			message: out.message,
			request_id: rid,
			shop_id: null,
			duration_ms: Date.now() - started,
		});
	};
}

function redact(q: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = { ...q };
	if ('app_secret' in out) out.app_secret = '***';
	return out;
}
