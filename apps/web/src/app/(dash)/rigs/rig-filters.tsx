"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { MODE_LABEL } from "@/components/format";
import { apiGet } from "@/lib/api";
import { RIG_CLASSES, RIG_STATUSES } from "@/schemas/rigs";
import type { TFilters } from "./use-rig-filters";

interface TOptions {
  sites: { id: number; code: string }[];
  models: string[];
  tags: string[];
}

/** Server-side filters: each change asks the API for a new first page. */
export function RigFilters({ filters, onChange }: { filters: TFilters; onChange: (f: TFilters) => void }) {
  const options = useQuery({ queryKey: ["rig-filter-options"], queryFn: () => apiGet<TOptions>("/api/v1/rigs/filters"), staleTime: 60_000 });
  const [q, setQ] = useState(filters.q ?? "");
  // Typing searches after a pause, not on every key.
  useEffect(() => {
    const t = setTimeout(() => q !== (filters.q ?? "") && onChange({ q }), 300);
    return () => clearTimeout(t);
  }, [q, filters.q, onChange]);
  const select = (key: keyof TFilters, label: string, values: { value: string; label: string }[]) => (
    <label className="filter">
      <span>{label}</span>
      <select aria-label={label} value={filters[key] ?? ""} onChange={(e) => onChange({ [key]: e.target.value })}>
        <option value="">all</option>
        {values.map((v) => (
          <option key={v.value} value={v.value}>
            {v.label}
          </option>
        ))}
      </select>
    </label>
  );
  const o = options.data;
  return (
    <form className="filters" aria-label="Filter rigs" onSubmit={(e) => e.preventDefault()}>
      <label className="filter grow">
        <span>Hostname</span>
        <input type="search" aria-label="Hostname" placeholder="search hostname" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      {select(
        "siteId",
        "Site",
        (o?.sites ?? []).map((s) => ({ value: String(s.id), label: s.code })),
      )}
      {select(
        "mode",
        "Mode",
        RIG_CLASSES.map((c) => ({ value: c, label: MODE_LABEL[c] ?? c })),
      )}
      {select(
        "status",
        "Status",
        RIG_STATUSES.map((s) => ({ value: s, label: s })),
      )}
      {select(
        "model",
        "Model",
        (o?.models ?? []).map((m) => ({ value: m, label: m })),
      )}
      {select(
        "tag",
        "Tag",
        (o?.tags ?? []).map((t) => ({ value: t, label: t })),
      )}
      {select("health", "Health", [
        { value: "healthy", label: "healthy" },
        { value: "unhealthy", label: "unhealthy" },
      ])}
      <button
        type="button"
        onClick={() => {
          setQ("");
          onChange({ q: "", siteId: "", mode: "", status: "", model: "", tag: "", health: "" });
        }}
      >
        Reset
      </button>
    </form>
  );
}
