// @ts-check
'use strict';
/**
 * Publishing the trigger workflows at every start, and waiting until TikTok (the emulator) knows their webhook URLs.
 *
 * Every start (the emulator is a fresh "TikTok" each time):
 * - n8n keeps a published workflow's webhooks across restarts and does not subscribe again (real TikTok keeps
 *   subscriptions), so the workflow is published again to subscribe with the new emulator;
 * - the trigger's memory of seen notification ids (static data) is cleared: the emulator derives ids from its
 *   seed, so a fresh emulator sends ids the trigger saw last time and would drop as duplicates.
 */
const { sleep } = require('../common/processes');
const { tailOf } = require('../common/files');

/** @param {any} workflow */
const hasRegistration = (workflow) =>
	Object.values(workflow.staticData || {}).some((v) => v && typeof v === 'object' && v.registration);

/**
 * Deactivates a published workflow and waits for its trigger's delete hook to save the static data (without its
 * registration): a later save would bring the old memory back after the reset. Returns the saved workflow.
 * @param {any} client N8nClient
 * @param {string} id
 */
async function deactivateAndSettle(client, id) {
	await client.deactivateWorkflow(id);
	let saved = await client.getWorkflow(id);
	for (const until = Date.now() + 15000; hasRegistration(saved) && Date.now() < until; ) {
		await sleep(100);
		saved = await client.getWorkflow(id);
	}
	return saved;
}

/**
 * Publishes a workflow afresh: deactivated if active, its static data emptied, activated.
 * @param {any} client N8nClient
 * @param {any} wf the workflow as imported (its settings are kept)
 * @param {(line: string) => void} onProgress
 */
async function republish(client, wf, onProgress) {
	let saved = await client.getWorkflow(wf.id);
	if (saved.active) saved = await deactivateAndSettle(client, wf.id);
	if (saved.staticData && Object.keys(saved.staticData).length) {
		const res = await client.request('PUT', `/api/v1/workflows/${encodeURIComponent(wf.id)}`, {
			auth: 'apiKey',
			body: {
				name: saved.name,
				nodes: saved.nodes,
				connections: saved.connections,
				settings: { executionOrder: 'v1', ...(wf.settings || {}) },
				staticData: {},
			},
		});
		if (res.status >= 400)
			throw new Error(`could not reset the static data of "${wf.name}": ${res.status} ${res.text}`);
	}
	onProgress(`n8n: publishing "${wf.name}"`);
	await client.activateWorkflow(wf.id);
}

/**
 * The expected subscriptions the emulator does not have yet.
 * @param {Array<{workflow: string, url: string, events: string[]}>} expected
 * @param {any} hooks the emulator's GET /webhooks answer: {shops: {<shop>: [{address, event_type}]}}
 */
function missingRegistrations(expected, hooks) {
	/** @type {Array<{address: string, event_type: string}>} */
	const registered = Object.values(hooks.shops || {}).flat();
	return {
		registered,
		missing: expected.filter(
			(e) => !e.events.every((ev) => registered.some((r) => r.address === e.url && r.event_type === ev)),
		),
	};
}

/**
 * Polls the emulator until every expected subscription is there (45 s at most).
 * @param {Array<{workflow: string, url: string, events: string[]}>} expected
 * @param {(method: string, path: string) => Promise<any>} emulatorAdmin
 * @param {string} n8nLogFile for the error message
 */
async function waitForRegistrations(expected, emulatorAdmin, n8nLogFile) {
	if (!expected.length) return;
	const deadline = Date.now() + 45000;
	for (;;) {
		const { registered, missing } = missingRegistrations(expected, await emulatorAdmin('GET', '/webhooks'));
		if (!missing.length) return;
		if (Date.now() > deadline) {
			throw new Error(
				`TikTok Shop Trigger not registered with the emulator after 45 s: ${missing.map((m) => `${m.workflow} (${m.events.join(', ')})`).join('; ')}. ` +
					`Registered: ${JSON.stringify(registered)}. n8n log: ${n8nLogFile}\n${tailOf(n8nLogFile, 20)}`,
			);
		}
		await sleep(250);
	}
}

module.exports = { republish, missingRegistrations, waitForRegistrations };
