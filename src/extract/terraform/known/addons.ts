import type { Range } from "../../../model/source.js";
import type { ModuleInstance } from "../module.js";
import { str, unknown, type TfValue } from "../value.js";
import { isFalse, isTrue, KnownModuleFacts, knownKey, textOf, type External } from "./build.js";

/**
 * aws-ia/eks-blueprints-addons/aws (v0.1–v1.24, read from its releases): with `enable_karpenter` it
 * creates the Karpenter node role, `karpenter-<cluster>` as a name prefix by default, with
 * AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly, AmazonEKS_CNI_Policy and
 * `karpenter_node.iam_role_additional_policies`. Its other add-ons get IRSA roles scoped to their own
 * service accounts and no node permissions.
 */
const SOURCE = /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?aws-ia\/eks-blueprints-addons\/aws$|github\.com\/aws-ia\/terraform-aws-eks-blueprints-addons(?:\.git)?(?:\?ref=.*)?$/;
const LABEL = "aws-ia/eks-blueprints-addons/aws";

export function blueprintsAddons(parent: ModuleInstance, child: External, facts: KnownModuleFacts["facts"]): boolean {
  if (!SOURCE.test(child.source ?? "")) return false;
  const m = new KnownModuleFacts(parent, child, facts, child.version ? `${LABEL} ${child.version}` : LABEL);
  if (!isTrue(m.inputs.get("enable_karpenter"))) return true;
  const node = m.inputs.get("karpenter_node");
  const settings = node?.k === "object" ? node.attrs : new Map<string, TfValue>();
  if (isFalse(settings.get("create_iam_role"))) return true;
  const range = m.inputRange("karpenter_node") === m.site ? m.inputRange("enable_karpenter") : m.inputRange("karpenter_node");
  const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy"].map((p) => m.defaultAttachment(p, range));
  attachments.push(...m.attachments(settings.get("iam_role_additional_policies"), range, m.when, "karpenter_node.iam_role_additional_policies"));
  const cluster = textOf(m.inputs.get("cluster_name")) ?? "${cluster_name}";
  const roleKey = m.key("karpenter-node-role");
  m.role(roleKey, `${child.address} Karpenter node role`, range, m.when, {
    ...m.roleName(settings.get("iam_role_name") ?? str(`karpenter-${cluster}`, range), !isFalse(settings.get("iam_role_use_name_prefix")), range, m.when),
    attachments,
    ...m.governance(settings.get("iam_role_permissions_boundary"), [m.inputs.get("tags"), settings.get("iam_role_tags")], range, m.when),
  });
  m.nodeGroup(`${child.address} Karpenter nodes`, "karpenter", [{ kind: "logical", target: { key: roleKey }, range, when: m.when }], range, m.when, `it is the Karpenter node role of ${LABEL}`);
  return true;
}

/** `module.addons.karpenter.node_iam_role_arn` and `..._name` as references to that role. */
export function blueprintsAddonsOutput(parent: ModuleInstance, child: External, output: string, site: Range): TfValue | undefined {
  if (!SOURCE.test(child.source ?? "") || output !== "karpenter") return undefined;
  const ref = (attribute: string) => unknown(`${child.address}.karpenter.node_iam_role_${attribute} is only known after apply`, site, { ref: { key: knownKey(parent, child, "karpenter-node-role"), attribute } });
  return { k: "object", attrs: new Map([["node_iam_role_arn", ref("arn")], ["node_iam_role_name", ref("name")]]), range: site };
}
