/**
 * The ingest benchmark's floor target (scripts/bench/ingest.ts, target floor): a node:http
 * server that does only what any one-request-per-report ingest must do, reading the body and
 * parsing its JSON, then answers as the gateway does. No authentication, validation or storage.
 * Its rate is the most reports/s this machine can take over HTTP at all, so rate x rows per
 * report against the raw COPY ceiling bounds the end-to-end ratio any such design can reach.
 *   FLOOR_PORT (required), FLOOR_WORKERS (default 1: processes sharing the port, as the gateway's).
 */
import cluster from "node:cluster";
import http from "node:http";

const port = Number(process.env.FLOOR_PORT);
const workers = Number(process.env.FLOOR_WORKERS ?? 1);
if (!Number.isInteger(port) || port <= 0) throw new Error("FLOOR_PORT must be a port number");

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
    process.exit(0);
  });
} else {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let status = 200;
      let body: string;
      try {
        const batch = req.method === "POST" ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
        body = JSON.stringify({ batchId: batch?.batchId ?? null, accepted: batch?.samples?.length ?? 0, duplicate: false });
      } catch {
        status = 400;
        body = '{"error":{"code":"BAD_JSON"}}';
      }
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => process.exit(0));
}
