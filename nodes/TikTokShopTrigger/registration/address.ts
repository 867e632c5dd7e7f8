import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

const TIKTOK_URL_RULES =
	'TikTok Shop only delivers webhooks to an https address on a domain name (not an IP address), without a port, at most 255 characters long.';

const URL_FIX =
	"Fix: put a reverse proxy with a certificate (for example nginx, Caddy, Traefik or a Cloudflare Tunnel) on port 443 in front of n8n, set n8n's WEBHOOK_URL environment variable to that public address (for example https://n8n.example.com/) and restart n8n. If n8n cannot be reached from the internet, use the TikTok Shop Order Trigger instead: it polls for orders and needs no public URL. Nothing was registered with TikTok.";

/** What is wrong with a webhook URL by TikTok's rules (empty when it is fine). */
export function webhookAddressProblems(address: string | undefined): string[] {
	if (!address) return ['n8n did not provide a webhook URL'];
	let url: URL;
	try {
		url = new URL(address);
	} catch {
		return ['it is not a valid URL'];
	}
	const problems: string[] = [];
	if (url.protocol !== 'https:') problems.push(`it uses ${url.protocol.replace(':', '')} instead of https`);
	const host = url.hostname;
	if (host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) {
		problems.push(`its host ${host} is an IP address, not a domain name`);
	} else if (host === 'localhost' || !host.includes('.') || !/[a-z]/i.test(host.split('.').pop() ?? '')) {
		problems.push(`its host "${host}" is not a public domain name`);
	}
	// URL drops a default port (":443"), so read the port from the text itself
	const authority = (/^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(address)?.[1] ?? '')
		.replace(/^.*@/, '')
		.replace(/^\[[^\]]*\]/, '');
	const port = /:(\d*)$/.exec(authority);
	if (port) problems.push(`it contains a port (:${port[1]})`);
	if (address.length > 255) problems.push(`it is ${address.length} characters long`);
	return problems;
}

export function assertWebhookAddress(this: IHookFunctions, address: string | undefined): string {
	const problems = webhookAddressProblems(address);
	if (problems.length > 0) {
		// n8n 2.41 shows only the message for activation and test-listener failures, so it carries the fix too
		throw new NodeOperationError(
			this.getNode(),
			`n8n's webhook URL cannot receive TikTok Shop webhooks: ${problems.join('; ')}. Set n8n's WEBHOOK_URL to a public https address served on port 443 (reverse proxy)`,
			{
				description: `The URL is ${address ?? '(none)'}: ${problems.join('; ')}. ${TIKTOK_URL_RULES} ${URL_FIX}`,
			},
		);
	}
	return address as string;
}

/**
 * Whether `other` is this same node's webhook under the other n8n mode (the test URL when `ours` is the
 * production URL, or the reverse): same host, same `<webhookId>/webhook` tail.
 */
export function isSameNodeWebhook(ours: string, other: string, webhookId: string | undefined): boolean {
	if (!webhookId || ours === other) return false;
	try {
		const a = new URL(ours);
		const b = new URL(other);
		const tail = `/${webhookId}/webhook`;
		return a.host === b.host && a.pathname.endsWith(tail) && b.pathname.endsWith(tail);
	} catch {
		return false;
	}
}
