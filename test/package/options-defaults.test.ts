/**
 * Every options-type parameter's default is one of its options, in every node. n8n's lint rule for this
 * (node-param-default-wrong-for-options) reads option lists only when they are written out literally; lists built
 * from shared constants are skipped by it, so this test checks the real, evaluated descriptions instead.
 */
import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { TikTokShopOrderTrigger } from '../../nodes/TikTokShopOrderTrigger/TikTokShopOrderTrigger.node';
import { TikTokShopTrigger } from '../../nodes/TikTokShopTrigger/TikTokShopTrigger.node';

type Found = { path: string; parameter: INodeProperties };

/** All parameters, including those nested in collections and fixed collections. */
function allParameters(properties: INodeProperties[], prefix: string): Found[] {
	const out: Found[] = [];
	for (const parameter of properties) {
		const path = `${prefix}.${parameter.name}`;
		out.push({ path, parameter });
		const options = parameter.options ?? [];
		if (parameter.type === 'collection') out.push(...allParameters(options as INodeProperties[], path));
		if (parameter.type === 'fixedCollection') {
			for (const group of options as INodePropertyCollection[])
				out.push(...allParameters(group.values, `${path}.${group.name}`));
		}
	}
	return out;
}

const descriptions: INodeTypeDescription[] = [
	new TikTokShop().description,
	new TikTokShopTrigger().description,
	new TikTokShopOrderTrigger().description,
];

const cases = descriptions.flatMap((d) =>
	allParameters(d.properties, d.name).filter(
		({ parameter }) =>
			(parameter.type === 'options' || parameter.type === 'multiOptions') && !parameter.typeOptions?.loadOptionsMethod,
	),
);

test('the nodes have options parameters to check', () => {
	expect(cases.length).toBeGreaterThan(10);
});

test.each(cases.map((c) => [c.path, c.parameter] as const))('%s: default is one of the options', (_path, parameter) => {
	const values = (parameter.options as INodePropertyOptions[]).map((option) => option.value);
	const defaults = parameter.type === 'multiOptions' ? (parameter.default as unknown[]) : [parameter.default];
	for (const value of defaults) {
		// an expression default ("={{...}}") is evaluated at run time
		if (typeof value === 'string' && value.startsWith('=')) continue;
		expect(values).toContain(value);
	}
});
