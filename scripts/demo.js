#!/usr/bin/env node
// @ts-check
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
 * Everything listens on 127.0.0.1 only. See "The demo" in README.md. The flags are parsed in demo/args.js, the guide
 * printed once everything runs is demo/guide.js.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { USAGE, parseDemoArgs, demoStateDir } = require('./demo/args');
const { guideLines } = require('./demo/guide');
const { portIsFree } = require('./lib/common/ports');

const REPO = path.resolve(__dirname, '..');

/** @param {string} s */
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
/** @param {string} s */
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

/** The flags, or the usage / error printed and the process ended. */
function argsOrExit() {
	const parsed = parseDemoArgs(process.argv.slice(2));
	if ('args' in parsed) return parsed.args;
	if (parsed.exit.error) console.error(parsed.exit.error);
	if (parsed.exit.usage) console.log(USAGE);
	return process.exit(parsed.exit.code);
}

/**
 * `npm run build`, or the build output and exit 1.
 * @param {() => string} secs
 */
function buildOrExit(secs) {
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
}

/**
 * Starts the stack (or the queue stack); on failure says why and where the logs are, and exits 1.
 * @param {{port?: number, queue: boolean}} args
 * @param {string} n8nVersion
 * @param {string} stateDir
 */
async function startOrExit(args, n8nVersion, stateDir) {
	// loaded after the build check so a missing install gives the message above, not a stack trace
	const start = args.queue ? require('./lib/queue-stack').startQueueStack : require('./lib/stack').startStack;
	try {
		return await start({
			stateDir,
			n8nPort: args.port,
			n8nVersion,
			preferredPorts: { n8n: 5678, emulator: 8787, shopify: 8789 },
			handleSignals: true,
			onProgress: (/** @type {string} */ line) => console.log(dim(`  ${line}`)),
		});
	} catch (error) {
		console.error(`\nThe demo could not start: ${error.message}`);
		if (/EADDRINUSE|already in use/i.test(String(error.message)))
			console.error('A port is taken: pick another one for n8n with --port.');
		console.error(`Logs: ${path.join(stateDir, 'n8n', 'n8n.log')}, ${path.join(stateDir, 'logs', 'emulator.log')}`);
		return process.exit(1);
	}
}

async function main() {
	const args = argsOrExit();
	const rt = require('./lib/n8n-runtime');
	let n8nVersion;
	try {
		n8nVersion = rt.resolveVersion(args.n8n || rt.N8N_VERSION);
	} catch (error) {
		console.error(error.message);
		process.exit(2);
	}
	const stateDir = demoStateDir(REPO, n8nVersion, rt.DEFAULT_N8N_VERSION, args.queue);
	const t0 = Date.now();
	const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	console.log(bold('TikTok Shop nodes for n8n: local demo'));
	if (args.fresh && fs.existsSync(stateDir)) {
		console.log(`  --fresh: removing ${path.relative(process.cwd(), stateDir) || stateDir}`);
		fs.rmSync(stateDir, { recursive: true, force: true });
	}
	buildOrExit(secs);
	const runtime = rt.runtimePaths(rt.defaultCacheDir(n8nVersion));
	if (!fs.existsSync(runtime.marker)) {
		console.log(
			`  first run: installing n8n ${n8nVersion} and Node 24 into ${runtime.cacheDir} (about 5 minutes, once)`,
		);
	}
	if (args.port && !(await portIsFree(args.port))) {
		console.error(
			`\nPort ${args.port} is already in use (another n8n?). Choose another one: npm run demo -- --port <port>`,
		);
		process.exit(1);
	}
	const stack = await startOrExit(args, n8nVersion, stateDir);
	for (const line of guideLines(stack, secs(), { bold, cwd: process.cwd(), pid: process.pid })) console.log(line);
	// keep running until Ctrl-C (startStack's signal handler stops everything and exits)
	setInterval(() => {}, 1 << 30);
}

main().catch((error) => {
	console.error(error.stack || String(error));
	process.exit(1);
});
