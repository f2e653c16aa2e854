import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import type { LevelSetting } from "../src/model/finding.js";
import type { Format } from "../src/model/source.js";
import { FIXTURES, scanFolder, type Located } from "./helpers.js";

interface Expected {
  rules?: Record<string, LevelSetting>;
  findings: Located[];
  /** Findings an ignore applies to (every fixture without this key suppresses nothing). */
  suppressed?: Located[];
  diagnostics?: { file: string; line: number; column: number }[];
  skipped?: string[];
}

/** A folder of fixtures per format, and `cross` for cases that span formats. */
const FOLDERS: (Format | "cross")[] = ["cloudformation", "terraform", "eksctl", "kubernetes", "cross"];

describe.each(FOLDERS)("%s fixtures", (format) => {
  const root = join(FIXTURES, format);
  const folders = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const cases = folders.filter((name) => existsSync(join(root, name, "expected.json")));
  const expectedOf = (name: string) => JSON.parse(readFileSync(join(root, name, "expected.json"), "utf8")) as Expected;

  it("has an expected.json in every fixture folder", () => {
    expect(cases).toEqual(folders);
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases)("%s: findings at the expected rule, file, line and column", (name) => {
    const expected = expectedOf(name);
    const dir = join(root, name);
    const { result, findings, suppressed } = scanFolder(dir, expected.rules);
    expect(findings).toEqual(expected.findings);
    expect(suppressed).toEqual(expected.suppressed ?? []);
    const diagnostics = result.diagnostics.map((d) => ({ file: relative(dir, join(result.root, d.file)), line: d.line, column: d.column }));
    expect(diagnostics).toEqual(expected.diagnostics ?? []);
    const skipped = result.files.filter((f) => f.status === "skipped").map((f) => relative(dir, join(result.root, f.path)));
    expect(skipped).toEqual(expected.skipped ?? []);
  });

  if (format === "cross") return;
  it(`has a fixture that reports each rule applying to ${format}, and fixtures that stay clean`, () => {
    const reported = new Set(cases.flatMap((name) => expectedOf(name).findings.map((f) => f.rule)));
    for (const rule of RULES.filter((r) => r.meta.appliesTo.includes(format))) {
      expect(reported, `${rule.meta.id} has no bad ${format} fixture`).toContain(rule.meta.id);
    }
    expect(cases.filter((name) => expectedOf(name).findings.length === 0).length).toBeGreaterThanOrEqual(2);
  });
});
