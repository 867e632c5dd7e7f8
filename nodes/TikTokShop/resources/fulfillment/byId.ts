import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { shopCipherFor, validateThenRun } from '../../helpers/execution';
import { parseIdList, requireSingleId, showFor } from '../../helpers/parameters';
import { tikTokApiRequest } from '../../../shared/transport/request';

// Operations on one thing per input item, named by its ID (also used by Return › Get History and Resolve).

/** A required text field, such as the ID an operation works on. */
export const requiredString = (
	displayName: string,
	name: string,
	placeholder: string,
	description: string,
	displayOptions: IDisplayOptions,
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '',
	placeholder,
	description,
	displayOptions,
});

/** The TikTok order ID of Fulfillment › Get Tracking and Mark as Shipped, and of Return › Resolve to External Order. */
export const orderIdField = (
	resource: string,
	operation: string,
	extra: Parameters<typeof showFor>[2] = {},
): INodeProperties =>
	requiredString(
		'Order ID',
		'orderId',
		'e.g. 576461413038785752',
		'The TikTok order ID (digits only)',
		showFor(resource, operation, extra),
	);

/**
 * The one ID in parameter `name`, checked like every TikTok ID. "One ID per item" names it `single.label` (the label
 * in lower case by default) and advises `single.description` (how to split a list by default).
 */
export function oneIdOf(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	single?: { label: string; description: string },
): string {
	const ids = parseIdList(context, context.getNodeParameter(name, itemIndex, ''), label, itemIndex);
	return requireSingleId(context, ids, single?.label ?? label.toLowerCase(), itemIndex, single?.description);
}

/** A read operation: one ID per input item (checked before any call), one GET, its answer reshaped. */
export interface ReadById {
	/** The parameter holding the ID, and its name in errors. */
	parameter: string;
	label: string;
	/** How "one ID per item" names the ID and what it advises, where the defaults of `oneIdOf` do not fit. */
	single?: { label: string; description: string };
	path: (id: string) => string;
	shape?: (id: string, data: IDataObject) => IDataObject | IDataObject[];
}

/** Runs a `ReadById` over the input items. */
export async function readById(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	read: ReadById,
): Promise<INodeExecutionData[]> {
	return await validateThenRun(
		context,
		items,
		(i) => oneIdOf(context, read.parameter, read.label, i, read.single),
		async (i, id) => {
			const shopCipher = await shopCipherFor.call(context, i);
			const data = await tikTokApiRequest(context, { method: 'GET', path: read.path(id), shopCipher, itemIndex: i });
			return read.shape ? read.shape(id, data) : data;
		},
	);
}
