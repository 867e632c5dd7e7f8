import type { IHttpRequestOptions } from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startVerifyingServer } from '../support/independentSigner';
import { sendLikeHttpRequestNode, sendLikeN8n } from '../support/n8nHttp';

const SECRET = 'app-secret-123';
const credentialType = new TikTokShopApi();

function credentials(baseUrl: string, extra: Record<string, unknown> = {}) {
	return {
		appKey: 'app-key-1',
		appSecret: SECRET,
		accessToken: 'access-token-1',
		refreshToken: 'refresh-1',
		shopCipher: 'ROW_cipher1',
		baseUrl,
		authBaseUrl: baseUrl,
		...extra,
	};
}

describe('TikTokShopApi.authenticate, as every n8n caller hands it a request', () => {
	let server: Awaited<ReturnType<typeof startVerifyingServer>>;
	beforeAll(async () => {
		server = await startVerifyingServer(SECRET);
	});
	afterAll(async () => await server.close());
	beforeEach(() => server.requests.splice(0));

	const sign = async (options: object, extra: Record<string, unknown> = {}) =>
		(await credentialType.authenticate(
			credentials(server.url, extra),
			options as IHttpRequestOptions,
		)) as IHttpRequestOptions & { uri?: string };

	it('our nodes: relative url, qs with numbers, object body, no headers key', async () => {
		const signed = await sign({
			method: 'POST',
			url: '/order/202309/orders/search',
			qs: { page_size: 100, page_token: 'ab+cd/ef==' },
			body: { order_status: 'AWAITING_SHIPMENT' },
			json: true,
		});
		await sendLikeN8n({ ...signed, baseURL: server.url });
		const [request] = server.requests;
		expect(request.signatureValid).toBe(true);
		expect(request.body).toBe('{"order_status":"AWAITING_SHIPMENT"}');
		expect(request.query).toMatchObject({
			app_key: 'app-key-1',
			shop_cipher: 'ROW_cipher1',
			page_size: '100',
			page_token: 'ab+cd/ef==',
		});
		expect(request.rawQuery).toContain('page_token=ab%2Bcd%2Fef%3D%3D');
		expect(request.headers['x-tts-access-token']).toBe('access-token-1');
		expect(request.headers['content-type']).toBe('application/json');
		expect(Math.abs(Number(request.query.timestamp) - Date.now() / 1000)).toBeLessThan(5);
	});

	it('the credential test: baseURL + url, empty qs and headers; no shop_cipher on /authorization', async () => {
		const signed = await sign({
			qs: {},
			headers: {},
			baseURL: server.url,
			url: '/authorization/202309/shops',
			method: 'GET',
		});
		await sendLikeN8n(signed);
		const [request] = server.requests;
		expect(request.signatureValid).toBe(true);
		expect(request.query.shop_cipher).toBeUndefined();
		expect(request.body).toBe('');
		expect(request.headers['content-type']).toBe('application/json');
	});

	it('the HTTP Request node: absolute uri with its own query, qs strings, parsed body with json:false', async () => {
		const signed = await sign({
			method: 'POST',
			uri: `${server.url}/product/202309/products/search?page_size=20&shop_cipher=ROW_other`,
			qs: { page_token: 'x/y+z=' },
			body: { status: 'ACTIVATE', seller_skus: ['A-1'] },
			json: false,
			headers: { accept: 'application/json,text/*;q=0.99', 'Content-Type': 'text/plain' },
			gzip: true,
			resolveWithFullResponse: false,
		});
		await sendLikeHttpRequestNode(signed);
		const [request] = server.requests;
		expect(request.signatureValid).toBe(true);
		expect(request.path).toBe('/product/202309/products/search');
		// The cipher typed into the URL wins over the credential's.
		expect(request.query).toMatchObject({ page_size: '20', shop_cipher: 'ROW_other', page_token: 'x/y+z=' });
		expect(request.body).toBe('{"status":"ACTIVATE","seller_skus":["A-1"]}');
		expect(request.headers['content-type']).toBe('application/json');
		expect(Object.keys(request.query).filter((key) => key === 'sign')).toHaveLength(1);
	});

	it('a body that is already a string is signed and sent byte for byte', async () => {
		const raw = '{ "event_type" : "ORDER_STATUS_CHANGE" }';
		const signed = await sign({ method: 'DELETE', url: '/event/202309/webhooks', body: raw, json: true });
		await sendLikeN8n({ ...signed, baseURL: server.url });
		expect(server.requests[0].body).toBe(raw);
		expect(server.requests[0].signatureValid).toBe(true);
	});

	it('a POST without filters sends and signs exactly {}', async () => {
		const signed = await sign({
			method: 'POST',
			url: '/order/202406/orders/external_order_search',
			qs: { platform: 'SHOPIFY', external_order_id: '1001' },
			body: {},
			json: true,
		});
		await sendLikeN8n({ ...signed, baseURL: server.url });
		expect(server.requests[0].body).toBe('{}');
		expect(server.requests[0].signatureValid).toBe(true);
	});

	it('is idempotent: re-signing the already-signed options after a refresh replaces sign, timestamp and token', async () => {
		const first = await sign({
			method: 'POST',
			url: '/order/202309/orders/search',
			qs: { page_size: 5 },
			body: { a: 1 },
			json: true,
		});
		const second = await sign({ ...first }, { accessToken: 'access-token-2' });
		await sendLikeN8n({ ...second, baseURL: server.url });
		const [request] = server.requests;
		expect(request.signatureValid).toBe(true);
		expect(request.headers['x-tts-access-token']).toBe('access-token-2');
		expect(request.body).toBe('{"a":1}');
	});

	it('drops a shop_cipher a user put on an endpoint that rejects it', async () => {
		const signed = await sign({
			method: 'GET',
			uri: `${server.url}/authorization/202309/shops?shop_cipher=ROW_x`,
			json: false,
		});
		await sendLikeHttpRequestNode(signed);
		expect(server.requests[0].query.shop_cipher).toBeUndefined();
		expect(server.requests[0].signatureValid).toBe(true);
	});

	it('comma-joins array query values and leaves empty ones out of URL and signature', async () => {
		const signed = await sign({
			method: 'GET',
			url: '/order/202309/orders',
			qs: { ids: ['576461413038785752', '576461413038785753'], empty: '' },
			json: true,
		});
		await sendLikeN8n({ ...signed, baseURL: server.url });
		expect(server.requests[0].query.ids).toBe('576461413038785752,576461413038785753');
		expect('empty' in server.requests[0].query).toBe(false);
		expect(server.requests[0].signatureValid).toBe(true);
	});

	it('applies the clock offset to the timestamp', async () => {
		const signed = await sign(
			{ method: 'GET', url: '/authorization/202309/shops', json: true },
			{ clockOffsetSeconds: -120 },
		);
		const skew = Number((signed.qs as Record<string, string>).timestamp) - Date.now() / 1000;
		expect(skew).toBeGreaterThan(-125);
		expect(skew).toBeLessThan(-115);
	});

	it('replaces any other spelling of the token and content-type headers', async () => {
		const signed = await sign({
			method: 'GET',
			url: '/logistics/202309/warehouses',
			headers: { 'X-TTS-Access-Token': 'old', 'Content-Type': 'text/plain' },
			json: true,
		});
		const headerNames = Object.keys(signed.headers ?? {}).map((name) => name.toLowerCase());
		expect(headerNames.filter((name) => name === 'x-tts-access-token')).toHaveLength(1);
		expect(headerNames.filter((name) => name === 'content-type')).toHaveLength(1);
	});
});
