/** jest globalTeardown of the e2e suite: stops n8n, the emulator and the Shopify stand-in (global-setup.ts). */
import fs from 'fs';

export default async function globalTeardown(): Promise<void> {
	const stack = globalThis.__ttsE2eStack;
	globalThis.__ttsE2eStack = undefined;
	if (!stack) return;
	await stack.stop();
	// TTS_E2E_KEEP=1 keeps n8n's user folder and the logs for a look afterwards
	if (!process.env.TTS_E2E_KEEP) fs.rmSync(stack.stateDir, { recursive: true, force: true });
}
