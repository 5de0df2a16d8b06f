import { defineConfig } from 'prisma/config'

// Prisma 7 does not read .env, and env('DATABASE_URL') would make even `prisma generate` fail
// when the variable is unset. Migrations run through scripts/migrate.ts (Wasm schema engine).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL },
})
