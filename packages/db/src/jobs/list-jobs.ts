import type { Database } from "../client";
import { JOB_SELECT, jobShape } from "./job-shape";
import { ACTIVE_JOB_STATUSES, type TJob, type TJobStatus } from "./types";

/** The AI job queue ("active": queued, placed, running) or its history, newest first, paged. */
export async function listJobs({
  db,
  view,
  status,
  q,
  page,
  pageSize,
}: {
  db: Database;
  view: "active" | "history";
  status?: TJobStatus;
  /** Name or customer contains (case-insensitive). */
  q?: string;
  page: number;
  pageSize: number;
}): Promise<{ rows: TJob[]; total: number; page: number; pageSize: number }> {
  const statuses = view === "active" ? ACTIVE_JOB_STATUSES : (["COMPLETED", "FAILED", "CANCELLED"] as TJobStatus[]);
  const where = {
    status: status ? (statuses.includes(status) ? status : { in: [] }) : { in: statuses },
    ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" as const } }, { customer: { contains: q, mode: "insensitive" as const } }] } : {}),
  };
  const order = view === "active" ? [{ priority: "desc" as const }, { submittedAt: "asc" as const }] : [{ submittedAt: "desc" as const }];
  const [rows, total] = await Promise.all([
    db.prisma.aiJob.findMany({ where, orderBy: [...order, { id: "asc" }], skip: (page - 1) * pageSize, take: pageSize, select: JOB_SELECT }),
    db.prisma.aiJob.count({ where }),
  ]);
  return { rows: rows.map(jobShape), total, page, pageSize };
}
