// @ts-check
'use strict';
/**
 * What the stack puts into n8n's user folder: the package from its npm tarball (when the build changed), the
 * credentials (every start), and the example workflows (when they changed).
 */
const fs = require('fs');
const path = require('path');
const rt = require('../n8n-runtime');
const { packPackage, installPackage, PACKAGE_NAME } = require('../package-install');
const { hashOf, writeJson } = require('../common/files');
const { EXAMPLES_DIR } = require('./constants');
const { loadExamples, localizeExample } = require('./examples');

/** @typedef {import('./state').StackState} StackState */

/**
 * The package as users get it: npm pack, then npm install <tarball> in n8n's nodes folder, only when the build
 * changed since the last start (the tarball is named after its content hash). Older tarballs are removed.
 * @param {{dir: string, userFolder: string}} layout
 * @param {StackState} state
 * @param {(line: string) => void} onProgress
 */
function packAndInstall({ dir, userFolder }, state, onProgress) {
	const packDir = path.join(dir, 'package');
	const packed = packPackage(packDir);
	const installedDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	if (state.packageSha !== packed.sha || !fs.existsSync(path.join(installedDir, 'package.json'))) {
		onProgress(`n8n: installing ${path.basename(packed.file)} into ${path.join(userFolder, '.n8n', 'nodes')}`);
		installPackage(userFolder, packed.file);
		state.packageSha = packed.sha;
	}
	for (const f of fs.readdirSync(packDir))
		if (f.endsWith('.tgz') && path.join(packDir, f) !== packed.file) fs.rmSync(path.join(packDir, f), { force: true });
	return { packed, installedDir };
}

/**
 * The example workflows, localized; imported only when they changed since the last import (which also forgets what
 * was published). The sample stock file is copied into the files folder once.
 * @param {{importExamples: boolean, examplesDir: string, onProgress: (line: string) => void}} opts
 * @param {{filesDir: string, stateFile: string}} layout
 * @param {StackState} state saved to `stateFile` afterwards
 * @param {{shopifyUrl: string|null, cli: object}} context
 */
async function importExampleWorkflows(opts, { filesDir, stateFile }, state, { shopifyUrl, cli }) {
	const stockCsvPath = path.join(filesDir, 'stock.csv');
	const sampleCsv = path.join(EXAMPLES_DIR, 'data', 'stock.csv');
	if (!fs.existsSync(stockCsvPath) && fs.existsSync(sampleCsv)) fs.copyFileSync(sampleCsv, stockCsvPath);
	const workflows = opts.importExamples
		? loadExamples(opts.examplesDir).map(({ workflow }) => localizeExample(workflow, { shopifyUrl, stockCsvPath }))
		: [];
	const examplesHash = hashOf(workflows);
	if (workflows.length && state.examplesHash !== examplesHash) {
		opts.onProgress(`n8n: importing ${workflows.length} example workflow(s)`);
		await rt.importWorkflow(workflows, /** @type {any} */ (cli));
		state.examplesHash = examplesHash;
		state.published = [];
	}
	writeJson(stateFile, state);
	return { workflows, stockCsvPath };
}

module.exports = { packAndInstall, importExampleWorkflows };
