/**
 * The cache keeps what each file and each Terraform root module gave between runs. Whatever it holds, a report is
 * byte for byte the report of a run without it: cold, warm, after a change, and after its files are damaged.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatJson } from "../src/report/json.js";
import { scan, type ScanOptions } from "../src/scan.js";
import { configOf, FIXTURE_TODAY, fixtureRepositories, nodeRoleModule, PROJECT, ROOT_MODULE } from "./helpers.js";

function report(dir: string, path: string, cache?: string, extra: Partial<ScanOptions> = {}): string {
  const options: ScanOptions = { paths: [join(dir, path)], cwd: dir, exclude: ["expected.json"], today: FIXTURE_TODAY, ...configOf(dir), ...extra };
  return formatJson(scan(cache ? { ...options, cache: { location: cache } } : options));
}

/** A repository whose files were written an hour ago, so that the cache trusts their size and time (files changed since are read again). */
function repository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-cache-"));
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const [path, text] of Object.entries(files)) {
    write(dir, path, text);
    utimesSync(join(dir, path), hourAgo, hourAgo);
  }
  mkdirSync(join(dir, ".git"));
  return dir;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Every file of the cache below `location` but its .gitignore. */
function cacheFiles(location: string): string[] {
  return readdirSync(location, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== ".gitignore")
    .map((e) => join(e.parentPath, e.name));
}

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: build
spec:
  template:
    spec:
      containers:
        - name: kaniko
          image: gcr.io/kaniko-project/executor:v1.23.0
          args: ["--destination=123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1"]
      restartPolicy: Never
`;

const rulesOf = (json: string) => (JSON.parse(json) as { findings: { ruleId: string; location: { file: string; startLine: number } }[] }).findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`);

describe("cache", () => {
  const repos = fixtureRepositories();

  it.each(repos)("%s: each file named alone, and the whole folder, report the same without the cache, with it cold and with it warm", (_name, dir) => {
    const location = join(dir, ".pullguard-cache");
    const named = scan({ paths: [dir], cwd: dir, exclude: ["expected.json"], today: FIXTURE_TODAY, ...configOf(dir) }).files.map((f) => f.path);
    for (const path of [".", ...named]) {
      const expected = report(dir, path);
      expect(report(dir, path, location), `${path}, cold`).toBe(expected);
      expect(report(dir, path, location), `${path}, warm`).toBe(expected);
    }
  });

  it("a change to a file, a file added to a module's folder and a removed file are seen at once", () => {
    const dir = repository({ "main.tf": ROOT_MODULE, "modules/noderole/main.tf": nodeRoleModule("AmazonEC2ContainerRegistryFullAccess"), "k8s/job.yaml": JOB });
    const location = join(dir, "cache");
    const both = (path: string) => {
      const expected = report(dir, path);
      expect(report(dir, path, location)).toBe(expected);
      return rulesOf(expected);
    };
    expect(both("k8s/job.yaml")).toEqual(["PG201 k8s/job.yaml:10"]);
    expect(both("modules/noderole/main.tf")).toEqual(["PG102 modules/noderole/main.tf:11"]);
    // The module's file changes: the root module's evaluation, which read it, is redone.
    write(dir, "modules/noderole/main.tf", nodeRoleModule("AmazonEC2ContainerRegistryPullOnly"));
    expect(both("main.tf")).toEqual([]);
    // A file added to the module's folder is part of the module, though the evaluation never read it.
    write(dir, "modules/noderole/push.tf", `resource "aws_iam_role_policy_attachment" "push" {\n  role       = aws_iam_role.this.name\n  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"\n}\n`);
    expect(both("modules/noderole/push.tf")).toEqual(["PG102 modules/noderole/push.tf:3"]);
    // An association added in another folder gives the Job its identity; removing it takes it away again.
    write(dir, "infra/identity.tf", `resource "aws_eks_pod_identity_association" "build" {\n  cluster_name    = "prod"\n  namespace       = "default"\n  service_account = "default"\n  role_arn        = "arn:aws:iam::123456789012:role/builder"\n}\n`);
    expect(both("k8s/job.yaml")).toEqual([]);
    rmSync(join(dir, "infra"), { recursive: true });
    expect(both("k8s/job.yaml")).toEqual(["PG201 k8s/job.yaml:10"]);
  });

  it("a damaged, truncated or missing cache file is recomputed, never trusted", () => {
    const dir = repository({ "main.tf": ROOT_MODULE, "modules/noderole/main.tf": nodeRoleModule("AmazonEC2ContainerRegistryFullAccess"), "k8s/job.yaml": JOB });
    const location = join(dir, "cache");
    const expected = report(dir, "modules/noderole/main.tf");
    expect(report(dir, "modules/noderole/main.tf", location)).toBe(expected);
    const damages: [string, (text: string) => string | undefined][] = [
      ["a changed byte", (text) => text.replace(/PG|Full|aws_iam_role|"/, (m) => (m === '"' ? "'" : m.toLowerCase()))],
      ["half of it", (text) => text.slice(0, text.length >> 1)],
      ["nothing", () => ""],
      ["another file's contents", () => "da39a3ee5e6b4b0d3255bfef95601890afd80709\n"],
      ["removed", () => undefined],
    ];
    for (const [what, damage] of damages) {
      for (const file of cacheFiles(location)) {
        const text = damage(readFileSync(file, "utf8"));
        if (text === undefined) rmSync(file);
        else writeFileSync(file, text);
      }
      expect(report(dir, "modules/noderole/main.tf", location), what).toBe(expected);
      // What was damaged has been written again, and is used: the next run still agrees.
      expect(report(dir, "modules/noderole/main.tf", location), `${what}, then warm`).toBe(expected);
    }
  });

  it("an entry that holds another entry's facts is not used", () => {
    const dir = repository({ "a.yaml": JOB, "b.yaml": JOB.replace("name: build", "name: other").replace("app:1", "other:1") });
    const location = join(dir, "cache");
    const expected = report(dir, "a.yaml");
    report(dir, "a.yaml", location);
    const entries = cacheFiles(location).filter((f) => f.includes("entries"));
    expect(entries.length).toBeGreaterThan(1);
    // Each entry swapped with the next: every checksum is right, but no entry is what its name says.
    const texts = entries.map((f) => readFileSync(f, "utf8"));
    entries.forEach((f, i) => writeFileSync(f, texts[(i + 1) % texts.length] as string));
    expect(report(dir, "a.yaml", location)).toBe(expected);
  });

  it("is bounded: a few changes go to a journal, more make the index written whole with only the last run's entries, and four sets of options are kept", () => {
    const dir = repository({ "main.tf": `variable "policy" {\n  type = string\n}\n${ROOT_MODULE.replace('name   = "nodes"', 'name   = "nodes"\n  policy = var.policy')}`, "modules/noderole/main.tf": nodeRoleModule("AmazonEC2ContainerRegistryFullAccess").replace('variable "name"', 'variable "policy" {\n  type = string\n}\n\nvariable "name"') });
    const location = join(dir, "cache");
    for (let i = 0; i < 300; i++) write(dir, `k8s/job-${i}.yaml`, JOB.replace("name: build", `name: build-${i}`));
    report(dir, "main.tf", location);
    const entries = () => cacheFiles(location).filter((f) => f.includes("entries")).length;
    const journal = () => cacheFiles(location).some((f) => f.endsWith("journal.json"));
    const before = entries();
    expect(journal()).toBe(false);
    // One file changed: its entry is added and a journal says so; the index is not rewritten.
    write(dir, "k8s/job-0.yaml", JOB.replace("name: build", "name: changed"));
    const expected = report(dir, "main.tf");
    expect(report(dir, "main.tf", location)).toBe(expected);
    expect(journal()).toBe(true);
    expect(entries()).toBe(before + 1);
    expect(report(dir, "main.tf", location)).toBe(expected);
    // 300 files removed: too much for a journal; the index is written whole and what it no longer names is removed.
    for (let i = 0; i < 300; i++) rmSync(join(dir, `k8s/job-${i}.yaml`));
    report(dir, "main.tf", location);
    expect(journal()).toBe(false);
    expect(entries()).toBe(before - 300);
    // The root path is part of the options: each copy of the repository is a set of options of its own.
    for (let i = 0; i < 6; i++) report(dir, "main.tf", location, { vars: { policy: `p${i}` } });
    const sets = readdirSync(location).filter((name) => /^[0-9a-f]{16}$/.test(name));
    expect(sets.length).toBeLessThanOrEqual(4);
  });
});

describe("cache on the command line", () => {
  const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [join(PROJECT, "bin", "pullguard.js"), ...args, "--format", "json"], { cwd, encoding: "utf8" });

  it("is on for named files, in .pullguard-cache with a .gitignore, and a scan of the folder never reads it", () => {
    const dir = repository({ "main.tf": ROOT_MODULE, "modules/noderole/main.tf": nodeRoleModule("AmazonEC2ContainerRegistryFullAccess") });
    expect(spawnSync("git", ["init", "-q"], { cwd: dir }).status).toBe(0);
    expect(cli(["modules/noderole/main.tf"], dir).status).toBe(1);
    expect(readFileSync(join(dir, ".pullguard-cache", ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(spawnSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: dir, encoding: "utf8" }).stdout).not.toContain(".pullguard-cache");
    const folder = JSON.parse(cli(["."], dir).stdout) as { files: { path: string }[] };
    expect(folder.files.map((f) => f.path)).toEqual(["main.tf", "modules/noderole/main.tf"]);
  });

  it("goes to node_modules/.cache/pullguard when the repository has node_modules, or to --cache-location", () => {
    const dir = repository({ "main.tf": ROOT_MODULE, "modules/noderole/main.tf": nodeRoleModule("AmazonEC2ContainerRegistryFullAccess"), "node_modules/.keep": "" });
    cli(["main.tf"], dir);
    expect(existsSync(join(dir, "node_modules", ".cache", "pullguard", ".gitignore"))).toBe(true);
    expect(existsSync(join(dir, ".pullguard-cache"))).toBe(false);
    cli(["main.tf", "--cache-location", "elsewhere"], dir);
    expect(cacheFiles(join(dir, "elsewhere")).length).toBeGreaterThan(0);
  });

  it("is off for a loose file, with no repository around it to keep", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-loose-"));
    write(dir, "job.yaml", JOB);
    expect(cli(["job.yaml"], dir).status).toBe(1);
    expect(readdirSync(dir)).toEqual(["job.yaml"]);
  });

  it("is off for a folder unless --cache, and off with --no-cache", () => {
    const dir = repository({ "main.tf": ROOT_MODULE, "modules/noderole/main.tf": nodeRoleModule("AmazonEC2ContainerRegistryFullAccess") });
    cli(["."], dir);
    cli(["main.tf", "--no-cache"], dir);
    expect(existsSync(join(dir, ".pullguard-cache"))).toBe(false);
    const cold = cli([".", "--cache"], dir);
    expect(existsSync(join(dir, ".pullguard-cache"))).toBe(true);
    expect(cli([".", "--cache"], dir).stdout).toBe(cold.stdout);
  });
});
