"use client";

export function SignOutButton() {
  return (
    <button
      type="button"
      style={{ marginTop: 8, padding: "2px 8px", fontSize: 12 }}
      onClick={async () => {
        await fetch("/api/auth/sign-out", { method: "POST" });
        window.location.href = "/sign-in";
      }}
    >
      Sign out
    </button>
  );
}
