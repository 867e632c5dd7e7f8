// @ts-check
'use strict';
/**
 * The processes of a stack: the emulator and the Shopify stand-in (started together, on remembered or preferred
 * ports), then the n8n server with its webhook URL on n8n's public base.
 */
const path = require('path');
const rt = require('../n8n-runtime');
const { startShopifyStandin } = require('../shopify-standin');
const { pickPort, distinctPort } = require('../common/ports');
const { killSync } = require('../common/processes');
const { SHOPIFY_TOKEN } = require('./constants');
const { emulatorArgs, startEmulatorProcess, emulatorAdminClient } = require('./emulator');

/** @typedef {ReturnType<typeof import('./options').withDefaults>} Options */
/** @typedef {ReturnType<typeof import('../common/shutdown').createShutdown>} Shutdown */

/**
 * Picks the ports, starts the emulator and the stand-in (registered with `shutdown`), remembers the ports in `state`.
 * @param {Options} opts
 * @param {{state: import('./state').StackState, seed: string, logsDir: string, shutdown: Shutdown}} context
 */
async function startEmulatorAndStandin(opts, { state, seed, logsDir, shutdown }) {
	const { onProgress, preferredPorts } = opts;
	const remembered = state.ports || {};
	const port = await pickPort(opts.ports.n8n, remembered.n8n, preferredPorts.n8n);
	const apiPort = await distinctPort(
		await pickPort(opts.ports.emulator, remembered.emulator, preferredPorts.emulator),
		[port],
	);
	const logFile = path.join(logsDir, 'emulator.log');
	const args = emulatorArgs({
		apiPort,
		n8nPort: port,
		seed,
		webhookRetryScale: opts.webhookRetryScale,
		webhookBase: opts.webhookBase,
		extra: opts.emulatorArgs,
	});
	const emu = startEmulatorProcess({ args, logFile, onProgress });
	shutdown.add({ name: 'emulator', stop: emu.stop, killSync: emu.killSync });
	const standinPromise = opts.shopify
		? (async () => {
				const sp = await distinctPort(await pickPort(opts.ports.shopify, remembered.shopify, preferredPorts.shopify), [
					port,
					apiPort,
				]);
				return startShopifyStandin({ port: sp, token: SHOPIFY_TOKEN, log: onProgress });
			})()
		: Promise.resolve(null);
	const [info, standin] = await Promise.all([emu.ready, standinPromise]);
	if (standin) shutdown.add({ name: 'shopify stand-in', stop: standin.stop });
	onProgress(
		`emulator: ${info.baseUrl} (seed ${seed}, shops ${info.shops.map((/** @type {any} */ s) => s.name).join(', ')})`,
	);
	if (standin) onProgress(`shopify stand-in: ${standin.url}`);
	state.ports = { ...remembered, n8n: port, emulator: apiPort, ...(standin ? { shopify: standin.port } : {}) };
	return { port, emu, emulatorLog: logFile, info, standin, emulatorAdmin: emulatorAdminClient(info.adminUrl) };
}

/**
 * `n8n start` on the stack's user folder (webhook URLs: <webhookBase>webhook/…, delivered by the emulator to
 * loopback), registered with `shutdown`.
 * @param {Options} opts
 * @param {{port: number, userFolder: string, cacheDir: string, env: Record<string, string>, shutdown: Shutdown}} context
 */
async function startN8nServer(opts, { port, userFolder, cacheDir, env, shutdown }) {
	opts.onProgress(`n8n: starting on http://127.0.0.1:${port} (webhook URL ${opts.webhookBase})`);
	const server = await rt.startN8n({
		userFolder,
		port,
		cacheDir,
		webhookUrl: opts.webhookBase,
		env,
		killOnExit: true,
		onProgress: opts.onProgress,
	});
	shutdown.add({ name: 'n8n', stop: server.stop, killSync: () => killSync(server.pid) });
	return server;
}

module.exports = { startEmulatorAndStandin, startN8nServer };
