import {
	buildSignBase,
	computeSign,
	computeWebhookSignature,
	normalizeQuery,
	pathRejectsShopCipher,
} from '../../nodes/shared/transport/signing';
import { referenceSign } from '../support/independentSigner';

describe('computeSign', () => {
	it('matches the official vector from TikTok\'s "Sign your API request" page (V1)', () => {
		const input = {
			appSecret: 'e59af819cc',
			path: '/authorization/202309/shops',
			query: { app_key: '29a39d', timestamp: 1623812664 },
		};
		expect(buildSignBase(input)).toBe('/authorization/202309/shopsapp_key29a39dtimestamp1623812664');
		expect(computeSign(input)).toBe('b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8');
	});

	it('agrees with an independent implementation on a body-carrying request', () => {
		const body = '{"order_status":"AWAITING_SHIPMENT","create_time_ge":1700000000}';
		const query = {
			app_key: 'key',
			timestamp: '1700000100',
			shop_cipher: 'ROW_x',
			page_size: 100,
			sort_field: 'create_time',
		};
		const expected = referenceSign(
			'secret',
			'/order/202309/orders/search',
			Object.entries(query).map(([k, v]) => [k, String(v)]),
			body,
		);
		expect(computeSign({ appSecret: 'secret', path: '/order/202309/orders/search', query, body })).toBe(expected);
	});

	it('signs decoded values, so a page_token with + / = is signed as-is', () => {
		const token = '6AsPQsUMvH3RkchNUPPh22NROHkE0D8pmq/N5M1kHYcZmtRyv9aVrNv65W7Q6tFA+7D1ud64MPNz5OaT==';
		expect(buildSignBase({ path: '/p', query: { page_token: token } })).toBe(`/ppage_token${token}`);
	});

	it('comma-joins arrays, drops empty values and never signs sign or access_token', () => {
		expect(
			buildSignBase({
				path: '/p',
				query: { ids: ['1', '2'], empty: '', missing: undefined, sign: 'x', access_token: 't', a: 0 },
			}),
		).toBe('/pa0ids1,2');
	});

	it('sorts keys in byte order, not locale order', () => {
		expect(buildSignBase({ path: '/p', query: { b: '1', B: '2', a_b: '3', ab: '4' } })).toBe('/pB2a_b3ab4b1');
	});

	it('leaves multipart bodies out of the signature', () => {
		const base = { path: '/product/202309/images/upload', query: { a: '1' }, body: '--boundary...' };
		expect(buildSignBase({ ...base, contentType: 'multipart/form-data; boundary=abc' })).toBe(
			'/product/202309/images/uploada1',
		);
		expect(buildSignBase({ ...base, contentType: 'application/json' })).toBe(
			'/product/202309/images/uploada1--boundary...',
		);
	});

	it('produces lowercase hex', () => {
		expect(computeSign({ appSecret: 's', path: '/p', query: {} })).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('normalizeQuery', () => {
	it('stringifies numbers and booleans', () => {
		expect(normalizeQuery({ page_size: 100, flag: false })).toEqual({ page_size: '100', flag: 'false' });
	});
});

describe('pathRejectsShopCipher', () => {
	it.each([
		['/authorization/202309/shops', 'GET', true],
		['/seller/202309/shops', 'GET', true],
		['/product/202309/global_products', 'POST', true],
		['/product/202309/brands', 'POST', true],
		['/product/202309/brands', 'GET', false],
		['/order/202309/orders/search', 'POST', false],
		['/event/202309/webhooks', 'PUT', false],
	])('%s %s → %s', (path, method, expected) => {
		expect(pathRejectsShopCipher(path, method)).toBe(expected);
	});
});

describe('computeWebhookSignature', () => {
	it('is HMAC-SHA256(app_secret, app_key + raw body) in lowercase hex', () => {
		const { createHmac } = jest.requireActual<typeof import('crypto')>('crypto');
		const raw = '{"type":1,"data":{"order_id":"576486316948490001"}}';
		const expected = createHmac('sha256', 'secret').update(`appkey${raw}`).digest('hex');
		expect(computeWebhookSignature('appkey', 'secret', Buffer.from(raw))).toBe(expected);
		expect(computeWebhookSignature('appkey', 'secret', raw)).toBe(expected);
	});
});
