/**
 * The n8n editor in a real browser (Debian's Chromium driven by playwright-core; nothing is downloaded): a seller
 * signs in, opens the imported routing workflow and the TikTok Shop node's panel, finds the trigger's events in the
 * node picker, and reads a failed stock row. Saves docs/routing-workflow.png, docs/node-panel.png and
 * docs/node-picker.png (1440×900) for the README.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { TikTokShop } from '../../nodes/TikTokShop/TikTokShop.node';
import { EVENT_OPTIONS } from '../../nodes/TikTokShopTrigger/events';
import { chain, connect, manualTrigger, outputOf, tiktokNode, TIKTOK_NODE, waitFor, type E2e } from './support/helpers';
import { repoRoot } from './support/runtime';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ON_N8N_1 = (process.env.E2E_N8N_VERSION ?? '').startsWith('1.');
// n8n 1.123.81's own editor throws at sign-in in its version-notification store ("reading 'enabled'", stack in
// versions.store) whatever nodes are installed; only that error is set aside there. Every other page error fails.
const isN8n1VersionStoreError = (error: Error): boolean =>
	ON_N8N_1 && /reading 'enabled'/.test(error.message) && /versions\.store/.test(error.stack ?? '');
// the README's screenshots come from the newest n8n; on 1.x they go to a temporary folder
const DOCS = ON_N8N_1 ? fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-shots-')) : path.join(repoRoot, 'docs');

let e2e: E2e;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];

const nodeProperties = new TikTokShop().description.properties;
const resourceOptions = (nodeProperties.find((property) => property.name === 'resource') as INodeProperties)
	.options as INodePropertyOptions[];
const operationsOf = (resource: string) =>
	(nodeProperties.find(
		(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource),
	)?.options ?? []) as INodePropertyOptions[];

interface ExampleNode {
	name: string;
	type: string;
}

async function dropdownOptions(): Promise<string[]> {
	await page.waitForSelector('.el-select-dropdown__item:visible', { timeout: 10000 });
	return await page.$$eval('.el-select-dropdown__item', (items) =>
		items
			.filter((item) => (item as unknown as { offsetParent: unknown }).offsetParent !== null)
			.map((item) => item.textContent?.trim() ?? ''),
	);
}

async function closeDropdown(): Promise<void> {
	await page.keyboard.press('Escape');
	await page
		.waitForSelector('.el-select-dropdown__item:visible', { state: 'detached', timeout: 5000 })
		.catch(() => undefined);
}

beforeAll(async () => {
	e2e = await connect();
	if (!fs.existsSync(CHROMIUM))
		throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (CI does it in .ci/run)`);
	userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-chromium-'));
	context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1440, height: 900 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	});
	page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30000);
	page.on('pageerror', (error) => {
		if (!isN8n1VersionStoreError(error)) pageErrors.push(error.message);
	});
});

afterAll(async () => {
	await context?.close();
	if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
	if (ON_N8N_1) fs.rmSync(DOCS, { recursive: true, force: true });
});

test("a seller signs in through the editor's sign-in page", async () => {
	await page.goto(`${e2e.state.n8n.url}/signin`);
	// 2.x gives the fields ids, 1.x only names
	await page.fill('input[name="emailOrLdapLoginId"]', e2e.state.n8n.owner.email);
	await page.fill('input[name="password"]', e2e.state.n8n.owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	expect(new URL(page.url()).pathname).not.toBe('/signin');
});

test('the routing workflow opens with every node of examples/route-tiktok-orders-to-shopify.json, TikTok Shop nodes showing their operation', async () => {
	const example = JSON.parse(
		fs.readFileSync(path.join(repoRoot, 'examples/route-tiktok-orders-to-shopify.json'), 'utf8'),
	) as { name: string; nodes: ExampleNode[] };
	await page.goto(`${e2e.state.n8n.url}/workflow/${e2e.state.workflowIds.routeOrders}`);
	await page.waitForSelector('[data-test-id="canvas-node"]');
	const onCanvas = await page.$$eval('[data-test-id="canvas-node"]', (nodes) =>
		nodes.map((node) => ({
			name: node.getAttribute('data-node-name'),
			type: node.getAttribute('data-node-type'),
			text: node.textContent ?? '',
		})),
	);
	const expected = example.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
	expect(onCanvas.map((node) => node.name).sort()).toEqual(expected.map((node) => node.name).sort());
	// our nodes loaded from dist/ (an unknown type would be drawn as a placeholder without a subtitle)
	const tiktok = onCanvas.filter((node) => node.type === TIKTOK_NODE);
	expect(tiktok.length).toBe(expected.filter((node) => node.type.endsWith('.tikTokShop')).length);
	// subtitles in the words the user picked, not the stored values
	expect(tiktok.find((node) => node.name === 'Search Orders')?.text).toContain('Get Many: Order');
	expect(tiktok.find((node) => node.name === 'Link TikTok Order to Shopify')?.text).toContain(
		'Create: External Order Reference',
	);
	await expect(page.title()).resolves.toContain(example.name);
	await page.waitForTimeout(1000);
	await page.screenshot({ path: path.join(DOCS, 'routing-workflow.png') });
});

test('the TikTok Shop node panel shows its resources, operations and the shops of the credential', async () => {
	await page.dblclick('[data-test-id="canvas-node"][data-node-name="Search Orders"]');
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');
	const values = async () =>
		await page.$$eval('[data-test-id="ndv"] input', (inputs) =>
			inputs.map((input) => (input as unknown as { value: string }).value),
		);
	// the credential imported by the stack, and the node's current resource and operation
	expect(await values()).toEqual(expect.arrayContaining([e2e.state.credential.name, 'Order', 'Get Many']));

	await page.click('[data-test-id="parameter-input-resource"]');
	expect(await dropdownOptions()).toEqual(resourceOptions.map((option) => option.name));
	await closeDropdown();

	await page.click('[data-test-id="parameter-input-operation"]');
	// each operation is listed with its description
	expect(await dropdownOptions()).toEqual(
		operationsOf('order').map((option) => option.name + (option.description ?? '')),
	);
	await closeDropdown();

	// the Shop field is empty: its hint says what that means, and the list marks the shop it stands for (the
	// credential's Shop Cipher is the US shop's)
	const placeholders = await page.$$eval('[data-test-id="parameter-input-shop"] input', (inputs) =>
		inputs.map((input) => input.getAttribute('placeholder')),
	);
	expect(placeholders).toContain("The credential's shop");
	await expect(page.locator('[data-test-id="ndv"]').textContent()).resolves.toContain("Empty: the credential's shop");
	await page.click('[data-test-id="parameter-input-shop"] [data-test-id="rlc-input"]');
	await page.waitForSelector('[data-test-id="rlc-item"]');
	const shops = await page.$$eval('[data-test-id="rlc-item"]', (items) =>
		items.map((item) => item.textContent?.trim() ?? ''),
	);
	expect(shops).toHaveLength(e2e.state.emulator.shops.length);
	expect(shops[0]).toContain(e2e.state.emulator.shops[0].name);
	expect(shops[0]).toContain('used when Shop is empty');
	expect(shops.filter((shop) => shop.includes('used when Shop is empty'))).toHaveLength(1);
	await page.keyboard.press('Escape');
	await page.click('[data-test-id="ndv"] >> text=Parameters');
	await page.waitForSelector('[data-test-id="rlc-item"]', { state: 'detached', timeout: 5000 }).catch(() => undefined);

	await page.waitForTimeout(500);
	await page.screenshot({ path: path.join(DOCS, 'node-panel.png') });
	expect(pageErrors).toEqual([]);
});

test("the node picker lists the trigger's events as sellers say them, most-used first", async () => {
	await page.goto(`${e2e.state.n8n.url}/workflow/new`);
	await page.click('[data-test-id="canvas-add-button"]');
	await page.fill('[data-test-id="node-creator-search-bar"]', 'TikTok Shop');
	// n8n lists a node and its trigger as one entry, "TikTok Shop", with the trigger's events first
	await page
		.locator('[data-test-id="node-creator-item-name"]', { hasText: /^\s*TikTok Shop\s*$/ })
		.first()
		.click();
	// the entry opens its actions: the trigger's events ("On order status change"…) and the node's operations
	const itemNames = async () =>
		await page.$$eval('[data-test-id="node-creator-item-name"]', (items) =>
			items.map((item) => item.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
		);
	await waitFor(
		'the trigger events in the picker',
		async () => (await itemNames()).some((text) => text.toLowerCase().startsWith('on order status change')),
		20000,
	);
	const labels = await itemNames();
	// n8n words each event "On <name in lower case>" and drops parentheses
	const expected = EVENT_OPTIONS.map((option) => `on ${option.name.toLowerCase().replace(/[()]/g, '')}`);
	// each event once, by its name (no type numbers, no codes), in the node's order
	const found = expected.map((label) => labels.findIndex((text) => text.toLowerCase().startsWith(label)));
	expect({ labels, missing: expected.filter((_, index) => found[index] < 0) }).toEqual({ labels, missing: [] });
	expect(found).toEqual([...found].sort((a, b) => a - b));
	expect(labels.filter((text) => /\(\d+\)|[A-Z]{2,}_[A-Z]/.test(text))).toEqual([]);
	await page.waitForTimeout(300);
	await page.screenshot({ path: path.join(DOCS, 'node-picker.png') });
	await page.keyboard.press('Escape');
});

test("a failed stock row keeps its seller SKU, warehouse and quantity; each resource lists n8n's operation names", async () => {
	const workflow = await e2e.client.createWorkflow({
		name: 'E2E: stock row that fails',
		nodes: [
			manualTrigger(),
			{
				...tiktokNode(
					'Set Stock',
					{
						resource: 'inventory',
						operation: 'update',
						shop: { __rl: true, mode: 'list', value: '' },
						identifyBy: 'sellerSku',
						sellerSku: 'E2E-NO-SUCH-SKU',
						warehouseId: '7068539417911214458',
						quantity: 7,
					},
					e2e.credential,
				),
				onError: 'continueRegularOutput',
			},
		],
		connections: chain('Manual Trigger', 'Set Stock'),
		settings: { executionOrder: 'v1' },
	});
	const { executionId } = await e2e.client.runWorkflowManually(workflow.id, 'Manual Trigger');
	const execution = await waitFor('the stock run', async () => {
		const found = await e2e.client.getExecution(String(executionId), { includeData: true }).catch(() => undefined);
		return found && found.finished !== false && found.data?.resultData?.runData?.['Set Stock'] ? found : undefined;
	});
	const [row] = outputOf(execution, 'Set Stock');
	// the failed row says which input it was, and the shop it was tried in
	expect(row).toMatchObject({
		seller_sku: 'E2E-NO-SUCH-SKU',
		warehouse_id: '7068539417911214458',
		quantity: 7,
		product_id: null,
		sku_id: null,
	});
	expect(String(row.error)).toContain(
		`No SKU with seller SKU "E2E-NO-SUCH-SKU" in the shop “${e2e.state.emulator.shops[0].name}”`,
	);

	await page.goto(`${e2e.state.n8n.url}/workflow/${workflow.id}`);
	await page.waitForSelector('[data-test-id="canvas-node"][data-node-name="Set Stock"]');
	await page.dblclick('[data-test-id="canvas-node"][data-node-name="Set Stock"]');
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');

	// every resource lists n8n's operation names (Get, Get Many, Create, Update…), as the node defines them
	for (const resource of resourceOptions) {
		await page.click('[data-test-id="parameter-input-resource"]');
		await page
			.locator('.el-select-dropdown__item:visible', { hasText: new RegExp(`^${resource.name}`) })
			.first()
			.click();
		// the resource list closes with an animation: read the operation list only once it is gone
		await page
			.waitForSelector('.el-select-dropdown__item:visible', { state: 'detached', timeout: 5000 })
			.catch(() => undefined);
		await waitFor(
			'the resource list to close',
			async () => (await page.$$('.el-select-dropdown__item:visible')).length === 0,
			5000,
		);
		const expected = operationsOf(String(resource.value)).map((option) => option.name);
		const readOperations = async () => {
			await page.click('[data-test-id="parameter-input-operation"]');
			const names = (await dropdownOptions()).map(
				(text) =>
					operationsOf(String(resource.value)).find((option) => text === option.name + (option.description ?? ''))
						?.name,
			);
			await closeDropdown();
			return names;
		};
		// n8n 1.x can render the operation list of the previous resource for a moment after the resource changed:
		// read again (for up to 10 s) until the list is the new resource's; the assertion below still fails otherwise
		let names = await readOperations();
		for (let attempt = 0; attempt < 20 && JSON.stringify(names) !== JSON.stringify(expected); attempt++) {
			await new Promise((resolve) => setTimeout(resolve, 500));
			names = await readOperations();
		}
		expect({ resource: resource.name, names }).toEqual({ resource: resource.name, names: expected });
	}
	expect(pageErrors).toEqual([]);
});
