// Type-checked rules over everything TypeScript; Prettier owns formatting (eslint-config-prettier
// turns off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.deploy/', '.local-data/', 'coverage/', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Handlers and interface implementations are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The demo page's script runs in the browser as it is, with no build step and no type information.
    files: ['local/spa/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        ['clearTimeout', 'document', 'fetch', 'FormData', 'location', 'navigator', 'setTimeout', 'URLSearchParams'].map(
          (name) => [name, 'readonly'],
        ),
      ),
    },
  },
  {
    // Domain logic reaches storage only through the repositories in shared/platform/data and is
    // given them through DomainDependencies; it imports no Azure SDK. Exceptions: the Entra adapter
    // (MSAL is that provider's own client) and the daily close's organisation listing, whose raw
    // cross-partition query is being replaced by a queue fan-out (issue 16, item 7).
    files: [
      'shared/ledger/**/*.ts',
      'shared/identity/**/*.ts',
      'shared/payment-runs/**/*.ts',
      'shared/payables/**/*.ts',
      'shared/portfolio/**/*.ts',
      'shared/dimensions/**/*.ts',
      'shared/onboarding/**/*.ts',
      'shared/receivables/**/*.ts',
      'shared/integrity/**/*.ts',
    ],
    ignores: ['shared/identity/entra-provider.ts', 'shared/ledger/scheduled-close.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@azure/*'],
              message: 'Domain code uses the repositories of shared/platform/data, not the Azure SDK.',
            },
          ],
        },
      ],
    },
  },
  {
    // Vitest's asymmetric matchers (expect.any) are typed any by design.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  prettier,
);
