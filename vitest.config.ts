import { defineConfig } from "vitest/config";

// One run for every package's unit and integration tests (e2e/ is Playwright's).
// Integration tests read DATABASE_URL / REDIS_URL, which scripts/test.sh provides.
export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "scripts/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/.next/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests share one database: files run one after another.
    fileParallelism: false,
    pool: "forks",
  },
});
