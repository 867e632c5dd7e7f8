/**
 * Runs community nodes through n8n-core 2.41's real execution code.
 *
 * - `runNode`: a two-node workflow (the harness's start node → the node under test) executed by
 *   n8n-core's `WorkflowExecute.run`: real `ExecuteContext`s, request helpers (with their
 *   refresh-and-retry-once on 401), `continueOnFail`/`onError`, paired items and error wrapping.
 * - `runPoll`: a `PollContext` run by n8n-core's `PollTriggerExecutor` (trigger mode) or
 *   `TriggersAndPollers.runPollFunction` (manual mode, the editor's "Fetch test event").
 * - `runWebhookMethod` / `activateWebhook`: one of the node's `webhookMethods` (`checkExists`,
 *   `create`, `delete`) on a `HookContext`.
 * - `runWebhook`: the node's `webhook()` on a `WebhookContext`, with a request that keeps the raw
 *   body and a response that records what the node sent.
 * - `testCredential`: the credential's `test.request` sent through n8n-core's `RoutingNode`
 *   (credential-test.ts).
 *
 * Credentials live in memory (credentials.ts). What a real n8n does around these calls (when it
 * activates, what it answers a webhook caller) is checked by the e2e tests named below.
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
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunData,
	ITaskData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WebhookSetupMethodNames,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeApiError, UnexpectedError, Workflow, deepCopy } from 'n8n-workflow';

import { runCredentialTest } from './credential-test';
import { HarnessCredentials, type CredentialUpdate, type HarnessCredential } from './credentials';
import { setupN8nCore, type HarnessLogLevel } from './n8n-core-setup';
import {
	HARNESS_TRIGGER_NAME,
	HARNESS_TRIGGER_TYPE,
	HarnessNodeTypes,
	HarnessStart,
	pendingTriggerItems,
} from './node-types';
import { createRequest, HarnessResponse, type CapturedHttpResponse, type HarnessWebhookRequest } from './webhook-http';

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
	/** Whether the node changed any static data (n8n-workflow's `__dataChanged` flag; n8n saves static data only then). */
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
	/** Overrides what `this.getNodeWebhookUrl(name)` returns; default: what n8n-core builds from the base URL and `webhookId`. */
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
	/** What the caller of the webhook URL gets back (see {@link answerToCaller}); `undefined` when `webhook()` threw. */
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
	/**
	 * Activating a workflow (or "Listen for test event"): `checkExists`, then `create` when it said
	 * false. `test/e2e/webhook-trigger.e2e.ts` checks that publishing a workflow registers the URL.
	 */
	activateWebhook(
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
}

const BASE_URL = 'http://localhost:5678';
/** The webhook id of every webhook node the harness builds, unless the test gives one. */
const DEFAULT_WEBHOOK_ID = '5f0c9a5e-1c2b-4d55-9a7e-6b1de1c3a001';

let workflowCounter = 0;
let executionCounter = 0;

function plain<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The error a test gets: an axios error a node let escape becomes the `NodeApiError` n8n-core records for it. */
function asError(error: unknown, node: INode): Error & IDataObject {
	if (isAxiosError(error)) return new NodeApiError(node, error as never) as unknown as Error & IDataObject;
	if (error instanceof Error) return error as Error & IDataObject;
	return new UnexpectedError(String(error)) as unknown as Error & IDataObject;
}

/**
 * What the caller of a webhook URL receives. Our trigger always answers itself (`noWebhookResponse`);
 * `test/e2e/webhook-trigger.e2e.ts` checks those answers on a real n8n (401 for a wrong signature,
 * 200 for a duplicate). A node that leaves the answer to n8n gets `{ message: 'Workflow was started' }`
 * with 200, what n8n sends for `responseMode: 'onReceived'`; only the self-test's throw-away node
 * relies on that, and no e2e test checks it.
 */
function answerToCaller(
	response: IWebhookResponseData | undefined,
	http: CapturedHttpResponse,
): RunWebhookResult['n8nResponse'] {
	if (response === undefined) return undefined;
	if (response.noWebhookResponse === true)
		return { statusCode: http.statusCode, body: http.json ?? http.body, fromNode: true };
	return { statusCode: 200, body: response.webhookResponse ?? { message: 'Workflow was started' }, fromNode: false };
}

export function createHarness(options: HarnessOptions): Harness {
	return new N8nHarness(options);
}

class N8nHarness implements Harness {
	private readonly nodeTypes: HarnessNodeTypes;

	private readonly credentials: HarnessCredentials;

	private readonly savedCredentials = new Map<string, { id: string | null; name: string }>();

	/** Errors thrown by `execute`, per workflow id (runs may overlap). */
	private readonly thrownErrors = new Map<string, unknown[]>();

	constructor(private readonly options: HarnessOptions) {
		setupN8nCore(options.logLevel);
		this.nodeTypes = new HarnessNodeTypes({ ...options.nodeTypes, [HARNESS_TRIGGER_TYPE]: new HarnessStart() });
		this.nodeTypes.errorSink = (error, context) => this.thrownErrors.get(context.getWorkflow().id ?? '')?.push(error);
		this.credentials = new HarnessCredentials(options.credentialTypes ?? {});
		for (const [type, credential] of Object.entries(options.credentials ?? {})) this.saveCredential(type, credential);
	}

	private saveCredential(type: string, credential: HarnessCredential) {
		this.savedCredentials.set(type, { id: credential.id, name: credential.name });
		if (credential.id !== null) this.credentials.store.save(type, credential.id, credential.name, credential.data);
	}

	async setCredential(type: string, credential: HarnessCredential) {
		this.saveCredential(type, credential);
	}

	async storedCredentials(type: string): Promise<ICredentialDataDecryptedObject> {
		const id = this.savedCredentials.get(type)?.id;
		const data = id ? this.credentials.store.read(type, id) : undefined;
		if (!data) throw new UnexpectedError(`The harness has no saved credential of type "${type}"`);
		return data;
	}

	credentialUpdates(type?: string): CredentialUpdate[] {
		return this.credentials.store.updates.filter((u) => type === undefined || u.type === type);
	}

	/**
	 * The run-wide part of every node context: our credentials, the webhook base URLs
	 * (`getNodeWebhookUrl`), the waiting URLs n8n-core builds `$execution.resumeUrl` from while
	 * resolving any expression, and empty execution hooks (nothing is saved).
	 */
	private additionalData(mode: WorkflowExecuteMode, workflow?: Workflow): IWorkflowExecuteAdditionalData {
		const executionId = String(++executionCounter);
		return {
			credentialsHelper: this.credentials,
			executionId,
			webhookBaseUrl: this.options.webhookBaseUrl ?? `${BASE_URL}/webhook`,
			webhookTestBaseUrl: this.options.webhookTestBaseUrl ?? `${BASE_URL}/webhook-test`,
			webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
			formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
			hooks: new ExecutionLifecycleHooks(mode, executionId, { id: workflow?.id ?? 'harness' } as IWorkflowBase),
		} as unknown as IWorkflowExecuteAdditionalData;
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
		if (Object.keys(credentials).length > 0) node.credentials = credentials;
		const onError = settings.onError ?? (settings.continueOnFail ? 'continueRegularOutput' : undefined);
		if (onError) node.onError = onError;
		for (const key of [
			'retryOnFail',
			'maxTries',
			'waitBetweenTries',
			'alwaysOutputData',
			'executeOnce',
			'disabled',
		] as const) {
			if (settings[key] !== undefined) (node as unknown as IDataObject)[key] = settings[key];
		}
		if (nodeType.description.webhooks?.length || settings.webhookId) {
			node.webhookId = settings.webhookId ?? DEFAULT_WEBHOOK_ID;
		}
		return node;
	}

	private defaultCredentials(nodeType: INodeType): INodeCredentials {
		const credentials: INodeCredentials = {};
		for (const { name } of nodeType.description.credentials ?? []) {
			const saved = this.savedCredentials.get(name);
			if (saved) credentials[name] = { id: saved.id, name: saved.name };
		}
		return credentials;
	}

	private newWorkflow(
		nodes: INode[],
		connections: IConnections,
		active: boolean,
		staticData: IDataObject,
		options: { workflowId?: string; workflowSettings?: IWorkflowSettings },
	) {
		return new Workflow({
			id: options.workflowId ?? `harness-wf-${process.pid}-${++workflowCounter}`,
			name: `Harness: ${nodes[nodes.length - 1].name}`,
			nodes,
			connections,
			active,
			nodeTypes: this.nodeTypes,
			staticData,
			settings: { executionOrder: 'v1', timezone: this.options.timezone ?? 'UTC', ...options.workflowSettings },
		});
	}

	async runNode(options: RunNodeOptions): Promise<RunNodeResult> {
		const mode = options.mode ?? 'manual';
		const start: INode = {
			id: 'harness-start',
			name: HARNESS_TRIGGER_NAME,
			type: HARNESS_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const node = this.buildNode(options.type, options.parameters, options, 'harness-node-under-test');
		if (node.name === start.name) throw new UnexpectedError(`The node name "${node.name}" is reserved by the harness`);
		const connections = { [start.name]: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] } };
		const staticData = deepCopy(options.workflowStaticData ?? {});
		const workflow = this.newWorkflow([start, node], connections, mode !== 'manual', staticData, {
			workflowSettings: options.workflowSettings,
		});

		const inputItems = deepCopy(options.inputItems ?? [{ json: {} }]);
		const thrown: unknown[] = [];
		pendingTriggerItems.set(workflow.id, inputItems);
		this.thrownErrors.set(workflow.id, thrown);
		let run: IRun;
		try {
			run = await new WorkflowExecute(this.additionalData(mode, workflow), mode).run({
				workflow,
				startNode: start,
				triggerToStartFrom: {
					name: start.name,
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
			pendingTriggerItems.delete(workflow.id);
			this.thrownErrors.delete(workflow.id);
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

	/** A workflow holding only the trigger node, with the static data the test gave. */
	private triggerWorkflow(options: TriggerCallOptions, active: boolean) {
		const node = this.buildNode(options.type, options.parameters, options, 'harness-trigger-under-test');
		const staticData: IDataObject = {};
		if (options.globalStaticData) staticData.global = deepCopy(options.globalStaticData);
		if (options.staticData) staticData[`node:${node.name}`] = deepCopy(options.staticData);
		const workflow = this.newWorkflow([node], {}, active, staticData, options);
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
		const mode = options.mode ?? 'trigger';
		const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
		const { workflow, node } = this.triggerWorkflow(options, mode !== 'manual');
		const additionalData = this.additionalData(mode, workflow);

		let items: INodeExecutionData[][] | null = null;
		let emitted = false;
		let error: unknown;
		try {
			if (mode === 'manual') {
				const context = new PollContext(workflow, node, additionalData, mode, activation);
				items = (await Container.get(TriggersAndPollers).runPollFunction(workflow, node, context)) ?? null;
			} else {
				const emit = (data: INodeExecutionData[][]) => {
					emitted = true;
					items = data;
				};
				const context = new PollContext(workflow, node, additionalData, mode, activation, emit, (e) => (error = e));
				// one scheduled poll: data goes to emit, a failure to the error callback
				await Container.get(PollTriggerExecutor).create(workflow, node, context, () => true)(false);
			}
		} catch (e) {
			error = e;
		}
		return {
			items,
			emitted,
			error: error === undefined ? undefined : asError(error, node),
			node,
			...this.staticDataOf(workflow, node),
		};
	}

	/** The webhook a node's context is handed: its description (by name), and whether it is the editor's test URL. */
	private webhookFor(
		workflow: Workflow,
		node: INode,
		name: string,
		additionalData: IWorkflowExecuteAdditionalData,
		isTest: boolean,
	): IWebhookData {
		const description = this.nodeTypes
			.getByNameAndVersion(node.type, node.typeVersion)
			.description.webhooks?.find((w) => w.name === name);
		if (!description) throw new UnexpectedError(`Node type "${node.type}" declares no webhook "${name}"`);
		return {
			httpMethod:
				typeof description.httpMethod === 'string' && !description.httpMethod.startsWith('=')
					? description.httpMethod
					: 'POST',
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest,
		} as IWebhookData;
	}

	async runWebhookMethod(options: WebhookMethodOptions): Promise<WebhookMethodResult> {
		const mode = options.mode ?? 'trigger';
		const { workflow, node } = this.triggerWorkflow(options, mode !== 'manual');
		const additionalData = this.additionalData(mode, workflow);
		const name = options.webhookName ?? 'default';
		const webhook = this.webhookFor(workflow, node, name, additionalData, options.isTest ?? mode === 'manual');
		const context = new HookContext(workflow, node, additionalData, mode, options.activation ?? 'activate', webhook);
		if (options.webhookUrl !== undefined) {
			const url = options.webhookUrl;
			context.getNodeWebhookUrl = () => url;
		}
		const methods = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).webhookMethods;
		const method = methods?.[webhook.webhookDescription.name]?.[options.method];

		let result: boolean | undefined;
		let error: unknown;
		try {
			result = method ? ((await method.call(context)) as boolean) : undefined;
		} catch (e) {
			error = e;
		}
		return {
			result,
			webhookUrl: context.getNodeWebhookUrl(webhook.webhookDescription.name),
			error: error === undefined ? undefined : asError(error, node),
			node,
			...this.staticDataOf(workflow, node),
		};
	}

	async activateWebhook(options: Omit<WebhookMethodOptions, 'method'>) {
		const checkExists = await this.runWebhookMethod({ ...options, method: 'checkExists' });
		if (checkExists.error || checkExists.result) return { existed: checkExists.result, checkExists };
		const { staticData, globalStaticData } = checkExists;
		const created = await this.runWebhookMethod({ ...options, method: 'create', staticData, globalStaticData });
		return { existed: checkExists.result, checkExists, created };
	}

	async runWebhook(options: RunWebhookOptions): Promise<RunWebhookResult> {
		const mode = options.mode ?? 'webhook';
		const { workflow, node } = this.triggerWorkflow(options, mode !== 'manual');
		const additionalData = this.additionalData(mode, workflow);
		const webhook = this.webhookFor(
			workflow,
			node,
			options.webhookName ?? 'default',
			additionalData,
			mode === 'manual',
		);
		const response = new HarnessResponse();
		additionalData.httpRequest = createRequest(options.request, webhook.httpMethod) as never;
		additionalData.httpResponse = response as never;

		const nodeType = this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		if (!nodeType.webhook) throw new UnexpectedError(`Node type "${node.type}" has no webhook() to call`);
		let webhookResponse: IWebhookResponseData | undefined;
		let error: unknown;
		try {
			webhookResponse = await nodeType.webhook.call(
				new WebhookContext(workflow, node, additionalData, mode, webhook, [], null),
			);
		} catch (e) {
			error = e;
		}
		const http = response.captured();
		return {
			response: webhookResponse,
			http,
			n8nResponse: answerToCaller(webhookResponse, http),
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
		const saved = this.savedCredentials.get(credentialType);
		const id = options.id !== undefined ? options.id : (saved?.id ?? null);
		const name = options.name ?? saved?.name ?? `${credentialType} (unsaved)`;
		const credentialData = data ?? (id ? this.credentials.store.read(credentialType, id) : undefined);
		if (!credentialData) throw new UnexpectedError(`No data given and no saved "${credentialType}" credential`);
		const { test } = this.credentials.typeNamed(credentialType);
		if (!test)
			return {
				status: 'Error',
				message: `The harness tests only credentials with a test request; "${credentialType}" has none`,
			};
		const credential: ICredentialsDecrypted = {
			id: id as string,
			name,
			type: credentialType,
			data: this.credentials.withDefaults(credentialType, deepCopy(credentialData)),
		};
		return await runCredentialTest(credential, test, this.additionalData('internal'));
	}
}
