// @ts-check
'use strict';
/**
 * Client for a running n8n: the internal REST API (`/rest/*`, with the `n8n-auth` cookie: owner setup, login, API
 * keys, manual runs) and the public API (`/api/v1/*`, with `X-N8N-API-KEY`: workflows, executions, credentials).
 * 1.x differs a little (credentials, manual runs): the client knows which version it talks to.
 */
const { VERSIONS, N8N_VERSION, resolveVersion } = require('./versions');
const { request, expectOk } = require('./http');
const { sleep } = require('../common/processes');

/** Public-API body for POST/PUT /api/v1/workflows: only the writable keys (others are rejected with 400). */
/**
 * @param {any} workflow
 * @returns {Record<string, unknown>}
 */
function publicWorkflowBody(workflow) {
	/** @type {Record<string, unknown>} */
	const body = {
		name: workflow.name,
		nodes: workflow.nodes,
		connections: workflow.connections || {},
		settings: workflow.settings || {},
	};
	if (workflow.staticData !== undefined) body.staticData = workflow.staticData;
	return body;
}

/**
 * Client for a running n8n: internal REST (`/rest/*`, `n8n-auth` cookie) and public API (`/api/v1/*`,
 * `X-N8N-API-KEY`). Create it with `new N8nClient(server.url)`.
 */
class N8nClient {
	/**
	 * @param {string} baseUrl e.g. http://127.0.0.1:5678
	 * @param {{version?: string}} [options] the n8n version it talks to (default N8N_VERSION): 1.x's REST differs a little
	 */
	constructor(baseUrl, { version = N8N_VERSION } = {}) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.version = resolveVersion(version);
		this.cookie = undefined;
		this.apiKey = undefined;
	}

	/**
	 * Low-level request; `auth`: 'cookie' | 'apiKey' | 'none'. Returns {status, headers, body, text}.
	 * @param {string} method
	 * @param {string} urlPath
	 * @param {{body?: any, auth?: 'cookie'|'apiKey'|'none', headers?: Record<string, string>, timeoutMs?: number}} [options]
	 */
	request(method, urlPath, { body, auth = 'none', headers = {}, timeoutMs } = {}) {
		/** @type {Record<string, string>} */
		const h = { ...headers };
		if (auth === 'cookie') {
			if (!this.cookie) throw new Error('no n8n-auth cookie: call setupOwner() or login() first');
			h.cookie = this.cookie;
			h['browser-id'] = 'n8n-runtime';
		}
		if (auth === 'apiKey') {
			if (!this.apiKey) throw new Error('no API key: call createApiKey() first');
			h['x-n8n-api-key'] = this.apiKey;
		}
		return request(method, `${this.baseUrl}${urlPath}`, { body, headers: h, timeoutMs });
	}

	/** @param {import('./http').HttpReply} res */
	_keepCookie(res) {
		const setCookie = res.headers['set-cookie'] || [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
	}

	/**
	 * POST /rest/owner/setup (only on a fresh instance); keeps the `n8n-auth` cookie. Returns the user (`body.data`).
	 * Password rules: 8-64 chars, at least one digit and one uppercase letter.
	 */
	async setupOwner({
		email = 'owner@example.com',
		password = 'Passw0rd!e2e',
		firstName = 'E2E',
		lastName = 'Owner',
	} = {}) {
		const res = await this.request('POST', '/rest/owner/setup', { body: { email, password, firstName, lastName } });
		const body = expectOk(res, 'POST /rest/owner/setup');
		this._keepCookie(res);
		return body.data;
	}

	/** POST /rest/login `{emailOrLdapLoginId, password}`; keeps the `n8n-auth` cookie. Returns the user. */
	async login({ email = 'owner@example.com', password = 'Passw0rd!e2e' } = {}) {
		const res = await this.request('POST', '/rest/login', { body: { emailOrLdapLoginId: email, password } });
		const body = expectOk(res, 'POST /rest/login');
		this._keepCookie(res);
		return body.data;
	}

	/** GET /rest/api-keys/scopes: the scopes the owner may grant (array of strings). */
	async apiKeyScopes() {
		return expectOk(await this.request('GET', '/rest/api-keys/scopes', { auth: 'cookie' }), 'GET /rest/api-keys/scopes')
			.data;
	}

	/**
	 * POST /rest/api-keys `{label, scopes, expiresAt: null}` with every available scope; stores and returns `rawApiKey`.
	 * @returns {Promise<string>}
	 */
	async createApiKey(/** @type {{label?: string, scopes?: string[]}} */ { label = `e2e-${Date.now()}`, scopes } = {}) {
		const useScopes = scopes || (await this.apiKeyScopes());
		const res = await this.request('POST', '/rest/api-keys', {
			auth: 'cookie',
			body: { label, scopes: useScopes, expiresAt: null },
		});
		const body = expectOk(res, 'POST /rest/api-keys');
		this.apiKey = body.data.rawApiKey;
		return this.apiKey;
	}

	/** setupOwner() (or login() if an owner exists) + createApiKey(). Returns the API key. */
	async bootstrap(owner = {}) {
		const res = await this.request('GET', '/rest/settings');
		const setupDone =
			res.body &&
			res.body.data &&
			res.body.data.userManagement &&
			res.body.data.userManagement.showSetupOnFirstLoad === false;
		if (setupDone) await this.login(owner);
		else await this.setupOwner(owner);
		return this.createApiKey();
	}

	// ---- public API (X-N8N-API-KEY) ----

	/**
	 * @param {string} method
	 * @param {string} urlPath
	 * @param {any} [body]
	 */
	async _api(method, urlPath, body) {
		return expectOk(
			await this.request(method, `/api/v1${urlPath}`, { auth: 'apiKey', body }),
			`${method} /api/v1${urlPath}`,
		);
	}

	/** POST /api/v1/workflows (only name/nodes/connections/settings/staticData are sent). Returns the workflow (with `id`). */
	/** @param {any} workflow */
	createWorkflow(workflow) {
		return this._api('POST', '/workflows', publicWorkflowBody(workflow));
	}

	/** GET /api/v1/workflows?limit=250 → array of workflows (`body.data`). */
	async listWorkflows(query = '') {
		return (await this._api('GET', `/workflows?limit=250${query ? `&${query}` : ''}`)).data;
	}

	/** GET /api/v1/workflows/{id}. */
	/** @param {string} id */
	getWorkflow(id) {
		return this._api('GET', `/workflows/${encodeURIComponent(id)}`);
	}

	/** POST /api/v1/workflows/{id}/activate (deprecated alias of /publish) → workflow with `active: true`. */
	/** @param {string} id */
	activateWorkflow(id) {
		return this._api('POST', `/workflows/${encodeURIComponent(id)}/activate`, {});
	}

	/** POST /api/v1/workflows/{id}/deactivate. */
	/** @param {string} id */
	deactivateWorkflow(id) {
		return this._api('POST', `/workflows/${encodeURIComponent(id)}/deactivate`, {});
	}

	/** DELETE /api/v1/workflows/{id}. */
	/** @param {string} id */
	deleteWorkflow(id) {
		return this._api('DELETE', `/workflows/${encodeURIComponent(id)}`);
	}

	/**
	 * GET /api/v1/executions?workflowId=&includeData=true&limit= → array (newest first) of
	 * `{id, finished, mode, status, startedAt, stoppedAt, workflowId, data: {resultData: {runData, lastNodeExecuted, error?}}, ...}`.
	 */
	async listExecutions(
		/** @type {{workflowId?: string, includeData?: boolean, status?: string, limit?: number}} */ {
			workflowId,
			includeData = true,
			status,
			limit = 100,
		} = {},
	) {
		const q = new URLSearchParams();
		if (workflowId) q.set('workflowId', workflowId);
		if (includeData) q.set('includeData', 'true');
		if (status) q.set('status', status);
		q.set('limit', String(limit));
		return (await this._api('GET', `/executions?${q}`)).data;
	}

	/** GET /api/v1/executions/{id}?includeData=true. */
	/**
	 * @param {string} id
	 * @param {{includeData?: boolean}} [options]
	 */
	getExecution(id, { includeData = true } = {}) {
		return this._api('GET', `/executions/${encodeURIComponent(id)}${includeData ? '?includeData=true' : ''}`);
	}

	/**
	 * Polls listExecutions until one for `workflowId` with a final status (not new/running/waiting) and an id not
	 * in `exclude` appears; returns it (with data).
	 */
	/**
	 * @param {string} workflowId
	 * @param {{timeoutMs?: number, exclude?: Array<string|number>, intervalMs?: number}} [options]
	 */
	async waitForExecution(workflowId, { timeoutMs = 30000, exclude = [], intervalMs = 250 } = {}) {
		const deadline = Date.now() + timeoutMs;
		const skip = new Set(exclude.map(String));
		for (;;) {
			const list = await this.listExecutions({ workflowId, includeData: true, limit: 20 });
			const done = list.find(
				(/** @type {any} */ e) => !skip.has(String(e.id)) && !['new', 'running', 'waiting'].includes(e.status),
			);
			if (done) return done;
			if (Date.now() > deadline)
				throw new Error(`no finished execution of workflow ${workflowId} within ${timeoutMs} ms`);
			await sleep(intervalMs);
		}
	}

	/** GET /api/v1/credentials → array of `{id, name, type, createdAt, updatedAt, ...}` (never the secret data). */
	async listCredentials() {
		if (VERSIONS[this.version].line === '1.x') {
			// 1.x's public API cannot list credentials: the editor's REST route (cookie) can
			return expectOk(await this.request('GET', '/rest/credentials', { auth: 'cookie' }), 'GET /rest/credentials').data;
		}
		return (await this._api('GET', '/credentials?limit=250')).data;
	}

	/** GET /api/v1/credentials/{id} (metadata only). */
	/** @param {string} id */
	getCredential(id) {
		return this._api('GET', `/credentials/${encodeURIComponent(id)}`);
	}

	/** POST /api/v1/credentials `{name, type, data}` → `{id, name, type, ...}`. */
	/** @param {{name: string, type: string, data: Record<string, unknown>}} credential */
	async createCredential({ name, type, data }) {
		if (VERSIONS[this.version].line === '1.x') {
			// 1.x's public API wants every field of the credential's form, hidden ones included (400 otherwise);
			// the editor's REST route (cookie) takes what a user fills in
			return expectOk(
				await this.request('POST', '/rest/credentials', { auth: 'cookie', body: { name, type, data } }),
				'POST /rest/credentials',
			).data;
		}
		return this._api('POST', '/credentials', { name, type, data });
	}

	// ---- internal REST (cookie) ----

	/**
	 * Manual run like the editor's "Execute workflow" button: POST /rest/workflows/{id}/run
	 * `{triggerToStartFrom: {name}}` → `{executionId}`. Poll `getExecution(executionId)` for the result.
	 */
	/**
	 * @param {string} id
	 * @param {string} triggerName
	 */
	async runWorkflowManually(id, triggerName) {
		/** @type {{triggerToStartFrom: {name: string}, workflowData?: any}} */
		const body = { triggerToStartFrom: { name: triggerName } };
		if (VERSIONS[this.version].line === '1.x') {
			// 1.x runs the workflow the editor sends along (2.x loads it by id)
			const saved = await this.request('GET', `/rest/workflows/${encodeURIComponent(id)}`, { auth: 'cookie' });
			body.workflowData = expectOk(saved, `GET /rest/workflows/${id}`).data;
		}
		const res = await this.request('POST', `/rest/workflows/${encodeURIComponent(id)}/run`, { auth: 'cookie', body });
		return expectOk(res, `POST /rest/workflows/${id}/run`).data;
	}
}

module.exports = { N8nClient, publicWorkflowBody };
