import fs from 'fs';
import path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pages, outDir } = require('../../scripts/generate-operation-docs.js') as { pages: () => Record<string, string>; outDir: string };

describe('docs/operations (the pages the node\'s Docs link opens)', () => {
	it('match the node description: run `node scripts/generate-operation-docs.js` after changing an operation', () => {
		for (const [file, text] of Object.entries(pages())) {
			expect({ file, text: fs.readFileSync(path.join(outDir, file), 'utf8') }).toEqual({ file, text });
		}
	});
});

describe('Docs links', () => {
	const repo = 'https://github.com/n8n-nodes-tiktok-shop/n8n-nodes-tiktok-shop/blob/main/';
	const codexFiles = ['TikTokShop/TikTokShop.node.json', 'TikTokShopTrigger/TikTokShopTrigger.node.json', 'TikTokShopOrderTrigger/TikTokShopOrderTrigger.node.json'];

	it('point at pages of this repository, not at anchors (n8n appends its parameters after the URL)', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { repository: { url: string } };
		expect(pkg.repository.url).toContain('github.com/n8n-nodes-tiktok-shop/n8n-nodes-tiktok-shop');
		const urls = codexFiles.flatMap((file) => {
			const codex = JSON.parse(fs.readFileSync(path.join(__dirname, '../../nodes', file), 'utf8')) as { resources: Record<string, Array<{ url: string }>> };
			return Object.values(codex.resources).flat().map((link) => link.url);
		});
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { TikTokShopApi } = require('../../credentials/TikTokShopApi.credentials') as typeof import('../../credentials/TikTokShopApi.credentials');
		urls.push(new TikTokShopApi().documentationUrl);
		for (const url of urls) {
			expect(url.startsWith(repo)).toBe(true);
			expect(url).not.toContain('#');
			expect(fs.existsSync(path.join(__dirname, '../..', url.slice(repo.length)))).toBe(true);
		}
	});
});
