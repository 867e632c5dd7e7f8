import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { eventByName } from './events';

/** Values of the Registration field. */
export const REGISTRATION_AUTOMATIC = 'automatic';
export const REGISTRATION_PARTNER_CENTER = 'partnerCenter';

export function chosenEvents(context: IHookFunctions | IWebhookFunctions): string[] {
	return ((context.getNodeParameter('events', []) as string[]) ?? []).filter((name) => eventByName(name) !== undefined);
}

/**
 * The chosen events the Event API can register. Events TikTok sends only to the Partner Center address (Inventory
 * Status Change) cannot be subscribed per shop, so choosing one under "Automatic" fails activation with what to do,
 * rather than activating a workflow that would never receive it.
 */
export function registrableEvents(context: IHookFunctions): string[] {
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

export function isPartnerCenter(context: IHookFunctions | IWebhookFunctions): boolean {
	return context.getNodeParameter('registration', REGISTRATION_AUTOMATIC) === REGISTRATION_PARTNER_CENTER;
}

/** Extra numeric types (Partner Center mode), from "27, 36". */
export function extraTypes(context: IWebhookFunctions): number[] {
	const raw = String(context.getNodeParameter('options.otherEventTypes', '') ?? '');
	return raw
		.split(/[\s,;]+/)
		.filter((part) => /^\d+$/.test(part))
		.map(Number);
}
