/**
 * A file named on the command line (what pre-commit passes) is analysed with its whole repository as context:
 * the git work tree that holds it, or else the folder of the nearest .pullguard.yml, or else its own folder.
 * Only findings in the named files are reported.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/finding.js";
import { scan } from "../src/scan.js";
import { configOf, FIXTURE_TODAY, FIXTURES, fixtureRepositories, nodeRoleModule, PROJECT, ROOT_MODULE } from "./helpers.js";

interface Report {
  findings: { ruleId: string; location: { file: string; startLine: number }; related: { message: string; location: { file: string; startLine: number } }[]; fix: unknown }[];
}

function cli(args: string[], cwd: string): { code: number | null; report: Report; stderr: string } {
  const run = spawnSync(process.execPath, [join(PROJECT, "bin", "pullguard.js"), ...args, "--format", "json"], { cwd, encoding: "utf8" });
  return { code: run.status, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

const found = (report: Report) => report.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`);

/** A repository: `marker` is what makes it one (a git work tree, or a .pullguard.yml). */
function repository(files: Record<string, string>, marker: "git" | "config" | "none"): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-context-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  if (marker === "git") expect(spawnSync("git", ["init", "-q"], { cwd: dir }).status).toBe(0);
  if (marker === "config") writeFileSync(join(dir, ".pullguard.yml"), "rules: {}\n");
  return dir;
}

const NODE_ROLE_MODULE = nodeRoleModule("AmazonEC2ContainerRegistryFullAccess");

describe("a named file has its repository as context", () => {
  it.each(["git", "config"] as const)("a module's file named alone is reported through its caller (a repository marked by %s)", (marker) => {
    const dir = repository({ "main.tf": ROOT_MODULE, "modules/noderole/main.tf": NODE_ROLE_MODULE }, marker);
    const alone = cli(["modules/noderole/main.tf"], dir);
    expect(alone.code).toBe(1);
    expect(found(alone.report)).toEqual(["PG102 modules/noderole/main.tf:11"]);
    const [finding] = alone.report.findings;
    // Where the value is written, with the call that makes the role a node role's.
    expect(finding?.related.map((r) => `${r.message} @${r.location.file}:${r.location.startLine}`)).toEqual([
      "module.noderole is called here @main.tf:1",
      "AmazonEC2ContainerRegistryFullAccess attached through module.noderole.aws_iam_role_policy_attachment.ecr @main.tf:1",
      "node group aws_eks_node_group.main (it is an EKS managed node group) @main.tf:6",
    ]);
    expect(finding?.fix).toMatchObject({ description: "Replace AmazonEC2ContainerRegistryFullAccess with AmazonEC2ContainerRegistryPullOnly" });
    // The whole repository, or the caller named: the caller's element that decides it, as ever.
    expect(found(cli(["."], dir).report)).toEqual(["PG102 main.tf:1"]);
    expect(found(cli(["main.tf"], dir).report)).toEqual(["PG102 main.tf:1"]);
    expect(found(cli(["main.tf", "modules/noderole/main.tf"], dir).report)).toEqual(["PG102 main.tf:1"]);
  });

  it("outside a repository, a named file has only its own folder as context", () => {
    const dir = repository({ "main.tf": ROOT_MODULE, "modules/noderole/main.tf": NODE_ROLE_MODULE }, "none");
    expect(cli(["modules/noderole/main.tf"], dir)).toMatchObject({ code: 0, report: { findings: [] } });
  });

  it("a manifest named alone sees the Pod Identity association in another folder; without it, the push workload is reported", () => {
    const files = (withIdentity: boolean) => ({
      "k8s/job.yaml": readFixture("job.yaml"),
      ...(withIdentity ? { "infra/identity.tf": readFixture("identity.tf") } : {}),
      "infra/other.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
    });
    const covered = repository(files(true), "git");
    expect(cli(["k8s/job.yaml"], covered)).toMatchObject({ code: 0, report: { findings: [] } });
    const bare = repository(files(false), "git");
    const run = cli(["k8s/job.yaml"], bare);
    expect(run.code).toBe(1);
    expect(found(run.report)).toEqual(["PG201 k8s/job.yaml:13"]);
  });

  it("several named files share one context, and files the repository ignores are not part of it", () => {
    const dir = repository(
      {
        "main.tf": ROOT_MODULE,
        "modules/noderole/main.tf": NODE_ROLE_MODULE,
        "k8s/job.yaml": readFixture("job.yaml"),
        // An ignored copy of the association must not give the Job an identity.
        ".gitignore": "scratch/\n",
        "scratch/identity.tf": readFixture("identity.tf"),
      },
      "git",
    );
    const run = cli(["modules/noderole/main.tf", "k8s/job.yaml"], dir);
    expect(found(run.report)).toEqual(["PG201 k8s/job.yaml:13", "PG102 modules/noderole/main.tf:11"]);
    rmSync(join(dir, ".gitignore"));
    expect(found(cli(["modules/noderole/main.tf", "k8s/job.yaml"], dir).report)).toEqual(["PG102 modules/noderole/main.tf:11"]);
  });
});

function readFixture(name: string): string {
  return readFileSync(join(FIXTURES, "cross", "kaniko-terraform-pod-identity", name), "utf8");
}

describe("the part of the repository a named file reaches", () => {
  /** Every fixture folder as a repository of its own (a .git folder marks it), in one temporary folder. */
  const repos = fixtureRepositories();

  it.each(repos)("%s: each file named alone gets the findings a scan of the whole repository has in it", (_name, dir) => {
    const whole = scan({ paths: [dir], cwd: dir, exclude: ["expected.json"], today: FIXTURE_TODAY, ...configOf(dir) });
    // Every file the scan saw, analysed or not: a broken file named alone is as broken as in the whole scan.
    const named = whole.files.map((f) => f.path);
    expect(named.length).toBeGreaterThan(0);
    for (const path of named) {
      const alone = scan({ paths: [join(dir, path)], cwd: dir, exclude: ["expected.json"], today: FIXTURE_TODAY, ...configOf(dir) });
      // A value of a module whose call is not named is reported in the module's file instead (see the first test).
      const relocated = (f: Finding) => f.related.some((r) => r.message.endsWith(" is called here"));
      const inFile = (f: Finding) => f.location.file === path;
      const expected = [...whole.findings, ...whole.suppressed].filter(inFile).map(show);
      expect([...alone.findings, ...alone.suppressed].filter((f) => inFile(f) && !relocated(f)).map(show), path).toEqual(expected);
      expect(alone.diagnostics, path).toEqual(whole.diagnostics.filter((d) => d.file === path));
    }
  });
});

function show(f: Finding): string {
  return `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn} ${f.fingerprint} ${f.message}`;
}
