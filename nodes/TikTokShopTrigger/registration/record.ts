import type { IDataObject, IHookFunctions } from 'n8n-workflow';

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

export function readRecord(staticData: IDataObject): RegistrationRecord | undefined {
	const record = staticData.registration as RegistrationRecord | undefined;
	if (!record || typeof record.address !== 'string' || !Array.isArray(record.eventTypes)) return undefined;
	return record;
}

/** n8n's "Listen for test event": registers the test URL, and never takes events from another address. */
export function isTestMode(context: IHookFunctions): boolean {
	return context.getMode() === 'manual';
}
