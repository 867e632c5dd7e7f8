#!/usr/bin/env node
/**
 * The README's test command (`npm test`): build, lint (`n8n-node lint`, and the verification scanner's rules over the
 * source and the npm tarball) and type-check the package, run the unit, emulator, integration and package suites,
 * then the end-to-end suite in a real n8n server on each tested n8n version (2.41.0, then 1.123.81), and end with one
 * plain line `N passed, N failed` over everything. Exits non-zero if anything failed.
 *
 *   node scripts/test-all.js                 everything
 *   node scripts/test-all.js --no-e2e        without the real-n8n suites
 *   node scripts/test-all.js --n8n 1.123.81  the real-n8n suite on one version only
 */
// @ts-check
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const rt = require('./lib/n8n-runtime');
const tally = { passed: 0, failed: 0 };

/**
 * Runs one step with its output on this terminal; true if it exited 0.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 */
function step(label, command, args, env = {}) {
	const started = Date.now();
	console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	const ok = result.status === 0;
	console.log(`=== ${label}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`);
	return ok;
}

/**
 * A step that counts as one test.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 */
function checkStep(label, command, args) {
	if (step(label, command, args)) tally.passed += 1;
	else tally.failed += 1;
}

/**
 * What a jest `--json` report counts: its passed and failed tests, plus one failure per suite that could not even
 * start (syntax error, failed beforeAll: it fails without failing a test); `counted` when it counted anything.
 * @param {{numPassedTests: number, numFailedTests: number, numTotalTests: number,
 *   testResults: Array<{status: string, assertionResults: Array<{status: string}>}>}} summary
 */
function countJestReport(summary) {
	const brokenSuites = summary.testResults.filter(
		(suite) => suite.status === 'failed' && suite.assertionResults.every((test) => test.status !== 'failed'),
	).length;
	return {
		passed: summary.numPassedTests,
		failed: summary.numFailedTests + brokenSuites,
		counted: summary.numTotalTests > 0 || brokenSuites > 0,
	};
}

/**
 * A jest run whose tests are counted one by one (from its JSON report); one failure if it failed without a report.
 * @param {string} label
 * @param {string} configFile
 * @param {string[]} [extraArgs]
 * @param {Record<string, string>} [env]
 */
function jestStep(label, configFile, extraArgs = [], env = {}) {
	const report = path.join(os.tmpdir(), `jest-${label.replace(/\W+/g, '-')}-${process.pid}.json`);
	const jest = path.join(root, 'node_modules/jest/bin/jest.js');
	const ok = step(
		label,
		process.execPath,
		[jest, '--config', configFile, '--json', '--outputFile', report, ...extraArgs],
		env,
	);
	let counted = false;
	if (fs.existsSync(report)) {
		const counts = countJestReport(JSON.parse(fs.readFileSync(report, 'utf8')));
		tally.passed += counts.passed;
		tally.failed += counts.failed;
		counted = counts.counted;
		fs.rmSync(report, { force: true });
	}
	if (!ok && !counted) tally.failed += 1;
}

/**
 * Installs the n8n runtimes in the background (first time only: ~5 min each, in parallel), so the cold installs
 * overlap the build, lint and unit suites instead of adding to them. Progress goes to a file: this process is
 * blocked in spawnSync meanwhile and could not drain a pipe.
 * @param {string[]} versions
 * @returns {Promise<Array<{version: string, ok: boolean, errors: string}>>}
 */
function installRuntimesInBackground(versions) {
	return Promise.all(
		versions.map(
			(version) =>
				new Promise((resolve) => {
					const log = path.join(os.tmpdir(), `n8n-runtime-ensure-${version}-${process.pid}.log`);
					const out = fs.openSync(log, 'w');
					const child = spawn(process.execPath, [path.join(__dirname, 'lib', 'n8n-runtime.js'), 'ensure', version], {
						cwd: root,
						stdio: ['ignore', 'ignore', out],
					});
					fs.closeSync(out);
					child.on('exit', (code) => {
						const errors = fs.readFileSync(log, 'utf8');
						fs.rmSync(log, { force: true });
						resolve({ version, ok: code === 0, errors });
					});
				}),
		),
	);
}

async function main() {
	const onlyFast = process.argv.includes('--no-e2e');
	const versionArg = process.argv.indexOf('--n8n');
	const e2eVersions = versionArg > 0 ? [rt.resolveVersion(process.argv[versionArg + 1])] : Object.keys(rt.VERSIONS);
	// The browser checks use Debian's Chromium (no browser downloads work offline). Install it when we can.
	if (
		!onlyFast &&
		!process.env.CHROMIUM_PATH &&
		!fs.existsSync('/usr/bin/chromium') &&
		process.getuid?.() === 0 &&
		fs.existsSync('/usr/bin/apt-get')
	) {
		step('install Debian chromium for the browser checks', 'sh', [
			'-c',
			'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
		]);
	}
	const runtimes = onlyFast ? Promise.resolve([]) : installRuntimesInBackground(e2eVersions);

	checkStep('build', 'npm', ['run', '--silent', 'build']);
	checkStep("lint (n8n-node lint: n8n's community-node ESLint config)", 'npm', ['run', '--silent', 'lint']);
	checkStep(
		'verification scanner lint (@n8n/scan-community-package rules, inline config off; source and npm tarball)',
		process.execPath,
		['scripts/scan-lint.mjs'],
	);
	checkStep('typecheck (package, tests, emulator, benchmarks, scripts)', 'npm', ['run', '--silent', 'typecheck']);
	checkStep('format (Prettier: every file as npm run format writes it)', 'npm', ['run', '--silent', 'format:check']);
	jestStep('unit, emulator, integration and package tests', 'jest.config.js');
	if (!onlyFast) {
		for (const r of await runtimes) {
			if (!r.ok)
				console.log(
					`\n=== installing n8n ${r.version} failed (the e2e run below retries it):\n${r.errors.split('\n').slice(-20).join('\n')}`,
				);
		}
		for (const version of e2eVersions) {
			jestStep(`end-to-end tests in a real n8n ${version}`, 'jest.e2e.config.js', ['--runInBand'], {
				E2E_N8N_VERSION: version,
			});
		}
		// Queue mode on n8n 2.41 (Postgres and Redis from Debian's packages, installed when missing and root):
		// docs/running-at-scale.md
		if (e2eVersions.includes(rt.DEFAULT_N8N_VERSION)) {
			jestStep(
				'queue-mode end-to-end tests (Postgres, Redis, webhook processor, two workers)',
				'jest.e2e-queue.config.js',
				['--runInBand'],
			);
		}
	}
	console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
	process.exit(tally.failed === 0 ? 0 : 1);
}

module.exports = { countJestReport };

if (require.main === module) main();
