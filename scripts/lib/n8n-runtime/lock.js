// @ts-check
'use strict';
/**
 * A cross-process lock for installs into the shared cache: a folder holding the owner's pid (`pid`) and the pid of the
 * npm it runs (`child-pid`). It is stale only when none of them is alive: an npm that got SIGTERM/SIGINT keeps running
 * for a while to roll back its half-done install, and a second npm in the same folder then fails with ENOENT.
 */
const fs = require('fs');
const path = require('path');
const { sleep, isPidAlive } = require('../common/processes');
const { seconds } = require('./run');

/**
 * The pids a lock folder names (owner and its npm), those that are readable.
 * @param {string} lockDir
 * @returns {number[]}
 */
function lockPids(lockDir) {
	return ['pid', 'child-pid']
		.map((f) => {
			try {
				return Number(fs.readFileSync(path.join(lockDir, f), 'utf8'));
			} catch {
				return NaN;
			}
		})
		.filter((n) => Number.isInteger(n) && n > 0);
}

/**
 * Removes a lock nobody holds any more: its processes are dead, or it names none and is over a minute old.
 * @param {string} lockDir
 * @param {number[]} pids
 * @param {(line: string) => void} onProgress
 * @returns {boolean} true if it was removed
 */
function removeIfStale(lockDir, pids, onProgress) {
	if (pids.length > 0 && !pids.some(isPidAlive)) {
		onProgress(`removing stale install lock of dead process(es) ${pids.join(', ')}`);
		fs.rmSync(lockDir, { recursive: true, force: true });
		return true;
	}
	if (pids.length === 0 && Date.now() - fs.statSync(lockDir).mtimeMs > 60000) {
		fs.rmSync(lockDir, { recursive: true, force: true });
		return true;
	}
	return false;
}

/**
 * Runs `fn` holding the lock `lockDir` (waiting for another holder); `fn` receives `setChild(pid)` to record the npm
 * it starts.
 * @template T
 * @param {string} lockDir
 * @param {(line: string) => void} onProgress
 * @param {(setChild: (pid: number) => void) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withLock(lockDir, onProgress, fn) {
	const started = Date.now();
	let lastNote = 0;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pids = lockPids(lockDir);
			if (removeIfStale(lockDir, pids, onProgress)) continue;
			if (Date.now() - lastNote > 15000) {
				lastNote = Date.now();
				onProgress(`waiting for another install (pids ${pids.join(', ')}) to finish, ${seconds(started)} s`);
			}
			await sleep(1000);
		}
	}
	/** @param {number} pid */
	const setChild = (pid) => fs.writeFileSync(path.join(lockDir, 'child-pid'), String(pid));
	try {
		return await fn(setChild);
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

module.exports = { withLock };
