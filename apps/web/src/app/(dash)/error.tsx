"use client";

/** A page that failed on the server: a message and a retry, never a stack trace. */
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="banner error" role="alert">
      This page could not be shown{error.digest ? ` (reference ${error.digest})` : ""}.{" "}
      <button type="button" className="link" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
