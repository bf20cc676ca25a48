"use client";

/** Last resort when even the root layout fails: a message, never a stack trace. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ background: "#0f1419", color: "#e6edf3", fontFamily: "system-ui, sans-serif", padding: 24 }}>
        <h1 style={{ fontSize: 20 }}>Rigshift could not show this page</h1>
        <p>{error.digest ? `Reference ${error.digest}. ` : ""}The error has been logged.</p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
