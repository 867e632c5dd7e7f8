/**
 * The TikTok Shop node run by n8n-core's real execution code (test/harness) with the real credential, pointed at an
 * emulator: what every benchmark that measures the node itself uses.
 */
import type { IDataObject } from 'n8n-workflow';

import { TikTokShopApi } from '../credentials/TikTokShopApi.credentials';
import type { TikTokShop as TikTokShopNode } from '../nodes/TikTokShop/TikTokShop.node';
import { createHarness } from '../test/harness';
import type { EmulatorInfo } from './emulator-process';

// Plain Node resolves "TikTokShop.node" to the codex file TikTokShop.node.json before ts-node's .ts: name the file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TikTokShop } = require('../nodes/TikTokShop/TikTokShop.node.ts') as { TikTokShop: typeof TikTokShopNode };

/** `credential` overrides fields of the credential (by default it holds the emulator's tokens). */
export function nodeHarness(emu: EmulatorInfo, credential: IDataObject = {}) {
	return createHarness({
		nodeTypes: { tikTokShop: new TikTokShop() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: {
			tikTokShopApi: {
				id: 'bench',
				name: 'Bench',
				data: {
					appKey: emu.appKey,
					appSecret: emu.appSecret,
					refreshToken: emu.refreshToken,
					accessToken: emu.accessToken,
					baseUrl: emu.baseUrl,
					authBaseUrl: emu.authBaseUrl,
					...credential,
				},
			},
		},
	});
}
