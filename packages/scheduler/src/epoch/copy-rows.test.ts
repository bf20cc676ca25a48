/** copyRows against a real Postgres: what goes in comes back out, and a failed copy leaves the connection usable. */
import { testDatabase } from "@rigshift/db/testing";
import { afterAll, describe, expect, it } from "vitest";
import { copyRows, type TCopyValue, type TPgClient } from "./copy-rows";

const db = testDatabase(process.env.DATABASE_URL);
afterAll(() => db.close());

const COLUMNS = ["n", "big", "txt", "flag", "at", "ids", "doc", "w"] as const;
const TABLE = "copy_rows_probe";

/** Runs `work` on one connection with a temporary table of every kind of column the epoch copies. */
async function withProbeTable<T>(work: (client: TPgClient) => Promise<T>) {
  const client = await db.pool.connect();
  try {
    await client.query(`CREATE TEMP TABLE ${TABLE} (n int NOT NULL, big bigint, txt text, flag bool, at timestamptz, ids int[], doc jsonb, w float8) ON COMMIT PRESERVE ROWS`);
    return await work(client);
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => {});
    client.release();
  }
}

describe("copyRows", () => {
  it("stores every value as it was given, reserved characters and nulls included", async () => {
    const at = new Date("2026-11-23T04:05:06.789Z");
    const rows: TCopyValue[][] = [
      [1, 9_007_199_254_740_993n, "tab\there, newline\nthere, \\backslash\\ and \r", true, at, [3, 1, 2], JSON.stringify({ say: "a\tb\\c", n: [1] }), 1.5],
      [2, null, null, false, null, [], "[]", -0.25],
      [3, -5n, "plain ünïcode ✓ \\N", null, undefined, [7], "null", 0],
    ];
    const back = await withProbeTable(async (client) => {
      expect(await copyRows({ client, table: TABLE, columns: COLUMNS, rows })).toBe(3);
      return (await client.query(`SELECT n, big::text, txt, flag, at, ids, doc, w FROM ${TABLE} ORDER BY n`)).rows;
    });
    expect(back).toEqual([
      { n: 1, big: "9007199254740993", txt: "tab\there, newline\nthere, \\backslash\\ and \r", flag: true, at, ids: [3, 1, 2], doc: { say: "a\tb\\c", n: [1] }, w: 1.5 },
      { n: 2, big: null, txt: null, flag: false, at: null, ids: [], doc: [], w: -0.25 },
      { n: 3, big: "-5", txt: "plain ünïcode ✓ \\N", flag: null, at: null, ids: [7], doc: null, w: 0 },
    ]);
  });

  it("copies many rows in chunks", async () => {
    const n = 50_000;
    const long = "x".repeat(100);
    const count = await withProbeTable(async (client) => {
      await copyRows({ client, table: TABLE, columns: COLUMNS, rows: Array.from({ length: n }, (_, i) => [i, BigInt(i) * 2n, long, i % 2 === 0, null, [i], "{}", i / 4]) });
      return (await client.query(`SELECT count(*)::int AS c, sum(big)::text AS s, count(DISTINCT n)::int AS d FROM ${TABLE}`)).rows[0];
    });
    expect(count).toEqual({ c: n, s: String(n * (n - 1)), d: n });
  });

  it("rejects with the server's error, writes nothing, and leaves the connection usable", async () => {
    const after = await withProbeTable(async (client) => {
      await expect(
        copyRows({
          client,
          table: TABLE,
          columns: COLUMNS,
          rows: [
            [1, 1n, "ok", true, null, [], "{}", 1],
            [null, 1n, "n is NOT NULL", true, null, [], "{}", 1],
          ],
        }),
      ).rejects.toThrow(/null value in column "n"/);
      await expect(copyRows({ client, table: TABLE, columns: COLUMNS, rows: [[1, 1n, "bad json", true, null, [], "{nope", 1]] })).rejects.toThrow(/json/i);
      return (await client.query(`SELECT count(*)::int AS c FROM ${TABLE}`)).rows[0];
    });
    expect(after).toEqual({ c: 0 });
  });

  it("cancels the copy when a row cannot be encoded, and rolls back with its transaction", async () => {
    const after = await withProbeTable(async (client) => {
      await client.query("BEGIN");
      await copyRows({ client, table: TABLE, columns: COLUMNS, rows: [[1, 1n, "kept?", true, null, [], "{}", 1]] });
      await expect(
        copyRows({
          client,
          table: TABLE,
          columns: COLUMNS,
          rows: [
            [2, 1n, "fine", true, null, [], "{}", 1],
            [3, 1n, "NaN", true, null, [], "{}", Number.NaN],
          ],
        }),
      ).rejects.toThrow(/NaN is not a finite number/);
      await client.query("ROLLBACK");
      return (await client.query(`SELECT count(*)::int AS c FROM ${TABLE}`)).rows[0];
    });
    expect(after).toEqual({ c: 0 });
  });
});
