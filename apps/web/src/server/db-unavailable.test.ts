import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./db-unavailable";

const pgError = (code: string) => Object.assign(new Error("x"), { code });

describe("isDatabaseUnavailable", () => {
  const cases: [string, unknown, boolean][] = [
    ["pg: connection refused", pgError("ECONNREFUSED"), true],
    ["pg: Postgres shutting down (57P01)", pgError("57P01"), true],
    ["pg: Postgres starting up after a crash (57P03)", pgError("57P03"), true],
    ["pg: the connection dropped mid-query", new Error("Connection terminated unexpectedly"), true],
    ["Prisma: can't reach the server (P1001)", Object.assign(new Error("Can't reach database server at 127.0.0.1"), { code: "P1001" }), true],
    ["Prisma: the server closed the connection (P1017)", Object.assign(new Error("Server has closed the connection."), { code: "P1017" }), true],
    [
      "Prisma: no transaction could start in time, as when every rig of a farm enrolls at once (P2028)",
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
      true,
    ],
    ["the same without its code", new Error("Transaction API error: Unable to start a transaction in the given time."), true],
    [
      "Prisma adapter: a Postgres code Prisma has no name for",
      Object.assign(new Error("DriverAdapterError"), { cause: { kind: "postgres", code: "57P03", originalCode: "57P03" } }),
      true,
    ],
    ["Prisma: a unique constraint is a bug or a conflict, not an outage", Object.assign(new Error("Unique constraint failed"), { code: "P2002" }), false],
    ["pg: a syntax error", pgError("42601"), false],
    ["anything else", new Error("boom"), false],
    ["not an error", "ECONNREFUSED", false],
  ];
  for (const [name, error, expected] of cases) it(name, () => expect(isDatabaseUnavailable(error)).toBe(expected));
});
