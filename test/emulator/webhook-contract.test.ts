/** Webhooks the emulator pushes carry exactly the `data` fields TikTok's webhook pages list (contract.json › webhooks). */
import { startEmulator, type RunningEmulator } from '../../emulator';
import { loadContract } from '../../emulator/contract/validate';
import type { WebhookField } from '../../emulator/contract/types';

let emu: RunningEmulator;

beforeAll(async () => {
	emu = await startEmulator({ orders: 60, seed: 'webhook-contract', webhookRetryScale: 1000 });
	// nobody listens: the notifications are recorded all the same (retries are scheduled far away and dropped at close)
	emu.control.setAppWebhooks([{ address: 'http://127.0.0.1:9/hook' }], { validate: false });
});
afterAll(async () => {
	await emu.close();
});

function keys(
	v: unknown,
	spec: Record<string, WebhookField>,
	prefix: string,
	extra: string[],
	missing: string[],
): void {
	if (typeof v !== 'object' || v === null) return;
	for (const [k, x] of Object.entries(v)) {
		const s = spec[k];
		if (!s) extra.push(`${prefix}${k}`);
		else if (s.fields)
			for (const item of Array.isArray(x) ? x : [x]) keys(item, s.fields, `${prefix}${k}.`, extra, missing);
	}
	for (const k of Object.keys(spec)) if (!(k in v)) missing.push(`${prefix}${k}`);
}

test('every event type the emulator emits matches its reference page: no unlisted field, no listed field left out', () => {
	const w = emu.state;
	const shop = w.shops[0];
	const order = shop.orders.find((o) => o.status === 'AWAITING_SHIPMENT')!;
	const product = shop.products.find((p) => p.status === 'ACTIVATE')!;
	emu.control.setOrderStatus(order.id, 'ON_HOLD');
	emu.control.updateAddress(order.id, { address_line2: 'Unit 4' });
	emu.control.setProductStatus(product.id, 'SELLER_DEACTIVATED');
	emu.control.createCancellation({ order_id: order.id });
	emu.control.createReturn({ order_id: shop.orders.find((o) => o.status === 'DELIVERED')!.id });
	emu.control.sendAuthorizationEvent({ type: 7 });
	emu.control.sendAuthorizationEvent({ type: 6, revoke: false });
	emu.control.sendInventoryStatus({ sku_id: product.skus[0].id, alert_type: 'PREDICTION', lead_days: 3 });
	emu.control.sendInventoryStatus({ sku_id: product.skus[0].id });

	const contract = loadContract().webhooks;
	// fields a page lists that apply only in some cases (e.g. lead_days only for PREDICTION alerts)
	const conditional: Record<number, string[]> = {
		27: ['trigger_reason.lead_days', 'trigger_reason.low_stock_threshold'],
	};
	const seen = new Set<number>();
	const problems: string[] = [];
	for (const n of emu.control.getDeliveries()) {
		seen.add(n.type);
		const spec = contract[String(n.type)];
		if (!spec) {
			problems.push(`type ${n.type}: no reference page`);
			continue;
		}
		const body = JSON.parse(n.body) as {
			type: number;
			shop_id: string;
			timestamp: number;
			tts_notification_id: string;
			data: unknown;
		};
		expect(Object.keys(body).sort()).toEqual(['data', 'shop_id', 'timestamp', 'tts_notification_id', 'type']);
		const extra: string[] = [];
		const missing: string[] = [];
		keys(body.data, spec.data, '', extra, missing);
		for (const e of extra) problems.push(`type ${n.type}: data.${e} is not on ${spec.page}`);
		for (const m of missing)
			if (!(conditional[n.type] ?? []).includes(m))
				problems.push(`type ${n.type}: data.${m} (on ${spec.page}) is not sent`);
	}
	expect([...new Set(problems)]).toEqual([]);
	expect([...seen].sort((a, b) => a - b)).toEqual([1, 3, 5, 6, 7, 11, 12, 27]);
});
