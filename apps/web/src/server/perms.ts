import { can, PERMISSIONS, type TPermission, type TSessionUser } from "@rigshift/db";

export type TPerms = Record<TPermission, boolean>;

/** What the signed-in user may do, for the UI to hide what the server would refuse anyway. */
export function permsOf(user: TSessionUser): TPerms {
  return Object.fromEntries(Object.keys(PERMISSIONS).map((p) => [p, can(user.role, p as TPermission)])) as TPerms;
}
