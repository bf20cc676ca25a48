/**
 * Test-only: the control plane's agent API on 127.0.0.1, in memory, with the real server's
 * rules: enrollment trades a token for a rig token; a telemetry batch is validated with the
 * protocol's schema, stored once by batch id and, inside it, each rig sample once by its time
 * and each device sample once by (device, time), as Postgres' primary keys do.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type TAgentEvent,
  type TDesiredState,
  type TReportedState,
  type TSample,
  type TTelemetryAck,
  type TWorkloadOffer,
  ZEnrollRequest,
  ZTelemetryBatch,
} from "@rigshift/protocol";

/** What the fake stored for one rig. */
export interface TFakeRig {
  /** Rig samples' times, in the order they were stored. */
  samples: string[];
  /** Samples accepted under any batch id (more than `samples` means a batch re-sent under a new id). */
  accepted: number;
  /** Device samples stored, by "index@time". */
  deviceSamples: Set<string>;
  events: TAgentEvent[];
  /** The rig's last reported state. */
  state: TReportedState | undefined;
  /** The newest sample stored. */
  lastSample: TSample | undefined;
  /** The workloads the rig offered: at enrollment, then with any batch that carries them. */
  workloads: TWorkloadOffer[];
}

export interface TFakeControlPlane {
  url: string;
  host: string;
  port: number;
  /** By rig id (1, 2, ... in enrollment order). */
  rigs: Map<number, TFakeRig>;
  /** Telemetry requests answered, and how many of them were batches seen before. */
  counts: { telemetry: number; duplicates: number; enrollments: number };
  setDesired(desired: TDesiredState | null): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function reply(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

const apiError = (code: string, message: string) => ({ error: { code, message } });

/** `port`: listen there (a control plane that comes back where the agent expects it); default any free port. */
export async function startFakeControlPlane(options: { desired?: TDesiredState | null; port?: number } = {}): Promise<TFakeControlPlane> {
  let desired = options.desired ?? null;
  const tokens = new Map<string, number>();
  const batches = new Set<string>();
  const sampleKeys = new Set<string>();
  const eventKeys = new Set<string>();
  const rigs = new Map<number, TFakeRig>();
  const counts = { telemetry: 0, duplicates: 0, enrollments: 0 };

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => reply(res, 500, apiError("INTERNAL", (e as Error).message)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method === "POST" && req.url === "/api/agent/v1/enroll") {
      const parsed = ZEnrollRequest.safeParse(await body(req));
      if (!parsed.success) return reply(res, 422, apiError("INVALID", parsed.error.message));
      const rigToken = `rsa_fake_${randomUUID()}`;
      counts.enrollments += 1;
      tokens.set(rigToken, counts.enrollments);
      rigs.set(counts.enrollments, { samples: [], accepted: 0, deviceSamples: new Set(), events: [], state: undefined, lastSample: undefined, workloads: parsed.data.workloads });
      return reply(res, 201, { rigId: counts.enrollments, rigToken, siteCode: "T-1" });
    }
    if (req.method === "POST" && req.url === "/api/agent/v1/telemetry") {
      const rigId = tokens.get(req.headers.authorization?.replace(/^Bearer /, "") ?? "");
      const rig = rigId === undefined ? undefined : rigs.get(rigId);
      if (!rig) return reply(res, 401, apiError("UNAUTHORIZED", "unknown or revoked token"));
      const parsed = ZTelemetryBatch.safeParse(await body(req));
      if (!parsed.success) return reply(res, 422, apiError("INVALID", parsed.error.message));
      const batch = parsed.data;
      counts.telemetry += 1;
      if (batch.workloads) rig.workloads = batch.workloads;
      let accepted = 0;
      const duplicate = batches.has(`${rigId}/${batch.batchId}`);
      if (duplicate) counts.duplicates += 1;
      else {
        batches.add(`${rigId}/${batch.batchId}`);
        for (const s of batch.samples) {
          if (!sampleKeys.has(`${rigId}@${s.at}`)) {
            sampleKeys.add(`${rigId}@${s.at}`);
            rig.samples.push(s.at);
          }
          for (const d of s.devices) rig.deviceSamples.add(`${d.index}@${s.at}`);
          if (!rig.lastSample || rig.lastSample.at < s.at) rig.lastSample = s;
        }
        for (const e of batch.events) {
          if (eventKeys.has(`${rigId}/${e.id}`)) continue;
          eventKeys.add(`${rigId}/${e.id}`);
          rig.events.push(e);
        }
        if (batch.state) rig.state = batch.state;
        accepted = batch.samples.length;
        rig.accepted += accepted;
      }
      const ack: TTelemetryAck = { accepted, duplicate, desired, serverTime: new Date().toISOString() };
      return reply(res, 200, ack);
    }
    return reply(res, 404, apiError("NOT_FOUND", `${req.method} ${req.url}`));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    rigs,
    counts,
    setDesired(next: TDesiredState | null) {
      desired = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
