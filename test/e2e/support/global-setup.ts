/**
 * jest globalSetup of the e2e suite: builds nothing (run `npm run build` first; `npm test` does), installs n8n if
 * needed (first time ~5 min), starts the shared environment and writes its description for the test files.
 * globalTeardown (global-teardown.ts) stops it; both run in jest's parent process and share `globalThis`.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import { STATE_ENV, type E2eState } from './environment';
import { repoRoot, rt } from './runtime';
import { startSuiteStack, type SuiteStack } from './stack';

declare global {
	// eslint-disable-next-line no-var
	var __ttsE2eStack: SuiteStack | undefined;
}

export default async function globalSetup(): Promise<void> {
	const dist = path.join(repoRoot, 'dist');
	if (!fs.existsSync(path.join(dist, 'nodes/TikTokShop/TikTokShop.node.js'))) {
		throw new Error('dist/ is missing: run "npm run build" before the e2e suite');
	}
	const started = Date.now();
	const paths = rt.runtimePaths();
	if (!fs.existsSync(paths.marker)) process.stderr.write(`\n[e2e] installing n8n 2.41.0 into ${paths.cacheDir} (first run only, about 5 minutes)\n`);
	await rt.ensureN8n({ onProgress: (line) => process.stderr.write(`${line}\n`) });

	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-'));
	const stack = await startSuiteStack(stateDir);
	globalThis.__ttsE2eStack = stack;
	const state: E2eState = { ...stack.state, startupMs: Date.now() - started };
	const file = path.join(stateDir, 'e2e-state.json');
	fs.writeFileSync(file, JSON.stringify(state, null, 2));
	process.env[STATE_ENV] = file;
	process.stderr.write(`\n[e2e] n8n ${state.n8n.url} and emulator ${state.emulator.baseUrl} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (state ${stateDir})\n`);
}
