/**
 * Local TikTok Shop Open API emulator (dev-only). Two loopback listeners: the Open API host (+ admin under
 * /__emulator/) and the auth host (token get/refresh). See emulator/README.md.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { makeAdmin } from './admin';
import { grantTokens, issueAuthCode, makeAuthHandler } from './auth';
import { Control } from './control';
import { generateWorld } from './data';
import { Faults } from './faults';
import { ContractWarning, RequestLog } from './http';
import { alnum, mulberry32 } from './prng';
import { RateLimiter } from './ratelimit';
import { makeGateway, RouteDef } from './router';
import { World } from './state';
import { TimerSet } from './util';
import { WebhookDispatcher } from './webhooks';
import type { EmulatorOptions, ShopSummary } from './types';
import { orderRoutes } from './handlers/orders';
import { externalRoutes } from './handlers/external';
import { productRoutes } from './handlers/products';
import { logisticsRoutes } from './handlers/logistics';
import { returnRoutes } from './handlers/returns';
import { eventRoutes } from './handlers/events';

export type { EmulatorOptions, EmulatorModes, ShopSummary } from './types';
export { DEFAULT_MODES } from './types';
export { computeSign, webhookSignature } from './signing';
export { Control, ControlError } from './control';
export { World } from './state';
export { EVENT_TYPES, APP_ONLY_EVENT_TYPES, RETRY_SCHEDULE_S } from './webhooks';
export type { Notification, DeliveryAttempt } from './webhooks';
export type { RecordedRequest, ContractWarning } from './http';

export interface RunningEmulator {
	baseUrl: string;
	authBaseUrl: string;
	adminUrl: string;
	appKey: string;
	appSecret: string;
	/** A fresh, unused auth code (valid 30 min of emulator time). */
	authCode: string;
	/** Refresh token of the pre-authorized seller (covers both shops). */
	refreshToken: string;
	/** Access token of the pre-authorized seller (extra; not part of the CLI line). */
	accessToken: string;
	shops: ShopSummary[];
	/** The in-memory world, for direct assertions. */
	state: World;
	/** Same controls as the /__emulator/ admin API. */
	control: Control;
	webhooks: WebhookDispatcher;
	/** Generation + listen time in ms. */
	startupMs: number;
	/** Contract warnings so far (request fields TikTok's reference does not list). */
	warnings(): ContractWarning[];
	close(): Promise<void>;
}

export const ROUTES: RouteDef[] = [
	...eventRoutes,
	...orderRoutes,
	...externalRoutes,
	...productRoutes,
	...logisticsRoutes,
	...returnRoutes,
];

function listen(server: http.Server, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function closeServer(server: http.Server): Promise<void> {
	return new Promise((resolve) => {
		if (!server.listening) return resolve();
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
	const t0 = Date.now();
	const host = options.host ?? '127.0.0.1';
	if (host !== '127.0.0.1') throw new Error('the emulator only listens on 127.0.0.1');

	const world = new World(options.seed);
	if (options.startTime !== undefined)
		world.clockOffset = Math.floor(options.startTime) - Math.floor(Date.now() / 1000);
	const credRng = mulberry32(world.seedHash ^ 0xc0ffee);
	const defaultKey = '6' + alnum(credRng, 12, 'abcdefghijklmnopqrstuvwxyz0123456789');
	const defaultSecret = alnum(credRng, 40, '0123456789abcdef');
	world.appKey = options.appKey ?? defaultKey;
	world.appSecret = options.appSecret ?? defaultSecret;
	if (options.tokenTtl !== undefined) world.tokenTtl = options.tokenTtl;
	if (options.refreshTokenTtl !== undefined) world.refreshTokenTtl = options.refreshTokenTtl;
	if (options.rotateRefreshToken !== undefined) world.rotateRefreshToken = options.rotateRefreshToken;

	generateWorld(world, { orders: options.orders ?? 500, now: world.now() });

	const timers = new TimerSet();
	const faults = new Faults(world.seedHash);
	faults.failRate = Math.min(1, Math.max(0, options.failRate ?? 0));
	faults.baseLatencyMs = Math.max(0, options.latencyMs ?? 0);
	const limiter = new RateLimiter(50, 1000);
	const log = new RequestLog(options.requestLogSize ?? 20000);
	const webhooks = new WebhookDispatcher(world, timers, {
		retryScale: options.webhookRetryScale ?? 1,
		rewrites: { ...(options.webhookRewrites ?? {}) },
		timeoutMs: options.webhookTimeoutMs ?? 3000,
	});
	const control = new Control(world, webhooks, faults, limiter, log);
	if (options.modes) control.setModes(options.modes);

	const tokens = grantTokens(world);
	const { auth_code } = issueAuthCode(world);

	const apiServer = http.createServer();
	const authServer = http.createServer();
	apiServer.keepAliveTimeout = 5000;
	authServer.keepAliveTimeout = 5000;

	const info = {
		baseUrl: '',
		authBaseUrl: '',
		adminUrl: '',
		appKey: world.appKey,
		authCode: auth_code,
		refreshToken: tokens.refresh_token,
		accessToken: tokens.access_token,
		shops: world.shops.map((s) => ({ id: s.id, cipher: s.cipher, name: s.name, region: s.region })),
	};
	const admin = makeAdmin(control, () => info);
	const gateway = makeGateway({ world, control, faults, limiter, log, timers, routes: ROUTES, admin });
	const auth = makeAuthHandler(world, log);
	const guard =
		(fn: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) =>
		(req: http.IncomingMessage, res: http.ServerResponse) => {
			fn(req, res).catch((e: unknown) => {
				if (!res.headersSent) {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(
						JSON.stringify({
							code: 36009003,
							message: `Internal error: ${e instanceof Error ? e.message : String(e)}`,
							request_id: '',
							data: null,
						}),
					);
				} else res.destroy();
			});
		};
	apiServer.on('request', guard(gateway));
	authServer.on('request', guard(auth));

	let apiPort: number;
	let authPort: number;
	try {
		apiPort = await listen(apiServer, options.port ?? 0, host);
		authPort = await listen(authServer, options.authPort ?? 0, host);
	} catch (e) {
		await closeServer(apiServer);
		await closeServer(authServer);
		throw e;
	}
	info.baseUrl = `http://${host}:${apiPort}`;
	info.authBaseUrl = `http://${host}:${authPort}`;
	info.adminUrl = `${info.baseUrl}/__emulator`;

	// build the order/package id index right after startup instead of during it
	const warm = setImmediate(() => void world.orderById.size);

	let closed: Promise<void> | null = null;
	const close = () => {
		if (!closed) {
			closed = (async () => {
				clearImmediate(warm);
				timers.closeAll();
				webhooks.close();
				await Promise.all([closeServer(apiServer), closeServer(authServer)]);
			})();
		}
		return closed;
	};

	const running: RunningEmulator = {
		baseUrl: info.baseUrl,
		authBaseUrl: info.authBaseUrl,
		adminUrl: info.adminUrl,
		appKey: world.appKey,
		appSecret: world.appSecret,
		authCode: auth_code,
		refreshToken: tokens.refresh_token,
		accessToken: tokens.access_token,
		shops: info.shops,
		state: world,
		control,
		webhooks,
		startupMs: Date.now() - t0,
		warnings: () => control.getWarnings(),
		close,
	};
	// Test runners may watch every emulator a suite starts (to fail on contract warnings): they put a Set here.
	const registry = (globalThis as { __ttsEmulatorRegistry?: Set<RunningEmulator> }).__ttsEmulatorRegistry;
	if (registry) registry.add(running);
	return running;
}
