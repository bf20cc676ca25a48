/**
 * One HTTP attempt and what it means: 2xx delivered; 429, 5xx, a timeout or a network error
 * worth another try; any other answer (4xx, a redirect) will not get better by retrying.
 * The request's URL may carry a credential (Slack, Telegram): errors never quote it.
 */
import type { THttpRequest } from "./requests";

export type TSendResult = { kind: "delivered"; httpStatus: number } | { kind: "retry" | "failed"; httpStatus: number | null; error: string };

export async function sendRequest(request: THttpRequest, { fetch, timeoutMs }: { fetch: typeof globalThis.fetch; timeoutMs: number }): Promise<TSendResult> {
  let res: Response;
  try {
    res = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    if (e.name === "TimeoutError" || e.name === "AbortError") return { kind: "retry", httpStatus: null, error: `no answer within ${timeoutMs / 1000} s` };
    if (e.name === "TypeError" && /invalid url|failed to parse/i.test(e.message)) return { kind: "failed", httpStatus: null, error: "the channel's URL is not valid" };
    const reason = e.cause?.code ?? e.cause?.message?.slice(0, 100);
    return { kind: "retry", httpStatus: null, error: `network error${reason ? `: ${reason}` : ""}` };
  }
  const excerpt = (await res.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 200);
  if (res.status >= 200 && res.status < 300) return { kind: "delivered", httpStatus: res.status };
  const error = `HTTP ${res.status}${excerpt ? `: ${excerpt}` : ""}`;
  if (res.status === 429 || res.status >= 500) return { kind: "retry", httpStatus: res.status, error };
  if (res.status >= 300 && res.status < 400) return { kind: "failed", httpStatus: res.status, error: `HTTP ${res.status}: redirected; point the channel at the final URL` };
  return { kind: "failed", httpStatus: res.status, error };
}
