// @ts-check
'use strict';
/**
 * The environment of the processes the runtime starts: npm and node-gyp builds against Node 24, and every n8n process
 * (server, CLI, webhook processor, worker): quiet, offline, loopback-only, with a fixed encryption key.
 */
const path = require('path');
const { VERSIONS, defaultCacheDir, versionOfCacheDir, runtimePaths } = require('./versions');

/** Fixed key so that every n8n process (server or CLI) on the same user folder can decrypt credentials. */
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-tiktok-shop-e2e-encryption-key';

/**
 * Environment for npm/node-gyp and for n8n: Node 24 first on PATH, build against its headers.
 * @param {{nodeDir: string}} paths
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function node24Env(paths, extra = {}) {
	const env = { ...process.env, ...extra };
	env.PATH = `${path.join(paths.nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`;
	return env;
}

/**
 * What every n8n process gets whatever its role: no telemetry, banners, templates, version checks or license
 * renewals; loopback only; sqlite.
 * @param {string} userFolder
 * @param {string} encryptionKey
 * @param {string} logLevel
 */
function fixedSettings(userFolder, encryptionKey, logLevel) {
	return {
		NODE_ENV: 'production',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		// internal runner mode is the default (the deprecation warning about it is unavoidable without a launcher)
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// quiet and offline: no telemetry, banners, templates, version checks, license renewals
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// the MCP registry module fetches https://api.n8n.io/api/mcp-servers at startup (ENOTFOUND noise offline)
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// the TikTok emulator runs on loopback: never let SSRF protection block it
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// set explicitly only to silence 2.41's "default will change" deprecation notices
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
	};
}

/**
 * The caller's environment without the settings of a developer's own n8n, npm's script variables and the like.
 * @param {NodeJS.ProcessEnv} base
 * @param {Record<string, string>} keep variables the caller sets on purpose
 * @returns {NodeJS.ProcessEnv}
 */
function withoutInheritedN8nSettings(base, keep) {
	const out = { ...base };
	for (const key of Object.keys(out)) {
		if ((key.startsWith('N8N_') || key.startsWith('DB_') || key.startsWith('npm_')) && !(key in keep)) delete out[key];
	}
	delete out.WEBHOOK_URL;
	delete out.EXECUTIONS_MODE;
	delete out.NODE_OPTIONS;
	return out;
}

/**
 * Environment for an n8n process (server or CLI): quiet, offline, loopback-only, fixed encryption key.
 * Values in `env` win over the defaults here.
 * @param {object} options
 * @param {string} options.userFolder data lives in `<userFolder>/.n8n` (sqlite db, config, logs)
 * @param {number} [options.port] N8N_PORT
 * @param {number} [options.brokerPort] N8N_RUNNERS_BROKER_PORT (must be free; each n8n process needs its own)
 * @param {string} [options.webhookUrl] WEBHOOK_URL (default: http://127.0.0.1:<port>/)
 * @param {string} [options.encryptionKey] default DEFAULT_ENCRYPTION_KEY
 * @param {string} [options.logLevel] N8N_LOG_LEVEL, default 'warn'
 * @param {Record<string, string>} [options.env] extra variables (win over everything)
 * @param {string} [options.cacheDir]
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv({
	userFolder,
	port,
	brokerPort,
	webhookUrl,
	encryptionKey = DEFAULT_ENCRYPTION_KEY,
	logLevel = 'warn',
	env = {},
	cacheDir = defaultCacheDir(),
}) {
	if (!userFolder) throw new Error('n8nEnv: userFolder is required');
	const line = VERSIONS[versionOfCacheDir(cacheDir)].line;
	const base = withoutInheritedN8nSettings(node24Env(runtimePaths(cacheDir)), env);
	const noProxy = ['127.0.0.1', 'localhost', '::1', base.NO_PROXY || base.no_proxy].filter(Boolean).join(',');
	/** @type {NodeJS.ProcessEnv} */
	const result = {
		...base,
		NO_PROXY: noProxy,
		no_proxy: noProxy,
		...fixedSettings(userFolder, encryptionKey, logLevel),
	};
	// 1.x has no mcp-registry module and refuses to start when N8N_DISABLED_MODULES names an unknown one
	if (line === '1.x') delete result.N8N_DISABLED_MODULES;
	if (port) result.N8N_PORT = String(port);
	// N8N_WEBHOOK_URL (2.x) replaces the deprecated WEBHOOK_URL, for production and test webhooks alike; 1.x only knows WEBHOOK_URL
	if (webhookUrl || port)
		result[line === '1.x' ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL'] = webhookUrl || `http://127.0.0.1:${port}/`;
	if (brokerPort) result.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	return { ...result, ...env };
}

module.exports = { DEFAULT_ENCRYPTION_KEY, node24Env, n8nEnv };
