/** Input and response parsing of the Inventory operations (pure, unit-tested). */
import type { IDataObject } from 'n8n-workflow';

import type { CurrentSku } from './types';

/** TikTok's documented ceiling per warehouse. The floor is 0 here: see the note on MIN_QUANTITY. */
export const MAX_QUANTITY = 99999;
/**
 * TikTok's reference page (https://partner.tiktokshop.com/docv2/page/update-inventory-202309) says [1, 99,999], its
 * own generated SDK says [0, 99,999]. 0 is how a seller marks a SKU sold out, so the node sends it and lets TikTok
 * answer; a refusal is explained on the items it concerns (see explainQuantityRefusal).
 */
export const MIN_QUANTITY = 0;

/** Accepts whole numbers (also as text from a sheet) from 0 to 99,999; anything else is a clear error. */
export function parseQuantity(raw: unknown): { ok: true; value: number } | { ok: false; reason: string } {
	const text = typeof raw === 'string' ? raw.trim() : raw;
	if (text === '' || text === undefined || text === null) return { ok: false, reason: 'is empty' };
	const value =
		typeof text === 'number' ? text : typeof text === 'string' && /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
	if (!Number.isFinite(value)) return { ok: false, reason: `"${String(raw)}" is not a number` };
	if (!Number.isInteger(value)) return { ok: false, reason: `${value} is not a whole number` };
	if (value < MIN_QUANTITY || value > MAX_QUANTITY) return { ok: false, reason: `${value} is outside 0 to 99,999` };
	return { ok: true, value };
}

/** Flattens Inventory Search's `data.inventory[]` into one record per SKU. */
export function inventoryToSkus(inventory: IDataObject[] | undefined): IDataObject[] {
	const rows: IDataObject[] = [];
	for (const product of inventory ?? []) {
		for (const sku of (product.skus as IDataObject[] | undefined) ?? []) {
			const { id, ...rest } = sku;
			rows.push({ product_id: String(product.product_id ?? ''), sku_id: String(id ?? ''), ...rest });
		}
	}
	return rows;
}

/** One row of inventoryToSkus as the planner reads it: the SKU and its stock per warehouse. */
function currentSkuFrom(row: IDataObject): CurrentSku {
	const warehouses = ((row.warehouse_inventory as IDataObject[] | undefined) ?? []).map((w) => ({
		warehouse_id: String(w.warehouse_id ?? ''),
		available_quantity: Number(w.available_quantity ?? 0),
		committed_quantity: w.committed_quantity === undefined ? undefined : Number(w.committed_quantity),
	}));
	return { skuId: String(row.sku_id), sellerSku: String(row.seller_sku ?? ''), warehouses };
}

/** Rows of inventoryToSkus as product ID → SKU ID → current stock. */
export function stockByProduct(rows: IDataObject[]): Map<string, Map<string, CurrentSku>> {
	const stock = new Map<string, Map<string, CurrentSku>>();
	for (const row of rows) {
		const productId = String(row.product_id);
		if (!stock.has(productId)) stock.set(productId, new Map());
		stock.get(productId)!.set(String(row.sku_id), currentSkuFrom(row));
	}
	return stock;
}
