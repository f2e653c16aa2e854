import type { RoleFact } from "../src/model/facts.js";
import { sameRange } from "../src/model/source.js";
import { defineRule } from "./define.js";
import { eksctlCluster, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { nodeChain } from "./helpers.js";

const BOUNDARY_ARN = "arn:aws:iam::111122223333:policy/pullguard-node-boundary";

/** Where a person sets the boundary of this role. */
function boundaryProperty(role: RoleFact): string {
  if (role.format === "cloudformation") return "PermissionsBoundary";
  if (role.format === "eksctl") return role.address.startsWith("eksctl-KarpenterNodeRole") ? "iam.serviceRolePermissionsBoundary" : "iam.instanceRolePermissionsBoundary";
  // Roles that terraform-aws-modules/eks creates take the boundary from a module input.
  if (role.address.endsWith(" Karpenter node role")) return "the module input node_iam_role_permissions_boundary";
  if (role.address.endsWith(" worker role")) return "the module input permissions_boundary";
  if (role.address.endsWith(" node role")) return "the module input iam_role_permissions_boundary";
  return "permissions_boundary";
}

export default defineRule({
  meta: {
    id: "PG402",
    name: "node-role-no-permissions-boundary",
    shortDescription: "A node role has no permissions boundary.",
    fullDescription:
      "An EKS node role has no permissions boundary, so any policy attached to it later (AmazonEC2ContainerRegistryFullAccess, PowerUser, an inline ecr:PutImage) takes effect in full. A boundary that denies ECR write and IAM permissions management keeps the role pull-only whatever is attached.",
    defaultLevel: "off",
    securitySeverity: 4.0,
    precision: "very-high",
    tags: ["security", "eks", "iam", "governance"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: false,
    messages: {
      noBoundary:
        "Node role {{role}} has no permissions boundary: a policy attached to it later takes effect in full. Set {{property}} to a boundary that denies ECR write and IAM permissions management (pullguard guardrail --kind boundary writes one).",
    },
    help: {
      what: "Reports a node role (a role EKS nodes run with: managed node groups, self-managed groups through their instance profile, Karpenter and EKS Auto Mode) that has no permissions boundary: no `PermissionsBoundary` in CloudFormation, no `permissions_boundary` in Terraform (or the `iam_role_permissions_boundary` input of terraform-aws-modules/eks), no `iam.instanceRolePermissionsBoundary` in eksctl. Off by default: a guardrail for teams that want node roles to stay pull-only however they change. The finding points at the role.",
      why: "Teams rarely remove write access from a node role for fear of breaking a pipeline that quietly depends on it, and the access they do remove tends to come back with the next module upgrade or copied snippet. A permissions boundary caps what the role can do whatever its own policies say, so ECR write and IAM permission changes stay impossible even after someone attaches FullAccess.",
      fix: "Generate a boundary with `pullguard guardrail --kind boundary --format terraform` (or `cloudformation`, or `json`), deploy it, and set it as the node role's boundary. Check CloudTrail for ECR write calls by the node role first: a pipeline that pushes with node credentials will fail once the boundary is in place, and should get its own role through IRSA or EKS Pod Identity.",
      limitations: "A boundary that only some `Fn::If` branches set counts as set; PG101 to PG103 evaluate the role without it and say so.",
      references: [
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html",
        "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
      ],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly") }),
          good: nodeStack({ role: `${managedPolicies("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly")}      PermissionsBoundary: ${BOUNDARY_ARN}\n` }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"] }),
          good: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"], role: `  permissions_boundary = "${BOUNDARY_ARN}"\n` }),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({}),
          good: eksctlCluster({ group: `    iam:\n      instanceRolePermissionsBoundary: ${BOUNDARY_ARN}\n` }),
        },
      ],
    },
  },
  check(model, context) {
    for (const nodeRole of model.linked.nodeRoles) {
      const { role } = nodeRole;
      if (role.boundary.length > 0) continue;
      context.report({
        messageId: "noBoundary",
        data: { role: role.address, property: boundaryProperty(role) },
        location: role.range,
        related: nodeChain(nodeRole).filter((r) => !sameRange(r.range, role.range)),
        identity: [role.key],
        resources: [role.address],
        when: role.when,
      });
    }
  },
});
