import type { IDataObject } from 'n8n-workflow';

import { EXTERNAL_PLATFORMS } from '../../../shared/descriptions';
import type { ResolveBy } from './match';

/** An error's message and what to do about it. */
export interface Hint {
	message: string;
	description: string;
}

/** The search found nothing for an item of Return › Resolve to External Order. */
export function nothingFoundHint(by: ResolveBy, id: string): Hint {
	return by === 'returnId'
		? {
				message: `Return ${id} was not found in this shop`,
				description: "Check the return ID, and that the node's Shop is the shop the return belongs to.",
			}
		: {
				message: `Order ${id} has no returns`,
				description: 'There is no return or refund request for this order (yet). Check the order ID and the shop.',
			};
}

/** The return's order was never linked to an order of `platform` ('' for any platform). */
export function noReferenceHint(ret: IDataObject, platform: string): Hint {
	const where = platform ? (EXTERNAL_PLATFORMS.find((p) => p.value === platform)?.name ?? platform) : 'any platform';
	return {
		message: `Order ${String(ret.order_id)} has no external order reference for ${where}`,
		description:
			`Return ${String(ret.return_id)} belongs to TikTok order ${String(ret.order_id)}, but that order was never linked to an order in ${where}. ` +
			'Link orders when you create them in your OMS (External Order Reference › Create), or choose the platform the order was sent to.',
	};
}
