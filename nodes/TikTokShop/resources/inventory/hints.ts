/** TikTok's inventory error codes in words a seller can act on (pure, unit-tested). */
import type { InventoryUpdateCall } from './types';

/** What to do about TikTok's inventory codes, in words a seller can act on. */
export function inventoryHint(code: number | string | undefined): string {
	switch (String(code ?? '')) {
		case '12052097':
		case '12019022':
			return "The warehouse is not valid for this SKU. Warehouse › Get Many lists the shop's warehouses; the SKU's own warehouses are shown by Inventory › Get Many.";
		case '12019028':
			return 'TikTok wants every warehouse of the SKU listed. Run Inventory › Get Many for this product and check its warehouses.';
		case '12019024':
			return 'TikTok did not accept the quantity. Use a whole number from 1 to 99,999 (TikTok may not accept 0 for this shop).';
		case '12052032':
			return 'The product does not exist in this shop (or was deleted). Check the product ID with Product › Get Many.';
		case '12052036':
			return 'A SKU ID is missing. Check the SKU ID of this item.';
		case '12052901':
			return 'TikTok only accepts stock updates for live (ACTIVATE) products. Reactivate the product in TikTok Seller Center, or leave its SKUs out of the update (Product › Get shows its status).';
		case '12052048':
			return 'The product is not in the shop selected in the node. Pick the shop the product belongs to.';
		default:
			return 'Check the product, SKU and warehouse IDs of this item with Inventory › Get Many.';
	}
}

/** Codes TikTok uses for a quantity outside its range. */
const QUANTITY_CODES = new Set(['12019024', '12052055']);

export function isQuantityRefusal(code: unknown): boolean {
	return QUANTITY_CODES.has(String(code ?? ''));
}

/**
 * Explains a quantity refusal (12019024) for one item when the SKU was sent with 0 somewhere. Under the reference
 * page's rule (1 to 99,999) TikTok refuses 0, and since every warehouse of a SKU must be in each update, a warehouse
 * this run did not touch that currently reads 0 blocks the update of the SKU's other warehouses. Nothing of that SKU
 * is changed either way; the message says which warehouse holds the 0 and what to do. Returns undefined when no 0
 * was sent for the SKU (then TikTok's own message stands).
 */
export function explainQuantityRefusal(
	call: InventoryUpdateCall,
	item: { skuId: string; warehouseId: string },
	code: unknown,
): { message: string; description: string } | undefined {
	const inventory = call.body.skus.find((sku) => sku.id === item.skuId)?.inventory ?? [];
	const zeros = inventory.filter((entry) => entry.quantity === 0);
	if (!zeros.length) return undefined;
	const where = item.warehouseId ? ` in warehouse ${item.warehouseId}` : '';
	const rule =
		"TikTok's reference allows 1 to 99,999 units per warehouse (its SDK also allows 0), and this shop applies the 1 to 99,999 rule.";
	const nothing = `Nothing was changed for SKU ${item.skuId}: its stock is as it was before this run.`;
	const own = inventory.find((entry) => (entry.warehouse_id ?? '') === item.warehouseId);
	if (own?.quantity === 0) {
		return {
			message: `TikTok Shop did not accept 0 units for SKU ${item.skuId}${where}: error ${String(code)}, the quantity must be 1 to 99,999`,
			description: `${rule} ${nothing} To take the SKU off sale, deactivate its product (Product › Deactivate), or set at least 1.`,
		};
	}
	const kept = zeros.filter((entry) =>
		call.kept.some((k) => k.skuId === item.skuId && k.warehouseId === (entry.warehouse_id ?? '')),
	);
	const blocking = (kept.length ? kept : zeros).map((entry) => entry.warehouse_id ?? '(default)').join(', ');
	const untouched = kept.length > 0;
	return {
		message: `TikTok Shop did not update SKU ${item.skuId}${where}: warehouse ${blocking}${untouched ? ', which this run did not change,' : ''} has 0 units, which TikTok refuses here (error ${String(code)})`,
		description: untouched
			? `TikTok wants every warehouse of a SKU in each stock update, so the SKU's current 0 in warehouse ${blocking} is sent along, and ${rule.charAt(0).toLowerCase()}${rule.slice(1)} ${nothing} Set warehouse ${blocking} to 1 or more in the same run (one more input item), then run again.`
			: `Another item of this run sets warehouse ${blocking} of the SKU to 0. ${rule} ${nothing} Set at least 1 there, or deactivate the product (Product › Deactivate) to take it off sale.`,
	};
}

/** Why a seller SKU cannot be updated, given the SKUs Product Search found for it (undefined: exactly one live SKU). */
export function sellerSkuProblem(
	sellerSku: string,
	found: Array<{ productId: string; productStatus: string; skuId: string }>,
): { message: string; description: string } | undefined {
	if (found.length === 0) {
		return {
			message: `No SKU with seller SKU "${sellerSku}" in this shop`,
			description:
				"Seller SKUs must match TikTok Seller Center exactly (same spelling and capitals). Check the shop selected in the node, or use Product › Get Many to see the shop's seller SKUs.",
		};
	}
	if (found.length > 1) {
		return {
			message: `Seller SKU "${sellerSku}" is used by ${found.length} SKUs`,
			description: `TikTok has it on SKU IDs ${found.map((m) => `${m.skuId} (product ${m.productId})`).join(', ')}. Give each SKU a unique seller SKU in Seller Center, or identify SKUs by Product ID and SKU ID.`,
		};
	}
	if (found[0].productStatus && found[0].productStatus !== 'ACTIVATE') {
		return {
			message: `Product ${found[0].productId} is not live (status ${found[0].productStatus}), so its stock cannot be changed`,
			description:
				'TikTok only accepts stock updates for live (ACTIVATE) products. Reactivate the product in Seller Center, or leave this SKU out of the update.',
		};
	}
	return undefined;
}
