/** Shared HTTP helpers: body reading, the TikTok envelope, and the recorded-request ring buffer. */
import type { IncomingMessage, ServerResponse } from 'http';
import { requestId } from './util';

export const MAX_BODY = 10 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export interface Envelope {
	code: number;
	message: string;
	request_id: string;
	data: unknown;
}

export function envelope(code: number, message: string, data: unknown = null, rid = requestId()): Envelope {
	return { code, message, request_id: rid, data };
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	extraHeaders: Record<string, string> = {},
): void {
	if (res.writableEnded || res.destroyed) return;
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
		...extraHeaders,
	});
	res.end(text);
}

export interface RecordedRequest {
	seq: number;
	at: number;
	host: 'api' | 'auth';
	method: string;
	path: string;
	route: string | null;
	query: Record<string, string>;
	body: unknown;
	status: number;
	code: number | null;
	message: string;
	request_id: string;
	shop_id: string | null;
	duration_ms: number;
	fault?: string;
	/** Fields sent that TikTok's reference does not list for this API (see emulator/contract). */
	warnings?: string[];
}

/** A request field the reference does not list: the call proceeded, but every test suite fails on these. */
export interface ContractWarning {
	seq: number;
	at: number;
	host: 'api' | 'auth';
	method: string;
	path: string;
	route: string | null;
	message: string;
}

export class RequestLog {
	private items: RecordedRequest[] = [];
	private seq = 0;
	constructor(public max = 20000) {}

	/** Every contract warning since start (or the last clearWarnings); not trimmed with the ring buffer. */
	readonly warnings: ContractWarning[] = [];

	add(r: Omit<RecordedRequest, 'seq'>): RecordedRequest {
		const rec = { seq: ++this.seq, ...r };
		if (r.warnings?.length) {
			for (const message of r.warnings)
				this.warnings.push({
					seq: rec.seq,
					at: r.at,
					host: r.host,
					method: r.method,
					path: r.path,
					route: r.route,
					message,
				});
			// bounded, but a flood of warnings must stay visible as "many", not vanish
			if (this.warnings.length > 10000) this.warnings.splice(0, this.warnings.length - 10000);
		}
		this.items.push(rec);
		if (this.items.length > this.max + Math.ceil(this.max / 10)) this.items.splice(0, this.items.length - this.max);
		return rec;
	}

	list(
		filter: { path_prefix?: string; host?: string; since_seq?: number; limit?: number; method?: string } = {},
	): RecordedRequest[] {
		let out = this.items.length > this.max ? this.items.slice(this.items.length - this.max) : this.items.slice();
		if (filter.host) out = out.filter((r) => r.host === filter.host);
		if (filter.method) out = out.filter((r) => r.method === filter.method!.toUpperCase());
		if (filter.path_prefix) out = out.filter((r) => r.path.startsWith(filter.path_prefix!));
		if (filter.since_seq !== undefined) out = out.filter((r) => r.seq > filter.since_seq!);
		if (filter.limit !== undefined && out.length > filter.limit) out = out.slice(out.length - filter.limit);
		return out;
	}

	clear(): void {
		this.items = [];
	}

	clearWarnings(): void {
		this.warnings.length = 0;
	}

	get size(): number {
		return Math.min(this.items.length, this.max);
	}
}

/** Parse a body for the request log: JSON when possible, otherwise a (truncated) string. */
export function bodyForLog(buf: Buffer): unknown {
	if (buf.length === 0) return null;
	const s = buf.length > 65536 ? buf.subarray(0, 65536).toString('utf8') : buf.toString('utf8');
	try {
		return JSON.parse(s);
	} catch {
		return s;
	}
}
