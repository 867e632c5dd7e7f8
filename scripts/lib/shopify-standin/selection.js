// @ts-check
'use strict';
/**
 * Selection sets against the output schema: fragments resolved, the selection validated before anything runs (as
 * Shopify does), and a result projected onto exactly the fields the query selects.
 */
const { gqlError } = require('./lexer');
const { SCALAR, OUTPUT_TYPES } = require('./schema');

/**
 * A field's type: a list's item type, else the type itself (SCALAR for scalars).
 * @param {any} spec
 * @returns {string|null}
 */
const typeOf = (spec) => (Array.isArray(spec) ? spec[0] : spec);

/**
 * A literal argument, or the value of the variable it names.
 * @param {any} arg
 * @param {Record<string, any>} variables
 */
function argValue(arg, variables) {
	if (arg && typeof arg === 'object' && '$var' in arg) return variables[arg.$var];
	return arg;
}

/**
 * The fields selected on `typeName`, with fragment spreads and inline fragments (of that type) expanded.
 * @param {any[]} selections
 * @param {Record<string, any>} fragments
 * @param {string} typeName
 * @returns {any[]}
 */
function resolveSelections(selections, fragments, typeName) {
	const out = [];
	for (const sel of selections) {
		if (sel.fragmentSpread) {
			const frag = fragments[sel.fragmentSpread];
			if (!frag) throw gqlError(`Fragment ${sel.fragmentSpread} was used, but not defined`, sel.loc);
			if (frag.typeCondition === typeName) out.push(...resolveSelections(frag.selections, fragments, typeName));
		} else if (sel.inlineFragment) {
			if (sel.typeCondition === typeName) out.push(...resolveSelections(sel.selections, fragments, typeName));
		} else out.push(sel);
	}
	return out;
}

/**
 * The error of one known field whose selection does not fit its type (a selection on a scalar, none on an object,
 * `lineItems` without `first`/`last`); null when it fits.
 * @param {any} sel
 * @param {string} typeName
 * @param {string|null} subType
 * @param {Array<string|number>} path
 */
function fieldShapeError(sel, typeName, subType, path) {
	const base = { locations: [sel.loc], path };
	if (subType === SCALAR && sel.selections) {
		const names = sel.selections.map((/** @type {any} */ s) => s.name).join(', ');
		return {
			message: `Selections can't be made on scalars (field '${sel.name}' returns a scalar but has selections [${names}])`,
			...base,
			extensions: { code: 'selectionMismatch', nodeName: `field '${sel.name}'`, typeName: 'scalar' },
		};
	}
	if (subType !== SCALAR && !sel.selections) {
		return {
			message: `Field must have selections (field '${sel.name}' returns ${subType} but has no selections. Did you mean '${sel.name} { ... }'?)`,
			...base,
			extensions: { code: 'selectionMismatch', nodeName: `field '${sel.name}'`, typeName: subType },
		};
	}
	if (typeName === 'Order' && sel.name === 'lineItems' && sel.args.first === undefined && sel.args.last === undefined) {
		return {
			message: 'you must provide one of first or last',
			...base,
			extensions: { code: 'missingRequiredArguments' },
		};
	}
	return null;
}

/**
 * Checks the selection against the schema (Shopify validates before running anything); pushes GraphQL errors.
 * @param {any[]} selections
 * @param {Record<string, any>} fragments
 * @param {string} typeName
 * @param {Array<string|number>} pathSoFar
 * @param {object[]} errors
 */
function validateSelection(selections, fragments, typeName, pathSoFar, errors) {
	const fields = OUTPUT_TYPES[typeName];
	for (const sel of resolveSelections(selections, fragments, typeName)) {
		if (sel.name === '__typename') continue;
		const path = [...pathSoFar, sel.alias];
		if (!(sel.name in fields)) {
			errors.push({
				message: `Field '${sel.name}' doesn't exist on type '${typeName}'`,
				locations: [sel.loc],
				path,
				extensions: { code: 'undefinedField', typeName, fieldName: sel.name },
			});
			continue;
		}
		const subType = typeOf(fields[sel.name]);
		const shapeError = fieldShapeError(sel, typeName, subType, path);
		if (shapeError) errors.push(shapeError);
		if (subType !== SCALAR && sel.selections) validateSelection(sel.selections, fragments, subType, path, errors);
	}
}

/**
 * An order's `lineItems` connection as `lineItems(first:|last:)` selects it (no real cursors: one page).
 * @param {any[]} lineItems
 * @param {any} sel
 * @param {Record<string, any>} variables
 */
function lineItemsConnection(lineItems, sel, variables) {
	const first = argValue(sel.args.first, variables);
	const last = argValue(sel.args.last, variables);
	let nodes = lineItems;
	const total = nodes.length;
	if (first !== undefined) nodes = nodes.slice(0, first);
	else if (last !== undefined) nodes = nodes.slice(Math.max(0, total - last));
	return {
		nodes,
		edges: nodes.map((node) => ({
			node,
			cursor: Buffer.from(`{"last_id":${node.id.split('/').pop()}}`).toString('base64'),
		})),
		pageInfo: {
			hasNextPage: first !== undefined && first < total,
			hasPreviousPage: last !== undefined && last < total,
			startCursor: null,
			endCursor: null,
		},
	};
}

/**
 * `value` reduced to the selected fields (by alias), as GraphQL answers.
 * @param {any} value
 * @param {any[]} selections
 * @param {Record<string, any>} fragments
 * @param {string} typeName
 * @param {Record<string, any>} variables
 * @returns {any}
 */
function project(value, selections, fragments, typeName, variables) {
	if (value === null || value === undefined) return null;
	if (Array.isArray(value)) return value.map((v) => project(v, selections, fragments, typeName, variables));
	const fields = OUTPUT_TYPES[typeName];
	/** @type {Record<string, any>} */
	const out = {};
	for (const sel of resolveSelections(selections, fragments, typeName)) {
		if (sel.name === '__typename') {
			out[sel.alias] = typeName;
			continue;
		}
		const subType = typeOf(fields[sel.name]);
		const v =
			typeName === 'Order' && sel.name === 'lineItems'
				? lineItemsConnection(value.lineItems, sel, variables)
				: value[sel.name];
		out[sel.alias] =
			subType === SCALAR ? (v === undefined ? null : v) : project(v, sel.selections, fragments, subType, variables);
	}
	return out;
}

module.exports = { argValue, resolveSelections, validateSelection, project };
