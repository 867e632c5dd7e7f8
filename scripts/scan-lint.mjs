#!/usr/bin/env node
/**
 * n8n's verification scan, its lint step, run here the way `npx @n8n/scan-community-package n8n-nodes-tiktok-shop`
 * runs it on a published version (same ESLint config, exported by the scanner; inline `eslint-disable` comments
 * ignored), on both legs:
 *   1. the source, as the scanner lints the GitHub commit named in the npm provenance (package.json and
 *      nodes/ + credentials/ sources);
 *   2. the package as npm publishes it: `npm pack`, unpacked, its compiled `.js` and package.json.
 * Stricter than the scanner: warnings fail too. Needs `npm run build` first (the tarball ships dist/).
 *
 *   node scripts/scan-lint.mjs            both legs; exit 1 on any error or warning
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const require = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { packPackage } = require('./lib/package-install.js');
const scannerVersion = require('@n8n/scan-community-package/package.json').version;

/** Lints like the scanner's analyzePackage(): its config, no inline config, files by its patterns. */
async function lintLikeTheScanner(label, dir, patterns) {
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (files.length === 0) throw new Error(`${label}: no files to lint in ${dir}`);
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	const problems = results.filter((r) => r.messages.length > 0);
	if (problems.length) process.stdout.write(await (await eslint.loadFormatter('stylish')).format(problems));
	console.log(`${label}: ${files.length} files, ${errors} errors, ${warnings} warnings`);
	return errors + warnings;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-lint-'));
let problems = 0;
try {
	console.log(`@n8n/scan-community-package ${scannerVersion} lint rules, inline eslint config off`);
	problems += await lintLikeTheScanner('source (package.json, nodes/, credentials/)', repo, SOURCE_FILE_PATTERNS);
	const { file } = packPackage(path.join(work, 'pack'));
	const unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	const tar = spawnSync('tar', ['-xzf', file, '-C', unpacked, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar: ${tar.stderr}`);
	problems += await lintLikeTheScanner(`npm pack tarball (${path.basename(file)}: *.js, package.json)`, unpacked, [
		'**/*.js',
		'package.json',
	]);
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
process.exit(problems === 0 ? 0 : 1);
