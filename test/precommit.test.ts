/**
 * The pre-commit hook end to end, with the real pre-commit (Debian's package; .ci/run installs it):
 * a repository whose .pre-commit-config.yaml points at this one fails on a node role with
 * FullAccess, and passes once it is fixed. The hook runs the committed bundle: pre-commit installs
 * nothing, so npm is left unable to download anything and the test still passes.
 * And the hook's `files` pattern passes exactly the files pullguard reads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { candidate } from "../src/discover/sniff.js";
import { FIXTURES, PROJECT } from "./helpers.js";
import { offlineNpmEnv } from "./npm-offline.js";

const precommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT, encoding: "utf8" });

/** Why the test cannot run here, if it cannot. */
const unavailable = precommit.status !== 0 || head.status !== 0 ? "pre-commit is not installed or this is not a git checkout; .ci/run installs Debian's pre-commit" : undefined;
const title = unavailable ? `pre-commit hook (skipped: ${unavailable})` : `pre-commit hook (${precommit.stdout.trim()})`;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...offlineNpmEnv(), ...env } });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe.skipIf(unavailable !== undefined)(title, () => {
  it("fails on a node role with ECR FullAccess and passes once it is fixed", () => {
    const repo = mkdtempSync(join(tmpdir(), "pullguard-precommit-"));
    const git = (...args: string[]) => expect(run("git", args, repo).code).toBe(0);
    git("init", "-q");
    git("config", "user.email", "test@example.com");
    git("config", "user.name", "test");
    writeFileSync(join(repo, ".pre-commit-config.yaml"), `repos:\n  - repo: ${PROJECT}\n    rev: ${head.stdout.trim()}\n    hooks:\n      - id: pullguard\n`);
    const nodes = readFileSync(join(FIXTURES, "terraform", "tfvars-fullaccess", "main.tf"), "utf8").replace("AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryFullAccess");
    writeFileSync(join(repo, "nodes.tf"), nodes);
    git("add", "-A");
    git("commit", "-q", "-m", "nodes");

    const env = { PRE_COMMIT_HOME: join(repo, ".pre-commit-home") };
    const failing = run("pre-commit", ["run", "--all-files"], repo, env);
    expect(failing.code, failing.output).toBe(1);
    expect(failing.output).toContain("pullguard");
    expect(failing.output).toContain("Failed");
    expect(failing.output).toMatch(/nodes\.tf\n {2}15:16 {2}error {4}Node role aws_iam_role\.nodes has the AWS managed policy AmazonEC2ContainerRegistryFullAccess/);
    expect(failing.output).toContain("PG102/node-role-ecr-write-managed-policy");

    writeFileSync(join(repo, "nodes.tf"), nodes.replace("AmazonEC2ContainerRegistryFullAccess", "AmazonEC2ContainerRegistryPullOnly"));
    const passing = run("pre-commit", ["run", "--all-files"], repo, env);
    expect(passing.code, passing.output).toBe(0);
    expect(passing.output).toMatch(/pullguard\.+Passed/);
    // The clone of this repository is all pre-commit keeps: no Node environment, no node_modules.
    const store = readdirSync(join(repo, ".pre-commit-home"), { recursive: true }).map(String);
    expect(store.filter((path) => /(^|\/)(node_env-[^/]*|node_modules)$/.test(path))).toEqual([]);
  }, 300_000);
});

describe("the hook's files pattern", () => {
  const [hook] = parse(readFileSync(join(PROJECT, ".pre-commit-hooks.yaml"), "utf8")) as { files: string; language: string; entry: string }[];
  // pre-commit's pattern is a Python regular expression; (?i) at its start is JavaScript's i flag.
  const files = new RegExp((hook?.files ?? "").replace(/^\(\?i\)/, ""), hook?.files.startsWith("(?i)") ? "i" : "");

  it.each([
    "main.tf", "nodes.TF", "modules/eks/main.tofu", "terraform.tfvars", "prod.auto.tfvars", "main.tf.json", "prod.tfvars.json",
    "plan.json", "stack.template", "Nodes.Template", "eks.yaml", "k8s/deploy.yml", "cluster.YAML", "values.json",
    "README.md", "main.go", "Dockerfile", "template", "notes.txt", "tf", "nodes.yaml.bak", ".terraform.lock.hcl",
  ])("%s: passed to the hook exactly when pullguard reads it", (path) => {
    expect(files.test(path)).toBe(candidate(path));
  });

  it("runs the committed bundle with nothing to install", () => {
    expect(hook).toMatchObject({ language: "script", entry: "bin/pullguard.js" });
  });
});
