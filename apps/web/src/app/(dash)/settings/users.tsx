"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Confirm } from "@/components/confirm";
import { Field, FormError } from "@/components/field";
import { formatTime } from "@/components/format";
import { Empty, Failed, Loading } from "@/components/states";
import { type ApiError, apiGet, apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZUserCreate } from "@/schemas/admin";

interface TUser {
  id: number;
  email: string;
  name: string;
  role: "ADMIN" | "OPERATOR" | "FINANCE" | "VIEWER";
  createdAt: string;
  disabledAt: string | null;
}
const ROLES = ["ADMIN", "OPERATOR", "FINANCE", "VIEWER"] as const;

export function Users({ selfId }: { selfId: number }) {
  const client = useQueryClient();
  const users = useQuery({ queryKey: ["users"], queryFn: () => apiGet<{ users: TUser[] }>("/api/v1/users"), refetchInterval: 30_000 });
  const [pending, setPending] = useState<{ user: TUser; change: { role?: TUser["role"]; disabled?: boolean }; title: string } | null>(null);
  const update = useMutation({
    mutationFn: (p: { id: number; change: object }) => apiSend("PATCH", `/api/v1/users/${p.id}`, p.change),
    onSuccess: () => {
      setPending(null);
      client.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const [formKey, setFormKey] = useState(0);
  const form = useApiForm({
    schema: ZUserCreate,
    submit: (v) => apiSend("POST", "/api/v1/users", v),
    onSuccess: () => {
      setFormKey((k) => k + 1);
      client.invalidateQueries({ queryKey: ["users"] });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    form.handle(Object.fromEntries(new FormData(e.currentTarget)));
  };
  return (
    <section className="panel" aria-label="Users">
      <h2>Users</h2>
      {users.isPending ? (
        <Loading label="Loading users" />
      ) : users.isError && !users.data ? (
        <Failed what="the users" error={users.error} />
      ) : users.data.users.length === 0 ? (
        <Empty>No users.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-label="Users">
            <thead>
              <tr>
                <th>User</th>
                <th>Role</th>
                <th className="hide-sm">Created</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.id} data-testid={`user-${u.email}`}>
                  <td>
                    {u.name} <span className="muted small">{u.email}</span>
                  </td>
                  <td>
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      disabled={u.id === selfId}
                      onChange={(e) => {
                        update.reset();
                        const role = e.target.value as TUser["role"];
                        setPending({ user: u, change: { role }, title: `Make ${u.email} ${role.toLowerCase()}?` });
                      }}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r.toLowerCase()}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="hide-sm">{formatTime(u.createdAt)}</td>
                  <td>{u.disabledAt ? <span className="pill offline">disabled</span> : <span className="pill online">active</span>}</td>
                  <td>
                    {u.id !== selfId && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => {
                          update.reset();
                          setPending({ user: u, change: { disabled: !u.disabledAt }, title: `${u.disabledAt ? "Enable" : "Disable"} ${u.email}?` });
                        }}
                      >
                        {u.disabledAt ? "Enable" : "Disable"}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Add a user</h3>
      <form className="form-grid" onSubmit={submit} aria-label="New user" noValidate key={formKey}>
        <Field label="Email" name="email" error={form.errors.email}>
          <input name="email" type="email" autoComplete="off" />
        </Field>
        <Field label="Name" name="name" error={form.errors.name}>
          <input name="name" type="text" />
        </Field>
        <Field label="Role" name="role" error={form.errors.role}>
          <select name="role" defaultValue="VIEWER">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Initial password" name="password" error={form.errors.password} hint="at least 12 characters">
          <input name="password" type="password" autoComplete="new-password" />
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={form.busy}>
            Add user
          </button>
        </div>
      </form>
      <FormError message={form.formError} />
      {pending && (
        <Confirm
          title={pending.title}
          confirmLabel="Confirm"
          danger={pending.change.disabled === true}
          busy={update.isPending}
          error={update.error ? (update.error as ApiError).message : null}
          onConfirm={() => update.mutate({ id: pending.user.id, change: pending.change })}
          onCancel={() => setPending(null)}
        >
          {pending.change.disabled && <p>Their sessions end at once.</p>}
        </Confirm>
      )}
    </section>
  );
}
