import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import type { LevelSetting } from "../src/model/finding.js";
import { FIXTURES, scanFolder, type Located } from "./helpers.js";

interface Expected {
  rules?: Record<string, LevelSetting>;
  findings: Located[];
  diagnostics?: { file: string; line: number; column: number }[];
  skipped?: string[];
}

const root = join(FIXTURES, "cloudformation");
const cases = readdirSync(root).filter((name) => existsSync(join(root, name, "expected.json"))).sort();
const expectedOf = (name: string) => JSON.parse(readFileSync(join(root, name, "expected.json"), "utf8")) as Expected;

describe("CloudFormation fixtures", () => {
  it("every fixture folder has an expected.json", () => {
    const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(cases).toEqual(folders);
    expect(cases.length).toBeGreaterThan(10);
  });

  it.each(cases)("%s: findings at the expected rule, file, line and column", (name) => {
    const expected = expectedOf(name);
    const dir = join(root, name);
    const { result, findings } = scanFolder(dir, expected.rules);
    expect(findings).toEqual(expected.findings);
    const diagnostics = result.diagnostics.map((d) => ({ file: relative(dir, join(result.root, d.file)), line: d.line, column: d.column }));
    expect(diagnostics).toEqual(expected.diagnostics ?? []);
    const skipped = result.files.filter((f) => f.status === "skipped").map((f) => relative(dir, join(result.root, f.path)));
    expect(skipped).toEqual(expected.skipped ?? []);
  });

  it("every CloudFormation rule has a fixture that reports it and one that stays clean", () => {
    const reported = new Set(cases.flatMap((name) => expectedOf(name).findings.map((f) => f.rule)));
    const clean = cases.filter((name) => expectedOf(name).findings.length === 0);
    for (const rule of RULES.filter((r) => r.meta.appliesTo.includes("cloudformation"))) {
      expect(reported, `${rule.meta.id} has no bad fixture`).toContain(rule.meta.id);
    }
    expect(clean.length).toBeGreaterThan(5);
  });
});
