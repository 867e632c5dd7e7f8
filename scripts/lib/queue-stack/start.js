// @ts-check
'use strict';
/**
 * startQueueStack: Postgres and Redis, then the regular stack (stack.js) with the queue settings, then the webhook
 * processors and workers; stop() stops all of it in reverse order.
 */
const fs = require('fs');
const path = require('path');
const { startStack } = require('../stack');
const { createShutdown } = require('../common/shutdown');
const { freePort, distinctPort } = require('../common/ports');
const { ensureQueueServices } = require('./binaries');
const { startPostgres } = require('./postgres');
const { startRedis } = require('./redis');
const { startN8nProcess, workerExecutionIds } = require('./n8n-process');
const { queueEnv, processorRewrite } = require('./settings');

/** @typedef {ReturnType<typeof createShutdown>} Shutdown */

/**
 * Postgres and Redis on free ports, registered with `shutdown`.
 * @param {{queueDir: string, stateDir: string, postgresSettings: Record<string, string|number>, onProgress: (line: string) => void}} options
 * @param {Shutdown} shutdown
 */
async function startQueueServices({ queueDir, stateDir, postgresSettings, onProgress }, shutdown) {
	const { pgBin, redis: redisBin } = ensureQueueServices({ onProgress });
	const pgPort = await freePort();
	const redisPort = await distinctPort(await freePort(), [pgPort]);
	const postgres = await startPostgres({
		pgBin,
		dir: path.join(queueDir, 'postgres'),
		port: pgPort,
		onProgress,
		stateDir,
		settings: postgresSettings,
	});
	shutdown.add({ name: 'postgres', stop: postgres.stop, killSync: postgres.killSync });
	const redis = await startRedis({ redisBin, dir: path.join(queueDir, 'redis'), port: redisPort, onProgress });
	shutdown.add({ name: 'redis', stop: redis.stop, killSync: redis.killSync });
	return { postgres, redis };
}

/**
 * @param {object} options everything startStack takes (stateDir required), plus:
 * @param {string} options.stateDir
 * @param {number} [options.workers] number of `n8n worker` processes (default 2)
 * @param {number} [options.workerConcurrency] executions each worker runs at once (default 10, n8n's default)
 * @param {number} [options.webhookProcessors] number of `n8n webhook` processes (default 1)
 * @param {Record<string, string|number>} [options.postgresSettings] extra `-c name=value` settings for the Postgres cluster
 * @param {boolean} [options.handleSignals]
 * @param {(line: string) => void} [options.onProgress]
 * @param {string} [options.webhookBase]
 * @param {string[]} [options.emulatorArgs]
 * @param {Record<string, string>} [options.n8nEnv]
 */
async function startQueueStack(options) {
	const {
		stateDir,
		workers: workerCount = 2,
		workerConcurrency = 10,
		webhookProcessors: processorCount = 1,
		postgresSettings = {},
		handleSignals = true,
		onProgress = (/** @type {string} */ line) => process.stderr.write(`[queue-stack] ${line}\n`),
		webhookBase = 'https://n8n.example.test/',
		emulatorArgs = [],
		n8nEnv: extraEnv = {},
		...stackOptions
	} = options || /** @type {any} */ ({});
	if (!stateDir) throw new Error('startQueueStack: stateDir is required');
	const dir = path.resolve(stateDir);
	const queueDir = path.join(dir, 'queue');
	const logsDir = path.join(dir, 'logs');
	fs.mkdirSync(queueDir, { recursive: true });
	fs.mkdirSync(logsDir, { recursive: true });
	const base = webhookBase.endsWith('/') ? webhookBase : `${webhookBase}/`;
	const shutdown = createShutdown({
		onProgress,
		handleSignals,
		signalMessage: 'stopping the n8n processes, the emulator, Redis and Postgres…',
	});

	try {
		const { postgres, redis } = await startQueueServices(
			{ queueDir, stateDir: dir, postgresSettings, onProgress },
			shutdown,
		);
		const env = queueEnv({ pgPort: postgres.port, database: postgres.database, redisPort: redis.port }, extraEnv);
		// the processors' ports are known before the emulator starts: TikTok's production deliveries go to the first
		const processorPorts = [];
		for (let i = 0; i < processorCount; i++) processorPorts.push(await freePort());
		const stackEmulatorArgs = [...emulatorArgs, ...processorRewrite(base, processorPorts)];
		const stack = await startStack({
			...stackOptions,
			stateDir: dir,
			webhookBase: base,
			emulatorArgs: stackEmulatorArgs,
			n8nEnv: env,
			handleSignals: false,
			onProgress,
		});
		shutdown.add({ name: 'n8n main and emulator', stop: stack.stop });

		const common = {
			userFolder: stack.n8n.userFolder,
			cacheDir: stack.cli.cacheDir,
			env: { ...stack.cli.env },
			webhookUrl: base,
			logsDir,
			onProgress,
		};
		const started = await Promise.all([
			...processorPorts.map((port, index) => startN8nProcess({ ...common, role: 'webhook', index, port })),
			...Array.from({ length: workerCount }, (_, index) =>
				startN8nProcess({ ...common, role: 'worker', index, concurrency: workerConcurrency }),
			),
		]);
		const webhookProcessors = started.filter((p) => p.role === 'webhook');
		const workers = started.filter((p) => p.role === 'worker');
		// stopped before main (they are registered after it)
		for (const p of started) shutdown.add({ name: `n8n ${p.role} ${p.index + 1}`, stop: p.stop, killSync: p.killSync });

		return {
			...stack,
			mode: 'queue',
			postgres,
			redis,
			webhookProcessors,
			workers,
			queueEnv: env,
			/** Production webhook base URL of the first processor (or main when there is none). */
			webhookUrl: (/** @type {string} */ webhookId, suffix = 'webhook') =>
				`${webhookProcessors[0] ? webhookProcessors[0].url : stack.n8n.url}/webhook/${webhookId}/${suffix}`,
			/** Which worker ran which execution: the execution ids each worker log mentions. */
			executionsByWorker: () => workers.map((w) => workerExecutionIds(w.logFile)),
			stop: shutdown.stop,
		};
	} catch (error) {
		await shutdown.stop();
		throw error;
	}
}

module.exports = { startQueueStack };
