/**
 * Wires the pieces of n8n-core's dependency-injection container that the real execution engine
 * (`WorkflowExecute`, `ExecuteContext`, `PollContext`, `HookContext`, `WebhookContext`, the request
 * helpers) reaches for at run time, without a database, a license or a settings folder in the
 * user's home.
 *
 * What n8n-core 2.41 pulls out of `Container` while running a node, and what we put there:
 *
 * | service | who asks for it | what we register |
 * |---|---|---|
 * | `GlobalConfig` (from `@n8n/config`) | `Logger` | the real one, read from the environment, log level forced to `silent` unless asked otherwise |
 * | `InstanceSettingsConfig` | `InstanceSettings`, `Logger` | the real one, pointed at `<os tmpdir>/n8n-nodes-tiktok-shop-harness/.n8n` (never `~/.n8n`), with a fixed encryption key |
 * | `Logger` (from `@n8n/backend-common`) | every context (`this.logger`), `ErrorReporter`, `OutboundHttp` | the real winston logger (it also initialises `LoggerProxy`) |
 * | `InstanceSettings` | every `NodeExecutionContext` constructor, `Cipher` | the real class; it reads `<folder>/config`, which we pre-create atomically |
 * | `EncryptionKeyProxy` | `Cipher` (used by `Credentials`) | the real proxy, given a provider that serves the instance key as the legacy (no-prefix) key, as an instance without key rotation does |
 * | `ErrorReporter` | `WorkflowExecute` (node errors), poll executor | the real one (Sentry is never initialised; it only logs) |
 * | `OutboundHttp` | `httpRequest`, `httpRequestWithAuthentication` | the real one, constructed by the container (SSRF protection is off by default, so loopback servers work) |
 * | `ExecutionContextService`, `TriggersAndPollers`, `PollTriggerExecutor`, `Tracing`, `BinaryDataConfig`, `ExternalSecretsProxy` | engine | constructed on demand by the container from their decorators; nothing to configure |
 *
 * Everything is registered once per module registry (jest gives each test file its own), and
 * re-running `setupN8nCore()` is a no-op.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { Logger } from '@n8n/backend-common';
import { GlobalConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import {
	Cipher,
	EncryptionKeyProxy,
	ErrorReporter,
	ExternalSecretsProxy,
	InstanceSettings,
	type IEncryptionKeyProvider,
	type KeyInfo,
} from 'n8n-core';

export type HarnessLogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

/** A fixed key, so a folder left behind by an earlier run in the same process id still decrypts. */
export const HARNESS_ENCRYPTION_KEY = 'n8n-nodes-tiktok-shop-test-harness-encryption-key';

let configuredLogLevel: HarnessLogLevel | undefined;

export interface N8nCoreServices {
	logger: Logger;
	instanceSettings: InstanceSettings;
	errorReporter: ErrorReporter;
	cipher: Cipher;
	externalSecretsProxy: ExternalSecretsProxy;
}

/**
 * Registers the n8n-core services the harness needs. Idempotent. The first call decides the log
 * level (`N8N_HARNESS_LOG_LEVEL` in the environment wins, for debugging a failing test).
 */
export function setupN8nCore(logLevel: HarnessLogLevel = 'silent'): N8nCoreServices {
	if (!Container.has(InstanceSettings) || configuredLogLevel === undefined) {
		const level = (process.env.N8N_HARNESS_LOG_LEVEL as HarnessLogLevel | undefined) ?? logLevel;

		const globalConfig = Container.get(GlobalConfig);
		globalConfig.logging.level = level;
		globalConfig.logging.outputs = ['console'];

		// InstanceSettings creates `<n8nFolder>/config` when it is missing. Parallel jest workers
		// share one folder, so write that file ourselves, atomically (tmp file + rename), with the
		// fixed key: InstanceSettings then only ever reads it.
		const n8nFolder = path.join(os.tmpdir(), 'n8n-nodes-tiktok-shop-harness', '.n8n');
		ensureSettingsFile(n8nFolder);
		const instanceSettingsConfig = Container.get(InstanceSettingsConfig);
		Object.assign(instanceSettingsConfig, {
			n8nFolder,
			userHome: path.dirname(n8nFolder),
			encryptionKey: HARNESS_ENCRYPTION_KEY,
			enforceSettingsFilePermissions: false,
		});

		const logger = new Logger(globalConfig, instanceSettingsConfig);
		Container.set(Logger, logger);

		const instanceSettings = new InstanceSettings(instanceSettingsConfig, logger);
		Container.set(InstanceSettings, instanceSettings);

		const cipher = Container.get(Cipher);
		Container.get(EncryptionKeyProxy).setProvider(new InstanceKeyProvider(cipher, instanceSettings));

		configuredLogLevel = level;
	}

	return {
		logger: Container.get(Logger),
		instanceSettings: Container.get(InstanceSettings),
		errorReporter: Container.get(ErrorReporter),
		cipher: Container.get(Cipher),
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
	};
}

function ensureSettingsFile(n8nFolder: string) {
	const settingsFile = path.join(n8nFolder, 'config');
	if (existsSync(settingsFile)) return;
	mkdirSync(n8nFolder, { recursive: true });
	const tmp = `${settingsFile}.${process.pid}.tmp`;
	writeFileSync(tmp, JSON.stringify({ encryptionKey: HARNESS_ENCRYPTION_KEY }, null, '\t'), { mode: 0o600 });
	renameSync(tmp, settingsFile);
}

/**
 * The CLI's key provider reads data-encryption keys from the database. An instance that never
 * rotated its key has exactly one: the instance key itself, in the legacy "no-prefix" format,
 * which is what this serves.
 */
class InstanceKeyProvider implements IEncryptionKeyProvider {
	private readonly legacyKey: KeyInfo;

	constructor(cipher: Cipher, instanceSettings: InstanceSettings) {
		this.legacyKey = {
			id: 'legacy',
			value: cipher.encryptDEKWithInstanceKey(instanceSettings.encryptionKey),
			algorithm: 'aes-256-cbc',
			format: 'no-prefix',
		};
	}

	async getActiveKey(): Promise<KeyInfo> {
		return this.legacyKey;
	}

	async getKeyById(id: string): Promise<KeyInfo | null> {
		return id === this.legacyKey.id ? this.legacyKey : null;
	}

	async getLegacyKey(): Promise<KeyInfo> {
		return this.legacyKey;
	}
}
