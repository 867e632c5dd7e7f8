import { NodeApiError, NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { assertWebhookAddress } from './address';
import { deleteShopWebhook, listShopWebhooks, putShopWebhook, shopCipherForHook } from './eventApi';
import { conflictError, planRegistration, type PlanStep } from './plan';
import { isTestMode, readRecord, type RegistrationRecord } from './record';

function asNodeError(context: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error);
}

/** Leaves TikTok as we found it after a failed activation: nothing half-registered. */
async function undoSteps(
	context: IHookFunctions,
	shopCipher: string,
	address: string,
	done: PlanStep[],
): Promise<void> {
	for (const step of [...done].reverse()) {
		try {
			if (step.before) await putShopWebhook.call(context, shopCipher, step.eventType, step.before);
			else await deleteShopWebhook.call(context, shopCipher, step.eventType);
		} catch (undoError) {
			// the original error (thrown by the caller) is what the user must see; this one goes to n8n's log, with what is left over
			context.logger.warn(
				`TikTok Shop Trigger: could not undo the subscription of ${step.eventType} after a failed activation; TikTok may still send it to ${address}. Activate and deactivate the workflow to clean up. ${(undoError as Error).message ?? String(undoError)}`,
			);
		}
	}
}

/** Remembers what the active workflow now owns, and whom to give taken-over events back to on `delete`. */
function recordRegistration(
	context: IHookFunctions,
	{
		address,
		shopCipher,
		eventTypes,
		registered,
		steps,
	}: { address: string; shopCipher: string; eventTypes: string[]; registered: Map<string, string>; steps: PlanStep[] },
): void {
	const staticData = context.getWorkflowStaticData('node');
	const previous = readRecord(staticData);
	const replaced: IDataObject = {};
	// a record left by a failed deactivation still knows whom to give events back to
	if (previous && previous.address === address) {
		for (const [eventType, before] of Object.entries(previous.replaced ?? {})) {
			if (eventTypes.includes(eventType) && registered.get(eventType) === address) replaced[eventType] = before;
		}
	}
	for (const step of steps) if (step.takeOver && step.before) replaced[step.eventType] = step.before;
	staticData.registration = { address, shopCipher, eventTypes: [...eventTypes], replaced } satisfies RegistrationRecord;
}

/**
 * create: subscribe this webhook URL to every chosen event type (see planRegistration for what it may take over).
 * A failure undoes what was already registered.
 */
export async function createRegistration(
	this: IHookFunctions,
	eventTypes: string[],
	replaceExisting: boolean,
): Promise<boolean> {
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

	const { steps, conflicts } = planRegistration(eventTypes, registered, {
		address,
		webhookId,
		testing,
		replaceExisting,
	});
	if (conflicts.length > 0) throw conflictError(this, conflicts);

	const done: PlanStep[] = [];
	try {
		for (const step of steps) {
			await putShopWebhook.call(this, shopCipher, step.eventType, address);
			done.push(step);
		}
	} catch (error) {
		await undoSteps(this, shopCipher, address, done);
		throw asNodeError(this, error);
	}

	if (!testing) recordRegistration(this, { address, shopCipher, eventTypes, registered, steps });
	return true;
}
