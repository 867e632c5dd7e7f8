import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { afterSaleSearchDescription, idFilter, multiFilter, searchAfterSales } from '../return/search';

export const description: INodeProperties[] = afterSaleSearchDescription('cancellation', [
	idFilter('Cancellation IDs', 'cancelIds', 'Only these cancellations'),
	multiFilter('Cancellation Statuses', 'cancelStatus', [
		{ name: 'Pending', value: 'CANCELLATION_REQUEST_PENDING' },
		{ name: 'Approved', value: 'CANCELLATION_REQUEST_SUCCESS' },
		// The filter says _CANCEL; responses and webhooks say _CANCELLED (https://partner.tiktokshop.com/docv2/page/search-cancellations-202309).
		{ name: 'Withdrawn', value: 'CANCELLATION_REQUEST_CANCEL' },
		{ name: 'Completed', value: 'CANCELLATION_REQUEST_COMPLETE' },
	]),
	multiFilter('Cancellation Types', 'cancelTypes', [
		{ name: 'Requested by Buyer', value: 'BUYER_CANCEL' },
		{ name: 'By Seller or System', value: 'CANCEL' },
	]),
]);

// https://partner.tiktokshop.com/docv2/page/search-cancellations-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await searchAfterSales(this, items, 'cancellation');
}
