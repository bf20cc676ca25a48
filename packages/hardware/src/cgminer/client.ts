import { createConnection } from "node:net";
import type { TProbeProblem } from "../backend";
import { decodeCgminerReply } from "./decode";

export interface TCgminerRequest {
  host: string;
  /** cgminer API port. */
  port?: number;
  /** "summary", "summary+devs", "ascset", ... */
  command: string;
  /** cgminer's single parameter string ("0,softoff,1:1753434821"). */
  parameter?: string;
  /** Time allowed to open the connection, ms. */
  connectTimeoutMs?: number;
  /** Time allowed, once connected, for the whole reply to arrive, ms. */
  readTimeoutMs?: number;
  /** Largest reply accepted, bytes. */
  maxReplyBytes?: number;
}

export type TCgminerResult = { ok: true; value: unknown; bytes: number; repairs: string[] } | { ok: false; problem: TProbeProblem };

const SOURCE = "cgminer";

/**
 * One request to a cgminer-style API (TCP, JSON request, reply ends when the miner closes
 * the connection or sends a NUL byte). Every failure is a problem, never a throw, and both
 * the connection and the reply have their own deadline, so a miner that accepts and never
 * answers cannot hold the caller.
 */
export function cgminerRequest(request: TCgminerRequest): Promise<TCgminerResult> {
  const { host, command, parameter } = request;
  const port = request.port ?? 4028;
  const connectTimeoutMs = request.connectTimeoutMs ?? 3000;
  const readTimeoutMs = request.readTimeoutMs ?? 5000;
  const maxReplyBytes = request.maxReplyBytes ?? 8 * 1024 * 1024;
  const where = `${host}:${port}`;

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const socket = createConnection({ host, port });

    const settle = (result: TCgminerResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      socket.destroy();
      resolve(result);
    };
    const fail = (kind: TProbeProblem["kind"], message: string) => settle({ ok: false, problem: { source: SOURCE, kind, message: `${command} on ${where}: ${message}` } });
    const finish = () => {
      const bytes = Buffer.concat(chunks);
      const decoded = decodeCgminerReply(bytes, SOURCE);
      if (decoded.ok) settle({ ok: true, value: decoded.value, bytes: bytes.length, repairs: decoded.repairs });
      else fail(decoded.problem.kind, decoded.problem.message);
    };

    const connectTimer = setTimeout(() => fail("timeout", `no connection within ${connectTimeoutMs} ms`), connectTimeoutMs);
    let readTimer: NodeJS.Timeout | undefined;

    socket.once("connect", () => {
      clearTimeout(connectTimer);
      readTimer = setTimeout(() => {
        // Some firmwares neither close nor send NUL: a complete reply is still a reply.
        const decoded = received > 0 ? decodeCgminerReply(Buffer.concat(chunks), SOURCE) : undefined;
        if (decoded?.ok) settle({ ok: true, value: decoded.value, bytes: received, repairs: decoded.repairs });
        else fail("timeout", `no complete reply within ${readTimeoutMs} ms (${received} bytes received)`);
      }, readTimeoutMs);
      socket.write(JSON.stringify(parameter === undefined ? { command } : { command, parameter }));
    });
    socket.on("data", (chunk: Buffer) => {
      const nul = chunk.indexOf(0);
      const kept = nul === -1 ? chunk : chunk.subarray(0, nul);
      chunks.push(kept);
      received += kept.length;
      if (received > maxReplyBytes) fail("error", `reply larger than ${maxReplyBytes} bytes`);
      // cgminer ends its reply with a NUL; some firmwares then keep the connection open.
      else if (nul !== -1) finish();
    });
    socket.once("end", finish);
    socket.once("close", () => {
      if (!settled) finish();
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "ECONNREFUSED" ? "connection refused" : `${error.code ?? "socket error"}: ${error.message}`;
      fail("error", reason);
    });
  });
}
