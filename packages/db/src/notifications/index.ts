// Notification channels and their delivery log: the admin's verbs (web), the worker's (scheduler).
export { ALERT_KIND_KEYS, ALERT_KINDS, SEVERITIES, type TAlertKind, type TSeverity } from "../alerts/kinds";
export { claimDelivery, type TClaimedDelivery } from "./claim-delivery";
export { createNotificationChannel } from "./create-channel";
export { deleteNotificationChannel } from "./delete-channel";
export { finishAttempt, type TAttemptOutcome } from "./finish-delivery";
export { listNotificationChannels } from "./list-channels";
export { listNotificationDeliveries } from "./list-deliveries";
export { maskSecret, redact } from "./mask-secret";
export { requestTestNotification } from "./request-test";
export { deliveriesToQueue, GIVE_UP_AFTER_MS, markQueued } from "./sweep-deliveries";
export * from "./types";
export { updateNotificationChannel } from "./update-channel";
