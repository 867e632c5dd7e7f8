// @ts-check
'use strict';
/**
 * What every n8n process of queue mode gets (n8n's documented queue-mode settings): Postgres, Redis, queue mode, and
 * the tuning measured for webhook bursts; and the emulator flag that sends TikTok's deliveries to the first webhook
 * processor.
 */

/**
 * @param {object} services
 * @param {number} services.pgPort
 * @param {string} services.database
 * @param {number} services.redisPort
 * @param {Record<string, string>} [extraEnv] wins over everything
 * @returns {Record<string, string>}
 */
function queueEnv({ pgPort, database, redisPort }, extraEnv = {}) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pgPort),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		// n8n's default pool of 2 connections saturates under a webhook burst: its database ping then times out,
		// n8n marks the database "not ready" and answers 503 to every call until the next ping (measured here:
		// 389 of 500 deliveries)
		DB_POSTGRESDB_POOL_SIZE: '10',
		// n8n 2.41 takes an expression isolate for every webhook call of any trigger but its own Webhook node, and
		// for every execution, and builds a new one each time: ~80 ms of CPU. With lazy acquisition it builds one
		// only when an expression is really evaluated: the TikTok Shop Trigger's deliveries then cost none
		// (4× the deliveries per second on a webhook processor, docs/running-at-scale.md)
		N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true',
		N8N_EXPRESSION_ENGINE_POOL_SIZE: '4',
		// "Execute workflow" in the editor runs on a worker too, so tests can spread runs over the workers
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		...extraEnv,
	};
}

/**
 * The emulator flags that deliver TikTok's production webhooks (`<base>webhook/…`) to the first processor; none
 * without processors (main answers them then).
 * @param {string} webhookBase ending with '/'
 * @param {number[]} processorPorts
 * @returns {string[]}
 */
function processorRewrite(webhookBase, processorPorts) {
	return processorPorts.length > 0
		? ['--webhook-rewrite', `${webhookBase}webhook/=http://127.0.0.1:${processorPorts[0]}/webhook/`]
		: [];
}

module.exports = { queueEnv, processorRewrite };
