/** Reads and checks the parameters of one Inventory › Update item, before any call. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseIdList, requireSingleId } from '../../helpers/parameters';
import { operationError } from './errors';
import { parseQuantity } from './parse';

/** One item's request as entered: by TikTok IDs, or by seller SKU until those are looked up. */
export interface StockDraft {
	productId?: string;
	skuId?: string;
	sellerSku?: string;
	/** '' when the item named no warehouse. */
	warehouseId: string;
	quantity: number;
}

export interface UpdateOptions {
	dryRun: boolean;
	skipUnchanged: boolean;
}

const ONE_PER_ITEM =
	'Each input item sets the stock of one SKU in one warehouse. Split the values over several items (for example with the Split Out node).';

/** `label` names the field in errors about its content, `inSentence` in "Enter one … per item". */
function oneId(context: IExecuteFunctions, raw: unknown, label: string, inSentence: string, itemIndex: number): string {
	return requireSingleId(context, parseIdList(context, raw, label, itemIndex), inSentence, itemIndex, ONE_PER_ITEM);
}

/** The run's options, as the first item sets them. */
export function updateOptionsOf(context: IExecuteFunctions, itemIndex: number): UpdateOptions {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { dryRun: options.dryRun === true, skipUnchanged: options.skipUnchanged === true };
}

export function stockDraftOf(context: IExecuteFunctions, itemIndex: number): StockDraft {
	const draft: StockDraft = { warehouseId: '', quantity: 0 };
	if (context.getNodeParameter('identifyBy', itemIndex, 'skuId') === 'sellerSku') {
		const sellerSku = String(context.getNodeParameter('sellerSku', itemIndex, '') ?? '').trim();
		if (!sellerSku) {
			throw operationError(
				context,
				'Seller SKU is empty',
				'Map the seller SKU code from the input data, or switch "Identify SKU By" to Product ID and SKU ID.',
				itemIndex,
			);
		}
		draft.sellerSku = sellerSku;
	} else {
		draft.productId = oneId(
			context,
			context.getNodeParameter('productId', itemIndex, ''),
			'Product ID',
			'product ID',
			itemIndex,
		);
		draft.skuId = oneId(context, context.getNodeParameter('skuId', itemIndex, ''), 'SKU ID', 'SKU ID', itemIndex);
	}
	const warehouseRaw = context.getNodeParameter('warehouseId', itemIndex, '');
	if (String(warehouseRaw ?? '').trim() !== '')
		draft.warehouseId = oneId(context, warehouseRaw, 'Warehouse ID', 'warehouse ID', itemIndex);
	const quantity = parseQuantity(context.getNodeParameter('quantity', itemIndex, undefined));
	if (!quantity.ok) {
		throw operationError(
			context,
			`Quantity ${quantity.reason}`,
			"Stock must be a whole number of units from 0 to 99,999 (TikTok's limit). Check the value mapped into Quantity for this item.",
			itemIndex,
		);
	}
	draft.quantity = quantity.value;
	return draft;
}
