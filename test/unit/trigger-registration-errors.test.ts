/**
 * The webhook trigger's lifecycle never swallows an error: when activation fails half-way, the subscriptions made so
 * far are undone; if undoing one fails too, that is written to n8n's log (with what is left over) and the original
 * error still reaches the user.
 */
import { NodeApiError, NodeOperationError, type IHookFunctions, type INode } from 'n8n-workflow';

import { tikTokApiRequest } from '../../nodes/shared/transport/request';
import { createRegistration } from '../../nodes/TikTokShopTrigger/registration/create';
import { deleteRegistration } from '../../nodes/TikTokShopTrigger/registration/delete';

jest.mock('../../nodes/shared/transport/request', () => ({ tikTokApiRequest: jest.fn() }));
jest.mock('../../nodes/shared/transport/shops', () => ({ resolveShopCipher: jest.fn(async () => 'cipher-1') }));

const api = tikTokApiRequest as jest.MockedFunction<typeof tikTokApiRequest>;
const ADDRESS = 'https://n8n.example.com/webhook/abc/webhook';
const node: INode = {
	id: 'n1',
	name: 'TikTok Shop Trigger',
	type: 'n8n-nodes-tiktok-shop.tikTokShopTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	webhookId: 'abc',
};

function hookContext(staticData: Record<string, unknown> = {}) {
	const warn = jest.fn();
	const context = {
		getNode: () => node,
		getMode: () => 'trigger',
		getNodeWebhookUrl: () => ADDRESS,
		getNodeParameter: (_name: string, fallback: unknown) => fallback,
		getWorkflowStaticData: () => staticData,
		logger: { warn, info: jest.fn(), error: jest.fn(), debug: jest.fn() },
	} as unknown as IHookFunctions;
	return { context, warn, staticData };
}

type Call = { method: string; body?: { event_type?: string; address?: string } };

beforeEach(() => api.mockReset());

test('a failed activation undoes what it registered; an undo that fails is logged, the original error is thrown', async () => {
	const calls: Call[] = [];
	api.mockImplementation(async (_ctx, request) => {
		const call = request as unknown as Call;
		calls.push(call);
		if (call.method === 'GET') return { webhooks: [] };
		if (call.method === 'PUT' && call.body?.event_type === 'RETURN_STATUS_CHANGE')
			throw new Error('TikTok said no (PUT)');
		if (call.method === 'DELETE') throw new Error('TikTok said no (DELETE)');
		return {};
	});
	const { context, warn, staticData } = hookContext();
	const error = await createRegistration
		.call(context, ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'], false)
		.catch((e: unknown) => e);

	expect(error).toBeInstanceOf(NodeOperationError);
	expect((error as Error).message).toContain('TikTok said no (PUT)');
	// the first subscription was undone (attempted) after the second failed
	expect(calls.map((c) => `${c.method} ${c.body?.event_type ?? ''}`.trim())).toEqual([
		'GET',
		'PUT ORDER_STATUS_CHANGE',
		'PUT RETURN_STATUS_CHANGE',
		'DELETE ORDER_STATUS_CHANGE',
	]);
	expect(warn).toHaveBeenCalledTimes(1);
	expect(warn.mock.calls[0][0]).toContain('ORDER_STATUS_CHANGE');
	expect(warn.mock.calls[0][0]).toContain('TikTok said no (DELETE)');
	expect(staticData.registration).toBeUndefined();
});

test('a clean rollback logs nothing and still throws the original error', async () => {
	api.mockImplementation(async (_ctx, request) => {
		const call = request as unknown as Call;
		if (call.method === 'GET') return { webhooks: [] };
		if (call.method === 'PUT' && call.body?.event_type === 'RETURN_STATUS_CHANGE')
			throw new NodeApiError(node, { message: 'rate limited' });
		return {};
	});
	const { context, warn } = hookContext();
	await expect(
		createRegistration.call(context, ['ORDER_STATUS_CHANGE', 'RETURN_STATUS_CHANGE'], false),
	).rejects.toBeInstanceOf(NodeApiError);
	expect(warn).not.toHaveBeenCalled();
});

test('deactivation that cannot remove a subscription throws and keeps the record for a retry', async () => {
	api.mockImplementation(async (_ctx, request) => {
		const call = request as unknown as Call;
		if (call.method === 'GET') return { webhooks: [{ event_type: 'ORDER_STATUS_CHANGE', address: ADDRESS }] };
		throw new Error('TikTok is down');
	});
	const { context, staticData } = hookContext({
		registration: { address: ADDRESS, shopCipher: 'cipher-1', eventTypes: ['ORDER_STATUS_CHANGE'], replaced: {} },
	});
	await expect(deleteRegistration.call(context, ['ORDER_STATUS_CHANGE'])).rejects.toThrow(
		/Could not remove the TikTok Shop subscription for ORDER_STATUS_CHANGE/,
	);
	expect(staticData.registration).toMatchObject({ eventTypes: ['ORDER_STATUS_CHANGE'] });
});
