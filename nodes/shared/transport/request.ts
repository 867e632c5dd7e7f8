import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';

import { parseRetryAfter } from './adaptiveRate';
import { isEnvelope, tikTokApiError, type TikTokEnvelope } from './errors';
import { REFRESH_RACE_CHECKS, REFRESH_RACE_WAIT_MS, storedAfterConcurrentRefresh, tokenErrorKind } from './refreshRace';
import type { TokenErrorKind } from './tokens';
import { noteRateLimited, throttleKey, waitForSlot } from './throttle';

export const CREDENTIAL_TYPE = 'tikTokShopApi';

export type TikTokContext =
	| IExecuteFunctions
	| IHookFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IWebhookFunctions;

export interface RetryPolicy {
	/** Total attempts, first one included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 400, maxDelayMs: 8000 };

export interface TikTokRequest {
	method: IHttpRequestMethods;
	/** Versioned path, e.g. `/order/202309/orders/search`. */
	path: string;
	qs?: IDataObject;
	/** JSON body; serialized once by the credential, which signs exactly those bytes. */
	body?: IDataObject;
	/** Cipher of the shop to act on; when absent the credential's own Shop Cipher (if any) is used. */
	shopCipher?: string;
	/** Item the call belongs to, so errors point at it. */
	itemIndex?: number;
	/**
	 * Whether sending the call twice is harmless. Non-idempotent calls (shipping a package) are retried only when
	 * TikTok certainly did not process them (rate limited, connection refused).
	 */
	idempotent?: boolean;
	retry?: Partial<RetryPolicy>;
}

const RETRYABLE_CODES = new Set([36009002, 36009003, 36009007]);
const NETWORK_ERRORS_NOT_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);
const NETWORK_ERRORS_AMBIGUOUS = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

interface Failure {
	status?: number;
	envelope?: TikTokEnvelope;
	networkCode?: string;
	retryAfterMs?: number;
	/** The credential's token exchange or refresh failed (preAuthentication); its message says what to do. */
	tokenError?: TokenErrorKind;
	message: string;
}

/** Finds the HTTP response or socket error inside the NodeApiError n8n wraps around the HTTP client's error. */
function inspectFailure(error: unknown): Failure {
	const tokenError = tokenErrorKind(error);
	if (tokenError) return { tokenError, message: (error as Error).message };
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const candidate = current as {
			response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
			code?: unknown;
			cause?: unknown;
		};
		if (candidate.response && typeof candidate.response.status === 'number') {
			const data = candidate.response.data;
			const parsed = typeof data === 'string' ? safeParse(data) : data;
			return {
				status: candidate.response.status,
				envelope: isEnvelope(parsed) ? parsed : undefined,
				// TikTok's rate-limit page does not mention Retry-After; honoured when sent
				retryAfterMs: parseRetryAfter(candidate.response.headers?.['retry-after'], Date.now()),
				message: (error as Error).message,
			};
		}
		if (typeof candidate.code === 'string' && /^E[A-Z_]+$/.test(candidate.code)) {
			return { networkCode: candidate.code, message: (error as Error).message };
		}
		current = candidate.cause;
	}
	return { message: (error as Error)?.message ?? String(error) };
}

function safeParse(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function shouldRetry(failure: Failure, idempotent: boolean): boolean {
	if (failure.status === 429) return true;
	if (failure.envelope && failure.envelope.code === 36009002) return true;
	if (failure.networkCode && NETWORK_ERRORS_NOT_SENT.has(failure.networkCode)) return true;
	if (!idempotent) return false;
	if (failure.status !== undefined && failure.status >= 500) return true;
	if (failure.envelope && RETRYABLE_CODES.has(failure.envelope.code)) return true;
	if (failure.networkCode && NETWORK_ERRORS_AMBIGUOUS.has(failure.networkCode)) return true;
	return false;
}

/** Exponential backoff with full jitter, as TikTok's rate-limit page recommends. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function describe(failure: Failure): string {
	if (failure.envelope) return `TikTok code ${failure.envelope.code}: ${failure.envelope.message ?? ''}`.trim();
	if (failure.status) return `HTTP ${failure.status}`;
	if (failure.networkCode) return `network error ${failure.networkCode}`;
	return failure.message;
}

/**
 * The credential, decrypted once per node run instead of once per request: n8n otherwise loads and decrypts it
 * for every call, which a 432-page Return All or a 2,000-call stock update pays 432 or 2,000 times. n8n still
 * runs the credential's token check and signing on every request (and writes a refreshed token into this copy).
 */
const credentialsByRun = new WeakMap<object, Promise<ICredentialDataDecryptedObject | undefined>>();

async function credentialOptions(context: TikTokContext): Promise<IAdditionalCredentialOptions | undefined> {
	let cached = credentialsByRun.get(context);
	if (!cached) {
		cached = context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE).then(
			(data) => data,
			// Let n8n's own path load it (and report a missing credential its usual way).
			() => undefined,
		);
		credentialsByRun.set(context, cached);
	}
	const data = await cached;
	return data ? { credentialsDecrypted: { id: '', name: '', type: CREDENTIAL_TYPE, data } } : undefined;
}

/** After TikTok refused the refresh token: whether another execution stored new tokens meanwhile (then use them). */
async function useConcurrentRefresh(context: TikTokContext): Promise<boolean> {
	const used = await credentialsByRun.get(context);
	const stored = await storedAfterConcurrentRefresh(
		async () => await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE).catch(() => undefined),
		used,
	);
	if (!stored) return false;
	credentialsByRun.set(context, Promise.resolve(stored));
	return true;
}

/**
 * The one way every operation and trigger talks to TikTok Shop: signed by the credential, paced per shop and
 * endpoint, retried with backoff on rate limits and transient failures, and judged by the body `code` (TikTok
 * reports many errors under HTTP 200). Returns the envelope's `data`, typed by the caller:
 * `await tikTokApiRequest<{ orders: Order[] }>(this, { method: 'GET', path, qs })`.
 */
export async function tikTokApiRequest<T = IDataObject>(context: TikTokContext, request: TikTokRequest): Promise<T> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY, ...request.retry };
	const idempotent = request.idempotent ?? true;
	const qs: IDataObject = { ...(request.qs ?? {}) };
	if (request.shopCipher) qs.shop_cipher = request.shopCipher;
	const key = throttleKey(request.shopCipher, request.method, request.path);

	let lastFailure: Failure | undefined;
	let raceChecked = false;
	const startedAt = Date.now();
	for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
		const sentAt = await waitForSlot(key);
		const options: IHttpRequestOptions = {
			method: request.method,
			url: request.path,
			qs: { ...qs },
			json: true,
			timeout: 30000,
		};
		if (request.body !== undefined) options.body = request.body;

		let response: unknown;
		try {
			response = await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				options,
				await credentialOptions(context),
			);
		} catch (error) {
			const failure = inspectFailure(error);
			// TikTok did not process the request (401 or no request yet), so sending it again is safe, even a write
			if (failure.tokenError === 'refresh_rejected' && !raceChecked) {
				raceChecked = true;
				if (await useConcurrentRefresh(context)) {
					attempt--;
					continue;
				}
			}
			if (failure.status === 429) noteRateLimited(key, sentAt, failure.retryAfterMs);
			if (attempt < policy.maxAttempts && shouldRetry(failure, idempotent)) {
				lastFailure = failure;
				await sleep(failure.retryAfterMs ?? backoffDelay(attempt, policy));
				continue;
			}
			throw toNodeError(context, request, failure, attempt, startedAt);
		}

		const envelope = typeof response === 'string' ? safeParse(response) : response;
		if (!isEnvelope(envelope)) {
			throw new NodeApiError(context.getNode(), { message: 'Unexpected response' } as JsonObject, {
				message: 'TikTok Shop sent a response this node does not understand',
				description: `Endpoint ${request.path}. Check the credential's Base URL: it must point at the TikTok Shop Open API.`,
				itemIndex: request.itemIndex,
			});
		}
		if (envelope.code === 0) return (envelope.data ?? {}) as T;
		const failure: Failure = { status: 200, envelope, message: envelope.message ?? '' };
		if (envelope.code === 36009002) noteRateLimited(key, sentAt);
		if (attempt < policy.maxAttempts && shouldRetry(failure, idempotent)) {
			lastFailure = failure;
			await sleep(backoffDelay(attempt, policy));
			continue;
		}
		throw toNodeError(context, request, failure, attempt, startedAt);
	}
	// Unreachable: the loop either returns or throws; kept for the type checker.
	throw toNodeError(context, request, lastFailure ?? { message: 'no attempt made' }, policy.maxAttempts, startedAt);
}

function toNodeError(
	context: TikTokContext,
	request: TikTokRequest,
	failure: Failure,
	attempts: number,
	startedAt: number,
): NodeApiError {
	const node = context.getNode();
	if (failure.tokenError) {
		const checked =
			failure.tokenError === 'refresh_rejected'
				? ` The stored credential was read again ${REFRESH_RACE_CHECKS} times over ${((REFRESH_RACE_CHECKS - 1) * REFRESH_RACE_WAIT_MS) / 1000} s and still held the refused token, so no other execution had refreshed it.`
				: '';
		return new NodeApiError(node, { message: failure.message } as JsonObject, {
			message: failure.message,
			description: `Endpoint ${request.path}.${checked}`,
			itemIndex: request.itemIndex,
		});
	}
	const retried =
		attempts > 1 ? ` Gave up after ${attempts} attempts over ${Math.round((Date.now() - startedAt) / 1000)} s.` : '';
	if (failure.envelope) {
		const error = tikTokApiError(node, {
			code: failure.envelope.code,
			message: failure.envelope.message ?? '',
			requestId: failure.envelope.request_id,
			httpStatus: failure.status,
			path: request.path,
			itemIndex: request.itemIndex,
		});
		if (retried) error.description = `${error.description ?? ''}${retried}`;
		return error;
	}
	const what = describe(failure);
	const hint = failure.status
		? failure.status >= 500
			? 'TikTok Shop is having trouble. Try again in a few minutes.'
			: "Check the credential's Base URL."
		: "Check this server's network connection to TikTok Shop and the credential's Base URL.";
	return new NodeApiError(node, { message: what } as JsonObject, {
		message: `TikTok Shop request failed: ${what}`,
		description: `${hint} Endpoint ${request.path}.${retried}`,
		httpCode: failure.status ? String(failure.status) : undefined,
		itemIndex: request.itemIndex,
	});
}
