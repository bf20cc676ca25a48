"use client";
import type { ReactNode } from "react";

/** The three states every data view shows on purpose: loading, failed, empty. */
export function Loading({ label, height = 120 }: { label: string; height?: number }) {
  return <div className="skeleton" role="status" aria-label={label} style={{ height }} />;
}

export function Failed({ what, error, onRetry }: { what: string; error: Error; onRetry?: () => void }) {
  return (
    <div className="banner error" role="alert">
      Could not load {what}: {error.message}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Data is shown but the last refresh failed. */
export function StaleNotice({ error, updatedAt }: { error: Error | null; updatedAt: number }) {
  if (!error) return null;
  return (
    <div className="banner warn" role="alert">
      Live updates paused: {error.message}. Showing data from {new Date(updatedAt).toLocaleTimeString()}.
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty muted">{children}</div>;
}

export function Forbidden({ what }: { what: string }) {
  return (
    <div className="banner error" role="alert">
      Your role may not {what}. Ask an admin if you need access.
    </div>
  );
}
