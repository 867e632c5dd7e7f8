'use strict';
/**
 * A small loopback stand-in for Shopify's GraphQL Admin API, just enough for examples/route-tiktok-orders-to-shopify
 * to run UNCHANGED against it and against a real store (only the store URL and the access token differ).
 *
 *   POST /admin/api/<YYYY-MM>/graphql.json   header X-Shopify-Access-Token, body {query, variables}
 *
 * Only the `orderCreate` mutation is served (https://shopify.dev/docs/api/admin-graphql/2025-01/mutations/orderCreate).
 * Like Shopify it
 * - answers a missing or wrong token with HTTP 401 `{"errors":"[API] Invalid API key or access token (unrecognized
 *   login or wrong password)"}`;
 * - checks the variables against the input types (unknown fields, wrong scalar types, unknown enum values give a
 *   top-level `errors` entry and no order, as Shopify's GraphQL validation does);
 * - reports business problems in `data.orderCreate.userErrors` with `order: null`;
 * - returns only the fields the query selects (an unknown field is an "undefinedField" error), so a query that works
 *   here does not rely on fields Shopify would not send;
 * - numbers orders #1001, #1002 … and gives gid ids (`gid://shopify/Order/…`, `gid://shopify/LineItem/…`) plus the
 *   order's `legacyResourceId`.
 *
 * Test hooks (no token): GET /__standin/orders → {orders:[…]}, DELETE /__standin/orders, GET /__standin/requests,
 * POST /__standin/faults {kind: 'userError', count?, message?, field?, code?} (the next orderCreate calls answer with
 * that userError and no order) or {kind: 'http', status: 429|500|…, count?} (the next calls get that HTTP status),
 * DELETE /__standin/faults.
 * Plain CommonJS, Node 20, no dependencies. Orders live in memory only.
 *
 * Usage: const s = await startShopifyStandin({ port: 0, token: 'shpat_…' }); s.url; s.orders(); await s.stop();
 * CLI:   node scripts/lib/shopify-standin.js [--port N] [--token T]   (prints one JSON line {url, token})
 */
const http = require('http');

const DEFAULT_TOKEN = 'shpat_standin_0000000000000000000000000000';
const UNAUTHORIZED = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

// ── GraphQL: tokenizer, a parser for operations/selection sets/values ─────────────────────────────────

function tokenize(src) {
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
			continue;
		}
		if (ch === ' ' || ch === '\t' || ch === '\r' || ch === ',' || ch === '\ufeff') {
			i++;
			continue;
		}
		if (ch === '#') {
			while (i < src.length && src[i] !== '\n') i++;
			continue;
		}
		const loc = { line, column: i - lineStart + 1 };
		if (src.startsWith('...', i)) {
			tokens.push({ t: 'punct', v: '...', loc });
			i += 3;
			continue;
		}
		if ('{}()[]:!$=@|&'.includes(ch)) {
			tokens.push({ t: 'punct', v: ch, loc });
			i++;
			continue;
		}
		if (ch === '"') {
			if (src.startsWith('"""', i)) {
				const end = src.indexOf('"""', i + 3);
				if (end < 0) throw gqlError('Unterminated block string', loc);
				tokens.push({ t: 'string', v: src.slice(i + 3, end), loc });
				i = end + 3;
				continue;
			}
			let j = i + 1;
			let out = '';
			while (j < src.length && src[j] !== '"') {
				if (src[j] === '\\') {
					const n = src[j + 1];
					const map = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };
					if (n === 'u') {
						out += String.fromCharCode(parseInt(src.slice(j + 2, j + 6), 16));
						j += 6;
						continue;
					}
					out += map[n] ?? n;
					j += 2;
					continue;
				}
				out += src[j++];
			}
			if (j >= src.length) throw gqlError('Unterminated string', loc);
			tokens.push({ t: 'string', v: out, loc });
			i = j + 1;
			continue;
		}
		const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i, i + 64));
		if (num && (ch === '-' || /\d/.test(ch))) {
			tokens.push({ t: num[1] || num[2] ? 'float' : 'int', v: num[0], loc });
			i += num[0].length;
			continue;
		}
		const name = /^[_A-Za-z][_0-9A-Za-z]*/.exec(src.slice(i, i + 256));
		if (name) {
			tokens.push({ t: 'name', v: name[0], loc });
			i += name[0].length;
			continue;
		}
		throw gqlError(`Parse error on "${ch}"`, loc);
	}
	return tokens;
}

function gqlError(message, loc, extra = {}) {
	const err = new Error(message);
	err.graphql = { message, ...(loc ? { locations: [loc] } : {}), ...extra };
	return err;
}

class Parser {
	constructor(src) {
		this.tokens = tokenize(src);
		this.pos = 0;
	}

	peek(v) {
		const tok = this.tokens[this.pos];
		return tok && (v === undefined || tok.v === v) ? tok : undefined;
	}

	next() {
		const tok = this.tokens[this.pos++];
		if (!tok) throw gqlError('Unexpected end of document');
		return tok;
	}

	expect(v) {
		const tok = this.next();
		if (tok.v !== v) throw gqlError(`Parse error on "${tok.v}" (expected "${v}")`, tok.loc);
		return tok;
	}

	/** Whole document → { operations: [{type, name, variableDefs, selections}], fragments }. */
	document() {
		const operations = [];
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
			const op = { type: kw.v, name: null, variableDefs: {}, selections: [], loc: kw.loc };
			if (this.peek() && this.peek().t === 'name') op.name = this.next().v;
			if (this.peek('(')) {
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
					op.variableDefs[varName] = { type, defaultValue };
				}
				this.next();
			}
			this.directives();
			op.selections = this.selectionSet();
			operations.push(op);
		}
		return { operations, fragments };
	}

	typeRef() {
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

	args() {
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

	/** A value literal; variables become {$var: name}. */
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

	selectionSet() {
		this.expect('{');
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

// ── Output schema (the part of Shopify's that orderCreate can return) ─────────────────────────────────

const SCALAR = null;
const OUTPUT_TYPES = {
	OrderCreatePayload: { order: 'Order', userErrors: ['OrderCreateUserError'] },
	OrderCreateUserError: { field: SCALAR, message: SCALAR, code: SCALAR },
	Order: {
		id: SCALAR,
		legacyResourceId: SCALAR,
		name: SCALAR,
		createdAt: SCALAR,
		updatedAt: SCALAR,
		processedAt: SCALAR,
		email: SCALAR,
		phone: SCALAR,
		note: SCALAR,
		tags: SCALAR,
		test: SCALAR,
		sourceName: SCALAR,
		sourceIdentifier: SCALAR,
		poNumber: SCALAR,
		currencyCode: SCALAR,
		presentmentCurrencyCode: SCALAR,
		displayFinancialStatus: SCALAR,
		displayFulfillmentStatus: SCALAR,
		taxesIncluded: SCALAR,
		totalPriceSet: 'MoneyBag',
		subtotalPriceSet: 'MoneyBag',
		totalTaxSet: 'MoneyBag',
		totalShippingPriceSet: 'MoneyBag',
		shippingAddress: 'MailingAddress',
		billingAddress: 'MailingAddress',
		customAttributes: ['Attribute'],
		lineItems: 'LineItemConnection',
	},
	LineItemConnection: { nodes: ['LineItem'], edges: ['LineItemEdge'], pageInfo: 'PageInfo' },
	LineItemEdge: { node: 'LineItem', cursor: SCALAR },
	PageInfo: { hasNextPage: SCALAR, hasPreviousPage: SCALAR, startCursor: SCALAR, endCursor: SCALAR },
	LineItem: {
		id: SCALAR,
		sku: SCALAR,
		title: SCALAR,
		name: SCALAR,
		variantTitle: SCALAR,
		vendor: SCALAR,
		quantity: SCALAR,
		currentQuantity: SCALAR,
		requiresShipping: SCALAR,
		taxable: SCALAR,
		isGiftCard: SCALAR,
		customAttributes: ['Attribute'],
		originalUnitPriceSet: 'MoneyBag',
		originalTotalSet: 'MoneyBag',
		discountedUnitPriceSet: 'MoneyBag',
		discountedTotalSet: 'MoneyBag',
	},
	MoneyBag: { shopMoney: 'MoneyV2', presentmentMoney: 'MoneyV2' },
	MoneyV2: { amount: SCALAR, currencyCode: SCALAR },
	Attribute: { key: SCALAR, value: SCALAR },
	MailingAddress: {
		id: SCALAR,
		address1: SCALAR,
		address2: SCALAR,
		city: SCALAR,
		company: SCALAR,
		country: SCALAR,
		countryCodeV2: SCALAR,
		firstName: SCALAR,
		lastName: SCALAR,
		name: SCALAR,
		phone: SCALAR,
		province: SCALAR,
		provinceCode: SCALAR,
		zip: SCALAR,
		formatted: SCALAR,
	},
};

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

/** Checks the selection against the schema (Shopify validates before running anything). */
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
		const sub = fields[sel.name];
		const subType = Array.isArray(sub) ? sub[0] : sub;
		if (subType === SCALAR && sel.selections) {
			errors.push({
				message: `Selections can't be made on scalars (field '${sel.name}' returns a scalar but has selections [${sel.selections
					.map((s) => s.name)
					.join(', ')}])`,
				locations: [sel.loc],
				path,
				extensions: { code: 'selectionMismatch', nodeName: `field '${sel.name}'`, typeName: 'scalar' },
			});
		} else if (subType !== SCALAR && !sel.selections) {
			errors.push({
				message: `Field must have selections (field '${sel.name}' returns ${subType} but has no selections. Did you mean '${sel.name} { ... }'?)`,
				locations: [sel.loc],
				path,
				extensions: { code: 'selectionMismatch', nodeName: `field '${sel.name}'`, typeName: subType },
			});
		} else if (subType !== SCALAR) {
			if (typeName === 'Order' && sel.name === 'lineItems' && sel.args.first === undefined && sel.args.last === undefined) {
				errors.push({
					message: 'you must provide one of first or last',
					locations: [sel.loc],
					path,
					extensions: { code: 'missingRequiredArguments' },
				});
			}
			validateSelection(sel.selections, fragments, subType, path, errors);
		}
	}
}

function project(value, selections, fragments, typeName, variables) {
	if (value === null || value === undefined) return null;
	if (Array.isArray(value)) return value.map((v) => project(v, selections, fragments, typeName, variables));
	const fields = OUTPUT_TYPES[typeName];
	const out = {};
	for (const sel of resolveSelections(selections, fragments, typeName)) {
		if (sel.name === '__typename') {
			out[sel.alias] = typeName;
			continue;
		}
		const sub = fields[sel.name];
		const subType = Array.isArray(sub) ? sub[0] : sub;
		let v = value[sel.name];
		if (typeName === 'Order' && sel.name === 'lineItems') {
			const first = argValue(sel.args.first, variables);
			const last = argValue(sel.args.last, variables);
			let nodes = value.lineItems;
			const total = nodes.length;
			if (first !== undefined) nodes = nodes.slice(0, first);
			else if (last !== undefined) nodes = nodes.slice(Math.max(0, total - last));
			v = {
				nodes,
				edges: nodes.map((node) => ({ node, cursor: Buffer.from(`{"last_id":${node.id.split('/').pop()}}`).toString('base64') })),
				pageInfo: {
					hasNextPage: first !== undefined && first < total,
					hasPreviousPage: last !== undefined && last < total,
					startCursor: null,
					endCursor: null,
				},
			};
		}
		out[sel.alias] = subType === SCALAR ? (v === undefined ? null : v) : project(v, sel.selections, fragments, subType, variables);
	}
	return out;
}

function argValue(arg, variables) {
	if (arg && typeof arg === 'object' && '$var' in arg) return variables[arg.$var];
	return arg;
}

// ── Input validation (OrderCreateOrderInput and friends, API 2025-01) ───────────────────────────────

const ENUMS = {
	OrderCreateFinancialStatus: ['AUTHORIZED', 'EXPIRED', 'PAID', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'PENDING', 'REFUNDED', 'VOIDED'],
	OrderCreateFulfillmentStatus: ['FULFILLED', 'PARTIAL', 'RESTOCKED'],
	OrderCreateInputsInventoryBehavior: ['BYPASS', 'DECREMENT_IGNORING_POLICY', 'DECREMENT_OBEYING_POLICY'],
	WeightUnit: ['GRAMS', 'KILOGRAMS', 'OUNCES', 'POUNDS'],
};
const CURRENCY = /^[A-Z]{3}$/;

const INPUT_TYPES = {
	OrderCreateOrderInput: {
		billingAddress: 'MailingAddressInput',
		buyerAcceptsMarketing: 'Boolean',
		closedAt: 'DateTime',
		companyLocationId: 'ID',
		currency: 'CurrencyCode',
		customAttributes: ['OrderCreateCustomAttributeInput'],
		customer: 'JSON',
		customerId: 'ID',
		discountCode: 'JSON',
		email: 'String',
		financialStatus: 'OrderCreateFinancialStatus',
		fulfillment: 'JSON',
		fulfillmentStatus: 'OrderCreateFulfillmentStatus',
		lineItems: ['OrderCreateLineItemInput'],
		metafields: ['JSON'],
		name: 'String',
		note: 'String',
		phone: 'String',
		poNumber: 'String',
		presentmentCurrency: 'CurrencyCode',
		processedAt: 'DateTime',
		referringSite: 'String',
		shippingAddress: 'MailingAddressInput',
		shippingLines: ['OrderCreateShippingLineInput'],
		sourceIdentifier: 'String',
		sourceName: 'String',
		sourceUrl: 'String',
		tags: ['String'],
		taxesIncluded: 'Boolean',
		taxLines: ['OrderCreateTaxLineInput'],
		test: 'Boolean',
		transactions: ['JSON'],
		userId: 'ID',
	},
	OrderCreateLineItemInput: {
		fulfillmentService: 'String',
		giftCard: 'Boolean',
		priceSet: 'MoneyBagInput',
		productId: 'ID',
		properties: ['OrderCreateLineItemPropertyInput'],
		quantity: 'Int!',
		requiresShipping: 'Boolean',
		sku: 'String',
		taxable: 'Boolean',
		taxLines: ['OrderCreateTaxLineInput'],
		title: 'String',
		variantId: 'ID',
		variantTitle: 'String',
		vendor: 'String',
		weight: 'WeightInput',
	},
	OrderCreateLineItemPropertyInput: { name: 'String!', value: 'String!' },
	OrderCreateCustomAttributeInput: { key: 'String!', value: 'String!' },
	OrderCreateShippingLineInput: { code: 'String', priceSet: 'MoneyBagInput!', source: 'String', taxLines: ['OrderCreateTaxLineInput'], title: 'String!' },
	OrderCreateTaxLineInput: { channelLiable: 'Boolean', priceSet: 'MoneyBagInput', rate: 'Decimal!', title: 'String!' },
	OrderCreateOptionsInput: { inventoryBehaviour: 'OrderCreateInputsInventoryBehavior', sendFulfillmentReceipt: 'Boolean', sendReceipt: 'Boolean' },
	MoneyBagInput: { shopMoney: 'MoneyInput!', presentmentMoney: 'MoneyInput' },
	MoneyInput: { amount: 'Decimal!', currencyCode: 'CurrencyCode!' },
	WeightInput: { value: 'Float!', unit: 'WeightUnit!' },
	MailingAddressInput: {
		address1: 'String',
		address2: 'String',
		city: 'String',
		company: 'String',
		country: 'String',
		countryCode: 'String',
		firstName: 'String',
		lastName: 'String',
		phone: 'String',
		province: 'String',
		provinceCode: 'String',
		zip: 'String',
	},
};

/** Returns a list of problems `{path, explanation}` (Shopify's `extensions.problems`). */
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
		const list = Array.isArray(value) ? value : [value];
		list.forEach((v, i) => checkInput(v, type[0], Array.isArray(value) ? [...path, i] : path, problems));
		return;
	}
	if (INPUT_TYPES[type]) {
		if (typeof value !== 'object' || Array.isArray(value)) {
			problems.push({ path, explanation: `Expected "${JSON.stringify(value)}" to be a key-value object.` });
			return;
		}
		const fields = INPUT_TYPES[type];
		for (const key of Object.keys(value)) {
			if (!(key in fields)) problems.push({ path: [...path, key], explanation: `Field is not defined on ${type}` });
		}
		for (const [key, spec] of Object.entries(fields)) checkInput(value[key], spec, [...path, key], problems);
		return;
	}
	const bad = (what) => problems.push({ path, explanation: `Could not coerce value ${JSON.stringify(value)} to ${what}` });
	switch (type) {
		case 'String':
		case 'ID':
		case 'DateTime':
			if (typeof value !== 'string') bad(type);
			break;
		case 'Boolean':
			if (typeof value !== 'boolean') bad('Boolean');
			break;
		case 'Int':
			if (!Number.isInteger(value)) bad('Int');
			break;
		case 'Float':
			if (typeof value !== 'number') bad('Float');
			break;
		case 'Decimal':
			if (!((typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) || (typeof value === 'number' && Number.isFinite(value)))) bad('Decimal');
			break;
		case 'CurrencyCode':
			if (typeof value !== 'string' || !CURRENCY.test(value)) {
				problems.push({ path, explanation: `Expected "${value}" to be one of: USD, GBP, EUR, CAD, … (a CurrencyCode)` });
			}
			break;
		case 'JSON':
			break;
		default:
			if (ENUMS[type] && !ENUMS[type].includes(value)) {
				problems.push({ path, explanation: `Expected "${value}" to be one of: ${ENUMS[type].join(', ')}` });
			}
	}
}

// ── The store ────────────────────────────────────────────────────────────────────────────────────

function money(amount, currencyCode) {
	return { shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } };
}

function decimal(v) {
	return Math.round(Number(v) * 100) / 100;
}

function fmt(n) {
	return (Math.round(n * 100) / 100).toFixed(2);
}

/**
 * @param {object} [options]
 * @param {number} [options.port] default 0 (free port); binds 127.0.0.1
 * @param {string} [options.token] the Admin API access token the store accepts
 * @param {string} [options.currency] the shop's currency (default USD)
 * @param {number} [options.firstOrderNumber] default 1001
 * @param {(line: string) => void} [options.log]
 * @returns {Promise<{url: string, port: number, token: string, graphqlUrl: (version?: string) => string,
 *   orders: () => object[], reset: () => void, requests: () => object[], stop: () => Promise<void>}>}
 */
async function startShopifyStandin({ port = 0, token = DEFAULT_TOKEN, currency = 'USD', firstOrderNumber = 1001, log = () => {} } = {}) {
	const orders = [];
	const requests = [];
	let nextNumber = firstOrderNumber;
	// Shopify's ids are large integers; start from realistic magnitudes, deterministic per process.
	let nextOrderId = 5512347800000 + Math.floor(Math.random() * 90000);
	let nextLineId = 13421570000 + Math.floor(Math.random() * 90000);

	// test hook: the next orderCreate calls fail (POST /__standin/faults)
	const faults = [];

	function createOrder(input, options) {
		const userErrors = [];
		const fault = faults.length && faults[0].kind === 'userError' ? faults[0] : null;
		if (fault) {
			if (--fault.count <= 0) faults.shift();
			return { order: null, userErrors: [{ field: fault.field || ['order'], message: fault.message || 'Order could not be created', code: fault.code || 'INVALID' }] };
		}
		const lineInputs = input.lineItems || [];
		if (lineInputs.length === 0) userErrors.push({ field: ['order', 'lineItems'], message: 'Line items must have at least one line item', code: 'INVALID' });
		lineInputs.forEach((li, i) => {
			if (!li.variantId && !li.title) {
				userErrors.push({ field: ['order', 'lineItems', String(i), 'title'], message: 'Title must be provided for custom line items', code: 'INVALID' });
			}
			if (!li.variantId && !li.priceSet) {
				userErrors.push({ field: ['order', 'lineItems', String(i), 'priceSet'], message: 'Price must be provided for custom line items', code: 'INVALID' });
			}
			if (li.quantity < 1) userErrors.push({ field: ['order', 'lineItems', String(i), 'quantity'], message: 'Quantity must be greater than or equal to 1', code: 'INVALID' });
		});
		if (input.email !== undefined && input.email !== null && input.email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) {
			userErrors.push({ field: ['order', 'email'], message: 'Email is invalid', code: 'INVALID' });
		}
		if (userErrors.length) return { order: null, userErrors };

		const cur = input.currency || currency;
		const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
		const lineItems = lineInputs.map((li) => {
			const unit = li.priceSet ? decimal(li.priceSet.shopMoney.amount) : 0;
			const id = `gid://shopify/LineItem/${nextLineId++}`;
			return {
				id,
				sku: li.sku ?? null,
				title: li.title ?? 'Variant',
				name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : (li.title ?? 'Variant'),
				variantTitle: li.variantTitle ?? null,
				vendor: li.vendor ?? null,
				quantity: li.quantity,
				currentQuantity: li.quantity,
				requiresShipping: li.requiresShipping ?? true,
				taxable: li.taxable ?? true,
				isGiftCard: li.giftCard ?? false,
				customAttributes: (li.properties || []).map((p) => ({ key: p.name, value: p.value })),
				originalUnitPriceSet: money(fmt(unit), cur),
				originalTotalSet: money(fmt(unit * li.quantity), cur),
				discountedUnitPriceSet: money(fmt(unit), cur),
				discountedTotalSet: money(fmt(unit * li.quantity), cur),
			};
		});
		const subtotal = lineItems.reduce((sum, li) => sum + Number(li.originalTotalSet.shopMoney.amount), 0);
		const shipping = (input.shippingLines || []).reduce((sum, s) => sum + decimal(s.priceSet.shopMoney.amount), 0);
		const taxOf = (lines) => (lines || []).reduce((sum, t) => sum + (t.priceSet ? decimal(t.priceSet.shopMoney.amount) : 0), 0);
		const tax =
			taxOf(input.taxLines) +
			lineInputs.reduce((sum, li) => sum + taxOf(li.taxLines), 0) +
			(input.shippingLines || []).reduce((sum, s) => sum + taxOf(s.taxLines), 0);
		const legacy = nextOrderId++;
		const address = (a) =>
			a
				? {
						id: `gid://shopify/MailingAddress/${legacy}1`,
						address1: a.address1 ?? null,
						address2: a.address2 ?? null,
						city: a.city ?? null,
						company: a.company ?? null,
						country: a.country ?? a.countryCode ?? null,
						countryCodeV2: a.countryCode ?? null,
						firstName: a.firstName ?? null,
						lastName: a.lastName ?? null,
						name: [a.firstName, a.lastName].filter(Boolean).join(' ') || null,
						phone: a.phone ?? null,
						province: a.province ?? a.provinceCode ?? null,
						provinceCode: a.provinceCode ?? null,
						zip: a.zip ?? null,
						formatted: [a.address1, a.address2, [a.city, a.provinceCode, a.zip].filter(Boolean).join(' '), a.countryCode].filter(Boolean),
					}
				: null;
		const financial = { PAID: 'PAID', PENDING: 'PENDING', AUTHORIZED: 'AUTHORIZED', PARTIALLY_PAID: 'PARTIALLY_PAID' };
		const order = {
			id: `gid://shopify/Order/${legacy}`,
			legacyResourceId: String(legacy),
			name: input.name || `#${nextNumber++}`,
			createdAt: now,
			updatedAt: now,
			processedAt: input.processedAt || now,
			email: input.email ?? null,
			phone: input.phone ?? null,
			note: input.note ?? null,
			tags: [...(input.tags || [])].sort(),
			test: input.test ?? false,
			sourceName: input.sourceName ?? '3890849', // Shopify records an API order's app id when none is given
			sourceIdentifier: input.sourceIdentifier ?? null,
			poNumber: input.poNumber ?? null,
			currencyCode: cur,
			presentmentCurrencyCode: input.presentmentCurrency || cur,
			displayFinancialStatus: financial[input.financialStatus] || (input.financialStatus ? input.financialStatus : 'PENDING'),
			displayFulfillmentStatus: input.fulfillmentStatus === 'FULFILLED' ? 'FULFILLED' : 'UNFULFILLED',
			taxesIncluded: input.taxesIncluded ?? false,
			totalPriceSet: money(fmt(subtotal + shipping + (input.taxesIncluded ? 0 : tax)), cur),
			subtotalPriceSet: money(fmt(subtotal), cur),
			totalTaxSet: money(fmt(tax), cur),
			totalShippingPriceSet: money(fmt(shipping), cur),
			shippingAddress: address(input.shippingAddress),
			billingAddress: address(input.billingAddress),
			customAttributes: (input.customAttributes || []).map((a) => ({ key: a.key, value: a.value })),
			lineItems,
			// not part of the GraphQL output: for tests
			_input: input,
			_options: options || null,
		};
		orders.push(order);
		log(`[shopify-standin] orderCreate ${order.name} (${order.id}) with ${lineItems.length} line item(s)`);
		return { order, userErrors: [] };
	}

	function execute(body) {
		if (!body || typeof body.query !== 'string') {
			return { status: 400, json: { errors: { query: 'Required parameter missing or invalid' } } };
		}
		let doc;
		try {
			doc = new Parser(body.query).document();
		} catch (e) {
			if (e.graphql) return { status: 200, json: { errors: [e.graphql] } };
			throw e;
		}
		const wanted = body.operationName;
		const ops = wanted ? doc.operations.filter((op) => op.name === wanted) : doc.operations;
		if (ops.length !== 1) {
			return { status: 200, json: { errors: [{ message: wanted ? `No operation named "${wanted}"` : 'An operation name is required' }] } };
		}
		const op = ops[0];
		const variables = { ...(body.variables || {}) };
		for (const [name, def] of Object.entries(op.variableDefs)) {
			if (variables[name] === undefined && def.defaultValue !== undefined) variables[name] = def.defaultValue;
		}
		const errors = [];
		const data = {};
		const jobs = [];
		for (const sel of resolveSelections(op.selections, doc.fragments, op.type)) {
			if (op.type !== 'mutation' || sel.name !== 'orderCreate') {
				errors.push({
					message: `Field '${sel.name}' doesn't exist on type '${op.type === 'mutation' ? 'Mutation' : 'QueryRoot'}' (this stand-in only serves the orderCreate mutation)`,
					locations: [sel.loc],
					path: [op.type, sel.alias],
					extensions: { code: 'undefinedField', typeName: op.type === 'mutation' ? 'Mutation' : 'QueryRoot', fieldName: sel.name },
				});
				continue;
			}
			if (!sel.selections) {
				errors.push({ message: "Field must have selections (field 'orderCreate' returns OrderCreatePayload but has no selections. Did you mean 'orderCreate { ... }'?)", locations: [sel.loc] });
				continue;
			}
			validateSelection(sel.selections, doc.fragments, 'OrderCreatePayload', [op.type, sel.alias], errors);
			for (const key of Object.keys(sel.args)) {
				if (key !== 'order' && key !== 'options') {
					errors.push({ message: `Field 'orderCreate' doesn't accept argument '${key}'`, locations: [sel.loc], extensions: { code: 'argumentNotAccepted', name: 'orderCreate', typeName: 'Field', argumentName: key } });
				}
			}
			jobs.push(sel);
		}
		// variables are validated against their declared types (as GraphQL does before executing)
		for (const [name, def] of Object.entries(op.variableDefs)) {
			const typeName = def.type.name || (def.type.list && def.type.list.name);
			if (!INPUT_TYPES[typeName]) continue;
			const problems = [];
			checkInput(variables[name], def.type.nonNull ? `${typeName}!` : typeName, [], problems);
			if (problems.length) {
				const first = problems[0];
				errors.push({
					message: `Variable $${name} of type ${typeName}${def.type.nonNull ? '!' : ''} was provided invalid value${first.path.length ? ` for ${first.path.join('.')}` : ''} (${first.explanation})`,
					locations: [op.loc || { line: 1, column: 1 }],
					extensions: { value: variables[name] ?? null, problems },
				});
			}
		}
		if (errors.length) return { status: 200, json: { errors } };
		for (const sel of jobs) {
			const order = argValue(sel.args.order, variables);
			const options = argValue(sel.args.options, variables);
			if (!order) {
				return { status: 200, json: { errors: [{ message: "Field 'orderCreate' is missing required arguments: order", locations: [sel.loc], extensions: { code: 'missingRequiredArguments', arguments: 'order' } }] } };
			}
			// inline literals: run the same checks
			const problems = [];
			checkInput(order, 'OrderCreateOrderInput!', [], problems);
			if (problems.length) {
				return { status: 200, json: { errors: [{ message: `Argument 'order' on Field 'orderCreate' has an invalid value. ${problems[0].path.join('.')}: ${problems[0].explanation}`, locations: [sel.loc] }] } };
			}
			const payload = createOrder(order, options);
			data[sel.alias] = project(payload, sel.selections, doc.fragments, 'OrderCreatePayload', variables);
		}
		return {
			status: 200,
			json: {
				data,
				extensions: {
					cost: {
						requestedQueryCost: 10,
						actualQueryCost: 10,
						throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 },
					},
				},
			},
		};
	}

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const send = (status, json, headers = {}) => {
				const text = JSON.stringify(json);
				res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': `standin-${requests.length}`, ...headers });
				res.end(text);
			};
			const url = new URL(req.url, 'http://127.0.0.1');
			try {
				if (url.pathname === '/__standin/orders') {
					if (req.method === 'DELETE') {
						orders.length = 0;
						return send(200, { ok: true });
					}
					return send(200, { orders: orders.map(publicOrder) });
				}
				if (url.pathname === '/__standin/requests') return send(200, { requests });
				if (url.pathname === '/__standin/faults') {
					if (req.method === 'DELETE') faults.length = 0;
					else if (req.method === 'POST') {
						const f = JSON.parse(raw || '{}');
						faults.push({ kind: f.kind === 'http' ? 'http' : 'userError', count: Number(f.count) || 1, status: Number(f.status) || 500, message: f.message, field: f.field, code: f.code });
					}
					return send(200, { faults });
				}
				if (url.pathname === '/__standin/health') return send(200, { ok: true });
				const m = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.exec(url.pathname);
				const record = { at: new Date().toISOString(), method: req.method, path: url.pathname, status: 0 };
				requests.push(record);
				if (requests.length > 1000) requests.shift();
				if (!m) {
					record.status = 404;
					return send(404, { errors: 'Not Found' });
				}
				if (faults.length && faults[0].kind === 'http') {
					const f = faults[0];
					if (--f.count <= 0) faults.shift();
					record.status = f.status;
					const bodies = { 429: { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' } };
					return send(f.status, bodies[f.status] || { errors: 'Internal Server Error' }, f.status === 429 ? { 'retry-after': '1.0' } : {});
				}
				const given = req.headers['x-shopify-access-token'];
				if (given !== token) {
					record.status = 401;
					return send(401, UNAUTHORIZED);
				}
				if (req.method !== 'POST') {
					record.status = 405;
					return send(405, { errors: 'Method Not Allowed' });
				}
				let body;
				const type = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
				if (type === 'application/graphql') body = { query: raw };
				else {
					try {
						body = JSON.parse(raw);
					} catch {
						record.status = 400;
						return send(400, { errors: { query: 'Required parameter missing or invalid' } });
					}
				}
				record.operation = (/\b(query|mutation)\b\s*(\w*)/.exec(body.query || '') || []).slice(1).join(' ');
				const result = execute(body);
				record.status = result.status;
				return send(result.status, result.json);
			} catch (e) {
				log(`[shopify-standin] internal error: ${e.stack}`);
				return send(500, { errors: 'Internal Server Error' });
			}
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', resolve);
	});
	const actualPort = server.address().port;
	const url = `http://127.0.0.1:${actualPort}`;
	let stopped = false;
	return {
		url,
		port: actualPort,
		token,
		graphqlUrl: (version = '2025-01') => `${url}/admin/api/${version}/graphql.json`,
		orders: () => orders.map(publicOrder),
		requests: () => requests.slice(),
		reset: () => {
			orders.length = 0;
			faults.length = 0;
		},
		addFault: (fault) => faults.push({ kind: fault.kind === 'http' ? 'http' : 'userError', count: 1, status: 500, ...fault }),
		stop: () =>
			new Promise((resolve) => {
				if (stopped) return resolve();
				stopped = true;
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** An order as the stand-in stores it: the GraphQL fields plus `input` (the raw OrderCreateOrderInput). */
function publicOrder(order) {
	const { _input, _options, ...rest } = order;
	return { ...rest, input: _input, options: _options };
}

module.exports = { startShopifyStandin, DEFAULT_TOKEN };

if (require.main === module) {
	const args = process.argv.slice(2);
	const opt = (name) => {
		const i = args.indexOf(name);
		return i >= 0 ? args[i + 1] : undefined;
	};
	startShopifyStandin({ port: Number(opt('--port') || 0), token: opt('--token') || DEFAULT_TOKEN, log: (l) => process.stderr.write(`${l}\n`) }).then((s) => {
		process.stdout.write(`${JSON.stringify({ url: s.url, token: s.token, graphqlUrl: s.graphqlUrl() })}\n`);
		const stop = () => s.stop().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
