// @ts-check
'use strict';
/**
 * n8n in queue mode on this machine, in one call: a private Postgres cluster and a private Redis (Debian's
 * `postgresql` and `redis-server` packages, installed with apt-get when missing and running as root), then the
 * stack of stack.js (emulator, package installed from its tarball, credentials, examples, n8n main) with the queue
 * settings, then `n8n webhook` processor(s) and `n8n worker`s. Every port is a free loopback port; every file lives
 * in `<stateDir>/queue` (the Postgres cluster is created fresh at each start); stop() stops all of it, in reverse
 * order, and so do Ctrl-C, SIGTERM and the caller's exit.
 *
 *   const { startQueueStack } = require('./scripts/lib/queue-stack');
 *   const q = await startQueueStack({ stateDir: '.demo-queue', workers: 2, webhookProcessors: 1 });
 *   q.webhookProcessors[0].url;   // production webhooks: <url>/webhook/<webhookId>/webhook (TikTok's deliveries go here)
 *   q.n8n.url;                    // main: editor, REST and public API (it also answers production webhooks)
 *   q.postgres.query('select count(*) from execution_entity');
 *   await q.stop();
 *
 * What each n8n process gets (n8n's documented queue-mode settings): the same N8N_USER_FOLDER (same encryption key,
 * same installed package), DB_TYPE=postgresdb + DB_POSTGRESDB_*, EXECUTIONS_MODE=queue, QUEUE_BULL_REDIS_HOST/PORT,
 * its own N8N_PORT, task-runner broker port and QUEUE_HEALTH_CHECK_PORT.
 *
 * This file is the entry point (the demo, the queue-mode e2e suite and the webhook benchmark require it); the pieces
 * are in queue-stack/: binaries.js (finding or installing Postgres and Redis), postgres.js, redis.js, settings.js
 * (the queue-mode environment), n8n-process.js (webhook processors and workers), start.js (the steps in order).
 */
const { startQueueStack } = require('./queue-stack/start');
const { ensureQueueServices, PACKAGES } = require('./queue-stack/binaries');
const { startPostgres } = require('./queue-stack/postgres');
const { startRedis } = require('./queue-stack/redis');

module.exports = { startQueueStack, ensureQueueServices, startPostgres, startRedis, PACKAGES };
