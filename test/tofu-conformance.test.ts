/**
 * Conformance of pullguard's Terraform evaluator with OpenTofu: every expression of
 * test/tofu/expressions.yaml against the answer `tofu console` gave for it (test/tofu/expected.json,
 * written by scripts/tofu-conformance.mjs; no tofu is needed here).
 *
 * How a case is compared:
 * - tofu gave a value: pullguard's must be known, render to the same JSON text as tofu's `jsonencode`
 *   (keys sorted, Go's escapes, numbers in full), and have the same type class at every level. Types:
 *   string, number and bool are compared as they are; tofu's list, set and tuple are pullguard's tuple
 *   with `kind` "list", "set" or none; map and object are pullguard's object with `kind` "map" or none;
 *   a `jsonencode` result that pullguard keeps structured (`json: true`) is a string. pullguard's null
 *   has no type, so a null matches any type, and tofu's `dynamic` (an untyped null) matches anything.
 * - tofu failed, or said the value is only known after apply: pullguard's value must not be known
 *   (an unknown, or a collection holding one). A known value there is a wrong answer.
 * - A case in NOT_EVALUATED must be unknown where tofu knows the value, and one in DIFFERENT must still
 *   differ: each says why, and a case that comes to agree has to leave its list.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { moduleConfig, type HclSource, type ModuleConfig } from "../src/extract/terraform/config.js";
import { parseTerraform } from "../src/extract/terraform/extract.js";
import { ModuleInstance, type Project } from "../src/extract/terraform/module.js";
import { isKnown, jsonOf, reasonOf, type TfValue } from "../src/extract/terraform/value.js";
import { LineIndex } from "../src/parse/lines.js";

interface Case {
  id: string;
  expr: string;
  setup?: string;
}

type TofuType = "string" | "number" | "bool" | "dynamic" | { list: TofuType } | { set: TofuType } | { map: TofuType } | { tuple: TofuType[] } | { object: Record<string, TofuType> };

type Expected = { json: string; type: TofuType } | { error: string } | { unknown: true; type: TofuType };

const corpus = parse(readFileSync(fileURLToPath(new URL("tofu/expressions.yaml", import.meta.url)), "utf8")) as { cases: Case[] };
const expected = JSON.parse(readFileSync(fileURLToPath(new URL("tofu/expected.json", import.meta.url)), "utf8")) as { tofu: string; cases: Record<string, Expected> };

const DIGITS = "a number with more digits than a 64-bit float keeps: Terraform keeps 512 bits";
const ARITHMETIC = "arithmetic on fractions binary floats do not hold (0.1): Terraform's 512-bit rounding decides the digits";
const VERB = "a format verb or argument index IAM code does not use (terraform-evaluate.test.ts pins it as not evaluated)";

/** Values pullguard leaves unknown on purpose where tofu knows them: the case and why. */
const NOT_EVALUATED: Record<string, string> = {
  "number-big-integer": DIGITS,
  "number-beyond-float": DIGITS,
  "jsondecode-big-number": DIGITS,
  "number-add-fractions": ARITHMETIC,
  "number-multiply-fractions": ARITHMETIC,
  "number-subtract-fractions": ARITHMETIC,
  "number-divide-thirds": ARITHMETIC,
  "format-f-tie-decimal": "%.2f of 2.675 rounds on Terraform's 512-bit value, just below or above the tie",
  "format-x": VERB,
  "format-explicit-index": VERB,
};

/** Where pullguard deliberately answers otherwise than OpenTofu 1.9: the case and why. */
const DIFFERENT: Record<string, string> = {
  "element-negative": "a negative index counts from the end, as in Terraform 1.10 and later; OpenTofu 1.9 fails",
  "format-v-null": "pullguard's null has no type: format(\"%v\", null) is \"null\", as for a typed null; tofu leaves an untyped null's result unknown",
  "cond-object-different-shapes":
    "objects whose attributes disagree are no error: a typed variable's value keeps its default's types here, not the declared ones that make Terraform's agree (value.ts commonType)",
};

const SITE = { file: "main.tf", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

/** `local.case_value` of a root module made of the case's setup, as the script has tofu evaluate it. */
function evaluate(c: Case): TfValue {
  const text = `${c.setup ?? ""}\nlocals {\n  case_value = ${c.expr}\n}\n`;
  const { parsed, diagnostic } = parseTerraform("main.tf", text);
  if (!parsed) throw new Error(diagnostic?.message ?? "main.tf does not parse");
  const source: HclSource = { path: "main.tf", dir: ".", lines: new LineIndex(text), tree: parsed.tree };
  const config = moduleConfig(".", [source]);
  const project: Project = {
    module: (dir: string): ModuleConfig | undefined => (dir === "." ? config : undefined),
    readText: () => undefined,
    parseTemplate: () => undefined,
    downloadedModule: () => undefined,
  };
  return new ModuleInstance(project, config, "", new Map(), [], ".").local("case_value", SITE);
}

/** Where pullguard's value does not have tofu's type class, if anywhere. */
function typeMismatch(type: TofuType, v: TfValue, path: string): string | undefined {
  if (type === "dynamic" || v.k === "null") return undefined;
  const kind = v.k === "object" && v.json ? "string" : v.k === "tuple" ? (v.kind ?? "tuple") : v.k === "object" ? (v.kind ?? "object") : v.k;
  const want = typeof type === "string" ? type : (Object.keys(type)[0] as string);
  if (kind !== want) return `${path || "the value"}: tofu has a ${want}, pullguard a ${kind}`;
  if (typeof type === "string" || v.k === "string" || (v.k === "object" && v.json)) return undefined;
  if (v.k === "tuple") {
    const each = (i: number): TofuType => ("tuple" in type ? (type.tuple[i] ?? "dynamic") : "list" in type ? type.list : "set" in type ? type.set : "dynamic");
    for (const [i, item] of v.items.entries()) {
      const m = typeMismatch(each(i), item, `${path}[${i}]`);
      if (m) return m;
    }
  }
  if (v.k === "object") {
    for (const [k, x] of v.attrs) {
      const m = typeMismatch("object" in type ? (type.object[k] ?? "dynamic") : "map" in type ? type.map : "dynamic", x, `${path}.${k}`);
      if (m) return m;
    }
  }
  return undefined;
}

describe(`Terraform expressions as OpenTofu ${expected.tofu} evaluates them`, () => {
  it("every case has tofu's answer, and every answer a case", () => {
    const ids = corpus.cases.map((c) => c.id);
    expect(new Set(ids).size, "case ids are unique").toBe(ids.length);
    // A new case needs `node scripts/tofu-conformance.mjs` (with tofu on PATH) to record its answer.
    expect(ids.filter((id) => !expected.cases[id])).toEqual([]);
    expect(Object.keys(expected.cases).filter((id) => !ids.includes(id))).toEqual([]);
    for (const id of [...Object.keys(NOT_EVALUATED), ...Object.keys(DIFFERENT)]) expect(ids, `${id} is listed but is no case`).toContain(id);
  });

  it.each(corpus.cases.map((c): [string, Case] => [c.id, c]))("%s", (_id, c) => {
    const want = expected.cases[c.id];
    if (!want) return;
    const disagreement = compare(c, want);
    // A listed case that agrees after all should leave its list.
    if (DIFFERENT[c.id]) expect(disagreement, `${c.id} agrees with tofu now: take it off DIFFERENT`).toBeDefined();
    else if (NOT_EVALUATED[c.id]) expect(disagreement, `${c.id} is evaluated now: take it off NOT_EVALUATED`).toMatch(/^pullguard does not know/);
    else expect(disagreement).toBeUndefined();
  });
});

/** How pullguard's answer differs from tofu's; undefined when they agree. */
function compare(c: Case, want: Expected): string | undefined {
  let got: TfValue;
  try {
    got = evaluate(c);
  } catch (err) {
    // Failing where tofu fails is agreement; anywhere else it is a bug.
    return "json" in want ? `pullguard fails: ${String(err)}` : undefined;
  }
  if (!("json" in want)) return isKnown(got) ? `tofu: ${"error" in want ? want.error : "only known after apply"}; pullguard: ${jsonOf(got) ?? "?"}` : undefined;
  if (!isKnown(got)) return `pullguard does not know the value (${reasonOf(got)}); tofu: ${want.json}`;
  const json = jsonOf(got);
  if (json !== want.json) return `pullguard: ${json ?? "?"}; tofu: ${want.json}`;
  return typeMismatch(want.type, got, "");
}
