"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field, FormError } from "@/components/field";
import { formatTime } from "@/components/format";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet, apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZEnrollmentTokenCreate } from "@/schemas/admin";
import { SecretOnce } from "./secret-once";
import { useRevoke } from "./use-revoke";

interface TToken {
  id: number;
  label: string;
  siteCode: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  state: "valid" | "used" | "expired" | "revoked";
}

/** One-time tokens a rig's agent trades for its own token at enrollment. */
export function EnrollmentTokens() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ["enrollment-tokens"], queryFn: () => apiGet<{ tokens: TToken[] }>("/api/v1/enrollment-tokens"), refetchInterval: 30_000 });
  const sites = useQuery({ queryKey: ["rig-filter-options"], queryFn: () => apiGet<{ sites: { id: number; code: string }[] }>("/api/v1/rigs/filters"), staleTime: 60_000 });
  const [secret, setSecret] = useState<string | null>(null);
  const revoke = useRevoke<TToken>("enrollment-tokens");
  const form = useApiForm({
    schema: ZEnrollmentTokenCreate,
    submit: (v) => apiSend<{ token: string }>("POST", "/api/v1/enrollment-tokens", v),
    onSuccess: (r) => {
      setSecret(r.token);
      client.invalidateQueries({ queryKey: ["enrollment-tokens"] });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    form.handle(Object.fromEntries(new FormData(e.currentTarget)));
  };
  return (
    <section className="panel" aria-label="Enrollment tokens">
      <h2>Rig enrollment tokens</h2>
      {secret && <SecretOnce label="Enrollment token" secret={secret} onDismiss={() => setSecret(null)} />}
      <form className="form-grid" onSubmit={submit} aria-label="New enrollment token" noValidate>
        <Field label="Site" name="siteId" error={form.errors.siteId}>
          <select name="siteId" defaultValue="">
            <option value="">choose…</option>
            {(sites.data?.sites ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.code}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Label" name="label" error={form.errors.label}>
          <input name="label" type="text" placeholder="e.g. rack 12 batch" />
        </Field>
        <Field label="Valid for (hours)" name="ttlHours" error={form.errors.ttlHours}>
          <input name="ttlHours" type="text" inputMode="numeric" defaultValue="168" />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Create token
          </button>
        </div>
      </form>
      <FormError message={form.formError} />
      {tokens.isPending ? (
        <Loading label="Loading enrollment tokens" />
      ) : tokens.isError && !tokens.data ? (
        <Failed what="the enrollment tokens" error={tokens.error} />
      ) : tokens.data.tokens.length === 0 ? (
        <Empty>No enrollment tokens yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="Enrollment tokens">
            <thead>
              <tr>
                <th>Label</th>
                <th>Site</th>
                <th>State</th>
                <th className="hide-sm">Created</th>
                <th className="hide-sm">Expires</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((t) => (
                <tr key={t.id} data-testid={`enrollment-${t.label}`}>
                  <td>
                    {t.label} <span className="muted small">by {t.createdBy}</span>
                  </td>
                  <td>{t.siteCode}</td>
                  <td>
                    <span className={`pill ${t.state === "valid" ? "online" : t.state === "used" ? "stale" : "offline"}`}>{t.state}</span>
                  </td>
                  <td className="hide-sm">{formatTime(t.createdAt)}</td>
                  <td className="hide-sm">{formatTime(t.expiresAt)}</td>
                  <td>{t.state === "valid" && revoke.button(t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.dialog((t) => `Revoke the enrollment token "${t.label}"?`, "No rig can enroll with it afterwards.")}
    </section>
  );
}
