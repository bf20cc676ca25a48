/**
 * The optional local /metrics endpoint (config `metrics.listen`), for a Prometheus or node
 * exporter setup the farm already has. Read-only and unauthenticated: bind it to loopback or a
 * management network. Each scrape renders the agent's latest state; nothing runs between scrapes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "./log";
import { renderMetrics, type TMetricsView } from "./metrics";

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface TMetricsServerOptions {
  host: string;
  /** 0: any free port (see `port` once started). */
  port: number;
  view: () => TMetricsView;
  log: Logger;
}

export class MetricsServer {
  private server: Server | null = null;

  constructor(private readonly options: TMetricsServerOptions) {}

  /** Listens; rejects when the address cannot be bound (in use, not local). */
  async start(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    // A scraper that keeps its connection open must not hold up the agent's shutdown.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", (e) => this.options.log.log("warn", "metrics endpoint error", { error: e.message }));
    this.server = server;
  }

  /** The bound port (the chosen one when configured as 0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: the agent serves /metrics\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("method not allowed\n");
      return;
    }
    let body: string;
    try {
      body = renderMetrics(this.options.view());
    } catch (e) {
      this.options.log.log("error", "could not render metrics", { error: (e as Error).message });
      res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("could not render metrics\n");
      return;
    }
    res.writeHead(200, { "content-type": METRICS_CONTENT_TYPE, "content-length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
  }
}
