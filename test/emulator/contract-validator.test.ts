/** The contract generator (reference page → facts) and the per-endpoint validator the emulator runs on every request. */
import fs from 'fs';
import path from 'path';
import { buildContract, limitsFrom } from '../../emulator/contract/generate';
import type { EndpointContract } from '../../emulator/contract/types';
import { compileContract, compileEndpoint, loadContract } from '../../emulator/contract/validate';

const REF = process.env.TIKTOK_REFERENCE_DIR ?? path.resolve(__dirname, '../../../shared/spec/tiktok-reference');

describe('generator', () => {
	test('limits stated in descriptions: ranges (with thousands commas), max items, max length, plain value lists', () => {
		expect(limitsFrom('Valid range: [1, 99,999]', 'int')).toEqual({ min: 1, max: 99999 });
		expect(limitsFrom('Default: 20. Valid range: [1-100].', 'int')).toEqual({ min: 1, max: 100 });
		expect(limitsFrom('A list.\nMax count: 50', 'string[]')).toEqual({ max_items: 50 });
		expect(limitsFrom('Max count: 50', 'string')).toEqual({});
		expect(limitsFrom('The URL.\nMax length: 255 characters', 'string')).toEqual({ max_length: 255 });
		expect(limitsFrom('Possible values:\n- `PICKUP`: picked up\n- `DROP_OFF`: dropped off', 'string')).toEqual({
			enum: ['PICKUP', 'DROP_OFF'],
		});
		// a list that is not a list of codes is not an enumeration
		expect(
			limitsFrom('Possible values based on region:\n- US: `v2`, 7 levels\n- Other regions: `v1`', 'string'),
		).toEqual({});
	});

	const haveRef = fs.existsSync(path.join(REF, 'api'));
	(haveRef ? test : test.skip)(
		'the committed contract is what the reference pages give today (npm run contract)',
		() => {
			const fresh = `${JSON.stringify(buildContract(REF), null, '\t')}\n`;
			expect(fs.readFileSync(path.join(__dirname, '../../emulator/contract/contract.json'), 'utf8')).toBe(fresh);
		},
	);

	test('the contract knows the endpoints the emulator serves, with method, required flags and page URLs', () => {
		const c = loadContract();
		const ext = c.endpoints['GET /order/202406/orders/{order_id}/external_orders'];
		expect(ext.query.platform).toMatchObject({ type: 'string', required: true });
		expect(ext.page).toBe('https://partner.tiktokshop.com/docv2/page/get-external-order-references-202406');
		expect(c.endpoints['GET /order/202507/orders'].query.ids).toMatchObject({
			type: 'string[]',
			required: true,
			max_items: 50,
		});
		expect(
			c.endpoints['POST /product/202309/products/{product_id}/inventory/update'].body.skus.fields!.inventory.fields!
				.quantity,
		).toMatchObject({ type: 'int', required: true, min: 1, max: 99999 });
		expect(c.unreferenced.map((u) => u.path)).toEqual(
			expect.arrayContaining(['/api/v2/token/get', '/api/v2/token/refresh']),
		);
	});
});

describe('validator', () => {
	const ep: EndpointContract = {
		method: 'POST',
		path: '/x/202309/things/{id}',
		title: 'Test',
		page: '',
		file: '',
		shop_cipher: 'required',
		headers: [],
		path_params: ['id'],
		query: {
			page_size: { type: 'int', required: true, min: 1, max: 50 },
			ids: { type: 'string[]', required: false, max_items: 2 },
			flag: { type: 'bool', required: false },
		},
		body: {
			name: { type: 'string', required: true, max_length: 5 },
			kind: { type: 'string', required: false, enum: ['A', 'B'] },
			items: {
				type: 'object[]',
				required: false,
				max_items: 2,
				fields: {
					id: { type: 'string', required: true },
					price: {
						type: 'object',
						required: true,
						fields: { amount: { type: 'string', required: false }, currency: { type: 'string', required: true } },
					},
				},
			},
			n: { type: 'int', required: false },
			tags: { type: 'string[]', required: false },
		},
		errors: [],
	};
	const v = compileEndpoint(ep);
	const q = { app_key: 'k', sign: 's', timestamp: '1', shop_cipher: 'c', page_size: '10' };

	test('a valid request passes without warnings', () => {
		expect(
			v.validate(q, {
				name: 'abc',
				kind: 'A',
				items: [{ id: '1', price: { currency: 'USD', amount: '1.00' } }],
				n: 3,
				tags: ['x'],
			}),
		).toEqual({ error: null, warnings: [] });
	});

	test('missing required fields are refused with the field path (query, body, nested in an array item)', () => {
		expect(v.validate({ ...q, page_size: '' }, { name: 'a' }).error).toBe('param query.page_size is missing');
		expect(v.validate(q, undefined).error).toBe('param body.name is missing');
		expect(v.validate(q, { name: 'a', items: [{ id: '1', price: { amount: '1' } }] }).error).toBe(
			'param body.items[0].price.currency is missing',
		);
		expect(v.validate(q, { name: 'a', items: [{ price: { currency: 'USD' } }] }).error).toBe(
			'param body.items[0].id is missing',
		);
		// null counts as missing
		expect(v.validate(q, { name: null }).error).toBe('param body.name is missing');
	});

	test('wrong types are refused: JSON types in the body, parseable strings in the query', () => {
		expect(v.validate(q, { name: 5 }).error).toBe('body.name must be a string, got number');
		expect(v.validate(q, { name: 'a', n: '3' }).error).toBe('body.n must be an integer, got string');
		expect(v.validate(q, { name: 'a', n: 1.5 }).error).toMatch(/body.n must be an integer/);
		expect(v.validate(q, { name: 'a', tags: 'x' }).error).toBe('body.tags must be an array, got string');
		expect(v.validate(q, { name: 'a', tags: [1] }).error).toBe('body.tags[0] must be a string, got number');
		expect(v.validate(q, { name: 'a', items: [{ id: 1, price: { currency: 'USD' } }] }).error).toBe(
			'body.items[0].id must be a string, got number',
		);
		expect(v.validate(q, { name: 'a', items: { id: '1' } }).error).toBe('body.items must be an array, got object');
		expect(v.validate({ ...q, page_size: 'ten' }, { name: 'a' }).error).toBe(
			'query.page_size must be an integer, got "ten"',
		);
		expect(v.validate({ ...q, flag: 'yes' }, { name: 'a' }).error).toBe('query.flag must be true or false, got "yes"');
		expect(v.validate(q, [1]).error).toBe('the request body must be a JSON object');
	});

	test('fields the reference does not list are warnings (the call goes on), at any depth', () => {
		const r = v.validate(
			{ ...q, create_time_from: '1' },
			{ name: 'a', extra: 1, items: [{ id: '1', price: { currency: 'USD', cents: 100 } }] },
		);
		expect(r.error).toBeNull();
		expect(r.warnings).toEqual([
			"query.create_time_from is not a parameter of this API in TikTok's reference",
			"body.extra is not a field of this API in TikTok's reference",
			"body.items[0].price.cents is not a field of this API in TikTok's reference",
		]);
	});

	test('values outside stated limits and lists are warnings', () => {
		const r = v.validate(
			{ ...q, page_size: '51', ids: 'a,b,c' },
			{ name: 'abcdef', kind: 'C', items: [1, 2, 3].map((i) => ({ id: String(i), price: { currency: 'USD' } })) },
		);
		expect(r.error).toBeNull();
		expect(r.warnings).toEqual([
			expect.stringContaining('query.page_size must be in [1, 50], got 51'),
			expect.stringContaining('query.ids must contain at most 2 items, got 3'),
			expect.stringContaining('body.name must be at most 5 characters, got 6'),
			expect.stringContaining('body.kind must be one of A, B, got "C"'),
			expect.stringContaining('body.items must contain at most 2 items, got 3'),
		]);
	});

	test('Update Inventory quantity: the range is the handler’s (it plays both the page and the SDK rule)', () => {
		const inv = compileContract().get('POST /product/202309/products/{product_id}/inventory/update')!;
		expect(
			inv.validate({ shop_cipher: 'c' }, { skus: [{ id: '1', inventory: [{ warehouse_id: 'w', quantity: 0 }] }] }),
		).toEqual({ error: null, warnings: [] });
		expect(
			inv.validate({ shop_cipher: 'c' }, { skus: [{ id: '1', inventory: [{ warehouse_id: 'w', quantity: '0' }] }] })
				.error,
		).toBe('body.skus[0].inventory[0].quantity must be an integer, got string');
	});

	test('validating is cheap: a 50-SKU inventory update in under a millisecond, even inside jest', () => {
		const inv = compileContract().get('POST /product/202309/products/{product_id}/inventory/update')!;
		const body = {
			skus: Array.from({ length: 50 }, (_, i) => ({
				id: String(i),
				inventory: [
					{ warehouse_id: 'w1', quantity: 5 },
					{ warehouse_id: 'w2', quantity: 7 },
				],
			})),
		};
		for (let i = 0; i < 200; i++) inv.validate({ shop_cipher: 'c' }, body);
		const t0 = process.hrtime.bigint();
		const N = 2000;
		for (let i = 0; i < N; i++) inv.validate({ shop_cipher: 'c' }, body);
		const perCallMs = Number(process.hrtime.bigint() - t0) / 1e6 / N;
		expect(perCallMs).toBeLessThan(1);
	});
});
