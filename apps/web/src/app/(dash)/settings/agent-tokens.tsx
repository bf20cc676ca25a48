"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatAgo, formatTime } from "@/components/format";
import { Pager } from "@/components/pager";
import { Empty, Failed, Loading } from "@/components/states";
import { apiGet, qs } from "@/lib/api";
import { useRevoke } from "./use-revoke";

interface TAgentToken {
  id: number;
  prefix: string;
  rig: { id: number; hostname: string; siteCode: string };
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
const PAGE_SIZE = 25;

/** Each rig's agent token, by prefix; revoking one locks the rig out until it enrolls again. */
export function AgentTokens() {
  const _client = useQueryClient();
  const [q, setQ] = useState("");
  const [page, setPage] = useState(1);
  const tokens = useQuery({
    queryKey: ["agent-tokens", q, page],
    queryFn: () => apiGet<{ rows: TAgentToken[]; total: number }>(`/api/v1/agent-tokens${qs({ q, page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const revoke = useRevoke<TAgentToken>("agent-tokens");
  return (
    <section className="panel" aria-label="Agent tokens">
      <div className="panel-head">
        <h2>Agent tokens</h2>
        <input
          type="search"
          aria-label="Search agent tokens by hostname"
          placeholder="rig hostname"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
      </div>
      {tokens.isPending ? (
        <Loading label="Loading agent tokens" />
      ) : tokens.isError && !tokens.data ? (
        <Failed what="the agent tokens" error={tokens.error} />
      ) : tokens.data.rows.length === 0 ? (
        <Empty>No agent tokens{q ? " for this hostname" : ""}.</Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table aria-label="Agent tokens">
              <thead>
                <tr>
                  <th>Rig</th>
                  <th>Prefix</th>
                  <th className="hide-sm">Created</th>
                  <th className="hide-sm">Last used</th>
                  <th>State</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tokens.data.rows.map((t) => (
                  <tr key={t.id} data-testid={`agent-token-${t.rig.hostname}`}>
                    <td>
                      <Link href={`/rigs/${t.rig.id}`}>{t.rig.hostname}</Link> <span className="muted small">{t.rig.siteCode}</span>
                    </td>
                    <td>
                      <code>{t.prefix}…</code>
                    </td>
                    <td className="hide-sm">{formatTime(t.createdAt)}</td>
                    <td className="hide-sm">{formatAgo(t.lastUsedAt)}</td>
                    <td>{t.revokedAt ? <span className="pill offline">revoked</span> : <span className="pill online">active</span>}</td>
                    <td>{!t.revokedAt && revoke.button(t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page} pageSize={PAGE_SIZE} total={tokens.data.total} onPage={setPage} />
        </>
      )}
      {revoke.dialog((t) => `Revoke the agent token of ${t.rig.hostname}?`, "The rig's reports are refused from now on, until it enrolls again with a new enrollment token.")}
    </section>
  );
}
