/**
 * Every relative link in the user and contributor documentation points at a file of this repository, and every
 * `#anchor` at a heading (GitHub's heading IDs) or an explicit `<a id>` of the target page. External links are not
 * fetched.
 */
import fs from 'fs';
import path from 'path';

const root = path.join(__dirname, '../..');

function markdownFiles(dir: string): string[] {
	return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.join(dir, entry.name);
		if (entry.isDirectory()) return markdownFiles(relative);
		return entry.name.endsWith('.md') ? [relative] : [];
	});
}

const files = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'examples/README.md', ...markdownFiles('docs')];

/** The text outside fenced code blocks and inline code, where links and headings live. */
function prose(text: string): string[] {
	let fenced = false;
	return text.split('\n').map((line) => {
		if (/^\s*(```|~~~)/.test(line)) {
			fenced = !fenced;
			return '';
		}
		return fenced ? '' : line.replace(/`[^`]*`/g, '``');
	});
}

/** GitHub's heading IDs: the rendered text, lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function anchors(file: string): Set<string> {
	const text = fs.readFileSync(path.join(root, file), 'utf8');
	const ids = new Set<string>();
	const counts = new Map<string, number>();
	let fenced = false;
	for (const line of text.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		if (fenced) continue;
		for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) ids.add(match[1]);
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const rendered = heading[1]
			.replace(/!\[[^\]]*\]\([^)]*\)/g, '')
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/<[^>]+>/g, '')
			.replace(/[`*]/g, '');
		const slug = rendered
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const seen = counts.get(slug) ?? 0;
		counts.set(slug, seen + 1);
		ids.add(seen === 0 ? slug : `${slug}-${seen}`);
	}
	return ids;
}

function brokenLinks(file: string): string[] {
	const broken: string[] = [];
	const lines = prose(fs.readFileSync(path.join(root, file), 'utf8'));
	lines.forEach((line, index) => {
		for (const match of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
			const target = match[1];
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
			const [pathPart, anchor] = target.split('#');
			const resolved = pathPart ? path.normalize(path.join(path.dirname(file), decodeURIComponent(pathPart))) : file;
			const where = `${file}:${index + 1}: ${target}`;
			if (resolved.startsWith('..')) broken.push(`${where} (outside the repository)`);
			else if (!fs.existsSync(path.join(root, resolved))) broken.push(`${where} (no such file)`);
			else if (anchor !== undefined && !(resolved.endsWith('.md') && anchors(resolved).has(anchor)))
				broken.push(`${where} (no such anchor)`);
		}
	});
	return broken;
}

describe('documentation links', () => {
	it('covers the README, CONTRIBUTING, the changelog, docs/ and the examples', () => {
		expect(files).toEqual(
			expect.arrayContaining(['README.md', 'docs/operations/README.md', 'docs/triggers/tiktok-shop-trigger.md']),
		);
	});

	it.each(files)('%s: every relative link and anchor resolves', (file) => {
		expect(brokenLinks(file)).toEqual([]);
	});

	it('names no file outside the repository (no ../shared paths, no spec sections)', () => {
		for (const file of files) {
			const text = fs.readFileSync(path.join(root, file), 'utf8');
			expect({ file, found: text.match(/\.\.\/shared\/|\/work\/|spec §|§\s*\d/g) }).toEqual({ file, found: null });
		}
	});
});
