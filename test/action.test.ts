/** The GitHub Action (action.yml): its inputs, and its scan step run as the runner would run it. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { PROJECT } from "./helpers.js";

interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { run: string; env?: Record<string, string> }[] };
}

const action = parse(readFileSync(join(PROJECT, "action.yml"), "utf8")) as Action;

describe("GitHub Action", () => {
  it("is a composite action whose inputs reach the script only through the environment", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(["paths", "fail-on", "config", "sarif-file"]);
    expect(action.inputs["sarif-file"]?.default).toBe("pullguard.sarif");
    for (const step of action.runs.steps) expect(step.run).not.toContain("${{");
    expect(action.runs.steps[1]?.env).toEqual({
      PULLGUARD_PATHS: "${{ inputs.paths }}",
      PULLGUARD_FAIL_ON: "${{ inputs.fail-on }}",
      PULLGUARD_CONFIG: "${{ inputs.config }}",
      PULLGUARD_SARIF: "${{ inputs.sarif-file }}",
    });
  });

  it("writes SARIF for upload-sarif, annotates the findings, sets the output and fails on errors", () => {
    const out = mkdtempSync(join(tmpdir(), "pullguard-action-"));
    const sarif = join(out, "pullguard.sarif");
    const githubOutput = join(out, "github-output");
    const run = spawnSync("bash", [join(PROJECT, "scripts", "action.sh")], {
      cwd: PROJECT,
      encoding: "utf8",
      env: {
        ...process.env,
        GITHUB_ACTION_PATH: PROJECT,
        GITHUB_OUTPUT: githubOutput,
        PULLGUARD_PATHS: "fixtures/cloudformation/pg102-full-access-self-managed fixtures/terraform/good-node-groups",
        PULLGUARD_FAIL_ON: "error",
        PULLGUARD_CONFIG: "",
        PULLGUARD_SARIF: sarif,
      },
    });
    expect(run.status).toBe(1);
    expect(run.stdout.split("\n")[0]).toMatch(/^::error file=fixtures\/cloudformation\/pg102-full-access-self-managed\/nodegroup\.yaml,line=25,/);
    const log = JSON.parse(readFileSync(sarif, "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]?.results.map((r) => r.ruleId)).toEqual(["PG102"]);
    expect(readFileSync(githubOutput, "utf8")).toBe(`sarif-file=${sarif}\n`);
  });
});
