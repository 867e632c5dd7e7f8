#!/usr/bin/env node
/**
 * Writes docs/operations/<resource>.md from the TikTok Shop node's own description (operation names, picker
 * actions, fields and their descriptions), so the pages the node's Docs link opens cannot drift from the editor.
 * Run after changing an operation: `node scripts/generate-operation-docs.js` (test/unit/operation-docs.test.ts
 * fails while a page is out of date).
 */
const fs = require('fs');
const path = require('path');

require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { TikTokShop } = require('../nodes/TikTokShop/TikTokShop.node.ts');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'docs', 'operations');

const slug = (value) => value.replace(/([A-Z])/g, '-$1').toLowerCase();
const clean = (text) => String(text ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

function shownFor(property, resource, operation) {
	const show = property.displayOptions?.show ?? {};
	if (show.resource && !show.resource.includes(resource)) return false;
	if (show.operation && !show.operation.includes(operation)) return false;
	return !property.displayOptions?.hide?.resource?.includes(resource);
}

function pages() {
	const properties = new TikTokShop().description.properties;
	const resources = properties.find((property) => property.name === 'resource').options;
	const result = {};
	const index = ['# TikTok Shop node: operations', '', 'One page per resource, generated from the node itself (`node scripts/generate-operation-docs.js`).', ''];
	for (const resource of resources) {
		const operation = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value));
		const file = `${slug(resource.value)}.md`;
		index.push(`- [${resource.name}](${file}): ${operation.options.map((option) => option.name).join(', ')}`);
		const lines = [`# ${resource.name}`, '', `Resource **${resource.name}** of the TikTok Shop node. [All resources](README.md)`, ''];
		lines.push('| Operation | In the node picker | What it does |', '| --- | --- | --- |');
		for (const option of operation.options) lines.push(`| [${option.name}](#${slug(option.value)}) | ${clean(option.action)} | ${clean(option.description)} |`);
		for (const option of operation.options) {
			lines.push('', `<a id="${slug(option.value)}"></a>`, '', `## ${option.name}`, '', clean(option.description), '');
			const fields = properties.filter(
				(property) => !['resource', 'operation'].includes(property.name) && property.type !== 'notice' && shownFor(property, resource.value, option.value),
			);
			if (fields.length === 0) continue;
			lines.push('| Field | What to enter |', '| --- | --- |');
			const seen = new Set();
			for (const field of fields) {
				if (seen.has(field.displayName)) continue;
				seen.add(field.displayName);
				const nested = field.options?.[0]?.displayName
					? ` Options: ${field.options.map((child) => `*${child.displayName}*`).join(', ')}.`
					: field.type === 'options' && Array.isArray(field.options)
						? ` Choices: ${field.options.map((choice) => `*${choice.name}*`).join(', ')}.`
						: '';
				lines.push(`| ${field.displayName} | ${clean(field.description)}${clean(nested) ? ` ${clean(nested)}` : ''} |`);
			}
		}
		result[file] = `${lines.join('\n')}\n`;
	}
	result['README.md'] = `${index.join('\n')}\n`;
	return result;
}

module.exports = { pages, outDir };

if (require.main === module) {
	fs.mkdirSync(outDir, { recursive: true });
	for (const [file, text] of Object.entries(pages())) fs.writeFileSync(path.join(outDir, file), text);
	console.log(`docs/operations: ${Object.keys(pages()).length} pages written`);
}
