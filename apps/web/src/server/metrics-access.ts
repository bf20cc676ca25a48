/**
 * Who may read GET /metrics. Prometheus scrapes without a session, so the endpoint takes a
 * bearer token (METRICS_TOKEN). Production without a token answers 403: fleet size, power and
 * revenue are not for anyone who can reach the port. Development and test without one: open.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { forbidden, unauthorized } from "@rigshift/db";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function assertMetricsAccess({ token, production, presented }: { token: string | undefined; production: boolean; presented: string | undefined }) {
  if (!token) {
    if (production) throw forbidden("/metrics is disabled: set METRICS_TOKEN and give Prometheus the same value as its bearer token");
    return;
  }
  // Compared as digests: constant time, whatever the lengths.
  if (!presented || !timingSafeEqual(digest(presented), digest(token))) throw unauthorized("/metrics needs Authorization: Bearer <METRICS_TOKEN>");
}
