// @ts-check
'use strict';
/**
 * Stopping a stack: what was started is registered as it starts; stop() stops it all once, in reverse order; the
 * caller's exit SIGKILLs whatever is left; SIGINT/SIGTERM/SIGHUP stop everything and exit 130 (when asked to).
 */

const SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);

/**
 * @typedef {object} Stopper
 * @property {string} name
 * @property {() => Promise<unknown>} stop
 * @property {() => void} [killSync] for the process 'exit' event, where nothing asynchronous runs
 */

/**
 * @param {object} options
 * @param {(line: string) => void} options.onProgress
 * @param {boolean} options.handleSignals
 * @param {string} options.signalMessage said after "<SIGNAL>: " when a signal arrives
 * @param {boolean} [options.reportStopped] also say what was stopped before exiting on a signal
 */
function createShutdown({ onProgress, handleSignals, signalMessage, reportStopped = false }) {
	/** @type {Stopper[]} */
	const stoppers = [];
	/** @type {Promise<void> | null} */
	let stopping = null;
	/** @type {Record<string, () => void>} */
	const signalHandlers = {};
	const killAllSync = () => {
		for (const s of stoppers.slice().reverse()) if (s.killSync) s.killSync();
	};
	const removeHandlers = () => {
		process.removeListener('exit', killAllSync);
		for (const [sig, fn] of Object.entries(signalHandlers)) process.removeListener(sig, fn);
	};
	const stop = () => {
		if (!stopping) {
			stopping = (async () => {
				removeHandlers();
				for (const s of stoppers.slice().reverse()) {
					try {
						await s.stop();
					} catch (e) {
						onProgress(`stopping ${s.name}: ${e.message}`);
					}
				}
			})();
		}
		return stopping;
	};
	/** @param {string} signal */
	const onSignal = (signal) => {
		onProgress(`${signal}: ${signalMessage}`);
		stop().then(
			() => {
				if (reportStopped)
					onProgress(`stopped (${stoppers.map((s) => s.name).join(', ') || 'nothing was running yet'})`);
				process.exit(130);
			},
			() => process.exit(130),
		);
	};
	process.on('exit', killAllSync);
	if (handleSignals) {
		for (const sig of SIGNALS) {
			signalHandlers[sig] = () => onSignal(sig);
			process.on(sig, signalHandlers[sig]);
		}
	}
	return {
		/** @param {Stopper} stopper */
		add: (stopper) => {
			stoppers.push(stopper);
		},
		stop,
	};
}

module.exports = { createShutdown };
