import { afterEach, describe, expect, it } from "vitest";
import { startFakeCgminer, type TFakeAnswer, type TFakeRequest } from "../test-support/fake-cgminer";
import { fixtureBytes } from "../test-support/fixtures";
import { cgminerRequest } from "./client";
import { sectionEntries } from "./reply";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(answer: (request: TFakeRequest) => TFakeAnswer) {
  const server = await startFakeCgminer(answer);
  servers.push(server);
  return server;
}

describe("cgminerRequest against a fake miner on loopback", () => {
  it("sends the JSON command and decodes a clean reply", async () => {
    const server = await serve(() => fixtureBytes("asic/asic-rs/luxminer/v1/summary.json"));
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "summary" });
    expect(server.requests).toEqual([{ command: "summary" }]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(sectionEntries(result.value, "SUMMARY")[0]?.["GHS 5s"]).toBe(59756.06);
  });

  it("passes the parameter string", async () => {
    const server = await serve(() => fixtureBytes("asic/asic-rs/avalonminer/ascset_softoff.json"));
    await cgminerRequest({ host: server.host, port: server.port, command: "ascset", parameter: "0,softoff,1:1753434821" });
    expect(server.requests).toEqual([{ command: "ascset", parameter: "0,softoff,1:1753434821" }]);
  });

  it("repairs }{ and strips the trailing NUL of a real bmminer reply", async () => {
    const server = await serve(() => fixtureBytes("asic/check_cgminer/exampleReplyZ9mini.json.raw"));
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "stats" });
    expect(result).toMatchObject({ ok: true, repairs: ["inserted the missing comma between }{"] });
    if (result.ok) expect(sectionEntries(result.value, "STATS")[1]?.ID).toBe("ZCASH0");
  });

  it("stops at the NUL byte when the miner keeps the connection open", async () => {
    const bytes = fixtureBytes("asic/check_cgminer/exampleReplyWhatsminer.json.raw");
    const server = await serve(() => ({ bytes, keepOpen: true }));
    const started = performance.now();
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "summary", readTimeoutMs: 2000 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result).toMatchObject({ ok: true, bytes: bytes.length - 1 });
  });

  it("takes a complete reply from a miner that neither closes nor sends NUL, at the read deadline", async () => {
    const bytes = fixtureBytes("asic/asic-rs/luxminer/v1/power.json");
    const server = await serve(() => ({ bytes, keepOpen: true }));
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "power", readTimeoutMs: 200 });
    expect(result).toMatchObject({ ok: true, bytes: bytes.length });
  });

  it("times out on a partial reply from a miner that keeps the connection open", async () => {
    const bytes = fixtureBytes("asic/asic-rs/luxminer/v1/power.json").subarray(0, 100);
    const server = await serve(() => ({ bytes, keepOpen: true }));
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "power", readTimeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, problem: { kind: "timeout" } });
    if (!result.ok) expect(result.problem.message).toContain("(100 bytes received)");
  });

  it("reads nan in a reply as null", async () => {
    const text = fixtureBytes("asic/check_cgminer/exampleReplyS17BraiinsOS_Plus_temps.json.raw").toString().replace('"Chip":52.0625', '"Chip":nan');
    const server = await serve(() => Buffer.from(text));
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "temps" });
    expect(result).toMatchObject({ ok: true, repairs: ["read nan as null"] });
    if (result.ok) expect(sectionEntries(result.value, "TEMPS")[1]?.Chip).toBeNull();
  });

  it("reports a reply cut off in transit as truncated", async () => {
    const bytes = fixtureBytes("asic/asic-rs/antminer/v2020/stats.json");
    const server = await serve(() => bytes.subarray(0, 700));
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "stats" });
    expect(result).toMatchObject({ ok: false, problem: { source: "cgminer", kind: "unparseable" } });
    if (!result.ok) expect(result.problem.message).toMatch(/^stats on 127\.0\.0\.1:\d+: reply truncated: 700 bytes ended/);
  });

  it("gives up on a miner that accepts and never answers, at the read deadline", async () => {
    const server = await serve(() => "hang");
    const started = performance.now();
    const result = await cgminerRequest({ host: server.host, port: server.port, command: "summary", readTimeoutMs: 200 });
    const elapsedMs = performance.now() - started;
    expect(elapsedMs).toBeGreaterThanOrEqual(195);
    expect(elapsedMs).toBeLessThan(1000);
    expect(result).toMatchObject({ ok: false, problem: { kind: "timeout" } });
    if (!result.ok) expect(result.problem.message).toContain("no complete reply within 200 ms (0 bytes received)");
  });

  it("reports a refused connection", async () => {
    const server = await serve(() => Buffer.from("{}"));
    const { port } = server;
    await server.close();
    servers.length = 0;
    const result = await cgminerRequest({ host: "127.0.0.1", port, command: "summary" });
    expect(result).toMatchObject({ ok: false, problem: { kind: "error", message: `summary on 127.0.0.1:${port}: connection refused` } });
  });
});
