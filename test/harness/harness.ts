/**
 * Runs community nodes through n8n-core 2.41's real execution code.
 *
 * - `runNode`: a two-node workflow (a built-in manual trigger → the node under test) executed by
 *   `WorkflowExecute.run` with real `ExecuteContext`s, real `httpRequest` /
 *   `httpRequestWithAuthentication` helpers (refresh-and-retry-once on 401 included), real
 *   `continueOnFail`/`onError` handling, paired items and error wrapping.
 * - `runPoll`: `PollContext` + n8n-core's `PollTriggerExecutor` (trigger mode) or
 *   `TriggersAndPollers.runPollFunction` (manual mode, as "Fetch test event" does).
 * - `runWebhookMethod` / `createWebhookIfNotExists`: `HookContext`, called the way the CLI's
 *   `WebhookService.runWebhookMethod` calls `checkExists` / `create` / `delete`.
 * - `runWebhook`: `WebhookContext`, called the way `WebhookService.runWebhook` does, with an
 *   Express-like request (raw body kept) and a response that records what the node sent.
 * - `testCredential`: the credential's `test.request` sent through n8n-core's `RoutingNode`
 *   (credential-test.ts).
 *
 * Credentials live in an in-memory store, read and written through {@link HarnessCredentials}
 * (credentials.ts), our own minimal stand-in for how n8n applies a credential.
 */
import { isAxiosError } from '@n8n/backend-network';
import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	HookContext,
	PollContext,
	PollTriggerExecutor,
	TriggersAndPollers,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunData,
	ITaskData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WebhookSetupMethodNames,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	NodeApiError,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	deepCopy,
	isNodeClassInstance,
} from 'n8n-workflow';

import { runCredentialTest } from './credential-test';
import { HarnessCredentials, type CredentialUpdate, type HarnessCredential } from './credentials';
import { setupN8nCore, type HarnessLogLevel } from './n8n-core-setup';
import {
	HARNESS_TRIGGER_NAME,
	HARNESS_TRIGGER_TYPE,
	HarnessManualTrigger,
	HarnessNodeTypes,
	pendingTriggerItems,
} from './node-types';
import {
	createRequest,
	HarnessResponse,
	type CapturedHttpResponse,
	type HarnessWebhookRequest,
} from './webhook-http';

export interface HarnessOptions {
	/** Node types by the type name tests will use (`runNode({ type })`); any `INodeType` or versioned node type. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	/** Credential types by name (the `name` of the credential class, e.g. `tikTokShopApi`). */
	credentialTypes?: Record<string, ICredentialType>;
	/** Saved credentials, one per credential type name. Nodes that declare the type use it automatically. */
	credentials?: Record<string, HarnessCredential>;
	/** Default `silent`; `N8N_HARNESS_LOG_LEVEL=debug` overrides it for a debugging session. */
	logLevel?: HarnessLogLevel;
	/** Base URL for production webhook URLs. Default `http://localhost:5678/webhook`. */
	webhookBaseUrl?: string;
	/** Base URL for test webhook URLs. Default `http://localhost:5678/webhook-test`. */
	webhookTestBaseUrl?: string;
	/** Workflow timezone. Default `UTC` (n8n's default is the instance's `GENERIC_TIMEZONE`). */
	timezone?: string;
}

/** Node settings a user can change in the node's "Settings" tab, plus identity overrides. */
export interface NodeSettings {
	/** Default: the node description's `defaults.name`, else the type name. */
	name?: string;
	/** Default: the newest version the node type declares. */
	typeVersion?: number;
	/** Default: every credential the node declares that the harness has, as `{ id, name }`. */
	credentials?: INodeCredentials;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	disabled?: boolean;
	/** Sets `onError: 'continueRegularOutput'` (what the "Continue" setting stores and `this.continueOnFail()` reads). */
	continueOnFail?: boolean;
	/** Wins over `continueOnFail`. */
	onError?: INode['onError'];
	webhookId?: string;
}

export interface RunNodeOptions extends NodeSettings {
	type: string;
	parameters?: INodeParameters;
	/** The items the trigger emits into the node. Default `[{ json: {} }]`. */
	inputItems?: INodeExecutionData[];
	/** `manual` (default, "Execute workflow" in the editor), or e.g. `trigger`/`webhook` for production runs. */
	mode?: WorkflowExecuteMode;
	/** The workflow's static data before the run. */
	workflowStaticData?: IDataObject;
	workflowSettings?: IWorkflowSettings;
}

export interface RunNodeResult {
	/** Output 0 of the node under test (`[]` when it produced nothing). */
	items: INodeExecutionData[];
	/** Every output of the node under test, as n8n stored it. */
	outputs: Array<INodeExecutionData[] | null>;
	/**
	 * The error the node failed with: the instance it threw (a thrown axios error is first wrapped in
	 * `NodeApiError`, as `WorkflowExecute` does). Also set when `continueOnFail` let the run go on
	 * after a throw. `undefined` when the node did not throw.
	 */
	error?: Error & IDataObject;
	/** The error as n8n stored it in the execution (`{ ...error, message, stack }`). */
	executionError?: ExecutionError;
	/** The task data of the node under test (run 0). */
	taskData?: ITaskData;
	runData: IRunData;
	run: IRun;
	/** The workflow's static data after the run, and whether n8n would consider it changed. */
	workflowStaticData: IDataObject;
	staticDataChanged: boolean;
	/** The `INode` that ran (with defaults applied to its parameters, as n8n does). */
	node: INode;
}

export interface TriggerCallOptions extends NodeSettings {
	type: string;
	parameters?: INodeParameters;
	/** This node's static data (`this.getWorkflowStaticData('node')`) before the call. */
	staticData?: IDataObject;
	/** The global static data (`this.getWorkflowStaticData('global')`) before the call. */
	globalStaticData?: IDataObject;
	workflowSettings?: IWorkflowSettings;
	/** The workflow's id, as a saved workflow keeps it across calls. Default: a new id per call. */
	workflowId?: string;
}

interface TriggerCallResult {
	/** This node's static data after the call (a plain copy). */
	staticData: IDataObject;
	/** The global static data after the call (a plain copy). */
	globalStaticData: IDataObject;
	/** `workflow.staticData.__dataChanged`: whether n8n's `saveStaticData` would write anything. */
	staticDataChanged: boolean;
	/** What the node threw (or emitted as an error), if anything. Helpers never throw it. */
	error?: Error & IDataObject;
	node: INode;
}

export interface RunPollOptions extends TriggerCallOptions {
	/** `trigger` (default): a scheduled poll of an active workflow; `manual`: "Fetch test event". */
	mode?: 'trigger' | 'manual';
	/** Default: `trigger` mode → `activate`, `manual` mode → `manual`. */
	activation?: WorkflowActivateMode;
}

export interface RunPollResult extends TriggerCallResult {
	/** What `poll()` returned (`null` = nothing new). */
	items: INodeExecutionData[][] | null;
	/** True when the executor emitted the items (a workflow execution would start). */
	emitted: boolean;
}

export interface WebhookMethodOptions extends TriggerCallOptions {
	method: WebhookSetupMethodNames;
	/** Which webhook description; default `default`. */
	webhookName?: string;
	/** Overrides what `this.getNodeWebhookUrl(name)` returns; default: computed by n8n from the base URL and `webhookId`. */
	webhookUrl?: string;
	/** Default `trigger` (activation of a published workflow); `manual` for the editor's test webhook. */
	mode?: WorkflowExecuteMode;
	/** Default `activate`. */
	activation?: WorkflowActivateMode;
	/** Registering the editor's test webhook (uses the test base URL). Default: `mode === 'manual'`. */
	isTest?: boolean;
}

export interface WebhookMethodResult extends TriggerCallResult {
	/** What the method returned (`checkExists`/`create`/`delete` return booleans). `undefined` when the node has no such method. */
	result: boolean | undefined;
	webhookUrl: string | undefined;
}

export interface RunWebhookOptions extends TriggerCallOptions {
	request: HarnessWebhookRequest;
	webhookName?: string;
	/** Default `webhook` (production URL); `manual` for the editor's test URL. */
	mode?: WorkflowExecuteMode;
}

export interface RunWebhookResult extends TriggerCallResult {
	/** What `webhook()` returned. */
	response?: IWebhookResponseData;
	/** Everything the node wrote through `this.getResponseObject()`. */
	http: CapturedHttpResponse;
	/**
	 * What the caller would get back from n8n: the node's own response when it set
	 * `noWebhookResponse`, else the CLI's default (`webhookResponse` with 200, or
	 * `{ message: 'Webhook call received' }` when no workflow runs, or
	 * `{ message: 'Workflow was started' }` for `responseMode: onReceived`).
	 */
	n8nResponse?: { statusCode: number; body: unknown; fromNode: boolean };
}

export interface TestCredentialOptions {
	/** Default: the id of the harness's saved credential of that type; `null` for an unsaved credential. */
	id?: string | null;
	name?: string;
}

export interface Harness {
	runNode(options: RunNodeOptions): Promise<RunNodeResult>;
	runPoll(options: RunPollOptions): Promise<RunPollResult>;
	runWebhookMethod(options: WebhookMethodOptions): Promise<WebhookMethodResult>;
	/** What n8n does on activation: `checkExists`, then `create` if it returned false. */
	createWebhookIfNotExists(
		options: Omit<WebhookMethodOptions, 'method'>,
	): Promise<{ existed: boolean | undefined; created?: WebhookMethodResult; checkExists: WebhookMethodResult }>;
	runWebhook(options: RunWebhookOptions): Promise<RunWebhookResult>;
	testCredential(
		type: string,
		data?: ICredentialDataDecryptedObject,
		options?: TestCredentialOptions,
	): Promise<INodeCredentialTestResult>;
	/** The credential's data as n8n would have it in the database right now (decrypted). */
	storedCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	/** Every write n8n would have made to stored credentials, oldest first (optionally for one type). */
	credentialUpdates(type?: string): CredentialUpdate[];
	/** Replace (or add) the saved credential of a type, e.g. to start a test from an expired token. */
	setCredential(type: string, credential: HarnessCredential): Promise<void>;
	/** The objects the harness built, for tests that need to go deeper. */
	readonly nodeTypes: INodeTypes;
	readonly credentialsHelper: HarnessCredentials;
	/** A fresh `IWorkflowExecuteAdditionalData` like the CLI's `WorkflowExecuteAdditionalData.getBase()`. */
	createAdditionalData(mode: WorkflowExecuteMode, workflowData?: IWorkflowBase): IWorkflowExecuteAdditionalData;
}

const BASE_URL = 'http://localhost:5678';
const DEFAULT_WEBHOOK_ID = '5f0c9a5e-1c2b-4d55-9a7e-6b1de1c3a001';

let workflowCounter = 0;
let executionCounter = 0;

function plain<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function asError(error: unknown, node: INode): Error & IDataObject {
	// what WorkflowExecute.reportNodeExecutionError records for an unhandled axios error
	if (isAxiosError(error)) return new NodeApiError(node, error as never) as unknown as Error & IDataObject;
	if (error instanceof Error) return error as Error & IDataObject;
	return new UnexpectedError(String(error)) as unknown as Error & IDataObject;
}

function hasGetWorkflow(value: unknown): value is { getWorkflow(): { id?: string } } {
	return typeof (value as { getWorkflow?: unknown })?.getWorkflow === 'function';
}

export function createHarness(options: HarnessOptions): Harness {
	return new N8nHarness(options);
}

class N8nHarness implements Harness {
	readonly nodeTypes: HarnessNodeTypes;

	readonly credentialsHelper: HarnessCredentials;

	private readonly savedCredentials = new Map<string, { id: string | null; name: string }>();

	private readonly pendingSaves: Array<Promise<void>> = [];

	/** Errors thrown by `execute`, per workflow id (runs may overlap). */
	private readonly thrownErrors = new Map<string, unknown[]>();

	constructor(private readonly options: HarnessOptions) {
		setupN8nCore(options.logLevel);

		const userNodeTypes = { ...options.nodeTypes };
		this.nodeTypes = new HarnessNodeTypes({ ...userNodeTypes, [HARNESS_TRIGGER_TYPE]: new HarnessManualTrigger() });
		this.nodeTypes.errorSink = (error, context) => {
			const id = hasGetWorkflow(context) ? context.getWorkflow().id : undefined;
			if (id !== undefined) this.thrownErrors.get(id)?.push(error);
		};
		this.credentialsHelper = new HarnessCredentials(options.credentialTypes ?? {});

		for (const [type, credential] of Object.entries(options.credentials ?? {})) {
			this.pendingSaves.push(this.setCredential(type, credential));
		}
	}

	private async ready() {
		await Promise.all(this.pendingSaves);
	}

	async setCredential(type: string, credential: HarnessCredential) {
		this.savedCredentials.set(type, { id: credential.id, name: credential.name });
		if (credential.id !== null) {
			this.credentialsHelper.store.save(type, credential.id, credential.name, credential.data);
		}
	}

	async storedCredentials(type: string): Promise<ICredentialDataDecryptedObject> {
		await this.ready();
		const saved = this.savedCredentials.get(type);
		if (!saved?.id) throw new UnexpectedError(`The harness has no saved credential of type "${type}"`);
		const data = this.credentialsHelper.store.read(type, saved.id);
		if (!data) throw new UnexpectedError(`The harness has no saved credential of type "${type}"`);
		return data;
	}

	credentialUpdates(type?: string): CredentialUpdate[] {
		return this.credentialsHelper.store.updates.filter((u) => type === undefined || u.type === type);
	}

	createAdditionalData(mode: WorkflowExecuteMode, workflowData?: IWorkflowBase): IWorkflowExecuteAdditionalData {
		const executionId = String(++executionCounter);
		const webhookBaseUrl = this.options.webhookBaseUrl ?? `${BASE_URL}/webhook`;
		const webhookTestBaseUrl = this.options.webhookTestBaseUrl ?? `${BASE_URL}/webhook-test`;
		const { externalSecretsProxy } = setupN8nCore();
		const notAvailable = (what: string) => async () => {
			throw new UnexpectedError(`${what} is not available in the test harness`);
		};
		const additionalData = {
			credentialsHelper: this.credentialsHelper,
			executeWorkflow: notAvailable('Executing a sub-workflow'),
			getRunExecutionData: async () => undefined,
			executionId,
			getRuntimeCredential: async () => undefined,
			currentNodeExecutionIndex: 0,
			restApiUrl: `${BASE_URL}/rest`,
			instanceBaseUrl: `${BASE_URL}/`,
			formBaseUrl: `${BASE_URL}/form`,
			formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
			formTestBaseUrl: `${BASE_URL}/form-test`,
			webhookBaseUrl,
			webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
			webhookTestBaseUrl,
			mcpBaseUrl: `${BASE_URL}/mcp`,
			mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
			variables: {},
			logAiEvent: () => {},
			startRunnerTask: notAvailable('The Code node task runner'),
			externalSecretsProxy,
			workflowId: workflowData?.id,
			workflowSettings: workflowData?.settings,
			hooks: new ExecutionLifecycleHooks(
				mode,
				executionId,
				workflowData ?? {
					id: 'harness',
					name: 'Harness',
					active: false,
					activeVersionId: null,
					isArchived: false,
					nodes: [],
					connections: {},
					createdAt: new Date(),
					updatedAt: new Date(),
				},
			),
		};
		return additionalData as unknown as IWorkflowExecuteAdditionalData;
	}

	/** The `INode` a user would have on the canvas. */
	private buildNode(type: string, parameters: INodeParameters | undefined, settings: NodeSettings, id: string): INode {
		const typeVersion = settings.typeVersion ?? this.nodeTypes.latestVersion(type);
		const nodeType = this.nodeTypes.getByNameAndVersion(type, typeVersion);
		const node: INode = {
			id,
			name: settings.name ?? nodeType.description.defaults?.name ?? type,
			type,
			typeVersion,
			position: [240, 0],
			parameters: deepCopy(parameters ?? {}),
		};
		const credentials = settings.credentials ?? this.defaultCredentials(nodeType);
		if (credentials && Object.keys(credentials).length > 0) node.credentials = credentials;
		const onError = settings.onError ?? (settings.continueOnFail ? 'continueRegularOutput' : undefined);
		if (onError) node.onError = onError;
		for (const key of ['retryOnFail', 'maxTries', 'waitBetweenTries', 'alwaysOutputData', 'executeOnce', 'disabled'] as const) {
			if (settings[key] !== undefined) (node as unknown as IDataObject)[key] = settings[key];
		}
		if (nodeType.description.webhooks?.length || settings.webhookId) {
			node.webhookId = settings.webhookId ?? DEFAULT_WEBHOOK_ID;
		}
		return node;
	}

	private defaultCredentials(nodeType: INodeType): INodeCredentials | undefined {
		const credentials: INodeCredentials = {};
		for (const { name } of nodeType.description.credentials ?? []) {
			const saved = this.savedCredentials.get(name);
			if (saved) credentials[name] = { id: saved.id, name: saved.name };
		}
		return credentials;
	}

	private newWorkflowId() {
		return `harness-wf-${process.pid}-${++workflowCounter}`;
	}

	private workflowData(workflow: Workflow): IWorkflowBase {
		return {
			id: workflow.id,
			name: workflow.name ?? 'Harness workflow',
			active: workflow.active,
			activeVersionId: null,
			isArchived: false,
			nodes: Object.values(workflow.nodes),
			connections: workflow.connectionsBySourceNode,
			settings: workflow.settings,
			staticData: workflow.staticData,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as IWorkflowBase;
	}

	async runNode(options: RunNodeOptions): Promise<RunNodeResult> {
		await this.ready();
		const mode = options.mode ?? 'manual';
		const trigger: INode = {
			id: 'harness-trigger',
			name: HARNESS_TRIGGER_NAME,
			type: HARNESS_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const node = this.buildNode(options.type, options.parameters, options, 'harness-node-under-test');
		if (node.name === trigger.name) throw new UnexpectedError(`The node name "${node.name}" is reserved by the harness`);

		const workflowId = this.newWorkflowId();
		const workflow = new Workflow({
			id: workflowId,
			name: `Harness: ${node.name}`,
			nodes: [trigger, node],
			connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
			active: mode !== 'manual',
			nodeTypes: this.nodeTypes,
			staticData: deepCopy(options.workflowStaticData ?? {}),
			settings: { executionOrder: 'v1', timezone: this.options.timezone ?? 'UTC', ...options.workflowSettings },
		});

		const inputItems = deepCopy(options.inputItems ?? [{ json: {} }]);
		const additionalData = this.createAdditionalData(mode, this.workflowData(workflow));
		const thrown: unknown[] = [];
		pendingTriggerItems.set(workflowId, inputItems);
		this.thrownErrors.set(workflowId, thrown);

		let run: IRun;
		try {
			const workflowExecute = new WorkflowExecute(additionalData, mode);
			run = await workflowExecute.run({
				workflow,
				startNode: trigger,
				triggerToStartFrom: {
					name: trigger.name,
					data: {
						startTime: Date.now(),
						executionIndex: 0,
						executionTime: 0,
						source: [],
						data: { main: [deepCopy(inputItems)] },
					},
				},
			});
		} finally {
			pendingTriggerItems.delete(workflowId);
			this.thrownErrors.delete(workflowId);
		}

		const runData = run.data.resultData.runData;
		const taskData = runData[node.name]?.[0];
		const outputs = (taskData?.data?.main ?? []) as Array<INodeExecutionData[] | null>;
		const executionError = taskData?.error ?? run.data.resultData.error;
		let error: (Error & IDataObject) | undefined;
		if (executionError !== undefined) {
			error =
				thrown.length > 0
					? asError(thrown[thrown.length - 1], node)
					: (Object.assign(new Error(executionError.message), executionError) as unknown as Error & IDataObject);
		}

		return {
			items: outputs[0] ?? [],
			outputs,
			error,
			executionError,
			taskData,
			runData,
			run,
			workflowStaticData: plain(workflow.staticData),
			staticDataChanged: (workflow.staticData as IDataObject).__dataChanged === true,
			node: workflow.nodes[node.name],
		};
	}

	/** A one-node workflow around a trigger node, as the CLI builds for an active workflow. */
	private triggerWorkflow(options: TriggerCallOptions, active: boolean) {
		const node = this.buildNode(options.type, options.parameters, options, 'harness-trigger-under-test');
		const staticData: IDataObject = {};
		if (options.globalStaticData) staticData.global = deepCopy(options.globalStaticData);
		if (options.staticData) staticData[`node:${node.name}`] = deepCopy(options.staticData);
		const workflow = new Workflow({
			id: options.workflowId ?? this.newWorkflowId(),
			name: `Harness: ${node.name}`,
			nodes: [node],
			connections: {},
			active,
			nodeTypes: this.nodeTypes,
			staticData,
			settings: { executionOrder: 'v1', timezone: this.options.timezone ?? 'UTC', ...options.workflowSettings },
		});
		return { workflow, node: workflow.nodes[node.name] };
	}

	private staticDataOf(workflow: Workflow, node: INode) {
		return {
			staticData: plain(workflow.getStaticData('node', node)),
			globalStaticData: plain(workflow.getStaticData('global')),
			staticDataChanged: (workflow.staticData as IDataObject).__dataChanged === true,
		};
	}

	async runPoll(options: RunPollOptions): Promise<RunPollResult> {
		await this.ready();
		const mode = options.mode ?? 'trigger';
		const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
		const { workflow, node } = this.triggerWorkflow(options, mode !== 'manual');
		const additionalData = this.createAdditionalData(mode, this.workflowData(workflow));

		let items: INodeExecutionData[][] | null = null;
		let emitted = false;
		let error: unknown;

		if (mode === 'manual') {
			const context = new PollContext(workflow, node, additionalData, mode, activation);
			try {
				items = (await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context)) ?? null;
			} catch (e) {
				error = e;
			}
		} else {
			const context = new PollContext(
				workflow,
				node,
				additionalData,
				mode,
				activation,
				(data) => {
					emitted = true;
					items = data;
				},
				(e) => {
					error = e;
				},
			);
			// the scheduler's callback: errors go to __emitError, data to __emit, null commits the cursor
			const executor = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
			try {
				await executor(false);
			} catch (e) {
				error = e;
			}
		}

		return {
			items,
			emitted,
			error: error === undefined ? undefined : asError(error, node),
			node,
			...this.staticDataOf(workflow, node),
		};
	}

	private webhookDataFor(
		workflow: Workflow,
		node: INode,
		additionalData: IWorkflowExecuteAdditionalData,
		webhookName: string,
		isTest: boolean,
	): IWebhookData {
		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const description = nodeType.description.webhooks?.find((w: IWebhookDescription) => w.name === webhookName);
		if (!description) {
			throw new UnexpectedError(`Node type "${node.type}" has no webhook named "${webhookName}"`);
		}
		// as the CLI's WebhookService.getNodeWebhooks resolves them
		let path = String(workflow.expression.getSimpleParameterValue(node, description.path, 'internal', {}) ?? '');
		if (path.startsWith('/')) path = path.slice(1);
		if (path.endsWith('/')) path = path.slice(0, -1);
		const isFullPath = workflow.expression.getSimpleParameterValue(
			node,
			description.isFullPath,
			'internal',
			{},
			undefined,
			false,
		) as boolean;
		const restartWebhook = workflow.expression.getSimpleParameterValue(
			node,
			description.restartWebhook,
			'internal',
			{},
			undefined,
			false,
		) as boolean;
		const httpMethod = String(
			workflow.expression.getSimpleParameterValue(node, description.httpMethod, 'internal', {}, undefined, 'GET'),
		)
			.split(',')[0]
			.trim() as IHttpRequestMethods;
		return {
			httpMethod,
			node: node.name,
			path: NodeHelpers.getNodeWebhookPath(workflow.id, node, path, isFullPath, restartWebhook),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest,
		};
	}

	async runWebhookMethod(options: WebhookMethodOptions): Promise<WebhookMethodResult> {
		await this.ready();
		const mode = options.mode ?? 'trigger';
		const activation = options.activation ?? 'activate';
		const { workflow, node } = this.triggerWorkflow(options, mode !== 'manual');
		const additionalData = this.createAdditionalData(mode, this.workflowData(workflow));
		const webhookData = this.webhookDataFor(
			workflow,
			node,
			additionalData,
			options.webhookName ?? 'default',
			options.isTest ?? mode === 'manual',
		);

		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const webhookFn = nodeType.webhookMethods?.[webhookData.webhookDescription.name]?.[options.method];
		const context = new HookContext(workflow, node, webhookData.workflowExecuteAdditionalData, mode, activation, webhookData);
		if (options.webhookUrl !== undefined) {
			const url = options.webhookUrl;
			context.getNodeWebhookUrl = () => url;
		}
		const webhookUrl = context.getNodeWebhookUrl(webhookData.webhookDescription.name);

		let result: boolean | undefined;
		let error: unknown;
		if (webhookFn !== undefined) {
			try {
				result = (await webhookFn.call(context)) as boolean;
			} catch (e) {
				error = e;
			}
		}
		return {
			result,
			webhookUrl,
			error: error === undefined ? undefined : asError(error, node),
			node,
			...this.staticDataOf(workflow, node),
		};
	}

	async createWebhookIfNotExists(options: Omit<WebhookMethodOptions, 'method'>) {
		const checkExists = await this.runWebhookMethod({ ...options, method: 'checkExists' });
		if (checkExists.error || checkExists.result) {
			return { existed: checkExists.result, checkExists };
		}
		const created = await this.runWebhookMethod({
			...options,
			method: 'create',
			staticData: checkExists.staticData,
			globalStaticData: checkExists.globalStaticData,
		});
		return { existed: checkExists.result, checkExists, created };
	}

	async runWebhook(options: RunWebhookOptions): Promise<RunWebhookResult> {
		await this.ready();
		const mode = options.mode ?? 'webhook';
		const { workflow, node } = this.triggerWorkflow(options, mode !== 'manual');
		const additionalData = this.createAdditionalData(mode, this.workflowData(workflow));
		const webhookData = this.webhookDataFor(workflow, node, additionalData, options.webhookName ?? 'default', mode === 'manual');

		const request = createRequest(options.request, webhookData.httpMethod ?? 'POST');
		const response = new HarnessResponse();
		additionalData.httpRequest = request as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse = response as unknown as IWorkflowExecuteAdditionalData['httpResponse'];

		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (nodeType.webhook === undefined) {
			throw new UnexpectedError('Node does not have any webhooks defined', { extra: { nodeName: node.name } });
		}
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);

		let webhookResponse: IWebhookResponseData | undefined;
		let error: unknown;
		try {
			webhookResponse = isNodeClassInstance(nodeType)
				? await (nodeType as unknown as { webhook(c: WebhookContext): Promise<IWebhookResponseData> }).webhook(context)
				: ((await nodeType.webhook.call(context)) as IWebhookResponseData);
		} catch (e) {
			error = e;
		}

		const http = response.captured();
		let n8nResponse: RunWebhookResult['n8nResponse'];
		if (webhookResponse) {
			const responseCode = typeof webhookData.webhookDescription.responseCode === 'number'
				? webhookData.webhookDescription.responseCode
				: 200;
			if (webhookResponse.noWebhookResponse === true) {
				n8nResponse = { statusCode: http.statusCode, body: http.json ?? http.body, fromNode: true };
			} else if (webhookResponse.workflowData === undefined) {
				n8nResponse = {
					statusCode: responseCode,
					body: webhookResponse.webhookResponse !== undefined ? webhookResponse.webhookResponse : { message: 'Webhook call received' },
					fromNode: false,
				};
			} else {
				const responseMode = workflow.expression.getSimpleParameterValue(
					node,
					webhookData.webhookDescription.responseMode,
					mode,
					{},
					undefined,
					'onReceived',
				);
				if (responseMode === 'onReceived') {
					n8nResponse = {
						statusCode: responseCode,
						body: webhookResponse.webhookResponse !== undefined ? webhookResponse.webhookResponse : { message: 'Workflow was started' },
						fromNode: false,
					};
				}
			}
		}

		return {
			response: webhookResponse,
			http,
			n8nResponse,
			error: error === undefined ? undefined : asError(error, node),
			node,
			...this.staticDataOf(workflow, node),
		};
	}

	/** A credential test as the form's "Test" button runs it, on the given data or the saved credential. */
	async testCredential(
		credentialType: string,
		data?: ICredentialDataDecryptedObject,
		options: TestCredentialOptions = {},
	): Promise<INodeCredentialTestResult> {
		await this.ready();
		const saved = this.savedCredentials.get(credentialType);
		const id = options.id !== undefined ? options.id : (saved?.id ?? null);
		const name = options.name ?? saved?.name ?? `${credentialType} (unsaved)`;
		const credentialData = data ?? (id ? this.credentialsHelper.store.read(credentialType, id) : undefined);
		if (!credentialData) throw new UnexpectedError(`No data given and no saved "${credentialType}" credential`);
		const { test } = this.credentialsHelper.typeNamed(credentialType);
		if (!test) return { status: 'Error', message: `The harness tests only credentials with a test request; "${credentialType}" has none` };
		const credential: ICredentialsDecrypted = {
			id: id as string,
			name,
			type: credentialType,
			data: this.credentialsHelper.withDefaults(credentialType, deepCopy(credentialData)),
		};
		return await runCredentialTest(credential, test, this.createAdditionalData('internal'));
	}
}
