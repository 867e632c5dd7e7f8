import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { showFor } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../../shared/transport/request';
import { oneIdOf, requiredString } from './byId';
import { normalizeTrackingNumber } from './tracking';

/** Tracking Number and Shipping Provider ID: shipping with your own carrier (Ship Package, Mark as Shipped). */
export const trackingFields = (operation: string, extra: Parameters<typeof showFor>[2] = {}): INodeProperties[] => [
	requiredString(
		'Tracking Number',
		'trackingNumber',
		'e.g. 9400111899223197428490',
		"The carrier's tracking number: 4 to 40 letters, digits or hyphens. Spaces are removed (carriers often print them for readability).",
		showFor('fulfillment', operation, extra),
	),
	requiredString(
		'Shipping Provider ID',
		'shippingProviderId',
		'e.g. 7117858858072016686',
		"TikTok's ID of the carrier (digits only). Fulfillment › Get Shipping Providers lists them for the order's delivery option.",
		showFor('fulfillment', operation, extra),
	),
];

/** The checked values of `trackingFields`, as TikTok's requests name them. */
export function trackingOf(
	context: IExecuteFunctions,
	itemIndex: number,
): { tracking_number: string; shipping_provider_id: string } {
	const tracking = normalizeTrackingNumber(context.getNodeParameter('trackingNumber', itemIndex, ''));
	if (!tracking.ok) {
		throw new NodeOperationError(context.getNode(), tracking.reason, {
			description: 'Copy the tracking number exactly as the carrier issued it (letters, digits and hyphens only).',
			itemIndex,
		});
	}
	return {
		tracking_number: tracking.value,
		shipping_provider_id: oneIdOf(context, 'shippingProviderId', 'Shipping Provider ID', itemIndex),
	};
}

/** Ship Package or Mark as Shipped. */
export interface Shipping {
	/** The parameter with the package or order ID, and its name in errors. */
	idParameter: string;
	idLabel: string;
	path: (id: string) => string;
	/** The request body of an item, checked after its ID. */
	body: (itemIndex: number) => IDataObject;
	/** The output item, from what was sent and TikTok's answer. */
	output: (id: string, body: IDataObject, answer: IDataObject) => IDataObject;
}

/**
 * Every item is checked first, then one POST each. Shipping twice is not harmless, so the transport retries it only
 * when TikTok certainly did not get it.
 */
export async function shipEach(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	shipping: Shipping,
): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		context,
		items,
		(i) => {
			const id = oneIdOf(context, shipping.idParameter, shipping.idLabel, i);
			return { id, body: shipping.body(i) };
		},
		async (i, { id, body }) => {
			const shopCipher = await shopCipherFor.call(context, i);
			const answer = await tikTokApiRequest(context, {
				method: 'POST',
				path: shipping.path(id),
				body,
				shopCipher,
				itemIndex: i,
				idempotent: false,
			});
			return shipping.output(id, body, answer);
		},
	);
}
