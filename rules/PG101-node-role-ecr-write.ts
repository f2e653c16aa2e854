import { isEcrWrite } from "../src/iam/access.js";
import type { Grant } from "../src/model/access.js";
import type { NodeRole } from "../src/model/linked.js";
import { defineRule } from "./define.js";
import { eksctlCluster, inlinePolicy, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { conditionSuffix, grantRange, groupBy, iamConditionSuffix, isScoped, listNames, nodeChain, rangeId, roleNames, scopeSuffix, sourceChain, uniqueRelated, writeEffects } from "./helpers.js";

export default defineRule({
  meta: {
    id: "PG101",
    name: "node-role-ecr-write",
    shortDescription: "A node role's own policy allows writing to ECR.",
    fullDescription:
      "An inline or customer managed policy of an EKS node role allows an ECR action above read (push, delete, repository policy, lifecycle, replication, tag mutability). Every node, and every pod that reaches the node's credentials, can then overwrite or delete images.",
    defaultLevel: "error",
    securitySeverity: 8.8,
    precision: "high",
    tags: ["security", "ecr", "eks", "iam", "external/cwe/cwe-269"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: false,
    messages: {
      write: "Node role {{roles}} can {{actions}} through {{pattern}} in {{policy}}{{scope}}{{condition}}: any node, or pod on it, can {{effects}}. Give image pushers their own IRSA or Pod Identity role instead.",
    },
    help: {
      what: "Reports an ECR action above read (such as `ecr:PutImage`, `ecr:BatchDeleteImage`, `ecr:DeleteRepository`, `ecr:SetRepositoryPolicy`, or a wildcard like `ecr:*` or `ecr:Put*`) in an inline policy or a customer managed policy that applies to an EKS node role. The finding points at the action string itself. pullguard evaluates the statement as AWS does: its `Resource` or `NotResource` must reach a repository, the role's `Deny` statements, permissions boundary and their `NotResource` are taken out, and the message names the repositories when they are not all of them. An `Allow` with an IAM `Condition` is reported as a possible grant and the message says when it holds (`only when aws:SourceVpce is vpce-1234`); a conditional `Deny` is not assumed to apply, and the message says so in the same way.",
      why: "Every pod on a node can use the node role's credentials unless IMDS is locked down, and a compromised node always can. ECR write on the node role turns one compromised workload into a supply-chain attack: it can push a poisoned image under a trusted tag or delete the images every other workload pulls. Nodes only need to pull.",
      fix: "Remove the write actions from the node role. If a workload builds and pushes images (Kaniko, BuildKit, a CI agent), give its service account its own role through IRSA or EKS Pod Identity, scoped to the repositories it pushes to.",
      references: [
        "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
        "https://docs.aws.amazon.com/AmazonECR/latest/userguide/security-iam-awsmanpol.html",
        "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
      ],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({
            role:
              managedPolicies("!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly") +
              inlinePolicy("push", `              - Effect: Allow
                Action: ["ecr:PutImage", "ecr:InitiateLayerUpload"]
                Resource: "*"
`),
          }),
          good: nodeStack({ role: managedPolicies("!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly") }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({
            policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"],
            resources: `
resource "aws_iam_role_policy" "push" {
  role = aws_iam_role.node.id
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["ecr:Put*", "ecr:InitiateLayerUpload"], Resource = "*" }]
  })
}
`,
          }),
          good: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"] }),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({
            group: `    iam:
      attachPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
            Resource: "*"
`,
          }),
          good: eksctlCluster({}),
        },
      ],
    },
  },
  check(model, context) {
    const hits: { nodeRole: NodeRole; grant: Grant }[] = [];
    for (const nodeRole of model.linked.nodeRoles) {
      for (const grant of model.access.get(nodeRole.role.key)?.grants ?? []) {
        if (grant.source.kind === "aws-managed" || grant.broad || !grant.pattern || !isEcrWrite(grant.action)) continue;
        hits.push({ nodeRole, grant });
      }
    }
    for (const group of groupBy(hits, (h) => rangeId(grantRange(h.grant))).values()) {
      const first = group[0];
      if (!first) continue;
      const { grant } = first;
      const nodeRoles = [...new Set(group.map((h) => h.nodeRole))];
      context.report({
        messageId: "write",
        data: {
          roles: roleNames(nodeRoles),
          actions: listNames(group.map((h) => h.grant.action.name)),
          pattern: `"${grant.pattern?.text ?? ""}"`,
          policy: grant.source.document.origin,
          scope: scopeSuffix(group.map((h) => h.grant)),
          condition: `${conditionSuffix(grant.when)}${iamConditionSuffix(group.map((h) => h.grant))}`,
          effects: writeEffects(
            group.map((h) => h.grant.action.name),
            isScoped(group.map((h) => h.grant)) ? "images in those repositories" : "images",
          ),
        },
        location: grantRange(grant),
        related: uniqueRelated([...sourceChain(grant.source), ...nodeRoles.flatMap(nodeChain)]),
        identity: [grant.source.name, grant.pattern?.text ?? "", ...nodeRoles.map((n) => n.role.key).sort()],
        resources: nodeRoles.map((n) => n.role.address),
        when: grant.when,
      });
    }
  },
});
