// @ts-check
'use strict';
/**
 * Validation of input values (variables and inline arguments) against Shopify's input types, with the problems in
 * the shape of Shopify's `extensions.problems`: `{path, explanation}`.
 */
const { ENUMS, CURRENCY, INPUT_TYPES } = require('./schema');

/** @typedef {{path: Array<string|number>, explanation: string}} Problem */

/**
 * The problem of a scalar or enum value of type `type` (no `!`), or null.
 * @param {any} value not null
 * @param {string} type
 * @returns {string|null}
 */
function scalarProblem(value, type) {
	const coerce = (/** @type {string} */ what) => `Could not coerce value ${JSON.stringify(value)} to ${what}`;
	switch (type) {
		case 'String':
		case 'ID':
		case 'DateTime':
			return typeof value !== 'string' ? coerce(type) : null;
		case 'Boolean':
			return typeof value !== 'boolean' ? coerce('Boolean') : null;
		case 'Int':
			return !Number.isInteger(value) ? coerce('Int') : null;
		case 'Float':
			return typeof value !== 'number' ? coerce('Float') : null;
		case 'Decimal': {
			const ok =
				(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) ||
				(typeof value === 'number' && Number.isFinite(value));
			return ok ? null : coerce('Decimal');
		}
		case 'CurrencyCode':
			return typeof value !== 'string' || !CURRENCY.test(value)
				? `Expected "${value}" to be one of: USD, GBP, EUR, CAD, … (a CurrencyCode)`
				: null;
		case 'JSON':
			return null;
		default:
			return ENUMS[type] && !ENUMS[type].includes(value)
				? `Expected "${value}" to be one of: ${ENUMS[type].join(', ')}`
				: null;
	}
}

/**
 * Checks `value` against a type spec ('Type', 'Type!' or ['Type']) and pushes Shopify's problems.
 * @param {any} value
 * @param {string|string[]} typeSpec
 * @param {Array<string|number>} path
 * @param {Problem[]} problems
 */
function checkInput(value, typeSpec, path, problems) {
	let type = typeSpec;
	let nonNull = false;
	if (typeof type === 'string' && type.endsWith('!')) {
		nonNull = true;
		type = type.slice(0, -1);
	}
	if (value === null || value === undefined) {
		if (nonNull) problems.push({ path, explanation: 'Expected value to not be null' });
		return;
	}
	if (Array.isArray(type)) {
		const itemType = type[0];
		const list = Array.isArray(value) ? value : [value];
		list.forEach((v, i) => checkInput(v, itemType, Array.isArray(value) ? [...path, i] : path, problems));
		return;
	}
	const fields = INPUT_TYPES[type];
	if (fields) {
		if (typeof value !== 'object' || Array.isArray(value)) {
			problems.push({ path, explanation: `Expected "${JSON.stringify(value)}" to be a key-value object.` });
			return;
		}
		for (const key of Object.keys(value)) {
			if (!(key in fields)) problems.push({ path: [...path, key], explanation: `Field is not defined on ${type}` });
		}
		for (const [key, spec] of Object.entries(fields)) checkInput(value[key], spec, [...path, key], problems);
		return;
	}
	const explanation = scalarProblem(value, type);
	if (explanation) problems.push({ path, explanation });
}

module.exports = { checkInput, scalarProblem };
