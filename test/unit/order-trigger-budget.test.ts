/**
 * The order trigger on n8n's durable poll scheduler: it uses the poll time budget n8n offers (getPollBudgetMs,
 * n8n 2.x) to stop paging before n8n abandons the poll, moves its cursor over what it fetched, and the next poll
 * continues without duplicates or gaps. On n8n 1.x (no getPollBudgetMs) it pages to the end as before.
 */
import type { IDataObject, IPollFunctions, INode } from 'n8n-workflow';

import { tikTokApiRequest } from '../../nodes/shared/transport/request';
import { fetchWithinBudget, offeredPollBudgetMs } from '../../nodes/TikTokShopOrderTrigger/fetch';
import { TikTokShopOrderTrigger } from '../../nodes/TikTokShopOrderTrigger/TikTokShopOrderTrigger.node';

jest.mock('../../nodes/shared/transport/request', () => ({ tikTokApiRequest: jest.fn() }));
jest.mock('../../nodes/shared/transport/shops', () => ({
	...jest.requireActual('../../nodes/shared/transport/shops'),
	resolveShopCipher: jest.fn(async () => 'cipher-1'),
	shopsAndCredentialCipher: jest.fn(async () => null),
}));

const api = tikTokApiRequest as jest.MockedFunction<typeof tikTokApiRequest>;
const node: INode = {
	id: 'n1',
	name: 'Order Trigger',
	type: 'n8n-nodes-tiktok-shop.tikTokShopOrderTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** A fake TikTok order search over `orders` (sorted by create_time), pages of `page_size`, each taking `pageMs` of fake time. */
function fakeSearch(orders: IDataObject[], clock: { t: number }, pageMs: number) {
	const requests: IDataObject[] = [];
	api.mockImplementation(async (_ctx, request) => {
		const qs = (request.qs ?? {}) as IDataObject;
		const body = (request.body ?? {}) as IDataObject;
		requests.push({ ...qs, ...body });
		clock.t += pageMs;
		const from = Number(body.create_time_ge ?? 0);
		const matching = orders.filter((o) => Number(o.create_time) >= from);
		const offset = Number(qs.page_token || 0);
		const size = Number(qs.page_size);
		const page = matching.slice(offset, offset + size);
		const nextOffset = offset + page.length;
		return { orders: page, next_page_token: nextOffset < matching.length ? String(nextOffset) : '' } as never;
	});
	return requests;
}

const orders = Array.from({ length: 350 }, (_, i) => ({
	id: `5770${String(i).padStart(14, '0')}`,
	create_time: 2000 + i,
	update_time: 2000 + i,
	status: 'AWAITING_SHIPMENT',
}));

beforeEach(() => api.mockReset());

describe('offeredPollBudgetMs', () => {
	it('is the budget n8n offers, and undefined where n8n offers none (1.x) or nonsense', () => {
		expect(offeredPollBudgetMs({ getPollBudgetMs: () => 36000 })).toBe(36000);
		expect(offeredPollBudgetMs({})).toBeUndefined();
		expect(offeredPollBudgetMs({ getPollBudgetMs: () => 0 })).toBeUndefined();
		expect(offeredPollBudgetMs({ getPollBudgetMs: () => Number.NaN })).toBeUndefined();
	});
});

describe('fetchWithinBudget', () => {
	const ctx = {} as IPollFunctions;
	const request = { method: 'POST' as const, path: '/order/202309/orders/search', body: { create_time_ge: 0 } };

	it('without a budget fetches every page', async () => {
		const clock = { t: 0 };
		fakeSearch(orders, clock, 1000);
		const res = await fetchWithinBudget(ctx, request, {
			itemsKey: 'orders',
			pageSize: 100,
			limit: 5000,
			now: () => clock.t,
		});
		expect(res).toMatchObject({ complete: true, pages: 4 });
		expect(res.items).toHaveLength(350);
	});

	it('stops before a page that would not fit in the budget (time so far + slowest page)', async () => {
		const clock = { t: 0 };
		fakeSearch(orders, clock, 1000);
		// after 2 pages: 2 s spent + 1 s slowest = 3 s > 2.5 s budget → stop
		const res = await fetchWithinBudget(ctx, request, {
			itemsKey: 'orders',
			pageSize: 100,
			limit: 5000,
			budgetMs: 2500,
			now: () => clock.t,
		});
		expect(res).toMatchObject({ complete: false, pages: 2 });
		expect(res.items.map((o) => o.id)).toEqual(orders.slice(0, 200).map((o) => o.id));
	});

	it('always fetches the first page, even with a budget smaller than one page', async () => {
		const clock = { t: 0 };
		fakeSearch(orders, clock, 5000);
		const res = await fetchWithinBudget(ctx, request, {
			itemsKey: 'orders',
			pageSize: 100,
			limit: 5000,
			budgetMs: 10,
			now: () => clock.t,
		});
		expect(res).toMatchObject({ complete: false, pages: 1 });
		expect(res.items).toHaveLength(100);
	});

	it('stops at the item limit', async () => {
		const clock = { t: 0 };
		fakeSearch(orders, clock, 1);
		const res = await fetchWithinBudget(ctx, request, {
			itemsKey: 'orders',
			pageSize: 100,
			limit: 150,
			now: () => clock.t,
		});
		expect(res.items).toHaveLength(150);
		expect(res.complete).toBe(false);
	});
});

describe('poll() with a time budget, as on the durable scheduler', () => {
	/** A poll context like n8n's: static data is a fresh copy of the committed cursor per poll, committed only if the poll returns. */
	function pollContext(committed: { data: IDataObject }, budgetMs: number | undefined, parameters: IDataObject) {
		let inPoll = false;
		const staged = JSON.parse(JSON.stringify(committed.data)) as IDataObject;
		const ctx = {
			getNode: () => node,
			getMode: () => 'trigger',
			getNodeParameter: (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback),
			getWorkflowStaticData: () => {
				if (!inPoll) throw new Error('static data read outside poll()');
				return staged;
			},
			helpers: { returnJsonArray: (items: IDataObject[]) => items.map((json) => ({ json })) },
			...(budgetMs === undefined ? {} : { getPollBudgetMs: () => budgetMs }),
		} as unknown as IPollFunctions;
		return {
			run: async () => {
				inPoll = true;
				try {
					const out = await new TikTokShopOrderTrigger().poll.call(ctx);
					committed.data = JSON.parse(JSON.stringify(staged)) as IDataObject;
					return out;
				} finally {
					inPoll = false;
				}
			},
		};
	}

	const parameters = {
		event: 'newOrder',
		filters: {},
		options: { startFrom: '1970-01-01T00:33:20Z', lookBackMinutes: 0 },
		shop: { mode: 'list', value: '' },
	};

	it('drains a backlog over several polls within the budget: every order once, in order, no gaps', async () => {
		const clock = { t: 0 };
		jest.spyOn(Date, 'now').mockImplementation(() => clock.t);
		const requests = fakeSearch(orders, clock, 1000);
		const committed = { data: {} as IDataObject };
		const emitted: string[] = [];
		const perPoll: number[] = [];
		for (let i = 0; i < 5; i++) {
			const out = await pollContext(committed, 2500, parameters).run();
			// each item carries the whole order under `order`
			const ids = out ? out[0].map((item) => String((item.json.order as IDataObject).id)) : [];
			perPoll.push(ids.length);
			emitted.push(...ids);
		}
		expect(perPoll).toEqual([200, 150, 0, 0, 0]);
		expect(emitted).toEqual(orders.map((o) => o.id));
		expect(committed.data.cursor).toBe(2349);
		// the second poll asked from the newest order the first one emitted (look-back 0)
		expect(requests.filter((r) => !r.page_token).map((r) => r.create_time_ge)).toEqual([2000, 2199, 2349, 2349, 2349]);
		jest.restoreAllMocks();
	});

	it('without a budget (n8n 1.x) one poll takes the whole backlog', async () => {
		const clock = { t: 0 };
		jest.spyOn(Date, 'now').mockImplementation(() => clock.t);
		fakeSearch(orders, clock, 1000);
		const committed = { data: {} as IDataObject };
		const out = await pollContext(committed, undefined, parameters).run();
		expect(out?.[0]).toHaveLength(350);
		jest.restoreAllMocks();
	});
});
