/**
 * Typed access to scripts/lib/n8n-runtime.js (plain CommonJS, see scripts/lib/N8N-RUNTIME.md): only the parts the
 * end-to-end tests and the webhook benchmark use.
 */
import path from 'path';

export interface HttpReply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
	text: string;
}

export interface CliOptions {
	userFolder: string;
	/** The runtime (one per n8n version); default: the E2E_N8N_VERSION one. */
	cacheDir?: string;
	env?: Record<string, string>;
	timeoutMs?: number;
}

export interface N8nServer {
	url: string;
	port: number;
	pid: number;
	logFile: string;
	userFolder: string;
	startupMs: number;
	stop(): Promise<void>;
}

/** An execution as the public API returns it (with `includeData=true`). */
export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	startedAt: string;
	stoppedAt: string | null;
	workflowId: string;
	data?: {
		resultData: {
			runData: Record<
				string,
				Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>
			>;
			lastNodeExecuted?: string;
			error?: { message?: string; description?: string };
		};
	};
}

export interface Workflow {
	id: string;
	name: string;
	active: boolean;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	staticData?: unknown;
}

export interface N8nClient {
	baseUrl: string;
	cookie?: string;
	apiKey?: string;
	request(
		method: string,
		urlPath: string,
		options?: {
			body?: unknown;
			auth?: 'cookie' | 'apiKey' | 'none';
			headers?: Record<string, string>;
			timeoutMs?: number;
		},
	): Promise<HttpReply>;
	bootstrap(owner?: { email?: string; password?: string }): Promise<string>;
	login(owner?: { email?: string; password?: string }): Promise<unknown>;
	createWorkflow(workflow: object): Promise<Workflow>;
	listWorkflows(query?: string): Promise<Workflow[]>;
	getWorkflow(id: string): Promise<Workflow>;
	activateWorkflow(id: string): Promise<Workflow>;
	deactivateWorkflow(id: string): Promise<Workflow>;
	deleteWorkflow(id: string): Promise<unknown>;
	listExecutions(options?: {
		workflowId?: string;
		includeData?: boolean;
		status?: string;
		limit?: number;
	}): Promise<Execution[]>;
	getExecution(id: string, options?: { includeData?: boolean }): Promise<Execution>;
	waitForExecution(
		workflowId: string,
		options?: { timeoutMs?: number; exclude?: string[]; intervalMs?: number },
	): Promise<Execution>;
	listCredentials(): Promise<Array<{ id: string; name: string; type: string }>>;
	createCredential(credential: {
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<{ id: string; name: string; type: string }>;
	runWorkflowManually(id: string, triggerName: string): Promise<{ executionId: string }>;
}

export interface ExportedCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface Runtime {
	/** The n8n version this process drives (E2E_N8N_VERSION, default 2.41.0). */
	N8N_VERSION: string;
	VERSIONS: Record<string, { line: string; overrides: Record<string, string>; hasPublishCli: boolean }>;
	ensureN8n(options?: {
		onProgress?: (line: string) => void;
		version?: string;
		cacheDir?: string;
	}): Promise<{ nodeBin: string; n8nBin: string; cacheDir: string }>;
	defaultCacheDir(version?: string): string;
	runtimePaths(cacheDir?: string): { cacheDir: string; marker: string; nodeBin: string; n8nBin: string };
	freePort(): Promise<number>;
	startN8n(
		options: CliOptions & { port?: number; webhookUrl?: string; logLevel?: string; timeoutMs?: number },
	): Promise<N8nServer>;
	importCredentials(input: string | object[], options: CliOptions): Promise<unknown>;
	importWorkflow(input: string | object[], options: CliOptions): Promise<unknown>;
	publishWorkflowCli(id: string, options: CliOptions): Promise<unknown>;
	exportCredentialsCli(options: CliOptions & { id?: string }): Promise<ExportedCredential[]>;
	nodeOutputOf(runData: unknown, nodeName: string, runIndex?: number): Array<Record<string, unknown>>;
	request(
		method: string,
		url: string,
		options?: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
	): Promise<HttpReply>;
	waitForWebhook(
		url: string,
		options?: { timeoutMs?: number; call?: { method?: string; body?: unknown; headers?: Record<string, string> } },
	): Promise<HttpReply>;
	N8nClient: new (url: string, options?: { version?: string }) => N8nClient;
}

export const repoRoot = path.resolve(__dirname, '../../..');

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const rt = require(path.join(repoRoot, 'scripts/lib/n8n-runtime.js')) as Runtime;
