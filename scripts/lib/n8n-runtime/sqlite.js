// @ts-check
'use strict';
/**
 * sqlite3 under Node 24: the one native addon of n8n without a usable prebuild. Checks whether it loads, borrows the
 * build of another version's cache (same sqlite3, same Node), or compiles it against Node 24's headers.
 */
const fs = require('fs');
const path = require('path');
const { VERSIONS, MARKER_NAME } = require('./versions');
const { node24Env } = require('./env');
const { runCapture, runLogged, seconds } = require('./run');
const { withLock } = require('./lock');
const { tailOf } = require('../common/files');

/** @typedef {import('./versions').RuntimePaths} RuntimePaths */

/** @param {string} cacheDir */
const sqliteDir = (cacheDir) => path.join(cacheDir, 'node_modules', 'sqlite3');

/**
 * @param {string} cacheDir
 * @returns {string|undefined} the sqlite3 version installed there
 */
function sqliteVersionIn(cacheDir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(sqliteDir(cacheDir), 'package.json'), 'utf8')).version;
	} catch {
		return undefined;
	}
}

/**
 * Copies sqlite3's compiled build from another version's cache holding the same sqlite3 version; true if copied.
 * @param {RuntimePaths} paths
 * @param {(line: string) => void} onProgress
 */
function borrowSqliteBuild(paths, onProgress) {
	const mine = sqliteVersionIn(paths.cacheDir);
	if (!mine) return false;
	for (const other of Object.keys(VERSIONS).map((v) => path.join(path.dirname(paths.cacheDir), `n8n-${v}`))) {
		if (other === paths.cacheDir || sqliteVersionIn(other) !== mine) continue;
		const built = path.join(sqliteDir(other), 'build', 'Release', 'node_sqlite3.node');
		if (!fs.existsSync(built) || !fs.existsSync(path.join(other, MARKER_NAME))) continue;
		fs.cpSync(path.join(sqliteDir(other), 'build'), path.join(sqliteDir(paths.cacheDir), 'build'), { recursive: true });
		onProgress(`phase 2/3 sqlite3 ${mine}: using the build of ${path.basename(other)} (same version, same Node)`);
		return true;
	}
	return false;
}

/**
 * True when `require('sqlite3')` opens an in-memory database under the cache's Node 24.
 * @param {RuntimePaths} paths
 */
async function sqliteLoads(paths) {
	if (!fs.existsSync(paths.nodeBin) || !fs.existsSync(sqliteDir(paths.cacheDir))) return false;
	const res = await runCapture(
		paths.nodeBin,
		['-e', "const s=require('sqlite3');new s.Database(':memory:').close(()=>console.log('sqlite-ok'))"],
		{ cwd: path.join(paths.cacheDir, 'node_modules', 'n8n'), env: node24Env(paths) },
	).catch(() => ({ stdout: '' }));
	return res.stdout.includes('sqlite-ok');
}

/**
 * Phase 2 of an install: sqlite3 usable under Node 24 (borrowed, or `npm rebuild sqlite3` against Node 24's headers).
 * Isolated-vm, msgpackr, @parcel/watcher and sentry ship Node 24 (ABI 137) binaries and need nothing.
 * @param {RuntimePaths} paths
 * @param {object} context
 * @param {string} context.logFile
 * @param {(line: string) => void} context.onProgress
 * @param {(pid: number) => void} context.onSpawn
 * @param {number} context.started when the whole install started (for progress lines)
 */
async function ensureSqlite(paths, { logFile, onProgress, onSpawn, started }) {
	const phaseStart = Date.now();
	const { cacheDir } = paths;
	// One compile serves every version: they ship the same sqlite3 and run on the same Node 24, so a cache that
	// has it built lends its binary (the lock makes a parallel install of the other version wait for it).
	await withLock(path.join(path.dirname(cacheDir), 'sqlite3-build.lock'), onProgress, async () => {
		if (!(await sqliteLoads(paths)) && borrowSqliteBuild(paths, onProgress) && !(await sqliteLoads(paths))) {
			fs.rmSync(path.join(sqliteDir(cacheDir), 'build'), { recursive: true, force: true });
		}
	});
	if (await sqliteLoads(paths)) {
		onProgress('phase 2/3 sqlite3 loads under Node 24: rebuild skipped');
		return;
	}
	// npm/npx pass the package's .npmrc on as npm_config_ignore_scripts=true (e.g. under `npm test`): with it the
	// rebuild "succeeds" without compiling anything, so it is turned off explicitly here.
	const buildEnv = node24Env(paths, { npm_config_nodedir: paths.nodeDir, npm_config_ignore_scripts: 'false' });
	onProgress(
		`phase 2/3 npm rebuild sqlite3 --nodedir=${paths.nodeDir} (Node 24 first on PATH; compiles for about 80 s) ...`,
	);
	const code = await runLogged('npm', ['rebuild', 'sqlite3', `--nodedir=${paths.nodeDir}`, '--ignore-scripts=false'], {
		cwd: cacheDir,
		env: buildEnv,
		logFile,
		onProgress,
		label: 'phase 2/3 npm rebuild sqlite3',
		onSpawn,
	});
	if (code !== 0) throw new Error(`npm rebuild sqlite3 failed (exit ${code}); see ${logFile}\n${tailOf(logFile, 30)}`);
	onProgress(`phase 2/3 done in ${seconds(phaseStart)} s (total ${seconds(started)} s)`);
}

module.exports = { borrowSqliteBuild, sqliteLoads, ensureSqlite };
