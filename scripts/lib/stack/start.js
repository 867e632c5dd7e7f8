// @ts-check
'use strict';
/**
 * startStack: the steps of a start, in order, each timed (`stack.timings`); on any failure what was started is
 * stopped again.
 */
const path = require('path');
const rt = require('../n8n-runtime');
const { createShutdown } = require('../common/shutdown');
const { writeJson } = require('../common/files');
const { withDefaults } = require('./options');
const { stateLayout, loadState } = require('./state');
const { stackCredentials } = require('./credentials');
const { packAndInstall, importExampleWorkflows } = require('./imports');
const { startEmulatorAndStandin, startN8nServer } = require('./services');
const { workflowsToPublish, expectedRegistrations } = require('./examples');
const { republish, waitForRegistrations } = require('./publish');
const { stackHandle } = require('./handle');

/**
 * Publishes the trigger workflows again (see publish.js) and waits until the emulator knows their URLs.
 * @param {ReturnType<typeof withDefaults>} opts
 * @param {{client: any, workflows: any[], state: import('./state').StackState, stateFile: string, emulatorAdmin: any, n8nLogFile: string}} context
 */
async function publishTriggerWorkflows(opts, { client, workflows, state, stateFile, emulatorAdmin, n8nLogFile }) {
	const toPublish = workflowsToPublish(workflows, opts.publishTriggers);
	for (const wf of toPublish) await republish(client, wf, opts.onProgress);
	state.published = toPublish.map((w) => w.id);
	writeJson(stateFile, state);
	await waitForRegistrations(
		toPublish.flatMap((wf) => expectedRegistrations(wf, opts.webhookBase)),
		emulatorAdmin,
		n8nLogFile,
	);
}

/**
 * The whole local stack in one call (see stack.js beside this folder for what it starts and returns).
 * @param {import('./options').StackOptions} options
 */
async function startStack(options) {
	const started = Date.now();
	const opts = withDefaults(options || /** @type {any} */ ({}));
	const { onProgress } = opts;
	const layout = stateLayout(opts.stateDir);
	const cacheDir = rt.defaultCacheDir(opts.n8nVersion);
	const version = path.basename(cacheDir).replace(/^n8n-/, '');
	const { state, seed } = loadState(layout, { version, seed: opts.seed, onProgress });
	/** @type {Record<string, number>} */
	const timings = {};
	/** @type {<T>(name: string, step: () => T | Promise<T>) => Promise<T>} */
	const timed = async (name, step) => {
		const t = Date.now();
		const result = await step();
		timings[name] = Date.now() - t;
		return result;
	};
	const shutdown = createShutdown({
		onProgress,
		handleSignals: opts.handleSignals,
		signalMessage: 'stopping n8n, the emulator and the Shopify stand-in…',
		reportStopped: true,
	});
	try {
		// first time: ~5 minutes, progress lines from ensureN8n
		await timed('ensureN8n', () => rt.ensureN8n({ onProgress, cacheDir }));
		const pkg = await timed('packAndInstall', () => packAndInstall(layout, state, onProgress));
		const services = await timed('emulatorAndShopify', () =>
			startEmulatorAndStandin(opts, { state, seed, logsDir: layout.logsDir, shutdown }),
		);
		const env = { N8N_RESTRICT_FILE_ACCESS_TO: layout.filesDir, ...opts.n8nEnv };
		const cli = { userFolder: layout.userFolder, cacheDir, env, onProgress };
		// every start: the emulator issues new tokens each time it starts
		const credentials = stackCredentials(services.info, services.standin, opts);
		await timed('importCredentials', () => {
			onProgress('n8n: importing credentials');
			return rt.importCredentials(credentials, cli);
		});
		const shopifyUrl = services.standin ? services.standin.url : null;
		const { workflows, stockCsvPath } = await timed('importWorkflows', () =>
			importExampleWorkflows(opts, layout, state, { shopifyUrl, cli }),
		);
		const server = await timed('n8nStart', () =>
			startN8nServer(opts, { port: services.port, userFolder: layout.userFolder, cacheDir, env, shutdown }),
		);
		const client = new rt.N8nClient(server.url, { version });
		await timed('bootstrap', () => client.bootstrap(opts.owner));
		const publishContext = {
			client,
			workflows,
			state,
			stateFile: layout.stateFile,
			emulatorAdmin: services.emulatorAdmin,
			n8nLogFile: server.logFile,
		};
		await timed('publish', () => publishTriggerWorkflows(opts, publishContext));
		timings.total = Date.now() - started;
		onProgress(`ready in ${(timings.total / 1000).toFixed(1)} s`);
		return stackHandle({
			opts,
			layout,
			state,
			seed,
			timings,
			version,
			server,
			client,
			pkg,
			services,
			workflows,
			stockCsvPath,
			cli,
			stop: shutdown.stop,
		});
	} catch (error) {
		await shutdown.stop();
		throw error;
	}
}

module.exports = { startStack };
