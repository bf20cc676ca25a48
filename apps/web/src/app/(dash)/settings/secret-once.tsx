"use client";
import { useState } from "react";

/** A secret shown once, right after it was created: only its hash is stored. */
export function SecretOnce({ label, secret, onDismiss }: { label: string; secret: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret" role="status" aria-label={label}>
      <p>
        <b>{label}</b> — copy it now; it is not shown again.
      </p>
      <code data-testid="secret">{secret}</code>
      <div className="actions">
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
