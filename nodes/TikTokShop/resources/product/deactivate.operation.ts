import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { setListing } from './setListing';

// https://partner.tiktokshop.com/docv2/page/deactivate-products-202309

/** Deactivate's field is Activate's Product IDs field, which is shown for both operations. */
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await setListing(this, items, false);
}
