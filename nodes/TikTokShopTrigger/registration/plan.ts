import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { isSameNodeWebhook } from './address';

/** One event type to point at this webhook URL; `before` is the address it had, `takeOver` when that was another system's. */
export interface PlanStep {
	eventType: string;
	before?: string;
	takeOver: boolean;
}

interface Conflict {
	eventType: string;
	address: string;
	kind: 'foreign' | 'production' | 'foreignWhileTesting';
}

export interface RegistrationPlan {
	steps: PlanStep[];
	conflicts: Conflict[];
}

/**
 * What `create` must change at TikTok for every chosen event type, and which of them belong to another address it
 * may not take. Production activation may take over another address only with `replaceExisting`. A test listener
 * (n8n's "Listen for test event") only uses event types nobody else holds, so it can never take events away from
 * the active workflow or from another system; see docs/triggers/tiktok-shop-trigger.md, Test events.
 */
export function planRegistration(
	eventTypes: string[],
	registered: Map<string, string>,
	{
		address,
		webhookId,
		testing,
		replaceExisting,
	}: { address: string; webhookId: string | undefined; testing: boolean; replaceExisting: boolean },
): RegistrationPlan {
	const steps: PlanStep[] = [];
	const conflicts: Conflict[] = [];
	for (const eventType of eventTypes) {
		const current = registered.get(eventType);
		if (current === address) continue;
		if (!current) {
			steps.push({ eventType, takeOver: false });
		} else if (isSameNodeWebhook(address, current, webhookId)) {
			// production URL while testing: the active workflow owns it. Test URL while activating: a leftover of an
			// interrupted test listener of this same node, safe to take back.
			if (testing) conflicts.push({ eventType, address: current, kind: 'production' });
			else steps.push({ eventType, before: current, takeOver: false });
		} else if (testing) {
			conflicts.push({ eventType, address: current, kind: 'foreignWhileTesting' });
		} else if (replaceExisting) {
			steps.push({ eventType, before: current, takeOver: true });
		} else {
			conflicts.push({ eventType, address: current, kind: 'foreign' });
		}
	}
	return { steps, conflicts };
}

export function conflictError(context: IHookFunctions, conflicts: Conflict[]): NodeOperationError {
	const list = conflicts.map((conflict) => `${conflict.eventType} → ${conflict.address}`).join('; ');
	const names = conflicts.map((conflict) => conflict.eventType).join(', ');
	const sentTo = conflicts.map((conflict) => `${conflict.eventType} to ${conflict.address}`).join(', ');
	if (conflicts.some((conflict) => conflict.kind === 'production')) {
		return new NodeOperationError(
			context.getNode(),
			`This workflow is active and already receives ${names} from TikTok Shop: deactivate it before listening for test events`,
			{
				description: `TikTok Shop sends each event type to one address per shop, so listening for a test event would take these events away from the active workflow (${list}). Nothing was changed. To test this trigger, deactivate the workflow first (that frees the events), then listen for a test event again; or open the active workflow's executions to see real events.`,
			},
		);
	}
	if (conflicts.some((conflict) => conflict.kind === 'foreignWhileTesting')) {
		return new NodeOperationError(
			context.getNode(),
			`TikTok Shop already sends ${sentTo}: a test listener never takes events from another address`,
			{
				description: `Current subscriptions: ${list}. Listening for a test event never takes events away from another address, even with 'Replace Existing Subscriptions' on, because a test listener is gone after two minutes. Nothing was changed. Choose events that are free, or activate the workflow with 'Replace Existing Subscriptions' on, or set Registration to 'Registered in Partner Center'.`,
			},
		);
	}
	return new NodeOperationError(
		context.getNode(),
		`TikTok Shop already sends ${sentTo} for this shop. Turn on 'Replace Existing Subscriptions' to take over, or choose other events`,
		{
			description: `TikTok Shop keeps one webhook address per event type and shop. Current subscriptions: ${list}. Nothing was changed. To go on, either stop the other integration from using these events (or choose other events here); or turn on 'Replace Existing Subscriptions' so this workflow takes them over while it is active and gives them back when it is deactivated (the other address receives nothing in between); or set Registration to 'Registered in Partner Center' if you manage the webhook address there.`,
		},
	);
}
