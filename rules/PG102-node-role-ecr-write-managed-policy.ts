import { isEcrWrite } from "../src/iam/access.js";
import { ecrClass } from "../src/iam/catalogue.js";
import type { Grant } from "../src/model/access.js";
import type { Fix } from "../src/model/finding.js";
import type { NodeRole, PolicySource } from "../src/model/linked.js";
import { defineRule } from "./define.js";
import { eksctlCluster, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { conditionSuffix, iamConditionSuffix, isScoped, listNames, nodeChain, scopeSuffix, sourceChain, uniqueRelated, writeEffects } from "./helpers.js";

/** Managed policies whose mechanical replacement on a node role is PullOnly: they exist to give nodes ECR access. */
const SWAPPABLE = new Set(["AmazonEC2ContainerRegistryFullAccess", "AmazonEC2ContainerRegistryPowerUser"]);
const PULL_POLICIES = new Set(["AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly"]);
const PULL_ONLY = "AmazonEC2ContainerRegistryPullOnly";

export default defineRule({
  meta: {
    id: "PG102",
    name: "node-role-ecr-write-managed-policy",
    shortDescription: "A node role has an AWS managed policy that allows writing to ECR.",
    fullDescription:
      "An EKS node role has an AWS managed policy that allows pushing to or deleting from ECR, such as AmazonEC2ContainerRegistryFullAccess, AmazonEC2ContainerRegistryPowerUser or EC2InstanceProfileForImageBuilderECRContainerBuilds. Nodes need only AmazonEC2ContainerRegistryPullOnly.",
    defaultLevel: "error",
    securitySeverity: 8.8,
    precision: "very-high",
    tags: ["security", "ecr", "eks", "iam", "external/cwe/cwe-269"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: true,
    messages: {
      managedWrite:
        "Node role {{roles}} has the AWS managed policy {{policy}}{{condition}}, which allows ECR {{tier}} actions ({{actions}}){{scope}}{{iamCondition}}: any node, or pod on it, can {{effects}}. Attach AmazonEC2ContainerRegistryPullOnly instead and give image pushers their own IRSA or Pod Identity role.",
      imageBuilder:
        "Node role {{roles}} gets AmazonEC2ContainerRegistryPowerUser from iam.withAddonPolicies.imageBuilder: true{{condition}}{{iamCondition}}: any node, or pod on it, can push images. Remove it and give the build's service account the permission instead (an iam.serviceAccounts entry with wellKnownPolicies.imageBuilder: true, or a Pod Identity association with a policy scoped to its repositories).",
    },
    help: {
      what: "Reports an AWS managed policy on an EKS node role that allows an ECR action above read. pullguard expands every AWS managed policy from a bundled index, so policies whose names do not say ECR (such as `EC2InstanceProfileForImageBuilderECRContainerBuilds`) are found too. The finding points at the policy ARN. What the role's own `Deny` statements and its permissions boundary take out is taken out first, and the message names the repositories when the policy writes only to some (AmazonSageMakerFullAccess: `repository/*sagemaker*`) or when a `Deny` leaves only some writable. For eksctl, `iam.withAddonPolicies.imageBuilder: true` attaches AmazonEC2ContainerRegistryPowerUser and is reported on that line.",
      why: "AmazonEC2ContainerRegistryFullAccess and PowerUser let anything holding the node's credentials push images under any tag, and FullAccess also lets it delete repositories and rewrite their policies. Every pod that can reach the instance metadata service holds those credentials. AWS recommends AmazonEC2ContainerRegistryPullOnly for node roles.",
      fix: "Replace the policy with `AmazonEC2ContainerRegistryPullOnly` (pullguard offers this as an automatic fix for FullAccess and PowerUser). Give workloads that push images their own role through IRSA or EKS Pod Identity.",
      references: [
        "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
        "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPullOnly.html",
      ],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({
            role: managedPolicies(
              "!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy",
              "!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess",
            ),
          }),
          good: nodeStack({
            role: managedPolicies(
              "!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy",
              "!Sub arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            ),
          }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPowerUser"] }),
          good: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"] }),
        },
        {
          format: "terraform",
          file: "eks.tf",
          bad: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "prod"
  eks_managed_node_groups = {
    builders = {
      iam_role_additional_policies = {
        ecr = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"
      }
    }
  }
}
`,
          good: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "prod"
  eks_managed_node_groups = {
    builders = {}
  }
}
`,
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ group: "    iam:\n      withAddonPolicies:\n        imageBuilder: true\n" }),
          good: eksctlCluster({
            iam: "  withOIDC: true\n  serviceAccounts:\n    - metadata: { name: kaniko, namespace: ci }\n      wellKnownPolicies:\n        imageBuilder: true\n",
          }),
        },
      ],
    },
  },
  check(model, context) {
    for (const nodeRole of model.linked.nodeRoles) {
      const access = model.access.get(nodeRole.role.key);
      const bySource = new Map<PolicySource, Grant[]>();
      for (const grant of access?.grants ?? []) {
        if (grant.source.kind !== "aws-managed" || grant.broad || !isEcrWrite(grant.action)) continue;
        bySource.set(grant.source, [...(bySource.get(grant.source) ?? []), grant]);
      }
      for (const [source, grants] of bySource) {
        const actions = grants.map((g) => g.action);
        const tier = actions.some((a) => ecrClass(a) === "admin") ? "admin" : "write";
        // Some managed policies write only to repositories with a certain name (AmazonSageMakerFullAccess: *sagemaker*).
        const scoped = isScoped(grants);
        // eksctl's add-on switch is not an ARN to swap: say what eksctl offers instead.
        const addon = source.via === "iam.withAddonPolicies.imageBuilder";
        context.report({
          messageId: addon ? "imageBuilder" : "managedWrite",
          data: {
            roles: nodeRole.role.address,
            policy: source.name,
            condition: conditionSuffix(source.when),
            tier,
            actions: listNames(actions.map((a) => a.name)),
            scope: scopeSuffix(grants),
            iamCondition: iamConditionSuffix(grants),
            effects: writeEffects(
              actions.map((a) => a.name),
              scoped ? "images in those repositories" : "images",
              true,
            ),
          },
          location: source.attachedAt,
          related: uniqueRelated([...sourceChain(source), ...nodeChain(nodeRole)]),
          identity: [nodeRole.role.key, source.name],
          resources: [nodeRole.role.address],
          when: source.when,
          ...(addon ? imageBuilderFix(source) : swapFix(nodeRole, source)),
        });
      }
    }
  },
});

/** eksctl's `imageBuilder: true` is not an ARN to swap: the line goes (the fix engine finds it in the file). */
function imageBuilderFix(source: PolicySource): { fix: Fix } {
  return {
    fix: {
      description: "Remove imageBuilder: true and point to a service account with wellKnownPolicies.imageBuilder",
      edits: [],
      deferred: [{ range: source.attachedAt, kind: "remove-eksctl-image-builder" }],
    },
  };
}

function swapFix(nodeRole: NodeRole, source: PolicySource): { fix?: Fix; fixSkipped?: string } {
  if (!SWAPPABLE.has(source.name)) {
    return { fixSkipped: `${source.name} is not an ECR policy, and PullOnly would not replace what else it grants: remove its ECR write by hand` };
  }
  // Swapping would attach PullOnly twice when the role already pulls through another policy.
  const pulls = nodeRole.sources.find((s) => s.kind === "aws-managed" && PULL_POLICIES.has(s.name));
  if (pulls) return { fixSkipped: `${pulls.name} is already attached: remove ${source.name}` };
  return {
    fix: {
      description: `Replace ${source.name} with ${PULL_ONLY}`,
      edits: [{ range: source.attachedAt, find: source.name, replace: PULL_ONLY }],
    },
  };
}
