/** Words and pill colours the notification views share. */
export const KIND_LABEL = { WEBHOOK: "Webhook", SLACK: "Slack", TELEGRAM: "Telegram" } as const;
export const DELIVERY_PILL = { DELIVERED: "online", PENDING: "stale", FAILED: "offline" } as const;
