import type { Reference } from "../../../model/facts.js";
import type { Range } from "../../../model/source.js";
import type { ModuleInstance } from "../module.js";
import { branches, unknown, type TfValue } from "../value.js";
import { isFalse, KnownModuleFacts, knownKey, type External } from "./build.js";
import { admitsAny, versionRange } from "./version.js";

/**
 * Cloud Posse's EKS modules, read from their releases:
 * - cloudposse/eks-node-group/aws (0.24–3.x): a managed node group whose role (unless `node_role_arn`
 *   names one) gets AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly, the CNI policy
 *   (`node_role_cni_policy_enabled`) and `node_role_policy_arns` (`existing_workers_role_policy_arns`
 *   before 0.26); the launch template it makes requires IMDSv2 (`metadata_http_tokens_required`) with
 *   `metadata_http_put_response_hop_limit` **2** by default.
 * - cloudposse/eks-cluster/aws: `access_entries_for_nodes` (v4+, EC2_LINUX / EC2_WINDOWS lists of
 *   role ARNs) and `workers_role_arns` (before v4, mapped to system:nodes in aws-auth) join roles as nodes.
 */
const NODE_GROUP = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?cloudposse\/eks-node-group\/aws$|github\.com\/cloudposse\/terraform-aws-eks-node-group(?:\.git)?(?:\?ref=.*)?$/;
const CLUSTER = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?cloudposse\/eks-cluster\/aws$|github\.com\/cloudposse\/terraform-aws-eks-cluster(?:\.git)?(?:\?ref=.*)?$/;

export function cloudposseModule(parent: ModuleInstance, child: External, facts: KnownModuleFacts["facts"]): boolean {
  const source = child.source ?? "";
  const label = (name: string) => (child.version ? `${name} ${child.version}` : name);
  if (NODE_GROUP.test(source)) {
    nodeGroup(new KnownModuleFacts(parent, child, facts, label("cloudposse/eks-node-group/aws")));
    return true;
  }
  if (CLUSTER.test(source)) {
    cluster(new KnownModuleFacts(parent, child, facts, label("cloudposse/eks-cluster/aws")));
    return true;
  }
  return false;
}

/** `module.nodes.eks_node_group_role_arn` / `_role_name` as references to the role made for the call. */
export function cloudposseOutput(parent: ModuleInstance, child: External, output: string, site: Range): TfValue | undefined {
  if (!NODE_GROUP.test(child.source ?? "")) return undefined;
  const attribute = { eks_node_group_role_arn: "arn", eks_node_group_role_name: "name" }[output];
  return attribute ? unknown(`${child.address}.${output} is only known after apply`, site, { ref: { key: knownKey(parent, child, "role"), attribute } }) : undefined;
}

function nodeGroup(m: KnownModuleFacts): void {
  const inputs = m.inputs;
  if (isFalse(inputs.get("enabled"))) return;
  let role: Reference[];
  const external = inputs.get("node_role_arn");
  if (external?.k === "tuple" && external.items.length > 0) role = m.locate.referenceItems(external, m.inputRange("node_role_arn"), m.when);
  else {
    const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy"]
      .filter((p) => p !== "AmazonEKS_CNI_Policy" || !isFalse(inputs.get("node_role_cni_policy_enabled")))
      .map((p) => m.defaultAttachment(p, m.site));
    for (const input of ["node_role_policy_arns", "existing_workers_role_policy_arns"]) {
      attachments.push(...m.attachments(inputs.get(input), m.inputRange(input), m.when, input));
    }
    m.role(m.key("role"), `${m.child.address} node role`, m.site, m.when, {
      name: undefined,
      attachments,
      ...m.governance(inputs.get("node_role_permissions_boundary"), [inputs.get("tags")], m.site, m.when),
    });
    role = [{ kind: "logical", target: { key: m.key("role") }, range: m.site, when: m.when }];
  }
  const group = m.nodeGroup(m.child.address, "managed", role, m.site, m.when, `it is the node group of ${m.label}`);
  const ownTemplate = inputs.get("launch_template_id");
  if (ownTemplate?.k === "tuple" && ownTemplate.items.length > 0) {
    group.launchTemplate = m.locate.referenceItems(ownTemplate, m.inputRange("launch_template_id"), m.when);
    return;
  }
  const hop = inputs.get("metadata_http_put_response_hop_limit");
  const required = inputs.get("metadata_http_tokens_required");
  // The hop limit default (2) exists from 0.24; a version that only admits older releases has none.
  const range = m.child.version ? versionRange(m.child.version) : undefined;
  const defaultHop = !range || admitsAny(range, "0.24.0");
  m.launchTemplate(group, {
    hopLimit:
      hop && hop.k !== "null"
        ? m.settings(hop, hop.range ?? m.site, m.when, (t) => (Number.isFinite(Number(t)) ? Number(t) : undefined))
        : defaultHop
          ? [m.versionDefault(2, `the default of ${m.label}: metadata_http_put_response_hop_limit 2`, m.when)]
          : [],
    httpTokens: required && required.k !== "null" ? m.settings(required, required.range ?? m.site, m.when, (t) => (t === "true" ? "required" : t === "false" ? "optional" : undefined)) : [{ value: "required", range: m.versionRange(), when: m.when }],
  });
}

function cluster(m: KnownModuleFacts): void {
  const join = (input: string, kind: "access-entry" | "aws-auth", evidence: (type: string) => string, type = "") => (value: TfValue | undefined) => {
    for (const ref of m.locate.referenceItems(value, m.inputRange(input), m.when)) {
      const range = ref.kind === "arn" || ref.kind === "name" ? ref.value.range : ref.range;
      const group = m.nodeGroup(`${m.child.address}.${input}${type ? `.${type}` : ""}`, kind, [ref], range, m.when, evidence(type));
      group.resourceType = kind === "aws-auth" ? "aws-auth" : "aws_eks_access_entry";
    }
  };
  const entries = m.inputs.get("access_entries_for_nodes");
  for (const { value } of entries ? branches(entries, m.when) : []) {
    if (value.k !== "object") continue;
    for (const type of ["EC2_LINUX", "EC2_WINDOWS"]) {
      join("access_entries_for_nodes", "access-entry", (t) => `it has an EKS access entry of type ${t} (access_entries_for_nodes of ${m.label})`, type)(value.attrs.get(type));
    }
  }
  join("workers_role_arns", "aws-auth", () => `it is mapped to system:nodes in aws-auth by workers_role_arns of ${m.label}`)(m.inputs.get("workers_role_arns"));
}
