// GET /api/v1/finance/report?from&to&groupBy&granularity&timeZone&format=json|csv: the profitability report (finance, admin).
import { CSV_HEADER, csvChunks, invalid, ledgerReport, localDate, MAX_EXPORT_DAYS, reportJson, reportRows } from "@rigshift/db";
import { requireUser } from "@/server/auth";
import { db } from "@/server/db";
import { json, route } from "@/server/http";
import { readQuery } from "@/server/query";
import { ZReportQuery } from "../_lib/schemas";

export const GET = route(async (req) => {
  await requireUser("finance.read");
  const { format, params } = readQuery(req, ZReportQuery);
  if (params.to.getTime() - params.from.getTime() > MAX_EXPORT_DAYS * 86_400_000) throw invalid(`a report covers at most ${MAX_EXPORT_DAYS} days`);
  if (format === "json") return json(reportJson(await ledgerReport({ db: db(), ...params })));

  // CSV streams straight from a cursor: any size, flat memory. Headers go before the first row.
  const chunks = csvChunks(reportRows({ db: db(), params }), params);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const name = `rigshift-finance_${params.groupBy}-by-${params.granularity}_${localDate(params.from.getTime(), params.timeZone)}_${localDate(params.to.getTime() - 1, params.timeZone)}.csv`;
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "no-store",
      "x-csv-columns": String(CSV_HEADER.length),
    },
  });
});
