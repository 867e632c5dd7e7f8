import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../helpers/parameters';
import { ENDPOINTS } from '../../../shared/endpoints';
import { readById, requiredString } from '../fulfillment/byId';

/** Return ID, for Get History and Resolve to External Order. */
export const returnIdField = (
	operation: string,
	description: string,
	extra: Parameters<typeof showFor>[2] = {},
): INodeProperties =>
	requiredString('Return ID', 'returnId', 'e.g. 4035319104150258387', description, showFor('return', operation, extra));

export const description: INodeProperties[] = [
	returnIdField('getHistory', 'The TikTok return ID (digits only), e.g. from Return › Get Many or a return webhook'),
];

// https://partner.tiktokshop.com/docv2/page/get-return-records-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await readById(this, items, {
		parameter: 'returnId',
		label: 'Return ID',
		single: {
			label: 'return ID',
			description: 'Send one input item per return ID, for example with the Split Out node.',
		},
		path: ENDPOINTS.returnRecords,
		shape: (returnId, data) => ({ return_id: returnId, records: (data.records as IDataObject[] | undefined) ?? [] }),
	});
}
