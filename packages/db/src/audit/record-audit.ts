import type { DbOrTx } from "../client";

/** Who acted: a signed-in user (id and email), or a machine ("scheduler", "api-key:rsk_abc"). */
export interface TActor {
  userId: number | null;
  label: string;
}

export interface TAuditEntry {
  actor: TActor;
  action: string;
  targetType: string;
  targetId: string | number;
  before?: unknown;
  after?: unknown;
  at: Date;
}

/** JSON columns cannot hold BigInt or Date objects: store their text. */
export function toJson(value: unknown): object | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
}

function row(e: TAuditEntry) {
  return {
    at: e.at,
    actorUserId: e.actor.userId,
    actorLabel: e.actor.label,
    action: e.action,
    targetType: e.targetType,
    targetId: String(e.targetId),
    before: toJson(e.before),
    after: toJson(e.after),
  };
}

/** Appends to the audit log; call it inside the transaction that made the change. */
export async function recordAudit(db: DbOrTx, entries: TAuditEntry | TAuditEntry[]) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length) await db.auditLog.createMany({ data: list.map(row) });
}
