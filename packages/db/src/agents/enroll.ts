import type { TEnrollRequest, TEnrollResponse } from "@rigshift/protocol";
import type { Database } from "../client";
import { unauthorized } from "../errors";
import { hashToken, newToken, tokenPrefix } from "../tokens";

/**
 * Trades a one-time enrollment token for a per-rig agent token. The rig is created in the
 * token's site (or re-attached, if a rig with that hostname exists there: a reinstalled agent),
 * its devices recorded, and its older agent tokens revoked.
 */
export async function enrollRig({ db, request, now }: { db: Database; request: TEnrollRequest; now: Date }): Promise<TEnrollResponse> {
  const rigToken = request.proposedRigToken ?? newToken("agent");
  const replay = await replayedEnrollment(db, request);
  if (replay) return replay;
  return db.prisma.$transaction(async (tx) => {
    // Claim the token atomically: two agents racing with one token cannot both win.
    const claimed = await tx.enrollmentToken.updateMany({
      where: { tokenHash: hashToken(request.enrollmentToken), usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw unauthorized("enrollment token is unknown, used, revoked or expired");
    const token = await tx.enrollmentToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(request.enrollmentToken) },
      select: { id: true, site: { select: { id: true, code: true } } },
    });
    const rig = await tx.rig.upsert({
      where: { siteId_hostname: { siteId: token.site.id, hostname: request.hostname } },
      create: {
        siteId: token.site.id,
        hostname: request.hostname,
        kind: request.kind,
        model: request.model,
        agentVersion: request.agentVersion,
        workloads: request.workloads,
        enrolledAt: now,
      },
      update: { kind: request.kind, model: request.model, agentVersion: request.agentVersion, workloads: request.workloads, enrolledAt: now },
      select: { id: true },
    });
    await tx.device.deleteMany({ where: { rigId: rig.id, index: { notIn: request.devices.map((d) => d.index) } } });
    for (const d of request.devices) {
      const fields = { kind: d.kind, uuid: d.uuid, model: d.model, vramMb: d.vramMb, powerLimitW: d.powerLimitW, nominalThs: d.nominalThs, nominalW: d.nominalW, busId: d.busId };
      await tx.device.upsert({ where: { rigId_index: { rigId: rig.id, index: d.index } }, create: { rigId: rig.id, index: d.index, ...fields }, update: fields });
    }
    // Until the scheduler decides, a new rig does what a farm expects of it: mine, with the first
    // mining workload its config allows (or idle when it allows none).
    const mine = request.workloads.find((w) => w.mode === "MINE");
    await tx.desiredState.upsert({
      where: { rigId: rig.id },
      create: { rigId: rig.id, mode: mine ? "MINE" : "IDLE", workload: mine?.key ?? null, source: "DEFAULT" },
      update: {},
    });
    await tx.enrollmentToken.update({ where: { id: token.id }, data: { usedByRigId: rig.id } });
    await tx.agentToken.updateMany({ where: { rigId: rig.id, revokedAt: null }, data: { revokedAt: now } });
    await tx.agentToken.create({ data: { rigId: rig.id, tokenHash: hashToken(rigToken), prefix: tokenPrefix(rigToken) } });
    await tx.auditLog.create({
      data: {
        actorLabel: `enrollment-token:${token.id}`,
        action: "rig.enroll",
        targetType: "rig",
        targetId: String(rig.id),
        after: { hostname: request.hostname, site: token.site.code },
      },
    });
    return { rigId: rig.id, rigToken, siteCode: token.site.code };
  });
}

/**
 * A retry of an enrollment that already succeeded (the answer was lost): same enrollment token,
 * same proposed rig token, still the rig's active token. Answered again, changing nothing.
 */
async function replayedEnrollment(db: Database, request: TEnrollRequest): Promise<TEnrollResponse | null> {
  if (!request.proposedRigToken) return null;
  const used = await db.prisma.enrollmentToken.findUnique({
    where: { tokenHash: hashToken(request.enrollmentToken) },
    select: { usedByRigId: true, site: { select: { code: true } } },
  });
  if (!used?.usedByRigId) return null;
  const active = await db.prisma.agentToken.findUnique({ where: { tokenHash: hashToken(request.proposedRigToken) }, select: { rigId: true, revokedAt: true } });
  if (!active || active.revokedAt || active.rigId !== used.usedByRigId) return null;
  return { rigId: active.rigId, rigToken: request.proposedRigToken, siteCode: used.site.code };
}
