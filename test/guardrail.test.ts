import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { managedPolicies, nodeStack } from "../rules/examples.js";
import { main } from "../src/cli/main.js";
import { isEcrWrite } from "../src/iam/access.js";
import { accessUnderScp, scpSources } from "../src/guardrail/evaluate.js";
import { iamPermissionsActions, REQUIRED_PULL_ACTIONS, trackedActions } from "../src/iam/catalogue.js";
import { deniedActions, MANAGED_POLICY_MAX_CHARS, SCP_MAX_CHARS, type PolicyDocumentJson } from "../src/guardrail/policy.js";
import type { RoleAccess } from "../src/model/access.js";
import type { ScanResult } from "../src/scan.js";
import { scanFolder, scanText } from "./helpers.js";

const FULL_ACCESS = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

function guardrail(args: string[]): { code: ReturnType<typeof main>; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = main(["guardrail", ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: tmpdir(), env: {}, isTTY: false });
  return { code, stdout, stderr };
}

function generated(args: string[]): string {
  const run = guardrail(args);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

/** Terraform: the node role `aws_iam_role.node` named `name`, with `policies` attached and `boundary` as its permissions_boundary. */
function tfNodeRole(name: string, policies: string[], boundary: string | undefined): string {
  return `resource "aws_iam_role" "node" {
  name = "${name}"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
${boundary ? `  permissions_boundary = ${boundary}\n` : ""}}

resource "aws_iam_role_policy_attachment" "node" {
  for_each   = toset([${policies.map((p) => `"${p}"`).join(", ")}])
  role       = aws_iam_role.node.name
  policy_arn = each.value
}

resource "aws_eks_node_group" "workers" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.node.arn
  subnet_ids    = ["subnet-0123456789abcdef0"]
}
`;
}

/** A customer managed policy `aws_iam_policy.<name>` holding a JSON document, as a heredoc. */
function tfPolicy(name: string, document: PolicyDocumentJson): string {
  return `resource "aws_iam_policy" "${name}" {
  name   = "${name}"
  policy = <<EOF
${JSON.stringify(document, null, 2)}
EOF
}
`;
}

function nodeAccess(result: ScanResult): RoleAccess {
  expect(result.diagnostics).toEqual([]);
  const [role, ...others] = result.model.linked.nodeRoles;
  expect(others).toEqual([]);
  const access = role ? result.model.access.get(role.role.key) : undefined;
  if (!access) throw new Error("no node role in the scan");
  expect(access.unknowns).toEqual([]);
  return access;
}

/** What a test pins about a node role under a guardrail: its ECR tier, IAM admin, and every ECR write or IAM permissions action it keeps. */
function summary(access: RoleAccess) {
  const permissions = new Set(iamPermissionsActions());
  return {
    tier: access.tier,
    iamAdmin: access.iamAdmin,
    writes: access.grants.filter((g) => isEcrWrite(g.action) || permissions.has(g.action)).map((g) => g.action.name),
    pulls: REQUIRED_PULL_ACTIONS.every((name) => access.grants.some((g) => g.action.name === name)),
  };
}

const PULL_ONLY_UNDER_GUARDRAIL = { tier: "read", iamAdmin: false, writes: [], pulls: true };

describe("the denied actions", () => {
  it("are exactly the catalogue's ECR actions above read and its IAM permissions-management actions", () => {
    const expected = [...trackedActions().filter(isEcrWrite), ...iamPermissionsActions()].map((a) => a.name).sort();
    expect([...deniedActions()].sort()).toEqual(expected);
    expect(deniedActions()).toEqual(expect.arrayContaining(["ecr:PutImage", "ecr:BatchDeleteImage", "ecr:SetRepositoryPolicy", "ecr-public:PutImage", "iam:AttachRolePolicy", "iam:DeleteRolePermissionsBoundary"]));
    // Nothing a node needs to pull is denied.
    for (const pull of [...REQUIRED_PULL_ACTIONS, "ecr:BatchImportUpstreamImage", "ecr:CreateRepository", "ecr:BatchCheckLayerAvailability"]) expect(deniedActions()).not.toContain(pull);
  });
});

describe("pullguard guardrail --kind boundary", () => {
  const json = JSON.parse(generated(["--kind", "boundary"])) as PolicyDocumentJson;

  it("allows everything and denies the ECR write and IAM permissions actions, within the managed-policy size limit", () => {
    expect(json.Statement.map((s) => [s.Effect, s.Action === "*" ? "*" : "list", s.Resource, s.Condition])).toEqual([
      ["Allow", "*", "*", undefined],
      ["Deny", "list", "*", undefined],
    ]);
    expect(json.Statement[1]?.Action).toEqual(deniedActions());
    const printed = generated(["--kind", "boundary"]);
    expect(printed.replace(/\s/g, "").length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
  });

  it.each([
    ["AmazonEC2ContainerRegistryFullAccess", FULL_ACCESS],
    ["AdministratorAccess", ADMIN],
  ])("keeps a node role with %s to pulling and reading, with no IAM admin (JSON, in the IAM engine)", (_, arn) => {
    const without = nodeAccess(scanText({ "main.tf": tfNodeRole("prod-node-role", [arn], undefined) }));
    expect(without.tier).toBe("admin");
    const under = nodeAccess(scanText({ "main.tf": tfNodeRole("prod-node-role", [arn], "aws_iam_policy.boundary.arn") + tfPolicy("boundary", json) }));
    expect(summary(under)).toEqual(PULL_ONLY_UNDER_GUARDRAIL);
    expect(under.cancelled.some((c) => c.grant.action.name === "ecr:PutImage" && c.reason.startsWith("outside the permissions boundary"))).toBe(true);
  });

  it("writes Terraform that pullguard reads back as the boundary of a node role with FullAccess (no PG101, PG102, PG103)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-guardrail-"));
    expect(guardrail(["--kind", "boundary", "--format", "terraform", "--output", join(dir, "boundary.tf")])).toEqual({ code: 0, stdout: "", stderr: "" });
    const tf = readFileSync(join(dir, "boundary.tf"), "utf8");
    expect(tf).toContain('resource "aws_iam_policy" "pullguard_node_boundary"');
    expect(tf).toContain("policy = jsonencode(");

    writeFileSync(join(dir, "nodes.tf"), tfNodeRole("prod-node-role", [FULL_ACCESS], undefined));
    expect(scanFolder(dir).findings.map((f) => f.rule)).toEqual(["PG102"]);

    writeFileSync(join(dir, "nodes.tf"), tfNodeRole("prod-node-role", [FULL_ACCESS, ADMIN], "aws_iam_policy.pullguard_node_boundary.arn"));
    const { result, findings } = scanFolder(dir);
    expect(findings).toEqual([]);
    expect(summary(nodeAccess(result))).toEqual(PULL_ONLY_UNDER_GUARDRAIL);
  });

  it("writes CloudFormation whose AWS::IAM::ManagedPolicy pullguard reads back as a node role's boundary", () => {
    const template = parse(generated(["--kind", "boundary", "--format", "cloudformation"])) as { Resources: Record<string, { Type: string }> };
    expect(Object.entries(template.Resources).map(([id, r]) => [id, r.Type])).toEqual([["PullguardNodeBoundary", "AWS::IAM::ManagedPolicy"]]);
    const node = parse(nodeStack({ role: managedPolicies(FULL_ACCESS, ADMIN) + "      PermissionsBoundary: !Ref PullguardNodeBoundary\n" }).replace("!GetAtt NodeRole.Arn", "{ Fn::GetAtt: [NodeRole, Arn] }").replace("!Ref PullguardNodeBoundary", "{ Ref: PullguardNodeBoundary }")) as {
      Resources: Record<string, unknown>;
    };
    const combined = stringify({ ...template, Resources: { ...template.Resources, ...node.Resources } });
    const result = scanText({ "stack.yaml": combined });
    expect(result.findings.filter((f) => ["PG101", "PG102", "PG103"].includes(f.ruleId))).toEqual([]);
    expect(summary(nodeAccess(result))).toEqual(PULL_ONLY_UNDER_GUARDRAIL);
  });
});

describe("pullguard guardrail --kind scp", () => {
  const args = ["--kind", "scp", "--role-pattern", "*-node-role", "--role-pattern", "eks-node-*", "--tag", "eks-node=true"];
  const scp = JSON.parse(generated(args)) as PolicyDocumentJson;

  it("denies the actions to roles matched by name or by tag, within the SCP size limit", () => {
    expect(scp.Statement.map((s) => [s.Effect, s.Resource, s.Condition])).toEqual([
      ["Deny", "*", { ArnLike: { "aws:PrincipalArn": ["arn:*:iam::*:role/*-node-role", "arn:*:iam::*:role/eks-node-*"] } }],
      ["Deny", "*", { StringEquals: { "aws:PrincipalTag/eks-node": "true" } }],
    ]);
    for (const s of scp.Statement) expect(s.Action).toEqual(deniedActions());
    expect(generated(args).length).toBeLessThanOrEqual(SCP_MAX_CHARS);
  });

  /**
   * The SCP is evaluated by the IAM engine as an SCP layer over the role: it caps what the role's
   * policies allow and takes out what it denies, with its principal conditions decided for the role.
   */
  function underScp(roleName: string, roleTags: Record<string, string>, policies: string[]) {
    const result = scanText({ "main.tf": tfNodeRole(roleName, policies, undefined) });
    const [role] = result.model.linked.nodeRoles;
    if (!role) throw new Error("no node role in the scan");
    const access = accessUnderScp(role.sources, role.boundary, scp, { arn: `arn:aws:iam::111122223333:role/${roleName}`, tags: roleTags });
    expect(access.unknowns).toEqual([]);
    return summary(access);
  }

  it.each([
    ["matched by name", "prod-node-role", {}],
    ["matched by its path and name", "eks/prod-node-role", {}],
    ["matched by the second pattern", "eks-node-blue", {}],
    ["matched by tag", "workers", { "eks-node": "true" }],
  ])("keeps a node role %s with FullAccess or AdministratorAccess to pulling and reading", (_, name, tags) => {
    expect(underScp(name, tags, [FULL_ACCESS])).toEqual(PULL_ONLY_UNDER_GUARDRAIL);
    expect(underScp(name, tags, [ADMIN])).toEqual(PULL_ONLY_UNDER_GUARDRAIL);
  });

  it("leaves roles it does not match alone", () => {
    expect(underScp("ci-builder", { "eks-node": "false" }, [FULL_ACCESS])).toMatchObject({ tier: "admin", pulls: true });
  });

  it("applies the Deny statements whose principal conditions match the role, without their conditions", () => {
    const [full, applied] = scpSources(scp, { arn: "arn:aws:iam::111122223333:role/eks-node-blue", tags: {} });
    expect(full?.document.statements.map((s) => [s.effect, s.actions?.map((a) => a.text), s.resources?.map((r) => r.text)])).toEqual([["Allow", ["*"], ["*"]]]);
    expect(applied?.document.statements.map((s) => [s.sid, s.conditions])).toEqual([["DenyEcrWriteAndPermissionsManagementToNodeRolesByName", []]]);
    const other = scpSources(scp, { arn: "arn:aws:iam::111122223333:role/ci-builder", tags: { "eks-node": "true" } })[1];
    expect(other?.document.statements.map((s) => s.sid)).toEqual(["DenyEcrWriteAndPermissionsManagementToNodeRolesByTag"]);
  });

  it("caps the role like a boundary, on resources too: a role whose policies push only outside the SCP's reach keeps nothing it denies", () => {
    const result = scanText({ "main.tf": tfNodeRole("prod-node-role", [FULL_ACCESS], undefined) });
    const [role] = result.model.linked.nodeRoles;
    if (!role) throw new Error("no node role");
    const scoped: PolicyDocumentJson = {
      Version: "2012-10-17",
      Statement: [{ Sid: "DenyPushToProd", Effect: "Deny", Action: ["ecr:PutImage"], Resource: "arn:aws:ecr:*:*:repository/prod/*" }],
    };
    const access = accessUnderScp(role.sources, role.boundary, scoped, { arn: "arn:aws:iam::111122223333:role/prod-node-role", tags: {} });
    const put = access.grants.find((g) => g.action.name === "ecr:PutImage");
    expect(put?.scope).toEqual({ everywhere: false, resources: ["*"], only: [], except: ["arn:aws:ecr:*:*:repository/prod/*"] });
  });

  it("writes Terraform and CloudFormation organization policies holding the same document", () => {
    const tf = generated([...args, "--format", "terraform", "--name", "node-ecr"]);
    expect(tf).toContain('resource "aws_organizations_policy" "node_ecr"');
    expect(tf).toContain('type        = "SERVICE_CONTROL_POLICY"');
    expect(tf).toContain('"aws:PrincipalArn" = [');
    // Read back through pullguard's HCL reader: the same document, as an IAM policy's would be.
    const asPolicy = tf.replace('resource "aws_organizations_policy"', 'resource "aws_iam_policy"').replace("content = jsonencode", "policy = jsonencode");
    const read = scanText({ "scp.tf": asPolicy });
    expect(read.diagnostics).toEqual([]);
    const statements = read.model.linked.facts.policies[0]?.document.statements.map((st) => ({
      effect: st.effect,
      actions: st.actions?.map((a) => a.text),
      conditions: st.conditions.map((c) => [c.operator, c.key, c.values.map((v) => v.text)]),
    }));
    expect(statements).toEqual(
      scp.Statement.map((st) => ({
        effect: st.Effect,
        actions: st.Action,
        conditions: Object.entries(st.Condition ?? {}).flatMap(([operator, clauses]) => Object.entries(clauses).map(([key, values]) => [operator, key, [values].flat()])),
      })),
    );
    const cfn = parse(generated([...args, "--format", "cloudformation"])) as { Resources: Record<string, { Type: string; Properties: { Type: string; Content: unknown } }> };
    const [policy] = Object.values(cfn.Resources);
    expect(policy?.Type).toBe("AWS::Organizations::Policy");
    expect(policy?.Properties.Type).toBe("SERVICE_CONTROL_POLICY");
    expect(policy?.Properties.Content).toEqual(scp);
  });
});

describe("pullguard guardrail arguments", () => {
  it("explains itself with --help", () => {
    const { code, stdout } = guardrail(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: pullguard guardrail --kind scp|boundary");
    expect(stdout).toContain("--role-pattern GLOB");
  });

  it.each([
    [[], "pullguard: guardrail: --kind is required: --kind boundary (attach to node roles) or --kind scp (for the organization)\n"],
    [["--kind", "fence"], "pullguard: guardrail: --kind fence: expected one of scp, boundary\n"],
    [["--kind", "boundary", "--format", "xml"], "pullguard: guardrail: --format xml: expected one of json, terraform, cloudformation\n"],
    [["--kind", "scp"], "pullguard: guardrail: --kind scp needs --role-pattern GLOB or --tag KEY=VALUE to match node roles; without one it would apply to every principal\n"],
    [["--kind", "scp", "--role-pattern", "*"], "pullguard: guardrail: --role-pattern *: a pattern that matches every role would deny these actions to every role, not only node roles\n"],
    [["--kind", "scp", "--role-pattern", "nodes role"], "pullguard: guardrail: --role-pattern nodes role: a role pattern may hold letters, digits, + = , . @ - _ / and the wildcards * and ?\n"],
    [["--kind", "scp", "--tag", "eks-node"], "pullguard: guardrail: --tag eks-node: expected KEY=VALUE, for example --tag eks-node=true\n"],
    [["--kind", "scp", "--tag", "aws:x=1"], "pullguard: guardrail: --tag aws:x=1: tag keys starting with aws: are reserved by AWS\n"],
    [["--kind", "boundary", "--role-pattern", "*-node-role"], "pullguard: guardrail: --role-pattern and --tag choose the roles an SCP applies to; a permissions boundary applies to the roles you attach it to. Use them with --kind scp.\n"],
    [["--kind", "boundary", "--name", "my boundary"], "pullguard: guardrail: --name my boundary: a policy name is 1 to 128 letters, digits and + = , . @ _ -\n"],
    [["--kind", "boundary", "--frobnicate"], "pullguard: guardrail: unknown option '--frobnicate'. Run 'pullguard guardrail --help' for the options.\n"],
    [["--kind", "boundary", "extra"], "pullguard: guardrail: unexpected argument 'extra'. Run 'pullguard guardrail --help' for the options.\n"],
  ])("rejects %j with exit 2", (args, message) => {
    expect(guardrail(args)).toEqual({ code: 2, stdout: "", stderr: message });
  });

  it("says when --output cannot be written, with exit 2", () => {
    const { code, stdout, stderr } = guardrail(["--kind", "boundary", "--output", join(tmpdir(), "no-such-folder-pullguard", "boundary.json")]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(/^pullguard: guardrail: --output .*boundary\.json: cannot write: ENOENT/);
  });
});
