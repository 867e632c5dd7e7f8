/**
 * The node types a harness workflow can use: the ones the test passed in, plus a start node.
 *
 * - A node type is prepared the way it is when n8n installs a package: n8n-core's `DirectoryLoader`
 *   adds its extra parameters (the polling schedule `pollTimes` for `polling: true`, which the
 *   Order Trigger relies on). That happens on a copy; the test's instance is left alone.
 * - `execute` reports the error instance it threw before rethrowing it. The execution record keeps
 *   only a plain copy of an error, and tests want the instance (`instanceof NodeApiError`, getters).
 * - {@link HARNESS_TRIGGER_TYPE}: the trigger every `runNode` workflow starts from; it emits the
 *   test's input items.
 */
import { DirectoryLoader } from 'n8n-core';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	ITriggerFunctions,
	ITriggerResponse,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

export const HARNESS_TRIGGER_TYPE = 'harness.start';
export const HARNESS_TRIGGER_NAME = 'Harness Start';

/** A copy of the description with the loader's extra parameters added. */
function loadedDescription(nodeType: INodeType): INodeTypeDescription {
	const description: INodeTypeDescription = {
		...nodeType.description,
		properties: nodeType.description.properties.map((p) => (p.options ? { ...p, options: [...p.options] } : p)),
	};
	const copy = {
		description,
		execute: nodeType.execute,
		trigger: nodeType.trigger,
		webhook: nodeType.webhook,
		poll: nodeType.poll,
	};
	const loader = DirectoryLoader.prototype as unknown as { applySpecialNodeParameters(nodeType: object): void };
	loader.applySpecialNodeParameters.call(undefined, copy);
	return description;
}

/** Receives what a node's `execute` threw, with the context it ran in. */
export type ErrorSink = (error: unknown, context: IExecuteFunctions) => void;

export class HarnessNodeTypes implements INodeTypes {
	private readonly loaded = new WeakMap<INodeType, INodeType>();

	errorSink: ErrorSink | undefined;

	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(type: string): INodeType | IVersionedNodeType {
		const nodeType = this.types[type];
		if (!nodeType) throw new UnexpectedError(`The harness was given no node type "${type}"`);
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		const original = NodeHelpers.getVersionedNodeType(this.getByName(type), version);
		let loaded = this.loaded.get(original);
		if (!loaded) {
			loaded = this.load(original);
			this.loaded.set(original, loaded);
		}
		return loaded;
	}

	getKnownTypes(): IDataObject {
		return {};
	}

	/** The version a node gets when it is dropped on the canvas. */
	latestVersion(type: string): number {
		const nodeType = this.getByName(type);
		if ('nodeVersions' in nodeType) return nodeType.currentVersion;
		const { version, defaultVersion } = nodeType.description;
		return defaultVersion ?? Math.max(...[version].flat());
	}

	private load(original: INodeType): INodeType {
		const loaded = Object.create(original) as INodeType;
		loaded.description = loadedDescription(original);
		const { execute } = original;
		if (execute) {
			const report: ErrorSink = (error, context) => this.errorSink?.(error, context);
			loaded.execute = async function (this: IExecuteFunctions, ...args: unknown[]) {
				try {
					return await (execute as (...a: unknown[]) => ReturnType<NonNullable<INodeType['execute']>>).apply(
						this,
						args,
					);
				} catch (error) {
					report(error, this);
					throw error;
				}
			};
		}
		return loaded;
	}
}

/** The input items of each running `runNode`, by workflow id. */
export const pendingTriggerItems = new Map<string, INodeExecutionData[]>();

/** Starts a `runNode` workflow with the test's input items (in manual mode n8n-core runs it; otherwise its output is given). */
export class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: HARNESS_TRIGGER_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Emits the input items of the test',
		defaults: { name: HARNESS_TRIGGER_NAME },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const items = pendingTriggerItems.get(this.getWorkflow().id ?? '') ?? [{ json: {} }];
		return { manualTriggerFunction: async () => this.emit([items]) };
	}
}
