/**
 * Request validation against the contract generated from TikTok's reference pages (contract.json).
 *
 * - missing required field or wrong type → refusal
 *   (HTTP 400, code 36009004, message naming the field path, e.g. `skus[0].price.currency`);
 * - a field the page does not list, or a value outside a limit/list the page states → a warning (the call
 *   proceeds; the handler answers as TikTok does), recorded in the request log.
 *
 * Each endpoint is compiled once into closures, so a request costs one pass over what it sent.
 */
import fs from 'fs';
import path from 'path';
import type { Contract, EndpointContract, FieldSpec } from './types';

export interface ValidationResult {
	/** First refusal reason (the message names the field), or null. */
	error: string | null;
	/** Fields the reference does not list. */
	warnings: string[];
}

type Check = (v: unknown, where: string, out: ValidationResult) => void;

/**
 * Limits that a handler checks itself because the emulator plays more than one documented alternative
 * (see EmulatorModes): the range is then the handler's, reported the way TikTok reports it (per-SKU errors).
 */
const HANDLER_CHECKED = new Set([
	// page: 1..99,999; TikTok's SDK: 0..99,999 (modes.inventory_quantity)
	'POST /product/202309/products/{product_id}/inventory/update#skus.inventory.quantity',
]);

// module-level aliases: global lookups are slow inside jest's vm context (see prng.ts), and validation runs on
// every request of every suite
const isArray = Array.isArray;
const isInteger = Number.isInteger;
const isFinite_ = Number.isFinite;
const Num = Number;

let cached: Contract | null = null;

export function loadContract(): Contract {
	if (!cached) cached = JSON.parse(fs.readFileSync(path.join(__dirname, 'contract.json'), 'utf8')) as Contract;
	return cached;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !isArray(v);
const join = (where: string, name: string) => `${where}.${name}`;
const fail = (out: ValidationResult, msg: string) => {
	if (!out.error) out.error = msg;
};
/**
 * A value outside a limit or list the page states. Warned, not refused: where the emulator's handler knows how
 * TikTok reports it (per-item errors in data.errors, a specific code) the handler still answers.
 */
const outside = (out: ValidationResult, msg: string) => {
	out.warnings.push(`${msg} (outside what TikTok's reference states)`);
};

function typeName(v: unknown): string {
	if (v === null) return 'null';
	if (isArray(v)) return 'array';
	return typeof v;
}

/** Compile one JSON body field. `specPath` names the field without indexes (for HANDLER_CHECKED). */
function compileField(spec: FieldSpec, key: string, specPath: string): Check {
	const skipLimits = HANDLER_CHECKED.has(`${key}#${specPath}`);
	const hasRange = !skipLimits && (spec.min !== undefined || spec.max !== undefined);
	const en = !skipLimits && spec.enum ? new Set(spec.enum) : null;
	const range = (n: number, where: string, out: ValidationResult) => {
		if (hasRange && ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)))
			outside(out, `${where} must be in [${spec.min ?? ''}, ${spec.max ?? ''}], got ${n}`);
	};
	const enumCheck = (s: string, where: string, out: ValidationResult) => {
		if (en && !en.has(s)) outside(out, `${where} must be one of ${spec.enum!.join(', ')}, got "${s}"`);
	};
	const maxItems = (a: unknown[], where: string, out: ValidationResult) => {
		if (!skipLimits && spec.max_items !== undefined && a.length > spec.max_items)
			outside(out, `${where} must contain at most ${spec.max_items} items, got ${a.length}`);
	};
	switch (spec.type) {
		case 'string':
			return (v, where, out) => {
				if (typeof v !== 'string') return fail(out, `${where} must be a string, got ${typeName(v)}`);
				if (!skipLimits && spec.max_length !== undefined && v.length > spec.max_length)
					outside(out, `${where} must be at most ${spec.max_length} characters, got ${v.length}`);
				enumCheck(v, where, out);
				if (hasRange && v !== '' && isFinite_(Num(v))) range(Num(v), where, out);
			};
		case 'int':
			return (v, where, out) => {
				if (typeof v !== 'number' || !isInteger(v))
					return fail(out, `${where} must be an integer, got ${typeName(v)}${typeof v === 'number' ? ` ${v}` : ''}`);
				range(v, where, out);
			};
		case 'number':
			return (v, where, out) => {
				if (typeof v !== 'number' || !isFinite_(v)) return fail(out, `${where} must be a number, got ${typeName(v)}`);
				range(v, where, out);
			};
		case 'bool':
			return (v, where, out) => {
				if (typeof v !== 'boolean') fail(out, `${where} must be a boolean, got ${typeName(v)}`);
			};
		case 'string[]':
		case 'int[]': {
			const elem = spec.type === 'string[]' ? 'string' : 'number';
			return (v, where, out) => {
				if (!isArray(v)) return fail(out, `${where} must be an array, got ${typeName(v)}`);
				maxItems(v, where, out);
				for (let i = 0; i < v.length; i++) {
					const x = v[i];
					if (typeof x !== elem || (elem === 'number' && !isInteger(x)))
						return fail(
							out,
							`${where}[${i}] must be ${elem === 'string' ? 'a string' : 'an integer'}, got ${typeName(x)}`,
						);
					if (elem === 'string') enumCheck(x as string, `${where}[${i}]`, out);
				}
			};
		}
		case 'object': {
			const obj = compileObject(spec.fields ?? {}, key, specPath);
			return (v, where, out) => {
				if (!isObj(v)) return fail(out, `${where} must be an object, got ${typeName(v)}`);
				obj(v, where, out);
			};
		}
		case 'object[]': {
			const obj = compileObject(spec.fields ?? {}, key, specPath);
			return (v, where, out) => {
				if (!isArray(v)) return fail(out, `${where} must be an array, got ${typeName(v)}`);
				maxItems(v, where, out);
				for (let i = 0; i < v.length; i++) {
					const x = v[i];
					if (!isObj(x)) return fail(out, `${where}[${i}] must be an object, got ${typeName(x)}`);
					obj(x, `${where}[${i}]`, out);
				}
			};
		}
	}
}

type ObjCheck = (v: Record<string, unknown>, where: string, out: ValidationResult) => void;

function compileObject(fields: Record<string, FieldSpec>, key: string, specPath: string): ObjCheck {
	const checks = new Map<string, Check>();
	const required: string[] = [];
	for (const [name, spec] of Object.entries(fields)) {
		checks.set(name, compileField(spec, key, specPath ? `${specPath}.${name}` : name));
		if (spec.required) required.push(name);
	}
	return (v, where, out) => {
		for (const name of required) {
			const x = v[name];
			if (x === undefined || x === null) fail(out, `param ${join(where, name)} is missing`);
		}
		for (const name in v) {
			const x = v[name];
			const check = checks.get(name);
			if (!check) {
				out.warnings.push(`${join(where, name)} is not a field of this API in TikTok's reference`);
				continue;
			}
			if (x === undefined || x === null) continue;
			check(x, join(where, name), out);
		}
	};
}

/** Query values are strings on the wire: check that they parse as the documented type. */
function compileQueryField(spec: FieldSpec, name: string): (raw: string, out: ValidationResult) => void {
	const label = `query.${name}`;
	const en = spec.enum ? new Set(spec.enum) : null;
	const range = (n: number, out: ValidationResult) => {
		if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
			outside(out, `${label} must be in [${spec.min ?? ''}, ${spec.max ?? ''}], got ${n}`);
	};
	return (raw, out) => {
		switch (spec.type) {
			case 'int':
				if (!/^-?\d+$/.test(raw)) return fail(out, `${label} must be an integer, got "${raw}"`);
				return range(Num(raw), out);
			case 'number':
				if (!isFinite_(Num(raw))) return fail(out, `${label} must be a number, got "${raw}"`);
				return range(Num(raw), out);
			case 'bool':
				if (raw !== 'true' && raw !== 'false') fail(out, `${label} must be true or false, got "${raw}"`);
				return;
			case 'string[]':
			case 'int[]': {
				// comma-separated on the wire (e.g. Get Order Detail ids)
				const items = raw.split(',');
				if (spec.max_items !== undefined && items.length > spec.max_items)
					return outside(out, `${label} must contain at most ${spec.max_items} items, got ${items.length}`);
				if (spec.type === 'int[]' && items.some((x) => !/^-?\d+$/.test(x)))
					return fail(out, `${label} must be a comma-separated list of integers`);
				if (en)
					for (const x of items)
						if (!en.has(x)) return outside(out, `${label} must be one of ${spec.enum!.join(', ')}, got "${x}"`);
				return;
			}
			case 'string':
				if (spec.max_length !== undefined && raw.length > spec.max_length)
					return outside(out, `${label} must be at most ${spec.max_length} characters, got ${raw.length}`);
				if (en && !en.has(raw)) return outside(out, `${label} must be one of ${spec.enum!.join(', ')}, got "${raw}"`);
				// string-typed page_size with a stated range (return/cancellation search)
				if ((spec.min !== undefined || spec.max !== undefined) && raw !== '' && isFinite_(Num(raw)))
					range(Num(raw), out);
				return;
			default:
				return fail(out, `${label} cannot be sent in the query`);
		}
	};
}

export interface EndpointValidator {
	endpoint: EndpointContract;
	/** `query` as parsed from the URL; `body` as parsed JSON (undefined when empty). */
	validate(query: Record<string, string>, body: unknown): ValidationResult;
}

/** Query keys the gateway itself handles (and refuses where TikTok does). */
const GATEWAY_KEYS = new Set(['app_key', 'sign', 'timestamp', 'shop_cipher', 'access_token', 'shop_id', 'version']);

export function compileEndpoint(ep: EndpointContract): EndpointValidator {
	const key = `${ep.method} ${ep.path}`;
	const queryChecks = new Map<string, (raw: string, out: ValidationResult) => void>();
	const queryRequired: string[] = [];
	for (const [name, spec] of Object.entries(ep.query)) {
		queryChecks.set(name, compileQueryField(spec, name));
		if (spec.required) queryRequired.push(name);
	}
	const bodyFields = Object.keys(ep.body);
	const body = compileObject(ep.body, key, '');
	const bodyRequired = Object.entries(ep.body)
		.filter(([, s]) => s.required)
		.map(([n]) => n);
	return {
		endpoint: ep,
		validate(query, b) {
			const out: ValidationResult = { error: null, warnings: [] };
			for (const name of queryRequired)
				if (query[name] === undefined || query[name] === '') fail(out, `param query.${name} is missing`);
			for (const name in query) {
				const check = queryChecks.get(name);
				if (check) {
					if (query[name] !== '') check(query[name], out);
				} else if (!GATEWAY_KEYS.has(name))
					out.warnings.push(`query.${name} is not a parameter of this API in TikTok's reference`);
			}
			if (b === undefined || b === null) {
				if (bodyRequired.length) fail(out, `param body.${bodyRequired[0]} is missing`);
			} else if (!isObj(b)) {
				fail(out, 'the request body must be a JSON object');
			} else if (bodyFields.length === 0) {
				for (const name in b)
					out.warnings.push(`body.${name} is not a field of this API in TikTok's reference (it takes no body)`);
			} else body(b, 'body', out);
			return out;
		},
	};
}

/** Validators for every endpoint of the contract, keyed "METHOD /path/{param}". */
export function compileContract(contract: Contract = loadContract()): Map<string, EndpointValidator> {
	const out = new Map<string, EndpointValidator>();
	for (const [k, ep] of Object.entries(contract.endpoints)) out.set(k, compileEndpoint(ep));
	return out;
}

/** "METHOD path" pairs with no reference page that are known and listed (no warning for them). */
export function unreferencedKeys(contract: Contract = loadContract()): Set<string> {
	return new Set(contract.unreferenced.map((u) => `${u.method} ${u.path}`));
}
