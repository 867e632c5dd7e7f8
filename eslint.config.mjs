import { defineConfig } from 'eslint/config';
import tsParser from '@typescript-eslint/parser';
import * as jsoncParser from 'jsonc-eslint-parser';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// n8n's community-node rules with Cloud support kept on (restricted globals and imports enforced), plus the
// eslint-plugin-n8n-nodes-base rule sets, on exactly what ships: nodes/, credentials/ and package.json.
// Dev-only folders (emulator, tests, benchmarks, scripts) are not part of the package and are not linted here.
const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'];

export default defineConfig([
	{ ignores: ['dist/**', 'node_modules/**', 'emulator/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', 'docs/**'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json' } },
	},
	{ files: ['package.json'], languageOptions: { parser: jsoncParser } },
	{
		files: shipped,
		plugins: { ...communityNodes.configs.recommended.plugins, 'n8n-nodes-base': n8nNodesBase },
		rules: { ...communityNodes.configs.recommended.rules },
	},
	{ files: ['nodes/**/*.ts', 'credentials/**/*.ts'], rules: { 'no-console': 'error' } },
	{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// The rule's own docs: "Only applicable to nodes in the main repository" (their docs are camelCase slugs);
			// community credentials link a full URL, which @n8n/community-nodes/credential-documentation-url checks.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Flags every field named like "*Key", including TikTok's App Key, which is public (it travels in every
			// request URL). @n8n/community-nodes/credential-password-field and credential-unnecessary-password
			// judge sensitivity more precisely and stay on.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// The same three exceptions n8n's own node-cli config makes.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
]);
