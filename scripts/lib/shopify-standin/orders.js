// @ts-check
'use strict';
/**
 * The stand-in's store: orderCreate's business checks (Shopify's `userErrors`), the order it records (numbered #1001,
 * #1002 …, gid ids, totals from the input), and the queued faults tests ask for.
 */

/**
 * @typedef {{field: string[], message: string, code: string}} UserError
 * @typedef {{kind: string, count: number, status: number, message?: string, field?: string[], code?: string}} Fault
 */

/**
 * @param {string} amount
 * @param {string} currencyCode
 */
function money(amount, currencyCode) {
	return { shopMoney: { amount, currencyCode }, presentmentMoney: { amount, currencyCode } };
}

/** @param {any} v a Decimal (string or number) → a number rounded to cents */
function decimal(v) {
	return Math.round(Number(v) * 100) / 100;
}

/** @param {number} n → '12.30' */
function fmt(n) {
	return (Math.round(n * 100) / 100).toFixed(2);
}

/**
 * What Shopify refuses in an orderCreate input that is well-typed (its `userErrors`).
 * @param {any} input OrderCreateOrderInput
 * @returns {UserError[]}
 */
function orderInputErrors(input) {
	/** @type {UserError[]} */
	const userErrors = [];
	const lineInputs = input.lineItems || [];
	if (lineInputs.length === 0)
		userErrors.push({
			field: ['order', 'lineItems'],
			message: 'Line items must have at least one line item',
			code: 'INVALID',
		});
	lineInputs.forEach((/** @type {any} */ li, /** @type {number} */ i) => {
		const field = (/** @type {string} */ name) => ['order', 'lineItems', String(i), name];
		if (!li.variantId && !li.title)
			userErrors.push({
				field: field('title'),
				message: 'Title must be provided for custom line items',
				code: 'INVALID',
			});
		if (!li.variantId && !li.priceSet)
			userErrors.push({
				field: field('priceSet'),
				message: 'Price must be provided for custom line items',
				code: 'INVALID',
			});
		if (li.quantity < 1)
			userErrors.push({
				field: field('quantity'),
				message: 'Quantity must be greater than or equal to 1',
				code: 'INVALID',
			});
	});
	if (
		input.email !== undefined &&
		input.email !== null &&
		input.email !== '' &&
		!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)
	) {
		userErrors.push({ field: ['order', 'email'], message: 'Email is invalid', code: 'INVALID' });
	}
	return userErrors;
}

/**
 * A line item as Shopify returns it, from its OrderCreateLineItemInput.
 * @param {any} li
 * @param {string} id
 * @param {string} cur
 */
function lineItemOf(li, id, cur) {
	const unit = li.priceSet ? decimal(li.priceSet.shopMoney.amount) : 0;
	return {
		id,
		sku: li.sku ?? null,
		title: li.title ?? 'Variant',
		name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : (li.title ?? 'Variant'),
		variantTitle: li.variantTitle ?? null,
		vendor: li.vendor ?? null,
		quantity: li.quantity,
		currentQuantity: li.quantity,
		requiresShipping: li.requiresShipping ?? true,
		taxable: li.taxable ?? true,
		isGiftCard: li.giftCard ?? false,
		customAttributes: (li.properties || []).map((/** @type {any} */ p) => ({ key: p.name, value: p.value })),
		originalUnitPriceSet: money(fmt(unit), cur),
		originalTotalSet: money(fmt(unit * li.quantity), cur),
		discountedUnitPriceSet: money(fmt(unit), cur),
		discountedTotalSet: money(fmt(unit * li.quantity), cur),
	};
}

/**
 * A MailingAddress from a MailingAddressInput (null stays null).
 * @param {any} a
 * @param {number} legacy the order's numeric id (the address id derives from it)
 */
function addressOf(a, legacy) {
	if (!a) return null;
	return {
		id: `gid://shopify/MailingAddress/${legacy}1`,
		address1: a.address1 ?? null,
		address2: a.address2 ?? null,
		city: a.city ?? null,
		company: a.company ?? null,
		country: a.country ?? a.countryCode ?? null,
		countryCodeV2: a.countryCode ?? null,
		firstName: a.firstName ?? null,
		lastName: a.lastName ?? null,
		name: [a.firstName, a.lastName].filter(Boolean).join(' ') || null,
		phone: a.phone ?? null,
		province: a.province ?? a.provinceCode ?? null,
		provinceCode: a.provinceCode ?? null,
		zip: a.zip ?? null,
		formatted: [
			a.address1,
			a.address2,
			[a.city, a.provinceCode, a.zip].filter(Boolean).join(' '),
			a.countryCode,
		].filter(Boolean),
	};
}

/**
 * Subtotal of the line items, shipping, and tax of the order, its lines and its shipping lines.
 * @param {any} input
 * @param {Array<{originalTotalSet: {shopMoney: {amount: string}}}>} lineItems
 */
function totalsOf(input, lineItems) {
	const sumOf = (/** @type {any[]|undefined} */ list, /** @type {(x: any) => number} */ f) =>
		(list || []).reduce((sum, x) => sum + f(x), 0);
	const taxOf = (/** @type {any[]|undefined} */ lines) =>
		sumOf(lines, (t) => (t.priceSet ? decimal(t.priceSet.shopMoney.amount) : 0));
	const subtotal = sumOf(lineItems, (li) => Number(li.originalTotalSet.shopMoney.amount));
	const shipping = sumOf(input.shippingLines, (s) => decimal(s.priceSet.shopMoney.amount));
	const tax =
		taxOf(input.taxLines) +
		sumOf(input.lineItems, (li) => taxOf(li.taxLines)) +
		sumOf(input.shippingLines, (s) => taxOf(s.taxLines));
	return { subtotal, shipping, tax };
}

const FINANCIAL = /** @type {Record<string, string>} */ ({
	PAID: 'PAID',
	PENDING: 'PENDING',
	AUTHORIZED: 'AUTHORIZED',
	PARTIALLY_PAID: 'PARTIALLY_PAID',
});

/**
 * The stored order (GraphQL fields, plus `_input`/`_options` for tests).
 * @param {any} input
 * @param {any} options OrderCreateOptionsInput or null
 * @param {{legacy: number, name: string, now: string, cur: string, lineItems: any[]}} made
 */
function buildOrder(input, options, { legacy, name, now, cur, lineItems }) {
	const { subtotal, shipping, tax } = totalsOf(input, lineItems);
	return {
		id: `gid://shopify/Order/${legacy}`,
		legacyResourceId: String(legacy),
		name,
		createdAt: now,
		updatedAt: now,
		processedAt: input.processedAt || now,
		email: input.email ?? null,
		phone: input.phone ?? null,
		note: input.note ?? null,
		tags: [...(input.tags || [])].sort(),
		test: input.test ?? false,
		sourceName: input.sourceName ?? '3890849', // Shopify records an API order's app id when none is given
		sourceIdentifier: input.sourceIdentifier ?? null,
		poNumber: input.poNumber ?? null,
		currencyCode: cur,
		presentmentCurrencyCode: input.presentmentCurrency || cur,
		displayFinancialStatus:
			FINANCIAL[input.financialStatus] || (input.financialStatus ? input.financialStatus : 'PENDING'),
		displayFulfillmentStatus: input.fulfillmentStatus === 'FULFILLED' ? 'FULFILLED' : 'UNFULFILLED',
		taxesIncluded: input.taxesIncluded ?? false,
		totalPriceSet: money(fmt(subtotal + shipping + (input.taxesIncluded ? 0 : tax)), cur),
		subtotalPriceSet: money(fmt(subtotal), cur),
		totalTaxSet: money(fmt(tax), cur),
		totalShippingPriceSet: money(fmt(shipping), cur),
		shippingAddress: addressOf(input.shippingAddress, legacy),
		billingAddress: addressOf(input.billingAddress, legacy),
		customAttributes: (input.customAttributes || []).map((/** @type {any} */ a) => ({ key: a.key, value: a.value })),
		lineItems,
		// not part of the GraphQL output: for tests
		_input: input,
		_options: options || null,
	};
}

/**
 * An order as the stand-in shows it to tests: the GraphQL fields plus `input` (the raw OrderCreateOrderInput).
 * @param {any} order
 */
function publicOrder(order) {
	const { _input, _options, ...rest } = order;
	return { ...rest, input: _input, options: _options };
}

/**
 * The in-memory store of one stand-in.
 * @param {{currency: string, firstOrderNumber: number, log: (line: string) => void}} settings
 */
function createOrderStore({ currency, firstOrderNumber, log }) {
	/** @type {any[]} */
	const orders = [];
	/** @type {Fault[]} the next orderCreate calls fail (POST /__standin/faults) */
	const faults = [];
	let nextNumber = firstOrderNumber;
	// Shopify's ids are large integers; start from realistic magnitudes, deterministic per process.
	let nextOrderId = 5512347800000 + Math.floor(Math.random() * 90000);
	let nextLineId = 13421570000 + Math.floor(Math.random() * 90000);

	/**
	 * The first queued fault if it is of this kind (used up after `count` calls).
	 * @param {string} kind
	 */
	const takeFault = (kind) => {
		const fault = faults.length && faults[0].kind === kind ? faults[0] : null;
		if (fault && --fault.count <= 0) faults.shift();
		return fault;
	};

	/**
	 * orderCreate: `{order, userErrors}` like Shopify's OrderCreatePayload.
	 * @param {any} input
	 * @param {any} options
	 */
	const createOrder = (input, options) => {
		const fault = takeFault('userError');
		if (fault)
			return {
				order: null,
				userErrors: [
					{
						field: fault.field || ['order'],
						message: fault.message || 'Order could not be created',
						code: fault.code || 'INVALID',
					},
				],
			};
		const userErrors = orderInputErrors(input);
		if (userErrors.length) return { order: null, userErrors };
		const cur = input.currency || currency;
		const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
		const lineItems = (input.lineItems || []).map((/** @type {any} */ li) =>
			lineItemOf(li, `gid://shopify/LineItem/${nextLineId++}`, cur),
		);
		const legacy = nextOrderId++;
		const order = buildOrder(input, options, { legacy, name: input.name || `#${nextNumber++}`, now, cur, lineItems });
		orders.push(order);
		log(`[shopify-standin] orderCreate ${order.name} (${order.id}) with ${lineItems.length} line item(s)`);
		return { order, userErrors: [] };
	};

	return { orders, faults, takeFault, createOrder };
}

module.exports = {
	money,
	decimal,
	fmt,
	orderInputErrors,
	lineItemOf,
	addressOf,
	totalsOf,
	buildOrder,
	publicOrder,
	createOrderStore,
};
