import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type * as Sarif from "sarif";
import { beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../rules/index.js";
import { formatSarif } from "../src/report/sarif.js";
import { readCloudTrail, type CloudTrailUsage } from "../src/cloudtrail/usage.js";
import { scan } from "../src/scan.js";
import { FIXTURES } from "./helpers.js";

const require = createRequire(import.meta.url);
/** Microsoft's validator ships per platform; its folder also holds the SARIF 2.1.0 JSON schema. */
function multitool(): string | undefined {
  try {
    const binary = require("@microsoft/sarif-multitool") as string;
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}
const binary = multitool();

let sarifText: string;
let log: Sarif.Log;

let cloudtrail: CloudTrailUsage;
const scanFixtures = () => scan({ paths: [FIXTURES], cwd: FIXTURES, exclude: ["expected.json"], rules: { PG105: "warning" }, cloudtrail });

beforeAll(async () => {
  // Every fixture, the broken ones included, in one scan; with CloudTrail logs, so that the evidence in results' properties is validated too.
  cloudtrail = await readCloudTrail(join(FIXTURES, "cloudtrail", "estate", "logs"));
  sarifText = formatSarif(scanFixtures(), RULES);
  log = JSON.parse(sarifText) as Sarif.Log;
});

describe("SARIF output", () => {
  it("has results from the fixtures to validate", () => {
    expect(log.runs[0]?.results?.length).toBeGreaterThan(15);
    expect(log.runs[0]?.results?.filter((r) => r.properties?.cloudtrail).length).toBeGreaterThan(5);
  });

  it.skipIf(!binary)("passes the SARIF 2.1.0 JSON schema (ajv, draft 2020-12)", () => {
    const schema = JSON.parse(readFileSync(join(dirname(binary as string), "sarif-2.1.0.json"), "utf8")) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.skipIf(!binary)("passes sarif-multitool validate --rule-kind Sarif;Ghas with no errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-sarif-"));
    const input = join(dir, "pullguard.sarif");
    const output = join(dir, "validation.sarif");
    writeFileSync(input, sarifText);
    const run = spawnSync(binary as string, ["validate", input, "--rule-kind", "Sarif;Ghas", "--output", output, "--log", "ForceOverwrite"], { encoding: "utf8" });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const validation = JSON.parse(readFileSync(output, "utf8")) as Sarif.Log;
    const errors = (validation.runs[0]?.results ?? []).filter((r) => (r.level ?? "warning") === "error");
    expect(errors.map((e) => `${e.ruleId}: ${e.message.text ?? ""}`)).toEqual([]);
  });

  it("is what GitHub code scanning needs: one run, described rules, repo-relative locations", () => {
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0] as Sarif.Run;
    expect(run.tool.driver.name).toBe("pullguard");
    expect(run.tool.driver.semanticVersion).toMatch(/^\d+\.\d+\.\d+/);
    for (const rule of run.tool.driver.rules ?? []) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text.length).toBeLessThanOrEqual(1024);
      expect(rule.help?.text).toBeTruthy();
      expect(rule.help?.markdown).toContain("## How to fix");
      expect(rule.properties?.tags?.length).toBeLessThanOrEqual(20);
      const severity = rule.properties?.["security-severity"] as string | undefined;
      if (severity !== undefined) {
        expect(severity).toMatch(/^\d+\.\d$/);
        expect(rule.properties?.tags).toContain("security");
      }
    }
    for (const result of run.results ?? []) {
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "";
      expect(uri).not.toMatch(/^[a-z]+:|^\/|^\.\.\//);
      expect(result.locations?.[0]?.physicalLocation?.region?.startLine).toBeGreaterThan(0);
      expect(result.partialFingerprints?.["pullguard/v1"]).toMatch(/^[0-9a-f]{32}$/);
      expect(result.ruleIndex).toBe(run.tool.driver.rules?.findIndex((r) => r.id === result.ruleId));
      expect(result).not.toHaveProperty("suppressions");
    }
    expect(run.invocations?.[0]?.executionSuccessful).toBe(false);
    const notes = run.invocations?.[0]?.toolExecutionNotifications ?? [];
    const uri = (n: Sarif.Notification) => n.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    // Files that could not be analysed are errors; what was read with a warning (a duplicate key, a document left unread) is a warning.
    expect(notes.filter((n) => n.level === "error").map(uri)).toEqual([
      "fixtures/cloudformation/bad-input/broken.yaml",
      "fixtures/cloudformation/bad-input/trailing-comma.json",
      "fixtures/kubernetes/yaml-broken-deployment/deploy.yaml",
      "fixtures/kubernetes/yaml-duplicate-key/job.yaml",
      "fixtures/terraform/bad-input/broken.tf",
      "fixtures/terraform/bad-input/broken.tf.json",
    ]);
    expect(notes.filter((n) => n.level === "warning").map(uri)).toEqual([
      "fixtures/cloudformation/yaml-duplicate-key/nodes.yaml",
      "fixtures/cloudformation/yaml-duplicate-key/nodes.yaml",
      "fixtures/cloudformation/yaml-duplicate-key/stack.json",
      "fixtures/kubernetes/yaml-helm-document/build.yaml",
    ]);
  });

  it("offers the PullOnly swap as a SARIF fix on the exact ARN text", () => {
    const run = log.runs[0] as Sarif.Run;
    const result = (run.results ?? []).find(
      (r) => r.ruleId === "PG102" && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === "fixtures/cloudformation/pg102-full-access-self-managed/nodegroup.yaml",
    );
    const replacement = result?.fixes?.[0]?.artifactChanges[0]?.replacements[0];
    expect(replacement).toEqual({
      deletedRegion: { startLine: 25, startColumn: 55, endLine: 25, endColumn: 91 },
      insertedContent: { text: "AmazonEC2ContainerRegistryPullOnly" },
    });
  });

  it("is byte-identical for the same input", () => {
    const again = formatSarif(scanFixtures(), RULES);
    expect(again).toBe(sarifText);
  });
});
