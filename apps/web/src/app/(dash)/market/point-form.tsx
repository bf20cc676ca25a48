"use client";
import type { TPriceSeries } from "@rigshift/db";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field, FormError } from "@/components/field";
import { fromLocalInput, toLocalInput } from "@/components/format";
import { apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZPricePoint } from "@/schemas/market";

/** Enters one price by hand. */
export function PointForm({ series }: { series: TPriceSeries[] }) {
  const client = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useApiForm({
    schema: ZPricePoint,
    submit: (v) => apiSend<{ seriesKey: string; replaced: number }>("POST", "/api/v1/market/points", v),
    onSuccess: (r) => {
      setSaved(`Stored in ${r.seriesKey}${r.replaced ? " (replaced the earlier value)" : ""}.`);
      client.invalidateQueries({ queryKey: ["market"] });
      client.invalidateQueries({ queryKey: ["series-points"] });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSaved(null);
    const f = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    form.handle({ seriesKey: f.seriesKey, at: fromLocalInput(f.at ?? ""), valueUsd: f.valueUsd });
  };
  return (
    <section className="panel" aria-label="Enter a price">
      <h2>Enter a price</h2>
      <form className="form-grid" onSubmit={submit} aria-label="Price point" noValidate>
        <Field label="Series" name="seriesKey" error={form.errors.seriesKey}>
          <select name="seriesKey" defaultValue={series[0]?.key}>
            {series.map((s) => (
              <option key={s.id} value={s.key}>
                {s.key} ({s.unit})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Time" name="at" error={form.errors.at}>
          <input name="at" type="datetime-local" defaultValue={toLocalInput(new Date())} />
        </Field>
        <Field label="Value ($)" name="valueUsd" error={form.errors.valueUsd} hint="in the series' unit; may be negative">
          <input name="valueUsd" type="text" inputMode="decimal" />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Store price
          </button>
          {saved && (
            <span className="ok-text" role="status">
              {saved}
            </span>
          )}
        </div>
      </form>
      <FormError message={form.formError} />
    </section>
  );
}
