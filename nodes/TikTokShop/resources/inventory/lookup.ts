/** Inventory › Update before planning: seller SKUs to TikTok IDs, then the current stock of every product named. */
import type { IExecuteFunctions } from 'n8n-workflow';

import { cipherOf, groupBy, planBatch, runBatch, type PreparedBatch } from '../../helpers/batch';
import { asNodeError } from '../../helpers/execution';
import { BATCH_LIMITS } from '../../../shared/transport/batching';
import { operationError, withContext } from './errors';
import { sellerSkuProblem } from './hints';
import { stockByProduct } from './parse';
import { READ_CONCURRENCY, resolveSellerSkus, searchStock, type SellerSkuMatch } from './stock';
import type { CurrentStock } from './types';
import type { StockDraft } from './validate';

export type StockBatch = PreparedBatch<StockDraft>;

/** Gives the items identified by seller SKU their product and SKU IDs (one look-up per shop), or their error. */
export async function identifySellerSkus(context: IExecuteFunctions, batch: StockBatch): Promise<void> {
	const bySellerSku = batch.live().filter((item) => item.input.sellerSku !== undefined);
	for (const [shopKey, drafted] of groupBy(bySellerSku, (item) => item.shopKey)) {
		let matches: Map<string, SellerSkuMatch[]>;
		try {
			const sellerSkus = [...new Set(drafted.map((item) => item.input.sellerSku!))];
			matches = await resolveSellerSkus(context, cipherOf(shopKey), sellerSkus, drafted[0].itemIndex);
		} catch (error) {
			for (const { itemIndex } of drafted) batch.fail(itemIndex, asNodeError(context, error, itemIndex));
			continue;
		}
		for (const { itemIndex, input } of drafted) {
			const found = matches.get(input.sellerSku!) ?? [];
			const problem = sellerSkuProblem(input.sellerSku!, found);
			if (problem) batch.fail(itemIndex, operationError(context, problem.message, problem.description, itemIndex));
			else {
				input.productId = found[0].productId;
				input.skuId = found[0].skuId;
			}
		}
	}
}

/** Current stock of the products of the remaining items (≤100 per call, per shop). A failed read fails its items. */
export async function readCurrentStock(context: IExecuteFunctions, batch: StockBatch): Promise<CurrentStock> {
	const entries = batch.live().map(({ itemIndex, shopKey, input }) => ({ itemIndex, shopKey, key: input.productId! }));
	const plan = planBatch(entries, { limit: BATCH_LIMITS.inventoryProductIds });
	const results = await runBatch(plan, READ_CONCURRENCY, async (part) =>
		stockByProduct(await searchStock(context, cipherOf(part.shopKey), { product_ids: part.keys }, part.firstItem)),
	);
	const current: CurrentStock = new Map();
	for (const entry of entries) {
		const outcome = results.get(entry);
		if ('value' in outcome) current.set(entry.key, outcome.value);
		else if ('error' in outcome) {
			const prefix = `Could not read the current stock of product ${entry.key}, so nothing was changed for it`;
			batch.fail(entry.itemIndex, withContext(context, outcome.error, entry.itemIndex, prefix));
		}
	}
	return current;
}
