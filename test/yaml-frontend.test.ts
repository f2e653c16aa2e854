import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineIndex } from "../src/parse/lines.js";
import { CLOUDFORMATION_TAGS } from "../src/parse/yaml/events.js";
import { parseStructured, parseYamlFast, parseYamlSlow, type ParseResult } from "../src/parse/yaml/parse.js";
import { get, type PNode } from "../src/parse/yaml/tree.js";
import { CORPUS, FIXTURES } from "./helpers.js";

/**
 * The two YAML front ends must agree: the fast one (js-yaml 5 events) either builds exactly the tree the
 * `yaml`-based one builds (values, sources, ranges, key ranges, shared alias nodes) or declines, and then the
 * slow one answers, with its diagnostics.
 */

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|template)$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Each node object seen twice in a tree, as [path, path of its first occurrence]: alias sharing. */
function sharing(result: ParseResult): string[][] {
  const seen = new Map<object, string>();
  const shared: string[][] = [];
  const visit = (node: PNode, path: string) => {
    const first = seen.get(node);
    if (first !== undefined) {
      shared.push([path, first]);
      return;
    }
    seen.set(node, path);
    if (node.kind === "seq") node.items.forEach((item, i) => visit(item, `${path}[${i}]`));
    else if (node.kind === "map") node.entries.forEach((e, i) => visit(e.value, `${path}.${e.key}#${i}`));
  };
  result.documents.forEach((d, i) => d.root && visit(d.root, `$${i}`));
  return shared;
}

/** Parses with both paths; the fast one, when it answers, must give the slow one's result. */
function both(text: string, path = "t.yaml"): { fast: ParseResult | undefined; slow: ParseResult } {
  const file = { path, text };
  const slow = parseYamlSlow(file, new LineIndex(text));
  const fast = parseYamlFast(file, new LineIndex(text));
  if (fast) {
    expect(fast, path).toStrictEqual(slow);
    expect(sharing(fast), path).toEqual(sharing(slow));
  }
  // Whatever path it takes, the front end gives the slow path's answer.
  expect(parseStructured(file), path).toStrictEqual(slow);
  return { fast, slow };
}

/** The fast path must answer (and agree). */
function fast(text: string): ParseResult {
  const { fast: result } = both(text);
  expect(result, text).toBeDefined();
  return result!;
}

/** The fast path must decline; the slow path answers. */
function slowOnly(text: string): ParseResult {
  const { fast: result, slow } = both(text);
  expect(result, text).toBeUndefined();
  return slow;
}

function root(result: ParseResult, doc = 0): PNode {
  const node = result.documents[doc]?.root;
  if (!node) throw new Error("no document");
  return node;
}

function value(node: PNode, key: string): PNode {
  if (node.kind !== "map") throw new Error("not a map");
  const entry = node.entries.find((e) => e.key === key);
  if (!entry) throw new Error(`no ${key}`);
  return entry.value;
}

describe("YAML front ends agree on real files", () => {
  it("fixtures/", () => {
    const files = yamlFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(50);
    let fastCount = 0;
    for (const f of files) if (both(readFileSync(f, "utf8"), relative(FIXTURES, f)).fast) fastCount++;
    // Nearly every fixture takes the fast path; the ones that do not have a syntax error.
    expect(fastCount).toBeGreaterThan(files.length * 0.9);
  });

  it.skipIf(!existsSync(CORPUS))("../shared/corpus", () => {
    const files = yamlFiles(CORPUS);
    for (const f of files) both(readFileSync(f, "utf8"), relative(CORPUS, f));
  });

  describe("generated benchmark files", () => {
    let dir = "";
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "pullguard-yaml-"));
      const generator = new URL("../scripts/bench-generate.mjs", import.meta.url).href;
      const { generate } = (await import(generator)) as { generate: (dir: string, options: { terraformFiles: number; yamlFiles: number }) => unknown };
      generate(dir, { terraformFiles: 60, yamlFiles: 300 });
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("all take the fast path, with the same trees", () => {
      const files = yamlFiles(dir);
      expect(files).toHaveLength(300);
      for (const f of files) expect(both(readFileSync(f, "utf8"), relative(dir, f)).fast, f).toBeDefined();
    });
  });
});

describe("YAML fast path", () => {
  it("rewrites every CloudFormation tag on a scalar, a sequence and a mapping", () => {
    for (const name of CLOUDFORMATION_TAGS) {
      const result = fast(
        `s: !${name} v\nq: !${name} "v"\ne: !${name}\nf: !${name} [a, b]\ng: !${name} {k: v}\nb: !${name}\n  k: v\nl: !${name}\n  - a\n  - !${name} x\nt: !${name} |\n  text\n`,
      );
      const long = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
      const s = value(root(result), "s");
      expect(s.kind === "map" && s.entries[0]?.key).toBe(long);
    }
  });

  it("reads plain scalars with the YAML 1.2 core schema and keeps their source", () => {
    const r = root(fast("a: 012345678912\nb: 0o17\nc: 0x1F\nd: .inf\ne: -.Inf\nf: .NaN\ng: 1e3\nh: True\ni: yes\nj: ~\nk: Null\nl: 2012-10-17\nm: 12345678901234567890\nn: 1.50\no: -0\np:\nq: +12\n"));
    expect(value(r, "a")).toMatchObject({ value: 12345678912, source: "012345678912" });
    expect(value(r, "b")).toMatchObject({ value: 15 });
    expect(value(r, "c")).toMatchObject({ value: 31 });
    expect(value(r, "d")).toMatchObject({ value: Infinity });
    expect(value(r, "f")).toMatchObject({ value: NaN });
    expect(value(r, "h")).toMatchObject({ value: true });
    expect(value(r, "i")).toMatchObject({ value: "yes" });
    expect(value(r, "j")).toMatchObject({ value: null });
    expect(value(r, "l")).toMatchObject({ value: "2012-10-17" });
    expect(value(r, "p")).toMatchObject({ value: null, source: "" });
  });

  it("merges `<<` keys and shares anchored nodes instead of copying them", () => {
    const result = fast("base: &b {a: 1, b: 2}\nmore: &m\n  c: 3\none:\n  <<: *b\n  a: 9\nmany:\n  <<: [*b, *m]\nlist: &l [x, y]\nagain: *l\nscalar: &s hello\nref: *s\n");
    const r = root(result);
    expect(value(r, "again")).toBe(value(r, "list"));
    expect(value(r, "ref")).toBe(value(r, "scalar"));
    // As in the converter: merged entries first, then the map's own (the last `a` wins in `get`).
    const one = value(r, "one");
    expect(one.kind === "map" && one.entries.map((e) => e.key)).toEqual(["a", "b", "a"]);
    expect(get(one, "a")).toMatchObject({ value: 9 });
    const many = value(r, "many");
    expect(many.kind === "map" && many.entries.map((e) => e.key)).toEqual(["a", "b", "c"]);
  });

  it("refuses an alias bomb, an alias without anchor and an alias inside its own anchor (slow path diagnostics)", () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    expect(slowOnly(`${lines.join("\n")}\n`).diagnostics[0]?.message).toMatch(/alias bomb/);
    expect(slowOnly("a: *nothing\n").diagnostics[0]?.message).toBe("YAML alias *nothing has no anchor");
    expect(slowOnly("a: &x [1, *x]\n").diagnostics[0]?.message).toBe("YAML alias *x refers to a node that contains it");
  });

  it("block scalars with chomping and indentation indicators", () => {
    fast("a: |\n  line 1\n\n  line 2\n\nb: >\n  folded\n  text\n\n   more indented\n  back\nc: |-\n  strip\n\nd: |+\n  keep\n\n\ne: >-\n  x\nf: |2\n    two extra\n  base\ng: >+1\n  z\nh: | # comment\n  x\n# after\ni: |\n\nj: end\n");
    fast("- |\n  in a sequence\n- >-\n  folded\n\n  paragraphs\n-\n  |\n  header on its own line\n");
  });

  it("quoted scalars with escapes and line folding", () => {
    const r = root(fast(`a: "tab\\t \\u00e9 \\x41 \\U0001F600 \\" \\\\ \\/"\nb: 'it''s'\nc: "folded\n  line\n\n  paragraph"\nd: 'single\n  folded'\ne: "escaped \\\n  break"\nf: ""\ng: ''\n`));
    expect(value(r, "a")).toMatchObject({ value: 'tab\t é A 😀 " \\ /', quoted: true });
    expect(value(r, "b")).toMatchObject({ value: "it's", source: "it's" });
    expect(value(r, "c")).toMatchObject({ value: "folded line\nparagraph" });
    expect(value(r, "e")).toMatchObject({ value: "escaped break" });
  });

  it("flow collections", () => {
    fast("a: [1, 'two', \"three\", [4, {five: 5}], {}, []]\nb: {x: 1, y: [a, b], z}\nc: [k: v, m: {n: o}]\nd: [\n  multi,\n  line, # comment\n  ]\ne: { a: 1, }\nf: !Join ['', [a, !Ref b]]\n");
    fast("[a, b]\n");
    fast('{"json": true, "n": [1, 2.5, null, false]}\n');
  });

  it("comments everywhere, including trailing comments at every indentation", () => {
    fast("# header\na: 1 # trailing\n# between\nb:\n  c: 2\n  # indented like c\n# at zero\nd:\n  - x\n    # deeper than the item\n  - y # same line\n\n  # after a blank line\ne:\n  f:\n    g: 3\n   # between f and g\n # less than f\nh: # on the key line\n  # before the value\n  i: 4\nj:\n  # only a comment\nk: [1, # in flow\n  2]\n# last\n");
    fast("a:\n  b:\n    - x: 1\n      # c1\n    # c2\n  # c3\n# c4\n");
    fast("a:\n  b: [x]\n     # deeper\n  c: 'q'   # same\n      # more\n");
  });

  it("CRLF line ends", () => {
    fast("a: 1\r\nb:\r\n  - x # c\r\n  - \"folded\r\n    quote\"\r\nc: |\r\n  text\r\n  more\r\n# end\r\n");
  });

  it("tabs", () => {
    fast("a:\tvalue\nb: \"tab\there\"\n");
    // A tab in indentation is left to yaml, which reports it.
    expect(slowOnly("a:\n\tb: 1\n").diagnostics).toHaveLength(1);
  });

  it("a byte-order mark is left to yaml", () => {
    expect(root(slowOnly("\ufeffa: 1\n"))).toMatchObject({ kind: "map" });
  });

  it("empty documents and document markers", () => {
    expect(fast("---\n---\na: 1\n...\n---\n").documents).toHaveLength(3);
    expect(fast("").documents).toHaveLength(0);
    expect(fast("# only a comment\n").documents).toHaveLength(0);
    fast("--- # c\n...\n--- !Ref x\n--- |\n  block\n---\n- a\n...\n");
    fast("---\na:\nb: # c\n\n# next\n---\nc:\n");
  });

  it("a duplicate key is left to yaml, which reports it", () => {
    const result = slowOnly("a: 1\nb: 2\na: 3\n");
    expect(result.diagnostics).toEqual([{ file: "t.yaml", line: 3, column: 1, message: "YAML syntax error: Map keys must be unique" }]);
    expect(slowOnly("1: a\n1.0: b\n").diagnostics).toHaveLength(1);
    expect(slowOnly("{a: 1, a: 2}\n").diagnostics).toHaveLength(1);
  });

  it("a syntax error in the second of three documents: same diagnostic, the other two parsed", () => {
    const result = slowOnly("a: 1\n---\nb: [\n---\nc: 3\n");
    expect(result.documents).toHaveLength(2);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ line: 4, column: 1 });
  });

  it("leaves unknown tags, directives and explicit keys to yaml", () => {
    slowOnly("a: !!str 1\n");
    slowOnly("a: !Custom x\n");
    slowOnly("%YAML 1.2\n---\na: 1\n");
    slowOnly("? a\n: 1\n");
    slowOnly("&k a: 1\nb: *k\n");
  });
});
