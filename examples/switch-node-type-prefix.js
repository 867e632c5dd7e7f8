#!/usr/bin/env node
/**
 * The example workflows name this package's nodes in one of two ways:
 *
 *   CUSTOM.tikTokShop                  nodes loaded from a folder (N8N_CUSTOM_EXTENSIONS; the demo and the tests)
 *   n8n-nodes-tiktok-shop.tikTokShop   the package installed in n8n (Settings › Community Nodes, or npm)
 *
 * examples/*.json use the first, examples/for-installed-package/*.json the second. This script turns one into the
 * other, so you can fix up a workflow exported from a dev n8n (or the other way round):
 *
 *   node examples/switch-node-type-prefix.js --to package my-workflow.json      rewrite the file in place
 *   node examples/switch-node-type-prefix.js --to custom  my-workflow.json
 *   node examples/switch-node-type-prefix.js --write-installed                  regenerate examples/for-installed-package/
 *   node examples/switch-node-type-prefix.js --check                            exit 1 if that folder is out of date
 *
 * Plain Node.js, no dependencies.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const PACKAGE_PREFIX = 'n8n-nodes-tiktok-shop.';
const CUSTOM_PREFIX = 'CUSTOM.';
const NODE_NAMES = ['tikTokShop', 'tikTokShopTrigger', 'tikTokShopOrderTrigger'];
const EXAMPLES = __dirname;
const INSTALLED = path.join(EXAMPLES, 'for-installed-package');

/** Returns a copy of the workflow with this package's node types using `prefix`. */
function withPrefix(workflow, prefix) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes || []) {
		for (const name of NODE_NAMES) {
			if (node.type === `${PACKAGE_PREFIX}${name}` || node.type === `${CUSTOM_PREFIX}${name}`) node.type = `${prefix}${name}`;
		}
	}
	return copy;
}

function text(workflow) {
	return `${JSON.stringify(workflow, null, 2)}\n`;
}

function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

function main(argv) {
	if (argv.includes('--write-installed') || argv.includes('--check')) {
		const check = argv.includes('--check');
		let stale = 0;
		if (!check) fs.mkdirSync(INSTALLED, { recursive: true });
		for (const file of exampleFiles()) {
			const wanted = text(withPrefix(JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')), PACKAGE_PREFIX));
			const target = path.join(INSTALLED, file);
			const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
			if (current === wanted) continue;
			if (check) {
				console.error(`out of date: examples/for-installed-package/${file} (run: node examples/switch-node-type-prefix.js --write-installed)`);
				stale++;
			} else {
				fs.writeFileSync(target, wanted);
				console.log(`wrote examples/for-installed-package/${file}`);
			}
		}
		if (check && stale) process.exit(1);
		if (check) console.log(`examples/for-installed-package is up to date (${exampleFiles().length} workflows)`);
		return;
	}
	const i = argv.indexOf('--to');
	const to = i >= 0 ? argv[i + 1] : undefined;
	const files = argv.filter((a, k) => !a.startsWith('--') && k !== i + 1);
	if (!['package', 'custom'].includes(to) || files.length === 0) {
		console.error('usage: node examples/switch-node-type-prefix.js --to package|custom <workflow.json>...  |  --write-installed  |  --check');
		process.exit(2);
	}
	for (const file of files) {
		const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
		fs.writeFileSync(file, text(withPrefix(workflow, to === 'package' ? PACKAGE_PREFIX : CUSTOM_PREFIX)));
		console.log(`${file}: TikTok Shop nodes now use ${to === 'package' ? PACKAGE_PREFIX : CUSTOM_PREFIX}*`);
	}
}

module.exports = { withPrefix, PACKAGE_PREFIX, CUSTOM_PREFIX };

if (require.main === module) main(process.argv.slice(2));
