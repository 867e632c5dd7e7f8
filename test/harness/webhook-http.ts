/**
 * The HTTP request a webhook node reads and the response it writes (`this.getRequestObject()`,
 * `this.getHeaderData()`, `this.getBodyData()`, `this.getQueryData()`, `this.getResponseObject()`).
 *
 * What a node sees on a real n8n, and what we give it: header names in lower case, the parsed JSON
 * body on `body`, and the bytes exactly as sent on `rawBody` (a Buffer), which is what a signature is
 * checked over. `test/e2e/webhook-trigger.e2e.ts` checks this on a real n8n: a wrongly signed call
 * gets the node's 401, the same bytes correctly signed start one execution.
 *
 * The response is the part of Express's response API that webhook nodes call (`status`, `send`,
 * `json`, `end`, `sendStatus`, headers), recording what was sent. Sending a second body throws, as
 * Node does once a response has been sent.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface HarnessWebhookRequest {
	/** Header names are lower-cased before they reach the node. */
	headers?: Record<string, string | string[] | undefined>;
	/** The bytes the sender signed. Default: `JSON.stringify(body)` when a body is given. */
	rawBody?: Buffer | string;
	/** The parsed body. Default: `rawBody` parsed when the content type is JSON, else `{}`. */
	body?: unknown;
	query?: Record<string, string | string[]>;
	/** The URL path the call came in on; informational. */
	path?: string;
}

export interface CapturedHttpResponse {
	/** 200 unless the node set another. */
	statusCode: number;
	headers: Record<string, string | number>;
	/** What was sent, as UTF-8 text; `undefined` when the node sent nothing. */
	body: string | undefined;
	/** `body` as JSON when it is JSON. */
	json: unknown;
	/** True once the node ended the response. */
	finished: boolean;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export function createRequest(input: HarnessWebhookRequest, method: string) {
	const headers: IncomingHttpHeaders = {};
	for (const [name, value] of Object.entries(input.headers ?? {})) {
		if (value !== undefined) headers[name.toLowerCase()] = value;
	}
	const given =
		input.rawBody ??
		(input.body === undefined ? '' : typeof input.body === 'string' ? input.body : JSON.stringify(input.body));
	const rawBody = Buffer.isBuffer(given) ? given : Buffer.from(given, 'utf8');
	if (input.rawBody === undefined && input.body !== undefined) {
		headers['content-type'] ??= typeof input.body === 'string' ? 'text/plain' : 'application/json';
	}
	headers['content-length'] ??= String(rawBody.length);

	const isJson = /[/+]json\b/i.test(String(headers['content-type'] ?? ''));
	let body = input.body;
	if (body === undefined) body = (isJson && rawBody.length > 0 ? parseJson(rawBody.toString('utf8')) : undefined) ?? {};
	const path = input.path ?? '/';
	return {
		method,
		url: path,
		path,
		headers,
		rawBody,
		body,
		query: input.query ?? {},
		params: {},
		get: (name: string) => headers[name.toLowerCase()],
	};
}

export class HarnessResponse {
	statusCode = 200;
	headersSent = false;
	private readonly headers: Record<string, string | number> = {};
	private readonly chunks: Buffer[] = [];
	private ended = false;
	private bodySent = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number) {
		this.statusCode = code;
		return this.type('text/plain').send(String(code));
	}

	setHeader(name: string, value: string | number) {
		if (this.headersSent) throw alreadySent();
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	set(name: string | Record<string, string>, value = '') {
		const entries = typeof name === 'string' ? [[name, value]] : Object.entries(name);
		for (const [key, val] of entries) this.setHeader(key, val);
		return this;
	}

	header(name: string | Record<string, string>, value?: string) {
		return this.set(name, value);
	}

	getHeader(name: string) {
		return this.headers[name.toLowerCase()];
	}

	type(type: string) {
		const short: Record<string, string> = { json: 'application/json', html: 'text/html', text: 'text/plain' };
		return this.setHeader('content-type', short[type] ?? type);
	}

	json(body: unknown) {
		if (this.getHeader('content-type') === undefined) this.setHeader('content-type', 'application/json; charset=utf-8');
		return this.send(JSON.stringify(body));
	}

	send(body?: unknown): this {
		if (this.bodySent || this.ended) throw alreadySent();
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return this.json(body);
		if (typeof body === 'string' && this.getHeader('content-type') === undefined) {
			this.setHeader('content-type', 'text/html; charset=utf-8');
		}
		const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body == null ? '' : String(body), 'utf8');
		this.setHeader('content-length', bytes.length);
		this.bodySent = true;
		return this.end(bytes);
	}

	write(chunk: string | Buffer) {
		if (this.ended) throw new Error('write after end');
		this.headersSent = true;
		this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8'));
		return true;
	}

	/** Ending twice is allowed and does nothing (a node may `send()` and then `end()`). */
	end(chunk?: string | Buffer) {
		if (this.ended) return this;
		if (chunk !== undefined) this.write(chunk);
		this.headersSent = true;
		this.ended = true;
		return this;
	}

	captured(): CapturedHttpResponse {
		const body = this.ended || this.chunks.length > 0 ? Buffer.concat(this.chunks).toString('utf8') : undefined;
		return {
			statusCode: this.statusCode,
			headers: { ...this.headers },
			body,
			json: body ? parseJson(body) : undefined,
			finished: this.ended,
		};
	}
}

function alreadySent() {
	return Object.assign(new Error('Cannot set headers after they are sent to the client'), {
		code: 'ERR_HTTP_HEADERS_SENT',
	});
}
