import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { searchShops } from '../shared/listSearch/searchShops';
import { triggerProperties } from './description';
import { checkRegistration, register, unregister } from './registration/lifecycle';
import { receiveDelivery } from './webhook';

export class TikTokShopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop Trigger',
		name: 'tikTokShopTrigger',
		icon: { light: 'file:../../icons/tiktokShop.svg', dark: 'file:../../icons/tiktokShop.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly as 1. It exists because n8n treats version 1 webhook nodes differently: for every
		// delivery to a version 1 node it evaluates an expression (the old Webhook node's "binary data" option), and
		// n8n 2.x builds a fresh expression isolate for that, ~80 ms of CPU per delivery (bench/webhook-burst.ts).
		version: [1, 1.1],
		defaultVersion: 1.1,
		// eventsSubtitle() from events.ts, written out because n8n's lint wants a literal (a unit test keeps them equal)
		subtitle:
			'={{ ($parameter["events"] || []).map((name) => ({"ORDER_STATUS_CHANGE":"Order Status Change","REVERSE_STATUS_UPDATE":"Return or Cancellation Update (Legacy)","RECIPIENT_ADDRESS_UPDATE":"Shipping Address Change","PACKAGE_UPDATE":"Package Update","PRODUCT_STATUS_CHANGE":"Product Status Change","SELLER_DEAUTHORIZATION":"App Deauthorized","UPCOMING_AUTHORIZATION_EXPIRATION":"Authorization Expiring Soon","CANCELLATION_STATUS_CHANGE":"Cancellation Status Change","RETURN_STATUS_CHANGE":"Return Status Change","NEW_CONVERSATION":"New Conversation","NEW_MESSAGE":"New Message","PRODUCT_INFORMATION_CHANGE":"Product Information Change","PRODUCT_CREATION":"Product Created","PRODUCT_CATEGORY_CHANGE":"Product Category Change","NEW_MESSAGE_LISTENER":"New Affiliate Message","INVOICE_STATUS_CHANGE":"Invoice Status Change","INVENTORY_STATUS_CHANGE":"Inventory Status Change","PRODUCT_AUDIT_STATUS_CHANGE":"Product Audit Status Change"})[name] || name).join(", ") }}',
		description:
			'Starts the workflow when TikTok Shop sends an event: order status changes, returns, cancellations, address updates and more',
		defaults: { name: 'TikTok Shop Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokShopApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	methods = {
		listSearch: { searchShops },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkRegistration.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await register.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregister.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this);
	}
}
