import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';

import { searchShops } from '../shared/listSearch/searchShops';
import { orderTriggerProperties } from './description';
import { pollOrders } from './poll';

export class TikTokShopOrderTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop Order Trigger',
		name: 'tikTokShopOrderTrigger',
		icon: { light: 'file:../../icons/tiktokShop.svg', dark: 'file:../../icons/tiktokShop.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "newOrder" ? "New orders" : "New or updated orders"}}',
		description:
			'Starts the workflow when TikTok Shop orders are created or updated, by checking on a schedule (no public URL needed)',
		defaults: { name: 'TikTok Shop Order Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokShopApi', required: true }],
		properties: orderTriggerProperties,
	};

	methods = {
		listSearch: { searchShops },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollOrders(this);
	}
}
