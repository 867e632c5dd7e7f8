import type { IDataObject } from 'n8n-workflow';

import { tikTokApiRequest, type TikTokContext, type TikTokRequest } from './request';
import { tikTokApiRequestAllWindowed, type WindowedSearch } from './windowedSearch';

export interface PageOptions {
	/** Key of the list inside `data`, e.g. `orders`, `products`, `return_orders`. */
	itemsKey: string;
	returnAll: boolean;
	limit?: number;
	/** Largest `page_size` the endpoint accepts (orders/products 100, returns/cancellations 50). */
	maxPageSize: number;
	/** Smallest `page_size` it accepts (return search: 10). */
	minPageSize?: number;
	/** Return All pages time windows at the same time when the search is large (see windowedSearch.ts). */
	windowed?: WindowedSearch;
}

/**
 * Cursor pagination: `page_token` in the query, `next_page_token` back; an empty token marks the last page.
 * https://partner.tiktokshop.com/docv2/page/get-order-list-202309
 */
export async function tikTokApiRequestAllItems<T = IDataObject>(
	context: TikTokContext,
	request: TikTokRequest,
	{ itemsKey, returnAll, limit = 50, maxPageSize, minPageSize = 1, windowed }: PageOptions,
): Promise<T[]> {
	if (returnAll && windowed) {
		return (await tikTokApiRequestAllWindowed<IDataObject>(
			context,
			request,
			{ itemsKey, pageSize: maxPageSize },
			{ minPageSize, ...windowed },
		)) as T[];
	}
	const wanted = returnAll ? Infinity : Math.max(0, limit);
	const pageSize = returnAll ? maxPageSize : Math.max(minPageSize, Math.min(maxPageSize, wanted));
	const items: T[] = [];
	let pageToken = '';
	while (items.length < wanted) {
		const qs: IDataObject = { ...(request.qs ?? {}), page_size: pageSize };
		if (pageToken) qs.page_token = pageToken;
		const data = await tikTokApiRequest<IDataObject>(context, { ...request, qs });
		const page = (data[itemsKey] as T[] | undefined) ?? [];
		items.push(...page);
		pageToken = String(data.next_page_token ?? '');
		if (!pageToken || page.length === 0) break;
	}
	return returnAll ? items : items.slice(0, wanted);
}
