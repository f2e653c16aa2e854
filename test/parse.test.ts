import { describe, expect, it } from "vitest";
import { parseStructured } from "../src/parse/yaml/parse.js";
import type { PNode } from "../src/parse/yaml/tree.js";

/** The tree as plain data, so the long form of each tag can be compared. */
function plain(node: PNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}

const parse = (text: string, path = "t.yaml") => parseStructured({ path, text });

describe("YAML front end", () => {
  it("rewrites every CloudFormation short form to its long form", () => {
    const { documents, diagnostics } = parse(`a: !Ref X
b: !GetAtt Role.Arn
c: !GetAtt [Role, Arn]
d: !Sub "arn:\${AWS::Partition}:x"
e: !Sub ["\${A}", { A: 1 }]
f: !Join ["", [a, b]]
g: !If [Cond, 1, 2]
h: !Select [0, !Split [",", "a,b"]]
i: !FindInMap [M, K, V]
j: !ImportValue Export
k: !GetAZs ""
l: !Base64 text
m: !Cidr [!GetAtt Vpc.CidrBlock, 6, 5]
n: !And [!Condition A, !Or [!Not [!Condition B], !Equals [x, y]]]
o: !Transform { Name: AWS::Include }
`);
    expect(diagnostics).toEqual([]);
    expect(plain(documents[0]?.root)).toEqual({
      a: { Ref: "X" },
      b: { "Fn::GetAtt": "Role.Arn" },
      c: { "Fn::GetAtt": ["Role", "Arn"] },
      d: { "Fn::Sub": "arn:${AWS::Partition}:x" },
      e: { "Fn::Sub": ["${A}", { A: 1 }] },
      f: { "Fn::Join": ["", ["a", "b"]] },
      g: { "Fn::If": ["Cond", 1, 2] },
      h: { "Fn::Select": [0, { "Fn::Split": [",", "a,b"] }] },
      i: { "Fn::FindInMap": ["M", "K", "V"] },
      j: { "Fn::ImportValue": "Export" },
      k: { "Fn::GetAZs": "" },
      l: { "Fn::Base64": "text" },
      m: { "Fn::Cidr": [{ "Fn::GetAtt": "Vpc.CidrBlock" }, 6, 5] },
      n: { "Fn::And": [{ Condition: "A" }, { "Fn::Or": [{ "Fn::Not": [{ Condition: "B" }] }, { "Fn::Equals": ["x", "y"] }] }] },
      o: { "Fn::Transform": { Name: "AWS::Include" } },
    });
  });

  it("keeps the range of a tagged value, in UTF-16 columns", () => {
    const root = parse('é🙂: !Ref "NodeRole"\n').documents[0]?.root;
    const tagged = root?.kind === "map" ? root.entries[0]?.value : undefined;
    expect(tagged?.range).toEqual({ file: "t.yaml", startLine: 1, startColumn: 11, endLine: 1, endColumn: 21 });
  });

  it("keeps the source text of scalars that YAML reads as numbers", () => {
    const root = parse("Account: 012345678912\n").documents[0]?.root;
    const value = root?.kind === "map" ? root.entries[0]?.value : undefined;
    expect(value).toMatchObject({ kind: "scalar", value: 12345678912, source: "012345678912" });
  });

  it("parses each document on its own, so one broken document does not hide the others", () => {
    const { documents, diagnostics } = parse("a: 1\n---\nb: [\n---\nc: 3\n");
    expect(documents.map((d) => plain(d.root))).toEqual([{ a: 1 }, { c: 3 }]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: "t.yaml", line: 4, column: 1 });
  });

  it("refuses an alias bomb with a diagnostic instead of expanding it", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    const { documents, diagnostics } = parse(`${lines.join("\n")}\n`);
    expect(documents).toEqual([]);
    expect(diagnostics[0]?.message).toMatch(/^YAML aliases expand to more than \d+ nodes; refusing to read what looks like an alias bomb$/);
  });

  it.each([
    ["t.yaml", `Resources:\n  R: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`, 2, 262],
    ["t.json", `{"R": ${"[".repeat(10_000)}${"]".repeat(10_000)}}`, 1, 262],
  ])("refuses nesting deeper than 256 levels in %s with a diagnostic, not a stack overflow", (path, text, line, column) => {
    expect(parse(text, path)).toEqual({
      documents: [],
      diagnostics: [{ file: path, line, column, message: "nesting deeper than 256 levels; pullguard does not read it" }],
    });
  });

  it("applies merge keys without letting them override", () => {
    expect(plain(parse("base: &b { x: 1, y: 2 }\nuse:\n  <<: *b\n  y: 3\n").documents[0]?.root)).toEqual({ base: { x: 1, y: 2 }, use: { y: 3, x: 1 } });
  });

  it("counts columns correctly with CRLF line endings", () => {
    const root = parse("a: 1\r\nb: !Ref X\r\n").documents[0]?.root;
    const b = root?.kind === "map" ? root.entries[1] : undefined;
    expect(b?.keyRange).toMatchObject({ startLine: 2, startColumn: 1 });
    expect(b?.value.range).toMatchObject({ startLine: 2, startColumn: 9, endLine: 2, endColumn: 10 });
  });
});

describe("JSON front end", () => {
  it.each([
    ['{\n  "a": [1, 2,]\n}', 2, 13, "JSON syntax error: trailing comma"],
    ['{\n  "a": 1,\n}', 2, 9, "JSON syntax error: trailing comma"],
    ['// note\n{"a": 1}', 1, 1, "JSON syntax error: invalid comment token"],
    ['{"a": tru}', 1, 7, "JSON syntax error: invalid symbol"],
    ['{"a": 1', 1, 8, "JSON syntax error: close brace expected"],
  ])("rejects %j at %i:%i", (text, line, column, message) => {
    expect(parse(text, "t.json").diagnostics).toEqual([{ file: "t.json", line, column, message }]);
  });

  it("keeps positions of keys and values", () => {
    const root = parse('{\n  "Resources": {\n    "R": { "Type": "AWS::IAM::Role" }\n  }\n}\n', "t.json").documents[0]?.root;
    const resources = root?.kind === "map" ? root.entries[0]?.value : undefined;
    const r = resources?.kind === "map" ? resources.entries[0] : undefined;
    expect(r?.keyRange).toMatchObject({ startLine: 3, startColumn: 5, endColumn: 8 });
    const type = r?.value.kind === "map" ? r.value.entries[0]?.value : undefined;
    expect(type).toMatchObject({ value: "AWS::IAM::Role", range: { startLine: 3, startColumn: 20, endLine: 3, endColumn: 36 } });
  });
});
