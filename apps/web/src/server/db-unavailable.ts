/**
 * Whether an error means "the database is away for now" (a 503 the client retries) rather than a
 * bug (a 500). Postgres being restarted reaches the routes in three shapes:
 *   - from pg directly (the telemetry hot path): a socket code, or Postgres's own shutdown and
 *     startup codes, or a connection dropped mid-query ("Connection terminated unexpectedly",
 *     no code at all);
 *   - from Prisma's pg adapter when Prisma has no code for it: a DriverAdapterError whose
 *     `cause` carries the Postgres code (`originalCode`);
 *   - from Prisma with its own codes: P1001 can't reach the server, P1008 timed out, P1017 the
 *     server closed the connection, P2024 no pool connection in time, P2028 a transaction could
 *     not start in time (a burst of enrollments), P2037 too many connections.
 * To be called by the one error adapter (server/http.ts, errorResponse) in place of its code set.
 */
const PG_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "53300"]);
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028", "P2037"]);
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Transaction API error: Unable to start a transaction in the given time)/;

interface TErrorShape {
  code?: unknown;
  message?: unknown;
  cause?: { code?: unknown; originalCode?: unknown };
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const e = error as TErrorShape;
  const codes = [e.code, e.cause?.code, e.cause?.originalCode].filter((c): c is string => typeof c === "string");
  if (codes.some((c) => PG_CODES.has(c) || PRISMA_CODES.has(c))) return true;
  return typeof e.message === "string" && PG_MESSAGES.test(e.message);
}
