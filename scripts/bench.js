#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench`: runs every benchmark in bench/ (each writes bench/results/<name>.md with the command that
 * produced it), then gathers the results into bench/RESULTS.md. `npm run bench -- orders-return-all` runs one;
 * `npm run bench -- --collect` only regathers bench/RESULTS.md.
 * The webhook burst and the queue-mode rows of stock-queue need the real n8n (installed on first use, see
 * scripts/lib/n8n-runtime.js).
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const tsNode = ['-r', 'ts-node/register/transpile-only'];
/** @type {Record<string, string[]>} */
const benchmarks = {
	'orders-return-all': ['--expose-gc', ...tsNode, 'bench/orders-return-all.ts', '--write'],
	'stock-update': [...tsNode, 'bench/stock-update.ts', '--write'],
	'stock-queue': [...tsNode, 'bench/stock-queue.ts', '--write'],
	'emulator-startup': [...tsNode, 'bench/emulator-startup.ts', '--write'],
	'webhook-burst': [...tsNode, 'bench/webhook-burst.ts', '--write'],
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const selected = process.argv.includes('--collect') ? [] : wanted.length > 0 ? wanted : Object.keys(benchmarks);
let failed = 0;
for (const name of selected) {
	const args = benchmarks[name];
	if (!args) {
		console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benchmarks).join(', ')}`);
		process.exit(2);
	}
	if (!fs.existsSync(path.join(root, /** @type {string} */ (args.find((arg) => arg.endsWith('.ts')))))) continue;
	console.log(`\n=== bench: ${name}`);
	const result = spawnSync(process.execPath, args, {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' },
	});
	if (result.status !== 0) failed += 1;
}

const resultsDir = path.join(root, 'bench', 'results');
const order = Object.keys(benchmarks);
const files = fs
	.readdirSync(resultsDir)
	.filter((file) => file.endsWith('.md'))
	.sort((a, b) => order.indexOf(a.replace(/\.md$/, '')) - order.indexOf(b.replace(/\.md$/, '')));
const body = files.map((file) => fs.readFileSync(path.join(resultsDir, file), 'utf8').trim()).join('\n\n---\n\n');
fs.writeFileSync(
	path.join(root, 'bench', 'RESULTS.md'),
	`# Benchmark results\n\nGathered by \`npm run bench\` from \`bench/results/*.md\`; each section names the command that produced it.\nMachine: 2 cores, Node ${process.version}, the local TikTok Shop emulator on loopback.\n\n${body}\n`,
);
// written as `npm run format` would write it, so the format check in `npm test` passes after a benchmark run
spawnSync(
	process.execPath,
	[require.resolve('prettier/bin/prettier.cjs'), '--write', path.join('bench', 'RESULTS.md')],
	{
		cwd: root,
		stdio: 'ignore',
	},
);
console.log(`\nWrote bench/RESULTS.md from ${files.length} result files.`);
process.exit(failed === 0 ? 0 : 1);
