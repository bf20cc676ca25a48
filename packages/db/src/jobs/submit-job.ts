import { recordAudit, type TActor } from "../audit/record-audit";
import type { Database } from "../client";
import { invalid, type TIssue } from "../errors";
import { parseUsdToMicro } from "../money/usd";
import { JOB_SELECT, jobShape } from "./job-shape";
import type { TJob, TJobInput } from "./types";

/**
 * Queues an AI job for the scheduler. Checks what the request schema cannot: the price is an
 * exact dollar amount, the deadline lies ahead, and each GPU model is one the fleet or the
 * catalogue knows (spelled as the devices report it, which is what the scheduler matches).
 */
export async function submitJob({ db, actor, input, apiKeyId = null, now }: { db: Database; actor: TActor; input: TJobInput; apiKeyId?: number | null; now: Date }): Promise<TJob> {
  const issues: TIssue[] = [];
  const price = parseUsdToMicro(input.priceUsdPerGpuHour);
  if (price === null || price <= 0n) issues.push({ path: "priceUsdPerGpuHour", message: "a positive dollar amount with at most 6 decimals, e.g. 2.35" });
  if (input.deadline && input.deadline <= now) issues.push({ path: "deadline", message: "must be in the future" });
  const gpuModels = await canonicalModels(db, input.gpuModels, issues);
  if (issues.length) throw invalid(`invalid job: ${issues[0]!.path}: ${issues[0]!.message}`, issues);
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.aiJob.create({
      data: {
        name: input.name,
        customer: input.customer,
        apiKeyId,
        gpuCount: input.gpuCount,
        minVramGbPerGpu: input.minVramGbPerGpu,
        gpuModels,
        priceMicroUsdPerGpuHour: price!,
        durationSeconds: input.durationSeconds,
        priority: input.priority,
        deadline: input.deadline,
        preemptible: input.preemptible,
        runtimeProfile: input.runtimeProfile,
        submittedAt: now,
      },
      select: JOB_SELECT,
    });
    const job = jobShape(row);
    await recordAudit(tx, { actor, action: "job.submit", targetType: "job", targetId: job.id, after: { ...input, gpuModels }, at: now });
    return job;
  });
}

async function canonicalModels(db: Database, wanted: string[], issues: TIssue[]): Promise<string[]> {
  if (!wanted.length) return [];
  const known = await db.pool.query<{ name: string }>(
    `SELECT DISTINCT model AS name FROM "Device" WHERE kind = 'GPU' AND lower(model) = ANY($1) UNION SELECT name FROM "GpuModel" WHERE lower(name) = ANY($1)`,
    [wanted.map((m) => m.toLowerCase())],
  );
  const byLower = new Map(known.rows.map((r) => [r.name.toLowerCase(), r.name]));
  const out = [];
  for (const m of wanted) {
    const name = byLower.get(m.toLowerCase());
    if (name) out.push(name);
    else issues.push({ path: "gpuModels", message: `unknown GPU model "${m}"` });
  }
  return [...new Set(out)];
}
