import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameterResourceLocator,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';

import type { OperationHandler } from '../helpers/execution';
import { asNodeError, errorItem, shopCipherFor } from '../helpers/execution';
import { parseIdList } from '../helpers/parameters';
import { BATCH_LIMITS, chunk, mapWithConcurrency } from '../../shared/transport/batching';
import { tikTokApiRequestAllItems } from '../../shared/transport/pagination';
import { tikTokApiRequest } from '../../shared/transport/request';
import { ENDPOINTS } from '../../shared/endpoints';

// https://partner.tiktokshop.com/docv2/page/update-inventory-202309
// https://partner.tiktokshop.com/docv2/page/inventory-search-202309

/** TikTok's documented ceiling per warehouse. The floor is 0 here: see the note on MIN_QUANTITY. */
export const MAX_QUANTITY = 99999;
/**
 * TikTok's reference page (https://partner.tiktokshop.com/docv2/page/update-inventory-202309) says [1, 99,999], its
 * own generated SDK says [0, 99,999]. 0 is how a seller marks a SKU sold out, so the node sends it and lets TikTok
 * answer; a refusal is explained on the items it concerns (see explainQuantityRefusal).
 */
export const MIN_QUANTITY = 0;
/** Products updated in parallel. The transport's per-shop throttle keeps the rate under TikTok's 50/s anyway. */
const UPDATE_CONCURRENCY = 16;
const READ_CONCURRENCY = 4;
/** Seller SKUs per product search when resolving them (TikTok documents no maximum; stay modest). */
const SELLER_SKUS_PER_SEARCH = 50;

const show = (operation: string, extra: IDataObject = {}) => ({
	show: { resource: ['inventory'], operation: [operation], ...extra },
});

export const inventoryDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inventory'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many stock levels',
				description: 'Get the stock of products or SKUs, per warehouse',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a stock level',
				description: 'Set how many units of a SKU are available in a warehouse (one input item per SKU and warehouse)',
			},
		],
		default: 'update',
	},

	// ----- update -----
	{
		displayName:
			'Each input item sets the stock of one SKU in one warehouse. Items of the same product are sent to TikTok together, and warehouses you do not mention keep their current stock.',
		name: 'updateNotice',
		type: 'notice',
		default: '',
		displayOptions: show('update'),
	},
	{
		displayName: 'Identify SKU By',
		name: 'identifyBy',
		type: 'options',
		default: 'skuId',
		displayOptions: show('update'),
		options: [
			{
				name: 'Product ID and SKU ID',
				value: 'skuId',
				description: "TikTok's own IDs, e.g. from Product › Get Many or Inventory › Get Many",
			},
			{
				name: 'Seller SKU',
				value: 'sellerSku',
				description: 'Your own SKU code as entered in TikTok Seller Center; the node looks up the TikTok IDs',
			},
		],
	},
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207008',
		description: 'TikTok product ID of the SKU (digits only)',
		displayOptions: show('update', { identifyBy: ['skuId'] }),
	},
	{
		displayName: 'SKU ID',
		name: 'skuId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207012',
		description: 'TikTok SKU ID (digits only)',
		displayOptions: show('update', { identifyBy: ['skuId'] }),
	},
	{
		displayName: 'Seller SKU',
		name: 'sellerSku',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. TSHIRT-BLK-M',
		description: 'Your SKU code exactly as it is in TikTok Seller Center. It must match one SKU in the shop.',
		displayOptions: show('update', { identifyBy: ['sellerSku'] }),
	},
	{
		displayName: 'Warehouse ID',
		name: 'warehouseId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7068517275539719942',
		description:
			'Warehouse whose stock to set. Leave empty when the SKU is stocked in one warehouse only. Warehouse › Get Many lists them.',
		displayOptions: show('update'),
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: MIN_QUANTITY, maxValue: MAX_QUANTITY, numberPrecision: 0 },
		description:
			'Units available to sell in that warehouse, a whole number from 0 to 99,999. TikTok\'s documentation disagrees on whether 0 is accepted; if TikTok refuses it, that item reports the error.',
		displayOptions: show('update'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('update'),
		options: [
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to only report what would change (old and new quantity per item) without changing anything in TikTok Shop',
			},
			{
				displayName: 'Output',
				name: 'output',
				type: 'options',
				default: 'perItem',
				options: [
					{
						name: 'One Item per Input Item',
						value: 'perItem',
						description: 'Old and new quantity of each SKU; failed items carry the error and the SKU',
					},
					{
						name: 'One Summary Item',
						value: 'summary',
						description:
							'How many SKUs changed, stayed the same or failed, with each failed SKU and the reason: ready for a Slack or email message',
					},
				],
			},
			{
				displayName: 'Skip Unchanged SKUs',
				name: 'skipUnchanged',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out SKUs whose stock already equals the new quantity, so fewer calls are made. Their items report status "unchanged".',
			},
		],
	},

	// ----- getAll -----
	{
		displayName: 'Search By',
		name: 'searchBy',
		type: 'options',
		default: 'productIds',
		displayOptions: show('getAll'),
		options: [
			{ name: 'Product IDs', value: 'productIds', description: 'Stock of every SKU of these products' },
			{ name: 'SKU IDs', value: 'skuIds', description: 'Stock of these SKUs only' },
		],
	},
	{
		displayName: 'Product IDs',
		name: 'productIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207008, 1729592969712207009',
		description: 'One or more TikTok product IDs, separated by commas (or an array from an expression)',
		displayOptions: show('getAll', { searchBy: ['productIds'] }),
	},
	{
		displayName: 'SKU IDs',
		name: 'skuIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1729592969712207012, 1729592969712207013',
		description: 'One or more TikTok SKU IDs, separated by commas (or an array from an expression)',
		displayOptions: show('getAll', { searchBy: ['skuIds'] }),
	},
];

// ---------------------------------------------------------------------------------------------------------------
// Pure helpers (unit-tested)

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
	error?: { message: string; description: string; code?: string | number };
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

function listWarehouses(sku: CurrentSku): string {
	return sku.warehouses.map((w) => w.warehouse_id).join(', ');
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
	const winners = new Map<string, Map<string, Map<string, number>>>();

	for (const request of requests) {
		const known = current.get(request.productId);
		const sku = known?.get(request.skuId);
		const outcome: ItemOutcome = {
			itemIndex: request.itemIndex,
			productId: request.productId,
			skuId: request.skuId,
			sellerSku: sku?.sellerSku ?? request.sellerSku ?? '',
			warehouseId: request.warehouseId,
			oldQuantity: null,
			newQuantity: request.quantity,
			requestedQuantity: request.quantity,
			status: 'updated',
		};
		outcomes.set(request.itemIndex, outcome);

		if (known && !sku) {
			outcome.status = 'error';
			outcome.error = {
				message: `SKU ${request.skuId} is not a SKU of product ${request.productId}`,
				description: `This product's SKU IDs are: ${[...known.keys()].join(', ') || 'none'}. Check that the product ID and SKU ID come from the same product (Inventory › Get Many lists them).`,
			};
			continue;
		}
		if (sku) {
			if (!request.warehouseId) {
				if (sku.warehouses.length === 1) outcome.warehouseId = sku.warehouses[0].warehouse_id;
				else if (sku.warehouses.length > 1) {
					outcome.status = 'error';
					outcome.error = {
						message: `SKU ${request.skuId} is stocked in ${sku.warehouses.length} warehouses: say which one`,
						description: `Set Warehouse ID to one of ${listWarehouses(sku)}, with one input item per warehouse.`,
					};
					continue;
				}
			} else if (sku.warehouses.length && !sku.warehouses.some((w) => w.warehouse_id === request.warehouseId)) {
				outcome.status = 'error';
				outcome.error = {
					message: `Warehouse ${request.warehouseId} is not one of SKU ${request.skuId}'s warehouses`,
					description: `TikTok only accepts the warehouses a SKU is assigned to: ${listWarehouses(sku)}. To stock it in another warehouse, add that warehouse to the product in TikTok Seller Center first.`,
				};
				continue;
			}
			const stock = sku.warehouses.find((w) => w.warehouse_id === outcome.warehouseId);
			if (stock) outcome.oldQuantity = stock.available_quantity;
		}

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
		if (call.body.skus.length) calls.push(call);
	}
	return { outcomes, calls };
}

/** One entry of `data.errors` from Update Inventory (partial failure under code 0). */
export interface InventoryUpdateError {
	code?: number | string;
	message?: string;
	detail?: { sku_id?: string; extra_errors?: Array<{ warehouse_id?: string; code?: number | string; message?: string }> };
}

/** What to do about TikTok's inventory codes, in words a seller can act on. */
export function inventoryHint(code: number | string | undefined): string {
	switch (String(code ?? '')) {
		case '12052097':
		case '12019022':
			return 'The warehouse is not valid for this SKU. Warehouse › Get Many lists the shop\'s warehouses; the SKU\'s own warehouses are shown by Inventory › Get Many.';
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
	const kept = zeros.filter((entry) => call.kept.some((k) => k.skuId === item.skuId && k.warehouseId === (entry.warehouse_id ?? '')));
	const blocking = (kept.length ? kept : zeros).map((entry) => entry.warehouse_id ?? '(default)').join(', ');
	const untouched = kept.length > 0;
	return {
		message: `TikTok Shop did not update SKU ${item.skuId}${where}: warehouse ${blocking}${untouched ? ', which this run did not change,' : ''} has 0 units, which TikTok refuses here (error ${String(code)})`,
		description: untouched
			? `TikTok wants every warehouse of a SKU in each stock update, so the SKU's current 0 in warehouse ${blocking} is sent along, and ${rule.charAt(0).toLowerCase()}${rule.slice(1)} ${nothing} Set warehouse ${blocking} to 1 or more in the same run (one more input item), then run again.`
			: `Another item of this run sets warehouse ${blocking} of the SKU to 0. ${rule} ${nothing} Set at least 1 there, or deactivate the product (Product › Deactivate) to take it off sale.`,
	};
}

/**
 * Puts each `data.errors` entry on the items it concerns: an `extra_errors` entry on the items naming that
 * warehouse, the SKU-level message on the SKU's other items, an entry without a SKU on every item of the call.
 * A quantity refusal caused by a 0 is explained instead (explainQuantityRefusal). Returns item index → error.
 */
export function assignUpdateErrors(
	call: InventoryUpdateCall,
	errors: InventoryUpdateError[],
): Map<number, { message: string; description: string; code?: string | number }> {
	const assigned = new Map<number, { message: string; description: string; code?: string | number }>();
	for (const entry of errors) {
		const skuId = entry.detail?.sku_id ? String(entry.detail.sku_id) : '';
		const extras = entry.detail?.extra_errors ?? [];
		const targets = call.items.filter((item) => !skuId || item.skuId === skuId);
		const fallback = targets.length ? targets : call.items;
		for (const item of fallback) {
			const extra = extras.find((e) => e.warehouse_id !== undefined && String(e.warehouse_id) === item.warehouseId);
			const code = extra?.code ?? entry.code;
			const reason = extra ? `warehouse ${item.warehouseId}: ${extra.message ?? ''}`.trim() : (entry.message ?? 'rejected');
			const others = !extra && extras.length
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
		const stock = fresh.get(call.productId)?.get(skuId)?.warehouses.find((w) => w.warehouse_id === warehouseId);
		const entry = call.body.skus.find((s) => s.id === skuId)?.inventory.find((i) => i.warehouse_id === warehouseId);
		if (stock && entry && entry.quantity !== stock.available_quantity) {
			entry.quantity = stock.available_quantity;
			changed++;
		}
	}
	return changed;
}

/** Accepts whole numbers (also as text from a sheet) from 0 to 99,999; anything else is a clear error. */
export function parseQuantity(raw: unknown): { ok: true; value: number } | { ok: false; reason: string } {
	const text = typeof raw === 'string' ? raw.trim() : raw;
	if (text === '' || text === undefined || text === null) return { ok: false, reason: 'is empty' };
	const value = typeof text === 'number' ? text : typeof text === 'string' && /^[+-]?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
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

function currentSkuFrom(row: IDataObject): CurrentSku {
	const warehouses = ((row.warehouse_inventory as IDataObject[] | undefined) ?? []).map((w) => ({
		warehouse_id: String(w.warehouse_id ?? ''),
		available_quantity: Number(w.available_quantity ?? 0),
		committed_quantity: w.committed_quantity === undefined ? undefined : Number(w.committed_quantity),
	}));
	return { skuId: String(row.sku_id), sellerSku: String(row.seller_sku ?? ''), warehouses };
}

// ---------------------------------------------------------------------------------------------------------------
// Execution

interface ItemError {
	error: NodeApiError | NodeOperationError;
}

/** The shop cipher per item (or the error resolving it), resolved once per distinct Shop field value. */
async function resolveShops(context: IExecuteFunctions, indexes: number[]): Promise<Map<number, { cipher?: string; error?: Error }>> {
	const byLocator = new Map<string, { cipher?: string; error?: Error }>();
	const result = new Map<number, { cipher?: string; error?: Error }>();
	for (const i of indexes) {
		const locator = context.getNodeParameter('shop', i, { mode: 'list', value: '' }) as INodeParameterResourceLocator;
		const key = JSON.stringify([locator?.mode, locator?.value]);
		if (!byLocator.has(key)) {
			try {
				byLocator.set(key, { cipher: await shopCipherFor.call(context, i) });
			} catch (error) {
				byLocator.set(key, { error: error as Error });
			}
		}
		result.set(i, byLocator.get(key)!);
	}
	return result;
}

/** Reads current stock by product ID (≤100 per call) for one shop. */
async function readStock(
	context: IExecuteFunctions,
	shopCipher: string | undefined,
	productIds: string[],
	itemIndex: number,
): Promise<{ stock: CurrentStock; failed: Map<string, Error> }> {
	const stock: CurrentStock = new Map();
	const failed = new Map<string, Error>();
	await mapWithConcurrency(chunk(productIds, BATCH_LIMITS.inventoryProductIds), READ_CONCURRENCY, async (ids) => {
		try {
			const data = await tikTokApiRequest<IDataObject>(context, {
				method: 'POST',
				path: ENDPOINTS.inventorySearch,
				body: { product_ids: ids },
				shopCipher,
				itemIndex,
			});
			for (const row of inventoryToSkus(data.inventory as IDataObject[] | undefined)) {
				const productId = String(row.product_id);
				if (!stock.has(productId)) stock.set(productId, new Map());
				stock.get(productId)!.set(String(row.sku_id), currentSkuFrom(row));
			}
		} catch (error) {
			for (const id of ids) failed.set(id, error as Error);
		}
	});
	return { stock, failed };
}

interface SellerSkuMatch {
	productId: string;
	productStatus: string;
	skuId: string;
}

/** Finds the TikTok product and SKU IDs of seller SKUs through Product Search (exact, case-sensitive match). */
async function resolveSellerSkus(
	context: IExecuteFunctions,
	shopCipher: string | undefined,
	sellerSkus: string[],
	itemIndex: number,
): Promise<Map<string, SellerSkuMatch[]>> {
	const matches = new Map<string, SellerSkuMatch[]>();
	const wanted = new Set(sellerSkus);
	for (const group of chunk(sellerSkus, SELLER_SKUS_PER_SEARCH)) {
		const products = await tikTokApiRequestAllItems<IDataObject>(
			context,
			{ method: 'POST', path: ENDPOINTS.productSearch, body: { seller_skus: group }, shopCipher, itemIndex },
			{ itemsKey: 'products', returnAll: true, maxPageSize: 100 },
		);
		for (const product of products) {
			for (const sku of (product.skus as IDataObject[] | undefined) ?? []) {
				const sellerSku = String(sku.seller_sku ?? '');
				if (!wanted.has(sellerSku)) continue;
				const list = matches.get(sellerSku) ?? [];
				if (!list.some((m) => m.skuId === String(sku.id))) {
					list.push({ productId: String(product.id), productStatus: String(product.status ?? ''), skuId: String(sku.id) });
				}
				matches.set(sellerSku, list);
			}
		}
	}
	return matches;
}

function operationError(context: IExecuteFunctions, message: string, description: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { description, itemIndex });
}

function outcomeJson(outcome: ItemOutcome, dryRun: boolean): IDataObject {
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

async function updateInventory(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const failures = new Map<number, ItemError>();
	const fail = (itemIndex: number, error: NodeApiError | NodeOperationError) => {
		if (!failures.has(itemIndex)) failures.set(itemIndex, { error });
	};

	// 1. Validate every item before anything is sent.
	interface Draft {
		itemIndex: number;
		productId?: string;
		skuId?: string;
		sellerSku?: string;
		warehouseId: string;
		quantity: number;
	}
	const drafts: Draft[] = [];
	let dryRun = false;
	let skipUnchanged = false;
	for (let i = 0; i < items.length; i++) {
		try {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			if (i === 0) {
				dryRun = options.dryRun === true;
				skipUnchanged = options.skipUnchanged === true;
			}
			const identifyBy = this.getNodeParameter('identifyBy', i, 'skuId') as string;
			const draft: Draft = { itemIndex: i, warehouseId: '', quantity: 0 };
			if (identifyBy === 'sellerSku') {
				const sellerSku = String(this.getNodeParameter('sellerSku', i, '') ?? '').trim();
				if (!sellerSku) {
					throw operationError(this, 'Seller SKU is empty', 'Map the seller SKU code from the input data, or switch "Identify SKU By" to Product ID and SKU ID.', i);
				}
				draft.sellerSku = sellerSku;
			} else {
				draft.productId = single(this, parseIdList(this, this.getNodeParameter('productId', i, ''), 'Product ID', i), 'product ID', i);
				draft.skuId = single(this, parseIdList(this, this.getNodeParameter('skuId', i, ''), 'SKU ID', i), 'SKU ID', i);
			}
			const warehouseRaw = this.getNodeParameter('warehouseId', i, '');
			if (String(warehouseRaw ?? '').trim() !== '') {
				draft.warehouseId = single(this, parseIdList(this, warehouseRaw, 'Warehouse ID', i), 'warehouse ID', i);
			}
			const quantity = parseQuantity(this.getNodeParameter('quantity', i, undefined));
			if (!quantity.ok) {
				throw operationError(
					this,
					`Quantity ${quantity.reason}`,
					'Stock must be a whole number of units from 0 to 99,999 (TikTok\'s limit). Check the value mapped into Quantity for this item.',
					i,
				);
			}
			draft.quantity = quantity.value;
			drafts.push(draft);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, i);
			fail(i, asNodeError(this, error, i));
		}
	}

	// 2. Shops, seller SKUs and current stock.
	const shopOf = new Map<number, string | undefined>();
	for (const [i, shop] of await resolveShops(this, drafts.map((d) => d.itemIndex))) {
		if (shop.error) fail(i, asNodeError(this, shop.error, i));
		else shopOf.set(i, shop.cipher);
	}
	const live = () => drafts.filter((d) => !failures.has(d.itemIndex));
	const shopKeyOf = (i: number) => shopOf.get(i) ?? '';
	const cipherOfKey = (key: string) => (key === '' ? undefined : key);

	const bySellerSku = live().filter((d) => d.sellerSku !== undefined);
	const shopKeys = [...new Set(bySellerSku.map((d) => shopKeyOf(d.itemIndex)))];
	for (const shopKey of shopKeys) {
		const drafted = bySellerSku.filter((d) => shopKeyOf(d.itemIndex) === shopKey);
		let matches: Map<string, SellerSkuMatch[]>;
		try {
			matches = await resolveSellerSkus(this, cipherOfKey(shopKey), [...new Set(drafted.map((d) => d.sellerSku!))], drafted[0].itemIndex);
		} catch (error) {
			for (const d of drafted) fail(d.itemIndex, asNodeError(this, error, d.itemIndex));
			continue;
		}
		for (const d of drafted) {
			const found = matches.get(d.sellerSku!) ?? [];
			if (found.length === 0) {
				fail(d.itemIndex, operationError(this, `No SKU with seller SKU "${d.sellerSku}" in this shop`, 'Seller SKUs must match TikTok Seller Center exactly (same spelling and capitals). Check the shop selected in the node, or use Product › Get Many to see the shop\'s seller SKUs.', d.itemIndex));
			} else if (found.length > 1) {
				fail(d.itemIndex, operationError(this, `Seller SKU "${d.sellerSku}" is used by ${found.length} SKUs`, `TikTok has it on SKU IDs ${found.map((m) => `${m.skuId} (product ${m.productId})`).join(', ')}. Give each SKU a unique seller SKU in Seller Center, or identify SKUs by Product ID and SKU ID.`, d.itemIndex));
			} else if (found[0].productStatus && found[0].productStatus !== 'ACTIVATE') {
				fail(d.itemIndex, operationError(this, `Product ${found[0].productId} is not live (status ${found[0].productStatus}), so its stock cannot be changed`, 'TikTok only accepts stock updates for live (ACTIVATE) products. Reactivate the product in Seller Center, or leave this SKU out of the update.', d.itemIndex));
			} else {
				d.productId = found[0].productId;
				d.skuId = found[0].skuId;
			}
		}
	}

	const current: CurrentStock = new Map();
	const readFailures = new Map<string, Error>();
	for (const shopKey of [...new Set(live().map((d) => shopKeyOf(d.itemIndex)))]) {
		const inShop = live().filter((d) => shopKeyOf(d.itemIndex) === shopKey);
		const { stock, failed } = await readStock(this, cipherOfKey(shopKey), [...new Set(inShop.map((d) => d.productId!))], inShop[0].itemIndex);
		for (const [productId, skus] of stock) current.set(productId, skus);
		for (const [productId, error] of failed) readFailures.set(`${shopKey}|${productId}`, error);
	}
	for (const d of live()) {
		const error = readFailures.get(`${shopKeyOf(d.itemIndex)}|${d.productId}`);
		if (error) fail(d.itemIndex, withContext(this, error, d.itemIndex, `Could not read the current stock of product ${d.productId}, so nothing was changed for it`));
	}

	// 3. Plan: one call per product, every warehouse of each SKU listed.
	const requests: StockRequest[] = live().map((d) => ({
		itemIndex: d.itemIndex,
		shopKey: shopKeyOf(d.itemIndex),
		productId: d.productId!,
		skuId: d.skuId!,
		warehouseId: d.warehouseId,
		quantity: d.quantity,
		sellerSku: d.sellerSku,
	}));
	const plan = planInventoryUpdates(requests, current, { skipUnchanged });
	for (const outcome of plan.outcomes.values()) {
		if (outcome.status === 'error' && outcome.error) {
			fail(outcome.itemIndex, operationError(this, outcome.error.message, outcome.error.description, outcome.itemIndex));
		}
	}
	// Without "Continue On Fail", anything found wrong so far stops the run before a single quantity is written.
	if (failures.size && !continueOnFail) {
		const first = Math.min(...failures.keys());
		const error = failures.get(first)!.error;
		if (failures.size > 1) {
			error.description = `${error.description ?? ''} ${failures.size} items have problems (items ${[...failures.keys()].sort((a, b) => a - b).slice(0, 10).join(', ')}). Nothing was changed in TikTok Shop.`.trim();
		}
		throw error;
	}

	// 4. Write, products in parallel. Setting an absolute quantity is idempotent, so the transport may retry freely.
	// Products go in waves of 100: just before a wave, the stock of the warehouses it resends unchanged is read again
	// (one call), so orders placed since the first read (a big run lasts minutes) are not undone.
	const writeCall = async (call: InventoryUpdateCall) => {
		const firstItem = call.items[0].itemIndex;
		try {
			const data = await tikTokApiRequest<IDataObject>(this, {
				method: 'POST',
				path: ENDPOINTS.inventoryUpdate(call.productId),
				body: call.body as unknown as IDataObject,
				shopCipher: cipherOfKey(call.shopKey),
				itemIndex: firstItem,
			});
			const errors = (data.errors as InventoryUpdateError[] | undefined) ?? [];
			for (const [itemIndex, problem] of assignUpdateErrors(call, errors)) {
				fail(
					itemIndex,
					new NodeApiError(this.getNode(), { code: problem.code ?? null, message: problem.message } as JsonObject, {
						message: problem.message,
						description: problem.description,
						itemIndex,
					}),
				);
			}
		} catch (error) {
			const code = (error as { errorResponse?: { code?: unknown } }).errorResponse?.code;
			for (const item of call.items) {
				// A whole call refused for a 0 quantity: say which warehouse holds it and what TikTok allows.
				const zero = isQuantityRefusal(code) ? explainQuantityRefusal(call, item, code) : undefined;
				if (zero) {
					fail(item.itemIndex, new NodeApiError(this.getNode(), { code: code as string | number, message: zero.message } as JsonObject, { ...zero, itemIndex: item.itemIndex }));
					continue;
				}
				fail(item.itemIndex, withContext(this, error as Error, item.itemIndex, `Stock of product ${call.productId} was not updated`));
			}
		}
	};
	if (!dryRun) {
		// The refresh of a wave starts when its first product is about to be written, while the previous wave's last
		// calls (retries included) are still finishing, so waves do not wait for each other.
		const waves = [...new Set(plan.calls.map((call) => call.shopKey))].flatMap((shopKey) =>
			chunk(plan.calls.filter((call) => call.shopKey === shopKey), BATCH_LIMITS.inventoryProductIds),
		);
		const refreshed = new Map<InventoryUpdateCall[], Promise<void>>();
		const refresh = async (wave: InventoryUpdateCall[]) => {
			const stale = wave.filter((call) => call.kept.length > 0);
			if (!stale.length) return;
			// If this read fails the first read's quantities are used: seconds to minutes old, still valid stock.
			const { stock } = await readStock(this, cipherOfKey(stale[0].shopKey), stale.map((call) => call.productId), stale[0].items[0].itemIndex);
			for (const call of stale) refreshKeptQuantities(call, stock);
		};
		const queue = waves.flatMap((wave) => wave.map((call) => ({ call, wave })));
		await mapWithConcurrency(queue, UPDATE_CONCURRENCY, async ({ call, wave }) => {
			if (!refreshed.has(wave)) refreshed.set(wave, refresh(wave));
			await refreshed.get(wave);
			await writeCall(call);
		});
	}

	// 5. One output item per input item, in input order.
	const failed = [...failures.keys()].sort((a, b) => a - b);
	if (failed.length && !continueOnFail) {
		const first = failures.get(failed[0])!.error;
		const applied = dryRun ? 0 : [...plan.outcomes.values()].filter((o) => o.status === 'updated' && !failures.has(o.itemIndex)).length;
		if (failed.length > 1 || applied > 0) {
			first.description = `${first.description ?? ''} ${failed.length} of ${items.length} items failed (items ${failed.slice(0, 10).join(', ')}${failed.length > 10 ? ', …' : ''}); ${applied} other items were updated. Setting stock is safe to repeat, so you can fix the failing items and run again, or enable "Continue On Fail" to get one result per item.`.trim();
		}
		throw first;
	}
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const failure = failures.get(i);
		const outcome = plan.outcomes.get(i);
		if (failure) {
			const context: IDataObject = outcome ? outcomeJson(outcome, dryRun) : {};
			if (outcome) context.status = 'error';
			output.push(errorItem(this, failure.error, i, context));
		} else if (outcome) {
			output.push({ json: outcomeJson(outcome, dryRun), pairedItem: { item: i } });
		}
	}
	return output;
}

function single(context: IExecuteFunctions, ids: string[], label: string, itemIndex: number): string {
	if (ids.length > 1) {
		throw operationError(context, `Enter one ${label} per item, not ${ids.length}`, 'Each input item sets the stock of one SKU in one warehouse. Split the values over several items (for example with the Split Out node).', itemIndex);
	}
	return ids[0];
}

/** Keeps TikTok's error (code, request ID, hint), says which product it concerns and adds the stock-specific hint. */
function withContext(context: IExecuteFunctions, error: Error, itemIndex: number, prefix: string): NodeApiError | NodeOperationError {
	const source = asNodeError(context, error, itemIndex);
	if (source instanceof NodeApiError) {
		const code = source.errorResponse?.code as string | number | undefined;
		const known = code !== undefined && !/^Check the product, SKU/.test(inventoryHint(code));
		const description = [known ? inventoryHint(code) : '', source.description ?? ''].filter(Boolean).join(' ');
		return new NodeApiError(context.getNode(), { message: source.message, code: code ?? null } as JsonObject, {
			message: `${prefix}: ${source.message}`,
			description: description || undefined,
			httpCode: source.httpCode ?? undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(context.getNode(), `${prefix}: ${source.message}`, { description: source.description ?? undefined, itemIndex });
}

// ---------------------------------------------------------------------------------------------------------------

async function searchInventory(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	interface Ask {
		itemIndex: number;
		by: 'productIds' | 'skuIds';
		ids: string[];
		shopKey: string;
	}
	const asks: Ask[] = [];
	const failures = new Map<number, NodeApiError | NodeOperationError>();
	for (let i = 0; i < items.length; i++) {
		try {
			const by = this.getNodeParameter('searchBy', i, 'productIds') as Ask['by'];
			const ids = parseIdList(this, this.getNodeParameter(by, i, ''), by === 'skuIds' ? 'SKU ID' : 'Product ID', i);
			asks.push({ itemIndex: i, by, ids: [...new Set(ids)], shopKey: '' });
		} catch (error) {
			if (!continueOnFail) throw asNodeError(this, error, i);
			failures.set(i, asNodeError(this, error, i));
		}
	}
	const askOf = new Map(asks.map((ask) => [ask.itemIndex, ask]));
	for (const [i, shop] of await resolveShops(this, asks.map((a) => a.itemIndex))) {
		if (shop.error) {
			if (!continueOnFail) throw asNodeError(this, shop.error, i);
			failures.set(i, asNodeError(this, shop.error, i));
		} else askOf.get(i)!.shopKey = shop.cipher ?? '';
	}

	// Every item's IDs go into shared calls: ≤100 product IDs or ≤600 SKU IDs per call.
	const rowsByKey = new Map<string, IDataObject[]>();
	const callFailures = new Map<string, Error>();
	const groups = new Map<string, { shopKey: string; by: Ask['by']; ids: Set<string>; firstItem: number }>();
	for (const ask of asks.filter((a) => !failures.has(a.itemIndex))) {
		const key = `${ask.shopKey}|${ask.by}`;
		if (!groups.has(key)) groups.set(key, { shopKey: ask.shopKey, by: ask.by, ids: new Set(), firstItem: ask.itemIndex });
		for (const id of ask.ids) groups.get(key)!.ids.add(id);
	}
	for (const group of groups.values()) {
		const size = group.by === 'skuIds' ? BATCH_LIMITS.inventorySkuIds : BATCH_LIMITS.inventoryProductIds;
		await mapWithConcurrency(chunk([...group.ids], size), READ_CONCURRENCY, async (ids) => {
			try {
				const data = await tikTokApiRequest<IDataObject>(this, {
					method: 'POST',
					path: ENDPOINTS.inventorySearch,
					body: group.by === 'skuIds' ? { sku_ids: ids } : { product_ids: ids },
					shopCipher: group.shopKey || undefined,
					itemIndex: group.firstItem,
				});
				for (const row of inventoryToSkus(data.inventory as IDataObject[] | undefined)) {
					const id = group.by === 'skuIds' ? String(row.sku_id) : String(row.product_id);
					const key = `${group.shopKey}|${group.by}|${id}`;
					rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), { ...row, found: true }]);
				}
			} catch (error) {
				for (const id of ids) callFailures.set(`${group.shopKey}|${group.by}|${id}`, error as Error);
			}
		});
	}

	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		const ask = askOf.get(i);
		let failure = failures.get(i);
		if (!failure && ask) {
			const broken = ask.ids.map((id) => callFailures.get(`${ask.shopKey}|${ask.by}|${id}`)).find(Boolean);
			if (broken) failure = asNodeError(this, broken, i);
		}
		if (failure) {
			if (!continueOnFail) throw failure;
			output.push(errorItem(this, failure, i));
			continue;
		}
		if (!ask) continue;
		for (const id of ask.ids) {
			const rows = rowsByKey.get(`${ask.shopKey}|${ask.by}|${id}`);
			if (rows?.length) {
				for (const json of rows) output.push({ json, pairedItem: { item: i } });
			} else {
				const what = ask.by === 'skuIds' ? 'sku_id' : 'product_id';
				output.push({
					json: {
						[what]: id,
						found: false,
						message: `TikTok Shop has no stock for ${ask.by === 'skuIds' ? 'SKU' : 'product'} ${id} in this shop. The ID may be wrong, deleted, or belong to another shop.`,
					},
					pairedItem: { item: i },
				});
			}
		}
	}
	return output;
}

export const inventoryOperations: Record<string, OperationHandler> = {
	update: updateInventory,
	getAll: searchInventory,
};
