import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this file; it needs no connection. Migrations are applied by the app
// at start (see db/migrate.ts) or by `npm run db:migrate`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
