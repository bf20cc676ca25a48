"use client";
import type { TSite } from "@rigshift/db";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field, FormError } from "@/components/field";
import { apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZPolicy } from "@/schemas/sites";

/** The site's scheduling policy; read-only for roles that may not change it. */
export function PolicyForm({ site, canManage }: { site: TSite; canManage: boolean }) {
  const client = useQueryClient();
  const [saved, setSaved] = useState(false);
  const form = useApiForm({
    schema: ZPolicy,
    submit: (v) => apiSend("PUT", `/api/v1/sites/${site.id}/policy`, v),
    onSuccess: () => {
      setSaved(true);
      client.invalidateQueries({ queryKey: ["site", site.id] });
      client.invalidateQueries({ queryKey: ["sites"] });
    },
  });
  const p = site.policy;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setSaved(false);
    form.handle(Object.fromEntries(new FormData(e.currentTarget)));
  };
  const num = (name: string, label: string, value: number | null | undefined, hint: string) => (
    <Field label={label} name={name} error={form.errors[name]} hint={hint}>
      <input name={name} type="text" inputMode="decimal" defaultValue={value ?? ""} disabled={!canManage} />
    </Field>
  );
  return (
    <section className="panel" aria-label="Policy">
      <h2>Policy</h2>
      {!canManage && <p className="muted">Read-only: your role may not change policies.</p>}
      <form className="form-grid" onSubmit={submit} aria-label="Site policy" noValidate key={p?.updatedAt ?? "none"}>
        {num("maxInletTempC", "Max inlet temp (°C)", p?.maxInletTempC, "no more heat above this")}
        {num("maxGpuTempC", "Max GPU temp (°C)", p?.maxGpuTempC, "no new work above this")}
        {num("minDwellSeconds", "Min dwell (s)", p?.minDwellSeconds, "least time between switches")}
        {num("hysteresisBps", "Hysteresis (bps)", p?.hysteresisBps, "500 = a switch must gain 5%")}
        <Field label="Curtail strike ($/MWh)" name="curtailStrikeUsdPerMwh" error={form.errors.curtailStrikeUsdPerMwh} hint="blank: profit-based only">
          <input name="curtailStrikeUsdPerMwh" type="text" inputMode="decimal" defaultValue={p?.curtailStrikeUsdPerMwh ?? ""} disabled={!canManage} />
        </Field>
        <Field label="Fallback mode" name="fallbackMode" error={form.errors.fallbackMode} hint="when the control plane is away">
          <select name="fallbackMode" defaultValue={p?.fallbackMode ?? "MINE"} disabled={!canManage}>
            <option value="MINE">mine</option>
            <option value="AI">AI</option>
            <option value="IDLE">idle</option>
          </select>
        </Field>
        {canManage && (
          <div className="form-actions">
            <button type="submit" className="primary" disabled={form.busy}>
              {form.busy ? "Saving…" : "Save policy"}
            </button>
            {saved && (
              <span className="ok-text" role="status">
                Saved.
              </span>
            )}
            {p?.updatedBy && <span className="muted small">last changed by {p.updatedBy}</span>}
          </div>
        )}
      </form>
      <FormError message={form.formError} />
    </section>
  );
}
