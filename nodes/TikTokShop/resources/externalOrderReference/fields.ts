import type { INodeProperties } from 'n8n-workflow';

import { EXTERNAL_PLATFORMS } from '../../../shared/descriptions';
import { showFor } from '../../helpers/parameters';

export const tikTokOrderIdField = (operation: string, description: string): INodeProperties => ({
	displayName: 'TikTok Order ID',
	name: 'orderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 576461413038785752',
	displayOptions: showFor('externalOrderReference', operation),
	description,
});

/** The platform an external order lives on, required (Create and Get Many; Get also offers "All Platforms"). */
export const platformField = (operation: string): INodeProperties => ({
	displayName: 'Platform',
	name: 'platform',
	type: 'options',
	required: true,
	options: EXTERNAL_PLATFORMS,
	default: 'SHOPIFY',
	displayOptions: showFor('externalOrderReference', operation),
	description: 'Where the external order lives. TikTok keeps one link per platform.',
});

export const externalOrderIdField = (operation: string): INodeProperties => ({
	displayName: 'External Order ID',
	name: 'externalOrderId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5512347865234',
	displayOptions: showFor('externalOrderReference', operation),
	description: 'The order ID in your store, OMS or ERP (for example the Shopify order ID)',
});
