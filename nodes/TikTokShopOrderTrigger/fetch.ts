import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { tikTokApiRequest, type TikTokRequest } from '../shared/transport/request';

/**
 * The time n8n gives one poll, when it says so: n8n 2.x's durable poll scheduler abandons a poll that runs past its
 * timeout, and offers `getPollBudgetMs()` so a node can stop in time. n8n 1.x has no such method (undefined here).
 */
export function offeredPollBudgetMs(context: object): number | undefined {
	const offer = (context as { getPollBudgetMs?: unknown }).getPollBudgetMs;
	if (typeof offer !== 'function') return undefined;
	const budget = Number((offer as () => unknown).call(context));
	return Number.isFinite(budget) && budget > 0 ? budget : undefined;
}

export interface BudgetedFetch {
	items: IDataObject[];
	/** false when the poll stopped early (budget or item limit) and TikTok has more: the next poll continues. */
	complete: boolean;
	pages: number;
}

/**
 * Pages through a TikTok search (oldest first, as the request sorts it) until the last page, `limit` items, or the
 * poll's time budget: a new page is started only while the time spent so far plus the slowest page so far fits in
 * the budget, so the poll returns (and n8n keeps the cursor) before n8n would abandon it. The first page is always
 * fetched, so every poll makes progress.
 */
export async function fetchWithinBudget(
	context: IPollFunctions,
	request: TikTokRequest,
	{
		itemsKey,
		pageSize,
		limit,
		budgetMs,
		now = () => Date.now(),
	}: { itemsKey: string; pageSize: number; limit: number; budgetMs?: number; now?: () => number },
): Promise<BudgetedFetch> {
	const started = now();
	const items: IDataObject[] = [];
	let slowestPageMs = 0;
	let pages = 0;
	let pageToken = '';
	for (;;) {
		if (items.length >= limit) return { items: items.slice(0, limit), complete: false, pages };
		if (pages > 0 && budgetMs !== undefined && now() - started + slowestPageMs > budgetMs)
			return { items, complete: false, pages };
		const pageStarted = now();
		const qs: IDataObject = { ...(request.qs ?? {}), page_size: pageSize };
		if (pageToken) qs.page_token = pageToken;
		const data = await tikTokApiRequest<IDataObject>(context, { ...request, qs });
		pages += 1;
		slowestPageMs = Math.max(slowestPageMs, now() - pageStarted);
		const page = (data[itemsKey] as IDataObject[] | undefined) ?? [];
		items.push(...page);
		pageToken = String(data.next_page_token ?? '');
		if (!pageToken || page.length === 0)
			return { items: items.slice(0, limit), complete: items.length <= limit, pages };
	}
}
