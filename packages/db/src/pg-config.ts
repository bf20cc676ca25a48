import type { PoolConfig } from "pg";

/**
 * Splits a postgres:// URL into discrete pool fields. A pool built from `connectionString`
 * ignores a later `database` override, which is how Prisma's shadow database would land on
 * the main one; discrete fields keep the override working.
 */
export function poolConfigFromUrl(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must be a postgres:// URL, got ${url.protocol}`);
  }
  const params = url.searchParams;
  const host = params.get("host") ?? (url.hostname || "127.0.0.1");
  return {
    host: decodeURIComponent(host),
    port: url.port ? Number(url.port) : 5432,
    user: url.username ? decodeURIComponent(url.username) : "postgres",
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
    ssl: params.get("sslmode") === "require" ? { rejectUnauthorized: false } : undefined,
  };
}
