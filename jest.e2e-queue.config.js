/**
 * The queue-mode end-to-end suite: a real n8n 2.41 in queue mode (private Postgres and Redis, main, one webhook
 * processor, two workers; scripts/lib/queue-stack.js). Run by `npm test` and `npx jest --config jest.e2e-queue.config.js`.
 */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }] },
	testMatch: ['<rootDir>/test/e2e-queue/**/*.e2e.ts'],
	testTimeout: 15 * 60 * 1000,
	maxWorkers: 1,
};
