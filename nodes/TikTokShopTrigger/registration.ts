import { NodeApiError, NodeOperationError, type IDataObject, type IHookFunctions, type INodeParameterResourceLocator } from 'n8n-workflow';

import { tikTokApiRequest } from '../shared/transport/request';
import { resolveShopCipher } from '../shared/transport/shops';
import { ENDPOINTS } from '../shared/endpoints';

/**
 * Shop-level webhook subscriptions through TikTok's Event API: one address per event type and shop, PUT replaces,
 * DELETE takes `{event_type}` as a JSON body. https://partner.tiktokshop.com/docv2/page/update-shop-webhook-202309
 */

export const REGISTRATION_AUTOMATIC = 'automatic';
export const REGISTRATION_PARTNER_CENTER = 'partnerCenter';

/** What this workflow registered, kept in the node's static data so `delete` undoes exactly that. */
export interface RegistrationRecord extends IDataObject {
	/** The address registered (the production webhook URL). */
	address: string;
	/** Cipher of the shop; '' when the credential's own Shop Cipher was used. */
	shopCipher: string;
	eventTypes: string[];
	/** event type → the other address it had before "Replace Existing Subscriptions" took it over */
	replaced: IDataObject;
}

const TIKTOK_URL_RULES =
	'TikTok Shop only delivers webhooks to an https address on a domain name (not an IP address), without a port, at most 255 characters long.';

const URL_FIX =
	"Fix: put a reverse proxy with a certificate (for example nginx, Caddy, Traefik or a Cloudflare Tunnel) on port 443 in front of n8n, set n8n's WEBHOOK_URL environment variable to that public address (for example https://n8n.example.com/) and restart n8n. If n8n cannot be reached from the internet, use the TikTok Shop Order Trigger instead: it polls for orders and needs no public URL. Nothing was registered with TikTok.";

/** What is wrong with a webhook URL by TikTok's rules (empty when it is fine). */
export function webhookAddressProblems(address: string | undefined): string[] {
	if (!address) return ['n8n did not provide a webhook URL'];
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		return ['it is not a valid URL'];
	}
	const problems: string[] = [];
	if (url.protocol !== 'https:') problems.push(`it uses ${url.protocol.replace(':', '')} instead of https`);
	const host = url.hostname;
	if (host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) {
		problems.push(`its host ${host} is an IP address, not a domain name`);
	} else if (host === 'localhost' || !host.includes('.') || !/[a-z]/i.test(host.split('.').pop() ?? '')) {
		problems.push(`its host "${host}" is not a public domain name`);
	}
	// URL drops a default port (":443"), so read the port from the text itself
	const authority = (/^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(address)?.[1] ?? '').replace(/^.*@/, '').replace(/^\[[^\]]*\]/, '');
	const port = /:(\d*)$/.exec(authority);
	if (port) problems.push(`it contains a port (:${port[1]})`);
	if (address.length > 255) problems.push(`it is ${address.length} characters long`);
	return problems;
}

export function assertWebhookAddress(this: IHookFunctions, address: string | undefined): string {
	const problems = webhookAddressProblems(address);
	if (problems.length > 0) {
		// n8n 2.41 shows only the message for activation and test-listener failures, so it carries the fix too
		throw new NodeOperationError(
			this.getNode(),
			`n8n's webhook URL cannot receive TikTok Shop webhooks: ${problems.join('; ')}. Set n8n's WEBHOOK_URL to a public https address served on port 443 (reverse proxy)`,
			{
				description: `The URL is ${address ?? '(none)'}: ${problems.join('; ')}. ${TIKTOK_URL_RULES} ${URL_FIX}`,
			},
		);
	}
	return address as string;
}

/**
 * Whether `other` is this same node's webhook under the other n8n mode (the test URL when `ours` is the
 * production URL, or the reverse): same host, same `<webhookId>/webhook` tail.
 */
export function isSameNodeWebhook(ours: string, other: string, webhookId: string | undefined): boolean {
	if (!webhookId || ours === other) return false;
	try {
		const a = new URL(ours);
		const b = new URL(other);
		const tail = `/${webhookId}/webhook`;
		return a.host === b.host && a.pathname.endsWith(tail) && b.pathname.endsWith(tail);
	} catch {
		return false;
	}
}

export async function shopCipherForHook(this: IHookFunctions): Promise<string> {
	const locator = this.getNodeParameter('shop', { mode: 'list', value: '' }) as INodeParameterResourceLocator;
	return (await resolveShopCipher.call(this, locator)) ?? '';
}

/** event type → address currently registered for the shop. */
export async function listShopWebhooks(this: IHookFunctions, shopCipher: string): Promise<Map<string, string>> {
	const data = (await tikTokApiRequest(this, { method: 'GET', path: ENDPOINTS.webhooks, shopCipher: shopCipher || undefined })) as IDataObject;
	const registered = new Map<string, string>();
	for (const webhook of (data.webhooks as IDataObject[] | undefined) ?? []) {
		if (typeof webhook.event_type === 'string') registered.set(webhook.event_type, String(webhook.address ?? ''));
	}
	return registered;
}

export async function putShopWebhook(this: IHookFunctions, shopCipher: string, eventType: string, address: string): Promise<void> {
	await tikTokApiRequest(this, {
		method: 'PUT',
		path: ENDPOINTS.webhooks,
		shopCipher: shopCipher || undefined,
		body: { address, event_type: eventType },
	});
}

export async function deleteShopWebhook(this: IHookFunctions, shopCipher: string, eventType: string): Promise<void> {
	await tikTokApiRequest(this, {
		method: 'DELETE',
		path: ENDPOINTS.webhooks,
		shopCipher: shopCipher || undefined,
		body: { event_type: eventType },
	});
}

interface Conflict {
	eventType: string;
	address: string;
	kind: 'foreign' | 'production' | 'foreignWhileTesting';
}

function asNodeError(context: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

function conflictError(context: IHookFunctions, conflicts: Conflict[]): NodeOperationError {
	const list = conflicts.map((conflict) => `${conflict.eventType} → ${conflict.address}`).join('; ');
	const names = conflicts.map((conflict) => conflict.eventType).join(', ');
	const sentTo = conflicts.map((conflict) => `${conflict.eventType} to ${conflict.address}`).join(', ');
	if (conflicts.some((conflict) => conflict.kind === 'production')) {
		return new NodeOperationError(context.getNode(), `This workflow is active and already receives ${names} from TikTok Shop: deactivate it before listening for test events`, {
			description: `TikTok Shop sends each event type to one address per shop, so listening for a test event would take these events away from the active workflow (${list}). Nothing was changed. To test this trigger, deactivate the workflow first (that frees the events), then listen for a test event again; or open the active workflow's executions to see real events.`,
		});
	}
	if (conflicts.some((conflict) => conflict.kind === 'foreignWhileTesting')) {
		return new NodeOperationError(context.getNode(), `TikTok Shop already sends ${sentTo}: a test listener never takes events from another address`, {
			description: `Current subscriptions: ${list}. Listening for a test event never takes events away from another address, even with 'Replace Existing Subscriptions' on, because a test listener is gone after two minutes. Nothing was changed. Choose events that are free, or activate the workflow with 'Replace Existing Subscriptions' on, or set Registration to 'Registered in Partner Center'.`,
		});
	}
	return new NodeOperationError(context.getNode(), `TikTok Shop already sends ${sentTo} for this shop. Turn on 'Replace Existing Subscriptions' to take over, or choose other events`, {
		description: `TikTok Shop keeps one webhook address per event type and shop. Current subscriptions: ${list}. Nothing was changed. To go on, either stop the other integration from using these events (or choose other events here); or turn on 'Replace Existing Subscriptions' so this workflow takes them over while it is active and gives them back when it is deactivated (the other address receives nothing in between); or set Registration to 'Registered in Partner Center' if you manage the webhook address there.`,
	});
}

function readRecord(staticData: IDataObject): RegistrationRecord | undefined {
	const record = staticData.registration as RegistrationRecord | undefined;
	if (!record || typeof record.address !== 'string' || !Array.isArray(record.eventTypes)) return undefined;
	return record;
}

function isTestMode(context: IHookFunctions): boolean {
	return context.getMode() === 'manual';
}

/** checkExists: true only when every chosen event type already goes to this webhook URL. */
export async function registrationExists(this: IHookFunctions, eventTypes: string[]): Promise<boolean> {
	const address = this.getNodeWebhookUrl('default');
	// a URL TikTok would refuse, or no event chosen: let `create` explain it, without calling TikTok
	if (!address || webhookAddressProblems(address).length > 0 || eventTypes.length === 0) return false;
	const shopCipher = await shopCipherForHook.call(this);
	const registered = await listShopWebhooks.call(this, shopCipher);
	const exists = eventTypes.every((eventType) => registered.get(eventType) === address);
	if (exists && !isTestMode(this)) {
		const staticData = this.getWorkflowStaticData('node');
		const record = readRecord(staticData);
		// static data lost (imported workflow, new n8n database): remember what we own so `delete` still cleans up
		if (!record || record.address !== address) {
			staticData.registration = { address, shopCipher, eventTypes: [...eventTypes], replaced: {} } satisfies RegistrationRecord;
		}
	}
	return exists;
}

/**
 * create: subscribe this webhook URL to every chosen event type. Production activation may take over another
 * address only with `replaceExisting`, remembering it for `delete`. A test listener (n8n's "Listen for test
 * event") only uses event types nobody else holds, so it can never take events away from the active workflow or
 * from another system; see README "Test events".
 */
export async function createRegistration(this: IHookFunctions, eventTypes: string[], replaceExisting: boolean): Promise<boolean> {
	const address = assertWebhookAddress.call(this, this.getNodeWebhookUrl('default'));
	if (eventTypes.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event', {
			description: 'Pick the TikTok Shop events that should start this workflow in the Events field.',
		});
	}
	const testing = isTestMode(this);
	const webhookId = this.getNode().webhookId;
	const shopCipher = await shopCipherForHook.call(this);
	const registered = await listShopWebhooks.call(this, shopCipher);

	const plan: Array<{ eventType: string; before?: string; takeOver: boolean }> = [];
	const conflicts: Conflict[] = [];
	for (const eventType of eventTypes) {
		const current = registered.get(eventType);
		if (current === address) continue;
		if (!current) {
			plan.push({ eventType, takeOver: false });
		} else if (isSameNodeWebhook(address, current, webhookId)) {
			// production URL while testing: the active workflow owns it. Test URL while activating: a leftover of an
			// interrupted test listener of this same node, safe to take back.
			if (testing) conflicts.push({ eventType, address: current, kind: 'production' });
			else plan.push({ eventType, before: current, takeOver: false });
		} else if (testing) {
			conflicts.push({ eventType, address: current, kind: 'foreignWhileTesting' });
		} else if (replaceExisting) {
			plan.push({ eventType, before: current, takeOver: true });
		} else {
			conflicts.push({ eventType, address: current, kind: 'foreign' });
		}
	}
	if (conflicts.length > 0) throw conflictError(this, conflicts);

	const done: typeof plan = [];
	try {
		for (const step of plan) {
			await putShopWebhook.call(this, shopCipher, step.eventType, address);
			done.push(step);
		}
	} catch (error) {
		// leave TikTok as we found it: nothing half-registered
		for (const step of done.reverse()) {
			try {
				if (step.before) await putShopWebhook.call(this, shopCipher, step.eventType, step.before);
				else await deleteShopWebhook.call(this, shopCipher, step.eventType);
			} catch (undoError) {
				// the original error (thrown below) is what the user must see; this one goes to n8n's log, with what is left over
				this.logger.warn(
					`TikTok Shop Trigger: could not undo the subscription of ${step.eventType} after a failed activation; TikTok may still send it to ${address}. Activate and deactivate the workflow to clean up. ${(undoError as Error).message ?? String(undoError)}`,
				);
			}
		}
		throw asNodeError(this, error);
	}

	if (!testing) {
		const staticData = this.getWorkflowStaticData('node');
		const previous = readRecord(staticData);
		const replaced: IDataObject = {};
		// a record left by a failed deactivation still knows whom to give events back to
		if (previous && previous.address === address) {
			for (const [eventType, before] of Object.entries(previous.replaced ?? {})) {
				if (eventTypes.includes(eventType) && registered.get(eventType) === address) replaced[eventType] = before;
			}
		}
		for (const step of plan) if (step.takeOver && step.before) replaced[step.eventType] = step.before;
		staticData.registration = { address, shopCipher, eventTypes: [...eventTypes], replaced } satisfies RegistrationRecord;
	}
	return true;
}

/**
 * delete: remove (or give back) only the event types that still point at this webhook URL; anything another
 * system registered meanwhile is left alone.
 */
export async function deleteRegistration(this: IHookFunctions, eventTypes: string[]): Promise<boolean> {
	const address = this.getNodeWebhookUrl('default');
	if (!address) return true;
	const staticData = this.getWorkflowStaticData('node');
	const stored = readRecord(staticData);
	const record = stored && stored.address === address ? stored : undefined;
	const candidates = [...new Set([...(record?.eventTypes ?? []), ...eventTypes])];
	if (candidates.length === 0) return true;
	// TikTok never accepted this URL, so there is nothing to remove (n8n calls delete after a failed create)
	if (!record && webhookAddressProblems(address).length > 0) return true;

	// the shop this address was registered for, even if the Shop field changed since
	const shopCipher = record ? record.shopCipher : await shopCipherForHook.call(this);
	const registered = await listShopWebhooks.call(this, shopCipher);
	const failed: string[] = [];
	let firstError: Error | undefined;
	for (const eventType of candidates) {
		if (registered.get(eventType) !== address) continue;
		const giveBack = record?.replaced?.[eventType];
		try {
			if (typeof giveBack === 'string' && giveBack) await putShopWebhook.call(this, shopCipher, eventType, giveBack);
			else await deleteShopWebhook.call(this, shopCipher, eventType);
		} catch (error) {
			failed.push(eventType);
			firstError ??= error as Error;
		}
	}
	if (failed.length > 0 && record) {
		// keep what could not be undone, so deactivating again can finish the job
		const replaced: IDataObject = {};
		for (const eventType of failed) if (record.replaced?.[eventType] !== undefined) replaced[eventType] = record.replaced[eventType];
		staticData.registration = { ...record, eventTypes: failed, replaced } satisfies RegistrationRecord;
	} else if (record) {
		delete staticData.registration;
	}
	if (failed.length > 0) {
		throw new NodeOperationError(this.getNode(), `Could not remove the TikTok Shop subscription for ${failed.join(', ')}`, {
			description: `TikTok may keep sending these events to ${address}, which no longer runs this workflow. Activate and deactivate the workflow again to retry. TikTok said: ${firstError?.message ?? 'unknown error'}`,
		});
	}
	return true;
}
