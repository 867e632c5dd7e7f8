/**
 * Opaque page tokens, bound to the request's filters/sort. Token = standard base64 of
 * salt(5 bytes) || (json XOR keystream(salt)); the byte length is never a multiple of 3, so every token
 * ends in '=' and most contain '+' or '/' too (like TikTok's tokens). Keyset cursor: (sort value, id).
 */
import { createHash, randomBytes } from 'crypto';
import { badParam, cmpId } from './util';

// global aliases (fast inside jest vm contexts, see prng.ts)
const S_ = String;

export type Cursor = [number, string];

interface TokenPayload {
	h: string;
	c: Cursor;
}

const SALT = 5;

function keystream(salt: Buffer, len: number): Buffer {
	const out = Buffer.alloc(len);
	let block = Buffer.alloc(0);
	for (let i = 0; i < len; i++) {
		if (i % 32 === 0) block = createHash('sha256').update(salt).update(S_(i)).digest();
		out[i] = block[i % 32];
	}
	return out;
}

export function filterHash(kind: string, filters: unknown): string {
	return createHash('sha1').update(kind).update('\0').update(JSON.stringify(filters)).digest('hex').slice(0, 12);
}

export function encodePageToken(hash: string, cursor: Cursor): string {
	let json = Buffer.from(JSON.stringify({ h: hash, c: cursor } satisfies TokenPayload));
	// make total length ≢ 0 (mod 3) so base64 always carries '=' padding
	while ((json.length + SALT) % 3 === 0) json = Buffer.concat([json, Buffer.from(' ')]);
	const salt = randomBytes(SALT);
	const ks = keystream(salt, json.length);
	for (let i = 0; i < json.length; i++) json[i] ^= ks[i];
	return Buffer.concat([salt, json]).toString('base64');
}

/** Decode and check a token against the current filter hash; throws 36009004 when invalid or mismatched. */
export function decodePageToken(token: string, hash: string): Cursor {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw badParam('Invalid page_token: not a valid token');
	const raw = Buffer.from(token, 'base64');
	if (raw.length <= SALT) throw badParam('Invalid page_token');
	const salt = raw.subarray(0, SALT);
	const body = Buffer.from(raw.subarray(SALT));
	const ks = keystream(salt, body.length);
	for (let i = 0; i < body.length; i++) body[i] ^= ks[i];
	let p: TokenPayload;
	try {
		p = JSON.parse(body.toString('utf8')) as TokenPayload;
	} catch {
		throw badParam('Invalid page_token');
	}
	if (
		!p ||
		typeof p.h !== 'string' ||
		!Array.isArray(p.c) ||
		typeof p.c[0] !== 'number' ||
		typeof p.c[1] !== 'string'
	) {
		throw badParam('Invalid page_token');
	}
	if (p.h !== hash)
		throw badParam(
			'Invalid page_token: the token does not match the current search conditions (filters or sort changed)',
		);
	return p.c;
}

export function cmpCursor(a: Cursor, b: Cursor): number {
	return a[0] - b[0] || cmpId(a[1], b[1]);
}

/**
 * Slice one page from `list` (already sorted by key, ascending or descending) after `cursor`.
 * Returns the page and the cursor of its last element when more items follow.
 */
export function pageAfter<T>(
	list: T[],
	key: (t: T) => Cursor,
	desc: boolean,
	cursor: Cursor | null,
	pageSize: number,
): { page: T[]; next: Cursor | null } {
	let start = 0;
	if (cursor) {
		// first index whose key is strictly after the cursor in list order
		let lo = 0;
		let hi = list.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const c = cmpCursor(key(list[mid]), cursor);
			const after = desc ? c < 0 : c > 0;
			if (after) hi = mid;
			else lo = mid + 1;
		}
		start = lo;
	}
	const page = list.slice(start, start + pageSize);
	const next = start + pageSize < list.length && page.length ? key(page[page.length - 1]) : null;
	return { page, next };
}

/** Small cache of sorted/filtered result lists, invalidated by the world version. */
export class ResultCache<T> {
	private readonly map = new Map<string, { version: number; list: T[] }>();
	constructor(private readonly max = 32) {}

	get(key: string, version: number, build: () => T[]): T[] {
		const hit = this.map.get(key);
		if (hit && hit.version === version) {
			this.map.delete(key);
			this.map.set(key, hit);
			return hit.list;
		}
		const list = build();
		this.map.set(key, { version, list });
		if (this.map.size > this.max) {
			const first = this.map.keys().next().value;
			if (first !== undefined) this.map.delete(first);
		}
		return list;
	}
}
