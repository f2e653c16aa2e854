import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruleDocsFile, ruleIndexMarkdown, ruleMarkdown } from "../rules/docs.js";
import { RULES } from "../rules/index.js";
import { PROJECT, scanText } from "./helpers.js";

const examples = RULES.flatMap((rule) => rule.meta.help.examples.map((example, i) => ({ id: `${rule.meta.id} example ${i + 1}`, rule, example })));

describe("rule registry", () => {
  it("has one file per rule, named after its id and name, listed in id order", () => {
    const files = readdirSync(join(PROJECT, "rules")).filter((f) => /^PG\d{3}-/.test(f)).sort();
    expect(files).toEqual(RULES.map((r) => `${r.meta.id}-${r.meta.name}.ts`));
    expect(RULES.map((r) => r.meta.id)).toEqual([...RULES.map((r) => r.meta.id)].sort());
  });

  it("uses unique ids and kebab-case names", () => {
    expect(new Set(RULES.map((r) => r.meta.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.meta.name)).size).toBe(RULES.length);
    for (const rule of RULES) expect(rule.meta.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("gives every security rule a GitHub severity and the security tag", () => {
    for (const rule of RULES) {
      const { securitySeverity, tags } = rule.meta;
      if (securitySeverity === undefined) continue;
      expect(securitySeverity).toBeGreaterThan(0);
      expect(securitySeverity).toBeLessThanOrEqual(10);
      expect(tags).toContain("security");
    }
  });
});

describe("rule documentation", () => {
  it.each(examples)("$id: the bad example is reported by the rule, the good one is not", ({ rule, example }) => {
    const levels = { [rule.meta.id]: "warning" as const };
    const context = Object.fromEntries((example.context ?? []).map((c) => [c.file, c.text]));
    const bad = scanText({ ...context, [example.file]: example.bad }, levels);
    expect(bad.diagnostics).toEqual([]);
    expect(bad.findings.filter((f) => f.ruleId === rule.meta.id).length).toBeGreaterThan(0);
    const good = scanText({ ...context, [example.file]: example.good }, levels);
    expect(good.diagnostics).toEqual([]);
    expect(good.findings.filter((f) => f.ruleId === rule.meta.id)).toEqual([]);
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))("%s has a runnable example for every format it applies to", (_, rule) => {
    expect(new Set(rule.meta.help.examples.map((e) => e.format))).toEqual(new Set(rule.meta.appliesTo));
  });

  it.each(RULES.map((r) => [r.meta.id, r] as const))("docs/rules/%s.md is generated from the rule's metadata", (id, rule) => {
    expect(readFileSync(join(PROJECT, "docs", "rules", ruleDocsFile(rule)), "utf8")).toBe(ruleMarkdown(rule));
  });

  it("docs/rules/README.md lists every rule", () => {
    expect(readFileSync(join(PROJECT, "docs", "rules", "README.md"), "utf8")).toBe(ruleIndexMarkdown(RULES));
  });
});
