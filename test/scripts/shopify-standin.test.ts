/**
 * The Shopify stand-in (scripts/lib/shopify-standin/): its GraphQL parsing, its validation (selections, input values,
 * orderCreate's userErrors), the order it records, and its HTTP routes without sockets; one real server round trip.
 */
import http from 'http';

/* eslint-disable @typescript-eslint/no-require-imports */
const { tokenize } = require('../../scripts/lib/shopify-standin/lexer.js');
const { Parser } = require('../../scripts/lib/shopify-standin/parser.js');
const { checkInput } = require('../../scripts/lib/shopify-standin/input.js');
const { validateSelection, project } = require('../../scripts/lib/shopify-standin/selection.js');
const orders = require('../../scripts/lib/shopify-standin/orders.js');
const { execute } = require('../../scripts/lib/shopify-standin/execute.js');
const { createRoutes } = require('../../scripts/lib/shopify-standin/routes.js');
const { startShopifyStandin, DEFAULT_TOKEN } = require('../../scripts/lib/shopify-standin.js');
/* eslint-enable @typescript-eslint/no-require-imports */

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' } });
const line = (extra: object = {}) => ({ title: 'Tee', sku: 'TEE-1', quantity: 2, priceSet: money('10.50'), ...extra });
const ORDER_CREATE = `mutation Create($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order { id legacyResourceId name lineItems(first: 100) { nodes { id sku quantity } } }
    userErrors { field message code }
  }
}`;

const newStore = () => orders.createOrderStore({ currency: 'USD', firstOrderNumber: 1001, log: () => undefined });

describe('GraphQL documents', () => {
	test('tokens carry their line and column; commas and comments are ignored; strings are unescaped', () => {
		const tokens = tokenize('query {\n  a(x: "q\\"\\u0041", y: -1.5e3) # comment\n  ...F\n}');
		expect(tokens.map((t: { t: string; v: string }) => `${t.t}:${t.v}`)).toEqual([
			'name:query',
			'punct:{',
			'name:a',
			'punct:(',
			'name:x',
			'punct::',
			'string:q"A',
			'name:y',
			'punct::',
			'float:-1.5e3',
			'punct:)',
			'punct:...',
			'name:F',
			'punct:}',
		]);
		expect(tokens[2].loc).toEqual({ line: 2, column: 3 });
		expect(() => tokenize('{ "open')).toThrow('Unterminated string');
		expect(() => tokenize('{ % }')).toThrow('Parse error on "%"');
	});

	test('operations with variables, defaults, aliases, arguments, fragments and directives', () => {
		const doc = new Parser(
			'fragment M on MoneyBag { shopMoney { amount } }\nmutation Make($o: OrderCreateOrderInput!, $n: [Int!] = [1, 2]) @a { made: orderCreate(order: $o) @skip(if: false) { order { total: totalPriceSet { ...M } ... on Order { id } } } }',
		).document();
		expect(Object.keys(doc.fragments)).toEqual(['M']);
		const [op] = doc.operations;
		expect(op).toMatchObject({ type: 'mutation', name: 'Make' });
		expect(op.variableDefs).toEqual({
			o: { type: { name: 'OrderCreateOrderInput', nonNull: true }, defaultValue: undefined },
			n: { type: { list: { name: 'Int', nonNull: true } }, defaultValue: [1, 2] },
		});
		const [field] = op.selections;
		expect(field).toMatchObject({ alias: 'made', name: 'orderCreate', args: { order: { $var: 'o' } } });
		expect(
			field.selections[0].selections.map(
				(s: { alias?: string; inlineFragment?: boolean }) => s.alias ?? s.inlineFragment,
			),
		).toEqual(['total', true]);
		expect(new Parser('{ shop { name } }').document().operations[0]).toMatchObject({ type: 'query', name: null });
		expect(() => new Parser('query ($x: Int = $y) { a }').document()).toThrow('Variables are not allowed here');
		expect(() => new Parser('mutation {').document()).toThrow('Unexpected end of document');
	});
});

describe('validation', () => {
	test("input values: Shopify's problems with their paths", () => {
		const problems: Array<{ path: Array<string | number>; explanation: string }> = [];
		checkInput(
			{
				lineItems: [{ quantity: 1.5, bogus: true, priceSet: { shopMoney: { amount: 'ten', currencyCode: 'usd' } } }],
				financialStatus: 'NOPE',
				tags: 'single',
			},
			'OrderCreateOrderInput!',
			[],
			problems,
		);
		// in the order of the input type's fields; a single value where a list is expected counts as a list of one
		expect(problems).toEqual([
			{
				path: ['financialStatus'],
				explanation:
					'Expected "NOPE" to be one of: AUTHORIZED, EXPIRED, PAID, PARTIALLY_PAID, PARTIALLY_REFUNDED, PENDING, REFUNDED, VOIDED',
			},
			{ path: ['lineItems', 0, 'bogus'], explanation: 'Field is not defined on OrderCreateLineItemInput' },
			{
				path: ['lineItems', 0, 'priceSet', 'shopMoney', 'amount'],
				explanation: 'Could not coerce value "ten" to Decimal',
			},
			{
				path: ['lineItems', 0, 'priceSet', 'shopMoney', 'currencyCode'],
				explanation: 'Expected "usd" to be one of: USD, GBP, EUR, CAD, … (a CurrencyCode)',
			},
			{ path: ['lineItems', 0, 'quantity'], explanation: 'Could not coerce value 1.5 to Int' },
		]);
		const missing: unknown[] = [];
		checkInput(undefined, 'OrderCreateOrderInput!', [], missing);
		expect(missing).toEqual([{ path: [], explanation: 'Expected value to not be null' }]);
	});

	test('selections: unknown fields, selections on scalars, objects without selections, lineItems without first/last', () => {
		const doc = new Parser(
			'{ x { order { nope name { a } shippingAddress lineItems { nodes { id } } } userErrors { message } } }',
		).document();
		const errors: Array<{ message: string; path: string[] }> = [];
		validateSelection(doc.operations[0].selections[0].selections, {}, 'OrderCreatePayload', ['mutation', 'x'], errors);
		expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([
			"mutation.x.order.nope: Field 'nope' doesn't exist on type 'Order'",
			"mutation.x.order.name: Selections can't be made on scalars (field 'name' returns a scalar but has selections [a])",
			"mutation.x.order.shippingAddress: Field must have selections (field 'shippingAddress' returns MailingAddress but has no selections. Did you mean 'shippingAddress { ... }'?)",
			'mutation.x.order.lineItems: you must provide one of first or last',
		]);
	});

	test("orderCreate's business checks become userErrors", () => {
		expect(orders.orderInputErrors({ lineItems: [] })).toEqual([
			{ field: ['order', 'lineItems'], message: 'Line items must have at least one line item', code: 'INVALID' },
		]);
		expect(
			orders
				.orderInputErrors({ lineItems: [{ quantity: 0 }], email: 'not-an-email' })
				.map((e: { field: string[] }) => e.field.join('.')),
		).toEqual(['order.lineItems.0.title', 'order.lineItems.0.priceSet', 'order.lineItems.0.quantity', 'order.email']);
		expect(
			orders.orderInputErrors({ lineItems: [{ variantId: 'gid://shopify/ProductVariant/1', quantity: 1 }], email: '' }),
		).toEqual([]);
	});
});

describe('the store', () => {
	test('an order: numbered, gid ids, totals from lines, shipping and taxes, sorted tags, the address formatted', () => {
		const store = newStore();
		const { order, userErrors } = store.createOrder(
			{
				lineItems: [
					line({ taxLines: [{ title: 'Tax', rate: '0.1', priceSet: money('2.10') }] }),
					line({ sku: 'CAP', title: 'Cap', quantity: 1, priceSet: money('5') }),
				],
				shippingLines: [{ title: 'Ship', priceSet: money('4.99') }],
				tags: ['tiktok', 'b2c'],
				financialStatus: 'PAID',
				shippingAddress: {
					firstName: 'Ada',
					lastName: 'L',
					address1: '1 Main St',
					city: 'Austin',
					provinceCode: 'TX',
					zip: '78701',
					countryCode: 'US',
				},
			},
			{ sendReceipt: false },
		);
		expect(userErrors).toEqual([]);
		expect(order).toMatchObject({
			name: '#1001',
			tags: ['b2c', 'tiktok'],
			displayFinancialStatus: 'PAID',
			displayFulfillmentStatus: 'UNFULFILLED',
			subtotalPriceSet: { shopMoney: { amount: '26.00', currencyCode: 'USD' } },
			totalTaxSet: { shopMoney: { amount: '2.10' } },
			totalShippingPriceSet: { shopMoney: { amount: '4.99' } },
			totalPriceSet: { shopMoney: { amount: '33.09' } },
			shippingAddress: { name: 'Ada L', formatted: ['1 Main St', 'Austin TX 78701', 'US'], countryCodeV2: 'US' },
		});
		expect(order.id).toBe(`gid://shopify/Order/${order.legacyResourceId}`);
		expect(order.lineItems.map((li: { id: string }) => li.id)).toEqual([
			expect.stringMatching(/^gid:\/\/shopify\/LineItem\/\d+$/),
			expect.stringMatching(/^gid:\/\/shopify\/LineItem\/\d+$/),
		]);
		expect(store.createOrder({ lineItems: [line()], name: 'Own name' }, null).order.name).toBe('Own name');
		expect(store.createOrder({ lineItems: [line()] }, null).order.name).toBe('#1002');
		expect(orders.publicOrder(store.orders[0])).toMatchObject({
			input: { tags: ['tiktok', 'b2c'] },
			options: { sendReceipt: false },
		});
	});

	test('a queued userError fault answers the next calls, then is used up', () => {
		const store = newStore();
		store.faults.push({ kind: 'userError', count: 2, status: 500, message: 'Nope', field: ['order', 'x'] });
		const expected = { order: null, userErrors: [{ field: ['order', 'x'], message: 'Nope', code: 'INVALID' }] };
		expect(store.createOrder({ lineItems: [line()] }, null)).toEqual(expected);
		expect(store.createOrder({ lineItems: [line()] }, null)).toEqual(expected);
		expect(store.createOrder({ lineItems: [line()] }, null).order.name).toBe('#1001');
		expect(store.orders).toHaveLength(1);
	});
});

describe('executing a request', () => {
	test('orderCreate answers only the selected fields, with the cost extension', () => {
		const store = newStore();
		const res = execute({ query: ORDER_CREATE, variables: { order: { lineItems: [line()] } } }, store.createOrder);
		expect(res.status).toBe(200);
		const { order, userErrors } = res.json.data.orderCreate;
		expect(Object.keys(order)).toEqual(['id', 'legacyResourceId', 'name', 'lineItems']);
		expect(order.lineItems.nodes).toEqual([{ id: expect.any(String), sku: 'TEE-1', quantity: 2 }]);
		expect(userErrors).toEqual([]);
		expect(res.json.extensions.cost.requestedQueryCost).toBe(10);
	});

	test('invalid variables, other root fields and a missing order give top-level errors and no order', () => {
		const store = newStore();
		const bad = execute(
			{ query: ORDER_CREATE, variables: { order: { lineItems: [line({ quantity: 'two' })] } } },
			store.createOrder,
		);
		expect(bad.json.errors[0].message).toBe(
			'Variable $order of type OrderCreateOrderInput! was provided invalid value for lineItems.0.quantity (Could not coerce value "two" to Int)',
		);
		expect(execute({ query: '{ shop { name } }' }, store.createOrder).json.errors[0].extensions).toEqual({
			code: 'undefinedField',
			typeName: 'QueryRoot',
			fieldName: 'shop',
		});
		expect(
			execute({ query: 'mutation { orderCreate { order { id } } }' }, store.createOrder).json.errors[0].message,
		).toBe("Field 'orderCreate' is missing required arguments: order");
		expect(
			execute({ query: 'mutation A { orderCreate { order { id } } } mutation B { x }' }, store.createOrder).json
				.errors[0].message,
		).toBe('An operation name is required');
		expect(execute({}, store.createOrder)).toEqual({
			status: 400,
			json: { errors: { query: 'Required parameter missing or invalid' } },
		});
		expect(store.orders).toHaveLength(0);
	});

	test('projection: aliases, __typename, lineItems(last:) with cursors and page info', () => {
		const order = { lineItems: [{ id: 'gid://shopify/LineItem/1' }, { id: 'gid://shopify/LineItem/2' }] };
		const doc = new Parser(
			'{ t: __typename lineItems(last: 1) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage } } }',
		).document();
		expect(project(order, doc.operations[0].selections, {}, 'Order', {})).toEqual({
			t: 'Order',
			lineItems: {
				edges: [{ cursor: Buffer.from('{"last_id":2}').toString('base64'), node: { id: 'gid://shopify/LineItem/2' } }],
				pageInfo: { hasNextPage: false, hasPreviousPage: true },
			},
		});
	});
});

describe('HTTP routes', () => {
	const token = 'shpat_test';
	const graphql = '/admin/api/2025-01/graphql.json';
	const setup = () => {
		const store = newStore();
		const requests: Array<{ path: string; status: number; operation?: string }> = [];
		const route = createRoutes({ store, token, requests });
		const call = (method: string, url: string, raw = '', headers: Record<string, string> = {}) =>
			route({ method, url, headers, raw });
		return { store, requests, call };
	};
	const authed = { 'x-shopify-access-token': token, 'content-type': 'application/json' };

	test("Shopify's answers to a wrong path, a wrong token, another method and a body that is not JSON", () => {
		const { call, requests } = setup();
		expect(call('POST', '/admin/api/2025-01/other.json', '{}', authed)).toEqual({
			status: 404,
			json: { errors: 'Not Found' },
		});
		expect(call('POST', graphql, '{}', { 'x-shopify-access-token': 'wrong' })).toEqual({
			status: 401,
			json: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
		});
		expect(call('GET', `${graphql}?x=1`, '', authed).status).toBe(405);
		expect(call('POST', graphql, 'not json', authed)).toEqual({
			status: 400,
			json: { errors: { query: 'Required parameter missing or invalid' } },
		});
		expect(requests.map((r) => r.status)).toEqual([404, 401, 405, 400]);
	});

	test('a GraphQL call is recorded with its operation; application/graphql bodies are the query itself', () => {
		const { call, requests, store } = setup();
		const ok = call(
			'POST',
			graphql,
			JSON.stringify({ query: ORDER_CREATE, variables: { order: { lineItems: [line()] } } }),
			authed,
		);
		expect(ok.status).toBe(200);
		const raw = call(
			'POST',
			'/admin/api/unstable/graphql.json',
			'mutation Raw { orderCreate(order: {lineItems: [{title: "x", quantity: 1, priceSet: {shopMoney: {amount: "1.00", currencyCode: "USD"}}}]}) { order { name } } }',
			{
				...authed,
				'content-type': 'application/graphql; charset=utf-8',
			},
		);
		expect(raw.json.data.orderCreate.order.name).toBe('#1002');
		expect(requests.map((r) => [r.path, r.status, r.operation])).toEqual([
			[graphql, 200, 'mutation Create'],
			['/admin/api/unstable/graphql.json', 200, 'mutation Raw'],
		]);
		expect(store.orders).toHaveLength(2);
	});

	test('test hooks: orders, requests, faults (an HTTP fault answers with its status, 429 with retry-after)', () => {
		const { call } = setup();
		expect(call('GET', '/__standin/health')).toEqual({ status: 200, json: { ok: true } });
		expect(
			call('POST', '/__standin/faults', JSON.stringify({ kind: 'http', status: 429, count: 2 })).json.faults,
		).toEqual([{ kind: 'http', count: 2, status: 429, message: undefined, field: undefined, code: undefined }]);
		const throttled = call('POST', graphql, '{}', authed);
		expect(throttled).toEqual({
			status: 429,
			json: {
				errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.',
			},
			headers: { 'retry-after': '1.0' },
		});
		expect(call('POST', graphql, '{}', { 'x-shopify-access-token': 'wrong' }).status).toBe(429);
		expect(call('POST', graphql, '{}', { 'x-shopify-access-token': 'wrong' }).status).toBe(401);
		call('POST', '/__standin/faults', JSON.stringify({ kind: 'http' }));
		expect(call('DELETE', '/__standin/faults').json).toEqual({ faults: [] });
		call(
			'POST',
			graphql,
			JSON.stringify({ query: ORDER_CREATE, variables: { order: { lineItems: [line()] } } }),
			authed,
		);
		expect(call('GET', '/__standin/orders').json.orders).toHaveLength(1);
		expect(call('GET', '/__standin/requests').json.requests).toHaveLength(4);
		expect(call('DELETE', '/__standin/orders').json).toEqual({ ok: true });
		expect(call('GET', '/__standin/orders').json.orders).toEqual([]);
	});
});

test('the server: a real call over loopback, the x-request-id header, stop()', async () => {
	const standin = await startShopifyStandin({ port: 0 });
	try {
		expect(standin.token).toBe(DEFAULT_TOKEN);
		expect(standin.graphqlUrl()).toBe(`${standin.url}/admin/api/2025-01/graphql.json`);
		const body = JSON.stringify({ query: ORDER_CREATE, variables: { order: { lineItems: [line()] } } });
		const reply = await new Promise<{
			status?: number;
			requestId: unknown;
			json: { data: { orderCreate: { order: { name: string } } } };
		}>((resolve, reject) => {
			const req = http.request(
				standin.graphqlUrl('2024-10'),
				{ method: 'POST', headers: { 'x-shopify-access-token': standin.token, 'content-type': 'application/json' } },
				(res) => {
					let text = '';
					res.on('data', (c) => (text += c));
					res.on('end', () =>
						resolve({ status: res.statusCode, requestId: res.headers['x-request-id'], json: JSON.parse(text) }),
					);
				},
			);
			req.on('error', reject);
			req.end(body);
		});
		expect(reply).toMatchObject({
			status: 200,
			requestId: 'standin-1',
			json: { data: { orderCreate: { order: { name: '#1001' } } } },
		});
		expect(standin.orders()).toHaveLength(1);
		expect(standin.requests()).toHaveLength(1);
		standin.addFault({ kind: 'userError' });
		standin.reset();
		expect(standin.orders()).toEqual([]);
	} finally {
		await standin.stop();
	}
	await standin.stop();
});
