// Lint: typescript-eslint strictTypeChecked, plus the layer rules of DESIGN.md §2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: ['**/commands/**', ...forbidden], message: why }] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bin/**', 'eslint.config.js', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // An async method without await is fine: it still returns a promise, as callers expect.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // node:test's describe/it return promises that the runner awaits itself.
      '@typescript-eslint/no-floating-promises': 'off',
      'no-console': 'off',
    },
  },
  // Later blocks override earlier ones for the same files, so the general rule comes first
  // and every block lists the whole set it forbids (commands/ always).
  layer(['src/**', 'schema/**'], [], 'src/ never imports oclif commands (DESIGN.md §2)'),
  // The SIP stack knows nothing of config, databases, RPC or the CLI.
  layer(['src/sip/**'], ['**/cfg/**', '**/db/**', '**/rpc/**', '**/cli/**', '**/modules/**', '**/daemon/**', 'knex'], 'src/sip is below cfg, db, rpc, modules and cli (DESIGN.md §2)'),
  layer(['src/config/**', 'src/db/**', 'schema/**'], ['**/cli/**', '**/daemon/**', '**/modules/**'], 'config, db and schema do not import the CLI or the daemon (DESIGN.md §2)'),
  layer(['src/rpc/**'], ['**/cli/**', '**/daemon/**'], 'rpc does not import the CLI or the daemon (DESIGN.md §2)'),
  layer(['src/cfg/**'], ['**/cli/**', '**/daemon/**', '**/rpc/**'], 'the routing language does not import the CLI, the daemon or rpc (DESIGN.md §2)'),
  layer(['src/modules/**'], ['**/cli/**', '**/daemon/**'], 'modules do not import the CLI or the daemon (DESIGN.md §2)'),
);
