import { NodeOperationError, type IWebhookFunctions } from 'n8n-workflow';

/**
 * The credential's App Key and App Secret per trigger in this process, so a delivery does not load and decrypt the
 * credential again. Kept at most APP_SECRET_CACHE_MS; a signature that does not match the kept secret is checked
 * again with the credential as stored now, so a changed App Secret applies at once.
 */
export const APP_SECRET_CACHE_MS = 60_000;

export interface AppKeys {
	appKey: string;
	appSecret: string;
}

const appKeyCache = new Map<string, AppKeys & { atMs: number }>();

export function cachedAppKeys(key: string, nowMs: number): AppKeys | undefined {
	const hit = appKeyCache.get(key);
	if (!hit) return undefined;
	if (nowMs - hit.atMs >= APP_SECRET_CACHE_MS || nowMs < hit.atMs) {
		appKeyCache.delete(key);
		return undefined;
	}
	return { appKey: hit.appKey, appSecret: hit.appSecret };
}

export function rememberAppKeys(key: string, keys: AppKeys, nowMs: number): void {
	appKeyCache.set(key, { ...keys, atMs: nowMs });
}

export function forgetAppKeys(key?: string): void {
	if (key === undefined) appKeyCache.clear();
	else appKeyCache.delete(key);
}

/** The credential's App Key and App Secret, as stored now. */
export async function loadAppKeys(context: IWebhookFunctions): Promise<AppKeys> {
	const credentials = await context.getCredentials('tikTokShopApi');
	const appKey = String(credentials.appKey ?? '');
	const appSecret = String(credentials.appSecret ?? '');
	if (!appKey || !appSecret) {
		// TikTok retries for about 15 hours, so events arriving meanwhile are not lost once this is fixed
		throw new NodeOperationError(context.getNode(), 'The TikTok Shop credential has no App Key or App Secret', {
			description:
				'They are needed to check that webhook calls really come from TikTok. Open the credential and fill both in.',
		});
	}
	return { appKey, appSecret };
}
