#!/usr/bin/env node
/**
 * `npm run demo`: everything on this machine, in one command.
 *
 * Builds the package, installs a private n8n 2.41.0 the first time (about 5 minutes, with progress), then starts
 * the TikTok Shop emulator, a Shopify stand-in and n8n with the TikTok Shop nodes (the package's `npm pack` tarball
 * installed into n8n's nodes folder, as a self-hosted user installs it), the credentials and the three example
 * workflows, and prints what to try. Ctrl-C stops everything it started.
 *
 *   npm run demo                    state in .demo/ (kept: the next start takes about 15 s)
 *   npm run demo -- --port 5679     n8n on another port (default 5678, or the last one used)
 *   npm run demo -- --fresh         forget .demo/ and start from scratch
 *   npm run demo -- --n8n 1.123.81  on n8n 1.x instead (state in .demo-n8n-1.123.81/; also installed once)
 *   npm run demo -- --queue         queue mode: private Postgres + Redis, n8n main + a webhook processor + two workers
 *                                   (state in .demo-queue/; see docs/running-at-scale.md)
 *
 * Everything listens on 127.0.0.1 only. See "The demo" in README.md.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
let STATE_DIR = path.join(REPO, '.demo');

function usage(code) {
	console.log('usage: npm run demo [-- --port <n8n port>] [-- --fresh] [-- --n8n 2.41.0|1.123.81] [-- --queue]');
	process.exit(code);
}

function parseArgs(argv) {
	const out = { port: undefined, fresh: false, n8n: undefined, queue: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--fresh') out.fresh = true;
		else if (a === '--queue') out.queue = true;
		else if (a === '--n8n' || a.startsWith('--n8n=')) out.n8n = a.includes('=') ? a.split('=')[1] : argv[++i];
		else if (a === '--port' || a.startsWith('--port=')) {
			const v = a.includes('=') ? a.split('=')[1] : argv[++i];
			const n = Number(v);
			if (!Number.isInteger(n) || n < 1 || n > 65535) {
				console.error(`--port needs a port number, got "${v}"`);
				process.exit(2);
			}
			out.port = n;
		} else if (a === '--help' || a === '-h') usage(0);
		else {
			console.error(`unknown option ${a}`);
			usage(2);
		}
	}
	return out;
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = require('net').createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const rt = require('./lib/n8n-runtime');
	let n8nVersion;
	try {
		n8nVersion = rt.resolveVersion(args.n8n || rt.N8N_VERSION);
	} catch (error) {
		console.error(error.message);
		process.exit(2);
	}
	// one state folder per n8n version: a database migrated by 2.x does not open in 1.x
	if (n8nVersion !== rt.DEFAULT_N8N_VERSION) STATE_DIR = path.join(REPO, `.demo-n8n-${n8nVersion}`);
	if (args.queue) STATE_DIR = `${STATE_DIR}-queue`;
	const t0 = Date.now();
	const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	console.log(bold('TikTok Shop nodes for n8n: local demo'));

	if (args.fresh && fs.existsSync(STATE_DIR)) {
		console.log(`  --fresh: removing ${path.relative(process.cwd(), STATE_DIR) || STATE_DIR}`);
		fs.rmSync(STATE_DIR, { recursive: true, force: true });
	}

	if (!fs.existsSync(path.join(REPO, 'node_modules', 'typescript'))) {
		console.error('Run `npm install` first (the demo needs the dev dependencies).');
		process.exit(1);
	}
	process.stdout.write('  building the package (npm run build)… ');
	const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO, encoding: 'utf8' });
	if (build.status !== 0) {
		console.log('failed');
		console.error(`${build.stdout}${build.stderr}`);
		process.exit(1);
	}
	console.log(`done (${secs()})`);

	// loaded after the build check so a missing install gives the message above, not a stack trace
	const { startStack } = require('./lib/stack');
	const runtime = rt.runtimePaths(rt.defaultCacheDir(n8nVersion));
	if (!fs.existsSync(runtime.marker)) {
		console.log(`  first run: installing n8n ${n8nVersion} and Node 24 into ${runtime.cacheDir} (about 5 minutes, once)`);
	}

	if (args.port && !(await portIsFree(args.port))) {
		console.error(`\nPort ${args.port} is already in use (another n8n?). Choose another one: npm run demo -- --port <port>`);
		process.exit(1);
	}

	let stack;
	try {
		stack = await (args.queue ? require('./lib/queue-stack').startQueueStack : startStack)({
			stateDir: STATE_DIR,
			n8nPort: args.port,
			n8nVersion,
			preferredPorts: { n8n: 5678, emulator: 8787, shopify: 8789 },
			handleSignals: true,
			onProgress: (line) => console.log(dim(`  ${line}`)),
		});
	} catch (error) {
		console.error(`\nThe demo could not start: ${error.message}`);
		if (/EADDRINUSE|already in use/i.test(String(error.message))) console.error('A port is taken: pick another one for n8n with --port.');
		console.error(`Logs: ${path.join(STATE_DIR, 'n8n', 'n8n.log')}, ${path.join(STATE_DIR, 'logs', 'emulator.log')}`);
		process.exit(1);
	}

	printGuide(stack, secs());
	if (stack.mode === 'queue') {
		console.log(bold('Queue mode'));
		console.log(`  Postgres        127.0.0.1:${stack.postgres.port} (database ${stack.postgres.database}, data ${path.relative(process.cwd(), stack.postgres.dir)})`);
		console.log(`  Redis           127.0.0.1:${stack.redis.port}`);
		for (const p of stack.webhookProcessors) console.log(`  n8n webhook     ${p.url}  (TikTok's deliveries arrive here; log ${path.relative(process.cwd(), p.logFile)})`);
		for (const w of stack.workers) console.log(`  n8n worker ${w.index + 1}    runs executions (log ${path.relative(process.cwd(), w.logFile)})`);
		console.log('  Ctrl-C stops the workers, the webhook processor, n8n main, the emulator, Redis and Postgres.');
		console.log('');
	}
	// keep running until Ctrl-C (startStack's signal handler stops everything and exits)
	setInterval(() => {}, 1 << 30);
}

function printGuide(stack, elapsed) {
	const url = stack.n8n.url;
	const admin = stack.emulator.adminUrl;
	const shop = stack.emulator.shops[0];
	const rel = (p) => path.relative(process.cwd(), p) || p;
	const wf = (id) => stack.workflows.find((w) => w.id === id);
	const ids = stack.workflowIds;
	const json = "-H 'content-type: application/json'";
	const pick = (expr) => `node -pe '${expr}'`;

	console.log('');
	console.log(bold(`Ready in ${elapsed}.`));
	console.log('');
	console.log(`  n8n editor      ${bold(url)}  (n8n ${stack.n8n.version}, ${stack.package.nodeTypePrefix.slice(0, -1)} installed from its npm tarball)`);
	console.log(`  log in with     ${bold(stack.n8n.owner.email)}  /  ${bold(stack.n8n.owner.password)}`);
	console.log(`  TikTok Shop     emulator at ${stack.emulator.baseUrl} (stands in for TikTok's servers; shops: ${stack.emulator.shops.map((s) => s.name).join(', ')})`);
	if (stack.shopify) console.log(`  Shopify         stand-in store at ${stack.shopify.url} (answers Shopify's orderCreate like a real store)`);
	console.log('');
	console.log(bold('Imported into n8n'));
	console.log(`  credential  "${stack.credentialNames.tikTokShop}"  (authorized seller, shop "${shop.name}")`);
	if (stack.credentialNames.shopify) console.log(`  credential  "${stack.credentialNames.shopify}"  (Header Auth: X-Shopify-Access-Token)`);
	for (const w of stack.workflows) {
		console.log(`  workflow    "${w.name}"${w.published ? '  [published: runs on every TikTok return event]' : ''}`);
		console.log(`              ${url}/workflow/${w.id}`);
	}
	console.log('');
	console.log(bold('Things to try'));
	let n = 1;
	if (ids.routeOrders) {
		console.log(`  ${n++}. Route orders to Shopify: open "${wf(ids.routeOrders).name}" and click ${bold('Execute workflow')}.`);
		console.log('     Every TikTok order that is ready to ship becomes a Shopify order, and its Shopify ID is written back to');
		console.log('     TikTok. Click Execute workflow again: nothing is sent twice. The orders the Shopify stand-in received:');
		console.log(`       curl -s ${stack.shopify.url}/__standin/orders | ${pick('JSON.parse(require("fs").readFileSync(0)).orders.map(o => o.name + "  " + o.sourceIdentifier + "  " + o.totalPriceSet.shopMoney.amount).join("\\n")')}`);
		console.log('     The references stored on the TikTok orders:');
		console.log(`       curl -s ${admin}/external-orders`);
	}
	console.log(`  ${n++}. A new TikTok order (2 units of one SKU, placed 2 hours ago so it is ready to ship):`);
	console.log(
		`       ORDER=$(curl -s -X POST ${admin}/orders ${json} -d '{"status":"AWAITING_SHIPMENT","create_time":'$(( $(date +%s) - 7200 ))',"line_items":[{"sku_id":"1729466706311214458","quantity":2}]}' | ${pick('JSON.parse(require("fs").readFileSync(0)).orders[0].id')}); echo $ORDER`,
	);
	if (ids.routeOrders) console.log(`     Then Execute "${wf(ids.routeOrders).name}" again: only this order goes to Shopify, as one line with quantity 2.`);
	if (ids.matchReturns) {
		console.log(`  ${n++}. A return, which starts the published workflow "${wf(ids.matchReturns).name}" by webhook:`);
		console.log(`       curl -s -X POST ${admin}/orders/$ORDER/status ${json} -d '{"status":"DELIVERED"}' > /dev/null`);
		console.log(`       curl -s -X POST ${admin}/returns ${json} -d '{"order_id":"'$ORDER'"}' | ${pick('JSON.parse(require("fs").readFileSync(0)).return_id')}`);
		console.log(`     See the run: open the workflow › ${bold('Executions')} (or ${url}/home/executions). "Return for OMS" shows the`);
		console.log('     Shopify order and line IDs the return belongs to. A return on an order that was never routed ends in "Not Linked".');
	}
	if (ids.stockSync) {
		console.log(`  ${n++}. Stock from a CSV file: open "${wf(ids.stockSync).name}", click Execute workflow, and open "Update TikTok Stock":`);
		console.log(`     its one summary item says what changed (old → new), what was already right, what failed and why. The file is ${rel(stack.files.stockCsv)}:`);
		console.log('     change a quantity there and run it again. Current stock of one SKU in TikTok:');
		console.log(`       curl -s '${admin}/stock?sku_id=1729466706311214458'`);
	}
	console.log('');
	console.log(bold('Good to know'));
	console.log(`  Webhooks: n8n's public URL is ${stack.n8n.webhookBase}; the emulator rewrites TikTok's deliveries to that address to this local n8n.`);
	console.log(`  Stop: ${bold('Ctrl-C')} stops n8n, the emulator and the Shopify stand-in. Started in the background: ${bold(`kill ${process.pid}`)}`);
	console.log(`        (SIGTERM to this process stops everything it started), or stop its whole process group with kill -- -<PGID>.`);
	console.log(`  State lives in ${rel(stack.stateDir)}/ (n8n's data, logs, stock.csv): the next \`npm run demo\` reuses it and starts in about 15 s.`);
	console.log('  TikTok and Shopify data start over at every start (they live in memory); `npm run demo -- --fresh` also resets n8n.');
	console.log(`  Logs: ${rel(stack.n8n.logFile)}, ${rel(stack.emulator.logFile)}`);
	console.log('');
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});
