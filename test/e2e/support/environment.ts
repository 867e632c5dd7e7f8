/**
 * The end-to-end suite's shared environment: ONE real n8n server (2.41.0, or 1.123.81 with E2E_N8N_VERSION=1) with
 * this package installed from its `npm pack` tarball into n8n's nodes folder, as users install it, the TikTok Shop
 * emulator and the Shopify stand-in, started by scripts/lib/stack.js in jest's globalSetup (global-setup.ts), which
 * writes what the tests need to a JSON file; each test file reads it with `e2eState()` and talks to everything over
 * loopback HTTP.
 */
import fs from 'fs';
import path from 'path';

import { repoRoot } from './runtime';

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
		owner: { email: string; password: string };
		/** n8n's user folder and runtime (for the CLI: export:credentials --decrypted). */
		userFolder: string;
		cacheDir: string;
		cliEnv: Record<string, string>;
		/** The n8n version under test, e.g. '2.41.0' or '1.123.81'. */
		version: string;
		/** The package's `npm pack` tarball that was installed into n8n (to install it into another n8n). */
		packageTarball: string;
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
		shops: ShopInfo[];
	};
	/** The TikTok Shop credential every example workflow uses. */
	credential: { id: string; name: string };
	/** Example workflow ids by stack.js key (routeOrders, matchReturns, stockSync). */
	workflowIds: Record<string, string>;
	shopifyUrl: string | null;
	stockCsv: string;
	stateDir: string;
	startupMs: number;
}

export function e2eState(): E2eState {
	const file = process.env[STATE_ENV];
	if (!file || !fs.existsSync(file)) {
		throw new Error(`The e2e environment is not running (${STATE_ENV} unset): run the suite with "npm run test:e2e".`);
	}
	return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eState;
}

/** The subset of scripts/lib/stack.js the suite uses (plain CommonJS). */
export interface Stack {
	stateDir: string;
	timings: Record<string, number>;
	n8n: {
		url: string;
		logFile: string;
		userFolder: string;
		webhookBase: string;
		version: string;
		owner: { email: string; password: string };
		client: { apiKey: string };
	};
	package: { tarball: string; sha: string; nodeTypePrefix: string; installedIn: string };
	emulator: {
		baseUrl: string;
		authBaseUrl: string;
		adminUrl: string;
		appKey: string;
		appSecret: string;
		shops: ShopInfo[];
	};
	shopify: { url: string; orders(): unknown[] } | null;
	credentialIds: Record<string, string>;
	credentialNames: Record<string, string>;
	workflowIds: Record<string, string>;
	files: { dir: string; stockCsv: string };
	cli: { userFolder: string; cacheDir: string; env: Record<string, string> };
	stop(): Promise<void>;
}

export interface StackOptions {
	stateDir: string;
	seed?: string;
	emulatorArgs?: string[];
	webhookRetryScale?: number;
	shopify?: boolean;
	importExamples?: boolean;
	publishTriggers?: boolean | string[];
	handleSignals?: boolean;
	onProgress?: (line: string) => void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { startStack } = require(path.join(repoRoot, 'scripts/lib/stack.js')) as {
	startStack(options: StackOptions): Promise<Stack>;
};

/** What the test files need from a running stack (serialisable). */
export function describeStack(stack: Stack, startupMs: number): E2eState {
	return {
		n8n: {
			url: stack.n8n.url,
			apiKey: stack.n8n.client.apiKey,
			owner: { email: stack.n8n.owner.email, password: stack.n8n.owner.password },
			userFolder: stack.n8n.userFolder,
			cacheDir: stack.cli.cacheDir,
			cliEnv: stack.cli.env,
			version: stack.n8n.version,
			packageTarball: stack.package.tarball,
			logFile: stack.n8n.logFile,
			publicWebhookBase: stack.n8n.webhookBase,
		},
		emulator: {
			baseUrl: stack.emulator.baseUrl,
			authBaseUrl: stack.emulator.authBaseUrl,
			adminUrl: stack.emulator.adminUrl,
			appKey: stack.emulator.appKey,
			appSecret: stack.emulator.appSecret,
			shops: stack.emulator.shops,
		},
		credential: { id: stack.credentialIds.tikTokShop, name: stack.credentialNames.tikTokShop },
		workflowIds: stack.workflowIds,
		shopifyUrl: stack.shopify?.url ?? null,
		stockCsv: stack.files.stockCsv,
		stateDir: stack.stateDir,
		startupMs,
	};
}
