import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
import {
  BUNDLED,
  ConfigError,
  HOMEPAGE,
  LEVEL_RANK,
  PACKAGE_ROOT,
  TOOL_NAME,
  VERSION,
  applyFixes,
  emptyConfig,
  findConfig,
  formatGithub,
  formatJson,
  formatMarkdown,
  formatSarif,
  formatText,
  inRepository,
  loadConfig,
  parseSize,
  readCloudTrail,
  ruleDocsUrl,
  ruleMarkdown,
  scan,
  unifiedDiff
} from "./chunk-TNEEBDMP.js";
import {
  RULES,
  findRule,
  isFatal,
  require_dist
} from "./chunk-27Z4YRLD.js";
import {
  CloudTrailPathError
} from "./chunk-JRZLBE45.js";
import {
  __toESM,
  iamPermissionsActions,
  isEcrWrite,
  trackedActions
} from "./chunk-HU7SY652.js";

// src/cli/main.ts
import { existsSync as existsSync2, mkdirSync, readFileSync, statSync, writeFileSync as writeFileSync2 } from "node:fs";
import { dirname as dirname2, isAbsolute, join as join2, relative as relative2, resolve as resolve3 } from "node:path";
import { parseArgs as parseArgs2 } from "node:util";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";

// src/baseline.ts
var BaselineError = class extends Error {
};
function baselineOf(findings) {
  const baseline = {
    baselineVersion: 1,
    tool: `${TOOL_NAME} ${VERSION}`,
    findings: findings.map((f) => ({ ruleId: f.ruleId, fingerprint: f.fingerprint, file: f.location.file, message: f.message }))
  };
  return `${JSON.stringify(baseline, null, 2)}
`;
}
function parseBaseline(text, file) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`${file}: not a pullguard baseline (${err.message})`);
  }
  const b = data;
  if (b.baselineVersion !== 1 || !Array.isArray(b.findings) || b.findings.some((f) => typeof f?.fingerprint !== "string")) {
    throw new BaselineError(`${file}: not a pullguard baseline (write one with --write-baseline ${file})`);
  }
  return b;
}
function subtractBaseline(findings, baseline) {
  const remaining = /* @__PURE__ */ new Map();
  for (const f of baseline.findings) remaining.set(f.fingerprint, (remaining.get(f.fingerprint) ?? 0) + 1);
  const fresh = [];
  let matched = 0;
  for (const f of findings) {
    const left = remaining.get(f.fingerprint) ?? 0;
    if (left > 0) {
      remaining.set(f.fingerprint, left - 1);
      matched++;
    } else fresh.push(f);
  }
  const gone = [...remaining.values()].reduce((a, b) => a + b, 0);
  return { fresh, matched, gone };
}

// src/cli/init.ts
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
var WORKFLOW_ACTIONS = {
  checkout: "actions/checkout@v7",
  // The action's major tag, which each release of that major version moves.
  pullguard: `pullguard/pullguard@v${VERSION.split(".")[0] ?? "0"}`,
  uploadSarif: "github/codeql-action/upload-sarif@v4"
};
var SARIF_CATEGORY = "pullguard";
var EXAMPLE_RULES = ["PG105", "node-imds-reachable"];
function initFiles(options) {
  const cwd = resolve(options.cwd);
  const root = repositoryRoot(cwd);
  const folder = relative(root, cwd).split(sep).join("/");
  const at = (fromRoot) => relative(cwd, join(root, fromRoot)).split(sep).join("/");
  return [
    {
      path: ".pullguard.yml",
      text: configText(),
      why: "pullguard's configuration: rule levels, the files to scan, when to fail, and accepted findings (every key explained in comments; the values are the defaults)"
    },
    {
      path: at(".pre-commit-config.yaml"),
      text: preCommitText(folder),
      why: "a pre-commit hook that runs pullguard on the IaC files of each commit (run `pre-commit install` once; if you already have this file, add its `repos` entry to yours)"
    },
    {
      path: at(".github/workflows/pullguard.yml"),
      text: workflowText(folder),
      why: "a GitHub Actions workflow that scans each push and pull request and uploads the findings to code scanning (the Security tab and pull request annotations)"
    }
  ];
}
function repositoryRoot(cwd) {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}
function configText() {
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
function preCommitText(folder) {
  const files = folder ? `
        files: ${JSON.stringify(`^${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`)}` : "";
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
function workflowText(folder) {
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
function yamlScalar(path) {
  return /^[\w./-]+$/.test(path) ? path : JSON.stringify(path);
}

// src/cli/guardrail.ts
import { writeFileSync } from "node:fs";
import { resolve as resolve2 } from "node:path";
import { parseArgs } from "node:util";

// src/guardrail/policy.ts
var SCP_MAX_CHARS = 5120;
var MANAGED_POLICY_MAX_CHARS = 6144;
function deniedActions() {
  const ecr = trackedActions().filter(isEcrWrite).map((a) => a.name);
  const iam = iamPermissionsActions().map((a) => a.name);
  return [.../* @__PURE__ */ new Set([...ecr, ...iam])].sort(compareActions);
}
function compareActions(a, b) {
  const rank = (name) => ["ecr", "ecr-public", "iam"].indexOf(name.slice(0, name.indexOf(":")));
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
var DENY_SID = "DenyEcrWriteAndPermissionsManagement";
function boundaryPolicy() {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AllowWhatTheRolePoliciesGrant", Effect: "Allow", Action: "*", Resource: "*" },
      { Sid: DENY_SID, Effect: "Deny", Action: deniedActions(), Resource: "*" }
    ]
  };
}
function scpPolicy(match) {
  if (match.rolePatterns.length === 0 && match.tags.length === 0) {
    throw new Error("an SCP needs a role pattern or a tag to match node roles: without one it would deny these actions to every principal");
  }
  const actions = deniedActions();
  const statements = [];
  if (match.rolePatterns.length > 0) {
    const arns = match.rolePatterns.map(roleArnPattern);
    statements.push({
      Sid: `${DENY_SID}ToNodeRolesByName`,
      Effect: "Deny",
      Action: actions,
      Resource: "*",
      Condition: { ArnLike: { "aws:PrincipalArn": arns.length === 1 ? arns[0] : arns } }
    });
  }
  match.tags.forEach((tag, i) => {
    statements.push({
      Sid: `${DENY_SID}ToNodeRolesByTag${match.tags.length > 1 ? i + 1 : ""}`,
      Effect: "Deny",
      Action: [...actions],
      Resource: "*",
      Condition: { StringEquals: { [`aws:PrincipalTag/${tag.key}`]: tag.value } }
    });
  });
  return { Version: "2012-10-17", Statement: statements };
}
function roleArnPattern(pattern) {
  return `arn:*:iam::*:role/${pattern}`;
}
var ROLE_PATTERN = /^[\w+=,.@\-/*?]+$/;
var TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
function rolePatternProblem(pattern) {
  if (!ROLE_PATTERN.test(pattern)) return "a role pattern may hold letters, digits, + = , . @ - _ / and the wildcards * and ?";
  if (/^[*?/]*$/.test(pattern)) return "a pattern that matches every role would deny these actions to every role, not only node roles";
  return void 0;
}
function tagKeyProblem(key) {
  if (!TAG_KEY.test(key)) return "a tag key is 1 to 128 letters, digits, spaces and _ . : / = + - @";
  if (/^aws:/i.test(key)) return "tag keys starting with aws: are reserved by AWS";
  return void 0;
}
function policySize(kind, document) {
  const text = JSON.stringify(document);
  return kind === "scp" ? text.length : text.replace(/\s/g, "").length;
}
function policyLimit(kind) {
  return kind === "scp" ? SCP_MAX_CHARS : MANAGED_POLICY_MAX_CHARS;
}

// src/guardrail/render.ts
var import_yaml = __toESM(require_dist(), 1);
var DESCRIPTION = {
  boundary: "Permissions boundary for EKS node roles: denies ECR write and IAM permissions management (generated by pullguard)",
  scp: "Denies ECR write and IAM permissions management to EKS node roles (generated by pullguard)"
};
function renderGuardrail(guardrail, format) {
  switch (format) {
    case "json":
      return `${JSON.stringify(guardrail.document, null, 2)}
`;
    case "terraform":
      return terraform(guardrail);
    case "cloudformation":
      return cloudFormation(guardrail);
  }
}
function terraform({ kind, name, document, command }) {
  const id = name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^([^A-Za-z_])/, "_$1");
  const header = [`# Generated by ${command}`];
  if (kind === "boundary") {
    header.push(`# Set permissions_boundary = aws_iam_policy.${id}.arn on every EKS node role.`);
    return `${header.join("\n")}
resource "aws_iam_policy" "${id}" {
  name        = ${hclString(name)}
  description = ${hclString(DESCRIPTION.boundary)}
  policy = jsonencode(${hclValue(document, 1)})
}
`;
  }
  header.push(`# Attach it with aws_organizations_policy_attachment (policy_id = aws_organizations_policy.${id}.id) to the root, OUs or accounts that run EKS.`);
  return `${header.join("\n")}
resource "aws_organizations_policy" "${id}" {
  name        = ${hclString(name)}
  description = ${hclString(DESCRIPTION.scp)}
  type        = "SERVICE_CONTROL_POLICY"
  content = jsonencode(${hclValue(document, 1)})
}
`;
}
var INDENT = "  ";
function hclValue(value, depth) {
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  if (typeof value === "string") return hclString(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "string") && value.length <= 1) return `[${value.map((v) => hclString(v)).join(", ")}]`;
    return `[
${value.map((v) => `${pad}${hclValue(v, depth + 1)},`).join("\n")}
${close}]`;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    const width = Math.max(...entries.map(([k]) => hclKey(k).length));
    return `{
${entries.map(([k, v]) => `${pad}${hclKey(k).padEnd(width)} = ${hclValue(v, depth + 1)}`).join("\n")}
${close}}`;
  }
  return JSON.stringify(value);
}
function hclKey(key) {
  return /^[A-Za-z_][\w-]*$/.test(key) ? key : hclString(key);
}
function hclString(text) {
  return JSON.stringify(text).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}
function cloudFormation({ kind, name, document, command }) {
  const logicalId = name.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_, _sep, c) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "") || "Guardrail";
  const resource = kind === "boundary" ? { Type: "AWS::IAM::ManagedPolicy", Properties: { ManagedPolicyName: name, Description: DESCRIPTION.boundary, PolicyDocument: document } } : { Type: "AWS::Organizations::Policy", Properties: { Name: name, Description: DESCRIPTION.scp, Type: "SERVICE_CONTROL_POLICY", Content: document } };
  const template = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: DESCRIPTION[kind],
    Resources: { [logicalId]: resource },
    Outputs: kind === "boundary" ? { BoundaryArn: { Description: "Set as PermissionsBoundary on every EKS node role", Value: { Ref: logicalId } } } : { PolicyId: { Description: "Attach to the root, OUs or accounts that run EKS (TargetIds)", Value: { Ref: logicalId } } }
  };
  return `# Generated by ${command}
${(0, import_yaml.stringify)(template, { lineWidth: 0, version: "1.1", aliasDuplicateObjects: false })}`;
}

// src/cli/guardrail.ts
var GUARDRAIL_HELP = `Usage: pullguard guardrail --kind scp|boundary [options]

Prints a policy that keeps EKS node roles pull-only whatever is attached to them later: it denies
every ECR action above read (push, delete, repository policies, lifecycle, replication, tag
mutability) and every IAM permissions-management action, as pullguard's action catalogue lists them.

  --kind boundary        a permissions boundary (IAM managed policy) to set on every node role: it
                         allows what the role's policies grant and denies those actions
  --kind scp             a service control policy that denies those actions to the node roles it
                         matches (needs --role-pattern or --tag); keep FullAWSAccess attached beside it.
                         SCPs do not apply to the management account: use the boundary there.

Options:
  --role-pattern GLOB    scp: node roles by path and name, e.g. '*-node-role' or 'eks-node-*'
                         (ArnLike on aws:PrincipalArn arn:*:iam::*:role/GLOB); repeatable
  --tag KEY=VALUE        scp: node roles by tag (StringEquals on aws:PrincipalTag/KEY); repeatable.
                         A role that matches any pattern or any tag is denied.
  --format FORMAT        json (the policy document; default), terraform (aws_iam_policy or
                         aws_organizations_policy) or cloudformation (AWS::IAM::ManagedPolicy or
                         AWS::Organizations::Policy)
  --name NAME            the policy's name (default pullguard-node-boundary or pullguard-node-ecr-guardrail)
  --output FILE          write to FILE instead of standard output
  -h, --help             show this help

Examples:
  pullguard guardrail --kind boundary --format terraform --output node-boundary.tf
  pullguard guardrail --kind scp --role-pattern '*-node-role' --tag eks-node=true

Check CloudTrail for ECR write calls by node roles before you attach either (see the README).
`;
var KINDS = ["scp", "boundary"];
var FORMATS = ["json", "terraform", "cloudformation"];
var DEFAULT_NAME = { boundary: "pullguard-node-boundary", scp: "pullguard-node-ecr-guardrail" };
var POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
var GuardrailUsageError = class extends Error {
};
function guardrailCommand(argv, io, command = ["pullguard", "guardrail", ...argv.map(shellWord)].join(" ")) {
  const values = parse(argv);
  if (values.help) {
    io.stdout(GUARDRAIL_HELP);
    return 0;
  }
  if (values.kind === void 0) throw new GuardrailUsageError("guardrail: --kind is required: --kind boundary (attach to node roles) or --kind scp (for the organization)");
  const kind = oneOf("kind", values.kind, KINDS);
  const format = oneOf("format", values.format ?? "json", FORMATS);
  const match = nodeRoleMatch(values["role-pattern"] ?? [], values.tag ?? []);
  if (kind === "boundary" && (match.rolePatterns.length > 0 || match.tags.length > 0)) {
    throw new GuardrailUsageError(
      "guardrail: --role-pattern and --tag choose the roles an SCP applies to; a permissions boundary applies to the roles you attach it to. Use them with --kind scp."
    );
  }
  if (kind === "scp" && match.rolePatterns.length === 0 && match.tags.length === 0) {
    throw new GuardrailUsageError("guardrail: --kind scp needs --role-pattern GLOB or --tag KEY=VALUE to match node roles; without one it would apply to every principal");
  }
  const name = values.name ?? DEFAULT_NAME[kind];
  if (!POLICY_NAME.test(name)) throw new GuardrailUsageError(`guardrail: --name ${name}: a policy name is 1 to 128 letters, digits and + = , . @ _ -`);
  const document = kind === "boundary" ? boundaryPolicy() : scpPolicy(match);
  const size = policySize(kind, document);
  if (size > policyLimit(kind)) {
    throw new GuardrailUsageError(`guardrail: the policy would be ${size} characters, over the ${policyLimit(kind)} AWS allows for ${kind === "scp" ? "an SCP" : "a managed policy"}; use fewer role patterns or tags`);
  }
  const text = renderGuardrail({ kind, name, document, command }, format);
  if (values.output) {
    try {
      writeFileSync(resolve2(io.cwd, values.output), text);
    } catch (err) {
      throw new GuardrailUsageError(`guardrail: --output ${values.output}: cannot write: ${err.message}`);
    }
  } else io.stdout(text);
  return 0;
}
function parse(argv) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        kind: { type: "string" },
        "role-pattern": { type: "string", multiple: true },
        tag: { type: "string", multiple: true },
        format: { type: "string" },
        name: { type: "string" },
        output: { type: "string" },
        help: { type: "boolean", short: "h" }
      },
      allowPositionals: true,
      strict: true
    });
    if (positionals.length > 0) throw new GuardrailUsageError(`guardrail: unexpected argument '${positionals[0] ?? ""}'. Run 'pullguard guardrail --help' for the options.`);
    return values;
  } catch (err) {
    if (err instanceof GuardrailUsageError) throw err;
    const e = err;
    const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? "?";
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new GuardrailUsageError(`guardrail: unknown option '${option}'. Run 'pullguard guardrail --help' for the options.`);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new GuardrailUsageError(`guardrail: option '${option}' needs a value. Run 'pullguard guardrail --help' for the options.`);
    throw new GuardrailUsageError(`guardrail: ${e.message}. Run 'pullguard guardrail --help' for the options.`);
  }
}
function oneOf(option, value, allowed) {
  if (!allowed.includes(value)) throw new GuardrailUsageError(`guardrail: --${option} ${value}: expected one of ${allowed.join(", ")}`);
  return value;
}
function nodeRoleMatch(patterns, tags) {
  for (const pattern of patterns) {
    const problem = rolePatternProblem(pattern);
    if (problem) throw new GuardrailUsageError(`guardrail: --role-pattern ${pattern}: ${problem}`);
  }
  return {
    rolePatterns: [...new Set(patterns)],
    tags: tags.map((setting) => {
      const m = /^([^=]+)=(.*)$/s.exec(setting);
      if (!m) throw new GuardrailUsageError(`guardrail: --tag ${setting}: expected KEY=VALUE, for example --tag eks-node=true`);
      const [, key = "", value = ""] = m;
      const problem = tagKeyProblem(key);
      if (problem) throw new GuardrailUsageError(`guardrail: --tag ${setting}: ${problem}`);
      if (value.length > 256) throw new GuardrailUsageError(`guardrail: --tag ${setting}: a tag value is at most 256 characters`);
      return { key, value };
    })
  };
}
function shellWord(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

// src/cli/main.ts
var EXIT_CLEAN = 0;
var EXIT_FINDINGS = 1;
var EXIT_USAGE = 2;
var EXIT_INCOMPLETE = 3;
var FORMATS2 = ["text", "json", "sarif", "github", "markdown"];
var LEVELS = ["off", "note", "warning", "error"];
var FAIL_ON = ["error", "warning", "note", "none"];
var HELP = `pullguard ${VERSION}: finds every way an EKS node, or a pod borrowing its credentials, can write to ECR.

Usage:
  pullguard [scan] [PATH...]     scan files and folders (default: the current folder);
                                 - reads standard input, e.g. helm template ./chart | pullguard -
  pullguard rules                list the rules
  pullguard explain ID|NAME      show a rule's documentation
  pullguard init                 write a commented .pullguard.yml, a pre-commit entry and a GitHub workflow
  pullguard guardrail --kind scp|boundary
                                 print a policy that keeps node roles pull-only (see pullguard guardrail --help)

Options:
  --format FORMAT        text (default), json, sarif, github (workflow annotations) or markdown (a PR comment);
                         repeatable: --format sarif --output pullguard.sarif --format text
  --output FILE          write the report of the --format before it to FILE instead of standard output
  --config FILE          configuration file (default: .pullguard.yml in the first PATH or a folder above it)
  --fail-on LEVEL        exit 1 when a finding at or above LEVEL remains: error (default), warning, note or none
  --rule ID=LEVEL        set a rule's level (off, note, warning, error); repeatable, e.g. --rule PG105=warning
  --include GLOB         only scan files matching GLOB (minimatch; repeatable)
  --exclude GLOB         skip files and folders matching GLOB (repeatable)
  --var NAME=VALUE       a Terraform variable for the root modules (repeatable; VALUE is HCL or a plain string)
  --var-file FILE        a Terraform .tfvars file for the root modules (repeatable; after terraform.tfvars)
  --cloudtrail PATH      CloudTrail logs as exported to S3 (a folder of *.json and *.json.gz files, read
                         recursively, or one file): each node role's ECR write finding then says whether
                         its sessions made ECR write calls in the logs (by action, repository, user agent
                         and source IP) or none (safe to remove), and the summary counts the unused ones
  --max-file-size SIZE   do not read files larger than SIZE (default 10MB; e.g. 512KB, 64MB, 1GB); a larger
                         file is reported as not analysed (or skipped, if it does not start like IaC)
  --baseline FILE        report only findings that FILE does not hold, and say how many it matched
  --write-baseline FILE  record today's findings in FILE (by fingerprint, never by line) and report them
  --cache, --no-cache    keep what each file and Terraform root module gave between runs, and reuse it while
                         they are unchanged (default: on when every PATH is a file in a repository, as
                         pre-commit runs it)
  --cache-location DIR   where (default: node_modules/.cache/pullguard in the repository when it has
                         node_modules, else .pullguard-cache; either holds a .gitignore)
  --workers N            analyse YAML and JSON files in N threads, 100 files or more each (default: one fewer
                         than the CPU cores, so none on 2 cores, where V8's own threads use the second one)
  --fix                  apply the automatic fixes (PullOnly for FullAccess/PowerUser, hop limit 1, ...), then scan again
  --dry-run              with --fix: print the changes as a diff and write nothing
  --report-unused-ignores LEVEL
                         how to report ignores that match no finding: warning (default), error, note or off
  --color, --no-color    colours in the text report on standard output, or none (default: colours on a
                         terminal, unless NO_COLOR is set; FORCE_COLOR=1 turns them on elsewhere, as in CI logs)
  --quiet                print findings only, without the node-role summary
  --verbose              also list skipped files and files in formats not analysed yet
  -h, --help             show this help
  -v, --version          print the version

A PATH that is a file is analysed with its repository as context (the git work tree that holds it, or
else the folder of the nearest .pullguard.yml), and only findings in the named files are reported (what
pre-commit needs: a node group in the root module makes a module's role a node role).

Exit status: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 a usage or
configuration error (a path that does not exist, for example), 3 the scan is incomplete: a file or
folder could not be read or parsed (it is listed in every report format; findings elsewhere are still
reported).

Documentation: https://github.com/pullguard/pullguard#readme
`;
var OPTIONS = {
  format: { type: "string", multiple: true },
  output: { type: "string", multiple: true },
  baseline: { type: "string" },
  cloudtrail: { type: "string" },
  "write-baseline": { type: "string" },
  fix: { type: "boolean" },
  cache: { type: "boolean" },
  workers: { type: "string" },
  "no-cache": { type: "boolean" },
  "cache-location": { type: "string" },
  "dry-run": { type: "boolean" },
  config: { type: "string" },
  "fail-on": { type: "string" },
  rule: { type: "string", multiple: true },
  include: { type: "string", multiple: true },
  exclude: { type: "string", multiple: true },
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
  "max-file-size": { type: "string" },
  "report-unused-ignores": { type: "string" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" }
};
var UsageError = class extends Error {
};
function main(argv, io) {
  try {
    if (argv[0] === "guardrail") return guardrailCommand(argv.slice(1), io);
    const status = run(argv, io);
    return typeof status === "number" ? status : status.catch((err) => usageFailure(err, io));
  } catch (err) {
    return usageFailure(err, io);
  }
}
function usageFailure(err, io) {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof GuardrailUsageError || err instanceof CloudTrailPathError) {
    io.stderr(`pullguard: ${err.message}
`);
    return EXIT_USAGE;
  }
  throw err;
}
function parse2(argv) {
  try {
    return parseArgs2({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const e = err;
    const option = /'(-[^' ]+)/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option '${option ?? e.message}'. Run 'pullguard --help' for the options.`);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`option '${option ?? "?"}' needs a value. Run 'pullguard --help' for the options.`);
    throw new UsageError(`${e.message}. Run 'pullguard --help' for the options.`);
  }
}
function oneOf2(option, value, allowed) {
  if (value === void 0) return void 0;
  if (!allowed.includes(value)) {
    throw new UsageError(`--${option} ${value}: expected one of ${allowed.join(", ")}. Run 'pullguard --help' for the options.`);
  }
  return value;
}
function run(argv, io, cloudtrail) {
  const { values, positionals, tokens } = parse2(argv);
  if (values.help) {
    io.stdout(HELP);
    return EXIT_CLEAN;
  }
  if (values.version) {
    io.stdout(`${VERSION}
`);
    return EXIT_CLEAN;
  }
  const [command, ...rest] = positionals;
  if (command === "rules" || command === "explain" || command === "init") {
    onlyOptions(command, tokens, command === "init" ? [] : ["format"]);
    const format = oneOf2("format", values.format?.[values.format.length - 1], ["text", "json"]) ?? "text";
    if (command === "rules") return listRules(io, rest, format);
    if (command === "explain") return explain(io, rest, format);
    return init(io, rest);
  }
  const paths = command === "scan" ? rest : positionals;
  const outputs = reportTargets(tokens);
  if (values["dry-run"] && !values.fix) throw new UsageError("--dry-run works with --fix: pullguard --fix --dry-run PATH");
  const failOnFlag = oneOf2("fail-on", values["fail-on"], FAIL_ON);
  const ruleFlags = {};
  for (const setting of values.rule ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(setting);
    if (!m) throw new UsageError(`--rule ${setting}: expected ID=LEVEL, for example --rule PG105=warning`);
    const [, id = "", level = ""] = m;
    if (!findRule(id)) throw new UsageError(`--rule ${setting}: unknown rule '${id}'. Run 'pullguard rules' for the list.`);
    ruleFlags[id] = oneOf2("rule", level, LEVELS);
  }
  const unusedIgnores = oneOf2("report-unused-ignores", values["report-unused-ignores"], LEVELS);
  if (unusedIgnores) ruleFlags.PG902 = unusedIgnores;
  const vars = {};
  for (const setting of values.var ?? []) {
    const m = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(setting);
    if (!m) throw new UsageError(`--var ${setting}: expected NAME=VALUE, for example --var ecr_policy_arn=arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly`);
    vars[m[1]] = m[2];
  }
  const cwd = io.cwd;
  for (const file of values["var-file"] ?? []) {
    if (!existsSync2(resolve3(cwd, file))) throw new UsageError(`--var-file ${file}: no such file`);
  }
  const maxFileBytes = fileSizeLimit(values["max-file-size"]);
  const configFile = values.config ? resolve3(cwd, values.config) : findConfig(resolve3(cwd, paths[0] ?? "."));
  const config = configFile ? loadConfig(configFile) : emptyConfig();
  const stdin = paths.includes("-") ? io.readStdin?.() ?? "" : void 0;
  if (stdin !== void 0 && looksLikeHcl(stdin)) {
    throw new UsageError("standard input is read as YAML or JSON (Kubernetes manifests, CloudFormation, eksctl, a plan's JSON); this looks like Terraform, which is read from its folder: pullguard path/to/module");
  }
  const baseline = values.baseline ? readBaseline(resolve3(cwd, values.baseline)) : void 0;
  const options = {
    paths: paths.filter((p) => p !== "-"),
    ...stdin !== void 0 ? { stdin } : {},
    cwd,
    include: [...config.include, ...values.include ?? []],
    exclude: [...config.exclude, ...values.exclude ?? []],
    rules: { ...config.rules, ...ruleFlags },
    varFiles: values["var-file"] ?? [],
    vars,
    ...config.requiredTags ? { requiredTags: config.requiredTags } : {},
    ...maxFileBytes !== void 0 || config.maxFileBytes !== void 0 ? { maxFileBytes: maxFileBytes ?? config.maxFileBytes } : {},
    ...config.file && config.text !== void 0 ? { config: { path: config.file, text: config.text, ignores: config.ignores } } : {},
    ...cloudtrail ? { cloudtrail } : {},
    ...workerThreads(values.workers),
    ...cacheWanted(values, paths, cwd) ? { cache: values["cache-location"] ? { location: resolve3(cwd, values["cache-location"]) } : {} } : {}
  };
  const failOn = failOnFlag ?? config.failOn ?? "error";
  if (values.cloudtrail !== void 0 && !cloudtrail) {
    const logs = values.cloudtrail;
    if (logs === "") throw new UsageError("--cloudtrail needs a folder or file of CloudTrail logs");
    return readCloudTrail(resolve3(cwd, logs), logs).then((read) => run(argv, io, read));
  }
  let result = scan(options);
  if (result.missing.length > 0) {
    const missing = new Set(result.missing);
    throw new UsageError(`no such file or folder: ${paths.filter((p) => missing.has(resolve3(cwd, p))).join(", ") || result.missing.join(", ")}`);
  }
  const [undeclared] = result.undeclaredVars;
  if (undeclared !== void 0) {
    throw new UsageError(`--var ${undeclared}: no Terraform root module in the scanned folders declares a variable named ${undeclared}`);
  }
  if (values.fix) {
    const fixed = fix(result, io, values["dry-run"] === true);
    if (values["dry-run"]) return exitStatus(result, failOn);
    if (fixed.written > 0) result = scan(options);
  }
  if (values["write-baseline"]) {
    writeReport(resolve3(cwd, values["write-baseline"]), baselineOf(result.findings), "--write-baseline");
    io.stderr(`pullguard: wrote ${result.findings.length} finding(s) to the baseline ${values["write-baseline"]}
`);
  }
  if (baseline && values.baseline) {
    const { fresh, matched, gone } = subtractBaseline(result.findings, baseline);
    result = { ...result, findings: fresh, baseline: { file: values.baseline, matched, gone } };
  }
  for (const target of outputs) {
    const color = target.output === void 0 && useColor(values, io);
    const report = render(target.format, result, { color, cwd, quiet: values.quiet === true, verbose: values.verbose === true });
    if (target.output) {
      writeReport(resolve3(cwd, target.output), report, "--output");
      if (target.format !== "text" && !values.quiet && outputs.every((o) => o.output)) io.stderr(summaryLine(result));
    } else io.stdout(report);
  }
  return exitStatus(result, failOn);
}
function writeReport(file, text, option) {
  try {
    mkdirSync(dirname2(file), { recursive: true });
    writeFileSync2(file, text);
  } catch (err) {
    const code = err.code;
    throw new UsageError(`${option} ${file}: cannot be written${code ? ` (${code})` : ""}`);
  }
}
function onlyOptions(command, tokens, allowed) {
  for (const t of tokens) {
    if (t.kind === "option" && !allowed.includes(t.name)) {
      throw new UsageError(`'pullguard ${command}' does not take --${t.name}${allowed.length > 0 ? ` (it takes ${allowed.map((a) => `--${a}`).join(", ")})` : ""}`);
    }
  }
}
function looksLikeHcl(input) {
  const text = typeof input === "string" ? input : Buffer.from(input.subarray(0, 65536)).toString("utf8");
  return /^[ \t]*(?:resource|data|module|variable|output|provider)[ \t]+"[^"]*"|^[ \t]*(?:terraform|locals)[ \t]*\{/m.test(text);
}
function exitStatus(result, failOn) {
  if (result.diagnostics.some(isFatal)) return EXIT_INCOMPLETE;
  const threshold = LEVEL_RANK[failOn];
  const failing = threshold > 0 && result.findings.some((f) => LEVEL_RANK[f.level] >= threshold);
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}
function fileSizeLimit(value) {
  if (value === void 0) return void 0;
  const bytes = parseSize(value);
  if (bytes === void 0) throw new UsageError(`--max-file-size ${value}: expected a size such as 10MB, 512KB or 1GB`);
  return bytes;
}
function reportTargets(tokens) {
  const targets = [];
  const pending = [];
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    if (t.name === "format") {
      targets.push({ format: oneOf2("format", t.value, FORMATS2), output: pending.shift() });
    } else if (t.name === "output" && t.value !== void 0) {
      const last = targets[targets.length - 1];
      if (last && last.output === void 0) last.output = t.value;
      else pending.push(t.value);
    }
  }
  if (targets.length === 0) targets.push({ format: "text", output: pending.shift() });
  if (pending.length > 0) throw new UsageError(`--output ${pending[0] ?? ""}: every --output needs its own --format`);
  if (targets.filter((t) => t.output === void 0).length > 1) {
    throw new UsageError("only one --format can go to standard output; give the others --output FILE");
  }
  return targets;
}
function readBaseline(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--baseline ${file}: no such file (write one with --write-baseline)`);
  }
  try {
    return parseBaseline(text, file);
  } catch (err) {
    throw new UsageError(err.message);
  }
}
function fix(result, io, dryRun) {
  const fixable = result.findings.filter((f) => f.fix);
  const onDisk = /* @__PURE__ */ new Map();
  for (const path of new Set(fixable.flatMap((f) => f.fix?.edits.map((e) => e.range.file) ?? []))) {
    try {
      const bytes = readFileSync(isAbsolute(path) ? path : join2(result.root, path));
      if (bytes[0] === 255 && bytes[1] === 254 || bytes[0] === 254 && bytes[1] === 255) {
        io.stderr(`pullguard: ${path} is UTF-16; pullguard fixes only UTF-8 files, so its fixes are left to you
`);
        continue;
      }
      onDisk.set(path, bytes.toString("utf8"));
    } catch {
    }
  }
  const applied = applyFixes(fixable, onDisk);
  const count = applied.files.reduce((n, f) => n + f.applied.length, 0);
  const shown = (path) => relative2(io.cwd, isAbsolute(path) ? path : join2(result.root, path)) || path;
  for (const file of applied.files) {
    const display = shown(file.path);
    if (dryRun) io.stdout(unifiedDiff(display, file.before, file.after));
    else {
      writeFileSync2(isAbsolute(file.path) ? file.path : join2(result.root, file.path), file.after);
      for (const a of file.applied) io.stderr(`pullguard: fixed ${display}:${a.line} ${a.ruleId}: ${a.description}
`);
    }
  }
  for (const s of applied.skipped) io.stderr(`pullguard: not fixed ${s.ruleId} (${s.description}): ${s.reason}
`);
  for (const f of result.findings) {
    if (!f.fixSkipped) continue;
    io.stderr(`pullguard: not fixed ${shown(f.location.file)}:${f.location.startLine} ${f.ruleId}: ${f.fixSkipped}
`);
  }
  io.stderr(`pullguard: ${dryRun ? "would fix" : "fixed"} ${count} finding(s) in ${applied.files.length} file(s)
`);
  return { written: dryRun ? 0 : applied.files.length, wouldFix: count };
}
function init(io, args) {
  if (args.length > 0) throw new UsageError(`'pullguard init' takes no arguments (got ${args.join(" ")})`);
  for (const file of initFiles({ cwd: io.cwd })) {
    const target = resolve3(io.cwd, file.path);
    if (existsSync2(target)) {
      io.stdout(`kept ${file.path}: it exists already
`);
      continue;
    }
    mkdirSync(dirname2(target), { recursive: true });
    writeFileSync2(target, file.text);
    io.stdout(`wrote ${file.path}: ${file.why}
`);
  }
  return EXIT_CLEAN;
}
function workerThreads(value) {
  if (value !== void 0 && !/^[1-9]\d{0,2}$/.test(value)) throw new UsageError(`--workers ${value}: expected a number of threads from 1 to 999`);
  const count = value === void 0 ? availableParallelism() - 1 : Number(value);
  return BUNDLED && count >= 2 ? { workers: { count, script: pathToFileURL(join2(PACKAGE_ROOT, "dist", "worker.js")) } } : {};
}
function cacheWanted(values, paths, cwd) {
  if (values["no-cache"]) return false;
  if (values.cache || values["cache-location"] !== void 0) return true;
  const named = paths.filter((p) => p !== "-").map((p) => resolve3(cwd, p));
  return named.length > 0 && named.every((p) => statSync(p, { throwIfNoEntry: false })?.isFile() === true && inRepository(p));
}
function useColor(values, io) {
  if (values["no-color"]) return false;
  if (values.color) return true;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force) return force !== "0" && force !== "false";
  return io.isTTY;
}
function render(format, result, options) {
  switch (format) {
    case "json":
      return formatJson(result);
    case "sarif":
      return formatSarif(result, RULES);
    case "github":
      return formatGithub(result, { cwd: options.cwd });
    case "markdown":
      return formatMarkdown(result, { cwd: options.cwd });
    case "text":
      return formatText(result, options);
  }
}
function summaryLine(result) {
  const failed = new Set(result.diagnostics.filter(isFatal).map((d) => d.file)).size;
  return `pullguard: ${result.findings.length} finding(s)${failed ? `, ${failed} file(s) could not be analysed` : ""}
`;
}
function listRules(io, args, format) {
  if (args.length > 0) throw new UsageError(`'pullguard rules' takes no arguments (got ${args.join(" ")})`);
  if (format === "json") {
    const rules = RULES.map((r) => ({
      id: r.meta.id,
      name: r.meta.name,
      level: r.meta.defaultLevel,
      securitySeverity: r.meta.securitySeverity ?? null,
      shortDescription: r.meta.shortDescription,
      helpUri: ruleDocsUrl(r)
    }));
    io.stdout(`${JSON.stringify(rules, null, 2)}
`);
    return EXIT_CLEAN;
  }
  const rows = RULES.map((r) => [r.meta.id, r.meta.name, r.meta.defaultLevel, r.meta.securitySeverity === void 0 ? "-" : r.meta.securitySeverity.toFixed(1), r.meta.shortDescription]);
  rows.unshift(["ID", "NAME", "LEVEL", "SEVERITY", "DESCRIPTION"]);
  const width = (i) => Math.max(...rows.map((row) => (row[i] ?? "").length));
  for (const row of rows) {
    io.stdout(`${row.slice(0, -1).map((cell, i) => cell.padEnd(width(i))).join("  ")}  ${row[row.length - 1] ?? ""}
`);
  }
  return EXIT_CLEAN;
}
function explain(io, args, format) {
  if (args.length !== 1) throw new UsageError("'pullguard explain' takes one rule id or name, for example: pullguard explain PG102");
  const rule = findRule(args[0]);
  if (!rule) throw new UsageError(`unknown rule '${args[0] ?? ""}'. Run 'pullguard rules' for the list.`);
  if (format === "json") {
    const { id, name, shortDescription, fullDescription, defaultLevel, securitySeverity, precision, tags, appliesTo, fixable } = rule.meta;
    const doc = { id, name, level: defaultLevel, securitySeverity: securitySeverity ?? null, precision, tags, appliesTo, fixable, shortDescription, fullDescription, helpUri: ruleDocsUrl(rule), markdown: ruleMarkdown(rule) };
    io.stdout(`${JSON.stringify(doc, null, 2)}
`);
    return EXIT_CLEAN;
  }
  io.stdout(ruleMarkdown(rule));
  return EXIT_CLEAN;
}

export {
  main
};
