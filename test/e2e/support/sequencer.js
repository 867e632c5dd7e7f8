/**
 * Runs the e2e files in a fixed order on the suite's one shared n8n, so each run starts from the same state and the
 * browser check (which saves the README screenshots) sees the freshly imported workflows before anything ran.
 * Files not listed run last, by name.
 */
const Sequencer = require('@jest/test-sequencer').default;

// order-trigger-scheduler last: it slows the shared emulator down (latency) and starts an n8n of its own
const ORDER = [
	'editor-browser',
	'examples',
	'webhook-trigger',
	'token-refresh',
	'http-request-node',
	'order-trigger-scheduler',
];

function rank(testPath) {
	const name = require('path')
		.basename(testPath)
		.replace(/\.e2e\.ts$/, '');
	const index = ORDER.indexOf(name);
	return index === -1 ? ORDER.length : index;
}

class E2eSequencer extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
	}
}

module.exports = E2eSequencer;
