import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/endpoints';
import { orderIdField, readById } from './byId';
import { newestTrackingEventsFirst } from './tracking';

export const description: INodeProperties[] = [orderIdField('fulfillment', 'getTracking')];

// https://partner.tiktokshop.com/docv2/page/get-tracking-202309
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await readById(this, items, {
		parameter: 'orderId',
		label: 'Order ID',
		path: ENDPOINTS.orderTracking,
		shape: (orderId, data) => {
			const events = newestTrackingEventsFirst((data.tracking as IDataObject[] | undefined) ?? []);
			return {
				order_id: orderId,
				latest: (events[0]?.description as string | undefined) ?? null,
				latest_update_time: (events[0]?.update_time as string | null | undefined) ?? null,
				tracking: events,
			};
		},
	});
}
