/** Shape of emulator/contract/contract.json (generated from TikTok Shop's API reference pages). */

export type FieldType = 'string' | 'int' | 'number' | 'bool' | 'object' | 'string[]' | 'int[]' | 'object[]';

export interface FieldSpec {
	type: FieldType;
	required: boolean;
	/** Numeric range stated on the page ("Valid range"). */
	min?: number;
	max?: number;
	/** Array length limit stated on the page ("Max count"). */
	max_items?: number;
	max_length?: number;
	/** Values listed on the page ("Possible values"). */
	enum?: string[];
	/** Children of an object, or of each element of an object array. */
	fields?: Record<string, FieldSpec>;
}

export interface EndpointContract {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	title: string;
	/** TikTok's page for this endpoint. */
	page: string;
	/** The reference file it came from (relative to the reference's api/ folder). */
	file: string;
	shop_cipher: 'required' | 'optional' | 'absent';
	headers: string[];
	path_params: string[];
	/** Query fields besides app_key/sign/timestamp/shop_cipher (checked by the gateway). */
	query: Record<string, FieldSpec>;
	body: Record<string, FieldSpec>;
	/** Error codes the page lists. */
	errors: number[];
}

export interface Unreferenced {
	host: 'api' | 'auth';
	method: string;
	path: string;
	used_by: string;
	query: string[];
	source: string;
	note: string;
}

/** A webhook's `data` fields as a reference page lists them (names always; types where the page gives them). */
export interface WebhookField {
	type?: string;
	fields?: Record<string, WebhookField>;
}

export interface WebhookContract {
	type: number;
	page: string;
	file: string;
	data: Record<string, WebhookField>;
}

export interface Contract {
	about: string;
	common: {
		query: Record<string, string>;
		headers: Record<string, string>;
		source: string;
		validation_error: { http_status: number; code: number; source: string };
	};
	endpoints: Record<string, EndpointContract>;
	unreferenced: Unreferenced[];
	/** Keyed by the numeric event type. */
	webhooks: Record<string, WebhookContract>;
}
