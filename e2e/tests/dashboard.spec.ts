/**
 * The operators' dashboard, page by page, as an operator (and an admin where only an admin may):
 * overview numbers, the rigs table, a rig's charts and pin, jobs, a site's policy, decisions,
 * the market, alerts, settings and the audit log. One seeded farm for the whole file.
 */
import { expect, type Page, test } from "@playwright/test";
import { api, screenshot, seedDashboard, signIn, type TDashboardSeed, type TSeed } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ timezoneId: "UTC", viewport: { width: 1366, height: 900 } });

let data: TSeed & { dashboard: TDashboardSeed };
let d: TDashboardSeed;
test.beforeAll(() => {
  data = seedDashboard();
  d = data.dashboard;
});

const asOperator = (page: Page) => signIn(page, data.users.operator!);
const asAdmin = (page: Page) => signIn(page, data.users.admin!);
/** A datetime-local value `hours` from now (the browser runs in UTC). */
const localIn = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString().slice(0, 16);
const fieldError = (page: Page, name: string) => page.locator(`[data-field="${name}"] .field-error`);

test("overview: rigs by mode, power and alerts match the seeded farm", async ({ page }) => {
  await asOperator(page);
  await page.goto("/overview");
  const e = d.expected;
  await expect(page.getByTestId("farm-rigs")).toHaveText(String(e.farm.total));
  for (const c of ["mining", "ai", "idle", "maintenance", "offline"] as const) {
    await expect(page.getByTestId(`farm-${c}`)).toHaveAttribute("data-count", String(e.farm[c]));
    for (const site of ["E2E-1", "E2E-2"] as const) await expect(page.getByTestId(`site-${site}-${c}`)).toHaveText(String(e.sites[site][c]));
  }
  await expect(page.getByTestId("farm-power")).toHaveText(`${e.farm.powerKw.toFixed(1)} kW`);
  await expect(page.getByTestId("site-E2E-1-power")).toContainText(`${e.sites["E2E-1"].powerKw.toFixed(1)} kW / 40.0 kW`);
  await expect(page.getByTestId("farm-alerts")).toHaveText("3"); // offline, overtemp, failed start
  await expect(page.getByRole("region", { name: "Active alerts" })).toContainText("CUDA out of memory");
  await expect(page.getByRole("img", { name: "Power per site against cap" })).toBeVisible();
  await screenshot(page, "overview");
  // A mode count is a link into the rigs table, filtered on the server.
  await page.getByTestId("farm-offline").click();
  await expect(page).toHaveURL(/\/rigs\?mode=offline$/);
  await expect(page.getByTestId("rig-row-e2e-off-01")).toBeVisible();
  await expect(page.getByTestId("pager-range")).toHaveText("1–1 of 1");
});

test("rigs: server-side filters and sorting, then a confirmed bulk pin", async ({ page }) => {
  await asOperator(page);
  await page.goto("/rigs");
  await expect(page.getByTestId("pager-range")).toHaveText(`1–${d.expected.farm.total} of ${d.expected.farm.total}`);
  await page.getByLabel("Tag", { exact: true }).selectOption("row-b");
  await expect(page.getByTestId("pager-range")).toHaveText("1–2 of 2");
  await page.getByLabel("Health", { exact: true }).selectOption("unhealthy");
  await expect(page.getByTestId("pager-range")).toHaveText("1–1 of 1");
  await expect(page.getByTestId("rig-row-e2e-hot-01")).toBeVisible();
  await page.getByRole("button", { name: "Reset" }).click();
  await page.getByLabel("Hostname").fill("asic");
  await expect(page.getByTestId("pager-range")).toHaveText("1–2 of 2");
  await page.getByRole("button", { name: "Reset" }).click();
  await page.getByLabel("Site", { exact: true }).selectOption({ label: "E2E-2" });
  await expect(page.getByTestId("pager-range")).toHaveText("1–3 of 3");
  await page.getByRole("button", { name: "Power" }).click();
  await expect(page).toHaveURL(/sort=power&dir=desc/);
  await expect(page.locator("tbody tr").last()).toHaveAttribute("data-testid", "rig-row-e2e-maint-01");
  await screenshot(page, "rigs");

  await page.getByLabel("Select e2e-asic-01").check();
  await page.getByLabel("Select e2e-asic-02").check();
  const bar = page.getByRole("toolbar", { name: "Bulk actions" });
  await bar.getByLabel("Pin mode").selectOption("IDLE");
  await bar.getByRole("button", { name: "Pin", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Pin to idle: 2 rigs?");
  await expect(dialog).toContainText("e2e-asic-01, e2e-asic-02");
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: "done for 2 rigs" })).toBeVisible();
  await expect(page.getByTestId("rig-row-e2e-asic-01")).toContainText("pinned");
  const rig = await (await api(page, "GET", `/api/v1/rigs/${d.rigs["e2e-asic-02"]}`)).json();
  expect(rig.desired).toMatchObject({ mode: "IDLE", source: "OPERATOR" });
  expect(rig.pin).toMatchObject({ mode: "IDLE" });
});

test("rig detail: per-GPU charts over each range, decisions, events; pin and release", async ({ page }) => {
  await asOperator(page);
  const id = d.rigs["e2e-mine-01"];
  await page.goto(`/rigs/${id}`);
  await expect(page.getByRole("heading", { name: /e2e-mine-01/ })).toBeVisible();
  const charts = page.getByRole("region", { name: "Charts" });
  await expect(charts.getByRole("img", { name: "GPU temperature per device" })).toBeVisible();
  await expect(charts.locator(".recharts-line").first()).toBeVisible();
  for (const range of ["1h", "24h", "7d"]) {
    await charts.getByRole("button", { name: range, exact: true }).click();
    await expect(charts.getByRole("button", { name: range, exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(charts.getByRole("img", { name: "Power per device" })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "Decision history" })).toContainText("mining earns the most at this hashprice");
  await expect(page.getByRole("region", { name: "Agent events" })).toContainText("idle -> rvn-kawpow");
  await charts.getByRole("button", { name: "24h", exact: true }).click();
  await screenshot(page, "rig-detail");

  const actions = page.getByRole("region", { name: "Actions" });
  await actions.getByLabel("Pin mode").selectOption("AI");
  await actions.getByRole("button", { name: "Pin", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("desired-source")).toHaveText("operator");
  await expect(page.getByTestId("pin")).toContainText("AI");
  await expect(page.getByTestId("pin-badge")).toHaveText("pinned: ai");
  await actions.getByRole("button", { name: "Release pin" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByTestId("pin")).toContainText("not pinned");
});

test("jobs: field-level errors, then submit and cancel a job", async ({ page }) => {
  await asOperator(page);
  await page.goto("/jobs");
  await expect(page.getByTestId("job-e2e-batch-infer")).toHaveAttribute("data-status", "QUEUED");
  await page.getByRole("button", { name: "Submit a job" }).click();
  const form = page.getByRole("form", { name: "New job" });
  await form.getByRole("button", { name: "Submit job" }).click();
  await expect(fieldError(page, "name")).toHaveText("required");
  await expect(fieldError(page, "customer")).toHaveText("required");
  await expect(fieldError(page, "priceUsdPerGpuHour")).toHaveText("required");
  await form.getByLabel("Name").fill("e2e-submitted");
  await form.getByLabel("Customer").fill("acme");
  await form.getByLabel("GPUs").fill("two");
  await form.getByLabel("Price ($/GPU-hour)").fill("1.2345678");
  await form.getByRole("button", { name: "Submit job" }).click();
  await expect(fieldError(page, "gpuCount")).toHaveText("must be a whole number");
  await expect(fieldError(page, "priceUsdPerGpuHour")).toContainText("at most 6 decimals");
  await form.getByLabel("GPUs").fill("2");
  await form.getByLabel("Price ($/GPU-hour)").fill("2.35");
  await form.getByLabel("GPU models").fill("Voodoo 2");
  await form.getByRole("button", { name: "Submit job" }).click();
  await expect(fieldError(page, "gpuModels")).toHaveText('unknown GPU model "Voodoo 2"'); // the server's check, on its field
  await form.getByLabel("GPU models").fill("RTX 3090");
  await form.getByRole("button", { name: "Submit job" }).click();
  const row = page.getByTestId("job-e2e-submitted");
  await expect(row).toContainText("$2.35");
  await screenshot(page, "jobs");
  await row.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel job" }).click();
  await expect(row).toBeHidden();
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByTestId("job-e2e-submitted")).toHaveAttribute("data-status", "CANCELLED");
});

test("sites: policy change with field errors, and a cap window added and removed", async ({ page }) => {
  await asOperator(page);
  await page.goto("/sites");
  await expect(page.getByTestId("site-row-E2E-2")).toBeVisible();
  await screenshot(page, "sites");
  await page.getByRole("link", { name: "E2E-1" }).click();
  await expect(page.getByRole("heading", { name: /E2E-1/ })).toBeVisible();
  const policy = page.getByRole("form", { name: "Site policy" });
  await policy.getByLabel("Max GPU temp (°C)").fill("200");
  await policy.getByLabel("Hysteresis (bps)").fill("lots");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(fieldError(page, "maxGpuTempC")).toHaveText("must be at most 110");
  await expect(fieldError(page, "hysteresisBps")).toHaveText("must be a whole number of basis points");
  await policy.getByLabel("Max GPU temp (°C)").fill("78");
  await policy.getByLabel("Hysteresis (bps)").fill("300");
  await policy.getByRole("button", { name: "Save policy" }).click();
  await expect(policy.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByRole("form", { name: "Site policy" }).getByLabel("Max GPU temp (°C)")).toHaveValue("78");

  const add = page.getByRole("form", { name: "Add cap window" });
  await add.getByRole("button", { name: "Add window" }).click();
  await expect(fieldError(page, "startsAt")).toContainText("a date and time");
  await expect(fieldError(page, "reason")).toHaveText("required");
  await add.getByLabel("From").fill(localIn(-1));
  await add.getByLabel("To").fill(localIn(2));
  await add.getByLabel("Cap (kW)").fill("500");
  await add.getByLabel("Reason").fill("ERCOT 4CP");
  await add.getByRole("button", { name: "Add window" }).click();
  await expect(fieldError(page, "capKw")).toHaveText("at most the site's cap, 40 kW"); // the server's check
  await add.getByLabel("Cap (kW)").fill("30");
  await add.getByRole("button", { name: "Add window" }).click();
  const windows = page.getByRole("region", { name: "Cap windows" });
  await expect(windows.getByRole("row", { name: /ERCOT 4CP/ })).toContainText("active");
  await screenshot(page, "site-detail");
  await windows.getByRole("button", { name: "Remove" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
  await expect(windows).toContainText("No current or upcoming cap windows.");
});

test("decisions: searched by reason and mode on the server", async ({ page }) => {
  await asOperator(page);
  await page.goto("/decisions");
  const table = page.getByRole("table", { name: "Decisions" });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await page.getByLabel("Reason").fill("pays more");
  await page.getByLabel("Mode", { exact: true }).selectOption("AI");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(2); // e2e-ai-01 in both seeded runs
  await expect(table.locator("tbody tr").first()).toContainText("AI job #1 pays more than mining");
  await screenshot(page, "decisions");
});

test("market: a price by hand, and a CSV import that reports bad rows and stores nothing", async ({ page }) => {
  await asOperator(page);
  await page.goto("/market");
  await expect(page.getByTestId("feed-e2e-http")).toContainText("failing");
  const point = page.getByRole("form", { name: "Price point" });
  await point.getByLabel("Series").selectOption("electricity:E2E:MARKET:rtm");
  await point.getByLabel("Value ($)").fill("cheap");
  await point.getByRole("button", { name: "Store price" }).click();
  await expect(fieldError(page, "valueUsd")).toContainText("a dollar amount");
  await point.getByLabel("Value ($)").fill("55.5");
  await point.getByRole("button", { name: "Store price" }).click();
  await expect(point.getByRole("status")).toContainText("Stored in electricity:E2E:MARKET:rtm");
  await expect(page.getByTestId("series-electricity:E2E:MARKET:rtm").getByTestId("latest-value")).toHaveText("$55.50");

  const csv = page.getByRole("form", { name: "CSV import" });
  const file = (text: string) => ({ name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await csv.getByLabel("CSV file").setInputFiles(file("timestamp,value\n2026-01-01T00:00:00Z,10\nyesterday,11\n2026-01-01T02:00:00Z,x\n"));
  await csv.getByRole("button", { name: "Import" }).click();
  await expect(fieldError(page, "csv")).toHaveText("2 rows have errors; nothing was stored");
  const rows = page.getByRole("list", { name: "Rows with errors" });
  await expect(rows).toContainText("line 3: timestamp");
  await expect(rows).toContainText('line 4: value "x" is not a dollar amount');
  await csv.getByLabel("CSV file").setInputFiles(file("timestamp,value\n2026-01-01T00:00:00Z,10\n2026-01-01T01:00:00Z,11.25\n"));
  await csv.getByRole("button", { name: "Import" }).click();
  await expect(csv.getByRole("status")).toHaveText("Imported 2 rows (2 new, 0 replaced).");
  await screenshot(page, "market");
});

test("alerts: acknowledge, then resolve", async ({ page }) => {
  await asOperator(page);
  await page.goto("/alerts");
  const hot = page.getByTestId("alert-gpu.overtemp");
  await expect(hot).toContainText("e2e-hot-01");
  await expect(hot).toContainText("hottest GPU at 91 °C, above the site limit of 83 °C");
  await screenshot(page, "alerts");
  await hot.getByRole("button", { name: "Acknowledge" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Acknowledge" }).click();
  await expect(hot).toBeHidden();
  await page.getByRole("tab", { name: /acknowledged/ }).click();
  await expect(page.getByTestId("alert-gpu.overtemp")).toContainText("by operator@e2e.test");
  await page.getByTestId("alert-gpu.overtemp").getByRole("button", { name: "Resolve" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Resolve" }).click();
  await page.getByRole("tab", { name: /resolved/ }).click();
  await expect(page.getByTestId("alert-gpu.overtemp")).toBeVisible();
});

test("settings (admin): users, enrollment and agent tokens, API keys", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/settings");
  const user = page.getByRole("form", { name: "New user" });
  await user.getByLabel("Email").fill("not-an-email");
  await user.getByLabel("Initial password").fill("short");
  await user.getByRole("button", { name: "Add user" }).click();
  await expect(fieldError(page, "email")).toHaveText("a valid email address");
  await expect(fieldError(page, "name")).toHaveText("required");
  await expect(fieldError(page, "password")).toHaveText("at least 12 characters");
  await user.getByLabel("Email").fill("new-op@e2e.test");
  await user.getByLabel("Name").fill("New operator");
  await user.getByLabel("Role").selectOption("OPERATOR");
  await user.getByLabel("Initial password").fill("a long enough password");
  await user.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByTestId("user-new-op@e2e.test")).toContainText("New operator");

  const enroll = page.getByRole("form", { name: "New enrollment token" });
  await enroll.getByRole("button", { name: "Create token" }).click();
  await expect(fieldError(page, "siteId")).toHaveText("required");
  await enroll.getByLabel("Site").selectOption({ label: "E2E-1" });
  await enroll.getByLabel("Label").fill("rack-9");
  await enroll.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByRole("status", { name: "Enrollment token" }).getByTestId("secret")).toHaveText(/^rse_/);
  await page.getByTestId("enrollment-e2e-spare").getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("enrollment-e2e-spare")).toContainText("revoked");

  await page.getByLabel("Search agent tokens by hostname").fill("e2e-off-01");
  const token = page.getByTestId("agent-token-e2e-off-01");
  await token.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
  await expect(token).toContainText("revoked");

  const key = page.getByRole("form", { name: "New API key" });
  await key.getByRole("button", { name: "Create key" }).click();
  await expect(fieldError(page, "customer")).toHaveText("required");
  await key.getByLabel("Customer").fill("umbrella");
  await key.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByRole("status", { name: "API key" }).getByTestId("secret")).toHaveText(/^rsk_/);
  await expect(page.getByTestId("api-key-umbrella")).toContainText("active");
  await screenshot(page, "settings");
});

test("audit log (admin): every operator action above, with who did it", async ({ page }) => {
  await asAdmin(page);
  await page.goto("/audit");
  for (const action of ["rig.pin", "rig.release_pin", "job.submit", "job.cancel", "site.policy_update", "alert.resolve", "agent_token.revoke", "api_key.create"]) {
    await expect(page.getByTestId(`audit-${action}`).first()).toBeVisible();
  }
  await expect(page.getByTestId("audit-site.policy_update")).toContainText("operator@e2e.test");
  await page.getByLabel("Action").fill("rig.");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("audit-job.submit")).toHaveCount(0);
  await expect(page.getByTestId("audit-rig.pin").first()).toBeVisible();
  await screenshot(page, "audit");
});

test("public job API: a customer submits, follows and cancels its own job only", async ({ playwright }) => {
  const client = await playwright.request.newContext({ baseURL: process.env.WEB_URL });
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const job = { name: "api-job", gpuCount: 1, minVramGbPerGpu: 16, priceUsdPerGpuHour: "1.75", durationSeconds: 3600, runtimeProfile: "pytorch" };
  expect((await client.post("/api/public/v1/jobs", { data: job })).status()).toBe(401);
  const bad = await client.post("/api/public/v1/jobs", { data: { ...job, gpuCount: 0 }, headers: as(d.apiKeys.acme) });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error.issues[0]).toMatchObject({ path: "gpuCount", message: "must be at least 1" });
  const created = await client.post("/api/public/v1/jobs", { data: job, headers: as(d.apiKeys.acme) });
  expect(created.status()).toBe(201);
  const { job: j } = await created.json();
  expect(j).toMatchObject({ customer: "acme", status: "QUEUED", priceUsdPerGpuHour: 1.75 });
  expect((await client.get(`/api/public/v1/jobs/${j.id}`, { headers: as(d.apiKeys.acme) })).status()).toBe(200);
  expect((await client.get(`/api/public/v1/jobs/${j.id}`, { headers: as(d.apiKeys.initech) })).status()).toBe(404);
  expect((await client.delete(`/api/public/v1/jobs/${j.id}`, { headers: as(d.apiKeys.initech) })).status()).toBe(404);
  const cancelled = await client.delete(`/api/public/v1/jobs/${j.id}`, { headers: as(d.apiKeys.acme) });
  expect((await cancelled.json()).job.status).toBe("CANCELLED");
  await client.dispose();
});
