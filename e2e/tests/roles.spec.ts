/**
 * Roles, enforced on the server: every role reads the fleet pages; viewers and finance users
 * never write (the UI hides each write, and the API answers 403 to each); cross-site writes are
 * refused for everyone. Also the pages at phone width.
 */
import { expect, type Page, test } from "@playwright/test";
import { api, screenshot, seedDashboard, signIn, type TDashboardSeed, type TSeed } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ timezoneId: "UTC" });

let data: TSeed & { dashboard: TDashboardSeed };
test.beforeAll(() => {
  data = seedDashboard();
});

const ROLES = ["admin", "operator", "finance", "viewer"] as const;

test("every role reads the overview, the rigs table and a rig's charts; only admins see Settings and Audit", async ({ page }) => {
  const d = data.dashboard;
  for (const role of ROLES) {
    await page.context().clearCookies();
    await signIn(page, data.users[role]!);
    await page.goto("/overview");
    await expect(page.getByTestId("who")).toContainText(role);
    await expect(page.getByTestId("farm-rigs")).toHaveText(String(d.expected.farm.total));
    await expect(page.getByTestId("farm-mining")).toHaveAttribute("data-count", String(d.expected.farm.mining));
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(role === "admin" ? 1 : 0);
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(role === "admin" ? 1 : 0);
    await nav.getByRole("link", { name: "Rigs" }).click();
    await page.getByLabel("Mode", { exact: true }).selectOption("mining");
    await expect(page.getByTestId("pager-range")).toHaveText(`1–${d.expected.farm.mining} of ${d.expected.farm.mining}`);
    await page.getByRole("link", { name: "e2e-mine-02" }).click();
    await expect(page.getByRole("img", { name: "GPU temperature per device" })).toBeVisible();
  }
});

/** Every state-changing route of the dashboard API, with a body that would otherwise be valid. */
function writes(d: TDashboardSeed): [string, "POST" | "PUT" | "PATCH" | "DELETE", string, unknown][] {
  const rig = d.rigs["e2e-mine-01"];
  const site = d.sites["E2E-1"];
  return [
    ["bulk pin", "POST", "/api/v1/rigs/actions", { action: "pin", mode: "IDLE", rigIds: [rig] }],
    ["rig maintenance", "POST", `/api/v1/rigs/${rig}/actions`, { action: "maintenance", on: true }],
    ["rig restart", "POST", `/api/v1/rigs/${rig}/actions`, { action: "restart" }],
    [
      "submit job",
      "POST",
      "/api/v1/jobs",
      { name: "x", customer: "x", gpuCount: 1, minVramGbPerGpu: 8, priceUsdPerGpuHour: "1", durationSeconds: 3600, runtimeProfile: "pytorch" },
    ],
    ["cancel job", "POST", "/api/v1/jobs/1/cancel", undefined],
    [
      "policy",
      "PUT",
      `/api/v1/sites/${site}/policy`,
      { maxInletTempC: 30, maxGpuTempC: 80, minDwellSeconds: 600, hysteresisBps: 500, curtailStrikeUsdPerMwh: null, fallbackMode: "IDLE" },
    ],
    [
      "add cap window",
      "POST",
      `/api/v1/sites/${site}/cap-windows`,
      { startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString(), capKw: 10, reason: "x" },
    ],
    ["remove cap window", "DELETE", `/api/v1/sites/${site}/cap-windows/1`, undefined],
    ["price point", "POST", "/api/v1/market/points", { seriesKey: "coin:BTC", at: new Date().toISOString(), valueUsd: "1" }],
    ["csv import", "POST", "/api/v1/market/import", { seriesKey: "coin:BTC", csv: "timestamp,value\n2026-01-01T00:00:00Z,1\n" }],
    ["acknowledge alert", "POST", "/api/v1/alerts/1/acknowledge", undefined],
    ["resolve alert", "POST", "/api/v1/alerts/1/resolve", undefined],
    ["create user", "POST", "/api/v1/users", { email: "x@e2e.test", name: "x", role: "ADMIN", password: "a long enough password" }],
    ["change user", "PATCH", "/api/v1/users/1", { role: "VIEWER" }],
    ["enrollment token", "POST", "/api/v1/enrollment-tokens", { siteId: site, label: "x" }],
    ["revoke enrollment token", "POST", "/api/v1/enrollment-tokens/1/revoke", undefined],
    ["revoke agent token", "POST", "/api/v1/agent-tokens/1/revoke", undefined],
    ["create API key", "POST", "/api/v1/api-keys", { customer: "x" }],
    ["revoke API key", "POST", "/api/v1/api-keys/1/revoke", undefined],
  ];
}

async function expectEveryWriteRefused(page: Page, d: TDashboardSeed) {
  for (const [what, method, url, body] of writes(d)) {
    const res = await api(page, method, url, body);
    expect(res.status(), `${what}: ${method} ${url}`).toBe(403);
    expect((await res.json()).error.code, what).toBe("FORBIDDEN");
  }
}

test("a viewer sees no write controls, and the API refuses each write with 403", async ({ page }) => {
  const d = data.dashboard;
  await signIn(page, data.users.viewer!);
  await page.goto("/rigs");
  await expect(page.getByTestId("rig-row-e2e-mine-01")).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await page.goto(`/rigs/${d.rigs["e2e-mine-01"]}`);
  await expect(page.getByTestId("desired-state")).toBeVisible();
  await expect(page.getByRole("region", { name: "Actions" })).toHaveCount(0);
  await page.goto("/jobs");
  await expect(page.getByTestId("job-e2e-batch-infer")).toBeVisible();
  await expect(page.getByRole("button", { name: "Submit a job" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Cancel" })).toHaveCount(0);
  await page.goto(`/sites/${d.sites["E2E-1"]}`);
  await expect(page.getByText("Read-only: your role may not change policies.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Site policy" }).getByLabel("Max GPU temp (°C)")).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save policy" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add cap window" })).toHaveCount(0);
  await page.goto("/market");
  await expect(page.getByTestId("feed-e2e-manual")).toBeVisible();
  await expect(page.getByRole("form", { name: "Price point" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "CSV import" })).toHaveCount(0);
  await page.goto("/alerts");
  await expect(page.getByTestId("alert-gpu.overtemp")).toBeVisible();
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await page.goto("/settings");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/may not manage users and tokens/);
  await page.goto("/audit");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/may not read the audit log/);
  for (const url of ["/api/v1/users", "/api/v1/audit", "/api/v1/api-keys", "/api/v1/agent-tokens"]) expect((await api(page, "GET", url)).status(), url).toBe(403);
  await expectEveryWriteRefused(page, d);
  // Nothing changed.
  const rig = await (await api(page, "GET", `/api/v1/rigs/${d.rigs["e2e-mine-01"]}`)).json();
  expect(rig).toMatchObject({ lifecycle: "ACTIVE", pin: null, desired: { generation: 1 } });
});

test("a finance user may read but not write either", async ({ page }) => {
  await signIn(page, data.users.finance!);
  await page.goto("/jobs");
  await expect(page.getByRole("button", { name: "Submit a job" })).toHaveCount(0);
  await expectEveryWriteRefused(page, data.dashboard);
});

test("a write from another origin is refused, even for an admin", async ({ page }) => {
  await signIn(page, data.users.admin!);
  const res = await page.request.post("/api/v1/rigs/actions", {
    data: { action: "release", rigIds: [data.dashboard.rigs["e2e-mine-01"]] },
    headers: { origin: "http://evil.example" },
  });
  expect(res.status()).toBe(403);
  expect(await res.text()).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
});

test("pages fit a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, data.users.operator!);
  await page.goto("/overview");
  await expect(page.getByTestId("farm-rigs")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await screenshot(page, "overview-phone");
  await page.goto("/rigs");
  await expect(page.getByTestId("rig-row-e2e-mine-01")).toBeVisible();
  await screenshot(page, "rigs-phone");
  await page.goto(`/rigs/${data.dashboard.rigs["e2e-mine-01"]}`);
  await expect(page.getByRole("img", { name: "GPU temperature per device" })).toBeVisible();
  await screenshot(page, "rig-detail-phone");
});
