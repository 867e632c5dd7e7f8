/** Unit, emulator and integration tests. The real-n8n end-to-end suite has its own config (jest.e2e.config.js). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }];
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/e2e/'],
	testTimeout: 60000,
	// fail any test whose emulators saw a request field or value TikTok's reference does not allow
	setupFilesAfterEnv: ['<rootDir>/test/support/failOnEmulatorWarnings.ts'],
};
