import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { cachedAppKeys, loadAppKeys, rememberAppKeys } from './appKeys';
import { isRedelivery } from './dedupe';
import { STATUS_FILTERS, eventNameForType, normalizeEventData, wantedTypes } from './events';
import { fetchFullObject, supportsFullObject } from './fullObject';
import { chosenEvents, extraTypes, isPartnerCenter } from './parameters';
import { isValidWebhookSignature, parseJsonKeepingBigIntegers } from './verification';

/** Answers TikTok directly and starts no execution. */
function reply(context: IWebhookFunctions, status: number, message?: string): IWebhookResponseData {
	const response = context.getResponseObject().status(status);
	if (message) response.send(message).end();
	else response.end();
	return { noWebhookResponse: true };
}

/** The request body exactly as received, when TikTok signed it with the credential's App Key and App Secret. */
async function signedBody(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject() as unknown as { rawBody?: Buffer | string };
	const rawBody = Buffer.isBuffer(request.rawBody)
		? request.rawBody
		: typeof request.rawBody === 'string'
			? Buffer.from(request.rawBody, 'utf8')
			: undefined;

	const signature = context.getHeaderData().authorization;
	// the App Secret is kept per trigger for a minute: loading and decrypting the credential on every delivery
	// was a good part of what each delivery cost; a mismatch is checked again against the stored credential
	const credentialId = context.getNode().credentials?.tikTokShopApi?.id;
	const cacheKey = credentialId
		? `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${credentialId}`
		: undefined;
	let keys = cacheKey ? cachedAppKeys(cacheKey, Date.now()) : undefined;
	let valid =
		keys !== undefined &&
		rawBody !== undefined &&
		isValidWebhookSignature(keys.appKey, keys.appSecret, rawBody, signature);
	if (!valid) {
		keys = await loadAppKeys(context);
		if (cacheKey) rememberAppKeys(cacheKey, keys, Date.now());
		valid = rawBody !== undefined && isValidWebhookSignature(keys.appKey, keys.appSecret, rawBody, signature);
	}
	return valid ? rawBody : undefined;
}

/** The body as a JSON object (big integer IDs kept as strings); undefined when it is not one. */
function parseEnvelope(rawBody: Buffer): IDataObject | undefined {
	let parsed: unknown;
	try {
		parsed = parseJsonKeepingBigIntegers(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
	return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as IDataObject) : undefined;
}

/** Whether the event passes the status filter the user set for its type (none set: every event passes). */
function passesStatusFilter(context: IWebhookFunctions, type: number, data: IDataObject): boolean {
	const statusFilter = STATUS_FILTERS[type];
	if (!statusFilter) return true;
	const allowed = context.getNodeParameter(statusFilter.parameter, []) as string[];
	return allowed.length === 0 || allowed.includes(String(data[statusFilter.field]));
}

/**
 * The output convention both TikTok Shop triggers share (docs/triggers/tiktok-shop-trigger.md, Output): TikTok's snake_case names,
 * the event's own fields in `data`, the full object (with Fetch Full Object) under its name.
 */
function eventItem(envelope: IDataObject, type: number, data: IDataObject): IDataObject {
	const timestamp = Number(envelope.timestamp);
	return {
		event: eventNameForType(type),
		type,
		shop_id: envelope.shop_id === undefined || envelope.shop_id === null ? null : String(envelope.shop_id),
		notification_id:
			envelope.tts_notification_id === undefined || envelope.tts_notification_id === null
				? null
				: String(envelope.tts_notification_id),
		timestamp: Number.isFinite(timestamp) ? timestamp : null,
		time: Number.isFinite(timestamp) ? new Date(timestamp * 1000).toISOString() : null,
		data,
	};
}

/** One webhook call from TikTok: verify, filter, drop redeliveries, acknowledge, then emit the event. */
export async function receiveDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const rawBody = await signedBody(context);
	if (!rawBody) {
		context.logger.warn(
			"TikTok Shop Trigger refused a webhook call whose signature does not match. If it came from TikTok, check that the credential's App Key and App Secret belong to the app that sends the webhooks.",
		);
		return reply(context, 401, 'Invalid signature');
	}
	const envelope = parseEnvelope(rawBody);
	if (!envelope) return reply(context, 400, 'Body is not a TikTok Shop webhook (invalid JSON)');
	const type = Number(envelope.type);
	if (!Number.isInteger(type)) return reply(context, 400, 'Body is not a TikTok Shop webhook (no event type)');

	const wanted = wantedTypes(chosenEvents(context), isPartnerCenter(context) ? extraTypes(context) : []);
	// not one of ours: TikTok still gets its 200, so it does not retry
	if (!wanted.has(type)) return reply(context, 200);
	const data = normalizeEventData(
		type,
		(envelope.data && typeof envelope.data === 'object' ? envelope.data : {}) as IDataObject,
	);
	if (!passesStatusFilter(context, type, data)) return reply(context, 200);
	if (isRedelivery(context, envelope, rawBody)) return reply(context, 200);

	const item = eventItem(envelope, type, data);
	// TikTok gives up after 3 s: acknowledge first. Answering here (not through n8n's "onReceived" answer) is also
	// what makes n8n 2.x save the delivery log: it saves static data changed in webhook() only when the node
	// answers itself; otherwise every retry started the workflow again (test/e2e/webhook-trigger.e2e.ts).
	context.getResponseObject().status(200).end();
	const fetch = context.getNodeParameter('options.fetchFullObject', false) as boolean;
	if (fetch && supportsFullObject(type, data)) await fetchFullObject.call(context, type, item, data);
	return { workflowData: [[{ json: item } as INodeExecutionData]], noWebhookResponse: true };
}
