"use client";
import type { TOverviewAlert } from "@rigshift/db";
import Link from "next/link";
import { formatAgo } from "@/components/format";
import { Empty } from "@/components/states";

export function AlertList({ alerts }: { alerts: TOverviewAlert[] }) {
  if (!alerts.length) return <Empty>No active alerts.</Empty>;
  return (
    <ul className="alert-list">
      {alerts.map((a) => (
        <li key={a.id} className={`sev-${a.severity}`}>
          <span className={`pill sev ${a.severity}`}>{a.severity.toLowerCase()}</span> {a.rigId ? <Link href={`/rigs/${a.rigId}`}>{a.hostname}</Link> : a.siteCode}{" "}
          <span>{a.message}</span> <span className="muted">{formatAgo(a.openedAt)}</span>
          {a.acknowledged && <span className="muted"> · acknowledged</span>}
        </li>
      ))}
    </ul>
  );
}
