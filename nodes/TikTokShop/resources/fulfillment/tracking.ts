import type { IDataObject } from 'n8n-workflow';

/**
 * Tracking events sorted newest first by `update_time_millis`, each with an ISO `update_time` added. TikTok does not
 * promise any order for the list (https://partner.tiktokshop.com/docv2/page/get-tracking-202309), so the latest
 * event is the one with the newest time, not the first element. Events without a usable time go last, in the
 * order TikTok gave them.
 */
export function newestTrackingEventsFirst(events: IDataObject[]): IDataObject[] {
	const millisOf = (event: IDataObject): number | undefined => {
		const raw = event.update_time_millis;
		if (raw === undefined || raw === null || raw === '') return undefined;
		const millis = Number(raw);
		return Number.isFinite(millis) ? millis : undefined;
	};
	return events
		.map((event, position) => ({ event, position, millis: millisOf(event) }))
		.sort((a, b) => {
			if (a.millis === undefined || b.millis === undefined) {
				if (a.millis === b.millis) return a.position - b.position;
				return a.millis === undefined ? 1 : -1;
			}
			return b.millis - a.millis || a.position - b.position;
		})
		.map(({ event, millis }) => ({
			...event,
			// TikTok gives milliseconds here (unlike everywhere else); an ISO time saves a conversion downstream.
			update_time: millis === undefined ? null : new Date(millis).toISOString(),
		}));
}

/** Carrier tracking numbers: letters, digits and hyphens; TikTok rejects anything else with 21004012. */
export function normalizeTrackingNumber(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
	const value = String(raw ?? '').replace(/\s+/g, '');
	if (!value) return { ok: false, reason: 'Tracking number is empty' };
	if (!/^[A-Za-z0-9-]+$/.test(value)) {
		const bad = [...new Set(value.replace(/[A-Za-z0-9-]/g, ''))].join(' ');
		return { ok: false, reason: `Tracking number "${value}" contains characters TikTok does not accept: ${bad}` };
	}
	if (value.length < 4 || value.length > 40) {
		return { ok: false, reason: `Tracking number "${value}" has ${value.length} characters; TikTok accepts 4 to 40` };
	}
	return { ok: true, value };
}
