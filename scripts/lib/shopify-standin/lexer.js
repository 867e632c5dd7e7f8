// @ts-check
'use strict';
/**
 * GraphQL tokens for the stand-in's parser: punctuators, names, numbers and strings with their line/column (Shopify's
 * error `locations`), and the error type that carries a GraphQL error entry.
 */

/**
 * @typedef {{line: number, column: number}} Loc
 * @typedef {{t: 'punct'|'string'|'int'|'float'|'name', v: string, loc: Loc}} Token
 */

const ESCAPES = /** @type {Record<string, string>} */ ({
	n: '\n',
	t: '\t',
	r: '\r',
	b: '\b',
	f: '\f',
	'"': '"',
	'\\': '\\',
	'/': '/',
});

/**
 * An Error carrying the GraphQL error entry (`err.graphql`) the stand-in answers with.
 * @param {string} message
 * @param {Loc} [loc]
 * @param {object} [extra]
 * @returns {Error & {graphql: object}}
 */
function gqlError(message, loc, extra = {}) {
	const err = /** @type {Error & {graphql: object}} */ (new Error(message));
	err.graphql = { message, ...(loc ? { locations: [loc] } : {}), ...extra };
	return err;
}

/**
 * A quoted string starting at `src[i]` (a `"`): its value (escapes decoded) and the index after it.
 * @param {string} src
 * @param {number} i
 * @param {Loc} loc
 * @returns {{value: string, end: number}}
 */
function readString(src, i, loc) {
	if (src.startsWith('"""', i)) {
		const end = src.indexOf('"""', i + 3);
		if (end < 0) throw gqlError('Unterminated block string', loc);
		return { value: src.slice(i + 3, end), end: end + 3 };
	}
	let j = i + 1;
	let out = '';
	while (j < src.length && src[j] !== '"') {
		if (src[j] !== '\\') {
			out += src[j++];
			continue;
		}
		const n = src[j + 1];
		if (n === 'u') {
			out += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
			j += 6;
			continue;
		}
		out += ESCAPES[n] ?? n;
		j += 2;
	}
	if (j >= src.length) throw gqlError('Unterminated string', loc);
	return { value: out, end: j + 1 };
}

/**
 * The token at `src[i]` that is not a string or punctuator: a number or a name, with its length.
 * @param {string} src
 * @param {number} i
 * @param {Loc} loc
 * @returns {Token}
 */
function readWord(src, i, loc) {
	const ch = src[i];
	const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i, i + 64));
	if (num && (ch === '-' || /\d/.test(ch))) return { t: num[1] || num[2] ? 'float' : 'int', v: num[0], loc };
	const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(src.slice(i, i + 256));
	if (name) return { t: 'name', v: name[0], loc };
	throw gqlError(`Parse error on "${ch}"`, loc);
}

/**
 * @param {string} src a GraphQL document
 * @returns {Token[]}
 */
function tokenize(src) {
	/** @type {Token[]} */
	const tokens = [];
	let i = 0;
	let line = 1;
	let lineStart = 0;
	while (i < src.length) {
		const ch = src[i];
		if (ch === '\n') {
			line++;
			i++;
			lineStart = i;
		} else if (ch === ' ' || ch === '\t' || ch === '\r' || ch === ',' || ch === '\ufeff') {
			i++;
		} else if (ch === '#') {
			while (i < src.length && src[i] !== '\n') i++;
		} else {
			const loc = { line, column: i - lineStart + 1 };
			if (src.startsWith('...', i)) {
				tokens.push({ t: 'punct', v: '...', loc });
				i += 3;
			} else if ('{}()[]:!$=@|&'.includes(ch)) {
				tokens.push({ t: 'punct', v: ch, loc });
				i++;
			} else if (ch === '"') {
				const { value, end } = readString(src, i, loc);
				tokens.push({ t: 'string', v: value, loc });
				i = end;
			} else {
				const token = readWord(src, i, loc);
				tokens.push(token);
				i += token.v.length;
			}
		}
	}
	return tokens;
}

module.exports = { tokenize, gqlError };
