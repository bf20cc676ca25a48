/**
 * HTTP client for the control plane's agent API. Every call has a timeout; errors are sorted
 * into "retry later" (network, 5xx, 429) and "refused" (4xx: the request itself is wrong).
 */
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { type TDesiredState, type TEnrollRequest, type TEnrollResponse, type TTelemetryAck, type TTelemetryBatch, ZEnrollResponse, ZTelemetryAck } from "@rigshift/protocol";

export class ControlPlaneError extends Error {
  constructor(
    message: string,
    /** HTTP status, or 0 for network failures and timeouts. */
    readonly status: number,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export class ControlPlaneClient {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 2 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 2 });

  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
    private token?: string,
  ) {}

  setToken(token: string) {
    this.token = token;
  }

  async enroll(request: TEnrollRequest): Promise<TEnrollResponse> {
    return ZEnrollResponse.parse(await this.call("POST", "/api/agent/v1/enroll", request, false));
  }

  async postTelemetry(batch: TTelemetryBatch): Promise<TTelemetryAck> {
    return ZTelemetryAck.parse(await this.call("POST", "/api/agent/v1/telemetry", batch, true));
  }

  async desiredState(): Promise<TDesiredState | null> {
    const body = (await this.call("GET", "/api/agent/v1/desired-state", undefined, true)) as { desired: TDesiredState | null };
    return body.desired;
  }

  private async call(method: string, path: string, body: unknown, auth: boolean): Promise<unknown> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (auth && this.token) headers.authorization = `Bearer ${this.token}`;
    let res: { status: number; text: string; location?: string };
    try {
      res = await this.exchange(method, new URL(path, this.baseUrl), headers, body === undefined ? undefined : JSON.stringify(body));
    } catch (e) {
      const reason = e instanceof RequestTimeout ? `no answer within ${this.timeoutMs} ms` : ((e as { code?: string }).code ?? (e as Error).message);
      throw new ControlPlaneError(`control plane unreachable: ${reason}`, 0, true);
    }
    if (res.status >= 200 && res.status < 300) return res.text ? JSON.parse(res.text) : null;
    if (res.status >= 300 && res.status < 400) {
      // Requests are not followed across redirects (a POST would turn into a GET): the URL is wrong.
      throw new ControlPlaneError(`control plane answered ${res.status} to ${res.location ?? "?"}: set controlPlaneUrl to that address`, res.status, false);
    }
    let message = `${res.status}`;
    try {
      message = `${res.status} ${(JSON.parse(res.text) as { error?: { message?: string } }).error?.message ?? ""}`.trim();
    } catch {
      // not our error format (a proxy page): keep the status
    }
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new ControlPlaneError(`control plane answered ${message}`, res.status, retryable);
  }

  /**
   * One request and its whole answer within timeoutMs, on a kept-alive connection. node:http
   * rather than fetch: fetch loads undici, about 9 MB of the agent's resident memory.
   */
  private exchange(method: string, url: URL, headers: Record<string, string>, payload?: string) {
    return new Promise<{ status: number; text: string; location?: string }>((resolve, reject) => {
      const tls = url.protocol === "https:";
      const req = (tls ? httpsRequest : httpRequest)(
        url,
        { method, headers: payload === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(payload)) }, agent: tls ? this.httpsAgent : this.httpAgent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", fail);
          res.on("end", () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), location: res.headers.location });
          });
        },
      );
      function fail(error: Error) {
        clearTimeout(timer);
        reject(error);
      }
      const timer = setTimeout(() => req.destroy(new RequestTimeout()), this.timeoutMs);
      req.on("error", fail);
      req.end(payload);
    });
  }
}

class RequestTimeout extends Error {}
