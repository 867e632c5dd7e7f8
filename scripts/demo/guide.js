// @ts-check
'use strict';
/**
 * What the demo prints once everything runs: where things are, what was imported, things to try (with curl commands
 * against the emulator's admin API), and how to stop. Built as lines so it can be tested without a stack.
 */
const path = require('path');

/**
 * @typedef {object} GuideContext
 * @property {(s: string) => string} bold
 * @property {string} cwd paths are shown relative to it
 * @property {number} pid this process (for `kill <pid>`)
 */

const JSON_HEADER = "-H 'content-type: application/json'";
/** @param {string} expr */
const nodePick = (expr) => `node -pe '${expr}'`;

/**
 * @param {any} stack
 * @param {string} elapsed
 * @param {GuideContext} ctx
 */
function overviewLines(stack, elapsed, { bold }) {
	const url = stack.n8n.url;
	const lines = ['', bold(`Ready in ${elapsed}.`), ''];
	lines.push(
		`  n8n editor      ${bold(url)}  (n8n ${stack.n8n.version}, ${stack.package.nodeTypePrefix.slice(0, -1)} installed from its npm tarball)`,
	);
	lines.push(`  log in with     ${bold(stack.n8n.owner.email)}  /  ${bold(stack.n8n.owner.password)}`);
	lines.push(
		`  TikTok Shop     emulator at ${stack.emulator.baseUrl} (stands in for TikTok's servers; shops: ${stack.emulator.shops.map((/** @type {any} */ s) => s.name).join(', ')})`,
	);
	if (stack.shopify)
		lines.push(
			`  Shopify         stand-in store at ${stack.shopify.url} (answers Shopify's orderCreate like a real store)`,
		);
	lines.push('', bold('Imported into n8n'));
	lines.push(
		`  credential  "${stack.credentialNames.tikTokShop}"  (authorized seller, shop "${stack.emulator.shops[0].name}")`,
	);
	if (stack.credentialNames.shopify)
		lines.push(`  credential  "${stack.credentialNames.shopify}"  (Header Auth: X-Shopify-Access-Token)`);
	for (const w of stack.workflows) {
		lines.push(`  workflow    "${w.name}"${w.published ? '  [published: runs on every TikTok return event]' : ''}`);
		lines.push(`              ${url}/workflow/${w.id}`);
	}
	return lines;
}

/**
 * The numbered "Things to try", for the example workflows that were imported.
 * @param {any} stack
 * @param {GuideContext} ctx
 */
function thingsToTryLines(stack, { bold, cwd }) {
	const admin = stack.emulator.adminUrl;
	const ids = stack.workflowIds;
	const name = (/** @type {string} */ id) => stack.workflows.find((/** @type {any} */ w) => w.id === id).name;
	const lines = ['', bold('Things to try')];
	let n = 1;
	if (ids.routeOrders) {
		lines.push(
			`  ${n++}. Route orders to Shopify: open "${name(ids.routeOrders)}" and click ${bold('Execute workflow')}.`,
		);
		lines.push(
			'     Every TikTok order that is ready to ship becomes a Shopify order, and its Shopify ID is written back to',
		);
		lines.push(
			'     TikTok. Click Execute workflow again: nothing is sent twice. The orders the Shopify stand-in received:',
		);
		lines.push(
			`       curl -s ${stack.shopify.url}/__standin/orders | ${nodePick('JSON.parse(require("fs").readFileSync(0)).orders.map(o => o.name + "  " + o.sourceIdentifier + "  " + o.totalPriceSet.shopMoney.amount).join("\\n")')}`,
		);
		lines.push('     The references stored on the TikTok orders:');
		lines.push(`       curl -s ${admin}/external-orders`);
	}
	lines.push(`  ${n++}. A new TikTok order (2 units of one SKU, placed 2 hours ago so it is ready to ship):`);
	lines.push(
		`       ORDER=$(curl -s -X POST ${admin}/orders ${JSON_HEADER} -d '{"status":"AWAITING_SHIPMENT","create_time":'$(( $(date +%s) - 7200 ))',"line_items":[{"sku_id":"1729466706311214458","quantity":2}]}' | ${nodePick('JSON.parse(require("fs").readFileSync(0)).orders[0].id')}); echo $ORDER`,
	);
	if (ids.routeOrders)
		lines.push(
			`     Then Execute "${name(ids.routeOrders)}" again: only this order goes to Shopify, as one line with quantity 2.`,
		);
	if (ids.matchReturns) {
		lines.push(`  ${n++}. A return, which starts the published workflow "${name(ids.matchReturns)}" by webhook:`);
		lines.push(
			`       curl -s -X POST ${admin}/orders/$ORDER/status ${JSON_HEADER} -d '{"status":"DELIVERED"}' > /dev/null`,
		);
		lines.push(
			`       curl -s -X POST ${admin}/returns ${JSON_HEADER} -d '{"order_id":"'$ORDER'"}' | ${nodePick('JSON.parse(require("fs").readFileSync(0)).return_id')}`,
		);
		lines.push(
			`     See the run: open the workflow › ${bold('Executions')} (or ${stack.n8n.url}/home/executions). "Return for OMS" shows the`,
		);
		lines.push(
			'     Shopify order and line IDs the return belongs to. A return on an order that was never routed ends in "Not Linked".',
		);
	}
	if (ids.stockSync) {
		lines.push(
			`  ${n++}. Stock from a CSV file: open "${name(ids.stockSync)}", click Execute workflow, and open "Update TikTok Stock":`,
		);
		lines.push(
			`     its one summary item says what changed (old → new), what was already right, what failed and why. The file is ${relative(cwd, stack.files.stockCsv)}:`,
		);
		lines.push('     change a quantity there and run it again. Current stock of one SKU in TikTok:');
		lines.push(`       curl -s '${admin}/stock?sku_id=1729466706311214458'`);
	}
	return lines;
}

/**
 * @param {any} stack
 * @param {GuideContext} ctx
 */
function goodToKnowLines(stack, { bold, cwd, pid }) {
	return [
		'',
		bold('Good to know'),
		`  Webhooks: n8n's public URL is ${stack.n8n.webhookBase}; the emulator rewrites TikTok's deliveries to that address to this local n8n.`,
		`  Stop: ${bold('Ctrl-C')} stops n8n, the emulator and the Shopify stand-in. Started in the background: ${bold(`kill ${pid}`)}`,
		`        (SIGTERM to this process stops everything it started), or stop its whole process group with kill -- -<PGID>.`,
		`  State lives in ${relative(cwd, stack.stateDir)}/ (n8n's data, logs, stock.csv): the next \`npm run demo\` reuses it and starts in about 15 s.`,
		'  TikTok and Shopify data start over at every start (they live in memory); `npm run demo -- --fresh` also resets n8n.',
		`  Logs: ${relative(cwd, stack.n8n.logFile)}, ${relative(cwd, stack.emulator.logFile)}`,
		'',
	];
}

/**
 * The queue-mode section (Postgres, Redis, processors, workers).
 * @param {any} stack what startQueueStack returned
 * @param {GuideContext} ctx
 */
function queueLines(stack, { bold, cwd }) {
	const lines = [bold('Queue mode')];
	lines.push(
		`  Postgres        127.0.0.1:${stack.postgres.port} (database ${stack.postgres.database}, data ${path.relative(cwd, stack.postgres.dir)})`,
	);
	lines.push(`  Redis           127.0.0.1:${stack.redis.port}`);
	for (const p of stack.webhookProcessors)
		lines.push(`  n8n webhook     ${p.url}  (TikTok's deliveries arrive here; log ${path.relative(cwd, p.logFile)})`);
	for (const w of stack.workers)
		lines.push(`  n8n worker ${w.index + 1}    runs executions (log ${path.relative(cwd, w.logFile)})`);
	lines.push('  Ctrl-C stops the workers, the webhook processor, n8n main, the emulator, Redis and Postgres.', '');
	return lines;
}

/**
 * @param {string} cwd
 * @param {string} p
 */
function relative(cwd, p) {
	return path.relative(cwd, p) || p;
}

/**
 * Every line of the guide, the queue section included in queue mode.
 * @param {any} stack
 * @param {string} elapsed e.g. '14.2 s'
 * @param {GuideContext} ctx
 * @returns {string[]}
 */
function guideLines(stack, elapsed, ctx) {
	return [
		...overviewLines(stack, elapsed, ctx),
		...thingsToTryLines(stack, ctx),
		...goodToKnowLines(stack, ctx),
		...(stack.mode === 'queue' ? queueLines(stack, ctx) : []),
	];
}

module.exports = { guideLines };
