import type { TProbeProblem } from "../backend";

export type TDecodeResult = { ok: true; value: unknown; repairs: string[] } | { ok: false; problem: TProbeProblem };

/** Bare words some firmwares print where JSON needs a number (C's printf of NaN/inf). */
const NON_FINITE = new Set(["nan", "-nan", "inf", "-inf", "infinity", "-infinity"]);

interface TScan {
  text: string;
  repairs: Set<string>;
  /** Objects/arrays still open at the end, and whether the text ended inside a string. */
  openBrackets: number;
  inString: boolean;
}

/**
 * One pass over the text outside strings: puts the comma back between `}{` (a bmminer bug
 * in STATS), turns nan/inf into null, and counts brackets so a cut-off reply is recognised.
 */
function repair(text: string): TScan {
  const repairs = new Set<string>();
  let out = "";
  let inString = false;
  let escaped = false;
  let openBrackets = 0;
  let lastSignificant = "";
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (inString) {
      out += char;
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
    } else if (char === "{" || char === "[") {
      if (char === "{" && lastSignificant === "}") {
        out += ",";
        repairs.add("inserted the missing comma between }{");
      }
      openBrackets += 1;
    } else if (char === "}" || char === "]") {
      openBrackets -= 1;
    } else if (/[A-Za-z-]/.test(char)) {
      const word = /^-?[A-Za-z]+/.exec(text.slice(i))?.[0];
      if (word && NON_FINITE.has(word.toLowerCase())) {
        out += "null";
        lastSignificant = "l";
        repairs.add(`read ${word} as null`);
        i += word.length - 1;
        continue;
      }
    }
    out += char;
    if (!/\s/.test(char)) lastSignificant = char;
  }
  return { text: out, repairs, openBrackets, inString };
}

/**
 * Decodes a cgminer-style API reply as the firmware sent it: trailing NUL bytes and
 * whitespace stripped, known firmware JSON bugs repaired, and a reply cut off in transit
 * reported as truncated rather than as some JSON syntax error.
 */
export function decodeCgminerReply(input: Buffer | string, source = "cgminer"): TDecodeResult {
  const raw = typeof input === "string" ? input : input.toString("utf8");
  const text = raw.replace(/^[\s\0]+/, "").replace(/[\s\0]+$/, "");
  const bytes = Buffer.byteLength(raw);
  if (text === "") return { ok: false, problem: { source, kind: "unparseable", message: `empty reply (${bytes} bytes)` } };
  try {
    return { ok: true, value: JSON.parse(text), repairs: [] };
  } catch {
    // fall through to the repairs
  }
  const scan = repair(text);
  try {
    return { ok: true, value: JSON.parse(scan.text), repairs: [...scan.repairs] };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (scan.inString || scan.openBrackets > 0) {
      const where = scan.inString ? "inside a string" : `with ${scan.openBrackets} object(s)/array(s) still open`;
      return { ok: false, problem: { source, kind: "unparseable", message: `reply truncated: ${bytes} bytes ended ${where}` } };
    }
    return {
      ok: false,
      problem: { source, kind: "unparseable", message: `reply is not JSON even after repairs (${bytes} bytes): ${reason}` },
    };
  }
}
