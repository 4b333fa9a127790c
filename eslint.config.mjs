import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', '.data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Only the data layer talks to the database (db/, scripts/, tests and benchmarks set it up): pages,
    // actions, routes, components and the rest of lib call a lib/dal function. lib/startup.ts opens and
    // closes the connection with the server's lifecycle; lib/testing holds the e2e test hooks (served only when
    // E2E_TEST_HOOKS=1), kept out of the data layer. Client components importing lib/dal at all is
    // refused by tests/unit/architecture.test.ts (a directive, not a path, says what runs in the browser).
    files: ['app/**', 'components/**', 'lib/**', 'middleware.ts'],
    ignores: ['lib/dal/**', 'lib/startup.ts', 'lib/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@/db/client', message: 'Only lib/dal talks to the database: call a data-layer function.' }],
          patterns: [{ group: ['postgres', '@electric-sql/pglite', '@electric-sql/pglite/*', 'drizzle-orm/postgres-js', 'drizzle-orm/pglite'], message: 'Only lib/dal and db/ talk to the database.' }],
        },
      ],
    },
  },
];

export default config;
