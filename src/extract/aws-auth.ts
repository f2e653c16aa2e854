import { isMap, isScalar, isSeq, parseDocument, type Scalar } from "yaml";

/**
 * The `mapRoles` of the aws-auth ConfigMap (kube-system/aws-auth): YAML text holding a list of
 * `{rolearn, username, groups}`. A role mapped to `system:nodes` is a role nodes join the cluster as.
 * Shared by every format that writes the ConfigMap: a manifest, Terraform's kubernetes_config_map*,
 * eksctl's iamIdentityMappings read their own structure and use `isNodeEntry`.
 */
export interface MapRolesEntry {
  /** The rolearn as written (a template placeholder stays as it is). */
  roleArn: string;
  groups: string[];
  /** Where the rolearn value is in the mapRoles text (offsets into it). */
  start: number;
  end: number;
}

/** The entries of a mapRoles text; undefined when it is not a YAML list (a template that breaks YAML). */
export function mapRolesEntries(text: string): MapRolesEntry[] | undefined {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0 || !isSeq(doc.contents)) return undefined;
  const out: MapRolesEntry[] = [];
  for (const item of doc.contents.items) {
    if (!isMap(item)) continue;
    const arn = item.get("rolearn", true);
    if (!isScalar(arn) || typeof arn.value !== "string") continue;
    const groups = item.get("groups", true);
    const groupList = isSeq(groups) ? groups.items.flatMap((g) => (isScalar(g) && typeof g.value === "string" ? [g.value] : [])) : [];
    const [start, end] = (arn as Scalar).range ?? [0, 0];
    out.push({ roleArn: arn.value, groups: groupList, start, end });
  }
  return out;
}

/** Whether an aws-auth entry maps its role to the nodes' group. */
export function isNodeEntry(groups: string[]): boolean {
  return groups.includes("system:nodes");
}

/** Why a role mapped this way is a node role, for messages. */
export const AWS_AUTH_EVIDENCE = "it is mapped to system:nodes in the aws-auth ConfigMap";
