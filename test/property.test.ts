/**
 * Property-based tests (fast-check, fixed seed, bounded runs) of the parsers and the pipeline:
 * generated valid input parses back to the values it was written from, and random mutations of the
 * fixtures and the corpus never throw, and every diagnostic points inside the file. A few targeted
 * inputs pin known quadratic traps: each must finish well inside the test's timeout.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { parseAllDocuments, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { isFatal, type Diagnostic } from "../src/model/source.js";
import { analyseFile, scan } from "../src/scan.js";
import { parseTerraform } from "../src/extract/terraform/extract.js";
import { parseHcl } from "../src/parse/hcl/parse.js";
import { parseStructured, parseYamlFast, parseYamlSlow } from "../src/parse/yaml/parse.js";
import { relaxQuotedScalars } from "../src/parse/yaml/relax.js";
import type { PNode } from "../src/parse/yaml/tree.js";
import { project, type Json } from "./hcl-projection.js";
import { CORPUS, FIXTURES } from "./helpers.js";

/** One seed for every property: a failure prints its path, and replays the same way on every machine. */
const SEED = 20_261_122;
const run = <T>(property: fc.IProperty<T>, numRuns: number) => fc.assert(property, { seed: SEED, numRuns, endOnFailure: true });

/** A tree as plain data; keys through defineProperty so that `__proto__` stays a key. */
function plain(node: PNode | undefined): unknown {
  if (!node) return null;
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(plain);
  const out: Record<string, unknown> = {};
  for (const e of node.entries) Object.defineProperty(out, e.key, { value: plain(e.value), enumerable: true, writable: true, configurable: true });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Generated valid input round-trips.

/** JSON data without -0 (JSON and YAML both write it as 0). */
const jsonData: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.array(tie("value"), { maxLength: 4 }),
    // `<<` is YAML's merge key, not data.
    fc.dictionary(fc.string({ unit: "grapheme", maxLength: 8 }).filter((k) => k !== "<<"), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("generated input round-trips", () => {
  it("JSON: parses back to the data it was written from, compact or indented", () => {
    run(
      fc.property(jsonData, fc.constantFrom(0, 2, "\t"), (data, indent) => {
        const text = JSON.stringify(data, null, indent);
        const parsed = parseStructured({ path: "t.json", text });
        expect(parsed.diagnostics).toEqual([]);
        expect(plain(parsed.documents[0]?.root)).toEqual(JSON.parse(text));
      }),
      300,
    );
  });

  it("YAML: parses back to the data, in block and flow style, and both front ends build the same tree", () => {
    run(
      fc.property(jsonData, fc.constantFrom<"any" | "block" | "flow">("any", "block", "flow"), fc.boolean(), (data, collectionStyle, crlf) => {
        const written = stringify(data, { collectionStyle });
        const text = crlf ? written.replace(/\n/g, "\r\n") : written;
        const parsed = parseStructured({ path: "t.yaml", text });
        expect(parsed.diagnostics).toEqual([]);
        expect(plain(parsed.documents[0]?.root)).toEqual(data);
        const fast = parseYamlFast({ path: "t.yaml", text });
        if (fast) expect(fast).toEqual(parseYamlSlow({ path: "t.yaml", text }));
      }),
      300,
    );
  });

  /** An HCL value and what hcl2json's projection of it is (see hcl-projection.ts). */
  interface Hcl {
    text: string;
    value: Json;
  }
  const HCL_KEYWORDS = new Set(["for", "in", "if", "true", "false", "null", "endfor", "endif", "else"]);
  const NAMED_ESCAPES: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  const escapeHcl = (s: string) =>
    [...s]
      .map((c) => NAMED_ESCAPES[c] ?? (c.charCodeAt(0) < 0x20 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}` : c))
      .join("")
      .split("${")
      .join("$${")
      .split("%{")
      .join("%%{");
  // The projection writes `${` and `%{` of literal text escaped, as hcl2json does.
  const projected = (s: string) => s.split("${").join("$${").split("%{").join("%%{");
  const hclString = fc.string({ unit: "grapheme", maxLength: 10 }).map((s): Hcl => ({ text: `"${escapeHcl(s)}"`, value: projected(s) }));
  const hclKey = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,6}$/), fc.string({ unit: "grapheme", maxLength: 6 }));
  const keyText = (k: string) => (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && !HCL_KEYWORDS.has(k) ? k : `"${escapeHcl(k)}"`);
  const space = fc.constantFrom(" ", "", "\n", "  \n    ");
  const hclValue: fc.Arbitrary<Hcl> = fc.letrec<{ value: Hcl }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom<Hcl>({ text: "true", value: true }, { text: "false", value: false }, { text: "null", value: null }),
      fc.nat().map((n): Hcl => ({ text: String(n), value: n })),
      fc.integer({ min: 0, max: 1_000_000 }).map((n): Hcl => ({ text: (n / 1000).toString(), value: n / 1000 })),
      hclString,
      fc.tuple(fc.array(fc.tuple(space, tie("value")), { maxLength: 4 }), fc.boolean()).map(([items, trailing]): Hcl => ({
        text: `[${items.map(([s, v]) => `${s}${v.text}`).join(",")}${trailing && items.length > 0 ? "," : ""}]`,
        value: items.map(([, v]) => v.value),
      })),
      fc.tuple(fc.uniqueArray(fc.tuple(hclKey, tie("value")), { selector: ([k]) => k, maxLength: 4 }), fc.constantFrom(", ", "\n")).map(([entries, separator]): Hcl => {
        const value: Record<string, Json> = {};
        for (const [k, v] of entries) Object.defineProperty(value, k, { value: v.value, enumerable: true, writable: true, configurable: true });
        return { text: `{${entries.map(([k, v]) => `${keyText(k)} = ${v.text}`).join(separator)}}`, value };
      }),
    ),
  })).value;

  it("HCL: attributes and labelled blocks parse back to their values (the projection hcl2json prints)", () => {
    const attribute = fc.tuple(fc.stringMatching(/^a_[a-z0-9_]{0,6}$/), hclValue);
    const block = fc.tuple(fc.stringMatching(/^b_[a-z0-9_]{0,6}$/), fc.array(fc.string({ unit: "grapheme", maxLength: 6 }), { maxLength: 2 }), fc.uniqueArray(attribute, { selector: ([k]) => k, maxLength: 3 }));
    run(
      fc.property(
        fc.uniqueArray(attribute, { selector: ([k]) => k, maxLength: 5 }),
        fc.uniqueArray(block, { selector: ([t]) => t, maxLength: 3 }),
        fc.boolean(),
        (attributes, blocks, crlf) => {
          const lines = attributes.map(([name, v]) => `${name} = ${v.text}\n# a comment\n`);
          const expected: Record<string, Json> = Object.fromEntries(attributes.map(([name, v]) => [name, v.value]));
          for (const [type, labels, body] of blocks) {
            lines.push(`${type} ${labels.map((l) => `"${escapeHcl(l)}"`).join(" ")} {\n${body.map(([name, v]) => `  ${name} = ${v.text}\n`).join("")}}\n`);
            let nested: Json = [Object.fromEntries(body.map(([name, v]) => [name, v.value]))];
            for (const label of [...labels].reverse()) nested = Object.defineProperty({}, label, { value: nested, enumerable: true, writable: true, configurable: true });
            expected[type] = nested;
          }
          const text = crlf ? lines.join("").replace(/\n/g, "\r\n") : lines.join("");
          const parsed = parseHcl(text);
          if (!parsed.ok) throw new Error(`${parsed.error.message} at ${parsed.error.offset} in:\n${text}`);
          expect(project(text, parsed.file)).toEqual(expected);
        },
      ),
      300,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Mutations of real files never throw, and every diagnostic points inside the file.

const READ = /\.(tf|tfvars|ya?ml|json)$/;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && READ.test(e.name) && e.name !== "expected.json" && e.name !== "MANIFEST.json")
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every fixture, and the corpus when it is there (it lives beside the project), capped in size to keep runs short. */
const SAMPLES = [...filesUnder(FIXTURES), ...filesUnder(CORPUS)]
  .map((file) => ({ path: relative(join(FIXTURES, ".."), file).split("\\").join("/"), text: readFileSync(file, "utf8") }))
  .filter((f) => f.text.length < 64 * 1024);

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "replace"; at: number; char: string }
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete-line"; line: number };

const TOKENS = ['"', "'", "{", "}", "[", "]", "(", ")", "${", "%{", "<<EOF\n", "&a ", "*a", ": ", "- ", "\t", "\r", "\n", "#", "!Ref ", "\\", ",", "=", "<<: *a\n", "---\n", "\uFEFF", "\u0000", "é"];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), char: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant("delete-line" as const), line: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const at = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (m.kind) {
    case "truncate":
      return text.slice(0, at(m.at));
    case "replace":
      return text.slice(0, at(m.at)) + m.char + text.slice(at(m.at) + 1);
    case "insert":
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case "delete-line": {
      const lines = text.split("\n");
      lines.splice(m.line % lines.length, 1);
      return lines.join("\n");
    }
  }
}

/** The line and column of a diagnostic are a place in the text (a column may be just past a line's end). */
function expectInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    expect(d.message.length, d.message).toBeGreaterThan(0);
    expect(d.line, `${d.file}:${d.line}:${d.column} ${d.message}`).toBeGreaterThanOrEqual(1);
    expect(d.line, `${d.file}:${d.line}:${d.column} ${d.message}`).toBeLessThanOrEqual(lines.length);
    expect(d.column, `${d.file}:${d.line}:${d.column} ${d.message}`).toBeGreaterThanOrEqual(1);
    expect(d.column, `${d.file}:${d.line}:${d.column} ${d.message}`).toBeLessThanOrEqual((lines[d.line - 1] ?? "").length + 1);
  }
}

const mutated = fc.tuple(fc.constantFrom(...SAMPLES), fc.array(mutation, { minLength: 1, maxLength: 4 })).map(([file, ms]) => ({ path: file.path, text: ms.reduce(mutate, file.text) }));

describe("mutated fixtures and corpus files", () => {
  it(`has files to mutate (${SAMPLES.length})`, () => {
    expect(SAMPLES.length).toBeGreaterThan(100);
  });

  it("the parsers never throw; a file they reject gets a diagnostic inside it; JSON is rejected exactly when JSON.parse rejects it", () => {
    run(
      fc.property(mutated, (file) => {
        if (/\.(tf|tfvars)(\.json)?$/.test(file.path)) {
          const { parsed, diagnostic } = parseTerraform(file.path, file.text);
          expect(parsed === undefined).toBe(diagnostic !== undefined);
          expectInside(file.text, diagnostic ? [diagnostic] : []);
          return;
        }
        const result = parseStructured(file);
        expectInside(file.text, result.diagnostics);
        if (file.path.endsWith(".json")) {
          // An empty file is no document (and sniffing skips it), not an error.
          let valid = true;
          try {
            if (file.text.trim() !== "") JSON.parse(file.text);
          } catch {
            valid = false;
          }
          expect(result.diagnostics.length > 0, file.text).toBe(!valid);
        } else if (parseAllDocuments(file.text).some((doc) => doc.errors.length > 0)) {
          // What yaml rejects is never read as if it were fine (the fast path must not accept it), unless it is a quoted
          // scalar indented as PyYAML and go-yaml accept it: then the relaxed text (relax.ts) is what yaml accepts.
          const relaxed = relaxQuotedScalars(file.text);
          const rejected = (text: string) => parseAllDocuments(text).filter((doc) => doc.errors.length > 0).length;
          if (!relaxed || rejected(relaxed.text) >= rejected(file.text)) expect(result.diagnostics.filter(isFatal).length, file.text).toBeGreaterThan(0);
        }
      }),
      1500,
    );
  });

  it("the fast YAML front end either declines a mutated file or builds exactly the tree the yaml-based one builds", () => {
    let fast = 0;
    run(
      fc.property(mutated.filter((f) => /\.ya?ml$/.test(f.path)), (file) => {
        const result = parseYamlFast(file);
        if (!result) return;
        fast++;
        expect(result, file.text).toStrictEqual(parseYamlSlow(file));
      }),
      1000,
    );
    // Mutations that leave valid YAML are common: the comparison is not empty.
    expect(fast).toBeGreaterThan(300);
  });

  /** A fixture's line written again further down (a duplicate key, often), or a line break with a shallow indent inside a quoted scalar. */
  const yamlSamples = SAMPLES.filter((f) => /\.ya?ml$/.test(f.path));
  const relaxable = fc.tuple(fc.constantFrom(...yamlSamples), fc.nat(), fc.nat(), fc.nat({ max: 4 }), fc.boolean()).map(([file, a, b, indent, duplicate]) => {
    const lines = file.text.split("\n");
    if (duplicate) {
      const from = a % lines.length;
      lines.splice(from + 1 + (b % (lines.length - from)), 0, lines[from] ?? "");
      return { path: file.path, text: lines.join("\n") };
    }
    const quotes = [...file.text.matchAll(/(["'])[^"'\n]{2,}\1/g)];
    const q = quotes[a % Math.max(1, quotes.length)];
    if (!q) return file;
    const at = q.index + 1 + (b % (q[0].length - 1));
    return { path: file.path, text: `${file.text.slice(0, at)}\n${" ".repeat(indent)}${file.text.slice(at)}` };
  });

  it("read as CloudFormation (the last of duplicate keys wins) and with under-indented quoted scalars, both YAML front ends agree", () => {
    let fast = 0;
    let relaxed = 0;
    run(
      fc.property(relaxable, (file) => {
        for (const options of [{ duplicateKeys: "last" as const }, {}]) {
          const slow = parseYamlSlow(file, undefined, options);
          expectInside(file.text, slow.diagnostics);
          const result = parseYamlFast(file, undefined, options);
          if (!result) continue;
          fast++;
          if (parseAllDocuments(file.text).some((doc) => doc.errors.length > 0)) relaxed++;
          expect(result, file.text).toStrictEqual(slow);
        }
      }),
      600,
    );
    expect(fast).toBeGreaterThan(300);
    expect(relaxed).toBeGreaterThan(50);
  });

  it("the whole pipeline (extract, link, evaluate, rules) never throws on a mutated file, and marks it failed only with a diagnostic", () => {
    run(
      fc.property(mutated, (file) => {
        const analysis = analyseFile(file);
        expectInside(file.text, analysis.diagnostics);
        // Warnings (a duplicate key CloudFormation resolves, a document of a kind pullguard does not read) never fail a file.
        expect(analysis.status.status === "failed").toBe(analysis.diagnostics.some(isFatal));
        const result = scan({ files: [file] });
        expectInside(file.text, result.diagnostics.filter((d) => d.file === file.path));
      }),
      400,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Known quadratic traps: each input would take minutes if the trap came back.

describe("inputs that used to take quadratic time", () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `  k${i}: v\n`).join("");

  it("a 50,000-key YAML map with a syntax error after it (yaml's duplicate-key check is quadratic)", { timeout: 30_000 }, () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${keys(50_000)}  bad: [\n`;
    const result = analyseFile({ path: "big.yaml", text });
    expect(result.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(["50005:1"]);
  });

  it("a duplicate key among 50,000 is still reported, at the duplicate", { timeout: 30_000 }, () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${keys(50_000)}  k7: again\n  bad: [\n`;
    // The syntax error comes first in yaml's report; without it, the duplicate is the diagnostic.
    const duplicate = analyseFile({ path: "big.yaml", text: text.replace("  bad: [\n", "") });
    expect(duplicate.diagnostics).toEqual([{ file: "big.yaml", line: 50004, column: 3, message: "YAML syntax error: Map keys must be unique" }]);
  });

  it("50,000 keys written twice in a CloudFormation template: the last ones replace the first in place, on both YAML paths", { timeout: 30_000 }, () => {
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nMetadata:\n${keys(50_000)}${keys(50_000)}`;
    const fast = parseYamlFast({ path: "dup.yaml", text }, undefined, { duplicateKeys: "last" });
    expect(fast?.diagnostics).toHaveLength(50_000);
    expect(parseYamlSlow({ path: "dup.yaml", text }, undefined, { duplicateKeys: "last" })).toStrictEqual(fast);
    expect(analyseFile({ path: "dup.yaml", text }).status.status).toBe("analysed");
  });

  it("20,000 under-indented quoted scalars (each read as PyYAML reads it) and an unterminated one", { timeout: 30_000 }, () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: "a\n b"\n`).join("")}`;
    const result = parseStructured({ path: "q.yaml", text });
    expect(result.diagnostics).toEqual([]);
    const data = result.documents[0]?.root;
    expect(data?.kind === "map" && data.entries[2]?.value.kind === "map" && data.entries[2].value.entries.length).toBe(20_000);
    expect(parseStructured({ path: "q.yaml", text: `${text}  open: "x\n` }).diagnostics).toHaveLength(1);
  });

  it("20,000 broken documents of a kind pullguard does not read, and a megabyte of `{{` without `}}` (the file split once, actions found in one pass)", { timeout: 30_000 }, () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `---\napiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: r${i}\n  name: again\n`).join("");
    const result = analyseFile({ path: "ray.yaml", text });
    expect(result.status).toMatchObject({ status: "skipped", reason: expect.stringMatching(/^RayCluster: a kind pullguard does not read, .*; and 19999 more documents not read$/) as unknown });
    const actions = analyseFile({ path: "t.yaml", text: `apiVersion: v1\nkind: Pod\nspec: ${"{{ x }} ".repeat(20_000)}\n` });
    expect(actions.status.status).toBe("skipped");
    // Openings without a closing one are no template: a broken Pod.
    expect(analyseFile({ path: "t.yaml", text: `apiVersion: v1\nkind: Pod\nspec: ${"{{ ".repeat(350_000)}\n` }).status.status).toBe("failed");
  });

  it("20,000 Kubernetes documents in one file (fact keys were checked against a set rebuilt per object)", { timeout: 30_000 }, () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-${i}\n`).join("");
    const result = analyseFile({ path: "accounts.yaml", text });
    expect(result.status.status).toBe("analysed");
    expect(result.facts.serviceAccounts).toHaveLength(20_000);
  });

  it("a merge key that merges a 100,000-key map (merged by searching the entries per key)", { timeout: 30_000 }, () => {
    const base = Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join(", ");
    const text = `apiVersion: v1\nkind: ConfigMap\nbase: &b {${base}}\ndata:\n  <<: *b\n  extra: 1\n`;
    const result = parseStructured({ path: "merge.yaml", text });
    expect(result.diagnostics).toEqual([]);
    const root = result.documents[0]?.root;
    const data = root?.kind === "map" ? root.entries.find((e) => e.key === "data")?.value : undefined;
    expect(data?.kind === "map" ? data.entries.length : 0).toBe(100_001);
  });

  it.each([
    ["100,000 unterminated strings", "u.tf", Array.from({ length: 100_000 }, () => 'a = "x\n').join("")],
    ["100,000 unterminated heredocs", "h.tf", Array.from({ length: 100_000 }, () => "a = <<EOT\nx\n").join("")],
    ["100,000 one-line blocks and an error at the end", "b.tf", `${Array.from({ length: 100_000 }, (_, i) => `b "x${i}" { a = 1 }\n`).join("")}c { d = [ }\n`],
    ["a flow map of 100,000 entries left open", "f.yaml", `apiVersion: v1\nkind: ConfigMap\ndata: {${Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join(", ")}\n`],
    ["1 MB of opening comments", "c.tf", `${"/*".repeat(500_000)}\n`],
  ])("%s", { timeout: 30_000 }, (_, path, text) => {
    const result = analyseFile({ path, text });
    expect(result.status.status).toBe("failed");
    expectInside(text, result.diagnostics);
  });
});
