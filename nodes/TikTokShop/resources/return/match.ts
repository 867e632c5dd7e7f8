import type { IDataObject } from 'n8n-workflow';

// Matching a return to the external (OMS) order of its TikTok order, apart from the calls (Return › Resolve to External Order).

/** Resolve by return ID (one return) or by order ID (every return of the order). */
export type ResolveBy = 'returnId' | 'orderId';

/**
 * The returns a search answered, under the ID they were asked by: a return under its return ID, the returns of an
 * order under the order ID. An asked ID missing from the map found nothing.
 */
export function returnsByAskedId(by: ResolveBy, found: IDataObject[]): Map<string, IDataObject[]> {
	const byId = new Map<string, IDataObject[]>();
	for (const ret of found) {
		if (by === 'returnId') byId.set(String(ret.return_id), [ret]);
		else byId.set(String(ret.order_id), [...(byId.get(String(ret.order_id)) ?? []), ret]);
	}
	return byId;
}

export interface ExternalReference {
	id: string;
	platform: string;
	line_items?: Array<{ id: string; origin_id: string }>;
}

/**
 * One result per return and reference: the OMS order, and for each returned TikTok line the OMS line it was
 * linked to (`origin_id` is the TikTok line, `id` the OMS line: https://partner.tiktokshop.com/docv2/page/add-external-order-references-202406).
 * TikTok line items are single units, so the OMS quantity is the number of returned lines mapped to that OMS line.
 */
export function matchReturnToReference(ret: IDataObject, reference: ExternalReference): IDataObject {
	const omsLineOf = new Map((reference.line_items ?? []).map((line) => [String(line.origin_id), String(line.id)]));
	const lines = ((ret.return_line_items as IDataObject[] | undefined) ?? []).map((line) => {
		const orderLineId = String(line.order_line_item_id ?? '');
		return {
			return_line_item_id: line.return_line_item_id,
			order_line_item_id: orderLineId,
			external_line_item_id: omsLineOf.get(orderLineId) ?? null,
			sku_id: line.sku_id,
			seller_sku: line.seller_sku,
			product_name: line.product_name,
			sku_name: line.sku_name,
			refund_amount: line.refund_amount,
		};
	});
	const grouped = new Map<string, { external_line_item_id: string; quantity: number; order_line_item_ids: string[] }>();
	for (const line of lines) {
		if (!line.external_line_item_id) continue;
		const group = grouped.get(line.external_line_item_id) ?? {
			external_line_item_id: line.external_line_item_id,
			quantity: 0,
			order_line_item_ids: [],
		};
		group.quantity++;
		group.order_line_item_ids.push(line.order_line_item_id);
		grouped.set(line.external_line_item_id, group);
	}
	const unmatched = lines.filter((line) => !line.external_line_item_id).map((line) => line.order_line_item_id);
	return {
		return_id: ret.return_id,
		order_id: ret.order_id,
		return_type: ret.return_type,
		return_status: ret.return_status,
		platform: reference.platform,
		external_order_id: reference.id,
		external_lines: [...grouped.values()],
		all_lines_matched: unmatched.length === 0,
		unmatched_order_line_item_ids: unmatched,
		lines,
		refund_amount: ret.refund_amount,
		return_reason_text: ret.return_reason_text,
		create_time: ret.create_time,
		update_time: ret.update_time,
	};
}
