import { globalIgnores } from 'eslint/config';
import { config } from '@n8n/node-cli/eslint';

// n8n's own lint configuration for community nodes (`n8n-node lint` runs ESLint with this file): its community-node
// rules with n8n Cloud support on, eslint-plugin-n8n-nodes-base's rule sets, typescript-eslint and import checks, on
// exactly what ships: nodes/, credentials/ and package.json. The dev-only folders (emulator, tests, benchmarks,
// scripts, examples, docs) are not part of the package and use none of n8n's node rules.
// `npm run lint:scan` (scripts/scan-lint.mjs) also runs the verification scanner's rules, with inline
// eslint-disable comments ignored as the scanner ignores them.
export default [
	globalIgnores([
		'dist/**',
		'node_modules/**',
		'emulator/**',
		'test/**',
		'bench/**',
		'scripts/**',
		'examples/**',
		'docs/**',
		'*.js',
		'*.mjs',
	]),
	...config,
];
