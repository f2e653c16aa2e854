/**
 * docs/report.schema.json describes `--format json` exactly: the CLI's JSON for every fixture (with CloudTrail
 * logs, suppressed findings, failed and skipped files), with a baseline, and for an empty folder validates
 * against it, and a field the schema does not know fails validation.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { FIXTURES, PROJECT } from "./helpers.js";

const schema = JSON.parse(readFileSync(join(PROJECT, "docs", "report.schema.json"), "utf8")) as object;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function json(args: string[], cwd = PROJECT): unknown {
  const run = spawnSync(process.execPath, [join(PROJECT, "bin", "pullguard.js"), ...args, "--format", "json"], { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
  expect(run.status === 1 || run.status === 0 || run.status === 3, run.stderr).toBe(true);
  return JSON.parse(run.stdout);
}

const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""} ${JSON.stringify(e.params)}`);

describe("the JSON report's schema (docs/report.schema.json)", () => {
  const everything = json(["fixtures", "--exclude", "expected.json", "--rule", "PG105=warning", "--cloudtrail", "fixtures/cloudtrail/estate/logs"]) as Record<string, unknown[]>;

  it("holds for every fixture, with CloudTrail evidence, suppressed findings and files that failed", () => {
    expect(everything.findings?.length).toBeGreaterThan(100);
    expect(everything.suppressed?.length).toBeGreaterThan(0);
    expect(everything.diagnostics?.length).toBeGreaterThan(0);
    expect(validate(everything), errors().join("\n")).toBe(true);
  });

  it("holds with a baseline and for a folder with nothing to scan", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-schema-"));
    json([join(FIXTURES, "terraform", "tfvars-fullaccess"), "--write-baseline", join(dir, "base.json")]);
    expect(validate(json([join(FIXTURES, "terraform", "tfvars-fullaccess"), "--baseline", join(dir, "base.json")])), errors().join("\n")).toBe(true);
    expect(validate(json([dir])), errors().join("\n")).toBe(true);
  });

  it("rejects what it does not describe", () => {
    const [first] = everything.findings as Record<string, unknown>[];
    expect(validate({ ...everything, findings: [{ ...first, severity: "high" }] })).toBe(false);
    expect(errors()).toContain('/findings/0 must NOT have unevaluated properties {"unevaluatedProperty":"severity"}');
    expect(validate({ ...everything, schemaVersion: 2 })).toBe(false);
  });
});
