/** jest globalTeardown of the e2e suite: stops n8n, the emulator and the Shopify stand-in (global-setup.ts). */
import fs from 'fs';

/** Contract warnings the shared emulator recorded during the whole run (fields/values TikTok's reference does not allow). */
async function emulatorWarnings(adminUrl: string): Promise<string[]> {
	const res = await fetch(`${adminUrl}/warnings`);
	if (!res.ok) throw new Error(`GET ${adminUrl}/warnings answered HTTP ${res.status}`);
	const { warnings } = (await res.json()) as { warnings: Array<{ method: string; path: string; message: string }> };
	return warnings.map((w) => `${w.method} ${w.path}: ${w.message}`);
}

export default async function globalTeardown(): Promise<void> {
	const stack = globalThis.__ttsE2eStack;
	globalThis.__ttsE2eStack = undefined;
	if (!stack) return;
	let warnings: string[] = [];
	try {
		warnings = await emulatorWarnings(stack.emulator.adminUrl);
	} finally {
		await stack.stop();
		// TTS_E2E_KEEP=1 keeps n8n's user folder and the logs for a look afterwards
		if (!process.env.TTS_E2E_KEEP) fs.rmSync(stack.stateDir, { recursive: true, force: true });
	}
	// the suite fails on any emulator contract warning, like the jest suites (test/support/failOnEmulatorWarnings.ts)
	if (warnings.length)
		throw new Error(
			`The emulator recorded ${warnings.length} contract warning(s) during the e2e run:\n${warnings
				.slice(0, 20)
				.map((w) => `  - ${w}`)
				.join('\n')}`,
		);
}
