"use client";
import type { TJob } from "@rigshift/db";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { Pager } from "@/components/pager";
import { Empty, Failed, Loading, StaleNotice } from "@/components/states";
import { apiGet, qs } from "@/lib/api";
import { JobForm } from "./job-form";
import { JobTable } from "./job-table";

const PAGE_SIZE = 25;

/** The AI/HPC queue and its history; operators submit and cancel. */
export function JobsView({ canManage }: { canManage: boolean }) {
  const initialQ = useSearchParams().get("q") ?? "";
  const [view, setView] = useState<"active" | "history">("active");
  const [q, setQ] = useState(initialQ);
  const [page, setPage] = useState(1);
  const [showForm, setShowForm] = useState(false);
  const jobs = useQuery({
    queryKey: ["jobs", { view, q, page }],
    queryFn: () => apiGet<{ rows: TJob[]; total: number }>(`/api/v1/jobs${qs({ view, q, page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
  return (
    <>
      <div className="toolbar">
        <div className="segmented" role="tablist" aria-label="Jobs">
          {(["active", "history"] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={v === view}
              className={v === view ? "on" : ""}
              onClick={() => {
                setView(v);
                setPage(1);
              }}
            >
              {v === "active" ? "Queue" : "History"}
            </button>
          ))}
        </div>
        <input
          type="search"
          aria-label="Search jobs"
          placeholder="name or customer"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
        {canManage && (
          <button type="button" className="primary" onClick={() => setShowForm(!showForm)} aria-expanded={showForm}>
            {showForm ? "Close form" : "Submit a job"}
          </button>
        )}
      </div>
      {canManage && showForm && (
        <JobForm
          onSubmitted={() => {
            setShowForm(false);
            setView("active");
          }}
        />
      )}
      {jobs.isPending ? (
        <Loading label="Loading jobs" height={240} />
      ) : jobs.isError && !jobs.data ? (
        <Failed what="the jobs" error={jobs.error} onRetry={() => jobs.refetch()} />
      ) : (
        <section className="panel">
          <StaleNotice error={jobs.error} updatedAt={jobs.dataUpdatedAt} />
          {jobs.data.rows.length === 0 ? (
            <Empty>{view === "active" ? "The queue is empty: no job is queued, placed or running." : "No finished, failed or cancelled jobs yet."}</Empty>
          ) : (
            <JobTable jobs={jobs.data.rows} canManage={canManage} />
          )}
          <Pager page={page} pageSize={PAGE_SIZE} total={jobs.data.total} onPage={setPage} />
        </section>
      )}
    </>
  );
}
