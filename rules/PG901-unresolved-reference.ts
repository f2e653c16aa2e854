import type { Unresolved } from "../src/model/linked.js";
import { defineRule } from "./define.js";
import { buildJob, eksctlCluster, managedPolicies, nodeStack } from "./examples.js";
import { conditionSuffix, rangeId } from "./helpers.js";

/** A node role whose ECR policy ARN is a variable declared with `declaration` as its body. */
const TF_VARIABLE_POLICY = (declaration: string) => `variable "ecr_policy_arn" {
${declaration}}

resource "aws_iam_role" "node" {
  name               = "eks-node"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachment" "ecr" {
  role       = aws_iam_role.node.name
  policy_arn = var.ecr_policy_arn
}

resource "aws_eks_node_group" "workers" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.node.arn
  subnet_ids    = ["subnet-0123456789abcdef0"]
  scaling_config {
    desired_size = 1
    max_size     = 1
    min_size     = 1
  }
}
`;

/** A BuildKit Job whose service account is created elsewhere. */
const BUILDKIT_JOB = buildJob(
  `        - name: buildkit
          image: moby/buildkit:v0.16.0
          args: ["build", "--output", "type=image,name=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app,push=true"]
`,
  "image-builder",
);

export default defineRule({
  meta: {
    id: "PG901",
    name: "unresolved-reference",
    shortDescription: "A value that decides a node role's permissions could not be resolved, or part of a template was not analysed.",
    fullDescription:
      "pullguard could not resolve a value that decides what a node role can do (a node role, launch template or instance profile defined elsewhere, a policy ARN from a parameter without a default, an imported value, an AWS managed policy missing from its index), or what identity a push workload gets (its service account is in no scanned file). What depends on it was not checked; nothing is assumed clean.",
    defaultLevel: "note",
    securitySeverity: undefined,
    precision: "very-high",
    tags: ["coverage"],
    appliesTo: ["cloudformation", "terraform", "eksctl", "kubernetes"],
    fixable: false,
    messages: {
      unresolved: "{{subject}}: {{reason}}{{condition}}. pullguard could not check what this grants.",
      notAnalysed: "{{subject}}: {{reason}}.",
    },
    help: {
      what: "Reports, as a note, each value pullguard needed and could not resolve, naming the parameter, import, variable or resource it comes from (in Terraform also attributes known only after apply, such as a role's `arn` read from a data source, and modules that are neither local, downloaded, nor built in; in eksctl a node group's `instanceRoleARN` or its own `launchTemplate`; in Kubernetes a push workload whose service account no scanned manifest, Terraform or eksctl file creates), and each part of a template it did not analyse at all: a macro in `Transform` (other than SAM and `AWS::LanguageExtensions`) that can rewrite the template at deploy time, or a `Fn::ForEach` block. The scan's other findings are unaffected.",
      why: "A linter that skips what it cannot read looks like a clean result. This note tells a reviewer exactly which part of a node role's permissions was not checked, so it can be checked by hand or brought into the scan (for example by scanning the stack that exports a value).",
      fix: "Give the parameter a `Default` (in Terraform: a variable `default`, a `terraform.tfvars`, or `--var`/`--var-file`), scan the templates or folders that define the referenced resources together (run `terraform init` so downloaded modules are read), or accept the note. To silence it, set the rule to `off` in `.pullguard.yml`.",
      references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html"],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({ head: "Parameters:\n  EcrPolicyArn:\n    Type: String\n", role: managedPolicies("!Ref EcrPolicyArn") }),
          good: nodeStack({
            head: "Parameters:\n  EcrPolicyArn:\n    Type: String\n    Default: arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly\n",
            role: managedPolicies("!Ref EcrPolicyArn"),
          }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: TF_VARIABLE_POLICY("  type = string\n"),
          good: TF_VARIABLE_POLICY('  type    = string\n  default = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"\n'),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ group: "    iam:\n      instanceRoleARN: arn:aws:iam::111122223333:role/shared-nodes\n" }),
          good: eksctlCluster({}),
        },
        {
          format: "kubernetes",
          file: "build.yaml",
          bad: BUILDKIT_JOB,
          good: `${BUILDKIT_JOB}---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: image-builder
  namespace: ci
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ci-image-builder
`,
        },
      ],
    },
  },
  check(model, context) {
    const all: Unresolved[] = [...model.linked.unresolved];
    for (const nodeRole of model.linked.nodeRoles) {
      const access = model.access.get(nodeRole.role.key);
      for (const u of access?.unknowns ?? []) all.push({ subject: `node role ${nodeRole.role.address}`, ...u });
    }
    for (const path of model.linked.nodePaths) {
      const template = path.launchTemplate;
      if (!template) continue;
      const m = template.metadata;
      for (const s of [...m.httpTokens, ...m.hopLimit, ...m.httpEndpoint]) {
        if (s.value === undefined) all.push({ subject: `instance metadata options of ${template.address}`, reason: s.reason ?? "not known", range: s.range, when: s.when });
      }
    }
    const seen = new Set<string>();
    for (const gap of model.linked.facts.gaps) {
      // One note per cause and place: the instances of a dynamic block or of a module call with count repeat it.
      const id = `gap|${rangeId(gap.range)}|${gap.subject}|${gap.reason}`;
      if (seen.has(id)) continue;
      seen.add(id);
      context.report({
        messageId: "notAnalysed",
        data: { subject: gap.subject.charAt(0).toUpperCase() + gap.subject.slice(1), reason: gap.reason },
        location: gap.range,
        identity: [gap.subject, gap.reason],
      });
    }
    for (const u of all) {
      const id = `${rangeId(u.range)}|${u.reason}`;
      if (seen.has(id)) continue;
      seen.add(id);
      context.report({
        messageId: "unresolved",
        data: { subject: u.subject.charAt(0).toUpperCase() + u.subject.slice(1), reason: u.reason, condition: conditionSuffix(u.when) },
        location: u.range,
        identity: [u.subject, u.reason],
        when: u.when,
      });
    }
  },
});
