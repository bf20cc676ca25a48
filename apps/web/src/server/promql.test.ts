import { describe, expect, it } from "vitest";
import { metricNamesIn } from "./promql";

describe("metricNamesIn", () => {
  it.each([
    ['sum by (mode) (max by (site, mode) (rigshift_rigs{site=~"$site"}))', ["rigshift_rigs"]],
    ["histogram_quantile(0.99, sum by (le) (rate(x_bucket[$__rate_interval])))", ["x_bucket"]],
    ["sum(rate(a_sum[5m])) / sum(rate(a_count[5m]))", ["a_sum", "a_count"]],
    ["time() - max(last_ts)", ["last_ts"]],
    ['a{state=~"waiting|active"} and on (instance) b offset 5m', ["a", "b"]],
    ["rate(x_total[1m]) > 0.5e3", ["x_total"]],
  ])("%s reads %j", (expr, names) => {
    expect(metricNamesIn(expr).sort()).toEqual([...names].sort());
  });
});
