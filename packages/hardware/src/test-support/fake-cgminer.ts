import { createServer, type Socket } from "node:net";

/** How the fake miner answers one request. */
export type TFakeAnswer =
  /** Send these bytes, then close (what cgminer does). */
  | Buffer
  /** Send these bytes and keep the connection open (the reply must end with NUL). */
  | { bytes: Buffer; keepOpen: true }
  /** Accept and never answer. */
  | "hang";

export interface TFakeRequest {
  command: string;
  parameter?: string;
}

/**
 * Test-only: a cgminer API on 127.0.0.1 (ephemeral port, loopback only) that answers each
 * request as `answer` decides, usually with the bytes of a real capture.
 */
export async function startFakeCgminer(answer: (request: TFakeRequest) => TFakeAnswer) {
  const requests: TFakeRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let received = "";
    socket.on("data", (chunk) => {
      received += chunk.toString("utf8");
      let request: TFakeRequest;
      try {
        request = JSON.parse(received) as TFakeRequest;
      } catch {
        return; // not all of it yet
      }
      requests.push(request);
      const reply = answer(request);
      if (reply === "hang") return;
      if (Buffer.isBuffer(reply)) socket.end(reply);
      else socket.write(reply.bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake cgminer has no TCP address");
  return {
    host: "127.0.0.1",
    port: address.port,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A multi-command reply ("summary+devs") built from single replies, as cgminer composes it. */
export function multiReply(parts: Record<string, Buffer>): Buffer {
  const body = Object.entries(parts)
    .map(([command, bytes]) => `"${command}":[${bytes.toString("utf8").replace(/[\s\0]+$/, "")}]`)
    .join(",");
  return Buffer.from(`{${body},"id":1}\0`);
}
