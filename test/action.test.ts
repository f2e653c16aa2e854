/**
 * The GitHub Action (action.yml): a JavaScript action on the committed bundle, run here as the runner runs it
 * (`node dist/action.js` in the workspace, inputs as INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { initFiles } from "../src/cli/init.js";
import { FIXTURES, PROJECT } from "./helpers.js";

interface Action {
  inputs: Record<string, { description: string; default: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(PROJECT, "action.yml"), "utf8")) as Action;

/** A workspace holding a node group with FullAccess (one PG102 error) and a clean one. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-action-"));
  cpSync(join(FIXTURES, "cloudformation", "pg102-full-access-self-managed", "nodegroup.yaml"), join(dir, "infra", "nodes.yaml"), { recursive: true });
  mkdirSync(join(dir, "clean"));
  cpSync(join(FIXTURES, "cloudformation", "pg102-good"), join(dir, "clean"), { recursive: true, filter: (src) => !src.endsWith("expected.json") });
  return dir;
}

/** Runs the action with these inputs (by name, as in a workflow's `with:`); the rest take their defaults, as the runner does. */
function runAction(dir: string, inputs: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_OUTPUT: join(dir, ".output"), GITHUB_STEP_SUMMARY: join(dir, ".summary") };
  for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default;
  writeFileSync(join(dir, ".output"), "");
  const run = spawnSync(process.execPath, [join(PROJECT, action.runs.main)], { cwd: dir, encoding: "utf8", env });
  const outputs: Record<string, string> = {};
  // name<<DELIMITER / value / DELIMITER, as @actions/core writes them.
  for (const m of readFileSync(join(dir, ".output"), "utf8").matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1] ?? ""] = m[3] ?? "";
  const summary = existsSync(join(dir, ".summary")) ? readFileSync(join(dir, ".summary"), "utf8") : "";
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, outputs, summary };
}

describe("GitHub Action", () => {
  it("is a JavaScript action on the committed bundle, with the inputs and outputs the README documents", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/action.js" });
    expect(Object.keys(action.inputs)).toEqual(["paths", "args", "format", "fail-on", "sarif-file"]);
    expect(Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]))).toEqual({ paths: ".", args: "", format: "sarif", "fail-on": "error", "sarif-file": "pullguard.sarif" });
    expect(Object.keys(action.outputs)).toEqual(["sarif-file", "exit-code"]);
  });

  it("by default writes SARIF for code scanning (no annotations), the text report to the log, Markdown to the job summary, and fails on the error", () => {
    const dir = workspace();
    const run = runAction(dir, {});
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/^::(error|warning|notice) file=/m);
    expect(run.stdout).toContain("infra/nodes.yaml\n  25:16  error    Node role NodeInstanceRole has the AWS managed policy AmazonEC2ContainerRegistryFullAccess");
    expect(run.stdout).toContain("::error::pullguard: findings at or above error");
    expect(run.outputs).toEqual({ "sarif-file": "pullguard.sarif", "exit-code": "1" });
    const log = JSON.parse(readFileSync(join(dir, "pullguard.sarif"), "utf8")) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(log.runs[0]?.results.map((r) => `${r.ruleId} ${r.locations[0]?.physicalLocation.artifactLocation.uri}`)).toEqual(["PG102 infra/nodes.yaml"]);
    expect(run.summary).toContain("### pullguard: 1 finding (1 error)");
  });

  it("with format github annotates instead, and writes no SARIF", () => {
    const dir = workspace();
    const run = runAction(dir, { format: "github", paths: "infra\n\nclean\n" });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toMatch(/^::error file=infra\/nodes\.yaml,line=25,col=16,endLine=25,endColumn=92,title=PG102\/node-role-ecr-write-managed-policy::Node role NodeInstanceRole/);
    expect(existsSync(join(dir, "pullguard.sarif"))).toBe(false);
    expect(run.outputs).toEqual({ "exit-code": "1" });
  });

  it("scans every path of the list, one per line (spaces and a folder named like a command included), and passes args through", () => {
    const dir = workspace();
    cpSync(join(dir, "infra"), join(dir, "eks clusters"), { recursive: true });
    cpSync(join(dir, "infra"), join(dir, "rules"), { recursive: true });
    writeFileSync(join(dir, "strict.yml"), "rules:\n  PG102: warning\n");
    const run = runAction(dir, { paths: "eks clusters\nrules", args: '--config strict.yml --rule "PG105=off"', "fail-on": "warning", format: "github" });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n").filter((l) => l.startsWith("::warning")).map((l) => /file=([^,]+)/.exec(l)?.[1]).sort()).toEqual(["eks clusters/nodes.yaml", "rules/nodes.yaml"]);
  });

  it("passes on a clean repository, and writes the SARIF (empty) for the upload", () => {
    const dir = workspace();
    const run = runAction(dir, { paths: "clean", "sarif-file": "reports/pullguard.sarif" });
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ "sarif-file": "reports/pullguard.sarif", "exit-code": "0" });
    expect((JSON.parse(readFileSync(join(dir, "reports", "pullguard.sarif"), "utf8")) as { runs: { results: unknown[] }[] }).runs[0]?.results).toEqual([]);
  });

  it.each([
    [{ format: "html" }, "::error::format: html: expected one of sarif, github, text, json, markdown"],
    [{ args: "--format json" }, "::error::args: --format is set by the inputs format, sarif-file and fail-on; remove it from args"],
    [{ args: "--output=x.json" }, "::error::args: --output=x.json is set by the inputs format, sarif-file and fail-on; remove it from args"],
    [{ "fail-on": "critical" }, "::error::pullguard: --fail-on critical: expected one of error, warning, note, none. Run 'pullguard --help' for the options."],
    [{ paths: "missing" }, "::error::pullguard: no such file or folder: missing"],
  ])("fails the step on invalid inputs %j with one error annotation, and sets no sarif-file", (inputs, annotation) => {
    const dir = workspace();
    const run = runAction(dir, inputs);
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split("\n").filter((l) => l.startsWith("::error"))).toEqual([annotation]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.outputs["sarif-file"]).toBeUndefined();
  });

  it("init's workflow is the one the README shows, and it uses the action with the permissions upload-sarif needs", () => {
    const workflow = initFiles({ cwd: mkdtempSync(join(tmpdir(), "pullguard-init-")) }).find((f) => f.path.endsWith("workflows/pullguard.yml"))?.text ?? "";
    expect(workflow).toContain("      security-events: write\n");
    expect(workflow).toContain("      actions: read\n");
    expect(workflow).toContain("      contents: read\n");
    const readme = readFileSync(join(PROJECT, "README.md"), "utf8");
    expect(readme).toContain(`\`\`\`yaml\n${workflow}\`\`\``);
  });
});
