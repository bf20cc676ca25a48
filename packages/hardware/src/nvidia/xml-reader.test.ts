import { describe, expect, it } from "vitest";
import { readXml, XmlSyntaxError } from "./xml-reader";

describe("readXml: shapes", () => {
  it.each([
    ["a leaf is its trimmed text", "<a>\n\t<b>  12 W </b>\n</a>", { a: { b: "12 W" } }],
    ["an empty or self-closing element is an empty string", "<a><b></b><c/><d /></a>", { a: { b: "", c: "", d: "" } }],
    ["an attribute is @_name, in either quotes", `<a><gpu id="00:01" n='2'><x>1</x></gpu></a>`, { a: { gpu: { "@_id": "00:01", "@_n": "2", x: "1" } } }],
    ["a leaf with an attribute keeps its text as #text", `<a><b unit="W">5</b></a>`, { a: { b: { "@_unit": "W", "#text": "5" } } }],
    ["a repeated element is a list, in order", "<a><b>1</b><c/><b>2</b><b>3</b></a>", { a: { b: ["1", "2", "3"], c: "" } }],
    ["the five XML entities are replaced, other references kept", "<a>&lt;&amp;&gt;&quot;&apos; &#65; &nbsp; R&D</a>", { a: `<&>"' &#65; &nbsp; R&D` }],
    ["prolog, DOCTYPE, comments and CDATA", '<?xml version="1.0" ?>\n<!DOCTYPE a SYSTEM "a.dtd">\n<!-- c --><a><!-- <b> --><![CDATA[<i>]]></a>', { a: "<i>" }],
    ["a DOCTYPE with an internal subset", "<!DOCTYPE a [<!ENTITY x '>'>]><a>1</a>", { a: "1" }],
    ["what follows the root element is read on", "<a>1</a>\n<b/> trailing text", { a: "1", b: "" }],
  ])("%s", (_, xml, expected) => {
    expect(readXml(xml)).toEqual(expected);
  });

  it("reads an element listed in arrays as a list even when it occurs once", () => {
    const arrays = new Set(["log.gpu"]);
    expect(readXml("<log><gpu><x>1</x></gpu></log>", { arrays })).toEqual({ log: { gpu: [{ x: "1" }] } });
    expect(readXml("<log><gpu/></log>", { arrays })).toEqual({ log: { gpu: [""] } });
    // The path counts, not the name alone.
    expect(readXml("<log><other><gpu>1</gpu></other></log>", { arrays })).toEqual({ log: { other: { gpu: "1" } } });
  });

  it("leaves out an element listed in skip, unread, and reads on after its end tag", () => {
    const skip = new Set(["log.gpu.clocks"]);
    const xml = "<log><gpu><clocks><m>1 & 2 <<</m></clocks ><x>1</x></gpu><clocks>kept</clocks></log>";
    expect(readXml(xml, { skip })).toEqual({ log: { gpu: { x: "1" }, clocks: "kept" } });
    expect(readXml("<log><gpu><clocks/><x>1</x></gpu></log>", { skip })).toEqual({ log: { gpu: { x: "1" } } });
  });
});

describe("readXml: not well-formed", () => {
  it.each([
    ["garbage", "text before the root element", 1, 1],
    ["", "no root element", 1, 1],
    ["<log><gpu></log>", "closing tag </log> does not match <gpu>", 1, 11],
    ["<log>\n  <gpu>\n</log>", "closing tag </log> does not match <gpu>", 3, 1],
    ["<log><gpu>", "<gpu> is not closed", 1, 11],
    ["</log>", "closing tag </log> without an opening tag", 1, 1],
    ["<log><1gpu/></log>", "a name was expected", 1, 7],
    ["<log a=1/>", "attribute a of <log> is not quoted", 1, 8],
    ['<log a="1" a="2"/>', "attribute a repeated in <log>", 1, 12],
    ['<log a="<"/>', '"<" in attribute a of <log>', 1, 9],
    ["<log><!-- open</log>", "a comment is not closed", 1, 10],
    ["<log><! x></log>", "unexpected <!", 1, 6],
    ["<log><gpu><clocks>1</log>", "<clocks> is not closed", 1, 11],
  ])("%j: %s", (xml, reason, line, column) => {
    const options = { skip: new Set(["log.gpu.clocks"]) };
    expect(() => readXml(xml, options)).toThrow(XmlSyntaxError);
    try {
      readXml(xml, options);
    } catch (error) {
      expect(error).toMatchObject({ reason, line, column });
    }
  });
});
