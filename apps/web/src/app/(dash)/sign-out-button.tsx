"use client";

export function SignOutButton() {
  return (
    <button
      type="button"
      className="small"
      onClick={async () => {
        await fetch("/api/auth/sign-out", { method: "POST" });
        window.location.href = "/sign-in";
      }}
    >
      Sign out
    </button>
  );
}
