import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { findRule } from "../../rules/index.js";
import { HOMEPAGE, VERSION } from "../report/tool.js";

export interface InitFile {
  /** Where to write it, relative to `cwd` and `/`-separated (`../` when `cwd` is below the repository root). */
  path: string;
  text: string;
  /** One line for the user: what the file does. */
  why: string;
}

/** The actions the workflow uses, at their current major versions (checked in 2026-09). */
export const WORKFLOW_ACTIONS = {
  checkout: "actions/checkout@v7",
  // The action's major tag, which each release of that major version moves.
  pullguard: `pullguard/pullguard@v${VERSION.split(".")[0] ?? "0"}`,
  uploadSarif: "github/codeql-action/upload-sarif@v4",
} as const;

/** The code scanning category of the upload: one per tool, so that another tool's upload never replaces ours. */
export const SARIF_CATEGORY = "pullguard";

/** The two rules the configuration shows, one by id and one by name, each at its default level. */
const EXAMPLE_RULES = ["PG105", "node-imds-reachable"];

/**
 * The files `pullguard init` writes: `.pullguard.yml` in `cwd`, and a pre-commit configuration and a GitHub
 * workflow at the root of the git repository holding `cwd` (or in `cwd` outside a repository). Every value
 * written is a default, so a scan finds the same things before and after. The CLI writes each file unless one
 * exists already.
 */
export function initFiles(options: { cwd: string }): InitFile[] {
  const cwd = resolve(options.cwd);
  const root = repositoryRoot(cwd);
  // The folder to scan, relative to the repository root ("" when it is the root).
  const folder = relative(root, cwd).split(sep).join("/");
  const at = (fromRoot: string) => relative(cwd, join(root, fromRoot)).split(sep).join("/");
  return [
    {
      path: ".pullguard.yml",
      text: configText(),
      why: "pullguard's configuration: rule levels, the files to scan, when to fail, and accepted findings (every key explained in comments; the values are the defaults)",
    },
    {
      path: at(".pre-commit-config.yaml"),
      text: preCommitText(folder),
      why: "a pre-commit hook that runs pullguard on the IaC files of each commit (run `pre-commit install` once; if you already have this file, add its `repos` entry to yours)",
    },
    {
      path: at(".github/workflows/pullguard.yml"),
      text: workflowText(folder),
      why: "a GitHub Actions workflow that scans each push and pull request and uploads the findings to code scanning (the Security tab and pull request annotations)",
    },
  ];
}

function repositoryRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

function configText(): string {
  const rules = EXAMPLE_RULES.map((key) => {
    const rule = findRule(key);
    if (!rule) throw new Error(`init: unknown example rule ${key}`);
    const { id, name, shortDescription, defaultLevel } = rule.meta;
    return [`  # ${id} ${name}: ${shortDescription}`, `  ${key}: ${defaultLevel}`].join("\n");
  });
  return `# pullguard configuration (${HOMEPAGE}).
# pullguard reads the .pullguard.yml of the scanned folder or the nearest folder above it. It is checked
# against pullguard's JSON Schema: an unknown key or a wrong value stops the scan with exit status 2.
# Every value below is the default; change what you need.

# Rule levels, by id (PG102) or by name (node-role-ecr-write-managed-policy): off, note, warning or error.
# \`pullguard rules\` lists every rule with its default level; \`pullguard explain PG105\` explains one.
rules:
${rules.join("\n")}

# Scan only the files matching one of these globs (minimatch, relative to the scan root; a glob without /
# matches file names), for example ["infra/**", "*.tf"]. Empty: every file pullguard recognises.
include: []

# Skip the files and folders matching one of these globs (.gitignore is honoured as well),
# for example ["examples/**", "**/testdata/**"].
exclude: []

# Exit with status 1 when a finding at or above this level remains: error, warning, note, or none (never
# for findings; a file that cannot be read or parsed still exits 3, an error in the configuration 2).
failOn: error

# The tag keys every node role must carry (rule PG401, off by default; turn it on under rules). Keys are
# compared case-sensitively, as AWS does. Unset: owner and team.
requiredTags: [owner, team]

# Files larger than this are not read, and are reported as not analysed (a number of bytes, or 512KB, 64MB, 1GB).
maxFileSize: 10MB

# Findings you accept, each with its reason. \`rule\` is an id or a name (or a list of them); \`path\` (a file
# glob) and \`resource\` (an address, or a glob) narrow it; after \`until\` (YYYY-MM-DD) the finding is back.
# An ignore can also be written in the file itself: # pullguard-ignore PG102 reason: ...
# ignores:
#   - rule: PG102
#     path: infra/ci-builders/**
#     resource: aws_iam_role_policy_attachment.ci_ecr
#     reason: CI builders push images until they move to IRSA
#     until: "2027-03-01"
`;
}

function preCommitText(folder: string): string {
  // Below the repository root, the hook only runs for changes in the folder init was run in.
  const files = folder ? `\n        files: ${JSON.stringify(`^${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`)}` : "";
  return `# pre-commit (https://pre-commit.com): run \`pre-commit install\` once, and pullguard checks the
# CloudFormation, Terraform, eksctl and Kubernetes files of every commit. \`pre-commit autoupdate\` moves \`rev\`
# to the latest release.
repos:
  - repo: https://github.com/pullguard/pullguard
    rev: v${VERSION}
    hooks:
      - id: pullguard${files}
`;
}

function workflowText(folder: string): string {
  return `# pullguard: how EKS nodes and pods can write to ECR, reported to GitHub code scanning (the Security tab,
# and annotations on the changed lines of pull requests).
name: pullguard

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  pullguard:
    name: pullguard
    runs-on: ubuntu-latest
    permissions:
      contents: read
      # Upload the results to code scanning.
      security-events: write
      # Needed by the upload in private repositories.
      actions: read
    steps:
      - uses: ${WORKFLOW_ACTIONS.checkout}
      # Fails on findings at or above fail-on; the SARIF is written all the same, and uploaded next.
      - name: Scan
        id: pullguard
        uses: ${WORKFLOW_ACTIONS.pullguard}
        with:
          paths: ${yamlScalar(folder || ".")}
          fail-on: error
      # Pull requests from forks get a read-only token, so their upload fails; the Scan step still fails the check.
      - name: Upload to code scanning
        if: always() && steps.pullguard.outputs.sarif-file
        uses: ${WORKFLOW_ACTIONS.uploadSarif}
        with:
          sarif_file: \${{ steps.pullguard.outputs.sarif-file }}
          # One category for pullguard: a later upload with the same category replaces this one.
          category: ${SARIF_CATEGORY}
`;
}

/** A path as a YAML plain scalar when it can be one, else double-quoted. */
function yamlScalar(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : JSON.stringify(path);
}
