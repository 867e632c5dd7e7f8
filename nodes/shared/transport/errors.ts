import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

/** TikTok's response envelope: https://partner.tiktokshop.com/docv2/page/common-errors */
export interface TikTokEnvelope<T = unknown> {
	code: number;
	message?: string;
	request_id?: string;
	data?: T;
}

export function isEnvelope(value: unknown): value is TikTokEnvelope {
	return typeof value === 'object' && value !== null && typeof (value as TikTokEnvelope).code === 'number';
}

/** Which API package (scope) a path needs, for the "missing scope" hint. */
export function scopeForPath(path: string): string {
	if (/external_order/.test(path)) return 'Order › External order reference (seller.order.ext_ref.*)';
	if (path.startsWith('/order/')) return 'Order information (seller.order.info)';
	if (/\/inventory\/update|\/prices\/update/.test(path)) return 'Product › write (seller.product.write)';
	if (path.startsWith('/product/')) return 'Product information (seller.product.basic)';
	if (path.startsWith('/fulfillment/')) return 'Fulfillment (seller.fulfillment.basic)';
	if (path.startsWith('/logistics/')) return 'Logistics (seller.logistics)';
	if (path.startsWith('/return_refund/')) return 'Return and refund (seller.return_refund.basic)';
	return 'Authorization info (seller.authorization.info)';
}

/** What to do, in words a seller can act on, for the codes people actually hit. */
export function hintForCode(code: number, message: string, path: string): string {
	switch (code) {
		case 105001:
			return "TikTok does not recognise the access token. Open the TikTok Shop credential, paste a fresh auth code from the app's authorization link and save.";
		case 105002:
			return 'The access token has expired. n8n refreshes it by itself when TikTok answers HTTP 401; this answer came another way, so open the TikTok Shop credential and save it: n8n then tests it, which refreshes and stores a new token.';
		case 105005:
			return `The app is not allowed to call this API. In Partner Center › your app › API scopes enable "${scopeForPath(path)}", then have the seller authorize the app again.`;
		case 106001:
			return "TikTok rejected the request signature. Check that the credential's App Secret belongs to the same app as its App Key. With the HTTP Request node, do not add sign, timestamp or app_key yourself, and send the body as JSON.";
		case 106013:
			return "No shop was given. Pick a shop in the node's Shop field, or set a Shop Cipher in the credential.";
		case 101000:
			return 'The access token does not match this shop. Pick one of the shops this credential is authorized for (the Shop list shows them), or authorize the app for that shop.';
		case 36009002:
			return "TikTok's rate limit (50 requests per second per API and shop) was hit and retries did not get through. Run fewer workflows against this shop at the same time, or try again in a minute.";
		case 36009003:
		case 36009007:
			return 'TikTok had an internal error or timed out, and retries did not help. Try again later.';
		case 36009004:
			return /timestamp/i.test(message)
				? "TikTok rejected the request time. This server's clock is off: enable NTP time sync, or set 'Clock Offset (Seconds)' in the credential."
				: /shop_cipher|identifier/i.test(message)
					? "TikTok rejected the shop identifier. Pick the shop from the node's Shop list rather than typing a cipher."
					: 'TikTok rejected a parameter. Check the values named in the message.';
		case 36009009:
		case 36009010:
		case 36009014:
			return 'This TikTok endpoint, method or API version does not exist (versions are retired after notice). Update the package, or check the path if you call TikTok through the HTTP Request node.';
		case 36009033:
			return "This server's IP address is not on the app's IP allow-list in Partner Center.";
		case 36004001:
		case 36004005:
			return "The seller's authorization expired or was revoked. Authorize the app again and paste the new auth code into the credential.";
		default:
			return '';
	}
}

export interface TikTokErrorDetails {
	code: number;
	message: string;
	requestId?: string;
	httpStatus?: number;
	path: string;
	itemIndex?: number;
}

/** Builds the NodeApiError from TikTok's envelope only, never from the HTTP client error (it holds the token). */
export function tikTokApiError(node: INode, details: TikTokErrorDetails): NodeApiError {
	const hint = hintForCode(details.code, details.message, details.path);
	const requestId = details.requestId ? ` (request_id ${details.requestId})` : '';
	const response: JsonObject = {
		code: details.code,
		message: details.message,
		request_id: details.requestId ?? null,
	};
	return new NodeApiError(node, response, {
		message: `TikTok Shop error ${details.code}: ${details.message}`,
		description: `${hint ? `${hint} ` : ''}Endpoint ${details.path}${requestId}.`,
		httpCode: details.httpStatus ? String(details.httpStatus) : undefined,
		itemIndex: details.itemIndex,
	});
}
