import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { findRoot } from "../src/discover/discover.js";
import { resolvePlan } from "../src/extract/terraform/plan.js";
import type { TfObject, TfValue } from "../src/extract/terraform/value.js";
import { summarizeNodeRoles } from "../src/report/summary.js";
import { scan, type ScanResult } from "../src/scan.js";
import { FIXTURE_TODAY, FIXTURES, PROJECT } from "./helpers.js";

// Plans made by OpenTofu with a stand-in AWS provider (scripts/plan-fixtures/generate.sh) from the
// configurations in scripts/plan-fixtures/configs/<case>/: in each, what pullguard must follow is only
// known after apply. A plan scanned alone must say what its HCL says: the same rules, the same node roles.

const CONFIGS = join(PROJECT, "scripts", "plan-fixtures", "configs");
const planDir = (name: string) => join(FIXTURES, "terraform", name);
const planText = (name: string) => readFileSync(join(planDir(name), "plan.json"), "utf8");

function scanPlan(name: string): ScanResult {
  return scan({ paths: [planDir(name)], cwd: planDir(name), exclude: ["expected.json"], today: FIXTURE_TODAY });
}

/** The root module of the configuration (its child modules are read through their calls, not as roots of their own). */
function scanHcl(name: string): ScanResult {
  // The root module only, as terraform plan reads it: its child modules are read through their calls.
  // Globs are relative to the scan's root: the repository holding the configuration, when there is one.
  const dir = join(CONFIGS, name);
  const below = relative(findRoot(dir), dir);
  return scan({ paths: [dir], cwd: dir, exclude: [below ? `${below}/*/**` : "*/**"], today: FIXTURE_TODAY });
}

/** rule, line, column, and a fragment of the message. */
type Pinned = [string, number, number, string];
/** node role, its ECR tier, and what makes it a node role. */
type Role = [string, string, string];

interface Case {
  name: string;
  findings: Pinned[];
  roles: Role[];
}

const TEMPLATE_NODES =
  "node group aws_autoscaling_group.nodes > launch template aws_launch_template.node > instance profile aws_iam_instance_profile.node; node group aws_eks_node_group.managed > launch template aws_launch_template.managed";

const CASES: Case[] = [
  {
    // Node group, role, attachments and an inline policy on a repository ARN: all new, every ARN unknown.
    name: "plan-root-new",
    findings: [
      ["PG102", 192, 27, "Node role aws_iam_role.node has the AWS managed policy AmazonEC2ContainerRegistryFullAccess"],
      // The policy document is read at apply (it names the repository's ARN): its statement blocks are in the plan.
      ["PG101", 222, 19, 'can ecr:CompleteLayerUpload through "ecr:CompleteLayerUpload" in policy aws_iam_role_policy.push'],
      ["PG101", 223, 19, "can ecr:InitiateLayerUpload"],
      ["PG101", 224, 19, "can ecr:PutImage"],
      ["PG101", 225, 19, "can ecr:UploadLayerPart"],
    ],
    roles: [["aws_iam_role.node", "admin", "node group aws_eks_node_group.default"]],
  },
  { name: "plan-root-new-good", findings: [], roles: [["aws_iam_role.node", "pull", "node group aws_eks_node_group.default"]] },
  {
    // The root's customer policy goes into the module as var.extra_policy_arn; each action is placed in the policy's JSON text.
    name: "plan-child-module",
    findings: [
      ["PG101", 60, 53, 'Node role module.nodes.aws_iam_role.this can ecr:PutImage through "ecr:PutImage" in policy aws_iam_policy.builds'],
      ["PG101", 60, 70, "can ecr:InitiateLayerUpload"],
      ["PG101", 60, 98, "can ecr:UploadLayerPart"],
      ["PG101", 60, 122, "can ecr:CompleteLayerUpload"],
    ],
    roles: [["module.nodes.aws_iam_role.this", "write", "node group module.nodes.aws_eks_node_group.this"]],
  },
  { name: "plan-child-module-good", findings: [], roles: [["module.nodes.aws_iam_role.this", "read", "node group module.nodes.aws_eks_node_group.this"]] },
  {
    name: "plan-module-output",
    findings: [["PG102", 98, 31, "Node role module.iam.aws_iam_role.this has the AWS managed policy AmazonEC2ContainerRegistryFullAccess"]],
    roles: [["module.iam.aws_iam_role.this", "admin", "node group aws_eks_node_group.default"]],
  },
  { name: "plan-module-output-good", findings: [], roles: [["module.iam.aws_iam_role.this", "pull", "node group aws_eks_node_group.default"]] },
  {
    name: "plan-for-each",
    findings: [["PG102", 210, 27, 'Node role aws_iam_role.node["builders"] has the AWS managed policy AmazonEC2ContainerRegistryPowerUser']],
    roles: [
      ['aws_iam_role.node["builders"]', "write", 'node group aws_eks_node_group.this["builders"]'],
      ['aws_iam_role.node["general"]', "pull", 'node group aws_eks_node_group.this["general"]'],
    ],
  },
  {
    name: "plan-for-each-good",
    findings: [],
    roles: [
      ['aws_iam_role.node["builders"]', "pull", 'node group aws_eks_node_group.this["builders"]'],
      ['aws_iam_role.node["general"]', "pull", 'node group aws_eks_node_group.this["general"]'],
    ],
  },
  {
    name: "plan-count",
    findings: [["PG102", 209, 27, "Node role aws_iam_role.node[1] has the AWS managed policy AmazonEC2ContainerRegistryFullAccess"]],
    roles: [
      ["aws_iam_role.node[0]", "pull", "node group aws_eks_node_group.this[0]"],
      ["aws_iam_role.node[1]", "admin", "node group aws_eks_node_group.this[1]"],
    ],
  },
  {
    name: "plan-count-good",
    findings: [],
    roles: [
      ["aws_iam_role.node[0]", "pull", "node group aws_eks_node_group.this[0]"],
      ["aws_iam_role.node[1]", "pull", "node group aws_eks_node_group.this[1]"],
    ],
  },
  {
    // Auto Scaling group → launch template (by its unknown id) → instance profile (by its unknown ARN) → role; and a
    // managed node group → launch template (by its unknown name).
    name: "plan-launch-template",
    findings: [
      ["PG301", 202, 48, "Launch template aws_launch_template.managed sets http_put_response_hop_limit to 2, so any pod on these nodes can take the credentials of node role aws_iam_role.node"],
      ["PG301", 255, 48, "Launch template aws_launch_template.node sets http_put_response_hop_limit to 2, so any pod on these nodes can take the credentials of node role aws_iam_role.node"],
    ],
    roles: [["aws_iam_role.node", "pull", TEMPLATE_NODES]],
  },
  { name: "plan-launch-template-good", findings: [], roles: [["aws_iam_role.node", "pull", TEMPLATE_NODES]] },
  {
    name: "plan-access-entry",
    findings: [["PG102", 129, 27, "Node role aws_iam_role.node has the AWS managed policy AmazonEC2ContainerRegistryFullAccess"]],
    roles: [["aws_iam_role.node", "admin", "EKS access entry aws_eks_access_entry.nodes"]],
  },
  { name: "plan-access-entry-good", findings: [], roles: [["aws_iam_role.node", "pull", "EKS access entry aws_eks_access_entry.nodes"]] },
  {
    // A policy passed down two modules as variables, and the role's name passed up two modules as outputs.
    name: "plan-nested-module",
    findings: [
      ["PG101", 18, 53, 'Node role module.platform.module.nodes.aws_iam_role.this can ecr:PutImage through "ecr:PutImage" in policy aws_iam_policy.builds'],
      ["PG101", 18, 70, "can ecr:InitiateLayerUpload"],
      ["PG101", 18, 98, "can ecr:UploadLayerPart"],
      ["PG101", 18, 122, "can ecr:CompleteLayerUpload"],
      ["PG102", 33, 27, "Node role module.platform.module.nodes.aws_iam_role.this has the AWS managed policy AmazonEC2ContainerRegistryPowerUser"],
    ],
    roles: [["module.platform.module.nodes.aws_iam_role.this", "write", "node group module.platform.module.nodes.aws_eks_node_group.this"]],
  },
  {
    name: "plan-nested-module-good",
    findings: [],
    roles: [["module.platform.module.nodes.aws_iam_role.this", "read", "node group module.platform.module.nodes.aws_eks_node_group.this"]],
  },
  {
    // What a plan cannot say (see its main.tf): the HCL finds three FullAccess node roles and one that pushes.
    name: "plan-unresolved",
    findings: [
      // The FullAccess attachments name no role pullguard can tell: the group roles seem to lack pull (link drops such attachments).
      ["PG104", 237, 9, 'Node role aws_iam_role.group["builders"] cannot pull from ECR'],
      ["PG104", 261, 9, 'Node role aws_iam_role.group["general"] cannot pull from ECR'],
      ["PG901", 1221, 17, "Node role of node group aws_eks_node_group.default: local.node_role_arn: a plan does not record the expressions of locals"],
      ["PG901", 1350, 17, "Node role aws_iam_role.builder: policy aws_iam_role_policy.builder_push: policy is only known after apply: it is built from aws_ecr_repository.app.arn"],
    ],
    roles: [
      ["aws_iam_role.builder", "pull", "node group aws_eks_node_group.builder"],
      ['aws_iam_role.group["builders"]', "none", 'node group aws_eks_node_group.group["builders"]'],
      ['aws_iam_role.group["general"]', "none", 'node group aws_eks_node_group.group["general"]'],
    ],
  },
];

function pinned(result: ScanResult, dir: string) {
  return result.findings.map((f) => ({ rule: f.ruleId, file: relative(dir, join(result.root, f.location.file)), line: f.location.startLine, column: f.location.startColumn, message: f.message }));
}

function roles(result: ScanResult): Role[] {
  return summarizeNodeRoles(result.model)
    .map((n): Role => [n.role, n.ecrTier, n.nodes.map((p) => p.path.join(" > ")).join("; ")])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/** What a plan and its HCL must agree on: each rule's count, and each node role with its tier, its nodes and its policies. */
function verdict(result: ScanResult) {
  const rules: Record<string, number> = {};
  for (const f of result.findings) rules[f.ruleId] = (rules[f.ruleId] ?? 0) + 1;
  const nodeRoles = summarizeNodeRoles(result.model)
    .map((n) => ({ role: n.role, tier: n.ecrTier, admin: n.iamAdmin, nodes: n.nodes.map((p) => p.path.join(" > ")), policies: [...new Set(n.grants.map((g) => `${g.policyKind} ${g.policy}`))].sort(), unresolved: n.unresolved.length }))
    .sort((a, b) => a.role.localeCompare(b.role));
  return { rules, nodeRoles };
}

describe("plans of new infrastructure (every ARN known only after apply)", () => {
  it.each(CASES)("$name: findings at the pinned rule, file, line and column, and the node roles", ({ name, findings, roles: expectedRoles }) => {
    const result = scanPlan(name);
    expect(result.diagnostics).toEqual([]);
    const got = pinned(result, planDir(name));
    expect(got.map((f) => [f.rule, f.file, f.line, f.column])).toEqual(findings.map(([rule, line, column]) => [rule, "plan.json", line, column]));
    findings.forEach(([, , , fragment], i) => expect(got[i]?.message).toContain(fragment));
    expect(roles(result)).toEqual([...expectedRoles].sort((a, b) => a[0].localeCompare(b[0])));
  });

  it.each(CASES.filter((c) => c.name !== "plan-unresolved"))("$name: the plan alone gives the same rules and node roles as its HCL", ({ name }) => {
    const plan = verdict(scanPlan(name));
    const hcl = verdict(scanHcl(name));
    expect(plan).toEqual(hcl);
    expect(plan.nodeRoles.length).toBeGreaterThan(0);
  });

  it("says what it could not follow where HCL can: a local, an index that is not each.key or count.index, a jsonencode()", () => {
    expect(verdict(scanHcl("plan-unresolved")).rules).toEqual({ PG101: 1, PG102: 3 });
    const values = resolvePlan("plan.json", planText("plan-unresolved"));
    expect(reasonAt(values, "aws_eks_node_group.default", "node_role_arn")).toBe("local.node_role_arn: a plan does not record the expressions of locals, so pullguard cannot follow it");
    expect(reasonAt(values, 'aws_iam_role_policy_attachment.group["builders/ecr"]', "role")).toBe(
      "aws_iam_role.group: aws_iam_role.group has 2 instances, and a plan does not say which one the expression picks",
    );
    expect(reasonAt(values, "aws_iam_role_policy.builder_push", "policy")).toBe(
      "policy is only known after apply: it is built from aws_ecr_repository.app.arn, and a plan records neither its text nor its expression",
    );
  });
});

// --- what each unknown value resolves to ---

function attr(values: Map<string, TfObject>, address: string, ...path: (string | number)[]): TfValue | undefined {
  let v: TfValue | undefined = values.get(address);
  for (const step of path) {
    if (v?.k === "tuple" && typeof step === "number") v = v.items[step];
    else if (v?.k === "object") v = v.attrs.get(String(step));
    else return undefined;
  }
  return v;
}

/** The instance an unknown value refers to, and the attribute read from it. */
function refAt(values: Map<string, TfObject>, address: string, ...path: (string | number)[]): string | undefined {
  const v = attr(values, address, ...path);
  const ref = v?.k === "unknown" || v?.k === "string" ? v.ref : undefined;
  return ref ? `${ref.key.replace(/^plan:plan\.json::/, "")} ${ref.attribute ?? ""}`.trim() : undefined;
}

function reasonAt(values: Map<string, TfObject>, address: string, ...path: (string | number)[]): string | undefined {
  const v = attr(values, address, ...path);
  return v?.k === "unknown" ? v.reason : undefined;
}

describe("unknown values of a plan follow its configuration", () => {
  it("to the resource they name (aws_iam_role.node.arn), in the same module", () => {
    const values = resolvePlan("plan.json", planText("plan-root-new"));
    expect(refAt(values, "aws_eks_node_group.default", "node_role_arn")).toBe("aws_iam_role.node arn");
    expect(refAt(values, "aws_iam_role_policy_attachment.ecr", "role")).toBe("aws_iam_role.node name");
    expect(refAt(values, "aws_iam_role_policy.push", "role")).toBe("aws_iam_role.node id");
    expect(refAt(values, "aws_eks_cluster.this", "role_arn")).toBe("aws_iam_role.cluster arn");
  });

  it("leaves out what the provider sets and the configuration does not write (as in the HCL)", () => {
    const role = resolvePlan("plan.json", planText("plan-root-new")).get("aws_iam_role.node");
    // name from name_prefix, managed_policy_arns and inline_policy (Optional+Computed), arn, tags_all.
    for (const computed of ["name", "managed_policy_arns", "inline_policy", "arn", "tags_all", "unique_id"]) expect(role?.attrs.has(computed), computed).toBe(false);
    expect(attr(new Map([["r", role as TfObject]]), "r", "name_prefix")).toMatchObject({ k: "string", text: "prod-nodes-" });
  });

  it("to the statements of a policy document read at apply, its unknown resource a reference to the repository", () => {
    const values = resolvePlan("plan.json", planText("plan-root-new"));
    const policy = attr(values, "aws_iam_role_policy.push", "policy");
    expect(policy).toMatchObject({ k: "object", json: true });
    const actions = attr(values, "aws_iam_role_policy.push", "policy", "Statement", 0, "Action");
    expect(actions?.k === "tuple" ? actions.items.map((a) => (a.k === "string" ? a.text : a.k)) : actions).toEqual(["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]);
    expect(refAt(values, "aws_iam_role_policy.push", "policy", "Statement", 0, "Resource", 0)).toBe("aws_ecr_repository.app arn");
    expect(attr(values, "aws_iam_role_policy.push", "policy", "Statement", 0, "Effect")).toMatchObject({ k: "string", text: "Allow" });
  });

  it("to the module call's expression for var.x, in the caller's module", () => {
    const values = resolvePlan("plan.json", planText("plan-child-module"));
    expect(refAt(values, "module.nodes.aws_iam_role_policy_attachment.extra", "policy_arn")).toBe("aws_iam_policy.builds arn");
    expect(refAt(values, "module.nodes.aws_iam_role_policy_attachment.extra", "role")).toBe("module.nodes.aws_iam_role.this name");
    expect(refAt(values, "module.nodes.aws_eks_node_group.this", "node_role_arn")).toBe("module.nodes.aws_iam_role.this arn");
  });

  it("to the output's expression in the child for module.x.y", () => {
    const values = resolvePlan("plan.json", planText("plan-module-output"));
    expect(refAt(values, "aws_eks_node_group.default", "node_role_arn")).toBe("module.iam.aws_iam_role.this arn");
  });

  it("through two modules down (variables) and two modules up (outputs)", () => {
    const values = resolvePlan("plan.json", planText("plan-nested-module"));
    expect(refAt(values, "module.platform.module.nodes.aws_iam_role_policy_attachment.extra", "policy_arn")).toBe("aws_iam_policy.builds arn");
    expect(refAt(values, "aws_iam_role_policy_attachment.extra", "role")).toBe("module.platform.module.nodes.aws_iam_role.this name");
    expect(refAt(values, "module.platform.module.nodes.aws_eks_node_group.this", "node_role_arn")).toBe("module.platform.module.nodes.aws_iam_role.this arn");
  });

  it("to the instance with the same key for [each.key] and [count.index]", () => {
    // The plan records aws_iam_role.node[each.key].arn as aws_iam_role.node and each.key: the attribute is lost, the instance is not.
    const forEach = resolvePlan("plan.json", planText("plan-for-each"));
    expect(refAt(forEach, 'aws_eks_node_group.this["builders"]', "node_role_arn")).toBe('aws_iam_role.node["builders"]');
    expect(refAt(forEach, 'aws_iam_role_policy_attachment.ecr["general"]', "role")).toBe('aws_iam_role.node["general"]');
    const count = resolvePlan("plan.json", planText("plan-count"));
    expect(refAt(count, "aws_eks_node_group.this[1]", "node_role_arn")).toBe("aws_iam_role.node[1]");
    expect(refAt(count, "aws_iam_role_policy_attachment.ecr[0]", "role")).toBe("aws_iam_role.node[0]");
  });

  it("inside nested blocks: iam_instance_profile { arn | name } and launch_template { id | name }", () => {
    const values = resolvePlan("plan.json", planText("plan-launch-template"));
    expect(refAt(values, "aws_launch_template.node", "iam_instance_profile", 0, "arn")).toBe("aws_iam_instance_profile.node arn");
    expect(refAt(values, "aws_autoscaling_group.nodes", "launch_template", 0, "id")).toBe("aws_launch_template.node id");
    // The block's name is Optional+Computed and not written: left out, so the handler reads the id.
    expect(attr(values, "aws_autoscaling_group.nodes", "launch_template", 0, "name")).toBeUndefined();
    expect(refAt(values, "aws_eks_node_group.managed", "launch_template", 0, "name")).toBe("aws_launch_template.managed name");
    expect(attr(values, "aws_eks_node_group.managed", "launch_template", 0, "id")).toBeUndefined();
    expect(refAt(values, "aws_iam_instance_profile.node", "role")).toBe("aws_iam_role.node name");
    const good = resolvePlan("plan.json", planText("plan-launch-template-good"));
    expect(refAt(good, "aws_launch_template.node", "iam_instance_profile", 0, "name")).toBe("aws_iam_instance_profile.node name");
  });

  it("principal_arn of an EKS access entry", () => {
    const values = resolvePlan("plan.json", planText("plan-access-entry"));
    expect(refAt(values, "aws_eks_access_entry.nodes", "principal_arn")).toBe("aws_iam_role.node arn");
    expect(attr(values, "aws_eks_access_entry.nodes", "type")).toMatchObject({ k: "string", text: "EC2_LINUX" });
  });
});

// --- shapes the fixtures do not have, as a plan of the real provider writes them ---

/** A plan of one module with the given resources (planned values, after_unknown and expressions). */
function miniPlan(resources: { address: string; type: string; name: string; index?: string | number; values?: object; unknown?: object; expressions?: object; forEach?: object }[], moduleCalls: object = {}, childModules: object[] = []): string {
  const config = new Map<string, object>();
  for (const r of resources) {
    const address = r.address.replace(/\[.*\]$/, "");
    config.set(address, { address, mode: "managed", type: r.type, name: r.name, expressions: r.expressions ?? {}, ...(r.forEach ? { for_each_expression: r.forEach } : {}) });
  }
  return JSON.stringify(
    {
      format_version: "1.2",
      planned_values: {
        root_module: {
          resources: resources.map((r) => ({ address: r.address, mode: "managed", type: r.type, name: r.name, ...(r.index === undefined ? {} : { index: r.index }), values: r.values ?? {} })),
          child_modules: childModules,
        },
      },
      resource_changes: resources.map((r) => ({ address: r.address, change: { actions: ["create"], after_unknown: r.unknown ?? {} } })),
      configuration: { root_module: { resources: [...config.values()], module_calls: moduleCalls } },
    },
    null,
    2,
  );
}

describe("plans as the real provider writes them", () => {
  it("a set with an item known after apply is unknown as a whole: its references are items, with a note that literal items are not in the plan", () => {
    const text = miniPlan([
      { address: "aws_iam_policy.push", type: "aws_iam_policy", name: "push", values: { policy: "{}" }, unknown: { arn: true } },
      {
        address: "aws_iam_role.node",
        type: "aws_iam_role",
        name: "node",
        values: { assume_role_policy: "{}" },
        unknown: { managed_policy_arns: true, arn: true },
        expressions: { managed_policy_arns: { references: ["aws_iam_policy.push.arn", "aws_iam_policy.push"] } },
      },
    ]);
    const arns = attr(resolvePlan("plan.json", text), "aws_iam_role.node", "managed_policy_arns");
    expect(arns?.k).toBe("tuple");
    const items = arns?.k === "tuple" ? arns.items : [];
    expect(items.map((i) => (i.k === "unknown" ? (i.ref?.key.split("::")[1] ?? i.reason) : i.k))).toEqual([
      "aws_iam_policy.push",
      "managed_policy_arns is only known after apply: the plan records what it refers to, not the items written as text",
    ]);
  });

  it("a value that names two resources, with no way to tell which, stays unknown and names both", () => {
    const text = miniPlan([
      { address: "aws_iam_role.a", type: "aws_iam_role", name: "a", unknown: { arn: true } },
      { address: "aws_iam_role.b", type: "aws_iam_role", name: "b", unknown: { arn: true } },
      {
        address: "aws_eks_node_group.this",
        type: "aws_eks_node_group",
        name: "this",
        unknown: { node_role_arn: true },
        expressions: { node_role_arn: { references: ["var.blue", "aws_iam_role.a.arn", "aws_iam_role.a", "aws_iam_role.b.arn", "aws_iam_role.b"] } },
      },
    ]);
    expect(reasonAt(resolvePlan("plan.json", text), "aws_eks_node_group.this", "node_role_arn")).toBe(
      "node_role_arn refers to aws_iam_role.a and aws_iam_role.b, and a plan does not say which of them it is",
    );
  });

  it("each.value of a for_each over a resource is that resource's instance with the same key", () => {
    const text = miniPlan([
      { address: 'aws_iam_role.node["a"]', type: "aws_iam_role", name: "node", index: "a", unknown: { arn: true, name: true } },
      { address: 'aws_iam_role.node["b"]', type: "aws_iam_role", name: "node", index: "b", unknown: { arn: true, name: true } },
      {
        address: 'aws_eks_node_group.this["b"]',
        type: "aws_eks_node_group",
        name: "this",
        index: "b",
        unknown: { node_role_arn: true },
        expressions: { node_role_arn: { references: ["each.value.arn", "each.value"] } },
        forEach: { references: ["aws_iam_role.node"] },
      },
    ]);
    expect(refAt(resolvePlan("plan.json", text), 'aws_eks_node_group.this["b"]', "node_role_arn")).toBe('aws_iam_role.node["b"] arn');
  });

  it("an input of a module instance of a for_each call is the call's expression at the instance's key", () => {
    const text = miniPlan(
      [
        { address: 'aws_iam_role.node["x"]', type: "aws_iam_role", name: "node", index: "x", unknown: { arn: true } },
        { address: 'aws_iam_role.node["y"]', type: "aws_iam_role", name: "node", index: "y", unknown: { arn: true } },
      ],
      {
        pool: {
          source: "./pool",
          for_each_expression: { references: ["aws_iam_role.node"] },
          expressions: { role_arn: { references: ["aws_iam_role.node", "each.key"] } },
          module: {
            resources: [{ address: "aws_eks_node_group.this", mode: "managed", type: "aws_eks_node_group", name: "this", expressions: { node_role_arn: { references: ["var.role_arn"] } } }],
          },
        },
      },
      ["x", "y"].map((key) => ({
        address: `module.pool["${key}"]`,
        resources: [{ address: `module.pool["${key}"].aws_eks_node_group.this`, mode: "managed", type: "aws_eks_node_group", name: "this", values: {} }],
      })),
    );
    const withChanges = JSON.parse(text) as { resource_changes: object[] };
    for (const key of ["x", "y"]) withChanges.resource_changes.push({ address: `module.pool["${key}"].aws_eks_node_group.this`, change: { actions: ["create"], after_unknown: { node_role_arn: true } } });
    const values = resolvePlan("plan.json", JSON.stringify(withChanges));
    expect(refAt(values, 'module.pool["y"].aws_eks_node_group.this', "node_role_arn")).toBe('aws_iam_role.node["y"]');
    expect(refAt(values, 'module.pool["x"].aws_eks_node_group.this', "node_role_arn")).toBe('aws_iam_role.node["x"]');
  });
});
