import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { forEachItem } from '../../helpers/execution';
import { getAuthorizedShops } from '../../../shared/transport/shops';

// https://partner.tiktokshop.com/docv2/page/get-authorized-shops-202309

/** No fields: the list depends only on the credential. */
export const description: INodeProperties[] = [];

/** One call for the whole run (the list does not depend on the input items), one output item per shop. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem(
		this,
		items.slice(0, 1),
		async () => (await getAuthorizedShops.call(this)) as unknown as Array<Record<string, string>>,
	);
}
