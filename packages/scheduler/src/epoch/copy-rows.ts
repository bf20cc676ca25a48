/**
 * COPY ... FROM STDIN over a pooled pg connection, without a streams package: the pg driver hands
 * a submitted object the copy-in phase (`handleCopyInResponse`) and sends CopyData / CopyDone /
 * CopyFail for it. The epoch writes one Decision per rig per epoch (100k rows at 100k rigs):
 * COPY's text format is the cheapest way in, for the client (no parameter arrays to build and
 * escape) and for the server (no arrays to parse and unnest). Tested in copy-rows.test.ts.
 */
import type { pgTransaction } from "@rigshift/db";

/** A pooled pg connection, as pgTransaction lends it. */
export type TPgClient = Parameters<Parameters<typeof pgTransaction>[1]>[0];

/** A value as COPY's text format writes it: null is \N, arrays of numbers are int[]/float8[] literals. */
export type TCopyValue = string | number | bigint | boolean | Date | null | undefined | readonly number[];

/** Characters COPY's text format reserves, and how it escapes them. */
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const RESERVED = /[\\\t\n\r]/;
const RESERVED_ALL = /[\\\t\n\r]/g;

function encode(value: TCopyValue): string {
  if (value === null || value === undefined) return "\\N";
  switch (typeof value) {
    case "string":
      return RESERVED.test(value) ? value.replace(RESERVED_ALL, (c) => ESCAPES[c]!) : value;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`copyRows: ${value} is not a finite number`);
      return String(value);
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "t" : "f";
    default:
      if (value instanceof Date) return value.toISOString();
      for (const x of value) if (!Number.isFinite(x)) throw new TypeError(`copyRows: ${x} is not a finite number`);
      return `{${value.join(",")}}`;
  }
}

/** Rows are sent in chunks of about this many characters, waiting for the socket to drain between them. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Copies `rows` into `table` (`columns` in the rows' order) on `client`, inside whatever transaction
 * it is in. Resolves to the number of rows the server copied; rejects with the server's error
 * (a constraint, a bad value) or an encoding error, after which the connection is usable again.
 */
export function copyRows({
  client,
  table,
  columns,
  rows,
}: {
  client: TPgClient;
  table: string;
  columns: readonly string[];
  rows: Iterable<readonly TCopyValue[]>;
}): Promise<number> {
  const sql = `COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`;
  return new Promise((resolve, reject) => {
    let copied = 0;
    let failed = false;
    const submittable = {
      submit(connection: TCopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: TCopyConnection) {
        send(connection).catch((error: Error) => {
          // The server answers CopyFail with an error, which rejects through handleError.
          failed = true;
          connection.sendCopyFail(error.message);
        });
      },
      handleCommandComplete(msg: { text?: string }) {
        copied = Number(/^COPY (\d+)/.exec(msg.text ?? "")?.[1] ?? 0);
      },
      handleReadyForQuery() {
        resolve(copied);
      },
      handleError(error: Error) {
        failed = true;
        reject(error);
      },
      handleCopyData() {},
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
    };

    async function send(connection: TCopyConnection) {
      let chunk = "";
      for (const row of rows) {
        if (failed) return;
        if (row.length !== columns.length) throw new TypeError(`copyRows: a row of ${row.length} values for ${columns.length} columns`);
        for (let i = 0; i < row.length; i++) chunk += i ? `\t${encode(row[i])}` : encode(row[i]);
        chunk += "\n";
        if (chunk.length >= CHUNK_CHARS) {
          connection.sendCopyFromChunk(Buffer.from(chunk));
          chunk = "";
          if (connection.stream.writableNeedDrain) await new Promise((done) => connection.stream.once("drain", done));
        }
      }
      if (failed) return;
      if (chunk) connection.sendCopyFromChunk(Buffer.from(chunk));
      connection.endCopyFrom();
    }

    // pg runs any object with a submit method as a query; the typings know only its own.
    (client as unknown as { query(q: typeof submittable): void }).query(submittable);
  });
}

/** What of pg's (untyped) Connection the copy-in phase uses. */
interface TCopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
}
