import type { IHookFunctions } from 'n8n-workflow';

import { eventByName } from '../events';
import { chosenEvents, isPartnerCenter, registrableEvents } from '../parameters';
import { createRegistration } from './create';
import { deleteRegistration } from './delete';
import { registrationExists } from './exists';

/*
 * n8n's webhook lifecycle for the trigger (checkExists, create, delete). With "Registered in Partner Center" the
 * address lives in TikTok's Partner Center, so there is nothing to check, register or remove.
 */

export async function checkRegistration(this: IHookFunctions): Promise<boolean> {
	if (isPartnerCenter(this)) return true;
	return await registrationExists.call(this, registrableEvents(this));
}

export async function register(this: IHookFunctions): Promise<boolean> {
	if (isPartnerCenter(this)) return true;
	return await createRegistration.call(
		this,
		registrableEvents(this),
		this.getNodeParameter('replaceExisting', false) as boolean,
	);
}

export async function unregister(this: IHookFunctions): Promise<boolean> {
	if (isPartnerCenter(this)) return true;
	return await deleteRegistration.call(
		this,
		chosenEvents(this).filter((name) => !eventByName(name)?.partnerCenterOnly),
	);
}
