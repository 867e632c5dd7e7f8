import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** Options › Output of Inventory › Update. */
export const OUTPUT_PER_ITEM = 'perItem';
export const OUTPUT_SUMMARY = 'summary';

const SKU_FIELDS = ['product_id', 'sku_id', 'seller_sku', 'warehouse_id'];
const pick = (json: IDataObject, fields: string[]): IDataObject =>
	Object.fromEntries(fields.map((field) => [field, json[field] ?? null]));

/**
 * One item for a whole stock run: how many SKUs changed, stayed the same or failed, with the SKU and the reason
 * of each failure and a ready-made `text`, so a Slack or email node can report the run without a Code node. `isFailure` tells the error
 * items apart (they carry `error`, `details` and the identifying fields of their input).
 */
export function stockSummary(
	items: INodeExecutionData[],
	isFailure: (item: INodeExecutionData) => boolean,
	inputCount: number,
): INodeExecutionData {
	const changed: IDataObject[] = [];
	const unchanged: IDataObject[] = [];
	const failed: IDataObject[] = [];
	const superseded: IDataObject[] = [];
	let dryRun = false;
	for (const item of items) {
		const json = item.json;
		const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
		const itemIndex = typeof paired === 'object' && paired ? paired.item : null;
		if (isFailure(item)) {
			failed.push({
				item: itemIndex,
				...pick(json, [...SKU_FIELDS, 'quantity']),
				reason: json.error ?? null,
				details: json.details ?? null,
			});
		} else if (json.status === 'superseded') {
			// a later item set the same SKU and warehouse: its quantity was used, and it is counted itself
			superseded.push({ item: itemIndex, ...pick(json, [...SKU_FIELDS, 'requested_quantity', 'superseded_by_item']) });
		} else if (json.changed === false || json.status === 'unchanged') {
			unchanged.push({ item: itemIndex, ...pick(json, [...SKU_FIELDS, 'new_quantity']) });
		} else {
			if (json.status === 'dry_run') dryRun = true;
			changed.push({ item: itemIndex, ...pick(json, [...SKU_FIELDS, 'old_quantity', 'new_quantity']) });
		}
	}
	const name = (entry: IDataObject) =>
		String(entry.seller_sku ?? entry.sku_id ?? entry.product_id ?? `item ${String(entry.item)}`);
	const where = (entry: IDataObject) => String(entry.warehouse_id ?? 'its warehouse');
	const text = [
		`${changed.length} ${dryRun ? 'would change' : 'changed'}, ${unchanged.length} unchanged, ${failed.length} failed${superseded.length ? `, ${superseded.length} superseded by a later row` : ''}.`,
		...changed.map(
			(entry) =>
				`${name(entry)} @ ${where(entry)}: ${String(entry.old_quantity ?? '?')} → ${String(entry.new_quantity)}`,
		),
		...failed.map((entry) => `FAILED ${name(entry)} @ ${String(entry.warehouse_id ?? '-')}: ${String(entry.reason)}`),
	].join('\n');
	return {
		json: {
			changed: changed.length,
			unchanged: unchanged.length,
			failed: failed.length,
			superseded: superseded.length,
			dry_run: dryRun,
			text,
			changed_skus: changed,
			unchanged_skus: unchanged,
			failed_skus: failed,
			superseded_skus: superseded,
		},
		pairedItem: Array.from({ length: inputCount }, (_, item) => ({ item })),
	};
}
