import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { uniqueBy } from '../../helpers/batch';
import { mapWithConcurrency } from '../../../shared/transport/batching';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { ENDPOINTS } from '../../../shared/endpoints';
import { PLATFORM_VALUES, type LineItemPair } from './parse';

export interface ExternalOrder extends IDataObject {
	id: string;
	platform: string;
	line_items?: LineItemPair[];
}

/** Calls in flight at once when "All Platforms" asks every platform about one order (the throttle still paces them). */
const ALL_PLATFORMS_CONCURRENCY = 4;

/**
 * The links of one order. TikTok requires `platform` on this call
 * (https://partner.tiktokshop.com/docv2/page/get-external-order-references-202406), so an empty platform ("All
 * Platforms") asks each of the 10 platforms in turn and merges the answers: 10 calls per order instead of 1.
 * Any failed call fails the whole lookup: "not linked" must never be claimed from a partial answer.
 */
export async function fetchExternalReferences(
	context: IExecuteFunctions,
	{
		orderId,
		platform,
		shopCipher,
		itemIndex,
	}: { orderId: string; platform: string; shopCipher?: string; itemIndex: number },
): Promise<ExternalOrder[]> {
	const platforms = platform ? [platform] : PLATFORM_VALUES;
	const answers = await mapWithConcurrency(platforms, ALL_PLATFORMS_CONCURRENCY, async (asked) => {
		const data = await tikTokApiRequest<{ external_orders?: ExternalOrder[] }>(context, {
			method: 'GET',
			path: ENDPOINTS.externalReferencesOfOrder(orderId),
			qs: { platform: asked },
			shopCipher,
			itemIndex,
		});
		return (data.external_orders ?? []).filter((reference) => reference.platform === asked);
	});
	return mergeReferences(answers);
}

/** Flattens per-platform answers in platform order, dropping a link reported twice. */
export function mergeReferences(answers: ExternalOrder[][]): ExternalOrder[] {
	return uniqueBy(answers.flat(), (reference) => `${reference.platform}|${reference.id}`);
}
