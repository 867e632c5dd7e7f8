/**
 * The shop in use: errors that speak of "this shop" name it, also when the Shop field is empty and the credential's
 * Shop Cipher decides (real node through n8n-core's execution path against the emulator).
 */
import { NodeOperationError } from 'n8n-workflow';

import { TikTokShopApi } from '../../credentials/TikTokShopApi.credentials';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { createHarness, type Harness } from '../harness';
import { credentialData, json } from './order-support';

let emu: RunningEmulator;
let harness: Harness;
const emptyShop = { __rl: true, mode: 'list', value: '' };

beforeAll(async () => {
	emu = await startEmulator({ seed: 'shop-in-use', orders: 20 });
	// the credential points at the second shop: an empty Shop field means that one
	harness = createHarness({
		nodeTypes: { tikTokShop: new TikTokShop() },
		credentialTypes: { tikTokShopApi: new TikTokShopApi() },
		credentials: {
			tikTokShopApi: {
				id: 'cred-1',
				name: 'TikTok Shop account',
				data: { ...credentialData(emu), shopCipher: emu.shops[1].cipher },
			},
		},
	});
});

afterAll(async () => {
	await emu.close();
});

const label = (index: number) => {
	const shop = emu.state.shops[index];
	return `“${shop.name}” (${shop.region}, shop ID ${shop.id})`;
};

describe('the shop in use', () => {
	it("an empty Shop field: the not-found error names the credential's shop and says why it was used", async () => {
		const foreign = emu.state.shops[0].orders[0].id;
		const result = await harness.runNode({
			type: 'tikTokShop',
			parameters: { shop: emptyShop, resource: 'order', operation: 'get', orderIds: foreign },
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(`Order not found: TikTok Shop has no order ${foreign} in the shop ${label(1)}`);
		expect(result.error?.description).toContain(
			`belongs to the shop ${label(1)}, the credential's shop (the node's Shop field is empty)`,
		);
	});

	it('a chosen shop: per-item error items name it, under both Continue modes', async () => {
		const parameters = {
			shop: { __rl: true, mode: 'id', value: emu.state.shops[0].id },
			resource: 'order',
			operation: 'get',
			orderIds: '={{ $json.id }}',
		};
		const inputItems = [
			{ json: { id: emu.state.shops[0].orders[0].id } },
			{ json: { id: emu.state.shops[1].orders[0].id } },
		];
		const regular = await harness.runNode({ type: 'tikTokShop', parameters, inputItems, continueOnFail: true });
		const failed = json(regular.items).filter((item) => item.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(failed[0].error).toBe(
			`Order not found: TikTok Shop has no order ${inputItems[1].json.id} in the shop ${label(0)}`,
		);
		expect(String(failed[0].details)).not.toContain('Shop field is empty');

		const routed = await harness.runNode({
			type: 'tikTokShop',
			parameters,
			inputItems,
			onError: 'continueErrorOutput',
		});
		const errorOutput = (routed.outputs[1] ?? []).map((item) => item.json);
		expect(errorOutput).toHaveLength(1);
		expect(errorOutput[0].error).toBe(
			`Order not found: TikTok Shop has no order ${inputItems[1].json.id} in the shop ${label(0)}`,
		);
	});

	it('asks TikTok for the shop list only when an error needs the name', async () => {
		emu.control.clearRequests();
		const ok = await harness.runNode({
			type: 'tikTokShop',
			parameters: { shop: emptyShop, resource: 'order', operation: 'get', orderIds: emu.state.shops[1].orders[0].id },
		});
		expect(ok.error).toBeUndefined();
		expect(emu.control.getRequests({ host: 'api', path_prefix: '/authorization/202309/shops' })).toHaveLength(0);
	});
});
