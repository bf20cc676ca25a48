"use client";
import type { TPriceSeries } from "@rigshift/db";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field } from "@/components/field";
import { ApiError, apiSend } from "@/lib/api";
import { fieldErrors } from "@/schemas/fields";
import { ZPriceCsvImport } from "@/schemas/market";

/** Imports "timestamp,value" CSV: the server checks every row and stores all or nothing; bad rows are listed by line. */
export function CsvImportForm({ series }: { series: TPriceSeries[] }) {
  const client = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (body: { seriesKey: string; csv: string }) => apiSend<{ rows: number; stored: number; replaced: number }>("POST", "/api/v1/market/import", body),
    onSuccess: (r) => {
      setDone(`Imported ${r.rows} rows (${r.stored} new, ${r.replaced} replaced).`);
      client.invalidateQueries({ queryKey: ["market"] });
      client.invalidateQueries({ queryKey: ["series-points"] });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.issues.some((i) => i.path === "csv")) {
        setErrors({ csv: e.message });
        setRowErrors(e.issues.filter((i) => i.path === "csv").map((i) => i.message));
      } else setErrors(e instanceof ApiError ? { ...e.fieldErrors(), ...(e.issues.length ? {} : { csv: e.message }) } : { csv: String(e) });
    },
  });
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setDone(null);
    setRowErrors([]);
    const f = new FormData(e.currentTarget);
    const file = f.get("file");
    const csv = file instanceof File && file.size > 0 ? await file.text() : undefined;
    const values = { seriesKey: String(f.get("seriesKey") ?? ""), csv };
    const parsed = ZPriceCsvImport.safeParse(values);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    mutation.mutate(parsed.data);
  };
  return (
    <section className="panel" aria-label="Import CSV">
      <h2>Import CSV</h2>
      <form className="form-grid" onSubmit={submit} aria-label="CSV import" noValidate>
        <Field label="Series" name="seriesKey" error={errors.seriesKey}>
          <select name="seriesKey" defaultValue={series[0]?.key}>
            {series.map((s) => (
              <option key={s.id} value={s.key}>
                {s.key}
              </option>
            ))}
          </select>
        </Field>
        <Field label="File" name="csv" error={errors.csv} hint='columns "timestamp,value"; times ISO 8601 with offset, values in $'>
          <input name="file" type="file" accept=".csv,text/csv" aria-label="CSV file" />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={mutation.isPending}>
            {mutation.isPending ? "Importing…" : "Import"}
          </button>
          {done && (
            <span className="ok-text" role="status">
              {done}
            </span>
          )}
        </div>
      </form>
      {rowErrors.length > 0 && (
        <ul className="row-errors" aria-label="Rows with errors">
          {rowErrors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
