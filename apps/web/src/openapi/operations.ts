/**
 * Every operation of the HTTP API: the registry the OpenAPI document is built from. Request
 * schemas are the objects the routes validate with (readJson / readQuery), imported from where
 * the routes import them; openapi.test.ts fails when a route and this list disagree.
 */
import { ZDesiredState, ZEnrollRequest, ZEnrollResponse, ZTelemetryAck, ZTelemetryBatch } from "@rigshift/protocol";
import { z } from "zod";
import { ZExportRequest, ZRebuildRequest, ZReportQuery } from "../app/api/v1/finance/_lib/schemas";
import { ZApiKeyCreate, ZEnrollmentTokenCreate, ZUserCreate, ZUserUpdate } from "../schemas/admin";
import { ZSignIn } from "../schemas/auth";
import { ZJobListQuery, ZJobSubmit, ZPublicJobSubmit } from "../schemas/jobs";
import { ZAgentTokenQuery, ZAlertQuery, ZAuditQuery, ZDecisionQuery } from "../schemas/logs";
import { ZPriceCsvImport, ZPricePoint, ZSeriesPointsQuery } from "../schemas/market";
import { ZBulkRigAction, ZRigAction, ZRigEventsQuery, ZRigListQuery, ZRigSeriesQuery } from "../schemas/rigs";
import { ZCapWindow, ZOverviewPowerQuery, ZPolicy, ZSitePowerQuery } from "../schemas/sites";
import type { TOperation } from "./types";

const ok = (description: string, schema?: z.ZodType) => ({ status: 200 as const, description, schema });
const created = (description: string, schema?: z.ZodType) => ({ status: 201 as const, description, schema });
const accepted = (description: string) => ({ status: 202 as const, description });
const ZDesiredStateAnswer = z.object({ desired: ZDesiredState.nullable(), serverTime: z.string() });

export const OPERATIONS: TOperation[] = [
  // The agent API (rigs).
  {
    method: "POST",
    path: "/api/agent/v1/enroll",
    operationId: "enrollRig",
    summary: "Trade a one-time enrollment token for a per-rig agent token",
    auth: "none",
    body: ZEnrollRequest,
    ok: created("The rig and its agent token", ZEnrollResponse),
  },
  {
    method: "POST",
    path: "/api/agent/v1/telemetry",
    operationId: "postTelemetry",
    summary: "A batch of samples and events from one rig (stored once per batchId); answers with its desired state",
    auth: "rigToken",
    body: ZTelemetryBatch,
    ok: ok("Stored (or already stored), after COMMIT", ZTelemetryAck),
  },
  {
    method: "GET",
    path: "/api/agent/v1/desired-state",
    operationId: "getDesiredState",
    summary: "What this rig should be doing",
    auth: "rigToken",
    ok: ok("The rig's desired state", ZDesiredStateAnswer),
  },

  // Sessions.
  {
    method: "POST",
    path: "/api/auth/sign-in",
    operationId: "signIn",
    summary: "Email and password for a session cookie (same-origin only)",
    auth: "none",
    body: ZSignIn,
    ok: ok("Signed in; Set-Cookie carries the session"),
  },
  {
    method: "POST",
    path: "/api/auth/sign-out",
    operationId: "signOut",
    summary: "Ends the session of the cookie sent, if any (same-origin only)",
    auth: "none",
    ok: ok("Signed out; the cookie is cleared"),
  },

  // The public job API (customers).
  {
    method: "POST",
    path: "/api/public/v1/jobs",
    operationId: "submitPublicJob",
    summary: "Submit an AI job as the API key's customer",
    auth: "apiKey",
    body: ZPublicJobSubmit,
    ok: created("The job; Location names it"),
  },
  { method: "GET", path: "/api/public/v1/jobs/{id}", operationId: "getPublicJob", summary: "Follow one of your jobs", auth: "apiKey", ok: ok("The job") },
  {
    method: "DELETE",
    path: "/api/public/v1/jobs/{id}",
    operationId: "cancelPublicJob",
    summary: "Cancel one of your jobs",
    auth: "apiKey",
    ok: ok("The cancelled job"),
    errors: [409],
  },

  // The dashboard's API: farm and rigs.
  {
    method: "GET",
    path: "/api/v1/health",
    operationId: "getHealth",
    summary: "Whether this instance reaches Postgres and Redis (503 when not)",
    auth: "none",
    ok: ok("Both reachable"),
  },
  { method: "GET", path: "/api/v1/openapi.json", operationId: "getOpenApiDocument", summary: "This document", auth: "none", ok: ok("The OpenAPI 3.1 document") },
  {
    method: "GET",
    path: "/api/v1/overview",
    operationId: "getOverview",
    summary: "Farm-wide and per-site rigs by mode, power against cap, economics, open alerts",
    auth: "session",
    ok: ok("The overview"),
  },
  {
    method: "GET",
    path: "/api/v1/overview/power",
    operationId: "getOverviewPower",
    summary: "Power per site over time against the cap",
    auth: "session",
    query: ZOverviewPowerQuery,
    ok: ok("Bucketed power series"),
  },
  { method: "GET", path: "/api/v1/fleet", operationId: "getFleet", summary: "Every site with its rigs' latest state", auth: "session", ok: ok("Sites and rigs") },
  { method: "GET", path: "/api/v1/rigs", operationId: "listRigs", summary: "One page of the rigs table", auth: "session", query: ZRigListQuery, ok: ok("A page of rigs") },
  {
    method: "GET",
    path: "/api/v1/rigs/filters",
    operationId: "getRigFilters",
    summary: "Sites, models and tags for the rigs table's filters",
    auth: "session",
    ok: ok("Filter options"),
  },
  {
    method: "POST",
    path: "/api/v1/rigs/actions",
    operationId: "runBulkRigAction",
    summary: "Pin, release, maintenance on/off or restart on selected rigs",
    auth: "session",
    body: ZBulkRigAction,
    ok: ok("What was done to each rig"),
  },
  {
    method: "GET",
    path: "/api/v1/rigs/{id}",
    operationId: "getRig",
    summary: "One rig: identity, devices, latest and desired state, pin, placements",
    auth: "session",
    ok: ok("The rig"),
  },
  {
    method: "POST",
    path: "/api/v1/rigs/{id}/actions",
    operationId: "runRigAction",
    summary: "Pin, release, maintenance on/off or restart on one rig",
    auth: "session",
    body: ZRigAction,
    ok: ok("What was done"),
  },
  {
    method: "GET",
    path: "/api/v1/rigs/{id}/events",
    operationId: "listRigEvents",
    summary: "The rig's newest agent events",
    auth: "session",
    query: ZRigEventsQuery,
    ok: ok("Events, newest first"),
  },
  {
    method: "GET",
    path: "/api/v1/rigs/{id}/series",
    operationId: "getRigSeries",
    summary: "Per-device temperature, power, utilisation and hashrate over time",
    auth: "session",
    query: ZRigSeriesQuery,
    ok: ok("Bucketed series"),
  },
  {
    method: "GET",
    path: "/api/v1/decisions",
    operationId: "listDecisions",
    summary: "The scheduler's decision log, keyset-paged",
    auth: "session",
    query: ZDecisionQuery,
    ok: ok("A page of decisions"),
  },
  {
    method: "GET",
    path: "/api/v1/alerts",
    operationId: "listAlerts",
    summary: "Alerts in one state, with counts per state",
    auth: "session",
    query: ZAlertQuery,
    ok: ok("A page of alerts"),
  },
  { method: "POST", path: "/api/v1/alerts/{id}/acknowledge", operationId: "acknowledgeAlert", summary: "Mark an alert as seen", auth: "session", ok: ok("The alert") },
  { method: "POST", path: "/api/v1/alerts/{id}/resolve", operationId: "resolveAlert", summary: "Resolve an alert by hand", auth: "session", ok: ok("The alert") },

  // Sites and policies.
  { method: "GET", path: "/api/v1/sites", operationId: "listSites", summary: "Every site with its policy and current and future cap windows", auth: "session", ok: ok("Sites") },
  { method: "GET", path: "/api/v1/sites/{id}", operationId: "getSite", summary: "One site with its policy and cap windows", auth: "session", ok: ok("The site") },
  {
    method: "PUT",
    path: "/api/v1/sites/{id}/policy",
    operationId: "updateSitePolicy",
    summary: "Replace the site's scheduling policy",
    auth: "session",
    body: ZPolicy,
    ok: ok("The site with its new policy"),
  },
  {
    method: "POST",
    path: "/api/v1/sites/{id}/cap-windows",
    operationId: "addCapWindow",
    summary: "Add a temporary power cap",
    auth: "session",
    body: ZCapWindow,
    ok: created("The cap window"),
  },
  { method: "DELETE", path: "/api/v1/sites/{id}/cap-windows/{windowId}", operationId: "removeCapWindow", summary: "Remove a cap window", auth: "session", ok: ok("Removed") },
  {
    method: "GET",
    path: "/api/v1/sites/{id}/power",
    operationId: "getSitePower",
    summary: "This site's power over time against its cap",
    auth: "session",
    query: ZSitePowerQuery,
    ok: ok("Bucketed power series"),
  },

  // AI jobs.
  { method: "GET", path: "/api/v1/jobs", operationId: "listJobs", summary: "The AI job queue or its history", auth: "session", query: ZJobListQuery, ok: ok("A page of jobs") },
  { method: "POST", path: "/api/v1/jobs", operationId: "submitJob", summary: "Submit a job for a customer", auth: "session", body: ZJobSubmit, ok: created("The job") },
  { method: "GET", path: "/api/v1/jobs/{id}", operationId: "getJob", summary: "One job with its placements and progress", auth: "session", ok: ok("The job") },
  {
    method: "POST",
    path: "/api/v1/jobs/{id}/cancel",
    operationId: "cancelJob",
    summary: "Cancel a queued, placed or running job",
    auth: "session",
    ok: ok("The cancelled job"),
    errors: [409],
  },

  // Market prices.
  {
    method: "GET",
    path: "/api/v1/market/series",
    operationId: "listMarket",
    summary: "Every price series with its latest value, and every feed's health",
    auth: "session",
    ok: ok("Series and feeds"),
  },
  {
    method: "GET",
    path: "/api/v1/market/series/{id}/points",
    operationId: "getSeriesPoints",
    summary: "A series' prices over time, in dollars",
    auth: "session",
    query: ZSeriesPointsQuery,
    ok: ok("Bucketed prices"),
  },
  {
    method: "POST",
    path: "/api/v1/market/points",
    operationId: "addPricePoint",
    summary: "Enter one price by hand",
    auth: "session",
    body: ZPricePoint,
    ok: created("The price point"),
  },
  {
    method: "POST",
    path: "/api/v1/market/import",
    operationId: "importPriceCsv",
    summary: 'Import "timestamp,value" CSV into a series, all rows or none',
    auth: "session",
    body: ZPriceCsvImport,
    ok: created("Rows imported"),
  },

  // Finance.
  {
    method: "GET",
    path: "/api/v1/finance/report",
    operationId: "getFinanceReport",
    summary: "The profitability report, as JSON or streamed CSV",
    auth: "session",
    query: ZReportQuery,
    ok: ok("The report (format=csv: text/csv)"),
  },
  { method: "GET", path: "/api/v1/finance/exports", operationId: "listExports", summary: "My recent report exports", auth: "session", ok: ok("Exports") },
  {
    method: "POST",
    path: "/api/v1/finance/exports",
    operationId: "requestExport",
    summary: "Request a report file (CSV, XLSX, PDF), built in the background",
    auth: "session",
    body: ZExportRequest,
    ok: accepted("Queued; poll the export"),
  },
  {
    method: "GET",
    path: "/api/v1/finance/exports/{id}",
    operationId: "getExport",
    summary: "One of my exports, with its status and progress",
    auth: "session",
    ok: ok("The export"),
  },
  {
    method: "GET",
    path: "/api/v1/finance/exports/{id}/download",
    operationId: "downloadExport",
    summary: "The finished export file",
    auth: "session",
    ok: { status: 200, description: "The file (CSV, XLSX or PDF)", contentType: "application/octet-stream", schema: z.string() },
  },
  {
    method: "POST",
    path: "/api/v1/finance/ledger/rebuild",
    operationId: "rebuildLedger",
    summary: "Rebuild the profitability ledger for a period, in the background",
    auth: "session",
    body: ZRebuildRequest,
    ok: accepted("Queued"),
  },

  // Administration.
  { method: "GET", path: "/api/v1/users", operationId: "listUsers", summary: "Every user", auth: "session", ok: ok("Users") },
  {
    method: "POST",
    path: "/api/v1/users",
    operationId: "createUser",
    summary: "Create a user with a role",
    auth: "session",
    body: ZUserCreate,
    ok: created("The user"),
    errors: [409],
  },
  {
    method: "PATCH",
    path: "/api/v1/users/{id}",
    operationId: "updateUser",
    summary: "Change a user's role, or disable or re-enable them",
    auth: "session",
    body: ZUserUpdate,
    ok: ok("The user"),
  },
  {
    method: "GET",
    path: "/api/v1/enrollment-tokens",
    operationId: "listEnrollmentTokens",
    summary: "Recent rig enrollment tokens",
    auth: "session",
    ok: ok("Tokens (prefix only)"),
  },
  {
    method: "POST",
    path: "/api/v1/enrollment-tokens",
    operationId: "issueEnrollmentToken",
    summary: "Issue an enrollment token for a site (plaintext in the answer, once)",
    auth: "session",
    body: ZEnrollmentTokenCreate,
    ok: created("The token"),
  },
  {
    method: "POST",
    path: "/api/v1/enrollment-tokens/{id}/revoke",
    operationId: "revokeEnrollmentToken",
    summary: "Revoke an unused enrollment token",
    auth: "session",
    ok: ok("Revoked"),
  },
  {
    method: "GET",
    path: "/api/v1/agent-tokens",
    operationId: "listAgentTokens",
    summary: "Rigs' agent tokens (prefix only)",
    auth: "session",
    query: ZAgentTokenQuery,
    ok: ok("A page of tokens"),
  },
  { method: "POST", path: "/api/v1/agent-tokens/{id}/revoke", operationId: "revokeAgentToken", summary: "Revoke a rig's agent token", auth: "session", ok: ok("Revoked") },
  { method: "GET", path: "/api/v1/api-keys", operationId: "listApiKeys", summary: "Customer API keys (prefix only)", auth: "session", ok: ok("Keys") },
  {
    method: "POST",
    path: "/api/v1/api-keys",
    operationId: "createApiKey",
    summary: "Create a customer API key (plaintext in the answer, once)",
    auth: "session",
    body: ZApiKeyCreate,
    ok: created("The key"),
  },
  { method: "POST", path: "/api/v1/api-keys/{id}/revoke", operationId: "revokeApiKey", summary: "Revoke a customer API key", auth: "session", ok: ok("Revoked") },
  { method: "GET", path: "/api/v1/audit", operationId: "listAudit", summary: "The audit log, keyset-paged", auth: "session", query: ZAuditQuery, ok: ok("A page of entries") },
];
