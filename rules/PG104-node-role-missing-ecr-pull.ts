import { REQUIRED_PULL_ACTIONS } from "../src/iam/catalogue.js";
import type { Cancelled } from "../src/model/access.js";
import { defineRule } from "./define.js";
import { eksctlCluster, eksctlPolicies, inlinePolicy, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { grantRange, joinAnd, nodeChain } from "./helpers.js";

const TOKEN = "ecr:GetAuthorizationToken";

export default defineRule({
  meta: {
    id: "PG104",
    name: "node-role-missing-ecr-pull",
    shortDescription: "A node role cannot pull images from ECR.",
    fullDescription:
      "An EKS node role lacks the ECR actions kubelet needs to pull images (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer). Nodes then fail to start pods from private ECR images, the EKS add-ons included.",
    defaultLevel: "note",
    securitySeverity: undefined,
    precision: "high",
    tags: ["reliability", "ecr", "eks", "iam"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: false,
    messages: {
      missingPull:
        "Node role {{role}} cannot pull from ECR: it lacks {{missing}}. Pods with private ECR images, the EKS add-ons included, will fail with ImagePullBackOff. Attach AmazonEC2ContainerRegistryPullOnly.",
      tokenNotOnStar:
        "Node role {{role}} cannot pull from ECR: ecr:GetAuthorizationToken acts only on \"*\", and {{where}} allows it only on {{resources}}, so the registry login fails{{others}}. Pods with private ECR images, the EKS add-ons included, will fail with ImagePullBackOff. Allow ecr:GetAuthorizationToken on \"*\", as AmazonEC2ContainerRegistryPullOnly does.",
    },
    help: {
      what: "Reports a node role whose resolved policies do not allow pulling from ECR: `ecr:GetAuthorizationToken` on `*`, and `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on some repository, after the role's `Deny` statements and permissions boundary. `ecr:GetAuthorizationToken` acts on no repository: allowed only on repository ARNs it is not allowed at all, and the message says so. It is reported only when every policy of the role was resolved; a role with an unresolved policy gets an `unresolved-reference` note instead.",
      why: "The built-in EKS add-ons (the VPC CNI, kube-proxy, CoreDNS) run images from ECR, so nodes that cannot pull never become ready. This is the other half of least privilege: after removing write access, pull access must remain.",
      fix: "Attach `AmazonEC2ContainerRegistryPullOnly` to the node role.",
      limitations: "Access granted through a repository policy naming the node role is not visible in the role's own policies and is not taken into account.",
      references: ["https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html"],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy") }),
          good: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly") }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"] }),
          good: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"] }),
        },
        {
          format: "cloudformation",
          file: "token.yaml",
          bad: nodeStack({
            role:
              managedPolicies("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy") +
              inlinePolicy("pull", `              - Effect: Allow
                Action: [ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
                Resource: arn:aws:ecr:eu-west-1:111122223333:repository/*
`),
          }),
          good: nodeStack({
            role:
              managedPolicies("arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy") +
              inlinePolicy("pull", `              - Effect: Allow
                Action: ecr:GetAuthorizationToken
                Resource: "*"
              - Effect: Allow
                Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
                Resource: arn:aws:ecr:eu-west-1:111122223333:repository/*
`),
          }),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ group: eksctlPolicies("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy") }),
          good: eksctlCluster({ group: eksctlPolicies("AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly") }),
        },
      ],
    },
  },
  check(model, context) {
    for (const nodeRole of model.linked.nodeRoles) {
      const access = model.access.get(nodeRole.role.key);
      if (!access || access.unknowns.length > 0 || nodeRole.unknowns.length > 0) continue;
      const held = new Set(access.grants.map((g) => g.action.name));
      const missing = REQUIRED_PULL_ACTIONS.filter((a) => !held.has(a));
      if (missing.length === 0) continue;
      const why = (name: string) => access.cancelled.find((c) => c.grant.action.name === name);
      // The token allowed only on repository ARNs: the one mistake a reader cannot see in the policy.
      const token = missing.includes(TOKEN) ? access.cancelled.find((c) => c.grant.action.name === TOKEN && c.kind === "resource-type") : undefined;
      const others = missing.filter((a) => a !== TOKEN);
      context.report({
        messageId: token ? "tokenNotOnStar" : "missingPull",
        data: {
          role: nodeRole.role.address,
          missing: joinAnd(missing.map((a) => withReason(a, why(a)))),
          where: token ? `statement ${token.grant.statement.sid ?? token.grant.statement.index} of ${token.grant.source.document.origin}` : "",
          resources: token ? joinAnd(token.grant.resources.map((r) => (r.startsWith("all except") ? r : `"${r}"`))) : "",
          others: others.length > 0 ? `; it also lacks ${joinAnd(others.map((a) => withReason(a, why(a))))}` : "",
        },
        location: nodeRole.role.range,
        related: [...nodeChain(nodeRole).slice(0, -1), ...(token ? [{ range: grantRange(token.grant), message: `${TOKEN} allowed on ${token.grant.resources.join(", ")} only` }] : [])],
        identity: [nodeRole.role.key],
        resources: [nodeRole.role.address],
      });
    }
  },
});

/** `ecr:BatchGetImage (denied by statement Deny of inline policy p)`: what took away an action some policy allows. */
function withReason(action: string, cancelled: Cancelled | undefined): string {
  return cancelled ? `${action} (${cancelled.reason})` : action;
}
