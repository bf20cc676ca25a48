import { afterEach, describe, expect, it } from "vitest";
import { startFakeCgminer, type TFakeAnswer, type TFakeRequest } from "../test-support/fake-cgminer";
import { fixtureBytes } from "../test-support/fixtures";
import { MINER_CONTROL, MinerCommandFailed, sendMinerControl, UnsupportedCommand } from "./control";
import type { TFirmware } from "./firmware";

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(answer: (request: TFakeRequest) => TFakeAnswer) {
  const server = await startFakeCgminer(answer);
  servers.push(server);
  return server;
}

const reply = (status: string, msg: string, extra: object = {}) =>
  Buffer.from(`${JSON.stringify({ STATUS: [{ STATUS: status, When: 1, Code: 1, Msg: msg, Description: "test" }], ...extra, id: 1 })}\0`);

const NOW_MS = 1_753_434_816_000;

describe("MINER_CONTROL capability table", () => {
  const unsupported = Object.entries(MINER_CONTROL).flatMap(([firmware, commands]) =>
    Object.entries(commands)
      .filter(([, support]) => !support.supported)
      .map(([command]) => [firmware as TFirmware, command as "pause" | "resume" | "setPowerTarget"] as const),
  );

  it("stock Antminer and Whatsminer cannot pause; Braiins, LuxOS and Avalon can", () => {
    expect(MINER_CONTROL["antminer-stock"].pause.supported).toBe(false);
    expect(MINER_CONTROL.whatsminer.pause.supported).toBe(false);
    expect(["braiins-bosminer", "braiins-boser", "luxos", "avalon"].map((f) => MINER_CONTROL[f as TFirmware].pause.supported)).toEqual([true, true, true, true]);
  });

  it.each(unsupported)("%s %s returns UnsupportedCommand naming both, without touching the miner", async (firmware, kind) => {
    const server = await serve(() => reply("S", "should not be asked"));
    const command = kind === "setPowerTarget" ? { kind, watts: 3000 } : { kind };
    const result = await sendMinerControl({ host: server.host, port: server.port, firmware, command });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(UnsupportedCommand);
    expect(result.error).toMatchObject({ code: "UnsupportedCommand", firmware, command: kind });
    expect(result.error.message).toMatch(new RegExp(`^${kind} is not supported on .+: .+`));
    expect(server.requests).toEqual([]);
  });
});

describe("sendMinerControl over the wire", () => {
  it("Braiins: pause is the pause command", async () => {
    const server = await serve(() => reply("S", "Pause"));
    const result = await sendMinerControl({ host: server.host, port: server.port, firmware: "braiins-boser", command: { kind: "pause" } });
    expect(result).toEqual({ ok: true, message: "Pause" });
    expect(server.requests).toEqual([{ command: "pause" }]);
  });

  it("Braiins: a refusal is a MinerCommandFailed with the miner's words", async () => {
    const server = await serve(() => reply("E", "Access denied to 'resume' command"));
    const result = await sendMinerControl({ host: server.host, port: server.port, firmware: "braiins-bosminer", command: { kind: "resume" } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(MinerCommandFailed);
    expect(result.error.message).toBe("resume on Braiins OS+ (BOSminer) failed: miner answered E: Access denied to 'resume' command");
  });

  it.each([
    ["pause", "softoff", "asic/asic-rs/avalonminer/ascset_softoff.json", "ASC 0 set info: success softoff:1753434821"],
    ["resume", "softon", "asic/asic-rs/avalonminer/ascset_softon.json", "ASC 0 set info: success softon:1753434757"],
  ] as const)("Avalon: %s is ascset %s, 5 s ahead, and reads the real reply", async (kind, action, file, message) => {
    const server = await serve(() => fixtureBytes(file));
    const result = await sendMinerControl({ host: server.host, port: server.port, firmware: "avalon", command: { kind }, now: () => NOW_MS });
    expect(server.requests).toEqual([{ command: "ascset", parameter: `0,${action},1:1753434821` }]);
    expect(result).toEqual({ ok: true, message });
  });

  it("LuxOS: logs on, curtails with the session id, logs off", async () => {
    const server = await serve(({ command }) => {
      if (command === "session") return reply("S", "Session", { SESSION: [{ SessionID: "" }] });
      if (command === "logon") return reply("S", "Logon", { SESSION: [{ SessionID: "f3a1c2" }] });
      return reply("S", command === "curtail" ? "Curtail: sleep" : "Logoff");
    });
    const result = await sendMinerControl({ host: server.host, port: server.port, firmware: "luxos", command: { kind: "pause" } });
    expect(result).toEqual({ ok: true, message: "Curtail: sleep" });
    expect(server.requests).toEqual([{ command: "session" }, { command: "logon" }, { command: "curtail", parameter: "f3a1c2,sleep" }, { command: "logoff", parameter: "f3a1c2" }]);
  });

  it("LuxOS: reuses an open session and leaves it open", async () => {
    const server = await serve(({ command }) => (command === "session" ? reply("S", "Session", { SESSION: [{ SessionID: "op-7" }] }) : reply("S", "Curtail: wakeup")));
    await sendMinerControl({ host: server.host, port: server.port, firmware: "luxos", command: { kind: "resume" } });
    expect(server.requests).toEqual([{ command: "session" }, { command: "curtail", parameter: "op-7,wakeup" }]);
  });

  it("LuxOS: no session, no curtail", async () => {
    const server = await serve(({ command }) => (command === "session" ? reply("S", "Session", { SESSION: [{ SessionID: "" }] }) : reply("E", "Another session is active")));
    const result = await sendMinerControl({ host: server.host, port: server.port, firmware: "luxos", command: { kind: "pause" } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("logon gave no session: miner answered E: Another session is active");
    expect(server.requests.map((request) => request.command)).toEqual(["session", "logon"]);
  });

  it("a miner that never answers fails at the deadline", async () => {
    const server = await serve(() => "hang");
    const started = performance.now();
    const result = await sendMinerControl({ host: server.host, port: server.port, firmware: "avalon", command: { kind: "pause" }, timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain("no complete reply within 200 ms");
  });
});
