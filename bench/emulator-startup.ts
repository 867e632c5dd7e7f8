/**
 * Emulator start-up time with the benchmark-sized world (43,103 orders, the shop size in a seed document's sample
 * response), in-process and through the CLI. Budget: under 5 s.
 *
 *   npx ts-node --transpile-only bench/emulator-startup.ts [--write]
 */
import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';

import { startEmulator } from '../emulator';

const ORDERS = 43103;
const RUNS = 3;

async function inProcess(): Promise<number> {
	const started = process.hrtime.bigint();
	const emulator = await startEmulator({ orders: ORDERS, seed: 42 });
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	await emulator.close();
	return ms;
}

async function cli(): Promise<number> {
	const root = path.resolve(__dirname, '..');
	const tsNode = require.resolve('ts-node/dist/bin.js', { paths: [root] });
	const started = process.hrtime.bigint();
	const child = spawn(
		process.execPath,
		[tsNode, '--transpile-only', 'emulator/cli.ts', '--port', '0', '--orders', String(ORDERS)],
		{ cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	await new Promise<void>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('\n') && resolve());
		child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	child.kill('SIGTERM');
	await new Promise((resolve) => child.once('exit', resolve));
	return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
	const inProcessMs: number[] = [];
	const cliMs: number[] = [];
	for (let run = 0; run < RUNS; run++) {
		inProcessMs.push(await inProcess());
		cliMs.push(await cli());
	}
	const lines = [
		'## Emulator start-up (43,103 orders)',
		'',
		'Command: `npx ts-node --transpile-only bench/emulator-startup.ts --write`',
		'',
		'| how | median of 3 | budget | ratio to budget |',
		'|---|---|---|---|',
		`| in-process \`startEmulator\` | ${median(inProcessMs).toFixed(0)} ms | 5000 ms | ${(median(inProcessMs) / 5000).toFixed(2)} |`,
		`| CLI (\`npm run emulator\`), spawn to JSON line | ${median(cliMs).toFixed(0)} ms | 5000 ms | ${(median(cliMs) / 5000).toFixed(2)} |`,
		'',
	];
	console.log(lines.join('\n'));
	if (process.argv.includes('--write'))
		fs.writeFileSync(path.join(__dirname, 'results', 'emulator-startup.md'), lines.join('\n'));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
