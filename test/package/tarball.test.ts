/**
 * The npm tarball is what users install (Settings › Community Nodes runs `npm install n8n-nodes-tiktok-shop`):
 * the compiled nodes and credential, README, LICENSE and package.json, nothing else (no sources, tests, emulator,
 * screenshots), and every file package.json's `n8n` section names is in it. Packs the current build: run
 * `npm run build` first (`npm test` does).
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packPackage, REPO } = require('../../scripts/lib/package-install.js') as {
	packPackage(dir: string): { file: string; files: string[] };
	REPO: string;
};

interface PackageJson {
	name: string;
	main?: string;
	files?: string[];
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
	repository?: { type: string; url: string };
	author?: { name?: string; email?: string };
	homepage?: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	scripts?: Record<string, string>;
}

let work: string;
let files: string[];
let unpacked: string;
let packed: PackageJson;

beforeAll(() => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'tarball-test-'));
	const result = packPackage(path.join(work, 'pack'));
	// list what is really in the archive (not what npm says it would pack)
	const listing = spawnSync('tar', ['-tzf', result.file], { encoding: 'utf8' });
	expect(listing.status).toBe(0);
	files = listing.stdout
		.split('\n')
		.filter((line) => line && !line.endsWith('/'))
		.map((line) => line.replace(/^package\//, ''))
		.sort();
	unpacked = path.join(work, 'unpacked');
	fs.mkdirSync(unpacked);
	expect(spawnSync('tar', ['-xzf', result.file, '-C', unpacked, '--strip-components=1']).status).toBe(0);
	packed = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as PackageJson;
}, 120000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('holds dist/, README.md, LICENSE and package.json only', () => {
	const outside = files.filter(
		(file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
	);
	expect(outside).toEqual([]);
	for (const required of ['README.md', 'LICENSE', 'package.json']) expect(files).toContain(required);
});

test('dist/ holds the compiled package only: no tests, emulator, benchmarks, screenshots or TypeScript sources', () => {
	const unwanted = files.filter(
		(file) =>
			/(^|\/)(test|tests|__tests__|emulator|bench|docs|examples|scripts)\//.test(file) ||
			/\.(test|spec|e2e)\.(js|ts)$/.test(file) ||
			/\.(png|jpe?g|gif|webp)$/i.test(file) ||
			(file.endsWith('.ts') && !file.endsWith('.d.ts')),
	);
	expect(unwanted).toEqual([]);
	const kinds = new Set(files.filter((file) => file.startsWith('dist/')).map((file) => path.extname(file)));
	expect([...kinds].sort()).toEqual(expect.arrayContaining(['.js', '.json', '.svg']));
	for (const kind of kinds) expect(['.js', '.json', '.svg', '.ts', '.map']).toContain(kind);
});

test('every file named in the n8n section is in the tarball (nodes, credentials, their icons and codex files)', () => {
	const named = [...packed.n8n.nodes, ...packed.n8n.credentials];
	expect(packed.n8n.nodes.length).toBe(3);
	expect(packed.n8n.credentials.length).toBe(1);
	for (const file of named) expect(files).toContain(path.posix.normalize(file));
	// the codex file n8n reads next to each node
	for (const file of packed.n8n.nodes) expect(files).toContain(file.replace(/\.js$/, '.json'));
});

test('every icon a node or the credential names (file:...) resolves to a file in the tarball', () => {
	const named = [...packed.n8n.nodes, ...packed.n8n.credentials];
	for (const file of named) {
		const source = fs.readFileSync(path.join(unpacked, file), 'utf8');
		const icons = [...source.matchAll(/['"]file:([^'"]+)['"]/g)].map((match) => match[1]);
		expect(icons.length).toBeGreaterThanOrEqual(2);
		for (const icon of icons)
			expect(files).toContain(path.posix.normalize(path.posix.join(path.posix.dirname(file), icon)));
	}
});

test('package.json: no dangling entry point, real repository and author, no runtime dependencies, no install scripts', () => {
	if (packed.main !== undefined) expect(files).toContain(path.posix.normalize(packed.main));
	expect(packed.repository?.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
	expect(packed.homepage).toMatch(/^https:\/\/github\.com\//);
	expect(packed.author?.name).toBeTruthy();
	expect(packed.author?.email).toMatch(/@/);
	expect(packed.dependencies ?? {}).toEqual({});
	expect(Object.keys(packed.peerDependencies ?? {})).toEqual(['n8n-workflow']);
	for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
		expect(packed.scripts?.[hook]).toBeUndefined();
});

test('the repository package.json is the one that was packed', () => {
	const source = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as PackageJson;
	expect(packed.name).toBe(source.name);
	expect(packed.n8n).toEqual(source.n8n);
	expect(source.files).toEqual(['dist']);
});
