"use client";

/** Power against a cap: a bar that turns red above it. kW in, nothing fetched. */
export function CapBar({ nowKw, capKw }: { nowKw: number; capKw: number }) {
  const share = capKw > 0 ? nowKw / capKw : 0;
  return (
    <span className={`bar ${share > 1 ? "over" : ""}`} title={`${Math.round(share * 100)}% of cap`}>
      <span style={{ width: `${Math.min(100, share * 100)}%` }} />
    </span>
  );
}
