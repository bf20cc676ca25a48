"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Field, FormError } from "@/components/field";
import { formatAgo, formatTime } from "@/components/format";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet, apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZApiKeyCreate } from "@/schemas/admin";
import { SecretOnce } from "./secret-once";
import { useRevoke } from "./use-revoke";

interface TKey {
  id: number;
  customer: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  jobs: number;
}

/** Keys for customers of the public job API (Authorization: Bearer rsk_...). */
export function ApiKeys() {
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: () => apiGet<{ keys: TKey[] }>("/api/v1/api-keys"), refetchInterval: 30_000 });
  const [secret, setSecret] = useState<string | null>(null);
  const revoke = useRevoke<TKey>("api-keys");
  const [formKey, setFormKey] = useState(0);
  const form = useApiForm({
    schema: ZApiKeyCreate,
    submit: (v) => apiSend<{ key: string }>("POST", "/api/v1/api-keys", v),
    onSuccess: (r) => {
      setSecret(r.key);
      setFormKey((k) => k + 1);
      client.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    form.handle(Object.fromEntries(new FormData(e.currentTarget)));
  };
  return (
    <section className="panel" aria-label="API keys">
      <h2>Customer API keys</h2>
      {secret && <SecretOnce label="API key" secret={secret} onDismiss={() => setSecret(null)} />}
      <form className="form-grid" onSubmit={submit} aria-label="New API key" noValidate key={formKey}>
        <Field label="Customer" name="customer" error={form.errors.customer}>
          <input name="customer" type="text" />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Create key
          </button>
        </div>
      </form>
      <FormError message={form.formError} />
      {keys.isPending ? (
        <Loading label="Loading API keys" />
      ) : keys.isError && !keys.data ? (
        <Failed what="the API keys" error={keys.error} />
      ) : keys.data.keys.length === 0 ? (
        <Empty>No API keys yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="API keys">
            <thead>
              <tr>
                <th>Customer</th>
                <th>Prefix</th>
                <th className="num">Jobs</th>
                <th className="hide-sm">Created</th>
                <th className="hide-sm">Last used</th>
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((k) => (
                <tr key={k.id} data-testid={`api-key-${k.customer}`}>
                  <td>{k.customer}</td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td className="num">{k.jobs}</td>
                  <td className="hide-sm">{formatTime(k.createdAt)}</td>
                  <td className="hide-sm">{formatAgo(k.lastUsedAt)}</td>
                  <td>{k.revokedAt ? <span className="pill offline">revoked</span> : <span className="pill online">active</span>}</td>
                  <td>{!k.revokedAt && revoke.button(k)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.dialog((k) => `Revoke ${k.customer}'s key ${k.prefix}…?`, "Requests with this key are refused from now on. Jobs it submitted keep running.")}
    </section>
  );
}
