/** Shapes shared by the planner, the hints and the calls of Inventory › Update. */

export interface WarehouseStock {
	warehouse_id: string;
	available_quantity: number;
	committed_quantity?: number;
}

export interface CurrentSku {
	skuId: string;
	sellerSku: string;
	warehouses: WarehouseStock[];
}

/** product ID → SKU ID → current stock, as Inventory Search reported it. A product absent from the map is unknown. */
export type CurrentStock = Map<string, Map<string, CurrentSku>>;

/** One validated input item of Inventory › Update. */
export interface StockRequest {
	itemIndex: number;
	/** Groups items per shop (the shop cipher, or '' for the credential's shop). */
	shopKey: string;
	productId: string;
	skuId: string;
	/** '' when the item named no warehouse. */
	warehouseId: string;
	quantity: number;
	sellerSku?: string;
}

export type ItemStatus = 'updated' | 'unchanged' | 'dry_run' | 'superseded' | 'error';

export interface ItemProblem {
	message: string;
	description: string;
	code?: string | number;
}

export interface ItemOutcome {
	itemIndex: number;
	productId: string;
	skuId: string;
	sellerSku: string;
	/** The warehouse the quantity applies to, once resolved ('' if TikTok picks the SKU's only warehouse). */
	warehouseId: string;
	oldQuantity: number | null;
	newQuantity: number;
	requestedQuantity: number;
	status: ItemStatus;
	supersededBy?: number;
	error?: ItemProblem;
}

export interface InventoryUpdateCall {
	shopKey: string;
	productId: string;
	body: { skus: Array<{ id: string; inventory: Array<{ warehouse_id?: string; quantity: number }> }> };
	/** Which items each sent SKU/warehouse carries, to put TikTok's per-SKU errors on the right items. */
	items: Array<{ itemIndex: number; skuId: string; warehouseId: string }>;
	/** Warehouses sent with their current stock because no item names them; refreshed just before writing. */
	kept: Array<{ skuId: string; warehouseId: string }>;
}

export interface UpdatePlan {
	outcomes: Map<number, ItemOutcome>;
	calls: InventoryUpdateCall[];
}

/** One entry of `data.errors` from Update Inventory (partial failure under code 0). */
export interface InventoryUpdateError {
	code?: number | string;
	message?: string;
	detail?: {
		sku_id?: string;
		extra_errors?: Array<{ warehouse_id?: string; code?: number | string; message?: string }>;
	};
}
