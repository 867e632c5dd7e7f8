// @ts-check
'use strict';
/**
 * Postgres and Redis for queue mode: Debian's `postgresql` and `redis-server` binaries, found on this machine or
 * installed with apt-get when missing and running as root.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const PACKAGES = ['postgresql', 'redis-server'];

function isRoot() {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * @param {string} name
 * @returns {string|null} the executable's path on PATH
 */
function onPath(name) {
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		const file = path.join(dir, name);
		if (dir && fs.existsSync(file)) return file;
	}
	return null;
}

/**
 * Postgres server binaries: Debian keeps them in /usr/lib/postgresql/<major>/bin, off PATH (the newest major wins).
 * @returns {string|null}
 */
function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	if (fs.existsSync(root)) {
		const majors = fs
			.readdirSync(root)
			.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		if (majors.length) return path.join(root, majors[0], 'bin');
	}
	const initdb = onPath('initdb');
	return initdb ? path.dirname(fs.realpathSync(initdb)) : null;
}

function findBinaries() {
	const pgBin = findPostgresBin();
	const redis = onPath('redis-server') || (fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null);
	return { pgBin, redis };
}

/**
 * `apt-get install` of the missing packages (with an `apt-get update` and a second try if the first fails).
 * @param {string[]} missing
 */
function aptInstall(missing) {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const install = () =>
		spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, encoding: 'utf8' });
	let res = install();
	if (res.status !== 0) {
		spawnSync('apt-get', ['update'], { env, encoding: 'utf8' });
		res = install();
	}
	if (res.status !== 0)
		throw new Error(`apt-get install ${missing.join(' ')} failed:\n${(res.stderr || res.stdout || '').slice(-2000)}`);
}

/**
 * Postgres and Redis binaries; installs Debian's packages when they are missing and this runs as root with apt-get.
 * Otherwise throws with the packages to install.
 * @param {{onProgress?: (line: string) => void}} [options]
 * @returns {{pgBin: string, redis: string}}
 */
function ensureQueueServices({ onProgress = () => undefined } = {}) {
	let found = findBinaries();
	if (found.pgBin && found.redis) return /** @type {{pgBin: string, redis: string}} */ (found);
	const missing = /** @type {string[]} */ (
		[!found.pgBin && 'postgresql', !found.redis && 'redis-server'].filter(Boolean)
	);
	if (isRoot() && onPath('apt-get')) {
		onProgress(`installing ${missing.join(' and ')} (apt-get, about 10 s)`);
		aptInstall(missing);
		found = findBinaries();
		if (found.pgBin && found.redis) return /** @type {{pgBin: string, redis: string}} */ (found);
	}
	throw new Error(
		`Queue mode needs Postgres and Redis: install the Debian packages ${PACKAGES.join(' and ')} ` +
			`(sudo apt-get install -y ${PACKAGES.join(' ')}), then run this again. Missing: ${missing.join(', ')}.`,
	);
}

module.exports = { PACKAGES, isRoot, ensureQueueServices };
