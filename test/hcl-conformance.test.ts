/**
 * Conformance of src/parse/hcl against HashiCorp's own parser: @cdktf/hcl2json is hcl/v2's
 * hclsyntax compiled to WebAssembly. Both must accept the same files, agree on their values
 * (through the projection in hcl-projection.ts) and put the first syntax error on the same line.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as hcl2json } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { parseHcl } from "../src/parse/hcl/parse.js";
import { LineIndex } from "../src/parse/lines.js";
import { project, ProjectionError } from "./hcl-projection.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURES = join(ROOT, "fixtures");
const CORPUS = join(ROOT, "..", "shared", "corpus");

function hclFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(tf|tfvars)$/.test(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out.sort();
}

type Verdict =
  | { kind: "accepted"; json: unknown }
  /** hclsyntax parsed the file but hcl2json could not convert it to JSON. */
  | { kind: "unconvertible"; message: string }
  | { kind: "rejected"; line: number; column: number; message: string };

async function oracle(text: string): Promise<Verdict> {
  try {
    return { kind: "accepted", json: (await hcl2json("input.tf", text)) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!message.startsWith("parse config:")) return { kind: "unconvertible", message };
    const at = /input\.tf:(\d+),(\d+)/.exec(message);
    if (!at) throw new Error(`no position in hcl2json's error: ${message}`, { cause: err });
    return { kind: "rejected", line: Number(at[1]), column: Number(at[2]), message };
  }
}

/** The first place where two JSON values differ, if any (keys are compared as sets, as JSON objects). */
function difference(ours: unknown, theirs: unknown, path: string): string | undefined {
  if (Object.is(ours, theirs)) return undefined;
  const ourArray = Array.isArray(ours);
  if (ourArray !== Array.isArray(theirs) || typeof ours !== "object" || typeof theirs !== "object" || ours === null || theirs === null) {
    return `${path}: ours ${JSON.stringify(ours)}, hcl2json ${JSON.stringify(theirs)}`;
  }
  const a = ours as Record<string, unknown>;
  const b = theirs as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) return `${path}.${key}: only in ${Object.hasOwn(a, key) ? "ours" : "hcl2json"}`;
    const d = difference(a[key], b[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}

/** Compares our parser with hcl2json on one input; returns a description of any difference. */
async function compare(text: string): Promise<string | undefined> {
  const theirs = await oracle(text);
  const ours = parseHcl(text);
  const lines = new LineIndex(text);
  const ourError = ours.ok ? "" : `${ours.error.message} at ${JSON.stringify(lines.position(ours.error.offset))}`;
  switch (theirs.kind) {
    case "accepted":
      if (!ours.ok) return `hcl2json accepts, we reject: ${ourError}`;
      return difference(project(text, ours.file), theirs.json, "$");
    case "unconvertible":
      if (!ours.ok) return `hclsyntax accepts (hcl2json: ${theirs.message}), we reject: ${ourError}`;
      try {
        project(text, ours.file);
      } catch (err) {
        if (err instanceof ProjectionError) return undefined;
        throw err;
      }
      return `hcl2json cannot convert (${theirs.message}) but our projection can`;
    case "rejected": {
      if (ours.ok) return `hcl2json rejects (${theirs.message}), we accept`;
      const at = lines.position(ours.error.offset);
      const lineText = text.split(/\r?\n|\r/)[at.line - 1] ?? "";
      // hclsyntax counts columns in grapheme clusters; compare them only on ASCII lines.
      const sameColumn = !/^[\x20-\x7e\t]*$/.test(lineText) || at.column === theirs.column;
      if (at.line === theirs.line && sameColumn) return undefined;
      return `first error: hcl2json ${theirs.line}:${theirs.column} (${theirs.message}), ours ${at.line}:${at.column} (${ours.error.message})`;
    }
  }
}

const fixtureFiles = hclFiles(FIXTURES);
const corpusFiles = hclFiles(CORPUS);

// A suite without tests fails, so an empty fixtures tree keeps one skipped placeholder row.
describe.skipIf(fixtureFiles.length === 0)("hcl conformance: fixtures", () => {
  const rows = fixtureFiles.length > 0 ? fixtureFiles.map((f) => [relative(ROOT, f), f]) : [["(no .tf files)", ""]];
  it.each(rows)("%s", async (_name, file) => {
    expect(await compare(readFileSync(file, "utf8"))).toBeUndefined();
  });
});

describe.skipIf(corpusFiles.length === 0)("hcl conformance: shared corpus", () => {
  it.each(corpusFiles.map((f) => [relative(CORPUS, f), f]))("%s", async (_name, file) => {
    expect(await compare(readFileSync(file, "utf8"))).toBeUndefined();
  });

  it("agrees on the corpus files with CRLF line endings", async () => {
    for (const file of corpusFiles) {
      const text = readFileSync(file, "utf8").replace(/\r?\n/g, "\r\n");
      expect(await compare(text), file).toBeUndefined();
    }
  });
});

/** Each of these is rejected by hclsyntax; the first error must land on the same line (and column). */
const BROKEN: [string, string][] = [
  ["unterminated string", 'a = "abc\nb = 1\n'],
  ["unterminated string at end of file", 'a = "abc'],
  ["unclosed block", 'resource "x" "y" {\n  a = 1\n'],
  ["missing equals", "a {\n  b 1\n}\n"],
  ["bare name", "foo\n"],
  ["stray token after value", "a = 1 2\n"],
  ["stray closing brace", "a = 1\n}\n"],
  ["unclosed tuple", "a = [1, 2\n"],
  ["tuple items without commas", "a = [\n  1\n  2\n]\n"],
  ["object key without value", "a = {\n  b = 1\n  c\n}\n"],
  ["call arguments without comma", "a = f(1 2)\n"],
  ["dot without name", "a = x.\nb = 1\n"],
  ["unclosed interpolation", 'a = "${b"\n'],
  ["unterminated heredoc", "a = <<EOT\nabc\n"],
  ["heredoc marker at end of file without newline", "a = <<EOT\nabc\nEOT"],
  ["missing endif", 'a = "%{if x}y"\n'],
  ["stray endif", 'a = "%{endif}"\n'],
  ["single quotes", "a = 'x'\n"],
  ["semicolon", "a = 1;\n"],
  ["lone carriage return", "a = 1\rb = 2\n"],
  ["splat without closing bracket", "a = x[*\n"],
  ["tuple for with key", "a = [for x in y : x => x]\n"],
  ["object for without key", "a = {for x in y : x}\n"],
  ["conditional without false branch", "a = x ? y\n"],
  ["invalid escape", 'a = "\\q"\n'],
  ["short unicode escape", 'b = 1\na = "x\\u12"\n'],
  ["attribute set twice", "a = 1\nb = 2\na = 3\n"],
  ["two arguments in a one-line block", "b { c = 1, d = 2 }\n"],
  ["one-line block closed on the next line", "b { c = 1\n}\n"],
  ["error inside a one-line block before a blank line", "b { c = [, }\n\nd = 1\n"],
  ["index without closing bracket", "a = b[c d]\n\nx = [1]\n"],
  ["chained legacy index", "a = x.0.1\n"],
  ["quoted argument name", '"a" = 1\n'],
  ["unterminated block comment", "a = 1 /* never closed\nb = 2\n"],
  ["bitwise operator", "a = 1 & 2\n"],
  ["missing function name", "a = provider::(x)\n"],
  ["nested attribute splat", "a = x.*.*\n"],
  ["newline in a conditional inside an object", "a = {\n  b = c ?\n  d : e\n}\n"],
  ["equals in a block header", "b = {\n}\nc \"x\" = {\n}\n"],
  ["block header split over lines", 'resource "a"\n"b" {\n}\n'],
  ["interpolation in a block label", 'resource "${x}" {\n}\n'],
  ["error on a CRLF line", "a = 1\r\nb = [1 2]\r\n"],
];

describe("hcl conformance: broken inputs", () => {
  it.each(BROKEN)("%s", async (_name, text) => {
    const verdict = await oracle(text);
    expect(verdict.kind, "the snippet must be broken for hclsyntax too").toBe("rejected");
    expect(await compare(text)).toBeUndefined();
  });
});

/** Several hundred lines mixing every construct; deterministic. */
function stressInput(): string {
  const out: string[] = ["# generated stress input", "// with every construct", "/* block", "   comment */", ""];
  for (let i = 0; i < 12; i++) {
    out.push(
      `resource "aws_thing" "t${i}" {`,
      `  count     = var.enabled ? ${i} : 0 # trailing`,
      `  name      = "name-\${var.prefix}-${i}\\t\\"q\\" \\\\ \\u00e9\\U0001F600 $\${raw} %%{raw}"`,
      `  numbers   = [1, 2.5, 1e3, 012, -4, - 2.5e-1, ${i}]`,
      `  flags     = [true, false, null, !true, !var.x]`,
      `  math      = 1 + 2 * 3 - 4 / 5 % 6 == 7 || !x && y != z && a < b || c >= d && e <= f || g > h`,
      `  grouped   = (1 + 2) * (var.a - -var.b)`,
      `  cond      = var.a ? var.b ? "x" : "y" : var.c == null ? [] : [var.c]`,
      `  call      = merge(local.base, { extra = ${i} }, [for k, v in var.m : { (k) = v }]...)`,
      `  ns        = provider::aws::arn_parse(aws_iam_role.r${i}.arn).account_id`,
      `  trav      = aws_instance.web[${i}].private_ip`,
      `  legacy    = aws_instance.web.0.id`,
      `  strindex  = var.map["key-${i}"].value`,
      `  dynindex  = var.list[count.index + 1]`,
      `  splat     = aws_instance.web[*].id`,
      `  splatdeep = aws_instance.web[*].network[0].ip`,
      `  attrsplat = aws_instance.web.*.tags.Name`,
      `  splatidx  = var.things.*.names.0`,
      `  tuplefor  = [for i, s in var.list : upper(s) if s != ""]`,
      `  objfor    = { for k, v in var.map : k => v... if v != null }`,
      `  objfor2   = {`,
      `    for k, v in var.map :`,
      `    lower(k) => v`,
      `  }`,
      `  template  = "%{ if var.on ~} on %{~ else ~} off %{~ endif } and %{ for x in var.xs }[\${x}]%{ endfor }"`,
      `  strip     = "a \${~ var.b ~} c"`,
      `  wrapped   = "\${var.only}"`,
      `  wrapnum   = "\${${i}}"`,
      `  condtmpl  = "x-\${var.a ? "y" : ""}-\${var.b ? 1 : 2}"`,
      `  empty     = ""`,
      `  object    = {`,
      `    a = 1,`,
      `    "b c" = "d"`,
      `    e : [1, 2,]`,
      `    (var.key) = "computed"`,
      `    f.g = "traversal key"`,
      `    ${i} = "number key"`,
      `    null = "keyword key"`,
      `  }`,
      `  tuple     = [`,
      `    "a",`,
      `    # comment inside`,
      `    "b", // another`,
      `  ]`,
      `  policy    = <<EOT`,
      `{`,
      `  "Version": "2012-10-17",`,
      `  "Resource": "\${aws_s3_bucket.b${i}.arn}/*",`,
      `  "Escaped": "$\${aws:username}"`,
      `}`,
      `EOT`,
      `  script    = <<-EOS`,
      `    #!/bin/bash`,
      `      indented \${var.x}`,
      ``,
      `    %{ for n in var.names ~}`,
      `    echo \${n}`,
      `    %{ endfor ~}`,
      `    done`,
      `    EOS`,
      `  trimmed   = trimspace(<<EOT`,
      `  keeps indentation`,
      `EOT`,
      `  )`,
      `  lifecycle { ignore_changes = [tags] }`,
      `  timeouts {}`,
      `  dynamic "setting" {`,
      `    for_each = var.settings`,
      `    content {`,
      `      name  = setting.key`,
      `      value = setting.value`,
      `    }`,
      `  }`,
      `}`,
      "",
      `locals { x${i} = ${i} }`,
      `module m${i} {`,
      `  source = "./m"`,
      `}`,
      "",
    );
  }
  return out.join("\n");
}

describe("hcl conformance: generated stress input", () => {
  const text = stressInput();

  it("has a few hundred lines", () => {
    expect(text.split("\n").length).toBeGreaterThan(500);
  });

  it("agrees with LF line endings", async () => {
    expect((await oracle(text)).kind).toBe("accepted");
    expect(await compare(text)).toBeUndefined();
  });

  it("agrees with CRLF line endings", async () => {
    expect(await compare(text.replace(/\n/g, "\r\n"))).toBeUndefined();
  });

  it("agrees on broken variants of it", async () => {
    // Cut the input at many points, drop single characters: every variant must get the same verdict.
    const lines = text.split("\n");
    for (let n = 7; n < lines.length; n += 23) {
      const cut = lines.slice(0, n).join("\n");
      expect(await compare(cut), `cut after line ${n}`).toBeUndefined();
      const dropped = lines.slice(0, n).join("\n").slice(0, -2) + lines.slice(n).join("\n");
      expect(await compare(dropped), `characters dropped at line ${n}`).toBeUndefined();
    }
  });
});
