import { defineRule } from "./define.js";
import { eksctlCluster, eksctlPolicies, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { nodeChain } from "./helpers.js";

const READ_ONLY = "AmazonEC2ContainerRegistryReadOnly";
const PULL_ONLY = "AmazonEC2ContainerRegistryPullOnly";

export default defineRule({
  meta: {
    id: "PG105",
    name: "node-role-ecr-readonly-not-pullonly",
    shortDescription: "A node role uses AmazonEC2ContainerRegistryReadOnly where PullOnly suffices.",
    fullDescription:
      "An EKS node role has AmazonEC2ContainerRegistryReadOnly, which also lets it list and describe every repository and read repository policies. AmazonEC2ContainerRegistryPullOnly, which AWS now recommends for nodes, grants only what pulling needs.",
    defaultLevel: "off",
    securitySeverity: undefined,
    precision: "very-high",
    tags: ["ecr", "eks", "iam", "least-privilege"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: true,
    messages: {
      readOnly: "Node role {{role}} has {{policy}}; {{replacement}} grants everything nodes need to pull images and nothing more.",
    },
    help: {
      what: "Reports `AmazonEC2ContainerRegistryReadOnly` on a node role. Off by default: ReadOnly is still the default of many tools (terraform-aws-eks, eksctl before 0.210) and is not a write risk.",
      why: "ReadOnly lets anything holding the node's credentials enumerate every repository, image and repository policy in the account, which helps an attacker plan the next step. PullOnly (created in October 2024) allows only `GetAuthorizationToken`, `BatchGetImage`, `GetDownloadUrlForLayer` and `BatchImportUpstreamImage`.",
      fix: "Replace the ARN with `AmazonEC2ContainerRegistryPullOnly` (available as an automatic fix).",
      references: ["https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPullOnly.html"],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly") }),
          good: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly") }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"] }),
          good: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"] }),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ group: eksctlPolicies("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly") }),
          good: eksctlCluster({ group: eksctlPolicies("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly") }),
        },
      ],
    },
  },
  check(model, context) {
    for (const nodeRole of model.linked.nodeRoles) {
      for (const source of nodeRole.sources) {
        if (source.kind !== "aws-managed" || source.name !== READ_ONLY) continue;
        const hasPullOnly = nodeRole.sources.some((s) => s.kind === "aws-managed" && s.name === PULL_ONLY);
        context.report({
          messageId: "readOnly",
          data: { role: nodeRole.role.address, policy: READ_ONLY, replacement: PULL_ONLY },
          location: source.attachedAt,
          related: nodeChain(nodeRole),
          identity: [nodeRole.role.key, READ_ONLY],
          resources: [nodeRole.role.address],
          when: source.when,
          ...(hasPullOnly ? {} : { fix: { description: `Replace ${READ_ONLY} with ${PULL_ONLY}`, edits: [{ range: source.attachedAt, find: READ_ONLY, replace: PULL_ONLY }] } }),
        });
      }
    }
  },
});
