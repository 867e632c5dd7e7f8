// @ts-check
'use strict';
/**
 * The package as users get it: `npm pack` of the repository (what npm publishes), installed into an n8n user folder
 * the way a self-hosted user installs a community package (`cd ~/.n8n/nodes && npm install <package>`).
 * n8n then loads it at start as a community package: node types `n8n-nodes-tiktok-shop.tikTokShop` etc.
 *
 *   const { packPackage, installPackage } = require('./scripts/lib/package-install');
 *   const tarball = packPackage(someDir);                    // dist/ must be built (npm run build)
 *   installPackage(userFolder, tarball);                    // → <userFolder>/.n8n/nodes/node_modules/n8n-nodes-tiktok-shop
 *
 * Plain CommonJS for Node 20; no dependencies.
 */
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(REPO, 'package.json'));
/** Prefix n8n gives the node types of an installed package. */
const NODE_TYPE_PREFIX = `${PACKAGE.name}.`;

/**
 * npm's environment without what a parent `npm test`/`npm run` passes on (its package's settings, lifecycle variables,
 * and local-prefix, which would point a child npm at the repository instead of its cwd).
 */
function npmEnv() {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (/^npm_/i.test(key) && !/^npm_config_(registry|cache|userconfig)$/i.test(key)) delete env[key];
	}
	return env;
}

/**
 * @param {string[]} args
 * @param {string} cwd
 * @param {string} what names the step in the error
 */
function run(args, cwd, what) {
	const res = spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	if (res.status !== 0)
		throw new Error(`${what} failed (npm ${args.join(' ')}, exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
	return res.stdout;
}

/**
 * `npm pack` of the repository (or of another package folder, `from`) into `destDir`; the tarball is renamed after
 * its content hash (`n8n-nodes-tiktok-shop-<version>-<sha>.tgz`), so a changed build is a new file and npm
 * reinstalls it.
 * @param {string} destDir
 * @param {{from?: string}} [options]
 * @returns {{file: string, sha: string, files: string[], name: string, version: string}}
 */
function packPackage(destDir, { from = REPO } = {}) {
	if (from === REPO) {
		const distNode = path.join(REPO, 'dist', 'nodes', 'TikTokShop', 'TikTokShop.node.js');
		if (!fs.existsSync(distNode)) throw new Error(`${distNode} is missing: run \`npm run build\` first`);
	}
	fs.mkdirSync(destDir, { recursive: true });
	const out = run(
		['pack', '--json', '--ignore-scripts', '--pack-destination', path.resolve(destDir)],
		from,
		'npm pack',
	);
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	const packed = path.join(destDir, info.filename);
	const sha = crypto.createHash('sha256').update(fs.readFileSync(packed)).digest('hex').slice(0, 12);
	const file = path.join(destDir, `${info.name}-${info.version}-${sha}.tgz`);
	fs.renameSync(packed, file);
	return {
		file,
		sha,
		files: info.files.map((/** @type {{path: string}} */ f) => f.path).sort(),
		name: info.name,
		version: info.version,
	};
}

/**
 * Installs a tarball into `<userFolder>/.n8n/nodes` as a self-hosted user does: `npm install <tarball>` in a folder
 * with its own package.json. `--legacy-peer-deps` keeps npm from installing a second `n8n-workflow` beside the
 * package (n8n provides its own); `--ignore-scripts`: the package has none, and nothing else is installed.
 * @param {string} userFolder n8n's N8N_USER_FOLDER
 * @param {string} tarball path of the .tgz
 * @param {string} [packageName] default: this package's name
 * @returns {{nodesDir: string, packageDir: string}}
 */
function installPackage(userFolder, tarball, packageName = PACKAGE.name) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pkgJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgJson))
		fs.writeFileSync(
			pkgJson,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
		);
	run(
		[
			'install',
			'--ignore-scripts',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--no-update-notifier',
			'--prefix',
			nodesDir,
			path.resolve(tarball),
		],
		nodesDir,
		`installing ${path.basename(tarball)} into ${nodesDir}`,
	);
	const packageDir = path.join(nodesDir, 'node_modules', packageName);
	if (!fs.existsSync(path.join(packageDir, 'package.json'))) throw new Error(`${packageDir} missing after npm install`);
	return { nodesDir, packageDir };
}

module.exports = { packPackage, installPackage, NODE_TYPE_PREFIX, PACKAGE_NAME: PACKAGE.name, REPO };
