import type { AppError } from "@rigshift/db";
import { describe, expect, it } from "vitest";
import { assertMetricsAccess } from "./metrics-access";

const TOKEN = "a-metrics-token-of-some-length";

function outcome(args: Parameters<typeof assertMetricsAccess>[0]): string {
  try {
    assertMetricsAccess(args);
    return "open";
  } catch (error) {
    return (error as AppError).code;
  }
}

describe("who may read /metrics", () => {
  it.each([
    { token: TOKEN, production: true, presented: TOKEN, expected: "open" },
    { token: TOKEN, production: false, presented: TOKEN, expected: "open" },
    { token: TOKEN, production: true, presented: undefined, expected: "UNAUTHORIZED" },
    { token: TOKEN, production: false, presented: undefined, expected: "UNAUTHORIZED" },
    { token: TOKEN, production: true, presented: `${TOKEN}x`, expected: "UNAUTHORIZED" },
    { token: TOKEN, production: true, presented: TOKEN.slice(0, -1), expected: "UNAUTHORIZED" },
    { token: undefined, production: true, presented: undefined, expected: "FORBIDDEN" },
    { token: undefined, production: true, presented: "anything-at-all", expected: "FORBIDDEN" },
    { token: undefined, production: false, presented: undefined, expected: "open" },
  ])("token set: $token, production: $production, presented: $presented -> $expected", ({ expected, ...args }) => {
    expect(outcome(args)).toBe(expected);
  });

  it("tells an operator what to set when production has no token", () => {
    expect(() => assertMetricsAccess({ token: undefined, production: true, presented: undefined })).toThrow(/set METRICS_TOKEN/);
  });
});
