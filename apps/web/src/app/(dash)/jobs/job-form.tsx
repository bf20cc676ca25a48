"use client";
import { useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Field, FormError } from "@/components/field";
import { fromLocalInput } from "@/components/format";
import { apiSend } from "@/lib/api";
import { useApiForm } from "@/lib/use-api-form";
import { ZJobSubmit } from "@/schemas/jobs";

/** Submits an AI job for a customer; every field is checked in the browser and again by the server. */
export function JobForm({ onSubmitted }: { onSubmitted: () => void }) {
  const client = useQueryClient();
  const form = useApiForm({
    schema: ZJobSubmit,
    submit: (v) => apiSend("POST", "/api/v1/jobs", v),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ["jobs"] });
      onSubmitted();
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? "");
    form.handle({
      name: text("name"),
      customer: text("customer"),
      gpuCount: text("gpuCount"),
      minVramGbPerGpu: text("minVramGbPerGpu"),
      gpuModels: text("gpuModels")
        .split(",")
        .map((m) => m.trim())
        .filter(Boolean),
      priceUsdPerGpuHour: text("priceUsdPerGpuHour"),
      durationSeconds: text("durationSeconds"),
      priority: text("priority"),
      deadline: text("deadline") ? fromLocalInput(text("deadline")) : null,
      preemptible: f.get("preemptible") === "on",
      runtimeProfile: text("runtimeProfile"),
    });
  };
  const e = form.errors;
  return (
    <section className="panel" aria-label="Submit a job">
      <h2>Submit a job</h2>
      <form className="form-grid" onSubmit={submit} aria-label="New job" noValidate>
        <Field label="Name" name="name" error={e.name}>
          <input name="name" type="text" />
        </Field>
        <Field label="Customer" name="customer" error={e.customer}>
          <input name="customer" type="text" />
        </Field>
        <Field label="GPUs" name="gpuCount" error={e.gpuCount}>
          <input name="gpuCount" type="text" inputMode="numeric" defaultValue="1" />
        </Field>
        <Field label="Min VRAM per GPU (GB)" name="minVramGbPerGpu" error={e.minVramGbPerGpu}>
          <input name="minVramGbPerGpu" type="text" inputMode="decimal" defaultValue="16" />
        </Field>
        <Field label="GPU models" name="gpuModels" error={e.gpuModels} hint="comma-separated; blank: any that fits">
          <input name="gpuModels" type="text" placeholder="RTX 4090, A100 SXM4 80 GB" />
        </Field>
        <Field label="Price ($/GPU-hour)" name="priceUsdPerGpuHour" error={e.priceUsdPerGpuHour}>
          <input name="priceUsdPerGpuHour" type="text" inputMode="decimal" placeholder="2.35" />
        </Field>
        <Field label="Duration (seconds)" name="durationSeconds" error={e.durationSeconds} hint="3600 = one hour">
          <input name="durationSeconds" type="text" inputMode="numeric" defaultValue="3600" />
        </Field>
        <Field label="Priority" name="priority" error={e.priority} hint="-100 to 100; higher first">
          <input name="priority" type="text" inputMode="numeric" defaultValue="0" />
        </Field>
        <Field label="Deadline" name="deadline" error={e.deadline} hint="optional">
          <input name="deadline" type="datetime-local" />
        </Field>
        <Field label="Runtime profile" name="runtimeProfile" error={e.runtimeProfile} hint="the AI runtime key in the rigs' config">
          <input name="runtimeProfile" type="text" defaultValue="pytorch" />
        </Field>
        <label className="field check">
          <input name="preemptible" type="checkbox" defaultChecked /> <span>Preemptible (may be paused for more profitable work)</span>
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={form.busy}>
            {form.busy ? "Submitting…" : "Submit job"}
          </button>
        </div>
      </form>
      <FormError message={form.formError} />
    </section>
  );
}
