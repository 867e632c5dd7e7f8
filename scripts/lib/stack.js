'use strict';
/**
 * The whole local stack in one call, for the demo (`npm run demo`) and the end-to-end tests:
 *   the TikTok Shop emulator (CLI child process) + a Shopify Admin API stand-in + a real n8n (2.41.0, or 1.123.81
 *   with `n8nVersion: '1'` / E2E_N8N_VERSION=1) with this package installed the way a self-hosted user installs it
 *   (`npm pack` of the repository, `npm install <tarball>` in `<user folder>/.n8n/nodes`; run `npm run build` first),
 *   so its node types are `n8n-nodes-tiktok-shop.tikTokShop` etc.; the credentials and the example workflows
 *   imported, the webhook-trigger workflows published, the owner set up and an API key made.
 *
 *   const { startStack } = require('./scripts/lib/stack');
 *   const stack = await startStack({ stateDir: '.demo' });
 *   stack.n8n.url; stack.n8n.client;                       // N8nClient, logged in, with an API key
 *   await stack.emulator.admin('POST', '/orders', { status: 'AWAITING_SHIPMENT', create_time: ... });
 *   const res = await stack.executeWorkflowCli(stack.workflowIds.routeOrders);     // n8n execute --id
 *   const exec = await stack.runWorkflow(stack.workflowIds.routeOrders);            // like "Execute workflow"
 *   stack.shopify.orders();
 *   await stack.stop();
 *
 * Returns {
 *   n8n: {url, port, pid, logFile, userFolder, webhookBase, client, owner, version, stop},
 *   package: {tarball, sha, nodeTypePrefix, installedIn},
 *   emulator: {baseUrl, authBaseUrl, adminUrl, appKey, appSecret, shops, pid, logFile, admin(method, path, body), stop},
 *   shopify: {url, token, graphqlUrl(version), orders(), requests(), reset(), addFault(fault), stop} | null,
 *   credentialIds: {tikTokShop, shopify}, credentialNames, workflowIds: {routeOrders, matchReturns, stockSync},
 *   workflows: [{id, name, published}], files: {dir, stockCsv}, cli (options for n8n-runtime's CLI helpers),
 *   executeWorkflowCli(id), runWorkflow(id, {triggerName}), nodeOutput(execution, nodeName), seed, timings, stateDir,
 *   stop() }
 * stop() stops n8n, the emulator and the stand-in (also on process exit, and on SIGINT/SIGTERM/SIGHUP unless
 * `handleSignals: false`).
 *
 * At every start the emulator is a fresh "TikTok" (same seed, so the same shops, products, orders and IDs; new
 * tokens, no subscriptions, no external references): the TikTok credential is imported again with the new refresh
 * token, and the published trigger workflows are published again (with their seen-event memory cleared) so they
 * subscribe to the new emulator. Workflows are imported again only when examples/*.json changed.
 *
 * Plain CommonJS for Node 20; see "The demo" in README.md for what is started and why.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');

const rt = require('./n8n-runtime');
const { packPackage, installPackage, NODE_TYPE_PREFIX, PACKAGE_NAME: PACKAGE_DIR_NAME } = require('./package-install');
const { startShopifyStandin } = require('./shopify-standin');

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLES_DIR = path.join(REPO, 'examples');
const STATE_VERSION = 1;

/** Fixed ids, so tests, the demo and a reused state folder agree. */
const CREDENTIAL_IDS = { tikTokShop: 'ttsEmulatorCred1', shopify: 'shopifyStandin01' };
const CREDENTIAL_NAMES = { tikTokShop: 'TikTok Shop (emulator)', shopify: 'Shopify Admin API (stand-in)' };
/** The example workflows' ids (the `id` inside each examples/*.json). */
const WORKFLOW_IDS = { routeOrders: 'ttsRouteShopify1', matchReturns: 'ttsReturnsToOms1', stockSync: 'ttsStockSync0001' };

const DEFAULT_SEED = 'n8n-nodes-tiktok-shop-demo';
const DEFAULT_OWNER = { email: 'demo@example.com', password: 'Demo-Passw0rd', firstName: 'Demo', lastName: 'Seller' };
const SHOPIFY_TOKEN = 'shpat_standin_demo_0123456789abcdef';
const TIKTOK_TRIGGER_TYPES = new Set([`${NODE_TYPE_PREFIX}tikTokShopTrigger`]);

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** The port asked for; else the remembered one if still free; else the preferred one if free; else a fresh one. */
async function pickPort(wanted, remembered, preferred) {
	if (wanted) return wanted;
	if (remembered && (await portIsFree(remembered))) return remembered;
	if (preferred && (await portIsFree(preferred))) return preferred;
	return rt.freePort();
}

function readJson(file, fallback) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return fallback;
	}
}

function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function hashOf(value) {
	return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

// ── emulator child process ────────────────────────────────────────────────────────────────────────────

/**
 * Runs `emulator/cli.ts` (ts-node, transpile only) in its own process group and resolves with its JSON line.
 */
function startEmulatorProcess({ args, logFile, onProgress }) {
	const tsNode = path.join(REPO, 'node_modules', 'ts-node', 'dist', 'bin.js');
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n==== emulator ${args.join(' ')} at ${new Date().toISOString()}\n`);
	const child = spawn(process.execPath, [tsNode, '--transpile-only', path.join(REPO, 'emulator', 'cli.ts'), ...args], {
		cwd: REPO,
		env: process.env,
		detached: true, // own process group: Ctrl-C in a terminal reaches only the caller, which stops things in order
		stdio: ['ignore', 'pipe', out],
	});
	fs.closeSync(out);
	let exited = null;
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const stop = async () => {
		if (exited) return;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			return;
		}
		const deadline = Date.now() + 5000;
		while (!exited && Date.now() < deadline) await sleep(50);
		if (!exited) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// gone
			}
			while (!exited) await sleep(20);
		}
	};
	const killSync = () => {
		if (exited) return;
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// gone
		}
	};
	const ready = new Promise((resolve, reject) => {
		let buf = '';
		const timer = setTimeout(() => {
			killSync();
			reject(new Error(`the emulator did not start within 60 s; log ${logFile}`));
		}, 60000);
		child.stdout.on('data', (chunk) => {
			buf += chunk;
			const nl = buf.indexOf('\n');
			if (nl < 0) return;
			clearTimeout(timer);
			try {
				resolve(JSON.parse(buf.slice(0, nl)));
			} catch (e) {
				killSync();
				reject(new Error(`the emulator printed something unexpected: ${buf.slice(0, 200)}`));
			}
			child.stdout.removeAllListeners('data');
			child.stdout.resume();
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the emulator exited during startup (code ${code}); log ${logFile}:\n${tailOf(logFile)}`));
		});
	});
	onProgress(`emulator: starting (pid ${child.pid})`);
	return { child, ready, stop, killSync, isRunning: () => !exited };
}

function tailOf(file, lines = 20) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

// ── example workflows ─────────────────────────────────────────────────────────────────────────────────

/** examples/*.json (top level only), parsed. */
function loadExamples(dir = EXAMPLES_DIR) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => ({ file: path.join(dir, f), workflow: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

/** Sets `name` in the assignments of every Set node called "Config" (a Set node v3.3+ "Edit Fields"). */
function setConfigValue(workflow, name, value) {
	let changed = false;
	for (const node of workflow.nodes) {
		if (node.name !== 'Config' || node.type !== 'n8n-nodes-base.set') continue;
		const list = node.parameters && node.parameters.assignments && node.parameters.assignments.assignments;
		for (const a of list || []) {
			if (a.name === name) {
				a.value = value;
				changed = true;
			}
		}
	}
	return changed;
}

/**
 * The committed example, made to run against the local stack. Only the Shopify store URL, the stock file's
 * path (both in the "Config" node) and the credentials are changed.
 */
function localizeExample(workflow, { shopifyUrl, stockCsvPath }) {
	const wf = JSON.parse(JSON.stringify(workflow));
	if (shopifyUrl) setConfigValue(wf, 'shopifyStoreUrl', shopifyUrl);
	if (stockCsvPath) setConfigValue(wf, 'stockCsvPath', stockCsvPath);
	for (const node of wf.nodes) {
		if (!node.credentials) continue;
		if (node.credentials.tikTokShopApi) node.credentials.tikTokShopApi = { id: CREDENTIAL_IDS.tikTokShop, name: CREDENTIAL_NAMES.tikTokShop };
		if (node.credentials.httpHeaderAuth) node.credentials.httpHeaderAuth = { id: CREDENTIAL_IDS.shopify, name: CREDENTIAL_NAMES.shopify };
	}
	return wf;
}

function isWebhookTriggerWorkflow(workflow) {
	return workflow.nodes.some((n) => TIKTOK_TRIGGER_TYPES.has(n.type));
}

/** Event names of the TikTok Shop Trigger nodes of a workflow (to wait for their registration). */
function triggerEvents(workflow) {
	return workflow.nodes.filter((n) => TIKTOK_TRIGGER_TYPES.has(n.type)).flatMap((n) => (n.parameters && n.parameters.events) || []);
}

// ── the stack ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * @param {object} options
 * @param {string} options.stateDir folder for everything that persists (n8n's user folder, logs, the stock file,
 *   stack.json). Reusing it makes the next start fast: nothing is re-imported unless the examples changed.
 * @param {number} [options.n8nPort] default: the port of the last start if free, else a free port
 * @param {number} [options.emulatorPort] default: the port of the last start if free, else a free port
 * @param {number} [options.shopifyPort] default: the port of the last start if free, else a free port
 * @param {{n8n?: number, emulator?: number, shopify?: number}} [options.preferredPorts] used when no port was given
 *   and none is remembered (the demo prefers 5678, 8787 and 8789), if free
 * @param {string[]} [options.emulatorArgs] extra emulator CLI flags (e.g. ['--orders', '200', '--latency-ms', '20'])
 * @param {string|number} [options.seed] emulator seed; default: the one of the last start, else a fixed one
 * @param {number} [options.webhookRetryScale] emulator webhook retry schedule factor, default 0.01 (1.2 s, 18 s, …)
 * @param {boolean} [options.shopify] start the Shopify stand-in (default true)
 * @param {boolean} [options.importExamples] import examples/*.json (default true)
 * @param {string} [options.examplesDir] where the example workflows are (default <repo>/examples)
 * @param {string} [options.n8nVersion] n8n version to run ('2.41.0', '1.123.81', or a prefix such as '1'); default
 *   E2E_N8N_VERSION, else 2.41.0. Each version has its own runtime cache; a state folder belongs to one version.
 * @param {boolean|string[]} [options.publishTriggers] true (default): publish the example workflows that start from
 *   a TikTok Shop Trigger (webhooks); an array: publish these workflow ids (schedule workflows too); false: none
 * @param {string} [options.webhookBase] n8n's public webhook base, default 'https://n8n.example.test/'
 * @param {object} [options.owner] {email, password, firstName, lastName}
 * @param {boolean} [options.shopCipherInCredential] put the first (US) shop's cipher in the credential (default true)
 * @param {object} [options.n8nEnv] extra n8n environment variables
 * @param {boolean} [options.handleSignals] stop everything on SIGINT/SIGTERM/SIGHUP, then exit 130 (default true)
 * @param {(line: string) => void} [options.onProgress]
 */
async function startStack(options = {}) {
	const started = Date.now();
	const {
		stateDir,
		n8nPort,
		emulatorPort,
		shopifyPort,
		preferredPorts = {},
		emulatorArgs = [],
		webhookRetryScale = 0.01,
		shopify: withShopify = true,
		importExamples = true,
		examplesDir = EXAMPLES_DIR,
		n8nVersion = rt.N8N_VERSION,
		publishTriggers = true,
		webhookBase = 'https://n8n.example.test/',
		owner = DEFAULT_OWNER,
		shopCipherInCredential = true,
		n8nEnv: extraEnv = {},
		handleSignals = true,
		onProgress = (line) => process.stderr.write(`[stack] ${line}\n`),
	} = options;
	if (!stateDir) throw new Error('startStack: stateDir is required');
	const dir = path.resolve(stateDir);
	fs.mkdirSync(dir, { recursive: true });
	const userFolder = path.join(dir, 'n8n');
	const filesDir = path.join(dir, 'files');
	const logsDir = path.join(dir, 'logs');
	fs.mkdirSync(filesDir, { recursive: true });
	fs.mkdirSync(logsDir, { recursive: true });
	const stateFile = path.join(dir, 'stack.json');
	const cacheDir = rt.defaultCacheDir(n8nVersion);
	const version = path.basename(cacheDir).replace(/^n8n-/, '');
	let state = readJson(stateFile, {});
	if (state.version !== STATE_VERSION || !fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'))) state = { version: STATE_VERSION };
	if (state.n8nVersion && state.n8nVersion !== version) {
		// a database migrated by one n8n is not for another (a 2.x database does not go back to 1.x)
		throw new Error(`${dir} holds n8n ${state.n8nVersion} data, not ${version}: use another state folder (or delete this one)`);
	}
	state.n8nVersion = version;
	const seed = String(options.seed ?? state.seed ?? DEFAULT_SEED);
	if (state.seed !== undefined && state.seed !== seed) {
		// another world: other ids, so the imported workflows' references no longer match anything
		onProgress(`emulator seed changed (${state.seed} → ${seed})`);
	}
	state.seed = seed;
	const timings = {};
	const mark = (name, since) => {
		timings[name] = Date.now() - since;
	};

	// Everything started so far, stopped in reverse order.
	const stoppers = [];
	let stopping = null;
	const stop = () => {
		if (!stopping) {
			stopping = (async () => {
				removeHandlers();
				for (const s of stoppers.slice().reverse()) {
					try {
						await s.stop();
					} catch (e) {
						onProgress(`stopping ${s.name}: ${e.message}`);
					}
				}
			})();
		}
		return stopping;
	};
	const killAllSync = () => {
		for (const s of stoppers) if (s.killSync) s.killSync();
	};
	const signalHandlers = {};
	const onSignal = (signal) => {
		onProgress(`${signal}: stopping n8n, the emulator and the Shopify stand-in…`);
		stop().then(
			() => {
				onProgress(`stopped (${stoppers.map((s) => s.name).join(', ') || 'nothing was running yet'})`);
				process.exit(130);
			},
			() => process.exit(130),
		);
	};
	function removeHandlers() {
		process.removeListener('exit', killAllSync);
		for (const [sig, fn] of Object.entries(signalHandlers)) process.removeListener(sig, fn);
	}
	process.on('exit', killAllSync);
	if (handleSignals) {
		for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
			signalHandlers[sig] = () => onSignal(sig);
			process.on(sig, signalHandlers[sig]);
		}
	}

	try {
		// 1. n8n runtime (first time: ~5 minutes, progress lines from ensureN8n)
		let t = Date.now();
		await rt.ensureN8n({ onProgress, cacheDir });
		mark('ensureN8n', t);

		// 1b. the package as users get it: npm pack, then npm install <tarball> in n8n's nodes folder (only when the
		// build changed since the last start: the tarball is named after its content hash)
		t = Date.now();
		const packDir = path.join(dir, 'package');
		const packed = packPackage(packDir);
		const installedDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_DIR_NAME);
		if (state.packageSha !== packed.sha || !fs.existsSync(path.join(installedDir, 'package.json'))) {
			onProgress(`n8n: installing ${path.basename(packed.file)} into ${path.join(userFolder, '.n8n', 'nodes')}`);
			installPackage(userFolder, packed.file);
			state.packageSha = packed.sha;
		}
		for (const f of fs.readdirSync(packDir)) if (f.endsWith('.tgz') && path.join(packDir, f) !== packed.file) fs.rmSync(path.join(packDir, f), { force: true });
		mark('packAndInstall', t);

		// 2. ports, emulator and Shopify stand-in
		state.ports = state.ports || {};
		const port = await pickPort(n8nPort, state.ports.n8n, preferredPorts.n8n);
		let apiPort = await pickPort(emulatorPort, state.ports.emulator, preferredPorts.emulator);
		while (apiPort === port) apiPort = await rt.freePort();
		const base = webhookBase.endsWith('/') ? webhookBase : `${webhookBase}/`;
		t = Date.now();
		const emuArgs = [
			'--port',
			String(apiPort),
			'--auth-port',
			'0',
			'--seed',
			seed,
			'--webhook-retry-scale',
			String(webhookRetryScale),
			'--webhook-rewrite',
			`${base}=http://127.0.0.1:${port}/`,
			...emulatorArgs,
		];
		const emu = startEmulatorProcess({ args: emuArgs, logFile: path.join(logsDir, 'emulator.log'), onProgress });
		stoppers.push({ name: 'emulator', stop: emu.stop, killSync: emu.killSync });
		const standinPromise = withShopify
			? (async () => {
					let sp = await pickPort(shopifyPort, state.ports.shopify, preferredPorts.shopify);
					while (sp === port || sp === apiPort) sp = await rt.freePort();
					return startShopifyStandin({ port: sp, token: SHOPIFY_TOKEN, log: onProgress });
				})()
			: Promise.resolve(null);
		const [info, standin] = await Promise.all([emu.ready, standinPromise]);
		if (standin) stoppers.push({ name: 'shopify stand-in', stop: standin.stop });
		mark('emulatorAndShopify', t);
		onProgress(`emulator: ${info.baseUrl} (seed ${seed}, shops ${info.shops.map((s) => s.name).join(', ')})`);
		if (standin) onProgress(`shopify stand-in: ${standin.url}`);
		state.ports.n8n = port;
		state.ports.emulator = apiPort;
		if (standin) state.ports.shopify = standin.port;

		const emulatorAdmin = async (method, urlPath, body) => {
			const res = await rt.request(method, `${info.adminUrl}${urlPath.startsWith('/') ? urlPath : `/${urlPath}`}`, { body });
			if (res.status >= 400) {
				const err = new Error(`emulator ${method} ${urlPath} → ${res.status}: ${res.text}`);
				err.status = res.status;
				err.body = res.body;
				throw err;
			}
			return res.body;
		};

		// 3. credentials (every start: the emulator issues new tokens each time it starts)
		const cliEnv = { N8N_RESTRICT_FILE_ACCESS_TO: filesDir, ...extraEnv };
		const cli = { userFolder, cacheDir, env: cliEnv, onProgress };
		const usShop = info.shops[0];
		const credentials = [
			{
				id: CREDENTIAL_IDS.tikTokShop,
				name: CREDENTIAL_NAMES.tikTokShop,
				type: 'tikTokShopApi',
				data: {
					appKey: info.appKey,
					appSecret: info.appSecret,
					authCode: '',
					refreshToken: info.refreshToken,
					shopCipher: shopCipherInCredential ? usShop.cipher : '',
					baseUrl: info.baseUrl,
					authBaseUrl: info.authBaseUrl,
					clockOffsetSeconds: 0,
					accessToken: '',
					accessTokenExpiresAt: 0,
					refreshTokenExpiresAt: 0,
				},
			},
		];
		if (standin) {
			credentials.push({
				id: CREDENTIAL_IDS.shopify,
				name: CREDENTIAL_NAMES.shopify,
				type: 'httpHeaderAuth',
				data: { name: 'X-Shopify-Access-Token', value: standin.token },
			});
		}
		t = Date.now();
		onProgress('n8n: importing credentials');
		await rt.importCredentials(credentials, cli);
		mark('importCredentials', t);

		// 4. example workflows (only when they changed since the last import)
		const stockCsvPath = path.join(filesDir, 'stock.csv');
		const sampleCsv = path.join(EXAMPLES_DIR, 'data', 'stock.csv');
		if (!fs.existsSync(stockCsvPath) && fs.existsSync(sampleCsv)) fs.copyFileSync(sampleCsv, stockCsvPath);
		const examples = importExamples
			? loadExamples(examplesDir).map(({ file, workflow }) => ({ file, workflow: localizeExample(workflow, { shopifyUrl: standin ? standin.url : null, stockCsvPath }) }))
			: [];
		const workflows = examples.map((e) => e.workflow);
		const examplesHash = hashOf(workflows);
		t = Date.now();
		if (workflows.length && state.examplesHash !== examplesHash) {
			onProgress(`n8n: importing ${workflows.length} example workflow(s)`);
			await rt.importWorkflow(workflows, cli);
			state.examplesHash = examplesHash;
			state.published = [];
		}
		mark('importWorkflows', t);
		writeJson(stateFile, state);

		// 5. n8n server (webhook URLs: https://n8n.example.test/webhook/…, delivered by the emulator to loopback)
		t = Date.now();
		onProgress(`n8n: starting on http://127.0.0.1:${port} (webhook URL ${base})`);
		const server = await rt.startN8n({
			userFolder,
			port,
			cacheDir,
			webhookUrl: base,
			env: cliEnv,
			killOnExit: true,
			onProgress,
		});
		stoppers.push({
			name: 'n8n',
			stop: server.stop,
			killSync: () => {
				try {
					process.kill(-server.pid, 'SIGKILL');
				} catch {
					// gone
				}
			},
		});
		mark('n8nStart', t);
		t = Date.now();
		const client = new rt.N8nClient(server.url, { version });
		await client.bootstrap(owner);
		mark('bootstrap', t);

		// 6. publish the trigger workflows and wait until TikTok (the emulator) knows their URLs
		t = Date.now();
		const toPublish =
			publishTriggers === true ? workflows.filter(isWebhookTriggerWorkflow) : Array.isArray(publishTriggers) ? workflows.filter((w) => publishTriggers.includes(w.id)) : [];
		const expectedOf = (wf) =>
			wf.nodes
				.filter((n) => TIKTOK_TRIGGER_TYPES.has(n.type) && (n.parameters.registration || 'automatic') !== 'partnerCenter')
				.map((n) => ({ workflow: wf.name, url: `${base}webhook/${n.webhookId}/webhook`, events: n.parameters.events || [] }));
		const missingRegistrations = async (list) => {
			const hooks = await emulatorAdmin('GET', '/webhooks');
			const registered = Object.values(hooks.shops || {}).flat();
			return {
				registered,
				missing: list.filter((e) => !e.events.every((ev) => registered.some((r) => r.address === e.url && r.event_type === ev))),
			};
		};
		// Every start (the emulator is a fresh "TikTok" each time):
		// - n8n keeps a published workflow's webhooks across restarts and does not subscribe again (real TikTok keeps
		//   subscriptions), so the workflow is published again to subscribe with the new emulator;
		// - the trigger's memory of seen notification ids (static data) is cleared: the emulator derives ids from its
		//   seed, so a fresh emulator sends ids the trigger saw last time and would drop as duplicates.
		const hasRegistration = (w) => Object.values(w.staticData || {}).some((v) => v && typeof v === 'object' && v.registration);
		for (const wf of toPublish) {
			let saved = await client.getWorkflow(wf.id);
			if (saved.active) {
				await client.deactivateWorkflow(wf.id);
				// deactivation runs the trigger's delete hook, which saves the static data (without its registration):
				// wait for that save, or it would bring the old memory back after the reset below
				saved = await client.getWorkflow(wf.id);
				for (const until = Date.now() + 15000; hasRegistration(saved) && Date.now() < until; ) {
					await sleep(100);
					saved = await client.getWorkflow(wf.id);
				}
			}
			if (saved.staticData && Object.keys(saved.staticData).length) {
				const res = await client.request('PUT', `/api/v1/workflows/${encodeURIComponent(wf.id)}`, {
					auth: 'apiKey',
					body: { name: saved.name, nodes: saved.nodes, connections: saved.connections, settings: { executionOrder: 'v1', ...(wf.settings || {}) }, staticData: {} },
				});
				if (res.status >= 400) throw new Error(`could not reset the static data of "${wf.name}": ${res.status} ${res.text}`);
			}
			onProgress(`n8n: publishing "${wf.name}"`);
			await client.activateWorkflow(wf.id);
		}
		state.published = toPublish.map((w) => w.id);
		writeJson(stateFile, state);
		const expected = toPublish.flatMap(expectedOf);
		if (expected.length) {
			const deadline = Date.now() + 45000;
			for (;;) {
				const { registered, missing } = await missingRegistrations(expected);
				if (!missing.length) break;
				if (Date.now() > deadline) {
					throw new Error(
						`TikTok Shop Trigger not registered with the emulator after 45 s: ${missing.map((m) => `${m.workflow} (${m.events.join(', ')})`).join('; ')}. ` +
							`Registered: ${JSON.stringify(registered)}. n8n log: ${server.logFile}\n${tailOf(server.logFile)}`,
					);
				}
				await sleep(250);
			}
		}
		mark('publish', t);
		timings.total = Date.now() - started;
		onProgress(`ready in ${(timings.total / 1000).toFixed(1)} s`);

		const workflowIds = {};
		for (const [key, id] of Object.entries(WORKFLOW_IDS)) if (workflows.some((w) => w.id === id)) workflowIds[key] = id;

		const stack = {
			stateDir: dir,
			seed,
			timings,
			n8n: {
				url: server.url,
				port: server.port,
				pid: server.pid,
				logFile: server.logFile,
				userFolder,
				webhookBase: base,
				client,
				owner,
				version,
				stop: server.stop,
			},
			package: { tarball: packed.file, sha: packed.sha, nodeTypePrefix: NODE_TYPE_PREFIX, installedIn: installedDir },
			emulator: {
				baseUrl: info.baseUrl,
				authBaseUrl: info.authBaseUrl,
				adminUrl: info.adminUrl,
				appKey: info.appKey,
				appSecret: info.appSecret,
				shops: info.shops,
				pid: emu.child.pid,
				logFile: path.join(logsDir, 'emulator.log'),
				admin: emulatorAdmin,
				stop: emu.stop,
			},
			shopify: standin
				? {
						url: standin.url,
						token: standin.token,
						graphqlUrl: standin.graphqlUrl,
						orders: standin.orders,
						requests: standin.requests,
						reset: standin.reset,
						addFault: standin.addFault,
						stop: standin.stop,
					}
				: null,
			credentialIds: { tikTokShop: CREDENTIAL_IDS.tikTokShop, ...(standin ? { shopify: CREDENTIAL_IDS.shopify } : {}) },
			credentialNames: { tikTokShop: CREDENTIAL_NAMES.tikTokShop, ...(standin ? { shopify: CREDENTIAL_NAMES.shopify } : {}) },
			workflowIds,
			workflows: workflows.map((w) => ({ id: w.id, name: w.name, published: state.published.includes(w.id) })),
			files: { dir: filesDir, stockCsv: stockCsvPath },
			/** Options for n8n-runtime's CLI helpers (same user folder, n8n version and file-access setting). */
			cli,
			/** `n8n execute --id` (runs next to the server; stored with mode "cli"). */
			executeWorkflowCli: (id) => rt.executeWorkflowCli(id, cli),
			/**
			 * Runs a workflow like the editor's "Execute workflow" button and waits for it to finish; resolves with the
			 * execution (`status`, `data.resultData.runData`; read items with `stack.nodeOutput(execution, name)`).
			 */
			runWorkflow: async (id, { triggerName = 'Manual Trigger', timeoutMs = 120000 } = {}) => {
				const { executionId } = await client.runWorkflowManually(id, triggerName);
				const deadline = Date.now() + timeoutMs;
				for (;;) {
					const res = await client.request('GET', `/api/v1/executions/${executionId}?includeData=true`, { auth: 'apiKey' });
					if (res.status === 200 && !['new', 'running', 'waiting'].includes(res.body.status)) return res.body;
					if (Date.now() > deadline) throw new Error(`execution ${executionId} of ${id} did not finish within ${timeoutMs} ms`);
					await sleep(250);
				}
			},
			nodeOutput: (execution, nodeName, runIndex = 0) => rt.nodeOutputOf(execution.data.resultData.runData, nodeName, runIndex),
			stop,
		};
		return stack;
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = {
	startStack,
	localizeExample,
	loadExamples,
	CREDENTIAL_IDS,
	CREDENTIAL_NAMES,
	WORKFLOW_IDS,
	DEFAULT_OWNER,
	DEFAULT_SEED,
	SHOPIFY_TOKEN,
	EXAMPLES_DIR,
	NODE_TYPE_PREFIX,
};
