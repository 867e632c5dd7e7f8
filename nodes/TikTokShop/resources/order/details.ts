import type { IDataObject } from 'n8n-workflow';

/** What one ID came back as: its order, nothing (unknown), refused as another seller's (21008111), or a failed call. */
export type DetailOutcome = { order: IDataObject } | { missing: true; foreign?: boolean } | { error: Error };

/** TikTok's code for an order ID that does not belong to this seller: https://partner.tiktokshop.com/docv2/page/get-order-detail-202507 */
export const NOT_THIS_SELLERS_ORDER = 21008111;

/** TikTok's error code carried by an error the transport built, if any. */
export function tikTokCodeOf(error: unknown): number | undefined {
	const response = (error as { errorResponse?: { code?: unknown } } | undefined)?.errorResponse;
	const code = Number(response?.code);
	return Number.isFinite(code) && response?.code !== null && response?.code !== undefined ? code : undefined;
}

/**
 * Fetches the details of up to 50 IDs. TikTok may refuse the whole call with 21008111 when one ID belongs to another
 * seller; then the batch is split in halves and each half asked again, until the refused IDs stand alone and every
 * other ID got its order: about 2·log2(50) ≈ 12 extra calls for one bad ID among 50. (When TikTok instead leaves
 * unknown IDs out of the answer, they simply come back missing.) Any other error fails the IDs of that call only.
 */
export async function fetchOrderDetails(
	fetch: (ids: string[]) => Promise<IDataObject[]>,
	ids: string[],
): Promise<Map<string, DetailOutcome>> {
	const outcomes = new Map<string, DetailOutcome>();
	const ask = async (part: string[]): Promise<void> => {
		let orders: IDataObject[];
		try {
			orders = await fetch(part);
		} catch (error) {
			if (tikTokCodeOf(error) === NOT_THIS_SELLERS_ORDER) {
				if (part.length === 1) {
					outcomes.set(part[0], { missing: true, foreign: true });
					return;
				}
				const half = Math.ceil(part.length / 2);
				await ask(part.slice(0, half));
				await ask(part.slice(half));
				return;
			}
			for (const id of part) outcomes.set(id, { error: error as Error });
			return;
		}
		const byId = new Map(orders.map((order) => [String(order.id), order]));
		for (const id of part) {
			const order = byId.get(id);
			outcomes.set(id, order ? { order } : { missing: true });
		}
	};
	await ask(ids);
	return outcomes;
}

export function notFoundMessage(id: string): string {
	return `Order not found: TikTok Shop has no order ${id} in this shop`;
}

const NOT_FOUND_HINT =
	"Check that it is a TikTok order ID (not your store's order number) and that it belongs to the shop selected in the node's Shop field.";
const FOREIGN_HINT = `TikTok answered error ${NOT_THIS_SELLERS_ORDER}: the order belongs to another seller; the other orders were fetched without it.`;

/** The description of a not-found order: where to look, and why TikTok refused it when it is another seller's. */
export function notFoundDetails(foreign: boolean | undefined): string {
	return foreign ? `${NOT_FOUND_HINT} ${FOREIGN_HINT}` : NOT_FOUND_HINT;
}
