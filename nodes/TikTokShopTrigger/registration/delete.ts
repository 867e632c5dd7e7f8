import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { webhookAddressProblems } from './address';
import { deleteShopWebhook, listShopWebhooks, putShopWebhook, shopCipherForHook } from './eventApi';
import { readRecord, type RegistrationRecord } from './record';

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
		for (const eventType of failed)
			if (record.replaced?.[eventType] !== undefined) replaced[eventType] = record.replaced[eventType];
		staticData.registration = { ...record, eventTypes: failed, replaced } satisfies RegistrationRecord;
	} else if (record) {
		delete staticData.registration;
	}
	if (failed.length > 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Could not remove the TikTok Shop subscription for ${failed.join(', ')}`,
			{
				description: `TikTok may keep sending these events to ${address}, which no longer runs this workflow. Activate and deactivate the workflow again to retry. TikTok said: ${firstError?.message ?? 'unknown error'}`,
			},
		);
	}
	return true;
}
