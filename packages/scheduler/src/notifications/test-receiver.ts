/**
 * Test-only: a local HTTP server posing as a webhook endpoint, Slack or the Telegram API. It
 * records every request (raw body included, to check signatures) and answers with the statuses
 * it is given in turn, then 200.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface TReceived {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  json: Record<string, unknown>;
}

export async function startReceiver() {
  const received: TReceived[] = [];
  /** Per path: statuses to answer in turn (then 200). */
  const script = new Map<string, number[]>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, raw, json: JSON.parse(raw || "{}") });
      const status = script.get(path)?.shift() ?? 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(status === 200 ? { ok: true } : { ok: false, description: `scripted ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    /** Answer the next requests to `path` with these statuses, in turn. */
    answer(path: string, ...statuses: number[]) {
      script.set(path, statuses);
    },
    to: (path: string) => received.filter((r) => r.path === path),
    reset() {
      received.length = 0;
      script.clear();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
