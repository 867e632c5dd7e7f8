// @ts-check
'use strict';
/**
 * A small GraphQL parser, enough for what n8n's HTTP Request node sends Shopify: operations with variable
 * definitions, selection sets with aliases, arguments, fragments (named and inline) and directives (skipped).
 * Values become plain JSON; a variable becomes `{$var: name}` and an enum value `{$enum: NAME}`.
 */
const { tokenize, gqlError } = require('./lexer');

/**
 * @typedef {import('./lexer').Token} Token
 * @typedef {import('./lexer').Loc} Loc
 * @typedef {{name?: string, list?: TypeRef, nonNull?: boolean}} TypeRef
 * @typedef {{type: TypeRef, defaultValue: any}} VariableDef
 * @typedef {{alias: string, name: string, args: Record<string, any>, selections: Selection[]|null, loc: Loc}} Field
 * @typedef {Field | {inlineFragment: true, typeCondition: string, selections: Selection[], loc: Loc} | {fragmentSpread: string, loc: Loc}} Selection
 * @typedef {{type: string, name: string|null, variableDefs: Record<string, VariableDef>, selections: Selection[], loc?: Loc}} Operation
 * @typedef {{operations: Operation[], fragments: Record<string, {typeCondition: string, selections: Selection[]}>}} Document
 */

class Parser {
	/** @param {string} src */
	constructor(src) {
		this.tokens = tokenize(src);
		this.pos = 0;
	}

	/**
	 * The next token (if its value is `v`, when given), not consumed.
	 * @param {string} [v]
	 * @returns {Token|undefined}
	 */
	peek(v) {
		const tok = this.tokens[this.pos];
		return tok && (v === undefined || tok.v === v) ? tok : undefined;
	}

	/** @returns {Token} */
	next() {
		const tok = this.tokens[this.pos++];
		if (!tok) throw gqlError('Unexpected end of document');
		return tok;
	}

	/** @param {string} v */
	expect(v) {
		const tok = this.next();
		if (tok.v !== v) throw gqlError(`Parse error on "${tok.v}" (expected "${v}")`, tok.loc);
		return tok;
	}

	/** Whole document → { operations: [{type, name, variableDefs, selections}], fragments }. */
	/** @returns {Document} */
	document() {
		/** @type {Operation[]} */
		const operations = [];
		/** @type {Document['fragments']} */
		const fragments = {};
		while (this.peek()) {
			if (this.peek('{')) {
				operations.push({ type: 'query', name: null, variableDefs: {}, selections: this.selectionSet() });
				continue;
			}
			const kw = this.next();
			if (kw.v === 'fragment') {
				const name = this.next().v;
				this.expect('on');
				const typeCondition = this.next().v;
				this.directives();
				fragments[name] = { typeCondition, selections: this.selectionSet() };
				continue;
			}
			if (!['query', 'mutation', 'subscription'].includes(kw.v)) throw gqlError(`Parse error on "${kw.v}"`, kw.loc);
			operations.push(this.operation(kw));
		}
		return { operations, fragments };
	}

	/** An operation after its keyword: optional name, variable definitions, directives, selection set. */
	/**
	 * @param {Token} kw
	 * @returns {Operation}
	 */
	operation(kw) {
		/** @type {Operation} */
		const op = { type: kw.v, name: null, variableDefs: {}, selections: [], loc: kw.loc };
		if (this.peek()?.t === 'name') op.name = this.next().v;
		if (this.peek('(')) op.variableDefs = this.variableDefinitions();
		this.directives();
		op.selections = this.selectionSet();
		return op;
	}

	/** `($name: Type = default, ...)` → { name: {type, defaultValue} }. */
	/** @returns {Record<string, VariableDef>} */
	variableDefinitions() {
		/** @type {Record<string, VariableDef>} */
		const defs = {};
		this.next();
		while (!this.peek(')')) {
			this.expect('$');
			const varName = this.next().v;
			this.expect(':');
			const type = this.typeRef();
			let defaultValue;
			if (this.peek('=')) {
				this.next();
				defaultValue = this.value(true);
			}
			defs[varName] = { type, defaultValue };
		}
		this.next();
		return defs;
	}

	/** @returns {TypeRef} */
	typeRef() {
		/** @type {TypeRef} */
		let type;
		if (this.peek('[')) {
			this.next();
			type = { list: this.typeRef() };
			this.expect(']');
		} else {
			type = { name: this.next().v };
		}
		if (this.peek('!')) {
			this.next();
			type.nonNull = true;
		}
		return type;
	}

	directives() {
		while (this.peek('@')) {
			this.next();
			this.next();
			if (this.peek('(')) this.args();
		}
	}

	/** @returns {Record<string, any>} */
	args() {
		/** @type {Record<string, any>} */
		const out = {};
		this.expect('(');
		while (!this.peek(')')) {
			const name = this.next().v;
			this.expect(':');
			out[name] = this.value(false);
		}
		this.next();
		return out;
	}

	/**
	 * A value literal; variables become {$var: name}.
	 * @param {boolean} isConst variables are not allowed (default values)
	 * @returns {any}
	 */
	value(isConst) {
		const tok = this.next();
		if (tok.v === '$' && tok.t === 'punct') {
			if (isConst) throw gqlError('Variables are not allowed here', tok.loc);
			return { $var: this.next().v };
		}
		if (tok.t === 'string') return tok.v;
		if (tok.t === 'int') return Number(tok.v);
		if (tok.t === 'float') return Number(tok.v);
		if (tok.v === '[') {
			const list = [];
			while (!this.peek(']')) list.push(this.value(isConst));
			this.next();
			return list;
		}
		if (tok.v === '{') {
			/** @type {Record<string, any>} */
			const obj = {};
			while (!this.peek('}')) {
				const key = this.next().v;
				this.expect(':');
				obj[key] = this.value(isConst);
			}
			this.next();
			return obj;
		}
		if (tok.t === 'name') {
			if (tok.v === 'true') return true;
			if (tok.v === 'false') return false;
			if (tok.v === 'null') return null;
			return { $enum: tok.v };
		}
		throw gqlError(`Parse error on "${tok.v}"`, tok.loc);
	}

	/** @returns {Selection[]} */
	selectionSet() {
		this.expect('{');
		/** @type {Selection[]} */
		const selections = [];
		while (!this.peek('}')) {
			if (this.peek('...')) {
				const dots = this.next();
				if (this.peek('on')) {
					this.next();
					const typeCondition = this.next().v;
					this.directives();
					selections.push({ inlineFragment: true, typeCondition, selections: this.selectionSet(), loc: dots.loc });
				} else {
					const name = this.next().v;
					this.directives();
					selections.push({ fragmentSpread: name, loc: dots.loc });
				}
				continue;
			}
			const first = this.next();
			if (first.t !== 'name') throw gqlError(`Parse error on "${first.v}"`, first.loc);
			let alias = first.v;
			let name = first.v;
			if (this.peek(':')) {
				this.next();
				name = this.next().v;
			}
			/** @type {Field} */
			const field = { alias, name, args: {}, selections: null, loc: first.loc };
			if (this.peek('(')) field.args = this.args();
			this.directives();
			if (this.peek('{')) field.selections = this.selectionSet();
			selections.push(field);
		}
		this.next();
		return selections;
	}
}

module.exports = { Parser };
