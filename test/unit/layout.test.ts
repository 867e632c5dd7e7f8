import fs from 'fs';
import path from 'path';
import ts from 'typescript';

// The limits CONTRIBUTING.md sets so that any operation can be found and read in one go.
const REPO = path.resolve(__dirname, '../..');
const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(relative);
		return entry.name.endsWith('.ts') ? [relative] : [];
	});
}

const shipped = [...sourceFiles('nodes'), ...sourceFiles('credentials')];

function longFunctions(file: string): string[] {
	const source = ts.createSourceFile(
		file,
		fs.readFileSync(path.join(REPO, file), 'utf8'),
		ts.ScriptTarget.ES2022,
		true,
	);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
			const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			if (last - first + 1 > MAX_FUNCTION_LINES) found.push(`${file}:${first + 1} (${last - first + 1} lines)`);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

test('the shipped source is split into files a reader can hold', () => {
	expect(shipped.length).toBeGreaterThan(50);
	const long = shipped.filter(
		(file) => fs.readFileSync(path.join(REPO, file), 'utf8').split('\n').length > MAX_FILE_LINES,
	);
	expect(long).toEqual([]);
});

test('no function in the shipped source is longer than 80 lines', () => {
	expect(shipped.flatMap(longFunctions)).toEqual([]);
});

test('every operation has its own file exporting its description and execute', () => {
	const operations = shipped.filter((file) => file.endsWith('.operation.ts'));
	expect(operations.length).toBeGreaterThanOrEqual(20);
	for (const file of operations) {
		const text = fs.readFileSync(path.join(REPO, file), 'utf8');
		expect({
			file,
			description: /export const description\b/.test(text),
			execute: /export async function execute\b/.test(text),
		}).toEqual({
			file,
			description: true,
			execute: true,
		});
	}
});

test('TikTok paths are written in nodes/shared/endpoints.ts only', () => {
	// a path in code (quoted), not in a comment
	const versionedPath = /^(?!\s*(\/\/|\*|\/\*\*)).*['`]\/[a-z_]+\/20\d{4}\//m;
	const elsewhere = shipped.filter(
		(file) =>
			file !== 'nodes/shared/endpoints.ts' && versionedPath.test(fs.readFileSync(path.join(REPO, file), 'utf8')),
	);
	expect(elsewhere).toEqual([]);
});
