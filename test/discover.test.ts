import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { discover } from "../src/discover/discover.js";
import { MIME_USER_DATA, sniff } from "../src/discover/sniff.js";

const CFN = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n";

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-discover-"));
  mkdirSync(join(dir, ".git"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const paths = (dir: string, include: string[] = [], exclude: string[] = []) =>
  discover({ paths: [dir], cwd: dir, include, exclude }).files.map((f) => f.path);

describe("discovery", () => {
  it("walks folders in a stable order, skipping dependencies, VCS data and Terraform's cache", () => {
    const dir = tree({
      "b.yaml": CFN,
      "a/stack.json": "{}",
      "node_modules/pkg/template.yaml": CFN,
      ".git/config.yaml": CFN,
      ".terraform/modules/eks/main.tf": "",
      "main.tf": "",
      "README.md": "# not read",
    });
    const found = discover({ paths: [dir], cwd: dir, include: [], exclude: [] });
    expect(found.files.map((f) => f.path)).toEqual(["a/stack.json", "b.yaml", "main.tf"]);
    expect(found.otherFiles).toBe(1);
    expect(found.root).toBe(dir);
  });

  it("honours .gitignore files at the root and in sub-folders", () => {
    const dir = tree({
      ".gitignore": "generated/\n*.bak.yaml\n",
      "generated/out.yaml": CFN,
      "keep.yaml": CFN,
      "old.bak.yaml": CFN,
      "sub/.gitignore": "local.yaml\n",
      "sub/local.yaml": CFN,
      "sub/shared.yaml": CFN,
    });
    expect(paths(dir)).toEqual(["keep.yaml", "sub/shared.yaml"]);
  });

  it("applies --include and --exclude globs to paths and, without a slash, to file names", () => {
    const dir = tree({ "stacks/a.yaml": CFN, "stacks/b.json": "{}", "tests/c.yaml": CFN });
    expect(paths(dir, ["*.yaml"])).toEqual(["stacks/a.yaml", "tests/c.yaml"]);
    expect(paths(dir, [], ["tests/**"])).toEqual(["stacks/a.yaml", "stacks/b.json"]);
    expect(paths(dir, ["stacks/**"], ["*.json"])).toEqual(["stacks/a.yaml"]);
  });

  it("does not loop on a symlink cycle", () => {
    const dir = tree({ "x/t.yaml": CFN });
    symlinkSync(dir, join(dir, "x", "loop"));
    expect(paths(dir)).toContain("x/t.yaml");
  });

  it("reports a path that does not exist", () => {
    const dir = tree({});
    expect(discover({ paths: ["nope"], cwd: dir, include: [], exclude: [] }).missing).toEqual([join(dir, "nope")]);
  });
});

describe("format sniffing", () => {
  it.each([
    ["t.yaml", CFN, { format: "cloudformation" }],
    ["t.yaml", "Resources:\n  R:\n    Type: AWS::IAM::Role\n", { format: "cloudformation" }],
    ["t.json", '{"Resources": {"R": {"Type": "AWS::ECR::Repository"}}}', { format: "cloudformation" }],
    ["sam.yaml", "Transform: AWS::Serverless-2016-10-31\nResources: {}\n", { format: "cloudformation" }],
    ["cluster.yaml", "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n", { format: "eksctl" }],
    ["pod.yaml", "apiVersion: v1\nkind: Pod\n", { format: "kubernetes" }],
    // Read if it parses as YAML; the scan skips it as a chart when the template breaks the YAML (broken.ts).
    ["chart.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n", { format: "kubernetes" }],
    ["userdata.yaml", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"//\"\n\n--//\nContent-Type: application/node.eks.aws\n\n---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n", { skip: MIME_USER_DATA }],
    ["plan.json", '{"format_version": "1.2", "planned_values": {}}', { format: "terraform-plan" }],
    // Jenkins pod templates have no kind: configuration as code, and the jenkins chart's values.
    ["casc.yaml", "jenkins:\n  clouds:\n    - kubernetes:\n        templates:\n          - name: kaniko\n            containers:\n              - image: gcr.io/kaniko-project/executor\n", { format: "kubernetes" }],
    ["values.yaml", "agent:\n  podTemplates:\n    kaniko: |\n      - name: kaniko\n        containers:\n          - image: gcr.io/kaniko-project/executor\n", { format: "kubernetes" }],
    ["other.yaml", "jenkins:\n  systemMessage: hello\n", { skip: "not infrastructure as code" }],
    ["main.tf", "", { format: "terraform" }],
    ["ci.yml", "on: [push]\njobs: {}\n", { skip: "not infrastructure as code" }],
    ["empty.yaml", "", { skip: "empty file" }],
    ["blob.json", "\u0000\u0001", { skip: "binary file" }],
  ])("%s is %j", (path, text, expected) => {
    expect(sniff(path, text)).toEqual(expected);
  });
});
