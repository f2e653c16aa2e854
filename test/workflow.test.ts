/** The day-to-day workflow from the command line: several reports at once, baselines, --fix, init. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CORPUS, FIXTURES, PROJECT } from "./helpers.js";

const BIN = join(PROJECT, "bin", "pullguard.js");

function cli(args: string[], cwd = PROJECT) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A copy of fixture folders in a temporary folder (so that --fix and baselines never touch the repository). */
function copyOf(...folders: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-workflow-"));
  for (const folder of folders) cpSync(join(FIXTURES, folder), join(dir, folder), { recursive: true, filter: (src) => !src.endsWith("expected.json") });
  return dir;
}

const findings = (json: string) => (JSON.parse(json) as { findings: { ruleId: string; location: { file: string; startLine: number } }[] }).findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`);

describe("reports", () => {
  it("writes several formats in one run, each --output to the --format before it", () => {
    const dir = copyOf("cloudformation/pg102-full-access-self-managed");
    const run = cli([dir, "--format", "sarif", "--output", "out.sarif", "--format", "json", "--output", "out.json", "--format", "text"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("PG102/node-role-ecr-write-managed-policy");
    expect((JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")) as { version: string }).version).toBe("2.1.0");
    expect(findings(readFileSync(join(dir, "out.json"), "utf8"))).toEqual(["PG102 cloudformation/pg102-full-access-self-managed/nodegroup.yaml:25"]);
    expect(cli([dir, "--format", "json", "--format", "text"], dir)).toMatchObject({ code: 2, stderr: "pullguard: only one --format can go to standard output; give the others --output FILE\n" });
  });

  it("prints GitHub workflow commands and a pull-request comment", () => {
    const dir = copyOf("cloudformation/pg102-full-access-self-managed");
    const github = cli([".", "--format", "github"], dir);
    expect(github.stdout.split("\n")[0]).toMatch(/^::error file=cloudformation\/pg102-full-access-self-managed\/nodegroup\.yaml,line=25,col=16,endLine=25,endColumn=92,title=PG102\/node-role-ecr-write-managed-policy::Node role NodeInstanceRole/);
    const markdown = cli([".", "--format", "markdown"], dir);
    expect(markdown.stdout).toContain("### pullguard: 1 finding (1 error)");
  });
});

describe("baseline", () => {
  it.skipIf(!existsSync(CORPUS))("reports nothing new on the corpus it was written on", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-baseline-"));
    const file = join(dir, "baseline.json");
    const written = cli([CORPUS, "--write-baseline", file, "--format", "json"]);
    const total = findings(written.stdout).length;
    expect(total).toBeGreaterThan(20);
    const again = cli([CORPUS, "--baseline", file, "--format", "json"]);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as { findings: unknown[]; summary: { baseline: { matched: number; gone: number } } };
    expect(report.findings).toEqual([]);
    expect(report.summary.baseline).toEqual({ file, matched: total, gone: 0 });
  });

  it("reports exactly the new finding after a change, and counts fixed ones as gone", () => {
    const dir = copyOf("terraform/tfvars-fullaccess", "terraform/jsonencode-put-wildcard");
    expect(cli([".", "--write-baseline", "base.json"], dir).code).toBe(1);
    const tfvars = join(dir, "terraform/tfvars-fullaccess/terraform.tfvars");
    // The accepted FullAccess becomes PowerUser (a new finding), and the PutImage policy loses a line (reformatting only).
    writeFileSync(tfvars, readFileSync(tfvars, "utf8").replace("FullAccess", "PowerUser"));
    const main = join(dir, "terraform/jsonencode-put-wildcard/main.tf");
    writeFileSync(main, `# moved down a line\n${readFileSync(main, "utf8")}`);
    const run = cli([".", "--baseline", "base.json", "--format", "json"], dir);
    expect(findings(run.stdout)).toEqual(["PG102 terraform/tfvars-fullaccess/terraform.tfvars:1"]);
    expect((JSON.parse(run.stdout) as { summary: { baseline: unknown } }).summary.baseline).toEqual({ file: "base.json", matched: 1, gone: 1 });
    expect(cli([".", "--baseline", "base.json"], dir).stdout).toContain("1 new finding");
    expect(cli([".", "--baseline", "missing.json"], dir)).toMatchObject({ code: 2, stderr: `pullguard: --baseline ${join(dir, "missing.json")}: no such file (write one with --write-baseline)\n` });
  });
});

describe("--fix", () => {
  const FIXABLE = ["cloudformation/pg102-full-access-self-managed", "terraform/for-each-poweruser", "terraform/pg301-launch-template", "eksctl/imagebuilder-managed"];

  it.each(FIXABLE)("%s: fixes the files, then the scan no longer reports the fixed rule", (folder) => {
    const dir = copyOf(folder);
    const before = JSON.parse(cli([".", "--format", "json"], dir).stdout) as { findings: { ruleId: string; fix: unknown }[] };
    const fixedRules = new Set(before.findings.filter((f) => f.fix).map((f) => f.ruleId));
    expect(fixedRules.size).toBeGreaterThan(0);
    const dry = cli([".", "--fix", "--dry-run"], dir);
    expect(dry.stdout).toMatch(/^--- a\//);
    const after = cli([".", "--fix", "--format", "json"], dir);
    expect(after.stderr).toMatch(/pullguard: fixed \d+ finding\(s\) in 1 file\(s\)/);
    const remaining = (JSON.parse(after.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    for (const rule of fixedRules) expect(remaining).not.toContain(rule);
    rmSync(dir, { recursive: true });
  });

  it("--dry-run writes nothing", () => {
    const dir = copyOf("terraform/for-each-poweruser");
    const file = join(dir, "terraform/for-each-poweruser/main.tf");
    const text = readFileSync(file, "utf8");
    cli([".", "--fix", "--dry-run"], dir);
    expect(readFileSync(file, "utf8")).toBe(text);
    expect(cli([".", "--dry-run"], dir)).toMatchObject({ code: 2, stderr: "pullguard: --dry-run works with --fix: pullguard --fix --dry-run PATH\n" });
  });

  it("says why a finding's fix does not apply, and what to do instead, and changes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-workflow-"));
    const attach = (name: string, policy: string) => `resource "aws_iam_role_policy_attachment" "${name}" {\n  role       = aws_iam_role.nodes.name\n  policy_arn = "arn:aws:iam::aws:policy/${policy}"\n}\n`;
    const main = [
      'resource "aws_iam_role" "nodes" {\n  name = "nodes"\n}\n',
      'resource "aws_eks_node_group" "main" {\n  cluster_name  = "prod"\n  node_role_arn = aws_iam_role.nodes.arn\n}\n',
      attach("pull", "AmazonEC2ContainerRegistryPullOnly"),
      attach("push", "AmazonEC2ContainerRegistryPowerUser"),
      attach("builder", "EC2InstanceProfileForImageBuilderECRContainerBuilds"),
    ].join("\n");
    writeFileSync(join(dir, "main.tf"), main);
    const run = cli([".", "--fix", "--format", "json"], dir);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("pullguard: not fixed"))).toEqual([
      "pullguard: not fixed main.tf:17 PG102: AmazonEC2ContainerRegistryPullOnly is already attached: remove AmazonEC2ContainerRegistryPowerUser",
      "pullguard: not fixed main.tf:22 PG102: EC2InstanceProfileForImageBuilderECRContainerBuilds is not an ECR policy, and PullOnly would not replace what else it grants: remove its ECR write by hand",
    ]);
    expect(readFileSync(join(dir, "main.tf"), "utf8")).toBe(main);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; fix: unknown; fixSkipped?: string }[] };
    const powerUser = report.findings.find((f) => f.message.includes("AmazonEC2ContainerRegistryPowerUser"));
    expect(powerUser).toMatchObject({ ruleId: "PG102", fix: null, fixSkipped: "AmazonEC2ContainerRegistryPullOnly is already attached: remove AmazonEC2ContainerRegistryPowerUser" });
    // What PowerUser allows: pushing (which overwrites a mutable tag), not deleting.
    expect(powerUser?.message).toContain("(ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart and ecr:CompleteLayerUpload): any node, or pod on it, can push images and overwrite their tags (not delete them).");
  });
});

describe("fingerprints", () => {
  it("each ignore finding (PG902, PG903) has its own, in the same file and across files, and keeps it when lines move", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-workflow-"));
    const broken = "# pullguard-ignore PG102\n# pullguard-ignore PG102\nlocals {\n  a = 1\n}\n# pullguard-ignore PG999 reason: gone\n";
    writeFileSync(join(dir, "a.tf"), broken);
    writeFileSync(join(dir, "b.tf"), broken);
    const prints = () =>
      (JSON.parse(cli([".", "--format", "json"], dir).stdout) as { findings: { ruleId: string; fingerprint: string; location: { file: string } }[] }).findings.map((f) => `${f.ruleId} ${f.location.file} ${f.fingerprint}`);
    const before = prints();
    expect(before.map((p) => p.split(" ").slice(0, 2).join(" "))).toEqual(["PG903 a.tf", "PG903 a.tf", "PG903 a.tf", "PG903 b.tf", "PG903 b.tf", "PG903 b.tf"]);
    expect(new Set(before.map((p) => p.split(" ")[2])).size).toBe(6);
    writeFileSync(join(dir, "a.tf"), `\n\n${broken}`);
    expect(prints()).toEqual(before);
  });
});

describe("init", () => {
  it("writes a configuration, a pre-commit entry and a workflow, and keeps files that exist", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-init-"));
    writeFileSync(join(dir, ".pre-commit-config.yaml"), "repos: []\n");
    const run = cli(["init"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("kept .pre-commit-config.yaml: it exists already");
    expect(readFileSync(join(dir, ".pre-commit-config.yaml"), "utf8")).toBe("repos: []\n");
    expect(parse(readFileSync(join(dir, ".github/workflows/pullguard.yml"), "utf8"))).toHaveProperty("jobs");
    // The configuration it writes is one the scan accepts.
    expect(cli([".", "--quiet"], dir).code).toBe(0);
  });
});
