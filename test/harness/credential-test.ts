/**
 * A credential test, as the "Test" button of the credential form runs one: the credential type's
 * `test.request` is sent by n8n-core's `RoutingNode` from a temporary node that holds the credential,
 * and the answer is checked against the test's `responseSuccessBody` rules.
 *
 * Our own minimal version, written from what a real n8n 2.41 was seen doing (README.md); only
 * credentials with a `test.request` (ours) are covered, not a node's `credentialTest` method.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialTestRequest,
	ICredentialsDecrypted,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';

import { CREDENTIAL_TEST_NODE_TYPE } from './credentials';

export async function runCredentialTest(
	credential: ICredentialsDecrypted,
	test: ICredentialTestRequest,
	additionalData: IWorkflowExecuteAdditionalData,
): Promise<INodeCredentialTestResult> {
	let output: INodeExecutionData[][] | null | undefined;
	try {
		output = await sendTestRequest(credential, test, additionalData);
	} catch (error) {
		return { status: 'Error', message: failureMessage(error) };
	}
	const body = output?.[0]?.[0]?.json ?? {};
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && valueAt(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** A one-node workflow whose only parameter routes the test request, run once with the credential. */
async function sendTestRequest(
	credential: ICredentialsDecrypted,
	test: ICredentialTestRequest,
	additionalData: IWorkflowExecuteAdditionalData,
): Promise<INodeExecutionData[][] | null | undefined> {
	const node: INode = {
		id: 'harness-credential-test',
		name: 'Credential Test',
		type: CREDENTIAL_TEST_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credential.type]: { id: credential.id ?? null, name: credential.name } },
	};
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: CREDENTIAL_TEST_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Sends the credential type’s test request',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credential.type, required: true }],
			properties: [
				{ displayName: 'Request', name: 'request', type: 'string', default: '', routing: { request: test.request } },
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const runData = createRunExecutionData({ resultData: { runData: {} } });
	const input = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runData,
		0,
		[],
		input,
		{ node, data: {}, source: null },
		[],
	);
	return await new RoutingNode(context, nodeType, credential).runNode();
}

/** What the form shows for a failed test: the HTTP status text of the failed call, else the network code or message. */
function failureMessage(error: unknown): string {
	const { message, cause } = error as Error & {
		cause?: { response?: { status: number; statusText?: string }; code?: string };
	};
	if (cause?.response) return cause.response.statusText || `HTTP ${cause.response.status}`;
	return cause?.code ?? message;
}

function valueAt(body: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], body);
}
