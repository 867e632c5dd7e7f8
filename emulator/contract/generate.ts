/**
 * Builds emulator/contract/contract.json from TikTok Shop's API reference pages (one `*.spec.json` per endpoint).
 *
 *   npm run contract                      # reads ../shared/spec/tiktok-reference (next to the repository)
 *   npm run contract -- --ref <dir>       # or TIKTOK_REFERENCE_DIR=<dir>
 *   npm run contract -- --check           # exit 1 when the committed file differs from a fresh build
 *
 * The output holds facts only (names, locations, types, required flags, limits stated on the page, error codes) in
 * our own compact shape; no sentences from the pages. It is committed, so a clone without the reference works.
 */
import fs from 'fs';
import path from 'path';
import type {
	Contract,
	EndpointContract,
	FieldSpec,
	FieldType,
	Unreferenced,
	WebhookContract,
	WebhookField,
} from './types';

const METHODS: Record<number, EndpointContract['method']> = { 1: 'POST', 2: 'GET', 3: 'PUT', 4: 'DELETE' };
const DOC_BASE = 'https://partner.tiktokshop.com/docv2/page/';

/** Checked by the gateway itself (signing, token, shop), not by the per-endpoint field validation. */
export const GATEWAY_QUERY = ['app_key', 'sign', 'timestamp', 'shop_cipher'];

/**
 * Endpoints the node or the emulator uses that have no API reference page in the stored set. Listed so every
 * contract consumer can tell "unreferenced on purpose" from "forgotten".
 */
const UNREFERENCED: Unreferenced[] = [
	{
		host: 'auth',
		method: 'GET',
		path: '/api/v2/token/get',
		used_by: 'credential (first authorization)',
		query: ['app_key', 'app_secret', 'auth_code', 'grant_type'],
		source: `${DOC_BASE}authorization-overview-202407`,
		note: 'described in the authorization guide, not on an API reference page',
	},
	{
		host: 'auth',
		method: 'GET',
		path: '/api/v2/token/refresh',
		used_by: 'credential (token refresh)',
		query: ['app_key', 'app_secret', 'refresh_token', 'grant_type'],
		source: `${DOC_BASE}authorization-overview-202407`,
		note: 'described in the authorization guide, not on an API reference page',
	},
	{
		host: 'api',
		method: 'GET',
		path: '/order/202309/orders',
		used_by: 'emulator only (older Get Order Detail version)',
		query: ['ids'],
		source: '',
		note: 'the stored reference covers version 202507; the node calls 202507',
	},
	{
		host: 'api',
		method: 'POST',
		path: '/product/202309/products/search',
		used_by: 'emulator only (older Search Products version)',
		query: ['page_size', 'page_token'],
		source: '',
		note: 'the stored reference covers version 202502; the node calls 202502',
	},
];

interface RawParam {
	name: string;
	type: string;
	required: string;
	desc?: string;
}

function normType(t: string): FieldType {
	const s = t.trim().toLowerCase();
	const map: Record<string, FieldType> = {
		string: 'string',
		int: 'int',
		int32: 'int',
		int64: 'int',
		long: 'int',
		number: 'number',
		float: 'number',
		double: 'number',
		bool: 'bool',
		boolean: 'bool',
		object: 'object',
		'[]string': 'string[]',
		'[]int': 'int[]',
		'[]int64': 'int[]',
		'[]object': 'object[]',
	};
	const out = map[s];
	if (!out) throw new Error(`unknown type "${t}"`);
	return out;
}

const num = (s: string) => Number(s.replace(/,/g, ''));

/** Limits stated in a field description: ranges, max items, max length and enumerations. */
export function limitsFrom(desc: string, type: FieldType): Partial<FieldSpec> {
	const out: Partial<FieldSpec> = {};
	const d = desc.replace(/\r/g, '');
	const range = /Valid range:\s*\[\s*([\d.,]+)\s*[-,]\s*([\d.,]+)\s*\]/i.exec(d);
	if (range) {
		// "[1, 99,999]" uses ',' both as separator and thousands mark: split on the first ", " or "-"
		const inner = /\[\s*([^\]]+)\]/.exec(d.slice(range.index))![1];
		const parts = inner.includes('-') ? inner.split('-') : inner.split(/,\s+/);
		if (parts.length === 2) {
			out.min = num(parts[0].trim());
			out.max = num(parts[1].trim());
		}
	}
	const maxItems = /Max (?:count|number of IDs|IDs|number)\s*:\s*([\d,]+)/i.exec(d);
	if (maxItems && type.endsWith('[]')) out.max_items = num(maxItems[1]);
	const maxLen = /Max length:\s*([\d,]+)/i.exec(d);
	if (maxLen && type === 'string') out.max_length = num(maxLen[1]);
	const en = /(?:Possible|Available) values(?: based on [^:\n]*)?:\s*\n((?:\s*-\s+[^\n]*\n?)+)/i.exec(d);
	if (en && (type === 'string' || type === 'string[]')) {
		const values: string[] = [];
		let ok = true;
		for (const line of en[1].split('\n')) {
			const m = /^\s*-\s+`?([A-Za-z0-9_.]+)`?\s*(?::|$)/.exec(line);
			if (!line.trim()) continue;
			if (!m) {
				ok = false;
				break;
			}
			values.push(m[1]);
		}
		// a list that is not a plain list of codes ("- US: CENTIMETER, INCH") is not an enumeration
		if (ok && values.length && values.every((v) => /^[A-Za-z][A-Za-z0-9_.]*$/.test(v))) out.enum = values;
	}
	return out;
}

/** Turn the flat `^`-prefixed list into a tree. */
function tree(params: RawParam[]): Record<string, FieldSpec> {
	const root: Record<string, FieldSpec> = {};
	const stack: Array<Record<string, FieldSpec>> = [root];
	for (const p of params) {
		const depth = /^\^*/.exec(p.name)![0].length;
		const name = p.name.slice(depth);
		const type = normType(p.type);
		const spec: FieldSpec = { type, required: p.required === 'Y', ...limitsFrom(p.desc ?? '', type) };
		const parent = stack[depth];
		if (!parent) throw new Error(`field ${p.name} has no parent`);
		parent[name] = spec;
		stack.length = depth + 1;
		if (type === 'object' || type === 'object[]') {
			spec.fields = {};
			stack.push(spec.fields);
		}
	}
	return root;
}

function walk(dir: string): string[] {
	const out: string[] = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) out.push(...walk(p));
		else if (e.name.endsWith('.spec.json')) out.push(p);
	}
	return out.sort();
}

const WEBHOOK_TYPES = new Set(['int', 'string', 'bool', 'object', '[]string', '[]object', '[]int']);
const ENVELOPE = new Set(['type', 'tts_notification_id', 'shop_id', 'timestamp']);

/**
 * The `data` fields of one webhook page. Pages differ: some list the envelope (type, shop_id, …) with `data`
 * children marked by "└", some list the data fields directly, a few give `data` only as a JSON sample.
 */
export function parseWebhook(md: string): Record<string, WebhookField> {
	const root: Record<string, WebhookField> = {};
	const stack: Array<Record<string, WebhookField>> = [root];
	let offset = 0;
	for (const line of md.split('\n')) {
		if (!line.startsWith('| ')) continue;
		const cells = line.split('|').map((c) => c.trim());
		const rawName = cells[1] ?? '';
		const depth = (rawName.match(/└/g) ?? []).length;
		const name = rawName.replace(/└/g, '').trim();
		if (!/^[a-z][a-z0-9_]*$/.test(name)) continue;
		if (depth === 0 && ENVELOPE.has(name)) continue;
		if (depth === 0 && name === 'data') {
			// the envelope's data: its children are the fields; or a JSON sample of it
			offset = 1;
			const sample = /"data":\s*(\{.*\})/.exec(cells[2] ?? '');
			if (sample) for (const m of sample[1].matchAll(/"([a-z_]+)":/g)) root[m[1]] = {};
			continue;
		}
		const level = Math.max(0, depth - offset);
		const parent = stack[level];
		if (!parent) continue;
		const type = (cells[2] ?? '').toLowerCase();
		const field: WebhookField = WEBHOOK_TYPES.has(type) ? { type } : {};
		parent[name] = field;
		stack.length = level + 1;
		field.fields = {};
		stack.push(field.fields);
	}
	const prune = (f: Record<string, WebhookField>) => {
		for (const v of Object.values(f)) {
			if (v.fields && Object.keys(v.fields).length === 0) delete v.fields;
			else if (v.fields) prune(v.fields);
		}
	};
	prune(root);
	return root;
}

const WEBHOOK_PAGES: Record<number, string> = {
	1: '650300b8a57708028b430b4a',
	3: '650301af5a12ff0294ea3bf9',
	4: '650955cabace3e02b73cc886',
	5: '650956aff1fd3102b90b6261',
	6: '65095746defece02be4d749d',
	7: '6509579c0fcef602bf11312c',
	11: '65030150746462028285f657',
	12: '65030162bb2a4d028d50cc51',
	15: '65d6f41411a60f02dc1cf8bf',
	16: '663c98b566828e02e4515580',
	37: '67b5c6cba42623049abe5062',
};

function buildWebhooks(refDir: string): Record<string, WebhookContract> {
	const dir = path.join(refDir, 'webhooks');
	const out: Record<string, WebhookContract> = {};
	if (!fs.existsSync(dir)) return out;
	const files = fs.readdirSync(dir).filter((f) => /^\d+-.*\.md$/.test(f));
	files.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
	for (const f of files) {
		const type = parseInt(f, 10);
		out[String(type)] = {
			type,
			// page ids as the Event API page links them; type 27's page is named by its slug
			page: `${DOC_BASE}${WEBHOOK_PAGES[type] ?? f.replace(/^\d+-/, '').replace(/\.md$/, '')}`,
			file: f,
			data: parseWebhook(fs.readFileSync(path.join(dir, f), 'utf8')),
		};
	}
	return out;
}

export function buildContract(refDir: string): Contract {
	const apiDir = path.join(refDir, 'api');
	const endpoints: Record<string, EndpointContract> = {};
	for (const file of walk(apiDir)) {
		const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {
			document_id?: string;
			document_api_meta: Record<string, unknown>;
		};
		const m = doc.document_api_meta;
		const method = METHODS[m.method as number];
		if (!method) throw new Error(`${file}: unknown method code ${String(m.method)}`);
		const p = String(m.interface_path);
		const query = tree(((m.request_query_param as RawParam[]) ?? []).filter((q) => !GATEWAY_QUERY.includes(q.name)));
		const gatewayQuery = ((m.request_query_param as RawParam[]) ?? []).filter((q) => GATEWAY_QUERY.includes(q.name));
		const headers = ((m.request_header_param as RawParam[]) ?? []).map((h) => h.name.toLowerCase()).sort();
		const key = `${method} ${p}`;
		if (endpoints[key]) throw new Error(`two pages for ${key}`);
		endpoints[key] = {
			method,
			path: p,
			title: String(m.title),
			page: `${DOC_BASE}${String(m.document_path ?? doc.document_id)}`,
			file: path.relative(apiDir, file).split(path.sep).join('/'),
			shop_cipher:
				gatewayQuery.find((q) => q.name === 'shop_cipher')?.required === 'Y'
					? 'required'
					: gatewayQuery.some((q) => q.name === 'shop_cipher')
						? 'optional'
						: 'absent',
			headers,
			path_params: ((m.request_path_param as RawParam[]) ?? []).map((x) => x.name),
			query,
			body: tree((m.request_body_param as RawParam[]) ?? []),
			errors: [...new Set(((m.error_code_list as Array<{ code: string }>) ?? []).map((e) => Number(e.code)))].sort(
				(a, b) => a - b,
			),
		};
	}
	const sorted: Record<string, EndpointContract> = {};
	for (const k of Object.keys(endpoints).sort(
		(a, b) => endpoints[a].path.localeCompare(endpoints[b].path) || a.localeCompare(b),
	))
		sorted[k] = endpoints[k];
	return {
		about: 'Generated by emulator/contract/generate.ts from TikTok Shop API reference pages; do not edit by hand.',
		common: {
			query: { app_key: 'string', sign: 'string', timestamp: 'int' },
			headers: { 'x-tts-access-token': 'string', 'content-type': 'application/json' },
			source: `${DOC_BASE}common-parameters`,
			validation_error: { http_status: 400, code: 36009004, source: `${DOC_BASE}common-errors` },
		},
		endpoints: sorted,
		unreferenced: UNREFERENCED,
		webhooks: buildWebhooks(refDir),
	};
}

export const CONTRACT_FILE = path.join(__dirname, 'contract.json');

function main(argv: string[]): void {
	let ref = process.env.TIKTOK_REFERENCE_DIR ?? path.resolve(__dirname, '../../../shared/spec/tiktok-reference');
	let check = false;
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--ref') ref = path.resolve(argv[++i] ?? '');
		else if (argv[i].startsWith('--ref=')) ref = path.resolve(argv[i].slice(6));
		else if (argv[i] === '--check') check = true;
		else throw new Error(`unknown argument ${argv[i]}`);
	}
	if (!fs.existsSync(path.join(ref, 'api'))) {
		process.stderr.write(
			`contract: no reference at ${ref} (expected ${path.join(ref, 'api')}); pass --ref <dir> or set TIKTOK_REFERENCE_DIR\n`,
		);
		process.exit(2);
	}
	const text = `${JSON.stringify(buildContract(ref), null, '\t')}\n`;
	if (check) {
		const cur = fs.existsSync(CONTRACT_FILE) ? fs.readFileSync(CONTRACT_FILE, 'utf8') : '';
		if (cur !== text) {
			process.stderr.write('contract: emulator/contract/contract.json is out of date; run npm run contract\n');
			process.exit(1);
		}
		process.stdout.write('contract: up to date\n');
		return;
	}
	fs.writeFileSync(CONTRACT_FILE, text);
	const n = Object.keys(JSON.parse(text).endpoints).length;
	process.stdout.write(`contract: ${n} endpoints written to ${path.relative(process.cwd(), CONTRACT_FILE)}\n`);
}

if (require.main === module) main(process.argv.slice(2));
