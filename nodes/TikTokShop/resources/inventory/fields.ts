import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** A required text field of the Inventory operations: TikTok IDs, or a seller SKU code. */
export function requiredText(
	name: string,
	displayName: string,
	placeholder: string,
	description: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', placeholder, description, displayOptions };
}

/** How an item names what it is about (by TikTok IDs or seller SKU, by product or SKU IDs); the first option is the default. */
export function choice(
	name: string,
	displayName: string,
	options: INodePropertyOptions[],
	displayOptions: IDisplayOptions,
): INodeProperties {
	const [{ value: first }] = options;
	return { displayName, name, type: 'options', default: first, displayOptions, options };
}
