import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../helpers/parameters';
import { ENDPOINTS } from '../../../shared/endpoints';
import { readById, requiredString } from './byId';

/** Package ID, for Get Package and Ship Package. */
export const packageIdField = (operation: string): INodeProperties =>
	requiredString(
		'Package ID',
		'packageId',
		'e.g. 1152821064044219932',
		'The package to ship. An order\'s packages are in its "packages" list (Order › Get).',
		showFor('fulfillment', operation),
	);

export const description: INodeProperties[] = [packageIdField('getPackage')];

// https://partner.tiktokshop.com/docv2/page/get-package-detail-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await readById(this, items, { parameter: 'packageId', label: 'Package ID', path: ENDPOINTS.packageDetail });
}
