import { describe, expect, it } from "vitest";
import { fixtureBytes } from "../test-support/fixtures";
import { decodeCgminerReply } from "./decode";

describe("decodeCgminerReply", () => {
  it("parses plain JSON with no repairs", () => {
    expect(decodeCgminerReply('{"STATUS":[{"STATUS":"S"}],"id":1}')).toEqual({
      ok: true,
      value: { STATUS: [{ STATUS: "S" }], id: 1 },
      repairs: [],
    });
  });

  it("strips the trailing NUL cgminer sends", () => {
    const bytes = fixtureBytes("asic/check_cgminer/exampleReplyWhatsminer.json.raw");
    expect(bytes.at(-1)).toBe(0);
    const result = decodeCgminerReply(bytes);
    expect(result).toMatchObject({ ok: true, repairs: [] });
  });

  it("repairs }{ between STATS objects (bmminer bug in the DR5 capture)", () => {
    const bytes = fixtureBytes("asic/check_cgminer/exampleReplyDR5.json.raw");
    expect(() => JSON.parse(bytes.toString().replace(/\0+$/, ""))).toThrow();
    const result = decodeCgminerReply(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.repairs).toEqual(["inserted the missing comma between }{"]);
    expect((result.value as { STATS: unknown[] }).STATS).toHaveLength(2);
  });

  it("reads nan, -nan and inf as null but leaves strings alone", () => {
    const result = decodeCgminerReply('{"a":nan,"b":-nan,"c":inf,"d":"nan","e":[1,-inf],"f":-3,"g":true}\0\0');
    expect(result).toEqual({
      ok: true,
      value: { a: null, b: null, c: null, d: "nan", e: [1, null], f: -3, g: true },
      repairs: ["read nan as null", "read -nan as null", "read inf as null", "read -inf as null"],
    });
  });

  it("does not insert commas inside strings", () => {
    const result = decodeCgminerReply('{"Msg":"a}{b"}{"x":1}');
    expect(result.ok).toBe(false);
  });

  it.each([
    ['{"STATUS":[{"STATUS":"S","Msg":"Summ', "ended inside a string"],
    ['{"STATUS":[{"STATUS":"S"}],"SUMMARY":[{"Elapsed":5', "ended with 3 object(s)/array(s) still open"],
  ])("reports a cut-off reply as truncated: %s", (text, where) => {
    const result = decodeCgminerReply(text);
    expect(result).toMatchObject({ ok: false, problem: { kind: "unparseable", source: "cgminer" } });
    if (!result.ok) expect(result.problem.message).toBe(`reply truncated: ${Buffer.byteLength(text)} bytes ${where}`);
  });

  it("reports an empty reply and non-JSON text", () => {
    expect(decodeCgminerReply("\0")).toMatchObject({ ok: false, problem: { message: "empty reply (1 bytes)" } });
    const html = decodeCgminerReply("<html>401</html>");
    expect(html).toMatchObject({ ok: false, problem: { kind: "unparseable" } });
    if (!html.ok) expect(html.problem.message).toContain("not JSON even after repairs");
  });
});
