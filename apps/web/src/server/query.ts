/** Query strings and path ids, validated with zod like bodies are (errors through route()). */
import { AppError, notFound } from "@rigshift/db";
import type { z } from "zod";

export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  // Postgres text cannot hold NUL: refused here rather than failing in a query.
  const nul = Object.entries(params).find(([k, v]) => k.includes("\0") || v.includes("\0"));
  if (nul) throw new AppError("INVALID", `invalid query: ${nul[0].replaceAll("\0", "\\0")}: text must not contain NUL characters`);
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
    throw new AppError("INVALID", `invalid query: ${issues[0]?.path || "query"}: ${issues[0]?.message}`, issues);
  }
  return parsed.data;
}

/** A positive integer id from a path segment; anything else is a 404, as for an unknown id. */
export async function readId(params: Promise<Record<string, string>>, name = "id", what = "resource"): Promise<number> {
  const raw = (await params)[name] ?? "";
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) throw notFound(what);
  return id;
}

export type TIdContext = { params: Promise<{ id: string }> };
