/**
 * n8n's own outbound HTTP code (from @n8n/backend-network, what n8n-core uses), so tests send requests
 * exactly the way a running n8n would, for both the modern and the legacy (HTTP Request node) paths.
 */
import axios from 'axios';
import path from 'path';
import type { IHttpRequestOptions } from 'n8n-workflow';

// The package's exports map hides these internals; load them by file path.
function internal(file: string): string {
	return path.join(__dirname, '../../node_modules/@n8n/backend-network/dist', file);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const network = require('@n8n/backend-network') as { configureGlobalAxiosDefaults: () => void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const modern = require(internal('http/axios/request.js')) as {
	httpRequest: (options: IHttpRequestOptions) => Promise<unknown>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const legacy = require(internal('http/axios/legacy.js')) as {
	buildAxiosConfigFromLegacyRequest: (options: object) => Promise<import('axios').AxiosRequestConfig>;
};

let configured = false;
function configure(): void {
	if (!configured) {
		network.configureGlobalAxiosDefaults();
		configured = true;
	}
}

/** What `httpRequestWithAuthentication` does after `authenticate`. */
export async function sendLikeN8n(options: IHttpRequestOptions): Promise<unknown> {
	configure();
	return await modern.httpRequest(options);
}

/** What the HTTP Request node's legacy `requestWithAuthentication` does after `authenticate`. */
export async function sendLikeHttpRequestNode(options: object): Promise<unknown> {
	configure();
	const config = await legacy.buildAxiosConfigFromLegacyRequest(options);
	return (await axios.request(config)).data;
}
