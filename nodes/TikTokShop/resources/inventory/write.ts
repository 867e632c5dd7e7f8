/** Inventory › Update's writes: one call per product, and TikTok's answers back on the items. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { cipherOf, groupBy, planBatch, runBatch, type BatchOutcome } from '../../helpers/batch';
import { ENDPOINTS } from '../../../shared/endpoints';
import { BATCH_LIMITS, chunk } from '../../../shared/transport/batching';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { refusalError, withContext } from './errors';
import { explainQuantityRefusal, isQuantityRefusal } from './hints';
import type { StockBatch } from './lookup';
import { assignUpdateErrors, refreshKeptQuantities } from './plan';
import { readStock } from './stock';
import type { InventoryUpdateCall, InventoryUpdateError, UpdatePlan } from './types';

/** Products updated in parallel. The transport's per-shop throttle keeps the rate under TikTok's 50/s anyway. */
const UPDATE_CONCURRENCY = 16;

/** Sets the stock of one product; TikTok's per-SKU refusals come back in `data.errors` under code 0. */
async function sendUpdate(context: IExecuteFunctions, call: InventoryUpdateCall): Promise<InventoryUpdateError[]> {
	const data = await tikTokApiRequest<IDataObject>(context, {
		method: 'POST',
		path: ENDPOINTS.inventoryUpdate(call.productId),
		body: call.body as unknown as IDataObject,
		shopCipher: cipherOf(call.shopKey),
		itemIndex: call.items[0].itemIndex,
	});
	return (data.errors as InventoryUpdateError[] | undefined) ?? [];
}

/** Reads again the stock of the warehouses a wave resends unchanged, so orders placed since the first read stay. */
async function refreshKept(context: IExecuteFunctions, wave: InventoryUpdateCall[]): Promise<void> {
	const stale = wave.filter((call) => call.kept.length > 0);
	if (!stale.length) return;
	// If this read fails the first read's quantities are used: seconds to minutes old, still valid stock.
	const { stock } = await readStock(
		context,
		cipherOf(stale[0].shopKey),
		stale.map((call) => call.productId),
		stale[0].items[0].itemIndex,
	);
	for (const call of stale) refreshKeptQuantities(call, stock);
}

/** Puts the answer of one call on its items: TikTok's per-SKU refusals, or the error of the whole call. */
function settle(
	context: IExecuteFunctions,
	batch: StockBatch,
	call: InventoryUpdateCall,
	outcome: BatchOutcome<InventoryUpdateError[]>,
): void {
	if ('value' in outcome) {
		for (const [itemIndex, problem] of assignUpdateErrors(call, outcome.value))
			batch.fail(itemIndex, refusalError(context, problem, itemIndex));
		return;
	}
	if (!('error' in outcome)) return;
	const code = (outcome.error as { errorResponse?: { code?: unknown } }).errorResponse?.code;
	for (const item of call.items) {
		// A whole call refused for a 0 quantity: say which warehouse holds it and what TikTok allows.
		const zero = isQuantityRefusal(code) ? explainQuantityRefusal(call, item, code) : undefined;
		const error = zero
			? refusalError(context, { ...zero, code: code as string | number }, item.itemIndex)
			: withContext(context, outcome.error, item.itemIndex, `Stock of product ${call.productId} was not updated`);
		batch.fail(item.itemIndex, error);
	}
}

/**
 * Writes the plan, products in parallel. Setting an absolute quantity is idempotent, so the transport may retry
 * freely. Products go in waves of 100 per shop: just before a wave, the stock of the warehouses it resends unchanged
 * is read again (one call), so orders placed since the first read (a big run lasts minutes) are not undone. The
 * refresh of a wave starts when its first product is about to be written, while the previous wave's last calls
 * (retries included) are still finishing, so waves do not wait for each other.
 */
export async function writePlan(context: IExecuteFunctions, batch: StockBatch, plan: UpdatePlan): Promise<void> {
	const waveOf = new Map<InventoryUpdateCall, InventoryUpdateCall[]>();
	for (const inShop of groupBy(plan.calls, (call) => call.shopKey).values()) {
		for (const wave of chunk(inShop, BATCH_LIMITS.inventoryProductIds)) for (const call of wave) waveOf.set(call, wave);
	}
	const refreshed = new Map<InventoryUpdateCall[], Promise<void>>();
	const entries = plan.calls.map((call) => ({
		itemIndex: call.items[0].itemIndex,
		shopKey: call.shopKey,
		key: call.productId,
		call,
	}));
	// One product per call: TikTok's Update Inventory takes a single product.
	const results = await runBatch(planBatch(entries, { limit: 1 }), UPDATE_CONCURRENCY, async ({ entries: [entry] }) => {
		const wave = waveOf.get(entry.call)!;
		if (!refreshed.has(wave)) refreshed.set(wave, refreshKept(context, wave));
		await refreshed.get(wave);
		return new Map([[entry.key, await sendUpdate(context, entry.call)]]);
	});
	for (const entry of entries) settle(context, batch, entry.call, results.get(entry));
}
