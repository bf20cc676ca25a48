import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { ROOT, signIn } from "./helpers";

interface TFinanceSeed {
  users: Record<"admin" | "finance" | "viewer", { email: string; password: string }>;
  period: { from: string; toInclusive: string; toExclusive: string };
  ledger: { rigHours: number; miningRevenueUsd: string; aiRevenueUsd: string; energyCostUsd: string; marginUsd: string };
}

const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const OUT = path.join(ROOT, "e2e/artifacts/finance");
let data: TFinanceSeed;
let worker: ChildProcess | undefined;

/** "-12.345600" -> micro-USD, exactly. */
function micro(text: string): bigint {
  const [whole, frac = ""] = text.replace(/^-/, "").split(".");
  const v = BigInt(whole!) * 1_000_000n + BigInt(frac.padEnd(6, "0").slice(0, 6));
  return text.startsWith("-") ? -v : v;
}
const cents = (v: number) => Math.round(v * 100);

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const out = execFileSync(TSX, [path.join(ROOT, "scripts/test/seed-finance.ts")], { cwd: ROOT, env: process.env, encoding: "utf8" });
  data = JSON.parse(out.trim().split("\n").at(-1)!) as TFinanceSeed;
  // The export worker (the scheduler worker runs it as well once it is registered there).
  worker = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/test/finance-worker.ts")], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("finance worker did not start")), 30_000);
    worker!.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    worker!.on("exit", (code) => reject(new Error(`finance worker exited (${code})`)));
  });
});

test.afterAll(() => {
  worker?.kill("SIGTERM");
});

async function chooseReport(page: Page) {
  const options = page.getByRole("form", { name: "Report options" });
  await options.getByLabel("Time zone").fill("UTC");
  await options.getByLabel("From").fill(data.period.from);
  await options.getByLabel("To").fill(data.period.toInclusive);
  await options.getByLabel("Group by").selectOption("rig");
  await options.getByLabel("Granularity").selectOption("day");
}

/** Starts a background export, waits for it to finish, downloads it; returns the file's path. */
async function exportFile(page: Page, format: "CSV" | "XLSX", button: string): Promise<string> {
  const exports = page.getByRole("region", { name: "Exports" });
  const before = await exports.locator(`li[data-format="${format}"]`).count();
  await exports.getByRole("button", { name: button }).click();
  const item = exports.locator(`li[data-format="${format}"]`).first();
  await expect(exports.locator(`li[data-format="${format}"]`)).toHaveCount(before + 1);
  await expect(item).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), item.getByRole("link", { name: new RegExp(`Download ${format}`) }).click()]);
  const file = path.join(OUT, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

test("a finance user sees the report and exports it as CSV and XLSX; the files add up to the ledger", async ({ page }) => {
  await signIn(page, data.users.finance);
  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: "Reports" })).toBeVisible();
  await chooseReport(page);
  // 3 rigs x 3 days.
  await expect(page.getByTestId("report-row-count")).toContainText("9 rows");
  await expect(page.getByTestId("total-marginUsd")).toHaveAttribute("title", data.ledger.marginUsd);
  await expect(page.getByRole("img", { name: /Revenue by source/ })).toBeVisible();
  await page.screenshot({ path: path.join(OUT, "reports.png"), fullPage: true });

  // CSV: rows, then a TOTAL line equal to their sum and to the ledger, exactly.
  const csvFile = await exportFile(page, "CSV", "Export CSV");
  expect(path.basename(csvFile)).toBe(`rigshift-finance_rig-by-day_${data.period.from}_${data.period.toInclusive}.csv`);
  const lines = readFileSync(csvFile, "utf8").trimEnd().split("\n");
  const header = lines[0]!.split(",");
  const col = (name: string) => header.indexOf(name);
  const rows = lines.slice(1, -1).map((l) => l.split(","));
  const total = lines.at(-1)!.split(",");
  expect(rows).toHaveLength(9);
  expect(total[col("group_key")]).toBe("TOTAL");
  expect(rows.every((r) => r[col("currency")] === "USD" && r[col("time_zone")] === "UTC")).toBe(true);
  expect(rows[0]![col("period_start")]).toBe(`${data.period.from}T00:00:00+00:00`);
  for (const name of ["mining_revenue_usd", "ai_revenue_usd", "energy_cost_usd", "margin_usd", "uplift_usd"]) {
    expect(micro(total[col(name)]!)).toBe(rows.reduce((sum, r) => sum + micro(r[col(name)]!), 0n));
  }
  expect(total[col("margin_usd")]).toBe(data.ledger.marginUsd);
  expect(total[col("ai_revenue_usd")]).toBe(data.ledger.aiRevenueUsd);

  // The finance team's own tools: the same report as JSON, and as a CSV streamed straight away.
  const q = `from=${data.period.from}&to=${data.period.toExclusive}&groupBy=rig&granularity=day&timeZone=UTC`;
  const report = await (await page.request.get(`/api/v1/finance/report?${q}`)).json();
  expect(report).toMatchObject({ currency: "USD", timeZone: "UTC", totals: { marginUsd: data.ledger.marginUsd, energyCostUsd: data.ledger.energyCostUsd } });
  expect(report.rows).toHaveLength(9);
  const direct = await page.request.get(`/api/v1/finance/report?${q}&format=csv`);
  expect(direct.headers()["content-type"]).toContain("text/csv");
  expect((await direct.text()).trimEnd().split("\n").at(-1)).toBe(lines.at(-1));

  // XLSX, parsed back: typed cells, a total row equal to the rows to the cent, a Summary sheet.
  const xlsxFile = await exportFile(page, "XLSX", "Export Excel");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxFile);
  expect(wb.worksheets.map((w) => w.name)).toEqual(["Report", "Summary"]);
  const sheet = wb.getWorksheet("Report")!;
  const heads = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  expect(heads[0]).toBe("Period start (UTC)");
  const data_: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) data_.push(row);
  });
  const totalRow = data_.pop()!;
  expect(totalRow.getCell(3).value).toBe("TOTAL");
  expect(data_).toHaveLength(9);
  expect(data_[0]!.getCell(1).value).toBeInstanceOf(Date);
  for (const title of ["Mining revenue (USD)", "AI revenue (USD)", "Energy cost (USD)", "Margin (USD)"]) {
    const c = heads.indexOf(title) + 1;
    expect(typeof data_[0]!.getCell(c).value).toBe("number");
    expect(cents(totalRow.getCell(c).value as number)).toBe(cents(data_.reduce((s, r) => s + (r.getCell(c).value as number), 0)));
  }
  const summary = new Map<string, unknown>();
  wb.getWorksheet("Summary")!.eachRow((row) => summary.set(String(row.getCell(1).value), row.getCell(2).value));
  expect(summary.get("Currency")).toBe("USD");
  expect(summary.get("Time zone")).toBe("UTC");
  expect(cents(summary.get("Margin (USD)") as number)).toBe(cents(Number(data.ledger.marginUsd)));
});

test("a viewer is refused the finance API and the Reports page", async ({ page }) => {
  await signIn(page, data.users.viewer);
  const q = `from=${data.period.from}&to=${data.period.toExclusive}&timeZone=UTC`;
  expect((await page.request.get(`/api/v1/finance/report?${q}`)).status()).toBe(403);
  expect((await page.request.get(`/api/v1/finance/report?${q}&format=csv`)).status()).toBe(403);
  expect((await page.request.get("/api/v1/finance/exports")).status()).toBe(403);
  const post = await page.request.post("/api/v1/finance/exports", {
    data: { format: "CSV", from: data.period.from, to: data.period.toExclusive },
    headers: { origin: process.env.WEB_URL! },
  });
  expect(post.status()).toBe(403);
  await page.goto("/reports");
  await expect(page.getByText("may not read finance reports")).toBeVisible();
});
