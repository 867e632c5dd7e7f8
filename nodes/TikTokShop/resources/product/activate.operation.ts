import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listingDescription, setListing } from './setListing';

// https://partner.tiktokshop.com/docv2/page/activate-product-202309

/** The Product IDs field, shown for Activate and Deactivate alike. */
export const description: INodeProperties[] = listingDescription;

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await setListing(this, items, true);
}
