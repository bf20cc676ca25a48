"use client";
import type { TLedgerReportJson } from "@rigshift/db";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet, qs } from "@/lib/api";
import { ExportPanel } from "./export-panel";
import { RebuildButton } from "./rebuild-button";
import { ModeShareChart, RevenueChart, UpliftChart } from "./report-charts";
import { ReportControls } from "./report-controls";
import { apiParams, browserTimeZone, presetRange, type TOptions } from "./report-options";
import { ReportSummary } from "./report-summary";
import { ReportTable } from "./report-table";

export function ReportsView() {
  const [options, setOptions] = useState<TOptions>(() => {
    const timeZone = browserTimeZone();
    return { ...presetRange("last7", timeZone), groupBy: "site", granularity: "day", timeZone };
  });
  const params = apiParams(options);
  // The ledger changes every 15 minutes at most: a minute of staleness is fine.
  const report = useQuery({
    queryKey: ["finance-report", params],
    queryFn: () => apiGet<TLedgerReportJson>(`/api/v1/finance/report${qs(params)}`),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
  });

  return (
    <>
      <ReportControls options={options} onChange={setOptions} />
      <ExportPanel params={params} />
      {report.isPending ? (
        <Loading label="Loading report" height={320} />
      ) : report.isError ? (
        <Failed what="the report" error={report.error} onRetry={() => report.refetch()} />
      ) : report.data.rows.length === 0 ? (
        <Empty>
          <p>No ledger entries in this period. The ledger covers complete hours and is rebuilt every 15 minutes for the last two days.</p>
          <RebuildButton params={params} />
        </Empty>
      ) : (
        <>
          <ReportSummary report={report.data} />
          <div className="chart-grid">
            <section className="panel" aria-label="Revenue and energy cost">
              <h2>Revenue by source and energy cost</h2>
              <RevenueChart report={report.data} />
            </section>
            <section className="panel" aria-label="Uplift versus always mine">
              <h2>Margin versus always mining</h2>
              <UpliftChart report={report.data} />
            </section>
            <section className="panel" aria-label="Share of hours in each mode">
              <h2>Share of rig-hours in each mode</h2>
              <ModeShareChart report={report.data} />
            </section>
          </div>
          <ReportTable report={report.data} />
          <p className="muted small">
            All amounts in {report.data.currency}; periods in {report.data.timeZone}. <RebuildButton params={params} compact />
          </p>
        </>
      )}
    </>
  );
}
