/** What Inventory › Update returns: one item per input item, or the error that stops the node. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { batchOutput } from '../../helpers/batch';
import { asNodeError } from '../../helpers/execution';
import type { StockBatch } from './lookup';
import type { ItemOutcome, UpdatePlan } from './types';

export function outcomeJson(outcome: ItemOutcome, dryRun: boolean): IDataObject {
	const json: IDataObject = {
		product_id: outcome.productId,
		sku_id: outcome.skuId,
		seller_sku: outcome.sellerSku,
		warehouse_id: outcome.warehouseId,
		old_quantity: outcome.oldQuantity,
		new_quantity: outcome.newQuantity,
		changed: outcome.oldQuantity === null ? null : outcome.oldQuantity !== outcome.newQuantity,
		status: dryRun && outcome.status === 'updated' ? 'dry_run' : outcome.status,
	};
	if (outcome.status === 'superseded') {
		json.requested_quantity = outcome.requestedQuantity;
		json.superseded_by_item = outcome.supersededBy;
		json.note = `Item ${outcome.supersededBy} sets the same SKU and warehouse later in this run, so its quantity (${outcome.newQuantity}) was used.`;
	}
	return json;
}

/** Without "Continue On Fail", anything found wrong before writing stops the run before a single quantity is written. */
export function stopBeforeWriting(context: IExecuteFunctions, batch: StockBatch): void {
	if (!batch.failures.size || batch.continueOnFail) return;
	const failed = [...batch.failures.keys()].sort((a, b) => a - b);
	const error = asNodeError(context, batch.failures.get(failed[0]), failed[0]);
	if (failed.length > 1) {
		error.description =
			`${error.description ?? ''} ${failed.length} items have problems (items ${failed.slice(0, 10).join(', ')}). Nothing was changed in TikTok Shop.`.trim();
	}
	throw error;
}

/** One output item per input item, in input order; a failed item keeps its SKU and quantities next to the error. */
export function updateOutput(
	context: IExecuteFunctions,
	batch: StockBatch,
	plan: UpdatePlan,
	dryRun: boolean,
	itemCount: number,
): INodeExecutionData[] {
	const jsonOf = (itemIndex: number) => {
		const outcome = plan.outcomes.get(itemIndex);
		return outcome ? outcomeJson(outcome, dryRun) : undefined;
	};
	const failed = [...batch.failures.keys()].sort((a, b) => a - b);
	const applied = dryRun
		? 0
		: [...plan.outcomes.values()].filter((o) => o.status === 'updated' && !batch.failures.has(o.itemIndex)).length;
	return batchOutput(
		context,
		itemCount,
		batch.failures,
		(itemIndex) => {
			const json = jsonOf(itemIndex);
			return json ? [{ json }] : undefined;
		},
		{
			failureContext: (itemIndex) => {
				const json = jsonOf(itemIndex);
				return json ? { ...json, status: 'error' } : undefined;
			},
			beforeThrow: (error) => {
				if (failed.length <= 1 && applied === 0) return;
				error.description =
					`${error.description ?? ''} ${failed.length} of ${itemCount} items failed (items ${failed.slice(0, 10).join(', ')}${failed.length > 10 ? ', …' : ''}); ${applied} other items were updated. Setting stock is safe to repeat, so you can fix the failing items and run again, or enable "Continue On Fail" to get one result per item.`.trim();
			},
		},
	);
}
