/**
 * The n8n editor in a real browser (Debian's Chromium driven by playwright-core; nothing is downloaded): a seller
 * signs in, opens the imported routing workflow and the TikTok Shop node's panel. Saves docs/routing-workflow.png and
 * docs/node-panel.png (1440×900) for the README.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { connect, TIKTOK_NODE, type E2e } from './support/helpers';
import { repoRoot } from './support/runtime';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DOCS = path.join(repoRoot, 'docs');

let e2e: E2e;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];

interface ExampleNode {
	name: string;
	type: string;
}

async function dropdownOptions(): Promise<string[]> {
	await page.waitForSelector('.el-select-dropdown__item:visible', { timeout: 10000 });
	return await page.$$eval('.el-select-dropdown__item', (items) => items.filter((item) => (item as unknown as { offsetParent: unknown }).offsetParent !== null).map((item) => item.textContent?.trim() ?? ''));
}

async function closeDropdown(): Promise<void> {
	await page.keyboard.press('Escape');
	await page.waitForSelector('.el-select-dropdown__item:visible', { state: 'detached', timeout: 5000 }).catch(() => undefined);
}

beforeAll(async () => {
	e2e = await connect();
	if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (CI does it in .ci/run)`);
	userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tts-e2e-chromium-'));
	context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1440, height: 900 },
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(30000);
	page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
	await context?.close();
	if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

test('a seller signs in through the editor\'s sign-in page', async () => {
	await page.goto(`${e2e.state.n8n.url}/signin`);
	await page.fill('#emailOrLdapLoginId', e2e.state.n8n.owner.email);
	await page.fill('#password', e2e.state.n8n.owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	expect(new URL(page.url()).pathname).not.toBe('/signin');
});

test('the routing workflow opens with every node of examples/route-tiktok-orders-to-shopify.json, TikTok Shop nodes showing their operation', async () => {
	const example = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples/route-tiktok-orders-to-shopify.json'), 'utf8')) as { name: string; nodes: ExampleNode[] };
	await page.goto(`${e2e.state.n8n.url}/workflow/${e2e.state.workflowIds.routeOrders}`);
	await page.waitForSelector('[data-test-id="canvas-node"]');
	const onCanvas = await page.$$eval('[data-test-id="canvas-node"]', (nodes) =>
		nodes.map((node) => ({ name: node.getAttribute('data-node-name'), type: node.getAttribute('data-node-type'), text: node.textContent ?? '' })),
	);
	const expected = example.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
	expect(onCanvas.map((node) => node.name).sort()).toEqual(expected.map((node) => node.name).sort());
	// our nodes loaded from dist/ (an unknown type would be drawn as a placeholder without a subtitle)
	const tiktok = onCanvas.filter((node) => node.type === TIKTOK_NODE);
	expect(tiktok.length).toBe(expected.filter((node) => node.type.endsWith('.tikTokShop')).length);
	expect(tiktok.find((node) => node.name === 'Search Orders')?.text).toContain('search: order');
	expect(tiktok.find((node) => node.name === 'Link TikTok Order to Shopify')?.text).toContain('add: externalOrderReference');
	await expect(page.title()).resolves.toContain(example.name);
	await page.waitForTimeout(1000);
	await page.screenshot({ path: path.join(DOCS, 'routing-workflow.png') });
});

test('the TikTok Shop node panel shows its resources, operations and the shops of the credential', async () => {
	await page.dblclick('[data-test-id="canvas-node"][data-node-name="Search Orders"]');
	await page.waitForSelector('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');
	const values = async () => await page.$$eval('[data-test-id="ndv"] input', (inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
	// the credential imported by the stack, and the node's current resource and operation
	expect(await values()).toEqual(expect.arrayContaining([e2e.state.credential.name, 'Order', 'Search']));

	await page.click('[data-test-id="parameter-input-resource"]');
	expect(await dropdownOptions()).toEqual(['External Order Reference', 'Fulfillment', 'Inventory', 'Order', 'Product', 'Return', 'Shop', 'Warehouse']);
	await closeDropdown();

	await page.click('[data-test-id="parameter-input-operation"]');
	// each operation is listed with its description
	expect(await dropdownOptions()).toEqual([
		'Get' + 'Get the full details of one or more orders by their TikTok order ID',
		'Search' + 'Find orders by status, date, shipping type and more',
	]);
	await closeDropdown();

	// the Shop list is loaded live from TikTok (the emulator) through the credential
	await page.click('[data-test-id="parameter-input-shop"] [data-test-id="rlc-input"]');
	await page.waitForSelector('[data-test-id="rlc-item"]');
	const shops = await page.$$eval('[data-test-id="rlc-item"]', (items) => items.map((item) => item.textContent?.trim() ?? ''));
	expect(shops).toEqual(e2e.state.emulator.shops.map((shop) => expect.stringContaining(shop.name)));
	await page.keyboard.press('Escape');
	await page.click('[data-test-id="ndv"] >> text=Parameters');
	await page.waitForSelector('[data-test-id="rlc-item"]', { state: 'detached', timeout: 5000 }).catch(() => undefined);

	await page.waitForTimeout(500);
	await page.screenshot({ path: path.join(DOCS, 'node-panel.png') });
	expect(pageErrors).toEqual([]);
});
