import { TIER_ORDER, type RoleAccess } from "../src/model/access.js";
import type { LaunchTemplateFact, Setting } from "../src/model/facts.js";
import type { Edit, RelatedLocation } from "../src/model/finding.js";
import type { NodePath } from "../src/model/linked.js";
import type { RuleModel } from "../src/model/rule-model.js";
import type { Format, Range } from "../src/model/source.js";
import { defineRule } from "./define.js";
import { eksctlCluster, managedPolicies, nodeStack, tfNodeStack } from "./examples.js";
import { capabilities, conditionSuffix, groupBy, joinAnd, rangeId, uniqueRelated } from "./helpers.js";

const launchTemplate = (hopLimit: number) => `  NodeTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions:
          HttpTokens: required
          HttpPutResponseHopLimit: ${hopLimit}
`;
const USES_TEMPLATE = "      LaunchTemplate:\n        Id: !Ref NodeTemplate\n";
const tfLaunchTemplate = (hopLimit: number) => `
resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  metadata_options {
    http_tokens                 = "required"
    http_put_response_hop_limit = ${hopLimit}
  }
}
`;
/** A Karpenter v1 node class on the Terraform role below, with `options` under its spec. */
const karpenterNodeClass = (options: string) => `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterNodeRole-prod
  amiSelectorTerms:
    - alias: al2023@latest
${options}`;
const TF_KARPENTER_ROLE = `resource "aws_iam_role" "karpenter_node" {
  name = "KarpenterNodeRole-prod"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"]
}
`;
const TF_USES_TEMPLATE = `
  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }
`;

export default defineRule({
  meta: {
    id: "PG301",
    name: "node-imds-reachable",
    shortDescription: "Pods can reach the node role's credentials through instance metadata.",
    fullDescription:
      "A launch template of EKS nodes (or the platform default it falls back to) allows IMDSv1 or sets the IMDSv2 hop limit above 1, so every pod on those nodes can fetch the node role's credentials from the instance metadata service.",
    defaultLevel: "warning",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["security", "eks", "imds", "external/cwe/cwe-522"],
    appliesTo: ["cloudformation", "terraform", "eksctl", "kubernetes"],
    fixable: true,
    messages: {
      reachable:
        "{{template}} {{problems}}, so any pod on these nodes can take the credentials of node role {{roles}}, which {{capabilities}}. Require IMDSv2 with a hop limit of 1 ({{settings}}), and give pods that need AWS access their own IRSA or Pod Identity role.",
      reachableUnseen:
        "{{template}} {{problems}}, so any pod on these nodes can take the credentials of their node role, whatever that role can do (pullguard could not see it: {{reason}}). Require IMDSv2 with a hop limit of 1 ({{settings}}), and give pods that need AWS access their own IRSA or Pod Identity role.",
    },
    help: {
      what: "Reports the instance metadata settings of EKS node launch templates (CloudFormation `AWS::EC2::LaunchTemplate` and `AWS::AutoScaling::LaunchConfiguration` `MetadataOptions`; Terraform `aws_launch_template` and `aws_launch_configuration` `metadata_options`, and the launch templates the terraform-aws-modules/eks module creates) that let containers reach IMDS: `HttpTokens: optional` (IMDSv1, which no hop limit stops), a missing `HttpTokens` (EC2's default is `optional`), or `HttpPutResponseHopLimit` above 1 (a pod is one network hop further than the node). The message says what the node role can do, so the risk is concrete.\n\nAn `AWS::EKS::Nodegroup` or `aws_eks_node_group` without a launch template runs on a launch template that EKS creates. AWS documents that for AL2023 AMIs this template requires IMDSv2 with a hop limit of 1 (EKS User Guide, \"Upgrade from Amazon Linux 2 to Amazon Linux 2023\": \"the default hop count for managed node groups is set to 1\"), while for Amazon Linux 2 AMIs EKS has set a hop limit of 2 since 2020 (AWS What's New, 2020-08-24, and aws/containers-roadmap#930). pullguard therefore reports such a node group when its `AmiType` (`ami_type`) is `AL2_*`, at that line, and does not report it for `AL2023_*`, for an omitted `AmiType` (EKS picks AL2023 for new node groups from Kubernetes 1.30), or for Bottlerocket and Windows, whose defaults AWS does not document.",
      why: "The EKS Best Practices guide asks to block pods from the instance metadata service because any pod that reaches it holds the node role's credentials: with ECR write on that role, one compromised pod can poison images for the whole cluster. eksctl and older CloudFormation templates set a hop limit of 2 on purpose, which makes the node role everyone's role.",
      fix: "Set `HttpTokens: required` and `HttpPutResponseHopLimit: 1` in the launch template's `MetadataOptions` (in Terraform, `http_tokens = \"required\"` and `http_put_response_hop_limit = 1` in `metadata_options`; for the terraform-aws-modules/eks module, its `metadata_options` input) (pullguard offers this as an automatic fix for literal values), and give pods that need AWS credentials their own role through IRSA or EKS Pod Identity. For a managed node group on Amazon Linux 2, move to an `AL2023_*` AMI type or pass a launch template with these settings.",
      limitations: "Account-level IMDS defaults (`ModifyInstanceMetadataDefaults`) and AMIs registered with `ImdsSupport: v2.0` can change what EC2 applies when a launch template says nothing; pullguard cannot see them and assumes EC2's documented defaults.",
      references: [
        "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
        "https://docs.aws.amazon.com/eks/latest/userguide/al2023.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_LaunchTemplateInstanceMetadataOptionsRequest.html",
      ],
      examples: [
        {
          format: "cloudformation",
          file: "nodes.yaml",
          bad: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"), resources: launchTemplate(2), nodes: USES_TEMPLATE }),
          good: nodeStack({ role: managedPolicies("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"), resources: launchTemplate(1), nodes: USES_TEMPLATE }),
        },
        {
          format: "terraform",
          file: "nodes.tf",
          bad: tfNodeStack({ policies: ["AmazonEC2ContainerRegistryPullOnly"], resources: tfLaunchTemplate(2), nodes: TF_USES_TEMPLATE }),
          good: tfNodeStack({ policies: ["AmazonEC2ContainerRegistryPullOnly"], resources: tfLaunchTemplate(1), nodes: TF_USES_TEMPLATE }),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({}),
          good: eksctlCluster({ group: "    disablePodIMDS: true\n" }),
        },
        {
          format: "kubernetes",
          file: "nodeclass.yaml",
          bad: karpenterNodeClass("  metadataOptions:\n    httpTokens: required\n    httpPutResponseHopLimit: 2\n"),
          good: karpenterNodeClass(""),
          context: [{ file: "iam.tf", format: "terraform", text: TF_KARPENTER_ROLE }],
        },
      ],
    },
  },
  check(model, context) {
    const withTemplate = model.linked.nodePaths.filter((p) => p.launchTemplate);
    const results = [...groupBy(withTemplate, (p) => p.launchTemplate?.key ?? "").values()].flatMap((paths) => {
      const template = paths[0]?.launchTemplate;
      const found = template && templateProblems(template);
      return template && found ? [{ template, paths, found }] : [];
    });
    // Instances of one counted template share their source lines: one finding for all of them.
    for (const group of groupBy(results, (r) => rangeId(r.found.location)).values()) {
      const [first, ...others] = group;
      if (!first) continue;
      const paths = group.flatMap((r) => r.paths);
      // Instances of one template can differ (a count-indexed conditional): the fix covers every one of them.
      const edits = [...new Map(group.flatMap((r) => r.found.edits).map((e) => [`${rangeId(e.range)}|${e.find}`, e])).values()];
      const name = capitalize(label(first.template)) + (others.length > 0 ? ` (and ${others.length} more instance${others.length > 1 ? "s" : ""})` : "");
      const seen = paths.some((p) => p.role);
      context.report({
        messageId: seen ? "reachable" : "reachableUnseen",
        data: {
          template: name,
          problems: joinAnd([...new Set(group.flatMap((r) => r.found.problems))]),
          settings: settingNames(first.template.format).remedy,
          ...(seen ? roleData(model, paths) : unseenData(paths)),
        },
        location: first.found.location,
        related: related(paths),
        identity: group.map((r) => r.template.key).sort(),
        resources: [...new Set([...group.map((r) => r.template.address), ...paths.flatMap((p) => (p.role ? [p.role.address] : []))])],
        ...(edits.length > 0 ? { fix: { description: "Require IMDSv2 with a hop limit of 1", edits } } : {}),
      });
    }
    // A managed node group without a launch template runs on the one EKS creates; see the help for the defaults.
    const defaults = model.linked.nodePaths.filter((p) => p.group?.nodeKind === "managed" && p.group.launchTemplate.length === 0);
    for (const paths of groupBy(defaults, (p) => p.group?.key ?? "").values()) {
      const group = paths[0]?.group;
      const ami = group?.amiType;
      if (!group || !ami?.known || !/^AL2_/.test(ami.text)) continue;
      const seen = paths.some((p) => p.role);
      context.report({
        messageId: seen ? "reachable" : "reachableUnseen",
        data: {
          template: `EKS managed node group ${group.address}`,
          problems: `uses the launch template EKS creates for ${settingNames(group.format).amiType} ${ami.text}, which sets HttpPutResponseHopLimit to 2${conditionSuffix(ami.when)}`,
          settings: settingNames(group.format).remedy,
          ...(seen ? roleData(model, paths) : unseenData(paths)),
        },
        location: ami.range,
        related: related(paths),
        identity: [group.key, ami.text],
        resources: [group.address, ...paths.flatMap((p) => (p.role ? [p.role.address] : []))],
      });
    }
  },
});

/** How each format writes the metadata settings, so a message says what to change in the file at hand. */
interface Vocabulary {
  hop(value: number): string;
  tokensOptional: string;
  tokensUnset: string;
  blockUnset: string;
  amiType: string;
  remedy: string;
}

/** CloudFormation uses the EC2 API's names, which are also the fallback. */
const API: Vocabulary = {
  hop: (v) => `sets HttpPutResponseHopLimit to ${v}`,
  tokensOptional: "allows IMDSv1 (HttpTokens optional)",
  tokensUnset: "does not set HttpTokens, which leaves IMDSv1 allowed (EC2's default is optional)",
  blockUnset: "has no MetadataOptions, which leaves IMDSv1 allowed (EC2's default HttpTokens is optional)",
  amiType: "AmiType",
  remedy: "HttpTokens: required, HttpPutResponseHopLimit: 1",
};

const VOCABULARY: Partial<Record<Format, Vocabulary>> = {
  cloudformation: API,
  terraform: {
    hop: (v) => `sets http_put_response_hop_limit to ${v}`,
    tokensOptional: "allows IMDSv1 (http_tokens optional)",
    tokensUnset: "does not set http_tokens, which leaves IMDSv1 allowed (EC2's default is optional)",
    blockUnset: "has no metadata_options, which leaves IMDSv1 allowed (EC2's default http_tokens is optional)",
    amiType: "ami_type",
    remedy: 'http_tokens = "required", http_put_response_hop_limit = 1',
  },
  eksctl: {
    hop: (v) => `gets HttpPutResponseHopLimit ${v} (eksctl's default unless disablePodIMDS is true)`,
    tokensOptional: "allows IMDSv1 (disableIMDSv1: false)",
    tokensUnset: API.tokensUnset,
    blockUnset: API.blockUnset,
    amiType: "amiFamily",
    remedy: "disablePodIMDS: true, which eksctl turns into HttpTokens required and HttpPutResponseHopLimit 1",
  },
  kubernetes: {
    hop: (v) => `sets metadataOptions.httpPutResponseHopLimit to ${v}`,
    tokensOptional: "allows IMDSv1 (metadataOptions.httpTokens optional)",
    tokensUnset: "does not set metadataOptions.httpTokens",
    blockUnset: "has no metadataOptions",
    amiType: "amiFamily",
    remedy: "metadataOptions with httpTokens: required and httpPutResponseHopLimit: 1",
  },
};

function settingNames(format: Format): Vocabulary {
  return VOCABULARY[format === "terraform-plan" ? "terraform" : format] ?? API;
}

function label(template: LaunchTemplateFact): string {
  // Karpenter has no launch template of its own to name: its node class holds the settings.
  if (template.resourceType === "EC2NodeClass" || template.resourceType === "AWSNodeTemplate") return template.address;
  const configuration = template.resourceType === "AWS::AutoScaling::LaunchConfiguration" || template.resourceType === "aws_launch_configuration";
  return `${configuration ? "launch configuration" : "launch template"} ${template.address}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function templateProblems(template: LaunchTemplateFact): { problems: string[]; location: Range; edits: Edit[] } | undefined {
  const m = template.metadata;
  if (m.httpEndpoint.length > 0 && m.httpEndpoint.every((s) => s.value === "disabled")) return undefined;
  const hops = m.hopLimit.filter((s) => s.value !== undefined && s.value > 1);
  const tokens = m.httpTokens.filter((s) => s.value === "optional");
  const names = settingNames(template.format);
  const problems: string[] = hops.map((s) => `${names.hop(s.value ?? 0)}${conditionSuffix(s.when)}`);
  problems.push(...tokens.map((s) => `${names.tokensOptional}${conditionSuffix(s.when)}`));
  if (m.httpTokens.length === 0) problems.push(m.range ? names.tokensUnset : names.blockUnset);
  if (problems.length === 0) return undefined;
  // A value written in the file is where the fix goes; a default only says where the template is.
  const settings = [...hops, ...tokens];
  const location = (settings.find((s) => !s.range.origin) ?? settings[0])?.range ?? m.range ?? template.range;
  // A branch of a condition is fixed like any literal: requiring IMDSv2 is safe on every branch.
  const literal = <T>(s: Setting<T>) => s.value !== undefined && !s.range.origin;
  const edits: Edit[] = [
    ...hops.filter(literal).map((s) => ({ range: s.range, find: String(s.value), replace: "1" })),
    ...tokens.filter(literal).map((s) => ({ range: s.range, find: "optional", replace: "required" })),
  ];
  return { problems, location, edits };
}

/** Why the node role of these paths could not be seen, for the message. */
function unseenData(paths: NodePath[]): { reason: string } {
  return { reason: [...new Set(paths.flatMap((p) => (p.unseen ? [p.unseen] : [])))].join("; ") || "not resolved" };
}

function roleData(model: RuleModel, paths: NodePath[]): { roles: string; capabilities: string } {
  const roles = [...new Map(paths.flatMap((p) => (p.role ? [[p.role.key, p.role] as const] : []))).values()];
  if (roles.length === 0) return { roles: "(not resolved)", capabilities: "could not be checked" };
  let strongest: RoleAccess | undefined;
  for (const role of roles) {
    const access = model.access.get(role.key);
    if (!access) continue;
    if (!strongest || TIER_ORDER.indexOf(access.tier) > TIER_ORDER.indexOf(strongest.tier) || (access.iamAdmin && !strongest.iamAdmin)) strongest = access;
  }
  return { roles: joinAnd(roles.map((r) => r.address).sort()), capabilities: capabilities(strongest) };
}

function related(paths: NodePath[]): RelatedLocation[] {
  return uniqueRelated(
    paths.flatMap((p) => [
      ...p.hops.map((h) => ({ range: h.range, message: `${h.label} (${p.evidence})` })),
      ...(p.role ? [{ range: p.role.range, message: `node role ${p.role.address}` }] : []),
    ]),
  );
}
