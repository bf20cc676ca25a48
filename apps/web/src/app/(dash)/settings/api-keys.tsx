"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Confirm } from "@/components/confirm";
import { Field, FormError } from "@/components/field";
import { formatAgo, formatTime } from "@/components/format";
import { Empty, Failed, Loading } from "@/components/states";
import { type ApiError, apiGet, apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZApiKeyCreate } from "@/schemas/admin";
import { SecretOnce } from "./secret-once";

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
  const [revoking, setRevoking] = useState<TKey | null>(null);
  const revoke = useMutation({
    mutationFn: (id: number) => apiSend("POST", `/api/v1/api-keys/${id}/revoke`),
    onSuccess: () => {
      setRevoking(null);
      client.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
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
                  <td>
                    {!k.revokedAt && (
                      <button
                        type="button"
                        className="small danger"
                        onClick={() => {
                          revoke.reset();
                          setRevoking(k);
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <Confirm
          title={`Revoke ${revoking.customer}'s key ${revoking.prefix}…?`}
          confirmLabel="Revoke"
          danger
          busy={revoke.isPending}
          error={revoke.error ? (revoke.error as ApiError).message : null}
          onConfirm={() => revoke.mutate(revoking.id)}
          onCancel={() => setRevoking(null)}
        >
          <p>Requests with this key are refused from now on. Jobs it submitted keep running.</p>
        </Confirm>
      )}
    </section>
  );
}
