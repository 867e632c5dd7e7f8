// Product › Activate / Deactivate: the pure rules (unit-tested), apart from the calls.

/** Both listing calls take at most 20 product IDs. */
export const LISTING_BATCH = 20;

/** One entry of `data.errors` in an Activate / Deactivate answer. */
export interface ListingError {
	code?: unknown;
	message?: string;
	detail?: { product_id?: unknown };
}

/** What became of one product of a call: nothing (done), the call's error, or TikTok's refusal of that product. */
export interface ListingOutcome {
	error?: Error;
	code?: unknown;
	message?: string;
	attributed?: boolean;
}

/**
 * TikTok reports per-product problems in `data.errors` under code 0. An error that names no product (or another one)
 * concerns the whole call: it is reported on every product of the call.
 */
export function listingOutcomes(ids: string[], errors: ListingError[]): Map<string, ListingOutcome> {
	const outcomes = new Map<string, ListingOutcome>(ids.map((id) => [id, {}]));
	for (const entry of errors) {
		const productId = entry.detail?.product_id === undefined ? '' : String(entry.detail.product_id);
		for (const id of productId && ids.includes(productId) ? [productId] : ids) {
			outcomes.set(id, { code: entry.code, message: entry.message ?? 'refused', attributed: productId !== '' });
		}
	}
	return outcomes;
}

/** What to do about Activate / Deactivate codes. */
export function listingHint(code: unknown, activate: boolean): string {
	switch (String(code ?? '')) {
		case '12052901':
			return activate
				? 'Only products deactivated by the seller or by TikTok can be activated. Product › Get shows the status.'
				: 'Only live (ACTIVATE) products can be deactivated. Product › Get shows the status.';
		case '12052032':
		case '12052048':
			return "The product does not exist in the shop selected in the node's Shop field.";
		case '12052093':
			return 'The shop reached its product listing limit. Deactivate or delete other products first.';
		default:
			return '';
	}
}
