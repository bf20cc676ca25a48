/** Dispatches an operator's rig action to its verb (shared by the bulk and the per-rig routes). */
import { pinRigs, releasePins, restartWorkload, setMaintenance, type TSessionUser } from "@rigshift/db";
import type { TRigAction } from "@/schemas/rigs";
import { actorOf } from "./auth";
import { db } from "./db";

export async function runRigAction(user: TSessionUser, rigIds: number[], action: TRigAction) {
  const base = { db: db(), actor: actorOf(user), now: new Date() };
  switch (action.action) {
    case "pin": {
      const until = action.untilHours ? new Date(base.now.getTime() + action.untilHours * 3600_000) : null;
      return pinRigs({ ...base, rigIds, mode: action.mode, workload: action.workload ?? null, until });
    }
    case "release":
      return releasePins({ ...base, rigIds });
    case "maintenance":
      return setMaintenance({ ...base, rigIds, on: action.on });
    case "restart":
      return { rigs: await Promise.all(rigIds.map((rigId) => restartWorkload({ ...base, rigId }))) };
  }
}
