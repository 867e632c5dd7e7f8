// @ts-check
'use strict';
/**
 * Executing one GraphQL request body `{query, variables, operationName}` against the stand-in: parse, validate (root
 * fields, selections, variables), then run each `orderCreate` and project its payload. Returns `{status, json}`.
 */
const { Parser } = require('./parser');
const { INPUT_TYPES } = require('./schema');
const { argValue, resolveSelections, validateSelection, project } = require('./selection');
const { checkInput } = require('./input');

/** @typedef {{status: number, json: any}} Reply */

/** @param {any[]} errors */
const errorReply = (errors) => ({ status: 200, json: { errors } });

const COST = {
	requestedQueryCost: 10,
	actualQueryCost: 10,
	throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
};

/**
 * The document's operation to run (by `operationName` when given) and its variables with their defaults, or the
 * error reply.
 * @param {{query: string, variables?: Record<string, any>, operationName?: string}} body
 * @returns {{reply: Reply} | {doc: any, op: any, variables: Record<string, any>}}
 */
function selectOperation(body) {
	let doc;
	try {
		doc = new Parser(body.query).document();
	} catch (e) {
		if (e.graphql) return { reply: errorReply([e.graphql]) };
		throw e;
	}
	const wanted = body.operationName;
	const ops = wanted ? doc.operations.filter((/** @type {any} */ op) => op.name === wanted) : doc.operations;
	if (ops.length !== 1)
		return {
			reply: errorReply([{ message: wanted ? `No operation named "${wanted}"` : 'An operation name is required' }]),
		};
	const op = ops[0];
	const variables = { ...(body.variables || {}) };
	for (const [name, def] of Object.entries(op.variableDefs)) {
		if (variables[name] === undefined && /** @type {any} */ (def).defaultValue !== undefined)
			variables[name] = /** @type {any} */ (def).defaultValue;
	}
	return { doc, op, variables };
}

/**
 * The root fields to run (only `orderCreate` on a mutation is served); pushes the errors of the others and of their
 * selections and arguments.
 * @param {any} op
 * @param {any} doc
 * @param {object[]} errors
 * @returns {any[]}
 */
function rootFields(op, doc, errors) {
	const jobs = [];
	const rootType = op.type === 'mutation' ? 'Mutation' : 'QueryRoot';
	for (const sel of resolveSelections(op.selections, doc.fragments, op.type)) {
		if (op.type !== 'mutation' || sel.name !== 'orderCreate') {
			errors.push({
				message: `Field '${sel.name}' doesn't exist on type '${rootType}' (this stand-in only serves the orderCreate mutation)`,
				locations: [sel.loc],
				path: [op.type, sel.alias],
				extensions: { code: 'undefinedField', typeName: rootType, fieldName: sel.name },
			});
			continue;
		}
		if (!sel.selections) {
			errors.push({
				message:
					"Field must have selections (field 'orderCreate' returns OrderCreatePayload but has no selections. Did you mean 'orderCreate { ... }'?)",
				locations: [sel.loc],
			});
			continue;
		}
		validateSelection(sel.selections, doc.fragments, 'OrderCreatePayload', [op.type, sel.alias], errors);
		for (const key of Object.keys(sel.args)) {
			if (key !== 'order' && key !== 'options') {
				errors.push({
					message: `Field 'orderCreate' doesn't accept argument '${key}'`,
					locations: [sel.loc],
					extensions: { code: 'argumentNotAccepted', name: 'orderCreate', typeName: 'Field', argumentName: key },
				});
			}
		}
		jobs.push(sel);
	}
	return jobs;
}

/**
 * Variables are validated against their declared input types (as GraphQL does before executing); pushes one error
 * per invalid variable.
 * @param {any} op
 * @param {Record<string, any>} variables
 * @param {object[]} errors
 */
function checkVariables(op, variables, errors) {
	for (const [name, def] of Object.entries(op.variableDefs)) {
		const { type } = /** @type {any} */ (def);
		const typeName = type.name || (type.list && type.list.name);
		if (!INPUT_TYPES[typeName]) continue;
		/** @type {import('./input').Problem[]} */
		const problems = [];
		checkInput(variables[name], type.nonNull ? `${typeName}!` : typeName, [], problems);
		if (!problems.length) continue;
		const first = problems[0];
		errors.push({
			message: `Variable $${name} of type ${typeName}${type.nonNull ? '!' : ''} was provided invalid value${first.path.length ? ` for ${first.path.join('.')}` : ''} (${first.explanation})`,
			locations: [op.loc || { line: 1, column: 1 }],
			extensions: { value: variables[name] ?? null, problems },
		});
	}
}

/**
 * Runs one `orderCreate` field: its `order` argument checked like a variable, then the store's payload projected.
 * @param {any} sel
 * @param {any} doc
 * @param {Record<string, any>} variables
 * @param {(order: any, options: any) => any} createOrder
 * @returns {{reply: Reply} | {data: any}}
 */
function runOrderCreate(sel, doc, variables, createOrder) {
	const order = argValue(sel.args.order, variables);
	const options = argValue(sel.args.options, variables);
	if (!order) {
		return {
			reply: errorReply([
				{
					message: "Field 'orderCreate' is missing required arguments: order",
					locations: [sel.loc],
					extensions: { code: 'missingRequiredArguments', arguments: 'order' },
				},
			]),
		};
	}
	// inline literals: run the same checks
	/** @type {import('./input').Problem[]} */
	const problems = [];
	checkInput(order, 'OrderCreateOrderInput!', [], problems);
	if (problems.length) {
		return {
			reply: errorReply([
				{
					message: `Argument 'order' on Field 'orderCreate' has an invalid value. ${problems[0].path.join('.')}: ${problems[0].explanation}`,
					locations: [sel.loc],
				},
			]),
		};
	}
	const payload = createOrder(order, options);
	return { data: project(payload, sel.selections, doc.fragments, 'OrderCreatePayload', variables) };
}

/**
 * @param {any} body the parsed request body
 * @param {(order: any, options: any) => any} createOrder
 * @returns {Reply}
 */
function execute(body, createOrder) {
	if (!body || typeof body.query !== 'string') {
		return { status: 400, json: { errors: { query: 'Required parameter missing or invalid' } } };
	}
	const selected = selectOperation(body);
	if ('reply' in selected) return selected.reply;
	const { doc, op, variables } = selected;
	/** @type {object[]} */
	const errors = [];
	const jobs = rootFields(op, doc, errors);
	checkVariables(op, variables, errors);
	if (errors.length) return errorReply(errors);
	/** @type {Record<string, any>} */
	const data = {};
	for (const sel of jobs) {
		const result = runOrderCreate(sel, doc, variables, createOrder);
		if ('reply' in result) return result.reply;
		data[sel.alias] = result.data;
	}
	return { status: 200, json: { data, extensions: { cost: COST } } };
}

module.exports = { execute };
