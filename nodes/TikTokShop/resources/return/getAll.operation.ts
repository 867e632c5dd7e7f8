import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { afterSaleSearchDescription, idFilter, multiFilter, searchAfterSales } from './search';

/**
 * The statuses Search Returns accepts as a filter (https://partner.tiktokshop.com/docv2/page/search-returns-202309).
 * The REPLACEMENT_REQUEST_* statuses of the return webhook are not among them, so they are not offered here.
 */
export const RETURN_STATUSES = (
	[
		['Awaiting Buyer Response', 'AWAITING_BUYER_RESPONSE'],
		['Awaiting Buyer Shipment', 'AWAITING_BUYER_SHIP'],
		['Buyer Shipped Item', 'BUYER_SHIPPED_ITEM'],
		['Refund or Return Rejected', 'REFUND_OR_RETURN_REQUEST_REJECT'],
		['Rejected Receiving Package', 'REJECT_RECEIVE_PACKAGE'],
		['Return or Refund Cancelled', 'RETURN_OR_REFUND_REQUEST_CANCEL'],
		['Return or Refund Completed', 'RETURN_OR_REFUND_REQUEST_COMPLETE'],
		['Return or Refund Pending', 'RETURN_OR_REFUND_REQUEST_PENDING'],
		['Return or Refund Approved', 'RETURN_OR_REFUND_REQUEST_SUCCESS'],
	] as const
).map(([name, value]) => ({ name, value }));

export const description: INodeProperties[] = afterSaleSearchDescription('return', [
	idFilter('Return IDs', 'returnIds', 'Only these returns'),
	multiFilter('Return Statuses', 'returnStatus', RETURN_STATUSES, 'Only returns in one of these statuses'),
	multiFilter('Return Types', 'returnTypes', [
		{ name: 'Refund Only', value: 'REFUND' },
		{ name: 'Replacement', value: 'REPLACEMENT' },
		{ name: 'Return and Refund', value: 'RETURN_AND_REFUND' },
	]),
]);

// https://partner.tiktokshop.com/docv2/page/search-returns-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await searchAfterSales(this, items, 'return');
}
