/**
 * Entry point of the agent gateway process (see agent-gateway.ts).
 *   AGENT_GATEWAY_PORT (default 3100), AGENT_GATEWAY_HOST (default 0.0.0.0),
 *   AGENT_GATEWAY_WORKERS (default 1: processes sharing the port through node:cluster; each has
 *   its own batcher, token cache and database pool), plus the web app's own variables
 *   (DATABASE_URL, MAX_BODY_BYTES, …).
 * SIGTERM/SIGINT: stop accepting, answer what is in flight (each answer follows its COMMIT), exit.
 */
import cluster from "node:cluster";
import { env } from "../env";
import { db } from "../server/db";
import { createAgentGateway } from "./agent-gateway";

// A wrong configuration stops the process here, with the variable named.
const { AGENT_GATEWAY_PORT: port, AGENT_GATEWAY_HOST: host, AGENT_GATEWAY_WORKERS: workers } = env();
const log = (msg: string, extra: Record<string, unknown> = {}) => console.log(JSON.stringify({ level: "info", msg, pid: process.pid, ...extra }));

if (workers > 1 && cluster.isPrimary) {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(JSON.stringify({ level: "error", msg: "agent gateway worker exited; starting another", pid: worker.process.pid, code, signal }));
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    log("agent gateway stopping", { signal });
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    setTimeout(() => process.exit(0), 12_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
} else {
  const server = createAgentGateway();
  server.listen(port, host, () => log("agent gateway listening", { host, port }));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("agent gateway stopping", { signal });
    server.close(() => {
      void db()
        .close()
        .finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
