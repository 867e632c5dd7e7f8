// @ts-check
'use strict';
/**
 * Child processes of the stacks: waiting, liveness, and stopping a process (or its whole process group, for children
 * started `detached`) politely with SIGTERM, then with SIGKILL after a grace period.
 */
const fs = require('fs');

/** @param {number} ms */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * True while a process exists and is not a zombie (a zombie, exited but not yet reaped, still answers kill(pid, 0)).
 * @param {number} pid
 */
function isPidAlive(pid) {
	try {
		process.kill(pid, 0);
	} catch (error) {
		return error.code === 'EPERM';
	}
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return true;
	}
}

/**
 * True while any process of the group led by `pid` exists.
 * @param {number} pid
 */
function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * SIGKILL to a process group (`group`, the default) or to one process; silent when it is already gone.
 * @param {number} pid
 * @param {{group?: boolean}} [options]
 */
function killSync(pid, { group = true } = {}) {
	try {
		process.kill(group ? -pid : pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/**
 * SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it is gone.
 * @param {number} pid
 * @param {object} [options]
 * @param {boolean} [options.group] signal the process group led by `pid` (default true)
 * @param {number} [options.graceMs] default 15000
 * @param {number} [options.pollMs] default 100 (half that after the SIGKILL)
 * @param {() => boolean} [options.isGone] default: the group (or process) no longer exists
 */
async function stopProcess(pid, { group = true, graceMs = 15000, pollMs = 100, isGone } = {}) {
	const gone = isGone || (() => (group ? !groupAlive(pid) : !isPidAlive(pid)));
	if (gone()) return;
	try {
		process.kill(group ? -pid : pid, 'SIGTERM');
	} catch {
		return;
	}
	const deadline = Date.now() + graceMs;
	while (!gone() && Date.now() < deadline) await sleep(pollMs);
	if (gone()) return;
	killSync(pid, { group });
	while (!gone()) await sleep(pollMs / 2);
}

module.exports = { sleep, isPidAlive, groupAlive, killSync, stopProcess };
