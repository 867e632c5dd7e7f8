/**
 * The end-to-end suite's shared environment: ONE real n8n 2.41 server (our package from dist/) and ONE TikTok Shop
 * emulator for all test files. jest's globalSetup (global-setup.ts) starts it and writes what the tests need to a
 * JSON file; each test file reads that file with `e2eState()` and talks to both over loopback HTTP.
 */
import fs from 'fs';

export const PUBLIC_WEBHOOK_BASE = 'https://n8n.example.test/';
export const STATE_ENV = 'TTS_E2E_STATE_FILE';

export interface ShopInfo {
	id: string;
	cipher: string;
	name: string;
	region: string;
}

export interface E2eState {
	n8n: {
		url: string;
		apiKey: string;
		/** n8n's user folder (for the CLI: export:credentials --decrypted). */
		userFolder: string;
		customExtensions: string;
		logFile: string;
		/** The n8n base URL TikTok is told about (the emulator maps it to n8n's loopback port). */
		publicWebhookBase: string;
	};
	emulator: {
		baseUrl: string;
		authBaseUrl: string;
		adminUrl: string;
		appKey: string;
		appSecret: string;
		refreshToken: string;
		shops: ShopInfo[];
	};
	/** The stack's credential ids (by name) and example workflow ids (by name), when stack.js provides them. */
	credentialIds: Record<string, string>;
	workflowIds: Record<string, string>;
	/** Set when the stack comes from scripts/lib/stack.js (with its Shopify stand-in). */
	shopifyUrl?: string;
	startedAt: string;
	startupMs: number;
}

export function e2eState(): E2eState {
	const file = process.env[STATE_ENV];
	if (!file || !fs.existsSync(file)) {
		throw new Error(`The e2e environment is not running (${STATE_ENV} unset): run the suite with "npm run test:e2e".`);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eState;
}
