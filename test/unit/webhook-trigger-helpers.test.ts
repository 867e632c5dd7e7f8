/**
 * Pure helpers of the TikTok Shop Trigger: signature check, big-ID-safe JSON parsing, delivery dedupe,
 * status normalization, TikTok's webhook URL rules and "same node" URL matching.
 */
import { createHmac } from 'crypto';

import {
	CANCELLATION_STATUS_OPTIONS,
	EVENT_OPTIONS,
	WEBHOOK_EVENTS,
	eventNameForType,
	normalizeEventData,
} from '../../nodes/TikTokShopTrigger/events';
import { isSameNodeWebhook, webhookAddressProblems } from '../../nodes/TikTokShopTrigger/registration/address';
import {
	APP_SECRET_CACHE_MS,
	cachedAppKeys,
	forgetAppKeys,
	rememberAppKeys,
} from '../../nodes/TikTokShopTrigger/appKeys';
import {
	DELIVERY_LOG_MAX_AGE_SECONDS,
	DELIVERY_LOG_MAX_ENTRIES,
	DELIVERY_LOG_SAVE_INTERVAL_MS,
	checkAndRememberDelivery,
	deliveryKey,
	forgetProcessDeliveryLogs,
	rememberDelivery,
	wasDelivered,
} from '../../nodes/TikTokShopTrigger/dedupe';
import { isValidWebhookSignature, parseJsonKeepingBigIntegers } from '../../nodes/TikTokShopTrigger/verification';

/** Written from TikTok's webhook signing rule, independently of the code under test. */
function tiktokWebhookSignature(appKey: string, appSecret: string, body: string): string {
	return createHmac('sha256', appSecret).update(`${appKey}${body}`).digest('hex');
}

describe('isValidWebhookSignature', () => {
	const appKey = '6abc123';
	const appSecret = 's3cr3t';
	const body =
		'{"type":1,"tts_notification_id":"7327112393057371910","shop_id":"7494049642642441621","timestamp":1644412885,"data":{"order_id":"576486316948490001","order_status":"UNPAID"}}';
	const good = tiktokWebhookSignature(appKey, appSecret, body);

	it('accepts HMAC-SHA256(app_secret, app_key + raw body) in lowercase hex', () => {
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body), good)).toBe(true);
	});

	it('accepts the same digest in upper case or with surrounding spaces', () => {
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body), ` ${good.toUpperCase()} `)).toBe(true);
	});

	it('rejects a missing, empty, truncated or foreign signature', () => {
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body), undefined)).toBe(false);
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body), '')).toBe(false);
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body), good.slice(0, 63))).toBe(false);
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body), `Bearer ${good}`)).toBe(false);
		expect(
			isValidWebhookSignature(
				appKey,
				appSecret,
				Buffer.from(body),
				tiktokWebhookSignature('otherKey', appSecret, body),
			),
		).toBe(false);
		expect(
			isValidWebhookSignature(
				appKey,
				appSecret,
				Buffer.from(body),
				tiktokWebhookSignature(appKey, 'otherSecret', body),
			),
		).toBe(false);
	});

	it('checks the exact bytes: re-serialized JSON with the same meaning fails', () => {
		const reserialized = JSON.stringify(JSON.parse(body), null, 1);
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(reserialized), good)).toBe(false);
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body.replace('UNPAID', 'CANCEL')), good)).toBe(false);
	});

	it('takes the first value when the header arrives as an array', () => {
		expect(isValidWebhookSignature(appKey, appSecret, Buffer.from(body), [good, 'x'])).toBe(true);
	});
});

describe('parseJsonKeepingBigIntegers', () => {
	it('turns an unquoted integer beyond 2^53 into the exact digit string (TikTok product webhook)', () => {
		const parsed = parseJsonKeepingBigIntegers(
			'{"type":5,"data":{"product_id":576486316948490000123,"status":"PRODUCT_STATUS_CHANGED"}}',
		) as {
			data: { product_id: unknown };
		};
		expect(parsed.data.product_id).toBe('576486316948490000123');
		// what plain JSON.parse would have done
		expect(String((JSON.parse('{"id":576486316948490000123}') as { id: number }).id)).not.toBe('576486316948490000123');
	});

	it('quotes integers just past the safe range and leaves the largest safe one a number', () => {
		expect(parseJsonKeepingBigIntegers('[9007199254740991,9007199254740992,9007199254740993]')).toEqual([
			9007199254740991,
			'9007199254740992',
			'9007199254740993',
		]);
	});

	it('handles negative big integers, small numbers, decimals and exponents', () => {
		expect(
			parseJsonKeepingBigIntegers(
				'{"a":-576486316948490000123,"b":-5,"c":12.50,"d":1e21,"e":0,"f":123456789012345678.9}',
			),
		).toEqual({
			a: '-576486316948490000123',
			b: -5,
			c: 12.5,
			d: 1e21,
			e: 0,
			f: 123456789012345678.9,
		});
	});

	it('never touches digits inside strings, escaped quotes included', () => {
		const text =
			'{"note":"order 576486316948490000123 \\"x\\" 12","id":"576486316948490000123","n":[1,{"deep":{"x":7494049642642441621123}}]}';
		expect(parseJsonKeepingBigIntegers(text)).toEqual({
			note: 'order 576486316948490000123 "x" 12',
			id: '576486316948490000123',
			n: [1, { deep: { x: '7494049642642441621123' } }],
		});
	});

	it('keeps keys that look like numbers and values after backslashes at string ends', () => {
		expect(parseJsonKeepingBigIntegers('{"12345678901234567890":"a\\\\","b":98765432109876543210}')).toEqual({
			'12345678901234567890': 'a\\',
			b: '98765432109876543210',
		});
	});

	it('throws on invalid JSON like JSON.parse', () => {
		expect(() => parseJsonKeepingBigIntegers('{"a":')).toThrow(SyntaxError);
		expect(() => parseJsonKeepingBigIntegers('not json')).toThrow(SyntaxError);
	});
});

describe('delivery dedupe', () => {
	const raw = Buffer.from('{"type":3,"data":{"order_id":"1"}}');

	it('keys by tts_notification_id, or by a hash of the raw body when there is none', () => {
		expect(deliveryKey({ tts_notification_id: '7327112393057371910' }, raw)).toBe('n:7327112393057371910');
		const hashed = deliveryKey({}, raw);
		expect(hashed).toMatch(/^h:[0-9a-f]{32}$/);
		expect(deliveryKey({}, Buffer.from('{"type":3,"data":{"order_id":"2"}}'))).not.toBe(hashed);
	});

	it('remembers a delivery for a day, then forgets it', () => {
		const log = rememberDelivery(undefined, 'n:1', 1000);
		expect(wasDelivered(log, 'n:1', 1000 + 3600)).toBe(true);
		expect(wasDelivered(log, 'n:2', 1000)).toBe(false);
		expect(wasDelivered(log, 'n:1', 1000 + DELIVERY_LOG_MAX_AGE_SECONDS + 1)).toBe(false);
		const later = rememberDelivery(log, 'n:2', 1000 + DELIVERY_LOG_MAX_AGE_SECONDS + 1);
		expect(Object.keys(later)).toEqual(['n:2']);
	});

	it('keeps at most the newest entries', () => {
		let log = {};
		for (let i = 0; i < DELIVERY_LOG_MAX_ENTRIES + 50; i++) log = rememberDelivery(log, `n:${i}`, 10000 + i);
		expect(Object.keys(log)).toHaveLength(DELIVERY_LOG_MAX_ENTRIES);
		expect(wasDelivered(log, 'n:0', 20000)).toBe(false);
		expect(wasDelivered(log, `n:${DELIVERY_LOG_MAX_ENTRIES + 49}`, 20000)).toBe(true);
		expect(wasDelivered(log, 'n:50', 20000)).toBe(true);
	});
});

describe('checkAndRememberDelivery (process memory + static data, written at most once a second)', () => {
	const T0 = 1_700_000_000_000;
	beforeEach(() => forgetProcessDeliveryLogs());

	it('writes the first delivery at once, then at most once per interval, each write holding everything accepted so far', () => {
		const first = checkAndRememberDelivery('wf:node:webhook', undefined, 'n:1', T0);
		expect(first.duplicate).toBe(false);
		expect(Object.keys(first.save ?? {})).toEqual(['n:1']);
		let stored = first.save;
		// 20 more within the interval: accepted, nothing written
		for (let i = 2; i <= 21; i++) {
			const decision = checkAndRememberDelivery('wf:node:webhook', stored, `n:${i}`, T0 + i * 10);
			expect(decision).toEqual({ duplicate: false });
		}
		// the next one after the interval writes all 22
		const later = checkAndRememberDelivery('wf:node:webhook', stored, 'n:22', T0 + DELIVERY_LOG_SAVE_INTERVAL_MS);
		expect(later.duplicate).toBe(false);
		stored = later.save;
		expect(Object.keys(stored ?? {}).sort()).toEqual(Array.from({ length: 22 }, (_, i) => `n:${i + 1}`).sort());
	});

	it('a redelivery is a duplicate whether it is known from memory (not yet written) or only from static data', () => {
		const stored = checkAndRememberDelivery('s', undefined, 'n:1', T0).save;
		expect(checkAndRememberDelivery('s', stored, 'n:2', T0 + 5).duplicate).toBe(false); // memory only
		expect(checkAndRememberDelivery('s', stored, 'n:2', T0 + 10).duplicate).toBe(true);
		expect(checkAndRememberDelivery('s', stored, 'n:1', T0 + 10).duplicate).toBe(true);
		// another process (empty memory) knows only what was written
		forgetProcessDeliveryLogs();
		expect(checkAndRememberDelivery('s', stored, 'n:1', T0 + 20).duplicate).toBe(true);
		expect(checkAndRememberDelivery('s', stored, 'n:2', T0 + 20).duplicate).toBe(false);
	});

	it('a duplicate after the interval writes what is still unwritten (redeliveries flush)', () => {
		const stored = checkAndRememberDelivery('s', undefined, 'n:1', T0).save;
		checkAndRememberDelivery('s', stored, 'n:2', T0 + 100);
		const again = checkAndRememberDelivery('s', stored, 'n:2', T0 + DELIVERY_LOG_SAVE_INTERVAL_MS + 100);
		expect(again.duplicate).toBe(true);
		expect(Object.keys(again.save ?? {}).sort()).toEqual(['n:1', 'n:2']);
		// nothing left to write: no further writes, however late
		expect(checkAndRememberDelivery('s', again.save, 'n:2', T0 + 10 * DELIVERY_LOG_SAVE_INTERVAL_MS)).toEqual({
			duplicate: true,
		});
	});

	it('keeps entries another process wrote (the write is the union of stored and memory) and the earlier time of a key', () => {
		checkAndRememberDelivery('s', undefined, 'n:mine', T0);
		const fromOther = { 'n:other': Math.floor(T0 / 1000) - 60, 'n:mine': Math.floor(T0 / 1000) - 30 };
		const decision = checkAndRememberDelivery('s', fromOther, 'n:new', T0 + DELIVERY_LOG_SAVE_INTERVAL_MS);
		expect(decision.save).toEqual({
			'n:other': Math.floor(T0 / 1000) - 60,
			'n:mine': Math.floor(T0 / 1000) - 30,
			'n:new': Math.floor(T0 / 1000) + 1,
		});
	});

	it('scopes are separate (another trigger or workflow does not see these ids)', () => {
		checkAndRememberDelivery('a', undefined, 'n:1', T0);
		expect(checkAndRememberDelivery('b', undefined, 'n:1', T0).duplicate).toBe(false);
	});

	it('memory and written log stay bounded and forget after a day', () => {
		let stored: Record<string, number> | undefined;
		for (let i = 0; i < DELIVERY_LOG_MAX_ENTRIES + 100; i++) {
			const decision = checkAndRememberDelivery('s', stored, `n:${i}`, T0 + i * DELIVERY_LOG_SAVE_INTERVAL_MS);
			if (decision.save) stored = decision.save;
		}
		expect(Object.keys(stored ?? {})).toHaveLength(DELIVERY_LOG_MAX_ENTRIES);
		expect(stored?.['n:0']).toBeUndefined();
		// the oldest ones left memory too: a process with this memory and an empty store accepts them again
		expect(checkAndRememberDelivery('s', undefined, 'n:0', T0 + 3_000_000).duplicate).toBe(false);
		expect(
			checkAndRememberDelivery('s', undefined, `n:${DELIVERY_LOG_MAX_ENTRIES + 99}`, T0 + 3_000_000).duplicate,
		).toBe(true);
		const dayLater =
			T0 + (DELIVERY_LOG_MAX_ENTRIES + 100) * DELIVERY_LOG_SAVE_INTERVAL_MS + (DELIVERY_LOG_MAX_AGE_SECONDS + 2) * 1000;
		expect(checkAndRememberDelivery('s', stored, `n:${DELIVERY_LOG_MAX_ENTRIES + 99}`, dayLater).duplicate).toBe(false);
	});
});

describe('app key cache', () => {
	beforeEach(() => forgetAppKeys());

	it('keeps the keys for a minute, per key', () => {
		rememberAppKeys('wf:node:cred', { appKey: 'k', appSecret: 's' }, 1000);
		expect(cachedAppKeys('wf:node:cred', 1000 + APP_SECRET_CACHE_MS - 1)).toEqual({ appKey: 'k', appSecret: 's' });
		expect(cachedAppKeys('wf:node:other', 1000)).toBeUndefined();
		expect(cachedAppKeys('wf:node:cred', 1000 + APP_SECRET_CACHE_MS)).toBeUndefined();
		// expired entries are gone, not revived
		expect(cachedAppKeys('wf:node:cred', 1000)).toBeUndefined();
	});
});

describe('events', () => {
	it('offers the 17 Event API names and Inventory Status Change (Partner Center only) with their webhook numbers', () => {
		expect(WEBHOOK_EVENTS).toHaveLength(18);
		expect(WEBHOOK_EVENTS.filter((event) => event.partnerCenterOnly).map((event) => event.name)).toEqual([
			'INVENTORY_STATUS_CHANGE',
		]);
		expect(EVENT_OPTIONS.map((option) => option.value).sort()).toEqual(
			[
				'ORDER_STATUS_CHANGE',
				'RECIPIENT_ADDRESS_UPDATE',
				'PACKAGE_UPDATE',
				'PRODUCT_STATUS_CHANGE',
				'SELLER_DEAUTHORIZATION',
				'UPCOMING_AUTHORIZATION_EXPIRATION',
				'CANCELLATION_STATUS_CHANGE',
				'RETURN_STATUS_CHANGE',
				'NEW_CONVERSATION',
				'NEW_MESSAGE',
				'PRODUCT_INFORMATION_CHANGE',
				'PRODUCT_CREATION',
				'PRODUCT_CATEGORY_CHANGE',
				'NEW_MESSAGE_LISTENER',
				'INVOICE_STATUS_CHANGE',
				'PRODUCT_AUDIT_STATUS_CHANGE',
				'REVERSE_STATUS_UPDATE',
				'INVENTORY_STATUS_CHANGE',
			].sort(),
		);
		// names as sellers say them, the type number in the description; most-used first, the rest by name
		const returns = EVENT_OPTIONS.find((option) => option.value === 'RETURN_STATUS_CHANGE');
		expect(returns?.name).toBe('Return Status Change');
		expect(returns?.description).toMatch(/TikTok event type 12\.$/);
		const names = EVENT_OPTIONS.map((option) => option.name);
		expect(names.slice(0, 4)).toEqual([
			'Order Status Change',
			'Return Status Change',
			'Cancellation Status Change',
			'Inventory Status Change',
		]);
		expect(names.slice(4)).toEqual([...names.slice(4)].sort((a, b) => a.localeCompare(b)));
		expect(names.filter((name) => /\d|[A-Z]{2,}_/.test(name))).toEqual([]);
		expect(eventNameForType(1)).toBe('ORDER_STATUS_CHANGE');
		expect(eventNameForType(7)).toBe('UPCOMING_AUTHORIZATION_EXPIRATION');
		expect(eventNameForType(27)).toBe('INVENTORY_STATUS_CHANGE');
		expect(eventNameForType(99)).toBe('TYPE_99');
		expect(CANCELLATION_STATUS_OPTIONS).toHaveLength(4);
	});

	it("normalizes the order webhook's CANCEL to the API's CANCELLED and keeps the raw value", () => {
		expect(normalizeEventData(1, { order_id: '1', order_status: 'CANCEL' })).toEqual({
			order_id: '1',
			order_status: 'CANCELLED',
			order_status_raw: 'CANCEL',
		});
		expect(normalizeEventData(1, { order_status: 'AWAITING_SHIPMENT' })).toEqual({
			order_status: 'AWAITING_SHIPMENT',
			order_status_raw: 'AWAITING_SHIPMENT',
		});
		expect(normalizeEventData(12, { return_status: 'RETURN_OR_REFUND__REQUEST_CANCELLED' })).toEqual({
			return_status: 'RETURN_OR_REFUND_REQUEST_CANCEL',
			return_status_raw: 'RETURN_OR_REFUND__REQUEST_CANCELLED',
		});
		expect(normalizeEventData(5, { status: 'CANCEL' })).toEqual({ status: 'CANCEL' });
	});

	it('does not modify the input', () => {
		const data = { order_status: 'CANCEL' };
		normalizeEventData(1, data);
		expect(data).toEqual({ order_status: 'CANCEL' });
	});
});

describe('webhookAddressProblems (TikTok: https, a domain, no port, ≤255 chars)', () => {
	it('accepts a public https domain', () => {
		expect(webhookAddressProblems('https://n8n.example.com/webhook/5f0c9a5e/webhook')).toEqual([]);
	});

	it.each([
		['http://n8n.example.com/webhook/x/webhook', /http instead of https/],
		['https://203.0.113.7/webhook/x/webhook', /IP address/],
		['https://[2001:db8::1]/webhook/x/webhook', /IP address/],
		['https://n8n.example.com:5678/webhook/x/webhook', /port \(:5678\)/],
		['https://n8n.example.com:443/webhook/x/webhook', /port \(:443\)/],
		['https://localhost/webhook/x/webhook', /not a public domain/],
		['https://n8n/webhook/x/webhook', /not a public domain/],
		[`https://n8n.example.com/${'a'.repeat(240)}`, /characters long/],
		['', /did not provide/],
		['not a url', /not a valid URL/],
	])('flags %s', (address, problem) => {
		const problems = webhookAddressProblems(address);
		expect(problems.join('; ')).toMatch(problem);
	});

	it("lists every problem of n8n's default local URL", () => {
		expect(webhookAddressProblems('http://localhost:5678/webhook/x/webhook')).toEqual([
			'it uses http instead of https',
			'its host "localhost" is not a public domain name',
			'it contains a port (:5678)',
		]);
	});
});

describe('isSameNodeWebhook', () => {
	const id = '5f0c9a5e-1c2b-4d55-9a7e-6b1de1c3a001';
	it('matches the test and production URLs of the same node', () => {
		expect(
			isSameNodeWebhook(
				`https://n8n.example.com/webhook/${id}/webhook`,
				`https://n8n.example.com/webhook-test/${id}/webhook`,
				id,
			),
		).toBe(true);
	});
	it('does not match another node, another host or an unknown webhook id', () => {
		expect(
			isSameNodeWebhook(
				`https://n8n.example.com/webhook/${id}/webhook`,
				'https://n8n.example.com/webhook-test/other/webhook',
				id,
			),
		).toBe(false);
		expect(
			isSameNodeWebhook(
				`https://n8n.example.com/webhook/${id}/webhook`,
				`https://other.example.com/webhook-test/${id}/webhook`,
				id,
			),
		).toBe(false);
		expect(
			isSameNodeWebhook(
				`https://n8n.example.com/webhook/${id}/webhook`,
				`https://n8n.example.com/webhook-test/${id}/webhook`,
				undefined,
			),
		).toBe(false);
	});
});
