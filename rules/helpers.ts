import { byConsequence } from "../src/iam/catalogue.js";
import type { EcrTier, Grant, RoleAccess } from "../src/model/access.js";
import { describeWhen, type When } from "../src/model/facts.js";
import type { RelatedLocation } from "../src/model/finding.js";
import type { NodeRole, PolicySource } from "../src/model/linked.js";
import type { Range } from "../src/model/source.js";

/** ` when condition UseFullAccess is true`, or nothing. */
export function conditionSuffix(when: When[]): string {
  const text = describeWhen(dedupeWhen(when));
  return text ? ` when ${text}` : "";
}

function dedupeWhen(when: When[]): When[] {
  const seen = new Set<string>();
  return when.filter((w) => {
    const id = `${w.condition}=${w.value}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** `ecr:PutImage, ecr:BatchDeleteImage and 3 more`: the most consequential names first. */
export function listNames(names: string[], max = 4): string {
  const unique = [...new Set(names)].sort(byConsequence);
  if (unique.length <= max) return joinAnd(unique);
  return `${unique.slice(0, max).join(", ")} and ${unique.length - max} more`;
}

export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

/** The node groups, launch templates and profiles that make a role a node role, then the role itself. */
export function nodeChain(nodeRole: NodeRole): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const seen = new Set<string>();
  for (const path of nodeRole.paths) {
    for (const hop of path.hops) {
      const id = rangeId(hop.range);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ range: hop.range, message: `${hop.label} (${path.evidence})` });
    }
  }
  out.push({ range: nodeRole.role.range, message: `node role ${nodeRole.role.address}` });
  return out;
}

export function sourceChain(source: PolicySource): RelatedLocation[] {
  const out: RelatedLocation[] = [{ range: source.attachedAt, message: `${source.name} attached through ${source.via}` }];
  if (source.definedAt && rangeId(source.definedAt) !== rangeId(source.attachedAt)) {
    out.push({ range: source.definedAt, message: `${source.kind === "inline" ? "policy" : "managed policy"} ${source.name}` });
  }
  return out;
}

export function rangeId(range: Range): string {
  return `${range.file}:${range.startLine}:${range.startColumn}:${range.endLine}:${range.endColumn}`;
}

export function uniqueRelated(related: RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return related.filter((r) => {
    const id = rangeId(r.range);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

const TIER_PHRASE: Record<EcrTier, string> = {
  none: "has no ECR permissions",
  pull: "can pull images from ECR",
  read: "can pull and list images in ECR",
  write: "can push images to ECR",
  admin: "can push and delete images and change repository policies in ECR",
};

/** What a role can do, in words: `can push images to ECR (ecr:PutImage, ...)`. */
export function capabilities(access: RoleAccess | undefined): string {
  if (!access) return "whose permissions were not resolved";
  const phrase = TIER_PHRASE[access.tier];
  const admin = access.iamAdmin ? " and can change IAM permissions" : "";
  return `${phrase}${admin}`;
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Where a grant is written: its action string, or the `NotAction` key of an allow-everything-but statement. */
export function grantRange(grant: Grant): Range {
  return grant.pattern?.range ?? grant.statement.notActionKey ?? grant.statement.range ?? grant.source.attachedAt;
}

export function grantText(grant: Grant): string {
  if (grant.pattern) return `"${grant.pattern.text}"`;
  return `NotAction [${(grant.statement.notActions ?? []).map((t) => t.text).join(", ")}]`;
}

export function roleNames(nodeRoles: NodeRole[]): string {
  return joinAnd([...new Set(nodeRoles.map((n) => n.role.address))].sort());
}
