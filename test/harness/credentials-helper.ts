/**
 * An in-memory `ICredentialsHelper` that mirrors n8n 2.41's `CredentialsHelper`
 * (`packages/cli/src/credentials-helper.ts`), with the database replaced by {@link CredentialStore}.
 *
 * Kept faithful (same order of operations, same conditions, same error messages):
 * - `authenticate`: a function-style `authenticate` is called as `authenticate(credentials, requestOptions)`;
 *   the generic object form resolves `={{$credentials.x}}` with the workflow's real expression engine.
 * - `preAuthentication`: runs only when the `type: 'hidden'` + `typeOptions.expirable` property is `''`,
 *   when `credentialsExpired` is true (after a 401), or for a credential test (node is the mock
 *   `n8n-nodes-base.noOp` with `parameters.temp === ''`). The hook gets `this = { helpers: { httpRequest } }`
 *   (the node's own helper, restricted to the credential's allowed domains). If its output has the
 *   expirable key, EVERY returned key is copied over the stored data (except keys stored as
 *   expressions) and saved through `updateCredentials`; the merged object is returned.
 * - `getDecrypted`: loads the stored (encrypted, with n8n-core's real `Credentials`/`Cipher`) data, then
 *   `applyDefaultsAndOverwrites`: `NodeHelpers.getNodeParameters` over the credential properties (plus the
 *   domain-restriction fields the CLI's loader injects into every credential with `authenticate`: this is
 *   where `allowedHttpRequestDomains: 'all'` comes from, and also why a stored key that is NOT a declared
 *   property is dropped from what the node sees), then expressions are resolved.
 *
 * Left out, because a community package cannot reach them: credential overwrites, external secrets
 * licensing, dynamic (per-user) credentials, the AI gateway, policy enforcement, DCR/OAuth pinned fields.
 */
import {
	Credentials,
	getAdditionalKeys,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IGetDecryptedCredentialsOptions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
	getCredentialOwnRequestAllowedDomains,
	injectDomainRestrictionFields,
	isExpression,
} from 'n8n-workflow';

/** A credential as the harness is given it (what a user would have saved in n8n). */
export interface HarnessCredential {
	/** The credential id; `null` models a credential that was never saved (credential test of a new one). */
	id: string | null;
	name: string;
	data: ICredentialDataDecryptedObject;
}

/** One write that n8n would have made to the `credentials_entity` table. */
export interface CredentialUpdate {
	id: string;
	name: string;
	type: string;
	/** The full decrypted data after the write. */
	data: ICredentialDataDecryptedObject;
	/** Which path wrote it. */
	via: 'updateCredentials' | 'updateCredentialsOauthTokenData';
}

interface StoredEntity {
	id: string;
	name: string;
	type: string;
	/** Ciphertext, exactly as n8n keeps it in the database. */
	data: string;
}

/** The stand-in for `CredentialsRepository`: encrypted rows keyed by id. */
export class CredentialStore {
	private readonly rows = new Map<string, StoredEntity>();

	readonly updates: CredentialUpdate[] = [];

	async save(type: string, credential: { id: string; name: string; data: ICredentialDataDecryptedObject }) {
		const credentials = new Credentials({ id: credential.id, name: credential.name }, type);
		await credentials.setData(credential.data);
		this.rows.set(credential.id, {
			id: credential.id,
			name: credential.name,
			type,
			data: credentials.getDataToSave().data as string,
		});
	}

	findOneBy(id: string, type: string): StoredEntity | undefined {
		const row = this.rows.get(id);
		return row && row.type === type ? row : undefined;
	}

	findByType(type: string): StoredEntity[] {
		return [...this.rows.values()].filter((row) => row.type === type);
	}

	update(id: string, type: string, encryptedData: string) {
		const row = this.findOneBy(id, type);
		if (!row) throw new UnexpectedError(`No stored credential "${id}" of type "${type}" to update`);
		row.data = encryptedData;
	}

	async read(id: string, type: string): Promise<ICredentialDataDecryptedObject | undefined> {
		const row = this.findOneBy(id, type);
		if (!row) return undefined;
		return await new Credentials({ id: row.id, name: row.name }, row.type, row.data).getData();
	}
}

/** The CLI's `CredentialMissingIdError` (an `UnexpectedError`). */
export class CredentialMissingIdError extends UnexpectedError {
	constructor(credentialName: string, credentialType: string) {
		super('Found credential with no ID.', { extra: { credentialName }, tags: { credentialType } });
	}
}

/** The CLI's `CredentialNotFoundError` (a `UserError`). */
export class CredentialNotFoundError extends UserError {
	constructor(credentialId: string, credentialType?: string) {
		super(
			credentialType
				? `Credential with ID "${credentialId}" does not exist for type "${credentialType}".`
				: `Credential with ID "${credentialId}" was not found.`,
		);
	}
}

/** Same restriction the CLI applies to the helpers a `preAuthentication` hook receives. */
function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions): Promise<unknown> => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) {
					return await helpers.helpers.httpRequest(requestOptions);
				}
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes: INodeTypes = {
	getKnownTypes: () => ({}),
	getByName: (nodeType: string) => {
		if (nodeType !== 'mock') throw new UnexpectedError(`Unknown node type "${nodeType}"`);
		return { description: { properties: [] } } as unknown as INodeType;
	},
	getByNameAndVersion: (nodeType: string) => {
		if (nodeType !== 'mock') throw new UnexpectedError(`Unknown node type "${nodeType}"`);
		return { description: { properties: [] } } as unknown as INodeType;
	},
};

export class HarnessCredentialTypes {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly nodeTypes: Record<string, INodeType | IVersionedNodeType>,
	) {}

	recognizes(type: string) {
		return type in this.types;
	}

	getByName(type: string): ICredentialType {
		const credentialType = this.types[type];
		if (!credentialType) {
			// same message as n8n-core's UnrecognizedCredentialTypeError
			throw new UnexpectedError(`Unrecognized credential type: ${type}`);
		}
		return credentialType;
	}

	/** Node types (as registered in the harness) whose description lists this credential. */
	getSupportedNodes(type: string): string[] {
		const supported: string[] = [];
		for (const [name, nodeType] of Object.entries(this.nodeTypes)) {
			const versions =
				'nodeVersions' in nodeType ? Object.values(nodeType.nodeVersions) : [nodeType];
			if (versions.some((v) => v.description.credentials?.some((c) => c.name === type))) {
				supported.push(name);
			}
		}
		return supported;
	}

	getParentTypes(typeName: string): string[] {
		const extendsArr = [...(this.types[typeName]?.extends ?? [])];
		for (const parent of [...extendsArr]) {
			extendsArr.push(...this.getParentTypes(parent));
		}
		return extendsArr;
	}
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: HarnessCredentialTypes,
		readonly store: CredentialStore,
	) {
		super();
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);

		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				return await credentialType.authenticate(credentials, requestOptions as IHttpRequestOptions);
			}

			if (typeof credentialType.authenticate === 'object') {
				if (!workflow || !node) {
					throw new UnexpectedError(
						'Workflow and node are required for declarative credential authentication',
					);
				}
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) {
					requestOptions.headers = {};
				}
				if (authenticate.type === 'generic') {
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue as IDataObject)) {
							const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
							const valueResolved = this.resolveValue(
								value as string,
								{ $credentials: credentials },
								workflow,
								node,
							);
							const target = requestOptions as unknown as Record<string, IDataObject>;
							if (!target[outerKey]) target[outerKey] = {};
							target[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}

		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);

		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);

		if (expirableProperty?.name === undefined) {
			return undefined;
		}

		// the mock node the credential tester uses: this is a credential test, not a node run
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (credentialType.preAuthentication) {
			if (typeof credentialType.preAuthentication === 'function') {
				if (
					credentials[expirableProperty.name] === '' ||
					credentialsExpired ||
					isTestingCredentials
				) {
					const output = await credentialType.preAuthentication.call(
						restrictToCredentialDomains(helpers, credentials),
						credentials,
					);

					// only an output that contains the expirable property gets saved
					if (output[expirableProperty.name] === undefined) {
						return undefined;
					}

					if (node.credentials) {
						const nodeCredentials = node.credentials[credentialType.name];
						const storedData = await (
							await this.getCredentials(nodeCredentials, credentialType.name)
						).getData();
						const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
						for (const [key, value] of Object.entries(output as ICredentialDataDecryptedObject)) {
							if (key === expirableProperty.name || !isExpression(storedData[key])) {
								dataToPersist[key] = value;
							}
						}

						await this.updateCredentials(nodeCredentials, credentialType.name, dataToPersist);
						return Object.assign(credentials, output);
					}
				}
			}
		}
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) {
			return parameterValue;
		}
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) {
			return '';
		}
		return returnValue.toString();
	}

	getParentTypes(typeName: string): string[] {
		return this.credentialTypes.getParentTypes(typeName);
	}

	async getCredentials(nodeCredential: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const credential = this.getCredentialsEntity(nodeCredential, type);
		return new Credentials({ id: credential.id, name: credential.name }, credential.type, credential.data);
	}

	private getCredentialsEntity(nodeCredential: INodeCredentialsDetails, type: string) {
		if (!nodeCredential.id) {
			throw new CredentialMissingIdError(nodeCredential.name, type);
		}
		const credential = this.store.findOneBy(nodeCredential.id, type);
		if (!credential) {
			throw new CredentialNotFoundError(nodeCredential.id, type);
		}
		return credential;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		let typeDef: ICredentialType;
		try {
			typeDef = this.credentialTypes.getByName(credentialType);
		} catch {
			return true;
		}
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	/**
	 * The credential's properties as n8n sees them at run time: the loader has already appended the
	 * domain-restriction fields to every credential with `authenticate` (or `genericAuth`, or an
	 * OAuth parent).
	 */
	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);
		const ownProperties = injectDomainRestrictionFields(credentialTypeData);

		if (credentialTypeData.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...ownProperties,
					{
						displayName: 'oauthTokenData',
						name: 'oauthTokenData',
						type: 'json',
						required: false,
						default: {},
					},
				];
			}
			return ownProperties;
		}

		const combineProperties = [] as INodeProperties[];
		for (const credentialsTypeName of credentialTypeData.extends) {
			const mergeCredentialProperties = this.getCredentialsProperties(credentialsTypeName);
			NodeHelpers.mergeNodeProperties(combineProperties, mergeCredentialProperties);
		}
		NodeHelpers.mergeNodeProperties(combineProperties, ownProperties);
		return combineProperties;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
		_options?: IGetDecryptedCredentialsOptions,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsEntity = this.getCredentialsEntity(nodeCredentials, type);
		const credentials = new Credentials(
			{ id: credentialsEntity.id, name: credentialsEntity.name },
			credentialsEntity.type,
			credentialsEntity.data,
		);
		const decryptedDataOriginal = await credentials.getData();

		if (raw === true) {
			return decryptedDataOriginal;
		}

		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsProperties = this.getCredentialsProperties(type);

		// (no credential overwrites are configured in a test instance)
		const dataWithOverwrites = { ...decryptedDataOriginal };

		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			dataWithOverwrites as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		if (
			decryptedData.allowedHttpRequestDomains === undefined &&
			decryptedDataOriginal.allowedHttpRequestDomains !== undefined
		) {
			decryptedData.allowedHttpRequestDomains = decryptedDataOriginal.allowedHttpRequestDomains;
		}
		if (decryptedData.allowedDomains === undefined && decryptedDataOriginal.allowedDomains !== undefined) {
			decryptedData.allowedDomains = decryptedDataOriginal.allowedDomains;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [{ ...mockNode }],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			await workflow.expression.acquireIsolate();
			try {
				decryptedData = this.resolveCredentialExpressions(
					workflow,
					credentialsProperties,
					decryptedData,
					mode,
					additionalKeys,
				);
			} finally {
				await workflow.expression.releaseIsolate();
			}
		}

		return decryptedData;
	}

	private resolveCredentialExpressions(
		workflow: Workflow,
		credentialsProperties: INodeProperties[],
		decryptedData: ICredentialDataDecryptedObject,
		mode: WorkflowExecuteMode,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
	): ICredentialDataDecryptedObject {
		try {
			return workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		} catch (originalError) {
			const propertiesByName = new Map(credentialsProperties.map((p) => [p.name, p]));
			const resolvedData: ICredentialDataDecryptedObject = {};
			for (const [propertyName, propertyValue] of Object.entries(decryptedData)) {
				try {
					const resolvedProperty = workflow.expression.getComplexParameterValue(
						mockNode,
						{ [propertyName]: propertyValue } as INodeParameters,
						mode,
						additionalKeys,
						undefined,
						undefined,
						decryptedData,
					) as ICredentialDataDecryptedObject;
					if (Object.prototype.hasOwnProperty.call(resolvedProperty, propertyName)) {
						resolvedData[propertyName] = resolvedProperty[propertyName];
					}
				} catch {
					if (propertiesByName.get(propertyName)?.typeOptions?.ignoreCredentialExpressionResolveError === true) {
						continue;
					}
					throw originalError;
				}
			}
			return resolvedData;
		}
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		await credentials.setData(data);
		this.store.update(credentials.id as string, type, credentials.getDataToSave().data as string);
		this.store.updates.push({
			id: credentials.id as string,
			name: credentials.name,
			type,
			data: await credentials.getData(),
			via: 'updateCredentials',
		});
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
		_additionalData: IWorkflowExecuteAdditionalData,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		await credentials.updateData({ oauthTokenData: data.oauthTokenData });
		this.store.update(credentials.id as string, type, credentials.getDataToSave().data as string);
		this.store.updates.push({
			id: credentials.id as string,
			name: credentials.name,
			type,
			data: await credentials.getData(),
			via: 'updateCredentialsOauthTokenData',
		});
	}
}
