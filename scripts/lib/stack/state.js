// @ts-check
'use strict';
/**
 * The state folder of a stack: where n8n's user folder, the files n8n may read, the logs and `stack.json` live, and
 * what `stack.json` remembers between starts (n8n version, seed, ports, package sha, examples hash, published ids).
 */
const fs = require('fs');
const path = require('path');
const { readJson } = require('../common/files');
const { STATE_VERSION, DEFAULT_SEED } = require('./constants');

/**
 * @typedef {object} StackState
 * @property {number} version
 * @property {string} [n8nVersion]
 * @property {string} [seed]
 * @property {{n8n?: number, emulator?: number, shopify?: number}} [ports]
 * @property {string} [packageSha]
 * @property {string} [examplesHash]
 * @property {string[]} [published]
 */

/**
 * The folders of a state folder (created).
 * @param {string} stateDir
 */
function stateLayout(stateDir) {
	const dir = path.resolve(stateDir);
	const layout = {
		dir,
		userFolder: path.join(dir, 'n8n'),
		filesDir: path.join(dir, 'files'),
		logsDir: path.join(dir, 'logs'),
		stateFile: path.join(dir, 'stack.json'),
	};
	fs.mkdirSync(dir, { recursive: true });
	fs.mkdirSync(layout.filesDir, { recursive: true });
	fs.mkdirSync(layout.logsDir, { recursive: true });
	return layout;
}

/**
 * What the saved state means for this start: forgotten when its layout is old or n8n's database is gone; refused when
 * it belongs to another n8n version; the seed asked for, else the remembered one, else the default.
 * @param {any} saved the parsed stack.json ({} when missing)
 * @param {object} start
 * @param {boolean} start.databaseExists
 * @param {string} start.version the n8n version of this start
 * @param {string|number} [start.seed] the seed asked for
 * @param {string} start.dir for the error message
 * @returns {{state: StackState, seed: string, previousSeed: string|undefined}}
 */
function reconcileState(saved, { databaseExists, version, seed, dir }) {
	/** @type {StackState} */
	let state = saved;
	if (state.version !== STATE_VERSION || !databaseExists) state = { version: STATE_VERSION };
	if (state.n8nVersion && state.n8nVersion !== version) {
		// a database migrated by one n8n is not for another (a 2.x database does not go back to 1.x)
		throw new Error(
			`${dir} holds n8n ${state.n8nVersion} data, not ${version}: use another state folder (or delete this one)`,
		);
	}
	state.n8nVersion = version;
	const previousSeed = state.seed;
	state.seed = String(seed ?? state.seed ?? DEFAULT_SEED);
	return { state, seed: state.seed, previousSeed };
}

/**
 * Reads and reconciles `stack.json` of a state folder.
 * @param {ReturnType<typeof stateLayout>} layout
 * @param {{version: string, seed?: string|number, onProgress: (line: string) => void}} start
 */
function loadState(layout, { version, seed, onProgress }) {
	const databaseExists = fs.existsSync(path.join(layout.userFolder, '.n8n', 'database.sqlite'));
	const result = reconcileState(readJson(layout.stateFile, {}), { databaseExists, version, seed, dir: layout.dir });
	if (result.previousSeed !== undefined && result.previousSeed !== result.seed) {
		// another world: other ids, so the imported workflows' references no longer match anything
		onProgress(`emulator seed changed (${result.previousSeed} → ${result.seed})`);
	}
	return result;
}

module.exports = { stateLayout, reconcileState, loadState };
