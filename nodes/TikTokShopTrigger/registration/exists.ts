import type { IHookFunctions } from 'n8n-workflow';

import { webhookAddressProblems } from './address';
import { listShopWebhooks, shopCipherForHook } from './eventApi';
import { isTestMode, readRecord, type RegistrationRecord } from './record';

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
			staticData.registration = {
				address,
				shopCipher,
				eventTypes: [...eventTypes],
				replaced: {},
			} satisfies RegistrationRecord;
		}
	}
	return exists;
}
