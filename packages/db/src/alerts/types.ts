/** Alert shapes (types only: safe for client components). */
export const ALERT_STATES = ["open", "acknowledged", "resolved"] as const;
export type TAlertState = (typeof ALERT_STATES)[number];

export interface TAlert {
  id: number;
  kind: string;
  severity: "INFO" | "WARNING" | "CRITICAL";
  message: string;
  state: TAlertState;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  rig: { id: number; hostname: string } | null;
  siteCode: string | null;
}
