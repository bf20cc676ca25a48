/** The browser's side of the API: JSON in and out, errors as ApiError with the server's field issues. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }

  /** Field-level messages keyed by the first segment of each issue's path. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.issues) out[i.path.split(".")[0] || "_form"] ??= i.message;
    return out;
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      cache: "no-store",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("the server could not be reached", 0, "NETWORK");
  }
  if (res.status === 401 && typeof window !== "undefined") window.location.href = "/sign-in";
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(data?.error?.message ?? `the server answered ${res.status}`, res.status, data?.error?.code ?? "HTTP", data?.error?.issues ?? []);
  return data as T;
}

export const apiGet = <T>(url: string) => call<T>("GET", url);
export const apiSend = <T>(method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown) => call<T>(method, url, body);

/** A query string from defined, non-empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : "";
}
