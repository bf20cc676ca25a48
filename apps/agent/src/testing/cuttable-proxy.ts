/**
 * Test-only: a loopback TCP proxy in front of a control plane, to cut it the ways a rig's
 * network does:
 *   up             passes everything through;
 *   refuse         nothing listens: connections are refused;
 *   reset          accepts, then drops the connection as the request arrives (never reaches the server);
 *   drop-response  forwards the request, then drops the connection as the answer starts: the
 *                  server has stored the batch, the agent never hears so.
 * Changing the mode drops every open connection, so no pooled keep-alive socket slips through.
 */
import { createServer, connect as netConnect, type Socket } from "node:net";

export type TProxyMode = "up" | "refuse" | "reset" | "drop-response";

export async function startCuttableProxy(target: { host: string; port: number }) {
  let mode: TProxyMode = "up";
  const sockets = new Set<Socket>();
  /** Connections accepted per mode, to check that a cut was really exercised. */
  const connections: Record<TProxyMode, number> = { up: 0, refuse: 0, reset: 0, "drop-response": 0 };

  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => {});
  };

  const server = createServer((client) => {
    track(client);
    const m = mode;
    connections[m] += 1;
    if (m === "reset") {
      client.once("data", () => client.destroy());
      return;
    }
    const upstream = netConnect(target.port, target.host);
    track(upstream);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (m === "drop-response") {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });

  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
  await listen(0);
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    get mode() {
      return mode;
    },
    async setMode(next: TProxyMode) {
      for (const s of sockets) s.destroy();
      if (next === "refuse" && server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      if (next !== "refuse" && !server.listening) await listen(port);
      mode = next;
    },
    async close() {
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
