import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../shared/execution';

// Placeholder being implemented; see resources/shop.ts for the pattern.
export const warehouseDescription: INodeProperties[] = [];

export const warehouseOperations: Record<string, OperationHandler> = {};
