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
    // Domain logic imports no Azure SDK: it reaches storage through shared/platform/data. Exceptions:
    // the Entra adapter (MSAL is that provider's own client).
    files: ['shared/**/*.ts'],
    ignores: ['shared/platform/**', 'shared/identity/entra-provider.ts'],
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
    // A domain on the store pattern (shared/README.md) names no repository and not the ledger's
    // posting lane outside its Cosmos implementation; test/repo/domain-stores.test.ts checks the
    // rest (who builds a store) and lists the domains not yet on it. A domain joins here when it leaves that list.
    files: [
      'shared/identity/**/*.ts',
      'shared/items/**/*.ts',
      'shared/dimensions/**/*.ts',
      'shared/payables/**/*.ts',
      'shared/receivables/**/*.ts',
      'shared/onboarding/**/*.ts',
      'shared/security-signals/**/*.ts',
      'shared/integrity/**/*.ts',
      'shared/portfolio/**/*.ts',
      'shared/payment-runs/**/*.ts',
    ],
    ignores: ['shared/**/cosmos-*-store.ts', 'shared/**/cosmos-*-repository.ts', 'shared/identity/entra-provider.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@azure/*'], message: 'Domain code reaches storage through its store, not the Azure SDK.' },
            {
              group: [
                '**/platform/data/tenant-repository',
                '**/platform/data/platform-repository',
                '**/platform/data/tenant-transaction',
                '**/platform/data/partition-reads',
                '**/platform/data/restricted-repository',
                '**/ledger/ledger-repository',
                '../*/cosmos-*',
              ],
              message: 'A service reaches storage through the store its dependencies give it (<domain>-store.ts).',
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
