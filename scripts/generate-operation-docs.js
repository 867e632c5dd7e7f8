#!/usr/bin/env node
/**
 * Writes docs/operations/<resource>.md: one page per resource of the TikTok Shop node, and docs/operations/README.md,
 * the index the node's Docs link opens.
 *
 * Each page combines two sources:
 * - generated from the node's own description (operation names, picker actions, fields with their descriptions,
 *   choices, defaults and when they are shown), so the pages cannot drift from the editor;
 * - hand-written prose kept in the page itself between markers, which the generator carries over unchanged:
 *     <!-- prose:intro -->        the resource's introduction (after the title), or the index page's
 *     <!-- prose:<operation> -->  behaviour, outputs and examples of that operation (after its field table),
 *                                 <operation> being the operation's value (getAll, update, ...)
 *     <!-- /prose -->             closes either
 *   Everything outside the markers is regenerated. A marker naming an operation the resource no longer has, or one
 *   left open, stops the generator (so renaming an operation cannot silently drop its prose).
 * The pages are then formatted with the repository's Prettier configuration, so `npm run format` leaves them alone.
 *
 * Run after changing an operation or its prose: `node scripts/generate-operation-docs.js`.
 * `node scripts/generate-operation-docs.js --check` writes nothing and exits 1 naming each page that is out of date
 * (test/unit/operation-docs.test.ts runs it).
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'docs', 'operations');
const INDEX = 'README.md';

const slug = (value) => value.replace(/([A-Z])/g, '-$1').toLowerCase();
const clean = (text) =>
	String(text ?? '')
		.replace(/\s+/g, ' ')
		.replace(/\|/g, '\\|')
		.trim();
const sentence = (text) => (text && !/[.!?]$/.test(text) ? `${text}.` : text);
const join = (...parts) => parts.filter(Boolean).join(' ');

function loadNode() {
	require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
	const { TikTokShop } = require('../nodes/TikTokShop/TikTokShop.node.ts');
	return new TikTokShop().description.properties;
}

/** The hand-written blocks of an existing page, by key; throws on a block left open. */
function readProse(file) {
	const full = path.join(outDir, file);
	if (!fs.existsSync(full)) return {};
	const text = fs.readFileSync(full, 'utf8');
	const prose = {};
	const pattern = /<!-- prose:([A-Za-z]+) -->\n([\s\S]*?)\n?<!-- \/prose -->/g;
	for (const match of text.matchAll(pattern)) prose[match[1]] = match[2].trim();
	const opened = (text.match(/<!-- prose:/g) ?? []).length;
	if (opened !== Object.keys(prose).length)
		throw new Error(
			`docs/operations/${file}: a <!-- prose:... --> block has no <!-- /prose --> (or a key is used twice)`,
		);
	return prose;
}

function proseBlock(prose, key) {
	return prose[key] === undefined ? [] : ['', `<!-- prose:${key} -->`, '', prose[key], '', '<!-- /prose -->'];
}

function choiceName(property, value) {
	if (property?.type === 'boolean') return value ? 'on' : 'off';
	const option = property?.options?.find((choice) => choice.value === value);
	return option ? `*${option.name}*` : `\`${value}\``;
}

function shownFor(property, resource, operation) {
	const show = property.displayOptions?.show ?? {};
	if (show.resource && !show.resource.includes(resource)) return false;
	if (show.operation && !show.operation.includes(operation)) return false;
	return !property.displayOptions?.hide?.resource?.includes(resource);
}

/** "Shown when *Return All* is off." for fields that depend on another field of the same operation. */
function condition(field, siblings) {
	const show = field.displayOptions?.show ?? {};
	const parts = Object.entries(show)
		.filter(([name]) => !['resource', 'operation'].includes(name))
		.map(([name, values]) => {
			const other = siblings.find((property) => property.name === name);
			return `*${other?.displayName ?? name}* is ${values.map((value) => choiceName(other, value)).join(' or ')}`;
		});
	return parts.length ? `Shown when ${parts.join(' and ')}.` : '';
}

function details(field) {
	const choices =
		['options', 'multiOptions'].includes(field.type) && Array.isArray(field.options) ? field.options : undefined;
	const listed = choices ? `Choices: ${choices.map((choice) => `*${choice.name}*`).join(', ')}.` : '';
	let fallback = '';
	if (field.type === 'options' && choices.some((choice) => choice.value === field.default))
		fallback = `Default: ${choiceName(field, field.default)}.`;
	if (field.type === 'number' && field.default !== undefined) fallback = `Default: ${field.default}.`;
	if (field.type === 'boolean' && field.default === true) fallback = 'Default: on.';
	return join(sentence(clean(field.description)), listed, fallback);
}

/** Table rows for one field; a collection's options and a fixed collection's values get a row each. */
function rows(field, siblings) {
	const own = join(details(field), condition(field, siblings));
	if (field.type === 'collection') {
		const children = field.options.map(
			(child) => `| ${field.displayName} › ${child.displayName} | ${details(child)} |`,
		);
		return own ? [`| ${field.displayName} | ${own} |`, ...children] : children;
	}
	if (field.type === 'fixedCollection') {
		const children = field.options.flatMap((group) =>
			group.values.map((value) => `| ${field.displayName} › ${value.displayName} | ${details(value)} |`),
		);
		const repeat = field.typeOptions?.multipleValues
			? `One row per ${field.options[0].displayName.toLowerCase()}.`
			: '';
		return [`| ${field.displayName} | ${join(repeat, own)} |`, ...children];
	}
	return [`| ${field.displayName} | ${own} |`];
}

function operationSection(properties, resource, option, prose) {
	const lines = [
		'',
		`<a id="${slug(option.value)}"></a>`,
		'',
		`## ${option.name}`,
		'',
		sentence(clean(option.description)),
	];
	const shown = properties.filter(
		(property) =>
			!['resource', 'operation'].includes(property.name) && shownFor(property, resource.value, option.value),
	);
	for (const notice of shown.filter((property) => property.type === 'notice'))
		lines.push('', `> ${clean(notice.displayName)}`);
	const fields = shown.filter((property) => property.type !== 'notice');
	if (fields.length) {
		lines.push('', '| Field | What to enter |', '| --- | --- |');
		const seen = new Set();
		for (const field of fields) {
			if (seen.has(field.displayName)) continue;
			seen.add(field.displayName);
			lines.push(...rows(field, fields));
		}
	}
	lines.push(...proseBlock(prose, option.value));
	return lines;
}

function checkKeys(file, prose, allowed) {
	for (const key of Object.keys(prose)) {
		if (!allowed.includes(key))
			throw new Error(`docs/operations/${file}: prose block "${key}" matches no operation (${allowed.join(', ')})`);
	}
}

/** Every page as the generator writes it, before formatting. */
function rawPages(properties = loadNode()) {
	const resources = properties.find((property) => property.name === 'resource').options;
	const result = {};
	const indexProse = readProse(INDEX);
	checkKeys(INDEX, indexProse, ['intro']);
	const index = [
		'# TikTok Shop node: operations',
		...proseBlock(indexProse, 'intro'),
		'',
		'One page per resource:',
		'',
	];
	for (const resource of resources) {
		const operation = properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value),
		);
		const file = `${slug(resource.value)}.md`;
		index.push(
			`- [${resource.name}](${file}): ${operation.options.map((option) => `[${option.name}](${file}#${slug(option.value)})`).join(', ')}`,
		);
		const prose = readProse(file);
		checkKeys(file, prose, ['intro', ...operation.options.map((option) => option.value)]);
		const lines = [
			`# ${resource.name}`,
			'',
			`Resource **${resource.name}** of the TikTok Shop node. [All resources](README.md)`,
			...proseBlock(prose, 'intro'),
		];
		lines.push('', '| Operation | In the node picker | What it does |', '| --- | --- | --- |');
		for (const option of operation.options)
			lines.push(
				`| [${option.name}](#${slug(option.value)}) | ${clean(option.action)} | ${clean(option.description)} |`,
			);
		for (const option of operation.options) lines.push(...operationSection(properties, resource, option, prose));
		result[file] = `${lines.join('\n')}\n`;
	}
	index.push('', 'The field tables are generated from the node itself (`node scripts/generate-operation-docs.js`).');
	result[INDEX] = `${index.join('\n')}\n`;
	return result;
}

/** Every page, formatted as `npm run format` formats it (unless .prettierignore leaves the page alone). */
async function pages() {
	const prettier = require('prettier');
	const ignorePath = path.join(root, '.prettierignore');
	const result = {};
	for (const [file, text] of Object.entries(rawPages())) {
		const filepath = path.join(outDir, file);
		const { ignored } = await prettier.getFileInfo(filepath, { ignorePath });
		const options = (await prettier.resolveConfig(filepath)) ?? {};
		result[file] = ignored ? text : await prettier.format(text, { ...options, filepath });
	}
	return result;
}

async function main() {
	const all = await pages();
	if (process.argv.includes('--check')) {
		const stale = Object.entries(all).filter(
			([file, text]) =>
				!fs.existsSync(path.join(outDir, file)) || fs.readFileSync(path.join(outDir, file), 'utf8') !== text,
		);
		for (const [file] of stale)
			console.log(`docs/operations/${file} is out of date: run node scripts/generate-operation-docs.js`);
		process.exitCode = stale.length ? 1 : 0;
		return;
	}
	fs.mkdirSync(outDir, { recursive: true });
	for (const [file, text] of Object.entries(all)) fs.writeFileSync(path.join(outDir, file), text);
	console.log(`docs/operations: ${Object.keys(all).length} pages written`);
}

module.exports = { pages, rawPages, outDir };

if (require.main === module) {
	main().catch((error) => {
		console.error(error.message);
		process.exitCode = 2;
	});
}
