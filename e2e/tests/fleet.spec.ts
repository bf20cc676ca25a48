import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { seed, signIn, startAgent } from "./helpers";

const HOSTS = ["e2e-gpu-001", "e2e-gpu-002", "e2e-gpu-003"];
let agents: ChildProcess[] = [];

test.afterAll(() => {
  for (const a of agents) a.kill("SIGKILL");
});

test("an operator sees the rigs report, and a stopped agent go stale", async ({ page }) => {
  const data = seed(HOSTS);
  agents = HOSTS.map((h) => startAgent(h, data.enrollmentTokens[h]!));

  await signIn(page, data.admin);
  await page.goto("/fleet");
  await expect(page.getByRole("heading", { name: "Fleet" })).toBeVisible();
  const site = page.getByRole("region", { name: `Site ${data.site.code}` });
  for (const host of HOSTS) {
    await expect(site.getByTestId(`rig-${host}`)).toHaveAttribute("data-connectivity", "online");
  }
  // Live values arrive without a reload: power and GPU utilisation of a mining rig.
  const first = site.getByTestId(`rig-${HOSTS[0]}`);
  await expect(first).toContainText("mine");
  await expect(first).toContainText(/\d+(\.\d+)? kW/);
  await page.screenshot({ path: "artifacts/screens/fleet-online.png", fullPage: true });

  agents[1]!.kill("SIGKILL");
  await expect(site.getByTestId(`rig-${HOSTS[1]}`)).toHaveAttribute("data-connectivity", "stale", { timeout: 40_000 });
  await expect(site.getByTestId(`rig-${HOSTS[0]}`)).toHaveAttribute("data-connectivity", "online");
  await expect(site.getByTestId(`rig-${HOSTS[1]}`)).toContainText("stale");
  await page.screenshot({ path: "artifacts/screens/fleet-stale.png", fullPage: true });
});

test("a signed-out visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/fleet");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("the sign-in form says why a wrong password fails", async ({ page }) => {
  const data = seed([]);
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(data.admin.email);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("email or password is wrong");
  await page.getByLabel("Password").fill(data.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/fleet$/);
});
