"use client";
import type { TSite } from "@rigshift/db";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Confirm } from "@/components/confirm";
import { Field, FormError } from "@/components/field";
import { formatKw, formatTime, fromLocalInput } from "@/components/format";
import { Empty } from "@/components/states";
import { type ApiError, apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZCapWindow } from "@/schemas/sites";

/** Temporary caps (demand response, curtailment commitments): list, add, remove. */
export function CapWindows({ site, canManage }: { site: TSite; canManage: boolean }) {
  const client = useQueryClient();
  const refresh = () => {
    client.invalidateQueries({ queryKey: ["site", site.id] });
    client.invalidateQueries({ queryKey: ["site-power", site.id] });
  };
  const [removing, setRemoving] = useState<number | null>(null);
  const remove = useMutation({
    mutationFn: (id: number) => apiSend("DELETE", `/api/v1/sites/${site.id}/cap-windows/${id}`),
    onSuccess: () => {
      setRemoving(null);
      refresh();
    },
  });
  const [formKey, setFormKey] = useState(0);
  const form = useApiForm({
    schema: ZCapWindow,
    submit: (v) => apiSend("POST", `/api/v1/sites/${site.id}/cap-windows`, v),
    onSuccess: () => {
      setFormKey((k) => k + 1);
      refresh();
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(e.currentTarget)) as Record<string, string>;
    form.handle({ ...f, startsAt: fromLocalInput(f.startsAt ?? ""), endsAt: fromLocalInput(f.endsAt ?? "") });
  };
  return (
    <section className="panel" aria-label="Cap windows">
      <h2>Cap windows</h2>
      {site.capWindows.length === 0 ? (
        <Empty>No current or upcoming cap windows.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>From</th>
                <th>To</th>
                <th className="num">Cap</th>
                <th>Reason</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {site.capWindows.map((w) => (
                <tr key={w.id} data-testid={`cap-window-${w.id}`}>
                  <td>
                    {formatTime(w.startsAt)} {w.active && <span className="badge">active</span>}
                  </td>
                  <td>{formatTime(w.endsAt)}</td>
                  <td className="num">{formatKw(w.capKw)}</td>
                  <td>{w.reason}</td>
                  <td>
                    {canManage && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => {
                          remove.reset();
                          setRemoving(w.id);
                        }}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && (
        <form className="form-grid" onSubmit={submit} aria-label="Add cap window" noValidate key={formKey}>
          <Field label="From" name="startsAt" error={form.errors.startsAt}>
            <input name="startsAt" type="datetime-local" />
          </Field>
          <Field label="To" name="endsAt" error={form.errors.endsAt}>
            <input name="endsAt" type="datetime-local" />
          </Field>
          <Field label="Cap (kW)" name="capKw" error={form.errors.capKw}>
            <input name="capKw" type="text" inputMode="decimal" />
          </Field>
          <Field label="Reason" name="reason" error={form.errors.reason}>
            <input name="reason" type="text" placeholder="e.g. ERCOT 4CP" />
          </Field>
          <div className="form-actions">
            <button type="submit" disabled={form.busy}>
              Add window
            </button>
          </div>
        </form>
      )}
      <FormError message={form.formError} />
      {removing !== null && (
        <Confirm
          title="Remove this cap window?"
          confirmLabel="Remove"
          danger
          busy={remove.isPending}
          error={remove.error ? (remove.error as ApiError).message : null}
          onConfirm={() => remove.mutate(removing)}
          onCancel={() => setRemoving(null)}
        >
          <p>The site's own cap applies again for that time.</p>
        </Confirm>
      )}
    </section>
  );
}
