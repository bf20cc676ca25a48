import { describe, expect, it } from "vitest";
import { formatUsd, hysteresisMarginUsdPerHour, miningRevenueUsdPerHour, startLossFraction, usdPerWattHour } from "./economics";
import { site } from "./testing/fixtures";

describe("economics", () => {
  it.each([
    // 200 TH/s at $0.05/TH/day, 2% pool fee: 200 x 0.05 / 24 x 0.98
    { hashrateHs: 200e12, usdPerHashPerDay: 0.05e-12, poolFeeBps: 200, usdPerHour: 0.408333 },
    { hashrateHs: 1.2e9, usdPerHashPerDay: 0.4e-9, poolFeeBps: 0, usdPerHour: 0.02 },
    { hashrateHs: 100e12, usdPerHashPerDay: 0.05e-12, poolFeeBps: 10_000, usdPerHour: 0 },
  ])("mining revenue $usdPerHour/h", (c) => {
    expect(miningRevenueUsdPerHour(c)).toBeCloseTo(c.usdPerHour, 6);
  });

  it.each([
    { pue: 1.1, electricityUsdPerMwh: 40, usdPerWh: 4.4e-5 },
    { pue: 1.2, electricityUsdPerMwh: -50, usdPerWh: -6e-5 }, // negative prices pay for load
    { pue: 1.0, electricityUsdPerMwh: 5000, usdPerWh: 5e-3 },
  ])("energy at $electricityUsdPerMwh/MWh, PUE $pue", (c) => {
    expect(usdPerWattHour(site(c))).toBeCloseTo(c.usdPerWh, 12);
  });

  it.each([
    { start: 15, epoch: 60, loss: 0.25 },
    { start: 120, epoch: 60, loss: 1 },
    { start: 0, epoch: 60, loss: 0 },
    { start: 10, epoch: 0, loss: 1 },
  ])("start-up of $start s in a $epoch s epoch loses $loss", (c) => {
    expect(startLossFraction(c.start, c.epoch)).toBe(c.loss);
  });

  it.each([
    { bps: 500, profit: 10, margin: 0.5 },
    { bps: 500, profit: -4, margin: 0.2 }, // a loss-making rig needs the same relative gain
    { bps: 500, profit: 0.001, margin: 0.01 }, // the floor stops flapping around zero
    { bps: 0, profit: 10, margin: 0 },
  ])("hysteresis $bps bps of $profit/h is $margin/h", (c) => {
    expect(hysteresisMarginUsdPerHour(c.bps, c.profit)).toBeCloseTo(c.margin, 9);
  });

  it.each([
    { usd: 1250.4, text: "$1250" },
    { usd: 12.345, text: "$12.35" },
    { usd: -0.4051, text: "-$0.405" },
  ])("formats $usd as $text", ({ usd, text }) => expect(formatUsd(usd)).toBe(text));
});
