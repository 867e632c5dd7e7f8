// @ts-check
'use strict';
/** Loopback ports for the stacks: a free one from the OS, whether one is free or answers, and which one to use. */
const net = require('net');

/**
 * A free TCP port on 127.0.0.1 (the OS picks it; it is released before returning).
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(address.port));
		});
	});
}

/**
 * True when nothing listens on 127.0.0.1:`port` (we could bind it).
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/**
 * True when something accepts connections on 127.0.0.1:`port`.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function portAnswers(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * The port asked for; else the remembered one if still free; else the preferred one if free; else a fresh one.
 * @param {number|undefined} wanted
 * @param {number|undefined} remembered
 * @param {number|undefined} preferred
 * @returns {Promise<number>}
 */
async function pickPort(wanted, remembered, preferred) {
	if (wanted) return wanted;
	if (remembered && (await portIsFree(remembered))) return remembered;
	if (preferred && (await portIsFree(preferred))) return preferred;
	return freePort();
}

/**
 * `port` unless another process of the stack already has it, else fresh free ports until one is not taken.
 * @param {number} port
 * @param {number[]} taken
 * @returns {Promise<number>}
 */
async function distinctPort(port, taken) {
	let p = port;
	while (taken.includes(p)) p = await freePort();
	return p;
}

module.exports = { freePort, portIsFree, portAnswers, pickPort, distinctPort };
