/**
 * Puts into n8n-core's dependency-injection container what its execution code asks for while a node
 * runs, with no database and nothing written to the user's home folder:
 *
 * - `Logger` (every context's `this.logger`), silent unless a test or `N8N_HARNESS_LOG_LEVEL` asks
 *   for more;
 * - `InstanceSettings` (read by every node context), on a settings folder in the OS temp folder.
 *
 * Everything else the engine reaches for (`OutboundHttp` for the request helpers, `ErrorReporter`,
 * the poll executor...) the container builds by itself. Jest gives each test file its own module
 * registry, so this runs once per file; later calls do nothing.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Logger } from '@n8n/backend-common';
import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { InstanceSettings } from 'n8n-core';

export type HarnessLogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

/** Fixed, so the settings file another test process wrote is always valid for this one. */
const ENCRYPTION_KEY = 'n8n-nodes-tiktok-shop-test-harness-encryption-key';

let ready = false;

export function setupN8nCore(logLevel: HarnessLogLevel = 'silent'): void {
	if (ready) return;
	const globalConfig = Container.get(GlobalConfig);
	globalConfig.logging.level = (process.env.N8N_HARNESS_LOG_LEVEL as HarnessLogLevel | undefined) ?? logLevel;
	globalConfig.logging.outputs = ['console'];

	const n8nFolder = path.join(os.tmpdir(), 'n8n-nodes-tiktok-shop-harness', '.n8n');
	writeSettingsFile(n8nFolder);
	const settingsConfig = Container.get(InstanceSettingsConfig);
	Object.assign(settingsConfig, {
		n8nFolder,
		userHome: path.dirname(n8nFolder),
		encryptionKey: ENCRYPTION_KEY,
		enforceSettingsFilePermissions: false,
	});

	const logger = new Logger(globalConfig, settingsConfig);
	Container.set(Logger, logger);
	Container.set(InstanceSettings, new InstanceSettings(settingsConfig, logger));
	ready = true;
}

/**
 * `InstanceSettings` creates its settings file when it is missing, and jest workers running in
 * parallel share the folder: write it first, atomically (temporary file, then rename).
 */
function writeSettingsFile(n8nFolder: string) {
	const file = path.join(n8nFolder, 'config');
	if (existsSync(file)) return;
	mkdirSync(n8nFolder, { recursive: true });
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, JSON.stringify({ encryptionKey: ENCRYPTION_KEY }), { mode: 0o600 });
	renameSync(tmp, file);
}
