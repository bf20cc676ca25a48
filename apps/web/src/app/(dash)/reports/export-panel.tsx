"use client";
import type { TExportJob } from "@rigshift/db";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatTime } from "@/components/format";
import { apiGet, apiSend, qs } from "@/lib/api";

const FORMATS = [
  ["CSV", "Export CSV"],
  ["XLSX", "Export Excel"],
  ["PDF", "Export PDF summary"],
] as const;

const size = (bytes: number | null) => (bytes === null ? "" : bytes > 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/**
 * Export buttons: each file is built in the background (any size), with its progress shown here
 * and a download link once ready. The CSV link streams the same report straight away.
 */
export function ExportPanel({ params }: { params: Record<string, string> }) {
  const client = useQueryClient();
  const jobs = useQuery({
    queryKey: ["finance-exports"],
    queryFn: () => apiGet<{ exports: TExportJob[] }>("/api/v1/finance/exports"),
    // Poll while something is being built.
    refetchInterval: (q) => (q.state.data?.exports.some((e) => e.status === "QUEUED" || e.status === "RUNNING") ? 1_000 : false),
  });
  const request = useMutation({
    mutationFn: (format: string) => apiSend<TExportJob>("POST", "/api/v1/finance/exports", { ...params, format }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["finance-exports"] }),
  });
  const list = jobs.data?.exports ?? [];
  return (
    <section className="panel" aria-label="Exports">
      <div className="toolbar">
        {FORMATS.map(([format, label]) => (
          <button key={format} type="button" disabled={request.isPending} onClick={() => request.mutate(format)}>
            {label}
          </button>
        ))}
        <a href={`/api/v1/finance/report${qs({ ...params, format: "csv" })}`} download>
          Download CSV now
        </a>
        <span className="muted small">Currency USD; times in {params.timeZone}.</span>
      </div>
      {request.isError && (
        <div className="banner error" role="alert">
          Could not start the export: {request.error.message}
        </div>
      )}
      {jobs.isError && !jobs.data && <div className="banner warn">Could not load your exports: {jobs.error.message}</div>}
      {list.length > 0 && (
        <ul className="alert-list" aria-label="Your exports">
          {list.map((e) => (
            <li key={e.id} data-testid={`export-${e.id}`} data-status={e.status} data-format={e.format}>
              <b>{e.format}</b> {e.fileName} <span className="muted">· {formatTime(e.createdAt)}</span>{" "}
              {e.status === "SUCCEEDED" && e.downloadUrl ? (
                <a href={e.downloadUrl} download>
                  Download {e.format} ({size(e.bytes)}, {e.rowsWritten.toLocaleString()} rows)
                </a>
              ) : e.status === "FAILED" ? (
                <span className="warn-text">failed: {e.error}</span>
              ) : (
                <span>
                  {e.status === "QUEUED" ? "queued" : "building"} <progress max={100} value={e.progressPct} aria-label={`Export ${e.id} progress`} /> {e.progressPct} %
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
