/**
 * Express-like request/response objects for `WebhookContext` (`this.getRequestObject()`,
 * `this.getResponseObject()`, `this.getHeaderData()`, `this.getBodyData()`, `this.getQueryData()`).
 *
 * n8n hands a webhook node the Express `req`/`res` of its webhook server. Its body parsing leaves the
 * untouched bytes on `req.rawBody` (a Buffer) and the parsed body on `req.body`; header names are
 * lower-case, as Node delivers them. The response side implements the parts of Express's API that
 * nodes use (`status`, `send`, `json`, `sendStatus`, `end`, `set`/`header`/`setHeader`, `type`,
 * `getHeader`, `writeHead`, `write`, `redirect`) with Express's semantics: `send(string)` defaults to
 * `text/html`, `send(Buffer)` to `application/octet-stream`, `send(object)` is `json(object)`, and a
 * second response throws `ERR_HTTP_HEADERS_SENT` like Node does.
 */
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

export interface HarnessWebhookRequest {
	/** Default: the webhook description's `httpMethod` (or POST). */
	method?: string;
	/** Header names are lower-cased before they reach the node. */
	headers?: Record<string, string | string[] | undefined>;
	/** The exact bytes the sender signed. Default: `JSON.stringify(body)` when a body is given. */
	rawBody?: Buffer | string;
	/** The parsed body. Default: parsed from `rawBody` when the content type is JSON, else `{}`. */
	body?: unknown;
	query?: Record<string, string | string[]>;
	params?: Record<string, string>;
	/** The request path after the webhook base URL; informational. */
	path?: string;
	ip?: string;
}

export interface CapturedHttpResponse {
	/** 200 unless the node changed it, as in Express. */
	statusCode: number;
	headers: Record<string, string | number | string[]>;
	/** The raw bytes sent, as a string (UTF-8). `undefined` when nothing was sent. */
	body: string | undefined;
	/** `body` parsed as JSON when it is JSON, else `undefined`. */
	json: unknown;
	/** True once the node sent or ended the response. */
	finished: boolean;
}

export type HarnessRequest = EventEmitter & {
	method: string;
	url: string;
	originalUrl: string;
	path: string;
	headers: IncomingHttpHeaders;
	rawHeaders: string[];
	rawBody: Buffer;
	body: unknown;
	query: Record<string, string | string[]>;
	params: Record<string, string>;
	ip: string;
	contentType: string | undefined;
	get(name: string): string | string[] | undefined;
	header(name: string): string | string[] | undefined;
	is(type: string): string | false;
};

export function createRequest(input: HarnessWebhookRequest, defaultMethod: string): HarnessRequest {
	const headers: IncomingHttpHeaders = {};
	const rawHeaders: string[] = [];
	for (const [name, value] of Object.entries(input.headers ?? {})) {
		if (value === undefined) continue;
		headers[name.toLowerCase()] = value;
		for (const v of Array.isArray(value) ? value : [value]) rawHeaders.push(name, v);
	}

	let rawBody: Buffer;
	if (input.rawBody !== undefined) {
		rawBody = Buffer.isBuffer(input.rawBody) ? input.rawBody : Buffer.from(input.rawBody, 'utf8');
	} else if (input.body !== undefined) {
		rawBody = Buffer.from(typeof input.body === 'string' ? input.body : JSON.stringify(input.body), 'utf8');
		headers['content-type'] ??= typeof input.body === 'string' ? 'text/plain' : 'application/json';
	} else {
		rawBody = Buffer.alloc(0);
	}
	if (headers['content-length'] === undefined) headers['content-length'] = String(rawBody.length);

	const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
	let body = input.body;
	if (body === undefined) {
		body = {};
		if (rawBody.length > 0 && contentType && /[/+]json\b/i.test(contentType)) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = {};
			}
		}
	}

	const query = input.query ?? {};
	const path = input.path ?? '/';
	const search = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) for (const x of Array.isArray(v) ? v : [v]) search.append(k, x);
	const url = search.size > 0 ? `${path}?${search.toString()}` : path;

	const get = (name: string) => headers[name.toLowerCase()];
	const request = Object.assign(new EventEmitter(), {
		method: (input.method ?? defaultMethod).toUpperCase(),
		url,
		originalUrl: url,
		path,
		headers,
		rawHeaders,
		rawBody,
		body,
		query,
		params: input.params ?? {},
		ip: input.ip ?? '127.0.0.1',
		contentType: contentType?.split(';')[0].trim(),
		get,
		header: get,
		is(type: string) {
			if (!contentType) return false;
			const base = contentType.split(';')[0].trim().toLowerCase();
			const wanted = type.includes('/') ? type.toLowerCase() : type.toLowerCase() === 'json' ? 'application/json' : type.toLowerCase();
			return base === wanted || base.endsWith(`/${wanted}`) || base.endsWith(`+${wanted}`) ? base : false;
		},
	});
	return request as HarnessRequest;
}

function headersSentError() {
	const error = new Error('Cannot set headers after they are sent to the client') as Error & { code: string };
	error.code = 'ERR_HTTP_HEADERS_SENT';
	return error;
}

export class HarnessResponse extends EventEmitter {
	statusCode = 200;
	statusMessage = '';
	headersSent = false;
	finished = false;
	writableEnded = false;
	locals: IDataObject = {};

	private readonly headerMap: Record<string, string | number | string[]> = {};
	private readonly chunks: Buffer[] = [];
	private bodySent = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number) {
		this.statusCode = code;
		return this.type('text/plain').send(String(code));
	}

	setHeader(name: string, value: string | number | readonly string[]) {
		if (this.headersSent) throw headersSentError();
		this.headerMap[name.toLowerCase()] = Array.isArray(value) ? [...value] : (value as string | number);
		return this;
	}

	set(field: string | Record<string, string>, value?: string | string[]) {
		if (typeof field === 'object') {
			for (const [k, v] of Object.entries(field)) this.setHeader(k, v);
		} else {
			this.setHeader(field, value ?? '');
		}
		return this;
	}

	header(field: string | Record<string, string>, value?: string | string[]) {
		return this.set(field, value);
	}

	append(field: string, value: string | string[]) {
		const existing = this.headerMap[field.toLowerCase()];
		const add = Array.isArray(value) ? value : [value];
		const next = existing === undefined ? add : [...(Array.isArray(existing) ? existing : [String(existing)]), ...add];
		return this.setHeader(field, next.length === 1 ? next[0] : next);
	}

	getHeader(name: string) {
		return this.headerMap[name.toLowerCase()];
	}

	getHeaders() {
		return { ...this.headerMap };
	}

	hasHeader(name: string) {
		return name.toLowerCase() in this.headerMap;
	}

	removeHeader(name: string) {
		if (this.headersSent) throw headersSentError();
		delete this.headerMap[name.toLowerCase()];
	}

	get(name: string) {
		return this.getHeader(name);
	}

	type(type: string) {
		const mime = type.includes('/')
			? type
			: ({ json: 'application/json', html: 'text/html', text: 'text/plain', txt: 'text/plain' } as Record<string, string>)[type] ?? type;
		return this.setHeader('content-type', mime);
	}

	contentType(type: string) {
		return this.type(type);
	}

	location(url: string) {
		return this.setHeader('location', url);
	}

	redirect(statusOrUrl: number | string, maybeUrl?: string) {
		const [status, url] = typeof statusOrUrl === 'number' ? [statusOrUrl, maybeUrl ?? ''] : [302, statusOrUrl];
		this.statusCode = status;
		this.location(url);
		return this.send(`Redirecting to ${url}`);
	}

	writeHead(statusCode: number, headers?: Record<string, string | number | string[]>) {
		if (this.headersSent) throw headersSentError();
		this.statusCode = statusCode;
		for (const [k, v] of Object.entries(headers ?? {})) this.setHeader(k, v);
		this.headersSent = true;
		return this;
	}

	flushHeaders() {
		this.headersSent = true;
	}

	write(chunk: string | Buffer) {
		if (this.writableEnded) throw new Error('write after end');
		this.headersSent = true;
		this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8'));
		return true;
	}

	json(body: unknown): this {
		if (!this.hasHeader('content-type')) this.setHeader('content-type', 'application/json; charset=utf-8');
		return this.send(JSON.stringify(body));
	}

	send(body?: unknown): this {
		if (this.bodySent || this.writableEnded) throw headersSentError();
		if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
			return this.json(body);
		}
		let bytes: Buffer;
		if (Buffer.isBuffer(body)) {
			if (!this.hasHeader('content-type')) this.setHeader('content-type', 'application/octet-stream');
			bytes = body;
		} else if (body === undefined || body === null) {
			bytes = Buffer.alloc(0);
		} else {
			if (typeof body === 'string' && !this.hasHeader('content-type')) {
				this.setHeader('content-type', 'text/html; charset=utf-8');
			}
			bytes = Buffer.from(String(body), 'utf8');
		}
		this.setHeader('content-length', bytes.length);
		this.bodySent = true;
		this.end(bytes);
		return this;
	}

	end(chunk?: string | Buffer | (() => void)) {
		if (this.writableEnded) return this;
		if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk);
		this.headersSent = true;
		this.finished = true;
		this.writableEnded = true;
		this.emit('finish');
		if (typeof chunk === 'function') chunk();
		return this;
	}

	/** What was sent, as a test wants to see it. */
	captured(): CapturedHttpResponse {
		const sent = this.chunks.length > 0 || this.writableEnded;
		const body = sent ? Buffer.concat(this.chunks).toString('utf8') : undefined;
		let json: unknown;
		if (body !== undefined && body.length > 0) {
			try {
				json = JSON.parse(body);
			} catch {
				json = undefined;
			}
		}
		return {
			statusCode: this.statusCode,
			headers: this.getHeaders(),
			body,
			json,
			finished: this.writableEnded,
		};
	}
}
