"use client";
import { cloneElement, type ReactElement, type ReactNode, useId } from "react";

/**
 * A labelled form control with its hint and field-level message. The label names the control
 * (htmlFor); the hint or the message describes it (aria-describedby), so a screen reader reads
 * "Price ($/GPU-hour), invalid, a dollar amount with at most 6 decimals".
 */
export function Field({ label, name, error, hint, children }: { label: string; name: string; error?: string; hint?: ReactNode; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const note = `${id}-note`;
  const control = cloneElement(children, { id, "aria-invalid": error ? true : undefined, "aria-describedby": error || hint ? note : undefined });
  return (
    <div className={`field ${error ? "invalid" : ""}`} data-field={name}>
      <label htmlFor={id}>{label}</label>
      {control}
      {error ? (
        <small className="field-error" id={note} role="alert">
          {error}
        </small>
      ) : (
        hint && (
          <small className="muted" id={note}>
            {hint}
          </small>
        )
      )}
    </div>
  );
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p className="banner error" role="alert">
      {message}
    </p>
  );
}
