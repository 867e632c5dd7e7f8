import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { searchShops } from '../shared/listSearch/searchShops';
import { ORDER_STATUSES, shopLocator } from '../shared/descriptions';
import {
	CANCELLATION_STATUS_OPTIONS,
	EVENT_OPTIONS,
	INVENTORY_ALERT_OPTIONS,
	RETURN_STATUS_OPTIONS,
	STATUS_FILTERS,
	eventByName,
	eventNameForType,
	normalizeEventData,
	wantedTypes,
} from './events';
import { fetchFullObject, supportsFullObject } from './fullObject';
import {
	REGISTRATION_AUTOMATIC,
	REGISTRATION_PARTNER_CENTER,
	createRegistration,
	deleteRegistration,
	registrationExists,
} from './registration';
import {
	cachedAppKeys,
	checkAndRememberDelivery,
	deliveryKey,
	isValidWebhookSignature,
	parseJsonKeepingBigIntegers,
	rememberAppKeys,
	type AppKeys,
	type DeliveryLog,
} from './verification';

function chosenEvents(context: IHookFunctions | IWebhookFunctions): string[] {
	return ((context.getNodeParameter('events', []) as string[]) ?? []).filter((name) => eventByName(name) !== undefined);
}

/**
 * The chosen events the Event API can register. Events TikTok sends only to the Partner Center address (Inventory
 * Status Change) cannot be subscribed per shop, so choosing one under "Automatic" fails activation with what to do,
 * rather than activating a workflow that would never receive it.
 */
function registrableEvents(context: IHookFunctions): string[] {
	const chosen = chosenEvents(context);
	const unregistrable = chosen.map((name) => eventByName(name)!).filter((event) => event.partnerCenterOnly);
	if (unregistrable.length > 0) {
		const names = unregistrable.map((event) => `${event.displayName} (${event.type})`).join(', ');
		throw new NodeOperationError(context.getNode(), `${names} cannot be subscribed automatically`, {
			description: `TikTok sends ${names} only to the webhook address set in Partner Center; its Event API cannot register it for a shop. Set Registration to 'Registered in Partner Center', copy this node's Production URL into Partner Center › your app › Webhooks and tick the same events there. Nothing was registered.`,
		});
	}
	return chosen;
}

function isPartnerCenter(context: IHookFunctions | IWebhookFunctions): boolean {
	return context.getNodeParameter('registration', REGISTRATION_AUTOMATIC) === REGISTRATION_PARTNER_CENTER;
}

/** Extra numeric types (Partner Center mode), from "27, 36". */
function extraTypes(context: IWebhookFunctions): number[] {
	const raw = String(context.getNodeParameter('options.otherEventTypes', '') ?? '');
	return raw
		.split(/[\s,;]+/)
		.filter((part) => /^\d+$/.test(part))
		.map(Number);
}

/** The credential's App Key and App Secret, as stored now. */
async function loadAppKeys(context: IWebhookFunctions): Promise<AppKeys> {
	const credentials = await context.getCredentials('tikTokShopApi');
	const appKey = String(credentials.appKey ?? '');
	const appSecret = String(credentials.appSecret ?? '');
	if (!appKey || !appSecret) {
		// TikTok retries for about 15 hours, so events arriving meanwhile are not lost once this is fixed
		throw new NodeOperationError(context.getNode(), 'The TikTok Shop credential has no App Key or App Secret', {
			description: 'They are needed to check that webhook calls really come from TikTok. Open the credential and fill both in.',
		});
	}
	return { appKey, appSecret };
}

/** Answers TikTok directly and starts no execution. */
function reply(context: IWebhookFunctions, status: number, message?: string): IWebhookResponseData {
	const response = context.getResponseObject().status(status);
	if (message) response.send(message).end();
	else response.end();
	return { noWebhookResponse: true };
}

export class TikTokShopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop Trigger',
		name: 'tikTokShopTrigger',
		icon: { light: 'file:../../icons/tiktokShop.svg', dark: 'file:../../icons/tiktokShop.dark.svg' },
		group: ['trigger'],
		version: 1,
		// eventsSubtitle() from events.ts, written out because n8n's lint wants a literal (a unit test keeps them equal)
		subtitle:
			'={{ ($parameter["events"] || []).map((name) => ({"ORDER_STATUS_CHANGE":"Order Status Change","REVERSE_STATUS_UPDATE":"Return or Cancellation Update (Legacy)","RECIPIENT_ADDRESS_UPDATE":"Shipping Address Change","PACKAGE_UPDATE":"Package Update","PRODUCT_STATUS_CHANGE":"Product Status Change","SELLER_DEAUTHORIZATION":"App Deauthorized","UPCOMING_AUTHORIZATION_EXPIRATION":"Authorization Expiring Soon","CANCELLATION_STATUS_CHANGE":"Cancellation Status Change","RETURN_STATUS_CHANGE":"Return Status Change","NEW_CONVERSATION":"New Conversation","NEW_MESSAGE":"New Message","PRODUCT_INFORMATION_CHANGE":"Product Information Change","PRODUCT_CREATION":"Product Created","PRODUCT_CATEGORY_CHANGE":"Product Category Change","NEW_MESSAGE_LISTENER":"New Affiliate Message","INVOICE_STATUS_CHANGE":"Invoice Status Change","INVENTORY_STATUS_CHANGE":"Inventory Status Change","PRODUCT_AUDIT_STATUS_CHANGE":"Product Audit Status Change"})[name] || name).join(", ") }}',
		description: 'Starts the workflow when TikTok Shop sends an event: order status changes, returns, cancellations, address updates and more',
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
		properties: [
			{
				displayName: 'Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Automatic (Event API)',
						value: REGISTRATION_AUTOMATIC,
						description: "Subscribes this workflow's URL to the chosen events of the shop when the workflow is activated, and removes it when deactivated",
					},
					{
						name: 'Registered in Partner Center',
						value: REGISTRATION_PARTNER_CENTER,
						description: "You entered this workflow's production URL as the app's webhook address in TikTok Shop Partner Center; n8n registers nothing",
					},
				],
				default: REGISTRATION_AUTOMATIC,
			},
			{
				displayName:
					"Copy this node's Production URL into Partner Center › your app › Webhooks and tick the same events there. Events arrive for every shop that authorized the app; the output's shopId tells them apart.",
				name: 'partnerCenterNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: [REGISTRATION_PARTNER_CENTER] } },
			},
			{
				...shopLocator,
				description: 'The shop whose events start this workflow. Leave empty when the credential has a Shop Cipher or is authorized for a single shop.',
				displayOptions: { show: { registration: [REGISTRATION_AUTOMATIC] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: EVENT_OPTIONS,
				default: [],
				description: 'The TikTok Shop events that start this workflow',
			},
			{
				displayName: 'Order Statuses',
				name: 'orderStatuses',
				type: 'multiOptions',
				options: [...ORDER_STATUSES].sort((a, b) => a.name.localeCompare(b.name)),
				default: [],
				description:
					'Only start for order status changes to one of these statuses. Leave empty for all. TikTok\'s "CANCEL" counts as Cancelled.',
				displayOptions: { show: { events: ['ORDER_STATUS_CHANGE'] } },
			},
			{
				displayName: 'Return Statuses',
				name: 'returnStatuses',
				type: 'multiOptions',
				options: RETURN_STATUS_OPTIONS,
				default: [],
				description: 'Only start for return status changes to one of these statuses. Leave empty for all.',
				displayOptions: { show: { events: ['RETURN_STATUS_CHANGE'] } },
			},
			{
				displayName: 'Cancellation Statuses',
				name: 'cancellationStatuses',
				type: 'multiOptions',
				options: CANCELLATION_STATUS_OPTIONS,
				default: [],
				description: 'Only start for cancellation status changes to one of these statuses. Leave empty for all.',
				displayOptions: { show: { events: ['CANCELLATION_STATUS_CHANGE'] } },
			},
			{
				displayName: 'Inventory Alerts',
				name: 'inventoryAlerts',
				type: 'multiOptions',
				options: INVENTORY_ALERT_OPTIONS,
				default: [],
				description: 'Only start for these inventory alerts. Leave empty for all. The output\'s data.alert says which one it is.',
				displayOptions: { show: { events: ['INVENTORY_STATUS_CHANGE'] } },
			},
			{
				displayName: 'Replace Existing Subscriptions',
				name: 'replaceExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether to take over event types that TikTok currently sends to another address (another tool or workflow). TikTok allows one address per event and shop: the other address gets nothing while this workflow is active, and gets its events back when this workflow is deactivated.',
				displayOptions: { show: { registration: [REGISTRATION_AUTOMATIC] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Fetch Full Object',
						name: 'fetchFullObject',
						type: 'boolean',
						default: false,
						description:
							'Whether to also load the full order (order, address and cancellation events), return (return events) or current stock per warehouse (inventory events) from TikTok Shop and add it to the output as "order", "return" or "inventory". Webhook events only carry IDs and a status.',
					},
					{
						displayName: 'Other Event Types',
						name: 'otherEventTypes',
						type: 'string',
						default: '',
						placeholder: 'e.g. 27, 36',
						description:
							'Numbers of further TikTok event types to accept (for example 27 for inventory alerts) that you ticked in Partner Center. Only with Registration "Registered in Partner Center".',
						displayOptions: { show: { '/registration': [REGISTRATION_PARTNER_CENTER] } },
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchShops },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (isPartnerCenter(this)) return true;
				return await registrationExists.call(this, registrableEvents(this));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (isPartnerCenter(this)) return true;
				return await createRegistration.call(this, registrableEvents(this), this.getNodeParameter('replaceExisting', false) as boolean);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (isPartnerCenter(this)) return true;
				return await deleteRegistration.call(this, chosenEvents(this).filter((name) => !eventByName(name)?.partnerCenterOnly));
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer | string };
		const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : typeof request.rawBody === 'string' ? Buffer.from(request.rawBody, 'utf8') : undefined;

		const signature = this.getHeaderData().authorization;
		// the App Secret is kept per trigger for a minute: loading and decrypting the credential on every delivery
		// was a good part of what each delivery cost; a mismatch is checked again against the stored credential
		const credentialId = this.getNode().credentials?.tikTokShopApi?.id;
		const cacheKey = credentialId ? `${this.getWorkflow().id ?? ''}:${this.getNode().id}:${credentialId}` : undefined;
		let keys = cacheKey ? cachedAppKeys(cacheKey, Date.now()) : undefined;
		let valid = keys !== undefined && rawBody !== undefined && isValidWebhookSignature(keys.appKey, keys.appSecret, rawBody, signature);
		if (!valid) {
			keys = await loadAppKeys(this);
			if (cacheKey) rememberAppKeys(cacheKey, keys, Date.now());
			valid = rawBody !== undefined && isValidWebhookSignature(keys.appKey, keys.appSecret, rawBody, signature);
		}
		if (!rawBody || !valid) {
			this.logger.warn(
				'TikTok Shop Trigger refused a webhook call whose signature does not match. If it came from TikTok, check that the credential\'s App Key and App Secret belong to the app that sends the webhooks.',
			);
			return reply(this, 401, 'Invalid signature');
		}

		let parsed: unknown;
		try {
			parsed = parseJsonKeepingBigIntegers(rawBody.toString('utf8'));
		} catch {
			parsed = undefined;
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			return reply(this, 400, 'Body is not a TikTok Shop webhook (invalid JSON)');
		}
		const envelope = parsed as IDataObject;
		const type = Number(envelope.type);
		if (!Number.isInteger(type)) return reply(this, 400, 'Body is not a TikTok Shop webhook (no event type)');

		const eventName = eventNameForType(type);
		const wanted = wantedTypes(chosenEvents(this), isPartnerCenter(this) ? extraTypes(this) : []);
		// not one of ours: TikTok still gets its 200, so it does not retry
		if (!wanted.has(type)) return reply(this, 200);

		const data = normalizeEventData(type, (envelope.data && typeof envelope.data === 'object' ? envelope.data : {}) as IDataObject);
		const statusFilter = STATUS_FILTERS[type];
		if (statusFilter) {
			const allowed = this.getNodeParameter(statusFilter.parameter, []) as string[];
			if (allowed.length > 0 && !allowed.includes(String(data[statusFilter.field]))) return reply(this, 200);
		}

		const staticData = this.getWorkflowStaticData('node');
		const key = deliveryKey(envelope, rawBody);
		// TikTok retries deliveries it thinks failed (e.g. answered after 3 s): one event, one execution. Static data
		// is written only when the decision says so (at most once a second per process), not on every delivery.
		const scope = `${this.getWorkflow().id ?? ''}:${this.getNode().id}:${this.getMode()}`;
		const seen = checkAndRememberDelivery(scope, staticData.deliveries as DeliveryLog | undefined, key, Date.now());
		if (seen.save) staticData.deliveries = seen.save;
		if (seen.duplicate) return reply(this, 200);

		const timestamp = Number(envelope.timestamp);
		// the output convention both TikTok Shop triggers share (README › Triggers › Output): TikTok's snake_case
		// names, the event's own fields in `data`, the full object (with Fetch Full Object) under its name
		const item: IDataObject = {
			event: eventName,
			type,
			shop_id: envelope.shop_id === undefined || envelope.shop_id === null ? null : String(envelope.shop_id),
			notification_id: envelope.tts_notification_id === undefined || envelope.tts_notification_id === null ? null : String(envelope.tts_notification_id),
			timestamp: Number.isFinite(timestamp) ? timestamp : null,
			time: Number.isFinite(timestamp) ? new Date(timestamp * 1000).toISOString() : null,
			data,
		};

		// TikTok gives up after 3 s: acknowledge first. Answering here (not through n8n's "onReceived" answer) is also
		// what makes n8n 2.x save the delivery log above: it saves static data changed in webhook() only when the node
		// answers itself; otherwise every retry started the workflow again (test/e2e/webhook-trigger.e2e.ts).
		this.getResponseObject().status(200).end();
		const fetch = this.getNodeParameter('options.fetchFullObject', false) as boolean;
		if (fetch && supportsFullObject(type, data)) await fetchFullObject.call(this, type, item, data);
		return { workflowData: [[{ json: item } as INodeExecutionData]], noWebhookResponse: true };
	}
}
