import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./packages/db/src/migrate-adapter";

// `prisma generate` needs no database; a harmless default keeps it working where none is set.
process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/rigshift";
const databaseUrl = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: async () => migrationAdapter(databaseUrl),
});
