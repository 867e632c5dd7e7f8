/** Event API (webhook management: https://partner.tiktokshop.com/docv2/page/get-shop-webhooks-202309) and Get Authorized Shops (https://partner.tiktokshop.com/docv2/page/get-authorized-shops-202309). */
import { bodyObject, Ctx, requireShop, RouteDef } from '../router';
import { EVENT_TYPES } from '../webhooks';
import { badParam } from '../util';

/** Validate a webhook address like TikTok: https, a domain (not an IP), no port, ≤255 chars. Returns an error message or null. */
export function webhookAddressError(address: string): string | null {
	if (address.length > 255) return `address must be at most 255 characters, got ${address.length}`;
	const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(address);
	if (!m) return 'address is not a valid URL';
	if (m[1].toLowerCase() !== 'https') return 'address must use https';
	const authority = m[2];
	if (authority.includes('@')) return 'address must not contain credentials';
	if (authority.startsWith('[')) return 'address must be a domain, not an IP address';
	if (authority.includes(':')) return 'address must not contain a port';
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		return 'address is not a valid URL';
	}
	const host = url.hostname;
	if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return 'address must be a domain, not an IP address';
	if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i.test(host))
		return 'address must be a valid domain name';
	return null;
}

function eventTypeParam(b: Record<string, unknown>): string {
	const et = b.event_type;
	if (et === undefined || et === null || et === '') throw badParam('param body.event_type is missing');
	if (typeof et !== 'string' || !(et in EVENT_TYPES))
		throw badParam(`event_type is invalid: "${String(et)}"; allowed: ${Object.keys(EVENT_TYPES).join(', ')}`);
	return et;
}

function getWebhooks(ctx: Ctx) {
	const shop = requireShop(ctx);
	const regs = [...(ctx.world.shopWebhooks.get(shop.id)?.values() ?? [])];
	return {
		webhooks: regs.map((r) => ({
			event_type: r.event_type,
			address: r.address,
			create_time: r.create_time,
			update_time: r.update_time,
		})),
		total_count: regs.length,
	};
}

function putWebhook(ctx: Ctx) {
	const shop = requireShop(ctx);
	const b = bodyObject(ctx, true);
	if (b.address === undefined || b.address === null || b.address === '')
		throw badParam('param body.address is missing');
	if (typeof b.address !== 'string') throw badParam('address must be a string');
	const eventType = eventTypeParam(b);
	const err = webhookAddressError(b.address);
	if (err) throw badParam(`Invalid address: ${err}`);
	let m = ctx.world.shopWebhooks.get(shop.id);
	if (!m) {
		m = new Map();
		ctx.world.shopWebhooks.set(shop.id, m);
	}
	const now = ctx.world.now();
	const prev = m.get(eventType);
	m.set(eventType, {
		event_type: eventType,
		address: b.address,
		create_time: prev ? prev.create_time : now,
		update_time: now,
	});
	return {};
}

function deleteWebhook(ctx: Ctx) {
	const shop = requireShop(ctx);
	const b = bodyObject(ctx, true);
	const eventType = eventTypeParam(b);
	ctx.world.shopWebhooks.get(shop.id)?.delete(eventType);
	return {};
}

function authorizedShops(ctx: Ctx) {
	return {
		shops: ctx.world.shops
			.filter((s) => s.authorized)
			.map((s) => ({
				id: s.id,
				name: s.name,
				region: s.region,
				seller_type: s.seller_type,
				cipher: s.cipher,
				code: s.code,
			})),
	};
}

export const eventRoutes: RouteDef[] = [
	{ method: 'GET', pattern: '/authorization/202309/shops', shop: 'forbidden', handler: authorizedShops },
	{ method: 'GET', pattern: '/event/202309/webhooks', handler: getWebhooks },
	{ method: 'PUT', pattern: '/event/202309/webhooks', handler: putWebhook },
	{ method: 'DELETE', pattern: '/event/202309/webhooks', handler: deleteWebhook },
];
