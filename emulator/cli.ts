/**
 * CLI: npm run emulator -- --port 8787 [--auth-port 8788] [--orders N] [--latency-ms N] [--fail-rate F]
 *      [--token-ttl S] [--refresh-token-ttl S] [--no-rotate] [--seed S] [--webhook-retry-scale F]
 *      [--webhook-rewrite from=to]... [--app-key K] [--app-secret S] [--mode name=value]...
 * Prints exactly one JSON line once listening; SIGINT/SIGTERM close cleanly.
 */
import { startEmulator } from './index';
import type { EmulatorOptions } from './types';

function fail(msg: string): never {
	process.stderr.write(`emulator: ${msg}\n`);
	process.exit(2);
}

export function parseArgs(argv: string[]): EmulatorOptions {
	const o: EmulatorOptions = {};
	const rewrites: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		let a = argv[i];
		let val: string | undefined;
		const eq = a.indexOf('=');
		if (a.startsWith('--') && eq > 0 && a !== '--webhook-rewrite') {
			val = a.slice(eq + 1);
			a = a.slice(0, eq);
		}
		const next = (): string => {
			if (val !== undefined) return val;
			const v = argv[++i];
			if (v === undefined) fail(`${a} needs a value`);
			return v;
		};
		const num = (): number => {
			const v = Number(next());
			if (!Number.isFinite(v)) fail(`${a} must be a number`);
			return v;
		};
		switch (a) {
			case '--port':
				o.port = num();
				break;
			case '--auth-port':
				o.authPort = num();
				break;
			case '--orders':
				o.orders = num();
				break;
			case '--latency-ms':
				o.latencyMs = num();
				break;
			case '--fail-rate':
				o.failRate = num();
				break;
			case '--token-ttl':
				o.tokenTtl = num();
				break;
			case '--refresh-token-ttl':
				o.refreshTokenTtl = num();
				break;
			case '--no-rotate':
				o.rotateRefreshToken = false;
				break;
			case '--seed':
				o.seed = next();
				break;
			case '--webhook-retry-scale':
				o.webhookRetryScale = num();
				break;
			case '--webhook-rewrite': {
				const v = next();
				const k = v.indexOf('=');
				if (k <= 0) fail('--webhook-rewrite expects from=to');
				rewrites[v.slice(0, k)] = v.slice(k + 1);
				break;
			}
			case '--app-key':
				o.appKey = next();
				break;
			case '--app-secret':
				o.appSecret = next();
				break;
			case '--mode': {
				// --mode order_detail_unknown_ids=reject (repeatable); see README "Modes"
				const v = next();
				const k = v.indexOf('=');
				if (k <= 0) fail('--mode expects name=value');
				const raw = v.slice(k + 1);
				const value = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
				o.modes = { ...(o.modes ?? {}), [v.slice(0, k)]: value } as EmulatorOptions['modes'];
				break;
			}
			case '--start-time':
				o.startTime = num();
				break;
			case '--help':
			case '-h':
				process.stdout.write(
					'usage: npm run emulator -- --port <p> [--auth-port <p>] [--orders N] [--latency-ms N] [--fail-rate F] [--token-ttl S] [--seed S] [--webhook-retry-scale F] [--webhook-rewrite from=to] [--mode name=value]\n',
				);
				process.exit(0);
				break;
			default:
				fail(`unknown option ${a}`);
		}
	}
	if (Object.keys(rewrites).length) o.webhookRewrites = rewrites;
	return o;
}

async function main(): Promise<void> {
	const emu = await startEmulator(parseArgs(process.argv.slice(2)));
	process.stdout.write(
		JSON.stringify({
			baseUrl: emu.baseUrl,
			authBaseUrl: emu.authBaseUrl,
			adminUrl: emu.adminUrl,
			appKey: emu.appKey,
			appSecret: emu.appSecret,
			authCode: emu.authCode,
			refreshToken: emu.refreshToken,
			shops: emu.shops,
		}) + '\n',
	);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		emu.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
}
