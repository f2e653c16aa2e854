import { DEFAULT_REQUIRED_TAGS } from "../src/model/rule-model.js";
import { sameRange } from "../src/model/source.js";
import { defineRule } from "./define.js";
import { eksctlCluster, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { joinAnd, nodeChain } from "./helpers.js";

const PULL_ONLY = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly";

export default defineRule({
  meta: {
    id: "PG401",
    name: "node-role-missing-tags",
    shortDescription: "A node role lacks the tags the configuration requires.",
    fullDescription:
      "An EKS node role lacks one of the tags that .pullguard.yml requires (requiredTags; owner and team when unset), so nobody can tell who to ask before changing what the nodes may do.",
    defaultLevel: "off",
    securitySeverity: undefined,
    precision: "high",
    tags: ["eks", "iam", "governance"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: false,
    messages: {
      missingTags: "Node role {{role}} has no {{missing}} tag{{plural}} (required by {{source}}): tag it so that whoever changes its permissions knows whom to ask.",
    },
    help: {
      what: "Reports a node role that lacks a tag key listed under `requiredTags` in `.pullguard.yml` (`owner` and `team` when the list is not set). Keys compare case-sensitively, as AWS compares them. Tags come from CloudFormation `Tags`, Terraform `tags` with the provider's `default_tags` (`tags_all` in a plan; for terraform-aws-modules/eks, its `tags` and `iam_role_tags` inputs), and for eksctl from the tags of the stack eksctl creates the role in, which CloudFormation passes on to the role: `metadata.tags` and the node group's `tags`. Off by default; turn it on with `rules: { PG401: warning }`. The finding points at the role.",
      why: "Write access stays on node roles because nobody knows which pipeline depends on it. An owner and a team on the role say whom to ask before the access is removed, and let you count compliant node groups per team.",
      fix: "Add the missing keys to the role's tags, or list the keys your organization uses under `requiredTags`.",
      limitations: "Terraform provider `default_tags` are read from the role's own module (the provider it names, or the default `aws` one) and, for roles of terraform-aws-modules/eks, from the calling module; a local child module that inherits its caller's provider does not get them, so scan the plan (`terraform show -json`, whose `tags_all` holds them) in that case. A role whose tags come from a value pullguard cannot resolve (a variable without a value) is not reported.",
      references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html", "https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html"],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({ role: `${managedPolicies(PULL_ONLY)}      Tags:\n        - Key: owner\n          Value: platform@example.com\n` }),
          good: nodeStack({ role: `${managedPolicies(PULL_ONLY)}      Tags:\n        - Key: owner\n          Value: platform@example.com\n        - Key: team\n          Value: platform\n` }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"] }),
          good: tfNodeStack({
            policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"],
            role: `  tags = {\n    owner = "platform@example.com"\n    team  = "platform"\n  }\n`,
          }),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ group: "    tags:\n      team: platform\n" }),
          good: eksctlCluster({ group: "    tags:\n      owner: platform@example.com\n      team: platform\n" }),
        },
      ],
    },
  },
  check(model, context) {
    const required = model.options?.requiredTags ?? DEFAULT_REQUIRED_TAGS;
    const source = model.options ? "requiredTags in the configuration" : "PG401's default, owner and team";
    for (const nodeRole of model.linked.nodeRoles) {
      const { role } = nodeRole;
      // Tags from a value that is not known may hold any key: not reported rather than guessed.
      if (role.tags.some((t) => !t.key.known)) continue;
      const present = new Set(role.tags.map((t) => t.key.text));
      const missing = required.filter((key) => !present.has(key));
      if (missing.length === 0) continue;
      context.report({
        messageId: "missingTags",
        data: { role: role.address, missing: joinAnd(missing), plural: missing.length > 1 ? "s" : "", source },
        location: role.range,
        related: nodeChain(nodeRole).filter((r) => !sameRange(r.range, role.range)),
        identity: [role.key, ...missing],
        resources: [role.address],
        when: role.when,
      });
    }
  },
});
