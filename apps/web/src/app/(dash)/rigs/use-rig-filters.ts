"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export const FILTER_KEYS = ["q", "siteId", "mode", "model", "status", "tag", "health", "sort", "dir", "page"] as const;
export type TFilters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** The rigs table's filters live in the URL: shareable, and the overview links straight into them. */
export function useRigFilters() {
  const params = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const filters = useMemo(() => {
    const f: TFilters = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    return f;
  }, [params]);
  const update = useCallback(
    (change: TFilters, keepPage = false) => {
      const next = new URLSearchParams();
      const merged = { ...filters, ...change };
      if (!keepPage && !("page" in change)) delete merged.page;
      for (const [k, v] of Object.entries(merged)) if (v) next.set(k, v);
      const s = next.toString();
      router.replace(s ? `${path}?${s}` : path, { scroll: false });
    },
    [filters, path, router],
  );
  return { filters, update };
}
