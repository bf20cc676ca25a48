"use client";
import type { TRigPage, TRigRow } from "@rigshift/db";
import Link from "next/link";
import { formatAgo, formatHashrate, formatW, MODE_LABEL } from "@/components/format";
import { Empty } from "@/components/states";
import type { TFilters } from "./use-rig-filters";

const COLUMNS: { key: string; label: string; sort?: string; className?: string }[] = [
  { key: "hostname", label: "Rig", sort: "hostname" },
  { key: "site", label: "Site", sort: "site" },
  { key: "status", label: "Status", sort: "lastSeen" },
  { key: "mode", label: "Mode", sort: "mode" },
  { key: "desired", label: "Desired", className: "hide-sm" },
  { key: "model", label: "Model", sort: "model", className: "hide-sm" },
  { key: "power", label: "Power", sort: "power", className: "num" },
  { key: "temp", label: "Max temp", sort: "temp", className: "num" },
  { key: "util", label: "Util", className: "num hide-sm" },
  { key: "hashrate", label: "Hashrate", className: "num hide-sm" },
];

export function RigTable({
  page,
  filters,
  onSort,
  selectable,
  selected,
  onSelect,
}: {
  page: TRigPage;
  filters: TFilters;
  onSort: (sort: string, dir: string) => void;
  selectable: boolean;
  selected: Set<number>;
  onSelect: (s: Set<number>) => void;
}) {
  if (page.rows.length === 0) return <Empty>No rigs match these filters.</Empty>;
  const sort = filters.sort ?? "hostname";
  const dir = filters.dir ?? "asc";
  const allOnPage = page.rows.every((r) => selected.has(r.id));
  const toggle = (id: number) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelect(next);
  };
  return (
    <div className="table-wrap">
      <table aria-label="Rigs">
        <thead>
          <tr>
            {selectable && (
              <th>
                <input
                  type="checkbox"
                  aria-label="Select all rigs on this page"
                  checked={allOnPage}
                  onChange={() => onSelect(allOnPage ? new Set() : new Set(page.rows.map((r) => r.id)))}
                />
              </th>
            )}
            {COLUMNS.map((c) => (
              <th key={c.key} className={c.className} aria-sort={c.sort === sort ? (dir === "asc" ? "ascending" : "descending") : undefined}>
                {c.sort ? (
                  <button
                    type="button"
                    className="sort"
                    onClick={() => onSort(c.sort!, c.sort === sort && dir === "asc" ? "desc" : c.sort === sort ? "asc" : c.key === "power" || c.key === "temp" ? "desc" : "asc")}
                  >
                    {c.label}
                    {c.sort === sort ? (dir === "asc" ? " ▲" : " ▼") : ""}
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => (
            <Row key={r.id} rig={r} selectable={selectable} checked={selected.has(r.id)} onToggle={() => toggle(r.id)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ rig, selectable, checked, onToggle }: { rig: TRigRow; selectable: boolean; checked: boolean; onToggle: () => void }) {
  const live = rig.status !== "offline";
  return (
    <tr data-testid={`rig-row-${rig.hostname}`} data-class={rig.class}>
      {selectable && (
        <td>
          <input type="checkbox" aria-label={`Select ${rig.hostname}`} checked={checked} onChange={onToggle} />
        </td>
      )}
      <td>
        <Link href={`/rigs/${rig.id}`}>{rig.hostname}</Link>
        {rig.healthy === false && (
          <span className="pill offline" title="a device reports errors">
            !
          </span>
        )}
      </td>
      <td>{rig.siteCode}</td>
      <td>
        <span className={`pill ${rig.status}`} title={rig.lastSeenAt ? `last report ${formatAgo(rig.lastSeenAt)}` : "never reported"}>
          {rig.status}
        </span>
      </td>
      <td>
        <span className={`mode ${rig.class}`}>{MODE_LABEL[rig.class]}</span>
        {rig.workload && live && <span className="muted small"> {rig.workload}</span>}
      </td>
      <td className="hide-sm">
        {rig.desiredMode ? <span className={`mode ${rig.desiredMode}`}>{MODE_LABEL[rig.desiredMode]}</span> : "–"}
        {rig.pinnedMode ? (
          <span className="badge" title="pinned by an operator">
            pinned
          </span>
        ) : rig.desiredSource ? (
          <span className="muted small"> {rig.desiredSource.toLowerCase()}</span>
        ) : null}
      </td>
      <td className="hide-sm">{rig.model}</td>
      <td className="num">{live && rig.powerW !== null ? formatW(rig.powerW) : "–"}</td>
      <td className={`num ${rig.maxTempC !== null && rig.maxTempC >= 85 ? "hot" : ""}`}>{live && rig.maxTempC !== null ? `${rig.maxTempC.toFixed(0)} °C` : "–"}</td>
      <td className="num hide-sm">{live && rig.kind === "GPU_RIG" && rig.avgUtilPct !== null ? `${rig.avgUtilPct.toFixed(0)} %` : "–"}</td>
      <td className="num hide-sm">{live && rig.hashrateHs ? formatHashrate(rig.hashrateHs) : "–"}</td>
    </tr>
  );
}
