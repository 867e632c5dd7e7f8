// @ts-check
'use strict';
/** Small file helpers of the stacks and the n8n runtime: JSON state files, log tails, content hashes. */
const crypto = require('crypto');
const fs = require('fs');

/**
 * @param {string} file
 * @param {any} fallback returned when the file is missing or not JSON
 * @returns {any}
 */
function readJson(file, fallback) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return fallback;
	}
}

/**
 * @param {string} file
 * @param {unknown} value written as pretty JSON with a final newline
 */
function writeJson(file, value) {
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Short content hash of a JSON-serialisable value (16 hex digits): tells whether what was imported last time changed.
 * @param {unknown} value
 */
function hashOf(value) {
	return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/**
 * The last `lines` lines of a log file, '' when it cannot be read (for error messages).
 * @param {string} file
 * @param {number} [lines]
 */
function tailOf(file, lines = 30) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

module.exports = { readJson, writeJson, hashOf, tailOf };
