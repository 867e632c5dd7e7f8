/**
 * jest globalSetup of the e2e suite: starts the shared stack (installing n8n first if needed, about 5 minutes once;
 * scripts/lib/stack.js: emulator + Shopify stand-in + one real n8n with dist/, credentials, example workflows,
 * published triggers) and writes its description for the test files. Run `npm run build` first (`npm test` does).
 * globalTeardown (global-teardown.ts) stops it; both run in jest's parent process and share `globalThis`.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import { STATE_ENV, describeStack, startStack, type Stack } from './environment';

declare global {
	// eslint-disable-next-line no-var
	var __ttsE2eStack: Stack | undefined;
}

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-'));
	const stack = await startStack({
		stateDir,
		// the default seed: the world the examples' sample data (examples/data/stock.csv) was written for
		// TikTok's 2 min first retry becomes 0.12 s
		webhookRetryScale: 0.001,
		// start-up progress only (the Shopify stand-in logs every order it creates); TTS_E2E_VERBOSE=1 shows everything
		onProgress: (line) => {
			if (!globalThis.__ttsE2eStack || process.env.TTS_E2E_VERBOSE) process.stderr.write(`[e2e] ${line}\n`);
		},
	});
	globalThis.__ttsE2eStack = stack;
	const state = describeStack(stack, Date.now() - started);
	const file = path.join(stateDir, 'e2e-state.json');
	fs.writeFileSync(file, JSON.stringify(state, null, 2));
	process.env[STATE_ENV] = file;
	process.stderr.write(
		`[e2e] stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s: n8n ${state.n8n.url}, emulator ${state.emulator.baseUrl} (state ${stateDir})\n`,
	);
}
