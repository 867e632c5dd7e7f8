/**
 * A second, independent implementation of TikTok's signing rules, written from TikTok's page for tests only:
 * https://partner.tiktokshop.com/docv2/page/sign-your-api-request
 * It must never import the package's own signing code: a bug shared by both would pass every test.
 */
import { createHmac } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';

export function referenceSign(secret: string, path: string, params: Array<[string, string]>, body: string): string {
	const filtered = params.filter(([key]) => key !== 'sign' && key !== 'access_token');
	filtered.sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
	const base = secret + path + filtered.map(([key, value]) => key + value).join('') + body + secret;
	return createHmac('sha256', secret).update(base).digest('hex');
}

export interface ReceivedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	rawQuery: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	signatureValid: boolean;
	expectedSign: string;
}

/** A loopback server that records each request and checks its signature with `referenceSign`. */
export async function startVerifyingServer(
	secret: string,
	respond: (request: ReceivedRequest) => { status?: number; body: unknown; headers?: Record<string, string> } = () => ({
		body: { code: 0, message: 'Success', request_id: 'req-1', data: {} },
	}),
): Promise<{ url: string; requests: ReceivedRequest[]; close: () => Promise<void> }> {
	const requests: ReceivedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const params: Array<[string, string]> = [];
			url.searchParams.forEach((value, key) => params.push([key, value]));
			const body = Buffer.concat(chunks).toString('utf8');
			const contentType = String(req.headers['content-type'] ?? '');
			const signedBody = contentType.startsWith('multipart/form-data') ? '' : body;
			const expectedSign = referenceSign(secret, url.pathname, params, signedBody);
			const received: ReceivedRequest = {
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(params),
				rawQuery: url.search,
				headers: req.headers,
				body,
				expectedSign,
				signatureValid: url.searchParams.get('sign') === expectedSign,
			};
			requests.push(received);
			const answer = respond(received);
			res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
			res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
