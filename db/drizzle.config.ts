import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes migrations from the schema; it needs no database (the app applies them at start).
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
});
