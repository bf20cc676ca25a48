import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { poolConfigFromUrl } from "./pg-config";

export type { Prisma } from "./generated/prisma/client";

function makePrisma(pool: pg.Pool) {
  // Secret columns never leave the database unless a query asks for them by name.
  return new PrismaClient({ adapter: new PrismaPg(pool), omit: { user: { passwordHash: true }, notificationChannel: { secret: true } } });
}

export type Prisma$ = ReturnType<typeof makePrisma>;
/** The client or an interactive transaction's client: verbs accept either. */
export type DbOrTx = Omit<Prisma$, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * One pool per process, shared by Prisma and by the few hot paths that bypass the ORM
 * on purpose (bulk telemetry: see agents/ingest-sql.ts).
 */
export interface Database {
  prisma: Prisma$;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function createDatabase(databaseUrl: string, options: { maxConnections?: number } = {}): Database {
  const pool = new pg.Pool({ ...poolConfigFromUrl(databaseUrl), max: options.maxConnections ?? 10 });
  // An idle client losing its server (Postgres restarted) must not crash the process.
  pool.on("error", () => {});
  const prisma = makePrisma(pool);
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

const globalForDb = globalThis as unknown as { rigshiftDb?: Database; rigshiftDbUrl?: string };

/** Process-wide singleton (survives Next.js dev reloads). */
export function getDatabase(databaseUrl: string): Database {
  if (!globalForDb.rigshiftDb || globalForDb.rigshiftDbUrl !== databaseUrl) {
    globalForDb.rigshiftDb = createDatabase(databaseUrl);
    globalForDb.rigshiftDbUrl = databaseUrl;
  }
  return globalForDb.rigshiftDb;
}
