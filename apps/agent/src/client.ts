/**
 * HTTP client for the control plane's agent API. Every call has a timeout; errors are sorted
 * into "retry later" (network, 5xx, 429) and "refused" (4xx: the request itself is wrong).
 */
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
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const reason = (e as Error).name === "TimeoutError" ? `no answer within ${this.timeoutMs} ms` : ((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message);
      throw new ControlPlaneError(`control plane unreachable: ${reason}`, 0, true);
    }
    const text = await res.text();
    if (res.ok) return text ? JSON.parse(text) : null;
    let message = `${res.status}`;
    try {
      message = `${res.status} ${(JSON.parse(text) as { error?: { message?: string } }).error?.message ?? ""}`.trim();
    } catch {
      // not our error format (a proxy page): keep the status
    }
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    throw new ControlPlaneError(`control plane answered ${message}`, res.status, retryable);
  }
}
