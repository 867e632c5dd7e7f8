/**
 * How the harness keeps credentials and hands them to n8n-core's request helpers.
 *
 * Our own minimal stand-in, written from what a real n8n 2.41 was seen doing with a token credential
 * (README.md, "n8n 2.41 behaviours the self-test pins"); the e2e suite checks the same behaviour on a
 * real n8n. It covers what our credential and the self-test use, nothing more:
 * - a node sees the declared fields with their defaults plus `allowedHttpRequestDomains`, and not the
 *   stored keys that are not declared fields;
 * - `preAuthentication` runs when the hidden `expirable` field is empty, after a 401, and in every
 *   credential test; everything it returns is saved over the stored credential;
 * - `authenticate` is a function. No generic `authenticate` object, no OAuth, no expressions inside
 *   credential values, no overwrites or external secrets.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentials,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, injectDomainRestrictionFields } from 'n8n-workflow';

/** A credential as a test hands it to the harness (what a user would have saved). */
export interface HarnessCredential {
	/** `null`: never saved, as in a credential test run from the form before the first save. */
	id: string | null;
	name: string;
	data: ICredentialDataDecryptedObject;
}

/** One save of a credential after it was created: a token exchange or refresh. */
export interface CredentialUpdate {
	id: string;
	name: string;
	type: string;
	/** The whole credential after the save. */
	data: ICredentialDataDecryptedObject;
}

/** The node type of the temporary node a credential test runs as (see credential-test.ts). */
export const CREDENTIAL_TEST_NODE_TYPE = 'harness.credentialTest';

/** Saved credentials, kept as JSON text so nothing a test still holds can change them behind n8n's back. */
export class CredentialStore {
	private readonly rows = new Map<string, { name: string; json: string }>();

	/** Every save after the first, oldest first. */
	readonly updates: CredentialUpdate[] = [];

	save(type: string, id: string, name: string, data: ICredentialDataDecryptedObject) {
		this.rows.set(`${type}/${id}`, { name, json: JSON.stringify(data) });
	}

	update(type: string, id: string, data: ICredentialDataDecryptedObject) {
		const row = this.rows.get(`${type}/${id}`);
		if (!row) throw new UnexpectedError(`The harness has no saved "${type}" credential with id "${id}"`);
		this.save(type, id, row.name, data);
		this.updates.push({ id, name: row.name, type, data: this.read(type, id)! });
	}

	read(type: string, id: string): ICredentialDataDecryptedObject | undefined {
		const row = this.rows.get(`${type}/${id}`);
		return row && (JSON.parse(row.json) as ICredentialDataDecryptedObject);
	}
}

/** The hidden field whose emptiness means "no token yet" (`typeOptions.expirable`). */
function expirableField(type: ICredentialType): string | undefined {
	return type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true)
		?.name;
}

export class HarnessCredentials extends ICredentialsHelper {
	readonly store = new CredentialStore();

	constructor(private readonly types: Record<string, ICredentialType>) {
		super();
	}

	typeNamed(name: string): ICredentialType {
		const type = this.types[name];
		if (!type) throw new UnexpectedError(`The harness was given no credential type "${name}"`);
		return type;
	}

	/** The credential as a node receives it: declared fields (defaults filled in) and nothing else. */
	withDefaults(typeName: string, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
		const fields = this.getCredentialsProperties(typeName);
		return NodeHelpers.getNodeParameters(
			fields,
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
	}

	/** The declared fields plus n8n-workflow's domain-restriction fields (where `allowedHttpRequestDomains` comes from). */
	getCredentialsProperties(typeName: string): INodeProperties[] {
		return injectDomainRestrictionFields(this.typeNamed(typeName));
	}

	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = nodeCredentials.id === null ? undefined : this.store.read(typeName, nodeCredentials.id);
		if (!stored)
			throw new UnexpectedError(`The harness has no saved "${typeName}" credential with id "${nodeCredentials.id}"`);
		return this.withDefaults(typeName, stored);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const type = this.typeNamed(typeName);
		if (type.authenticate === undefined) return requestOptions as IHttpRequestOptions;
		if (typeof type.authenticate !== 'function') {
			throw new UnexpectedError(`The harness only applies an authenticate() function; "${typeName}" has an object`);
		}
		return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.typeNamed(typeName);
		const tokenField = expirableField(type);
		if (tokenField === undefined || typeof type.preAuthentication !== 'function') return undefined;
		const inCredentialTest = node.type === CREDENTIAL_TEST_NODE_TYPE;
		if (credentials[tokenField] !== '' && !credentialsExpired && !inCredentialTest) return undefined;

		const fresh = (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		const saved = node.credentials?.[typeName];
		// the tokens are saved by the credential's id; a never-saved credential has none (real n8n fails the same way)
		if (!saved?.id) throw new UnexpectedError('Found credential with no ID.');
		await this.updateCredentials(saved, typeName, { ...this.store.read(typeName, saved.id), ...fresh });
		return Object.assign(credentials, fresh);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		typeName: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		if (nodeCredentials.id === null) throw new UnexpectedError('Found credential with no ID.');
		this.store.update(typeName, nodeCredentials.id, data);
	}

	getParentTypes(typeName: string): string[] {
		return [...(this.types[typeName]?.extends ?? [])];
	}

	/** None of the harness's credential types restricts the nodes that may use it. */
	isCredentialUsableByNode(): boolean {
		return true;
	}

	// Only OAuth credentials and n8n's own nodes reach these: not our credential.
	async getCredentials(): Promise<ICredentials> {
		throw new UnexpectedError('getCredentials is not available in the test harness');
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		throw new UnexpectedError('runPreAuthentication (OAuth) is not available in the test harness');
	}

	async updateCredentialsOauthTokenData(): Promise<void> {
		throw new UnexpectedError('OAuth token data is not available in the test harness');
	}
}
