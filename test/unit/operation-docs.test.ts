import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const root = path.join(__dirname, '../..');

describe("docs/operations (the pages the node's Docs link opens)", () => {
	// Run as its own process: the generator formats the pages with Prettier, which jest's module system cannot load.
	it('match the node description: run `node scripts/generate-operation-docs.js` after changing an operation', () => {
		let report = '';
		let status = 0;
		try {
			report = execFileSync(process.execPath, ['scripts/generate-operation-docs.js', '--check'], {
				cwd: root,
				encoding: 'utf8',
				stdio: 'pipe',
			});
		} catch (error) {
			const failed = error as { status: number; stdout: string; stderr: string };
			status = failed.status;
			report = `${failed.stdout}${failed.stderr}`;
		}
		expect({ status, report }).toEqual({ status: 0, report: '' });
	}, 120000);
});

describe('Docs links', () => {
	const repo = 'https://github.com/n8n-nodes-tiktok-shop/n8n-nodes-tiktok-shop/blob/main/';
	const codexFiles = [
		'TikTokShop/TikTokShop.node.json',
		'TikTokShopTrigger/TikTokShopTrigger.node.json',
		'TikTokShopOrderTrigger/TikTokShopOrderTrigger.node.json',
	];

	it('point at pages of this repository, not at anchors (n8n appends its parameters after the URL)', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
			repository: { url: string };
		};
		expect(pkg.repository.url).toContain('github.com/n8n-nodes-tiktok-shop/n8n-nodes-tiktok-shop');
		const urls = codexFiles.flatMap((file) => {
			const codex = JSON.parse(fs.readFileSync(path.join(__dirname, '../../nodes', file), 'utf8')) as {
				resources: Record<string, Array<{ url: string }>>;
			};
			return Object.values(codex.resources)
				.flat()
				.map((link) => link.url);
		});
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { TikTokShopApi } =
			require('../../credentials/TikTokShopApi.credentials') as typeof import('../../credentials/TikTokShopApi.credentials');
		urls.push(new TikTokShopApi().documentationUrl);
		for (const url of urls) {
			expect(url.startsWith(repo)).toBe(true);
			expect(url).not.toContain('#');
			expect(fs.existsSync(path.join(__dirname, '../..', url.slice(repo.length)))).toBe(true);
		}
	});
});
