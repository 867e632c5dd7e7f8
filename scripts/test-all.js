#!/usr/bin/env node
/**
 * The README's test command (`npm test`): build, lint and type-check the package, run the unit, emulator and
 * integration suites, then the end-to-end suite in a real n8n server, and end with one plain line
 * `N passed, N failed` over everything. Exits non-zero if anything failed.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const onlyFast = process.argv.includes('--no-e2e');
let passed = 0;
let failed = 0;

function step(label, command, args, env = {}) {
	const started = Date.now();
	console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const ok = result.status === 0;
	console.log(`=== ${label}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`);
	return ok;
}

function checkStep(label, command, args) {
	if (step(label, command, args)) passed += 1;
	else failed += 1;
}

function jestStep(label, configFile, extraArgs = []) {
	const report = path.join(os.tmpdir(), `jest-${label.replace(/\W+/g, '-')}-${process.pid}.json`);
	const ok = step(label, process.execPath, [
		path.join(root, 'node_modules/jest/bin/jest.js'),
		'--config',
		configFile,
		'--json',
		'--outputFile',
		report,
		...extraArgs,
	]);
	let counted = false;
	if (fs.existsSync(report)) {
		const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
		passed += summary.numPassedTests;
		failed += summary.numFailedTests;
		// A suite that could not even start (syntax error, failed beforeAll) fails without failing a test.
		const brokenSuites = summary.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed')).length;
		failed += brokenSuites;
		counted = summary.numTotalTests > 0 || brokenSuites > 0;
		fs.rmSync(report, { force: true });
	}
	if (!ok && !counted) failed += 1;
}

// The browser checks use Debian's Chromium (no browser downloads work offline). Install it when we can.
if (!onlyFast && !process.env.CHROMIUM_PATH && !fs.existsSync('/usr/bin/chromium') && process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
	step('install Debian chromium for the browser checks', 'sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null']);
}

checkStep('build', 'npm', ['run', '--silent', 'build']);
checkStep('lint (n8n community-node rules)', 'npm', ['run', '--silent', 'lint']);
checkStep('typecheck (package, tests, emulator, benchmarks)', 'npm', ['run', '--silent', 'typecheck']);
jestStep('unit, emulator and integration tests', 'jest.config.js');
if (!onlyFast) jestStep('end-to-end tests in a real n8n', 'jest.e2e.config.js', ['--runInBand']);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
