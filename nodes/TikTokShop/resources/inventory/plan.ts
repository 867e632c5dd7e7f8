/** The pure planner of Inventory › Update: items → one call per product, and TikTok's answers → items. */
import { explainQuantityRefusal, inventoryHint, isQuantityRefusal } from './hints';
import type {
	CurrentSku,
	CurrentStock,
	InventoryUpdateCall,
	InventoryUpdateError,
	ItemOutcome,
	ItemProblem,
	StockRequest,
	UpdatePlan,
} from './types';

export type {
	CurrentStock,
	InventoryUpdateCall,
	InventoryUpdateError,
	ItemOutcome,
	StockRequest,
	UpdatePlan,
} from './types';

/** skuId → warehouse ('' for none named) → the item index that sets it last. */
type SkuWinners = Map<string, Map<string, number>>;

function listWarehouses(sku: CurrentSku): string {
	return sku.warehouses.map((w) => w.warehouse_id).join(', ');
}

/** Why TikTok would refuse this item's SKU or warehouse, judged on the stock read before writing. */
function checkAgainstStock(
	request: StockRequest,
	outcome: ItemOutcome,
	known: Map<string, CurrentSku> | undefined,
): ItemProblem | undefined {
	const sku = known?.get(request.skuId);
	if (known && !sku) {
		return {
			message: `SKU ${request.skuId} is not a SKU of product ${request.productId}`,
			description: `This product's SKU IDs are: ${[...known.keys()].join(', ') || 'none'}. Check that the product ID and SKU ID come from the same product (Inventory › Get Many lists them).`,
		};
	}
	if (!sku) return undefined;
	if (!request.warehouseId) {
		if (sku.warehouses.length === 1) outcome.warehouseId = sku.warehouses[0].warehouse_id;
		else if (sku.warehouses.length > 1) {
			return {
				message: `SKU ${request.skuId} is stocked in ${sku.warehouses.length} warehouses: say which one`,
				description: `Set Warehouse ID to one of ${listWarehouses(sku)}, with one input item per warehouse.`,
			};
		}
	} else if (sku.warehouses.length && !sku.warehouses.some((w) => w.warehouse_id === request.warehouseId)) {
		return {
			message: `Warehouse ${request.warehouseId} is not one of SKU ${request.skuId}'s warehouses`,
			description: `TikTok only accepts the warehouses a SKU is assigned to: ${listWarehouses(sku)}. To stock it in another warehouse, add that warehouse to the product in TikTok Seller Center first.`,
		};
	}
	const stock = sku.warehouses.find((w) => w.warehouse_id === outcome.warehouseId);
	if (stock) outcome.oldQuantity = stock.available_quantity;
	return undefined;
}

function outcomeOf(request: StockRequest, current: CurrentStock): ItemOutcome {
	const known = current.get(request.productId);
	const outcome: ItemOutcome = {
		itemIndex: request.itemIndex,
		productId: request.productId,
		skuId: request.skuId,
		sellerSku: known?.get(request.skuId)?.sellerSku ?? request.sellerSku ?? '',
		warehouseId: request.warehouseId,
		oldQuantity: null,
		newQuantity: request.quantity,
		requestedQuantity: request.quantity,
		status: 'updated',
	};
	const error = checkAgainstStock(request, outcome, known);
	if (error) {
		outcome.status = 'error';
		outcome.error = error;
	}
	return outcome;
}

/** The call for one product: every warehouse of each SKU, those no item names with their current stock. */
function callFor(
	productKey: string,
	skus: SkuWinners,
	outcomes: Map<number, ItemOutcome>,
	current: CurrentStock,
	skipUnchanged: boolean,
): InventoryUpdateCall {
	const separator = productKey.lastIndexOf('|');
	const shopKey = productKey.slice(0, separator);
	const productId = productKey.slice(separator + 1);
	const call: InventoryUpdateCall = { shopKey, productId, body: { skus: [] }, items: [], kept: [] };
	for (const [skuId, warehouses] of skus) {
		const winnerOutcomes = [...warehouses.values()].map((index) => outcomes.get(index)!);
		if (skipUnchanged && winnerOutcomes.every((o) => o.oldQuantity === o.newQuantity)) {
			for (const o of winnerOutcomes) o.status = 'unchanged';
			continue;
		}
		const sku = current.get(productId)?.get(skuId);
		const inventory: Array<{ warehouse_id?: string; quantity: number }> = [];
		if (sku && sku.warehouses.length) {
			for (const stock of sku.warehouses) {
				const index = warehouses.get(stock.warehouse_id);
				if (index === undefined) call.kept.push({ skuId, warehouseId: stock.warehouse_id });
				inventory.push({
					warehouse_id: stock.warehouse_id,
					quantity: index === undefined ? stock.available_quantity : outcomes.get(index)!.newQuantity,
				});
			}
		} else {
			for (const [warehouseId, index] of warehouses) {
				const quantity = outcomes.get(index)!.newQuantity;
				inventory.push(warehouseId ? { warehouse_id: warehouseId, quantity } : { quantity });
			}
		}
		call.body.skus.push({ id: skuId, inventory });
		for (const [warehouseId, index] of warehouses) call.items.push({ itemIndex: index, skuId, warehouseId });
	}
	return call;
}

/**
 * Turns the items into one call per product. TikTok wants every warehouse of a SKU listed
 * (https://partner.tiktokshop.com/docv2/page/update-inventory-202309), so warehouses no item mentions are sent with
 * their current quantity. When two items set the same SKU and warehouse, the later one wins.
 */
export function planInventoryUpdates(
	requests: StockRequest[],
	current: CurrentStock,
	{ skipUnchanged = false }: { skipUnchanged?: boolean } = {},
): UpdatePlan {
	const outcomes = new Map<number, ItemOutcome>();
	// shopKey|productId → skuId → warehouseKey → winning item index
	const winners = new Map<string, SkuWinners>();
	for (const request of requests) {
		const outcome = outcomeOf(request, current);
		outcomes.set(request.itemIndex, outcome);
		if (outcome.status === 'error') continue;
		const productKey = `${request.shopKey}|${request.productId}`;
		if (!winners.has(productKey)) winners.set(productKey, new Map());
		const skus = winners.get(productKey)!;
		if (!skus.has(request.skuId)) skus.set(request.skuId, new Map());
		const warehouses = skus.get(request.skuId)!;
		const previous = warehouses.get(outcome.warehouseId);
		if (previous !== undefined) {
			const loser = outcomes.get(previous)!;
			loser.status = 'superseded';
			loser.supersededBy = request.itemIndex;
			loser.newQuantity = request.quantity;
		}
		warehouses.set(outcome.warehouseId, request.itemIndex);
	}
	const calls: InventoryUpdateCall[] = [];
	for (const [productKey, skus] of winners) {
		const call = callFor(productKey, skus, outcomes, current, skipUnchanged);
		if (call.body.skus.length) calls.push(call);
	}
	return { outcomes, calls };
}

/**
 * Puts each `data.errors` entry on the items it concerns: an `extra_errors` entry on the items naming that
 * warehouse, the SKU-level message on the SKU's other items, an entry without a SKU on every item of the call.
 * A quantity refusal caused by a 0 is explained instead (explainQuantityRefusal). Returns item index → error.
 */
export function assignUpdateErrors(
	call: InventoryUpdateCall,
	errors: InventoryUpdateError[],
): Map<number, ItemProblem> {
	const assigned = new Map<number, ItemProblem>();
	for (const entry of errors) {
		const skuId = entry.detail?.sku_id ? String(entry.detail.sku_id) : '';
		const extras = entry.detail?.extra_errors ?? [];
		const targets = call.items.filter((item) => !skuId || item.skuId === skuId);
		const fallback = targets.length ? targets : call.items;
		for (const item of fallback) {
			const extra = extras.find((e) => e.warehouse_id !== undefined && String(e.warehouse_id) === item.warehouseId);
			const code = extra?.code ?? entry.code;
			const reason = extra
				? `warehouse ${item.warehouseId}: ${extra.message ?? ''}`.trim()
				: (entry.message ?? 'rejected');
			const others =
				!extra && extras.length
					? ` (${extras.map((e) => `warehouse ${e.warehouse_id}: ${e.message ?? e.code}`).join('; ')})`
					: '';
			const zero = isQuantityRefusal(code) ? explainQuantityRefusal(call, item, code) : undefined;
			if (zero) {
				assigned.set(item.itemIndex, { ...zero, code });
				continue;
			}
			assigned.set(item.itemIndex, {
				message: `TikTok Shop did not update SKU ${item.skuId}${item.warehouseId ? ` in warehouse ${item.warehouseId}` : ''}: ${code !== undefined ? `error ${code}, ` : ''}${reason}${others}`,
				description: `${inventoryHint(code)} Product ${call.productId}.`,
				code,
			});
		}
	}
	return assigned;
}

/**
 * Puts fresh stock on the warehouses a call resends unchanged, so stock sold since the first read is not put back.
 * Returns how many quantities changed.
 */
export function refreshKeptQuantities(call: InventoryUpdateCall, fresh: CurrentStock): number {
	let changed = 0;
	for (const { skuId, warehouseId } of call.kept) {
		const stock = fresh
			.get(call.productId)
			?.get(skuId)
			?.warehouses.find((w) => w.warehouse_id === warehouseId);
		const entry = call.body.skus.find((s) => s.id === skuId)?.inventory.find((i) => i.warehouse_id === warehouseId);
		if (stock && entry && entry.quantity !== stock.available_quantity) {
			entry.quantity = stock.available_quantity;
			changed++;
		}
	}
	return changed;
}
