// @ts-check
'use strict';
/** The options of startStack with their defaults. */
const rt = require('../n8n-runtime');
const { EXAMPLES_DIR, DEFAULT_OWNER, DEFAULT_WEBHOOK_BASE } = require('./constants');

/**
 * @typedef {object} StackOptions
 * @property {string} stateDir folder for everything that persists (n8n's user folder, logs, the stock file,
 *   stack.json). Reusing it makes the next start fast: nothing is re-imported unless the examples changed.
 * @property {number} [n8nPort] default: the port of the last start if free, else a free port
 * @property {number} [emulatorPort] default: the port of the last start if free, else a free port
 * @property {number} [shopifyPort] default: the port of the last start if free, else a free port
 * @property {{n8n?: number, emulator?: number, shopify?: number}} [preferredPorts] used when no port was given
 *   and none is remembered (the demo prefers 5678, 8787 and 8789), if free
 * @property {string[]} [emulatorArgs] extra emulator CLI flags (e.g. ['--orders', '200', '--latency-ms', '20'])
 * @property {string|number} [seed] emulator seed; default: the one of the last start, else a fixed one
 * @property {number} [webhookRetryScale] emulator webhook retry schedule factor, default 0.01 (1.2 s, 18 s, …)
 * @property {boolean} [shopify] start the Shopify stand-in (default true)
 * @property {boolean} [importExamples] import examples/*.json (default true)
 * @property {string} [examplesDir] where the example workflows are (default <repo>/examples)
 * @property {string} [n8nVersion] n8n version to run ('2.41.0', '1.123.81', or a prefix such as '1'); default
 *   E2E_N8N_VERSION, else 2.41.0. Each version has its own runtime cache; a state folder belongs to one version.
 * @property {boolean|string[]} [publishTriggers] true (default): publish the example workflows that start from
 *   a TikTok Shop Trigger (webhooks); an array: publish these workflow ids (schedule workflows too); false: none
 * @property {string} [webhookBase] n8n's public webhook base, default 'https://n8n.example.test/'
 * @property {{email: string, password: string, firstName?: string, lastName?: string}} [owner]
 * @property {boolean} [shopCipherInCredential] put the first (US) shop's cipher in the credential (default true)
 * @property {Record<string, string>} [n8nEnv] extra n8n environment variables
 * @property {boolean} [handleSignals] stop everything on SIGINT/SIGTERM/SIGHUP, then exit 130 (default true)
 * @property {(line: string) => void} [onProgress]
 */

/**
 * The options with every default filled in; `webhookBase` ends with '/'. Throws without `stateDir`.
 * @param {StackOptions} options
 */
function withDefaults(options) {
	const {
		stateDir,
		n8nPort,
		emulatorPort,
		shopifyPort,
		preferredPorts = {},
		emulatorArgs = [],
		seed,
		webhookRetryScale = 0.01,
		shopify = true,
		importExamples = true,
		examplesDir = EXAMPLES_DIR,
		n8nVersion = rt.N8N_VERSION,
		publishTriggers = true,
		webhookBase = DEFAULT_WEBHOOK_BASE,
		owner = DEFAULT_OWNER,
		shopCipherInCredential = true,
		n8nEnv = {},
		handleSignals = true,
		onProgress = (/** @type {string} */ line) => process.stderr.write(`[stack] ${line}\n`),
	} = options;
	if (!stateDir) throw new Error('startStack: stateDir is required');
	return {
		stateDir,
		ports: { n8n: n8nPort, emulator: emulatorPort, shopify: shopifyPort },
		preferredPorts,
		emulatorArgs,
		seed,
		webhookRetryScale,
		shopify,
		importExamples,
		examplesDir,
		n8nVersion,
		publishTriggers,
		webhookBase: webhookBase.endsWith('/') ? webhookBase : `${webhookBase}/`,
		owner,
		shopCipherInCredential,
		n8nEnv,
		handleSignals,
		onProgress,
	};
}

module.exports = { withDefaults };
