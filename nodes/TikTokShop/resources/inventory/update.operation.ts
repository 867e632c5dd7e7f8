import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { prepareBatch } from '../../helpers/batch';
import { showFor } from '../../helpers/parameters';
import { operationError } from './errors';
import { choice, requiredText } from './fields';
import { identifySellerSkus, readCurrentStock } from './lookup';
import { stopBeforeWriting, updateOutput } from './output';
import { MAX_QUANTITY, MIN_QUANTITY } from './parse';
import { planInventoryUpdates } from './plan';
import type { StockRequest } from './types';
import { stockDraftOf, updateOptionsOf, type UpdateOptions } from './validate';
import { writePlan } from './write';

// https://partner.tiktokshop.com/docv2/page/update-inventory-202309

export const description: INodeProperties[] = [
	{
		displayName:
			'Each input item sets the stock of one SKU in one warehouse. Items of the same product are sent to TikTok together, and warehouses you do not mention keep their current stock.',
		name: 'updateNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('inventory', 'update'),
	},
	choice(
		'identifyBy',
		'Identify SKU By',
		[
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
		showFor('inventory', 'update'),
	),
	requiredText(
		'productId',
		'Product ID',
		'e.g. 1729592969712207008',
		'TikTok product ID of the SKU (digits only)',
		showFor('inventory', 'update', { identifyBy: ['skuId'] }),
	),
	requiredText(
		'skuId',
		'SKU ID',
		'e.g. 1729592969712207012',
		'TikTok SKU ID (digits only)',
		showFor('inventory', 'update', { identifyBy: ['skuId'] }),
	),
	requiredText(
		'sellerSku',
		'Seller SKU',
		'e.g. TSHIRT-BLK-M',
		'Your SKU code exactly as it is in TikTok Seller Center. It must match one SKU in the shop.',
		showFor('inventory', 'update', { identifyBy: ['sellerSku'] }),
	),
	{
		displayName: 'Warehouse ID',
		name: 'warehouseId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7068517275539719942',
		description:
			'Warehouse whose stock to set. Leave empty when the SKU is stocked in one warehouse only. Warehouse › Get Many lists them.',
		displayOptions: showFor('inventory', 'update'),
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		required: true,
		default: 0,
		typeOptions: { minValue: MIN_QUANTITY, maxValue: MAX_QUANTITY, numberPrecision: 0 },
		description:
			"Units available to sell in that warehouse, a whole number from 0 to 99,999. TikTok's documentation disagrees on whether 0 is accepted; if TikTok refuses it, that item reports the error.",
		displayOptions: showFor('inventory', 'update'),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor('inventory', 'update'),
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
];

/** Each input item sets one SKU's stock in one warehouse; items of the same product share one call. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// 1. Validate every item before anything is sent, then resolve each shop once. The options are the first item's.
	let options: UpdateOptions = { dryRun: false, skipUnchanged: false };
	const validate = (itemIndex: number) => {
		const read = updateOptionsOf(this, itemIndex);
		if (itemIndex === 0) options = read;
		return stockDraftOf(this, itemIndex);
	};
	const batch = await prepareBatch(this, items, validate, { shopErrors: 'record' });

	// 2. Seller SKUs and current stock.
	await identifySellerSkus(this, batch);
	const current = await readCurrentStock(this, batch);

	// 3. Plan: one call per product, every warehouse of each SKU listed.
	const requests: StockRequest[] = batch.live().map(({ itemIndex, shopKey, input }) => ({
		itemIndex,
		shopKey,
		productId: input.productId!,
		skuId: input.skuId!,
		warehouseId: input.warehouseId,
		quantity: input.quantity,
		sellerSku: input.sellerSku,
	}));
	const plan = planInventoryUpdates(requests, current, { skipUnchanged: options.skipUnchanged });
	for (const { status, error, itemIndex } of plan.outcomes.values()) {
		if (status === 'error' && error)
			batch.fail(itemIndex, operationError(this, error.message, error.description, itemIndex));
	}
	stopBeforeWriting(this, batch);

	// 4. Write, then one output item per input item, in input order.
	if (!options.dryRun) await writePlan(this, batch, plan);
	return updateOutput(this, batch, plan, options.dryRun, items.length);
}
