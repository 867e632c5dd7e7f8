import { sleep, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { TokenErrorKind } from './tokens';

/**
 * n8n 2.41 refreshes an expired token in every execution that meets the 401, with no lock: executions that loaded
 * the credential before one of them stored new tokens all refresh with the same refresh token (seen in queue mode,
 * two workers). If TikTok refuses a refresh token once it has been used (its authorization guide does not say
 * whether the old one stays valid: https://partner.tiktokshop.com/docv2/page/authorization-overview-202407), the
 * slower executions get a refusal while the first one is storing the new tokens. Before calling that a revoked
 * authorization, read the stored credential again for a few seconds: if it now holds other tokens, another
 * execution refreshed, and the request is sent again with them.
 */
export const REFRESH_RACE_CHECKS = 8;
export const REFRESH_RACE_WAIT_MS = 500;

/** The `tikTokToken` tag `obtainTokens` puts on its errors, found through n8n's NodeApiError wrapper. */
export function tokenErrorKind(error: unknown): TokenErrorKind | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const kind = (current as { tags?: { tikTokToken?: unknown } }).tags?.tikTokToken;
		if (typeof kind === 'string') return kind as TokenErrorKind;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/**
 * Whether the stored credential holds tokens other than `used` (the copy whose refresh TikTok refused), checking
 * `REFRESH_RACE_CHECKS` times. Returns the stored credential when it does.
 */
export async function storedAfterConcurrentRefresh(
	load: () => Promise<ICredentialDataDecryptedObject | undefined>,
	used: ICredentialDataDecryptedObject | undefined,
	waitMs = REFRESH_RACE_WAIT_MS,
): Promise<ICredentialDataDecryptedObject | undefined> {
	for (let check = 0; check < REFRESH_RACE_CHECKS; check++) {
		if (check > 0) await sleep(waitMs);
		const stored = await load();
		if (!stored) return undefined;
		if (!used || stored.refreshToken !== used.refreshToken || stored.accessToken !== used.accessToken) return stored;
	}
	return undefined;
}
