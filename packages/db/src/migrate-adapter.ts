/**
 * Driver adapter for Prisma's JS schema engine (migrate deploy / diff / status) without
 * downloading the Rust engines. Plain PrismaPg 6.19.3 needs three fixes for migrations:
 *  1. the schema engine reads catalog columns of type `name` (OID 19) and `"char"` (OID 18),
 *     which adapter-pg cannot map: the client reports them (and their arrays) as text;
 *  2. the shadow database must not inherit `connectionString` (see pg-config.ts);
 *  3. the shadow database is dropped only after its own pool has closed;
 * and one for Postgres 18 (the embedded server): it lists NOT NULL constraints in pg_constraint
 * (contype 'n'), which the 6.19 schema describer does not know and panics on; they are left out
 * of that query's answer (NOT NULL is still read from the columns, as before Postgres 18).
 * Used by prisma.config.ts only; the application's runtime client is in client.ts.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { poolConfigFromUrl } from "./pg-config";

const OID_TEXT = 25;
const OID_TEXT_ARRAY = 1009;
/** name, "char" -> text; name[], "char"[] -> text[] */
const AS_TEXT: Record<number, number> = { 19: OID_TEXT, 18: OID_TEXT, 1003: OID_TEXT_ARRAY, 1002: OID_TEXT_ARRAY };

type TypeParserFn = (oid: number, format?: string) => unknown;
type QueryConfigWithTypes = { types?: { getTypeParser: TypeParserFn } };
type ResultWithFields = { fields?: { dataTypeID: number; name?: string }[]; rows?: unknown[] };

class CatalogTextClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() is heavily overloaded
  override query(config: any, values?: any, callback?: any): any {
    if (config && typeof config === "object" && (config as QueryConfigWithTypes).types) {
      const inner = (config as QueryConfigWithTypes).types as { getTypeParser: TypeParserFn };
      config = {
        ...config,
        types: { getTypeParser: (oid: number, format?: string) => inner.getTypeParser(AS_TEXT[oid] ?? oid, format) },
      };
    }
    // pg.Pool calls query(config, values, callback); a direct caller may use the promise form.
    if (typeof values === "function") {
      callback = values;
      values = undefined;
    }
    const text = typeof config === "string" ? config : ((config as { text?: string })?.text ?? "");
    const fix = (res: ResultWithFields | undefined) => withoutNotNullConstraints(text, reportAsText(res));
    if (typeof callback === "function") {
      const done = callback as (err: Error | null, res?: ResultWithFields) => void;
      return super.query(config, values, (err: Error | null, res?: ResultWithFields) => done(err, fix(res)));
    }
    return (super.query(config, values) as Promise<ResultWithFields>).then(fix);
  }
}

function withoutNotNullConstraints<T extends ResultWithFields | undefined>(text: string, res: T): T {
  if (!res?.fields || !res.rows || !text.includes("pg_constraint")) return res;
  const at = res.fields.findIndex((f) => f.name === "constraint_type");
  if (at < 0) return res;
  res.rows = res.rows.filter((row) => (Array.isArray(row) ? row[at] : (row as Record<string, unknown>).constraint_type) !== "n");
  return res;
}

function reportAsText<T extends ResultWithFields | undefined>(res: T): T {
  for (const field of res?.fields ?? []) {
    const mapped = AS_TEXT[field.dataTypeID];
    if (mapped) field.dataTypeID = mapped;
  }
  return res;
}

class MigrationPg extends PrismaPg {
  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replaceAll("-", "")}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = new PrismaPg({ ...this.poolConfig, database });
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await main.dispose();
    };
    return adapter;
  }
}

export function migrationAdapter(databaseUrl: string): PrismaPg {
  // allowExitOnIdle: the CLI leaves the pool open; without it every prisma command lingers 10 s.
  return new MigrationPg({ ...poolConfigFromUrl(databaseUrl), Client: CatalogTextClient, allowExitOnIdle: true } as pg.PoolConfig);
}
