/**
 * Shared setup for the order, external order reference and warehouse integration tests: the in-process
 * emulator plus the n8n-core harness running the real TikTok Shop node with the real credential.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, type EmulatorOptions, type RecordedRequest, type RunningEmulator } from '../../emulator';
import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { createHarness, type Harness, type RunNodeOptions, type RunNodeResult } from '../harness';

export interface OrderTestBed {
	emu: RunningEmulator;
	harness: Harness;
	/** Cipher of the emulator's first (big) shop. */
	cipher: string;
	/** Runs the TikTok Shop node on that shop. */
	run(parameters: INodeParameters, options?: Partial<RunNodeOptions>): Promise<RunNodeResult>;
	/** API calls the emulator received since the last `clearRequests()`, optionally under a path. */
	requests(pathPrefix?: string): RecordedRequest[];
	close(): Promise<void>;
}

export function credentialData(emu: RunningEmulator): ICredentialDataDecryptedObject {
	return {
		appKey: emu.appKey,
		appSecret: emu.appSecret,
		refreshToken: emu.refreshToken,
		accessToken: '',
		baseUrl: emu.baseUrl,
		authBaseUrl: emu.authBaseUrl,
	};
}

export async function startOrderTestBed(options: EmulatorOptions = {}): Promise<OrderTestBed> {
	const emu = await startEmulator({ seed: 'orders-it', ...options });
	const harness = createHarness({
		nodeTypes: { tikTokShop: new TikTokShop() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: { tikTokShopApi: { id: 'cred-1', name: 'TikTok Shop account', data: credentialData(emu) } },
	});
	const cipher = emu.shops[0].cipher;
	return {
		emu,
		harness,
		cipher,
		async run(parameters, options = {}) {
			return await harness.runNode({
				type: 'tikTokShop',
				...options,
				parameters: { shop: { __rl: true, mode: 'list', value: cipher }, ...parameters },
			});
		},
		requests(pathPrefix) {
			return emu.control.getRequests({ host: 'api', ...(pathPrefix ? { path_prefix: pathPrefix } : {}) });
		},
		async close() {
			await emu.close();
		},
	};
}

export const json = (items: INodeExecutionData[]): IDataObject[] => items.map((item) => item.json);
export const paired = (items: INodeExecutionData[]): number[] =>
	items.map((item) =>
		Array.isArray(item.pairedItem)
			? -1
			: typeof item.pairedItem === 'object'
				? item.pairedItem.item
				: Number(item.pairedItem),
	);
