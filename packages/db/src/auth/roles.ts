import { forbidden } from "../errors";
import type { Role } from "../generated/prisma/enums";

/**
 * What each role may do. Enforced on the server for every page, action and API route;
 * the UI only hides what the server would refuse anyway.
 */
export const PERMISSIONS = {
  "fleet.read": ["ADMIN", "OPERATOR", "FINANCE", "VIEWER"],
  "fleet.operate": ["ADMIN", "OPERATOR"],
  "jobs.manage": ["ADMIN", "OPERATOR"],
  "policy.manage": ["ADMIN", "OPERATOR"],
  "market.manage": ["ADMIN", "OPERATOR"],
  "alerts.manage": ["ADMIN", "OPERATOR"],
  "finance.read": ["ADMIN", "FINANCE"],
  "tokens.manage": ["ADMIN"],
  "users.manage": ["ADMIN"],
  "audit.read": ["ADMIN"],
  /** Notification channels and their delivery log: operators see them, admins change them. */
  "notifications.read": ["ADMIN", "OPERATOR"],
  "notifications.manage": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type TPermission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: TPermission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function assertCan(role: Role, permission: TPermission): void {
  if (!can(role, permission)) throw forbidden(`your role (${role.toLowerCase()}) may not ${permission.replace(".", " ")}`);
}
