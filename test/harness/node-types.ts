/**
 * The harness's `INodeTypes`: what the CLI's `NodeTypes` + `LoadNodesAndCredentials` hand to the
 * engine, for node instances given directly by the test.
 *
 * - Each node type gets the loader's "special parameters" exactly as n8n-core's `DirectoryLoader`
 *   adds them when it loads a package (`polling: true` → the `pollTimes` parameter is prepended;
 *   `supportsCORS` webhooks → CORS options; declarative nodes → the `requestOptions` collection).
 *   This runs on a copy; the instance the test passed in is not mutated.
 * - `execute` is wrapped to record the error instance the node threw. `WorkflowExecute` only keeps a
 *   spread copy of it (`{ ...error, message, stack }`), so without this a test could not use
 *   `instanceof NodeApiError` or read getters. The wrapper calls the original with the same `this`
 *   and arguments and rethrows, so the engine sees exactly what it would have seen.
 * - One built-in node type, {@link HARNESS_TRIGGER_TYPE}, a ManualTrigger clone that emits the
 *   input items of the current `runNode` call.
 */
import { DirectoryLoader } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

export const HARNESS_TRIGGER_TYPE = 'n8nHarness.manualTrigger';
export const HARNESS_TRIGGER_NAME = 'When clicking ‘Execute workflow’';

type LoaderShim = Pick<INodeType, 'description' | 'execute' | 'trigger' | 'webhook' | 'poll' | 'supplyData'>;

/** Runs the real `DirectoryLoader.applySpecialNodeParameters` on a copy of the description. */
function withSpecialNodeParameters(nodeType: INodeType): INodeTypeDescription {
	const description: INodeTypeDescription = {
		...nodeType.description,
		properties: (nodeType.description.properties ?? []).map((p) =>
			p.name === 'options' && Array.isArray(p.options) ? { ...p, options: [...p.options] } : p,
		),
	};
	const shim: LoaderShim = {
		description,
		execute: nodeType.execute,
		trigger: nodeType.trigger,
		webhook: nodeType.webhook,
		poll: nodeType.poll,
		supplyData: nodeType.supplyData,
	};
	(
		DirectoryLoader.prototype as unknown as { applySpecialNodeParameters(n: LoaderShim): void }
	).applySpecialNodeParameters.call(undefined, shim);
	return description;
}

/** Receives the thrown error and the execution context the node ran with. */
export type ErrorSink = (error: unknown, context: unknown) => void;

export class HarnessNodeTypes implements INodeTypes {
	private readonly prepared = new WeakMap<INodeType, INodeType>();

	/** Set by the harness around a run; receives every error a node's `execute` throws. */
	errorSink: ErrorSink | undefined;

	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	has(type: string) {
		return type in this.types;
	}

	register(type: string, nodeType: INodeType | IVersionedNodeType) {
		this.types[type] = nodeType;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new UnexpectedError(`Unrecognized node type: ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const raw = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		let prepared = this.prepared.get(raw);
		if (!prepared) {
			prepared = this.prepare(raw);
			this.prepared.set(raw, prepared);
		}
		return prepared;
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	/** The newest version a node type declares (what the editor puts on a newly added node). */
	latestVersion(nodeType: string): number {
		const type = this.getByName(nodeType);
		if ('nodeVersions' in type) return type.currentVersion;
		const { version, defaultVersion } = type.description;
		if (defaultVersion !== undefined) return defaultVersion;
		return Array.isArray(version) ? Math.max(...version) : version;
	}

	private prepare(original: INodeType): INodeType {
		const prepared = Object.create(original) as INodeType;
		Object.defineProperty(prepared, 'description', {
			value: withSpecialNodeParameters(original),
			enumerable: true,
			writable: true,
		});
		if (typeof original.execute === 'function') {
			const execute = original.execute;
			const sink = () => this.errorSink;
			Object.defineProperty(prepared, 'execute', {
				enumerable: true,
				writable: true,
				value: async function executeRecordingErrors(this: unknown, ...args: unknown[]) {
					try {
						return await (execute as (...a: unknown[]) => unknown).apply(this, args);
					} catch (error) {
						// `this` is the context for plain node classes; class-style nodes get it as the first argument
						const context = typeof (this as { getNode?: unknown })?.getNode === 'function' ? this : args[0];
						sink()?.(error, context);
						throw error;
					}
				},
			});
		}
		return prepared;
	}
}

/** Per-run input for the built-in trigger, keyed by workflow id. */
export const pendingTriggerItems = new Map<string, INodeExecutionData[]>();

/** A clone of n8n's Manual Trigger that emits the items the test gave to `runNode`. */
export class HarnessManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Manual Trigger',
		name: HARNESS_TRIGGER_TYPE,
		icon: 'fa:mouse-pointer',
		group: ['trigger'],
		version: 1,
		description: 'Emits the input items given to the test harness',
		eventTriggerDescription: '',
		maxNodes: 1,
		defaults: { name: HARNESS_TRIGGER_NAME, color: '#909298' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const workflowId = this.getWorkflow().id as string;
		const items = pendingTriggerItems.get(workflowId) ?? [{ json: {} }];
		const manualTriggerFunction = async () => {
			this.emit([items]);
		};
		return { manualTriggerFunction };
	}
}
