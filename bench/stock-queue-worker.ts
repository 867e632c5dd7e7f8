/**
 * One "n8n worker" of bench/stock-queue.ts: its own process, running Inventory › Update through n8n-core's execution
 * code (test/harness) with the real credential on the items the benchmark hands it, when told to go.
 */
import type { IDataObject } from 'n8n-workflow';

import type { EmulatorInfo } from './emulator-process';
import { nodeHarness } from './node-harness';

interface Job {
	info: EmulatorInfo;
	cipher: string;
	items: IDataObject[];
}

process.once('message', (job: Job) => {
	// the emulator's token, valid for a day, so the workers do not rotate the one refresh token under each other
	const harness = nodeHarness(job.info, { accessExpiresAt: Math.floor(Date.now() / 1000) + 86400 });
	process.once('message', async () => {
		const started = performance.now();
		try {
			const result = await harness.runNode({
				type: 'tikTokShop',
				parameters: {
					resource: 'inventory',
					operation: 'update',
					shop: { __rl: true, mode: 'list', value: job.cipher },
					productId: '={{ $json.productId }}',
					skuId: '={{ $json.skuId }}',
					warehouseId: '={{ $json.warehouseId }}',
					quantity: '={{ $json.quantity }}',
				},
				inputItems: job.items.map((json) => ({ json })),
			});
			const statuses: Record<string, number> = {};
			for (const item of result.items)
				statuses[String(item.json.status)] = (statuses[String(item.json.status)] ?? 0) + 1;
			process.send?.({
				ms: performance.now() - started,
				outputItems: result.items.length,
				statuses,
				error: result.error ? String(result.error.message) : undefined,
			});
		} catch (error) {
			process.send?.({ ms: 0, outputItems: 0, statuses: {}, error: String(error) });
		}
		process.disconnect();
	});
	process.send?.({ ready: true });
});
