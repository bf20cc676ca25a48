"use client";
import { ALERT_KINDS, SEVERITIES } from "@rigshift/db/alert-kinds";
import { type FormEvent, useState } from "react";
import { Field, FormError } from "@/components/field";
import { apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZChannelCreate } from "@/schemas/notifications";
import { KIND_LABEL } from "./notification-labels";
import { SecretOnce } from "./secret-once";

type TKind = keyof typeof KIND_LABEL;

/** A new webhook, Slack or Telegram channel; the credential fields follow the kind chosen. */
export function NewChannelForm({ onCreated }: { onCreated: () => void }) {
  const [kind, setKind] = useState<TKind>("WEBHOOK");
  const [formKey, setFormKey] = useState(0);
  const [secret, setSecret] = useState<string | null>(null);
  const form = useApiForm({
    schema: ZChannelCreate,
    submit: (v) => apiSend<{ secret?: string }>("POST", "/api/v1/notification-channels", v),
    onSuccess: (r) => {
      setSecret(r.secret ?? null);
      setFormKey((k) => k + 1);
      onCreated();
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "");
    const credentials =
      kind === "WEBHOOK" ? { url: text("url"), secret: text("secret") } : kind === "SLACK" ? { url: text("url") } : { botToken: text("botToken"), chatId: text("chatId") };
    form.handle({
      kind,
      name: text("name"),
      ...credentials,
      kinds: f.getAll("kinds").map(String),
      minSeverity: text("minSeverity"),
      notifyResolved: f.get("notifyResolved") === "on",
      enabled: true,
    });
  };
  const e = form.errors;
  return (
    <>
      {secret && <SecretOnce label="Webhook signing secret" secret={secret} onDismiss={() => setSecret(null)} />}
      <form className="form-grid" onSubmit={submit} aria-label="New notification channel" noValidate key={formKey}>
        <Field label="Name" name="name" error={e.name}>
          <input name="name" type="text" placeholder="e.g. on-call Slack" />
        </Field>
        <Field label="Kind" name="kind" error={e.kind}>
          <select name="kind" value={kind} onChange={(ev) => setKind(ev.target.value as TKind)}>
            {Object.entries(KIND_LABEL).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        {kind === "WEBHOOK" && (
          <>
            <Field label="URL" name="url" error={e.url} hint="receives a signed JSON POST">
              <input name="url" type="url" placeholder="https://ops.example.com/rigshift" />
            </Field>
            <Field label="Signing secret" name="secret" error={e.secret} hint="blank: one is generated and shown once">
              <input name="secret" type="password" autoComplete="off" />
            </Field>
          </>
        )}
        {kind === "SLACK" && (
          <Field label="Incoming webhook URL" name="url" error={e.url} hint="from Slack's Incoming Webhooks app; stored as a secret">
            <input name="url" type="password" autoComplete="off" placeholder="https://hooks.slack.com/services/…" />
          </Field>
        )}
        {kind === "TELEGRAM" && (
          <>
            <Field label="Bot token" name="botToken" error={e.botToken} hint="from @BotFather; stored as a secret">
              <input name="botToken" type="password" autoComplete="off" />
            </Field>
            <Field label="Chat id" name="chatId" error={e.chatId} hint="e.g. -1001234567890 or @channelname">
              <input name="chatId" type="text" />
            </Field>
          </>
        )}
        <Field label="Minimum severity" name="minSeverity" error={e.minSeverity}>
          <select name="minSeverity" defaultValue="WARNING">
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s.toLowerCase()}
              </option>
            ))}
          </select>
        </Field>
        <label className="field check">
          <input name="notifyResolved" type="checkbox" /> <span>Also when an alert resolves</span>
        </label>
        <fieldset className="field wide" data-field="kinds">
          <legend>Alert kinds (none ticked: every kind)</legend>
          <div className="chips">
            {Object.entries(ALERT_KINDS).map(([k, label]) => (
              <label key={k} className="chip">
                <input name="kinds" type="checkbox" value={k} /> {label}
              </label>
            ))}
          </div>
          {e.kinds && (
            <small className="field-error" role="alert">
              {e.kinds}
            </small>
          )}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={form.busy}>
            {form.busy ? "Adding…" : "Add channel"}
          </button>
        </div>
      </form>
      <FormError message={form.formError} />
    </>
  );
}
