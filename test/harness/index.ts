export { createHarness } from './harness';
export type {
	Harness,
	HarnessOptions,
	NodeSettings,
	RunNodeOptions,
	RunNodeResult,
	RunPollOptions,
	RunPollResult,
	RunWebhookOptions,
	RunWebhookResult,
	TestCredentialOptions,
	TriggerCallOptions,
	WebhookMethodOptions,
	WebhookMethodResult,
} from './harness';
export { HarnessCredentials, type CredentialUpdate, type HarnessCredential } from './credentials';
export { HARNESS_TRIGGER_NAME, HARNESS_TRIGGER_TYPE } from './node-types';
export { setupN8nCore, type HarnessLogLevel } from './n8n-core-setup';
export type { CapturedHttpResponse, HarnessWebhookRequest } from './webhook-http';
