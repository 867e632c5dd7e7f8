/**
 * What the editor shows: operation names and picker actions in n8n's wording, subtitles in the words the user
 * picked, trigger events as sellers say them.
 */
import {
	Workflow,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { WEBHOOK_EVENTS, eventsSubtitle } from '../../nodes/TikTokShopTrigger/events';
import { TikTokShopTrigger } from '../../nodes/TikTokShopTrigger/TikTokShopTrigger.node';

const properties = new TikTokShop().description.properties;
const operationProperties = properties.filter((property) => property.name === 'operation');
const optionsOf = (property: INodeProperties) => (property.options ?? []) as INodePropertyOptions[];
const resourceOptions = optionsOf(properties.find((property) => property.name === 'resource') as INodeProperties);

/** Renders a node type's subtitle with n8n-workflow's expression engine, as the editor does for the canvas. */
function renderSubtitle(type: INodeType, parameters: INodeParameters): string {
	const nodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const node: INode = { id: '1', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return String(workflow.expression.getSimpleParameterValue(node, type.description.subtitle as string, 'internal', {}));
}

describe('TikTok Shop node operations', () => {
	it('use n8n names: Get / Get Many (getAll) / Create / Update, no "Search"', () => {
		const all = operationProperties.flatMap(optionsOf);
		expect(all.filter((option) => /search/i.test(`${option.name} ${String(option.value)}`))).toEqual([]);
		for (const option of all) {
			if (option.value === 'getAll') expect(option.name).toBe('Get Many');
			if (option.name === 'Get Many') expect(option.value).toBe('getAll');
		}
	});

	it("name, value and picker action agree (the action starts with the name's words)", () => {
		for (const property of operationProperties) {
			for (const option of optionsOf(property)) {
				const words = option.name.toLowerCase().split(' ');
				const action = String(option.action).toLowerCase();
				// "Get Many" → "Get many orders", "Ship Package" → "Ship a package", "Resolve to External Order" → "Resolve a return to its external order"
				expect(action.startsWith(words[0])).toBe(true);
				expect(
					words
						.slice(1)
						.filter((word) => !['to', 'as', 'a', 'an'].includes(word))
						.every((word) => action.includes(word.replace(/y$/, ''))),
				).toBe(true);
				expect(String(option.value).toLowerCase()).toBe(
					option.name.replace(/ /g, '').toLowerCase().replace('getmany', 'getall'),
				);
			}
		}
	});

	it('list operations by name (n8n ordering)', () => {
		for (const property of operationProperties) {
			const names = optionsOf(property).map((option) => option.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});
});

describe('subtitles', () => {
	it('shows the names the user picked: "Get Many: Order", "Resolve to External Order: Return"', () => {
		const subtitle = new TikTokShop();
		expect(renderSubtitle(subtitle, { resource: 'order', operation: 'getAll' })).toBe('Get Many: Order');
		expect(renderSubtitle(subtitle, { resource: 'externalOrderReference', operation: 'get' })).toBe(
			'Get: External Order Reference',
		);
		expect(renderSubtitle(subtitle, { resource: 'return', operation: 'resolveToExternalOrder' })).toBe(
			'Resolve to External Order: Return',
		);
		expect(renderSubtitle(subtitle, { resource: 'cancellation', operation: 'getAll' })).toBe('Get Many: Cancellation');
		// every operation of every resource: a name that its value does not spell fails here
		for (const property of operationProperties) {
			const resource = (property.displayOptions?.show?.resource as string[])[0];
			const resourceName = resourceOptions.find((option) => option.value === resource)?.name;
			for (const option of optionsOf(property)) {
				expect(renderSubtitle(subtitle, { resource, operation: option.value as string })).toBe(
					`${option.name}: ${resourceName}`,
				);
			}
		}
	});

	it('the trigger subtitle names the chosen events', () => {
		const subtitle = new TikTokShopTrigger();
		expect(subtitle.description.subtitle).toBe(eventsSubtitle());
		expect(renderSubtitle(subtitle, { events: ['RETURN_STATUS_CHANGE'] })).toBe('Return Status Change');
		expect(renderSubtitle(subtitle, { events: ['ORDER_STATUS_CHANGE', 'INVENTORY_STATUS_CHANGE'] })).toBe(
			'Order Status Change, Inventory Status Change',
		);
		expect(renderSubtitle(subtitle, { events: [] })).toBe('');
		expect(
			WEBHOOK_EVENTS.every((event) => renderSubtitle(subtitle, { events: [event.name] }) === event.displayName),
		).toBe(true);
	});
});
