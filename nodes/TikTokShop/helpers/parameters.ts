import { NodeOperationError, type IDisplayOptions, type IExecuteFunctions } from 'n8n-workflow';

/** displayOptions that show a field for some operations of one resource (plus any other conditions). */
export function showFor(
	resource: string,
	operations: string | string[],
	extra: NonNullable<IDisplayOptions['show']> = {},
): IDisplayOptions {
	return { show: { resource: [resource], operation: Array.isArray(operations) ? operations : [operations], ...extra } };
}

/** TikTok IDs are 64-bit: keep them as digit strings, never numbers. */
export function parseIdList(context: IExecuteFunctions, raw: unknown, label: string, itemIndex: number): string[] {
	const values = Array.isArray(raw) ? raw : typeof raw === 'number' ? [raw] : String(raw ?? '').split(/[\s,;]+/);
	const lossy = values.find((value) => typeof value === 'number' && !Number.isSafeInteger(value));
	if (lossy !== undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`${label} ${String(lossy)} arrived as a number and has lost precision`,
			{
				description:
					'TikTok IDs are longer than JavaScript numbers can hold. Pass them as text (strings) from the previous node.',
				itemIndex,
			},
		);
	}
	const ids = values.map((value) => String(value ?? '').trim()).filter((value) => value !== '');
	if (ids.length === 0) {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			description: `Enter at least one ${label.toLowerCase()}, or map it from the input data.`,
			itemIndex,
		});
	}
	const invalid = ids.find((id) => !/^\d+$/.test(id));
	if (invalid !== undefined) {
		throw new NodeOperationError(context.getNode(), `"${invalid}" is not a valid ${label.toLowerCase()}`, {
			description:
				'TikTok Shop IDs contain digits only (for example 576461413038785752). If the ID came from a spreadsheet, make sure it was not turned into a number like 5.76e17.',
			itemIndex,
		});
	}
	return ids;
}

/** Milliseconds `timeZone` is ahead of UTC at the instant `utcMs`. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
	const wallClock = Date.UTC(
		part('year'),
		part('month') - 1,
		part('day'),
		part('hour'),
		part('minute'),
		part('second'),
	);
	return wallClock - Math.floor(utcMs / 1000) * 1000;
}

/** The date picker stores wall-clock time without a zone ("2026-01-31T00:00:00"): n8n means the workflow's timezone. */
function parseDate(context: IExecuteFunctions, text: string): number {
	if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text)) return Date.parse(text);
	const wallClock = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`);
	let timeZone = 'UTC';
	try {
		timeZone = context.getTimezone?.() || 'UTC';
		const guess = wallClock - zoneOffsetMs(timeZone, wallClock);
		return wallClock - zoneOffsetMs(timeZone, guess);
	} catch {
		return wallClock;
	}
}

/** n8n date fields produce ISO strings (or DateTime objects in expressions); TikTok wants Unix seconds. */
export function toUnixSeconds(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value > 1e12 ? Math.floor(value / 1000) : Math.floor(value);
	const asText =
		typeof value === 'object' && value !== null && 'toISO' in value
			? String((value as { toISO: () => string }).toISO())
			: String(value);
	const millis = /^\d+$/.test(asText) ? Number(asText) * (asText.length > 11 ? 1 : 1000) : parseDate(context, asText);
	if (!Number.isFinite(millis)) {
		throw new NodeOperationError(context.getNode(), `${label} is not a valid date: "${asText}"`, {
			description: 'Use the date picker, an ISO date like 2026-01-31T00:00:00Z, or Unix seconds.',
			itemIndex,
		});
	}
	return Math.floor(millis / 1000);
}

/**
 * The one ID of an operation that works on one thing per input item. A list is refused before any call, with how to
 * split it, rather than acting on the first ID only.
 */
export function requireSingleId(
	context: IExecuteFunctions,
	ids: string[],
	label: string,
	itemIndex: number,
	description = 'Send one input item per value, for example with the Split Out node.',
	message = `Enter one ${label} per item, not ${ids.length}`,
): string {
	if (ids.length !== 1) throw new NodeOperationError(context.getNode(), message, { description, itemIndex });
	return ids[0];
}
