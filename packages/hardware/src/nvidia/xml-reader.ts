/**
 * A small reader for the XML that `nvidia-smi -q -x` prints: one pass that checks the text is
 * well-formed (tags nest and match, attributes are quoted and not repeated, text starts inside
 * the root element) and returns the elements as nested objects, the shape fast-xml-parser gave
 * with `ignoreAttributes: false, parseTagValue: false, trimValues: true`: a leaf is its trimmed
 * text, an attribute is "@_name", text beside child elements is "#text", a repeated element a
 * list. As fast-xml-parser did, it replaces only the five XML entities (DTDs are not read;
 * nvidia-smi names an external one) and reads on after the root element instead of refusing.
 * Why not fast-xml-parser: the agent parses an 8-GPU report (490 kB, four fifths of it
 * supported_clocks tables) every cycle; fast-xml-parser validated and parsed it in 26-31 ms of
 * CPU and allocated about 16 MB doing so, this reader 2.4-3 ms and 0.4 MB (warm, one core).
 */

export type TXmlValue = string | TXmlNode | TXmlValue[];
export interface TXmlNode {
  [name: string]: TXmlValue;
}

export class XmlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** 1-based. */
    readonly line: number,
    /** 1-based. */
    readonly column: number,
  ) {
    super(`${reason} (line ${line}, column ${column})`);
  }
}

export interface TXmlReadOptions {
  /** Dotted paths ("root.item") of elements read as a list even when there is one. */
  arrays?: ReadonlySet<string>;
  /**
   * Dotted paths of elements left out of the result unread: their content runs to the first end
   * tag of their name, so they must not nest an element of their own name.
   */
  skip?: ReadonlySet<string>;
}

interface TFrame {
  name: string;
  /** Whether the options list this element's path as a list. */
  asList: boolean;
  /** Children and attributes; null while there are none. */
  node: TXmlNode | null;
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ENTITY = /&(amp|lt|gt|quot|apos);/g;

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c > 127;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function add(node: TXmlNode, name: string, value: TXmlValue, asList: boolean) {
  const existing = node[name];
  if (existing === undefined) node[name] = asList ? [value] : value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[name] = [existing, value];
}

/** Reads `xml`; throws XmlSyntaxError at the first place it is not well-formed. */
export function readXml(xml: string, options: TXmlReadOptions = {}): TXmlNode {
  const arrays = options.arrays;
  const skip = options.skip;
  // Paths are built only for elements whose name ends one of the listed paths: hashing a path for
  // each element cost more than the rest of the reading.
  const listedNames = new Set([...(arrays ?? []), ...(skip ?? [])].map((path) => path.slice(path.lastIndexOf(".") + 1)));
  const length = xml.length;
  const document: TXmlNode = {};
  const stack: TFrame[] = [];
  let rootSeen = false;
  let pos = 0;

  const fail = (reason: string, at: number): never => {
    let line = 1;
    let lineStart = 0;
    for (let i = xml.indexOf("\n"); i >= 0 && i < at; i = xml.indexOf("\n", i + 1)) {
      line += 1;
      lineStart = i + 1;
    }
    throw new XmlSyntaxError(reason, line, at - lineStart + 1);
  };

  /** Text[from, to) of the document with the five XML entities replaced; other references stay as they are. */
  const decode = (from: number, to: number): string => {
    const raw = xml.slice(from, to);
    return raw.indexOf("&") < 0 ? raw : raw.replace(ENTITY, (match, name: string) => ENTITIES[name] ?? match);
  };

  /** Text between tags; whitespace alone (the indentation between elements) is dropped unread. */
  const text = (from: number, to: number) => {
    let first = from;
    while (first < to && isSpace(xml.charCodeAt(first))) first++;
    if (first === to) return;
    const top = stack[stack.length - 1];
    if (top) top.text = top.text ? top.text + decode(from, to) : decode(from, to);
    else if (!rootSeen) fail("text before the root element", first);
  };

  /** Where a finished element goes: its parent's children, or the document. */
  const holder = (parent: TFrame | undefined): TXmlNode => {
    if (!parent) return document;
    parent.node ??= {};
    return parent.node;
  };

  const close = (frame: TFrame) => {
    const trimmed = frame.text.trim();
    let value: TXmlValue = trimmed;
    if (frame.node) {
      if (trimmed) frame.node["#text"] = trimmed;
      value = frame.node;
    }
    add(holder(stack[stack.length - 1]), frame.name, value, frame.asList);
  };

  /** Position after the name that starts at `from`. */
  const nameEnd = (from: number): number => {
    if (!isNameStart(xml.charCodeAt(from))) fail("a name was expected", from);
    let i = from + 1;
    while (i < length && isNameChar(xml.charCodeAt(i))) i++;
    return i;
  };

  const skipSpace = (from: number): number => {
    let i = from;
    while (i < length && isSpace(xml.charCodeAt(i))) i++;
    return i;
  };

  const expectAfter = (marker: string, from: number, what: string): number => {
    const at = xml.indexOf(marker, from);
    if (at < 0) fail(`${what} is not closed`, from);
    return at + marker.length;
  };

  while (pos < length) {
    const lt = xml.indexOf("<", pos);
    if (lt !== pos) text(pos, lt < 0 ? length : lt);
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 47) {
      // </name>
      const top = stack.pop();
      const end = nameEnd(lt + 2);
      const name = xml.slice(lt + 2, end);
      if (!top) fail(`closing tag </${name}> without an opening tag`, lt);
      else if (top.name !== name) fail(`closing tag </${name}> does not match <${top.name}>`, lt);
      const gt = skipSpace(end);
      if (xml.charCodeAt(gt) !== 62) fail(`closing tag </${name}> is not closed`, lt);
      close(top as TFrame);
      pos = gt + 1;
    } else if (next === 63) {
      pos = expectAfter("?>", lt + 2, "a processing instruction");
    } else if (next === 33) {
      if (xml.startsWith("<!--", lt)) pos = expectAfter("-->", lt + 4, "a comment");
      else if (xml.startsWith("<![CDATA[", lt)) {
        if (!stack.length) fail("CDATA outside the root element", lt);
        const end = expectAfter("]]>", lt + 9, "a CDATA section");
        const top = stack[stack.length - 1] as TFrame;
        top.text += xml.slice(lt + 9, end - 3);
        pos = end;
      } else if (xml.startsWith("<!DOCTYPE", lt) && !rootSeen && !stack.length) {
        // An internal subset ([...]) may hold ">": the declaration ends at the first ">" after it.
        const gt = expectAfter(">", lt, "a DOCTYPE");
        const subset = xml.indexOf("[", lt);
        pos = subset >= 0 && subset < gt ? expectAfter(">", expectAfter("]", subset, "a DOCTYPE"), "a DOCTYPE") : gt;
      } else fail("unexpected <!", lt);
    } else {
      // <name attr="value" ...> or .../>
      const end = nameEnd(lt + 1);
      const name = xml.slice(lt + 1, end);
      const parent = stack[stack.length - 1];
      const path = listedNames.has(name) ? [...stack.map((frame) => frame.name), name].join(".") : undefined;
      const frame: TFrame = { name, asList: path !== undefined && arrays?.has(path) === true, node: null, text: "" };
      let i = end;
      for (;;) {
        const afterSpace = skipSpace(i);
        const c = xml.charCodeAt(afterSpace);
        if (c === 62 || c === 47) {
          i = afterSpace;
          break;
        }
        if (afterSpace === i) fail(afterSpace >= length ? `<${name}> is not closed` : `unexpected character in <${name}>`, afterSpace);
        const attrEnd = nameEnd(afterSpace);
        const key = `@_${xml.slice(afterSpace, attrEnd)}`;
        const eq = skipSpace(attrEnd);
        if (xml.charCodeAt(eq) !== 61) fail(`attribute ${key.slice(2)} of <${name}> has no value`, attrEnd);
        const quoteAt = skipSpace(eq + 1);
        const quote = xml.charCodeAt(quoteAt);
        if (quote !== 34 && quote !== 39) fail(`attribute ${key.slice(2)} of <${name}> is not quoted`, quoteAt);
        const valueEnd = xml.indexOf(quote === 34 ? '"' : "'", quoteAt + 1);
        if (valueEnd < 0) fail(`attribute ${key.slice(2)} of <${name}> is not closed`, quoteAt);
        const lessThan = xml.indexOf("<", quoteAt + 1);
        if (lessThan >= 0 && lessThan < valueEnd) fail(`"<" in attribute ${key.slice(2)} of <${name}>`, lessThan);
        frame.node ??= {};
        if (key in frame.node) fail(`attribute ${key.slice(2)} repeated in <${name}>`, afterSpace);
        frame.node[key] = decode(quoteAt + 1, valueEnd);
        i = valueEnd + 1;
      }
      const selfClosing = xml.charCodeAt(i) === 47;
      if (selfClosing && xml.charCodeAt(i + 1) !== 62) fail(`unexpected "/" in <${name}>`, i);
      pos = i + (selfClosing ? 2 : 1);
      if (!parent) rootSeen = true;
      if (path !== undefined && skip?.has(path)) {
        if (!selfClosing) {
          const endTag = xml.indexOf(`</${name}`, pos);
          const gt = endTag < 0 ? -1 : skipSpace(endTag + 2 + name.length);
          if (endTag < 0 || xml.charCodeAt(gt) !== 62) fail(`<${name}> is not closed`, lt);
          pos = gt + 1;
        }
        continue;
      }
      if (name === "__proto__") fail("an element named __proto__", lt);
      if (selfClosing) add(holder(parent), name, frame.node ?? "", frame.asList);
      else stack.push(frame);
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed) fail(`<${unclosed.name}> is not closed`, length);
  if (!rootSeen) fail("no root element", length);
  return document;
}
