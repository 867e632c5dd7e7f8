/**
 * Starts the suite's environment: the emulator CLI and one real n8n server with dist/ loaded, the credential
 * imported, owner + API key set up. n8n's public webhook URL is https://n8n.example.test/ (what TikTok's Event API
 * accepts); the emulator maps it to n8n's loopback port at delivery time, like a seller's reverse proxy on 443.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import path from 'path';

import { PUBLIC_WEBHOOK_BASE, type E2eState } from './environment';
import { repoRoot, rt, type N8nServer } from './runtime';

export interface SuiteStack {
	stateDir: string;
	state: Omit<E2eState, 'startupMs'>;
	stop(): Promise<void>;
}

export const CREDENTIAL_ID = 'tiktokE2eCred001';
export const CREDENTIAL_NAME = 'TikTok Shop (emulator)';

interface EmulatorLine {
	baseUrl: string;
	authBaseUrl: string;
	adminUrl: string;
	appKey: string;
	appSecret: string;
	authCode: string;
	refreshToken: string;
	shops: E2eState['emulator']['shops'];
}

function startEmulatorCli(args: string[], logFile: string): Promise<{ child: ChildProcess; info: EmulatorLine }> {
	const log = fs.openSync(logFile, 'a');
	const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules/ts-node/dist/bin.js'), '--transpile-only', 'emulator/cli.ts', ...args], {
		cwd: repoRoot,
		stdio: ['ignore', 'pipe', log],
	});
	fs.closeSync(log);
	return new Promise((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(() => reject(new Error('emulator did not start within 60 s')), 60000);
		child.stdout!.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('utf8');
			const end = buffer.indexOf('\n');
			if (end >= 0) {
				clearTimeout(timer);
				resolve({ child, info: JSON.parse(buffer.slice(0, end)) as EmulatorLine });
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`emulator exited with ${code} before it was ready (see ${logFile})`));
		});
	});
}

function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

export async function startSuiteStack(stateDir: string): Promise<SuiteStack> {
	const customExtensions = path.join(repoRoot, 'dist');
	const userFolder = path.join(stateDir, 'n8n');
	fs.mkdirSync(userFolder, { recursive: true });
	const port = await rt.freePort();
	const emulator = await startEmulatorCli(
		['--port', '0', '--auth-port', '0', '--orders', '400', '--seed', 'e2e', '--webhook-retry-scale', '0.001', '--webhook-rewrite', `${PUBLIC_WEBHOOK_BASE}=http://127.0.0.1:${port}/`],
		path.join(stateDir, 'emulator.log'),
	);
	const killEmulator = () => emulator.child.kill('SIGKILL');
	process.once('exit', killEmulator);
	let server: N8nServer | undefined;
	try {
		const info = emulator.info;
		const cli = { userFolder, customExtensions };
		await rt.importCredentials(
			[
				{
					id: CREDENTIAL_ID,
					name: CREDENTIAL_NAME,
					type: 'tikTokShopApi',
					data: { appKey: info.appKey, appSecret: info.appSecret, authCode: info.authCode, baseUrl: info.baseUrl, authBaseUrl: info.authBaseUrl },
				},
			],
			cli,
		);
		server = await rt.startN8n({ ...cli, port, webhookUrl: PUBLIC_WEBHOOK_BASE });
		const client = new rt.N8nClient(server.url);
		const apiKey = await client.bootstrap();
		const running = server;
		return {
			stateDir,
			state: {
				n8n: { url: server.url, apiKey, userFolder, customExtensions, logFile: server.logFile, publicWebhookBase: PUBLIC_WEBHOOK_BASE },
				emulator: {
					baseUrl: info.baseUrl,
					authBaseUrl: info.authBaseUrl,
					adminUrl: info.adminUrl,
					appKey: info.appKey,
					appSecret: info.appSecret,
					refreshToken: info.refreshToken,
					shops: info.shops,
				},
				credentialIds: { [CREDENTIAL_NAME]: CREDENTIAL_ID },
				workflowIds: {},
				startedAt: new Date().toISOString(),
			},
			async stop() {
				await running.stop();
				await stopChild(emulator.child);
				process.removeListener('exit', killEmulator);
			},
		};
	} catch (error) {
		if (server) await server.stop();
		await stopChild(emulator.child);
		process.removeListener('exit', killEmulator);
		throw error;
	}
}
