import { isEcrWrite } from "../src/iam/access.js";
import type { Grant } from "../src/model/access.js";
import type { NodeRole } from "../src/model/linked.js";
import { defineRule } from "./define.js";
import { eksctlCluster, eksctlPolicies, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { conditionSuffix, grantRange, grantText, groupBy, iamConditionSuffix, isScoped, joinAnd, listNames, nodeChain, rangeId, roleNames, scopeSuffix, sourceChain, uniqueRelated } from "./helpers.js";

export default defineRule({
  meta: {
    id: "PG103",
    name: "node-role-admin",
    shortDescription: "A node role can do everything, ECR and IAM included.",
    fullDescription:
      "An EKS node role is allowed everything through a grant that is not limited to one service (AdministratorAccess, PowerUserAccess, Action \"*\", an Allow with NotAction), or it can change IAM permissions, which lets it grant itself anything.",
    defaultLevel: "error",
    securitySeverity: 9.8,
    precision: "very-high",
    tags: ["security", "ecr", "eks", "iam", "external/cwe/cwe-250"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: false,
    messages: {
      broad:
        "Node role {{roles}} is allowed {{how}}{{policy}}{{condition}}, a grant not limited to ECR: any node, or pod on it, can push, overwrite or delete {{which}} ({{actions}}) and much more. Remove it from the node role.",
      iamAdmin:
        "Node role {{roles}} can change IAM permissions through {{grant}}{{policy}}{{condition}}, so it can grant itself anything, ECR write included. Remove it from the node role.",
    },
    help: {
      what: "Reports a node role that holds administrator-level permissions: `AdministratorAccess`, `PowerUserAccess`, an `Action: \"*\"` (or `*:*`), an `Allow` with `NotAction` (which allows everything not listed), or every IAM permissions-management action (`iam:*`, `IAMFullAccess`). The finding points at the ARN or action string. For an `Allow` with `NotAction`, the message says what it excludes and which ECR write actions it still allows; it names the repositories when the statement's `Resource` (or a `Deny`) leaves only some, and the IAM conditions the grant depends on.",
      why: "A node role is shared by every pod that can reach the node's instance metadata. Administrator-level permissions on it mean one compromised container controls the AWS account: it can rewrite every image in ECR and everything else.",
      fix: "Remove the grant from the node role; nodes need `AmazonEKSWorkerNodePolicy`, `AmazonEC2ContainerRegistryPullOnly` and, unless the VPC CNI uses its own role, `AmazonEKS_CNI_Policy`. Give workloads that need more their own role through IRSA or EKS Pod Identity.",
      references: [
        "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
      ],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AdministratorAccess") }),
          good: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly") }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({ policies: ["AdministratorAccess"] }),
          good: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"] }),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ group: eksctlPolicies("AdministratorAccess") }),
          good: eksctlCluster({ group: eksctlPolicies("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly") }),
        },
      ],
    },
  },
  check(model, context) {
    const broad: { nodeRole: NodeRole; grant: Grant }[] = [];
    const iam: { nodeRole: NodeRole; grant: Grant }[] = [];
    for (const nodeRole of model.linked.nodeRoles) {
      const access = model.access.get(nodeRole.role.key);
      if (!access) continue;
      const grants = access.grants.filter((g) => g.broad && isEcrWrite(g.action));
      broad.push(...grants.map((grant) => ({ nodeRole, grant })));
      if (access.iamAdmin && grants.length === 0) {
        const grant = access.grants.find((g) => g.action.name === "iam:AttachRolePolicy");
        if (grant) iam.push({ nodeRole, grant });
      }
    }
    for (const [messageId, hits] of [["broad", broad], ["iamAdmin", iam]] as const) {
      for (const group of groupBy(hits, (h) => rangeId(grantRange(h.grant))).values()) {
        const first = group[0];
        if (!first) continue;
        const { grant } = first;
        const grants = group.map((h) => h.grant);
        const nodeRoles = [...new Set(group.map((h) => h.nodeRole))];
        context.report({
          messageId,
          data: {
            roles: roleNames(nodeRoles),
            how: howBroad(grant),
            grant: grant.source.kind === "aws-managed" ? `the AWS managed policy ${grant.source.name}` : grantText(grant),
            policy: grant.source.kind === "aws-managed" ? "" : ` in ${grant.source.document.origin}`,
            condition: `${conditionSuffix(grant.when)}${iamConditionSuffix(grants)}`,
            which: isScoped(grants) ? `images${scopeSuffix(grants)}` : "every image",
            actions: listNames(grants.map((g) => g.action.name)),
          },
          location: grantRange(grant),
          related: uniqueRelated([...sourceChain(grant.source), ...nodeRoles.flatMap(nodeChain)]),
          identity: [messageId, grant.source.name, grantText(grant), ...nodeRoles.map((n) => n.role.key).sort()],
          resources: nodeRoles.map((n) => n.role.address),
          when: grant.when,
        });
      }
    }
  },
});

/** What a broad grant allows: every action, every action but those its NotAction lists, or every ECR action of a managed policy. */
function howBroad(grant: Grant): string {
  if (grant.source.kind === "aws-managed") return `every ECR action through the AWS managed policy ${grant.source.name}`;
  if (!grant.pattern) return `every action except ${joinAnd((grant.statement.notActions ?? []).map((t) => t.text))} (an Allow with NotAction)`;
  return /^\*(:\*)?$/.test(grant.pattern.text) ? `every action through "${grant.pattern.text}"` : `every action matching "${grant.pattern.text}"`;
}
