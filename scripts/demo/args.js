// @ts-check
'use strict';
/** The command line of `npm run demo` and the state folder it implies. */
const path = require('path');

const USAGE = 'usage: npm run demo [-- --port <n8n port>] [-- --fresh] [-- --n8n 2.41.0|1.123.81] [-- --queue]';

/**
 * @typedef {{port: number|undefined, fresh: boolean, n8n: string|undefined, queue: boolean}} DemoArgs
 * @typedef {{code: number, error?: string, usage: boolean}} DemoExit what to print and the exit code instead of running
 */

/**
 * Parses the demo's flags; stops at `--help` or the first wrong flag.
 * @param {string[]} argv
 * @returns {{args: DemoArgs} | {exit: DemoExit}}
 */
function parseDemoArgs(argv) {
	/** @type {DemoArgs} */
	const out = { port: undefined, fresh: false, n8n: undefined, queue: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		/** the value of `--flag=value` or of `--flag value` */
		const value = () => (a.includes('=') ? a.split('=')[1] : argv[++i]);
		if (a === '--fresh') out.fresh = true;
		else if (a === '--queue') out.queue = true;
		else if (a === '--n8n' || a.startsWith('--n8n=')) out.n8n = value();
		else if (a === '--port' || a.startsWith('--port=')) {
			const v = value();
			const n = Number(v);
			if (!Number.isInteger(n) || n < 1 || n > 65535)
				return { exit: { code: 2, error: `--port needs a port number, got "${v}"`, usage: false } };
			out.port = n;
		} else if (a === '--help' || a === '-h') return { exit: { code: 0, usage: true } };
		else return { exit: { code: 2, error: `unknown option ${a}`, usage: true } };
	}
	return { args: out };
}

/**
 * `.demo/` for the default n8n, `.demo-n8n-<version>/` for another (a database migrated by 2.x does not open in
 * 1.x); `-queue` appended in queue mode.
 * @param {string} repo
 * @param {string} n8nVersion
 * @param {string} defaultVersion
 * @param {boolean} queue
 */
function demoStateDir(repo, n8nVersion, defaultVersion, queue) {
	const dir = n8nVersion !== defaultVersion ? path.join(repo, `.demo-n8n-${n8nVersion}`) : path.join(repo, '.demo');
	return queue ? `${dir}-queue` : dir;
}

module.exports = { USAGE, parseDemoArgs, demoStateDir };
