/** End-to-end tests in a real n8n 2.x server (see scripts/lib/n8n-runtime.js); run by `npm run test:e2e`. */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }] },
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	// One n8n server and one emulator for the whole suite (test/e2e/support/global-setup.ts).
	globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
	testSequencer: '<rootDir>/test/e2e/support/sequencer.js',
	testTimeout: 15 * 60 * 1000,
	maxWorkers: 1,
};
