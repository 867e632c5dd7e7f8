import type { INodeProperties } from 'n8n-workflow';

import type { OperationHandler } from '../shared/execution';

// Placeholder being implemented; see resources/shop.ts for the pattern.
export const returnDescription: INodeProperties[] = [];

export const returnOperations: Record<string, OperationHandler> = {};
