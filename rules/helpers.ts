import { byConsequence } from "../src/iam/catalogue.js";
import type { EcrTier, Grant, GrantCondition, ResourceScope, RoleAccess, TierReach } from "../src/model/access.js";
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

/**
 * What ECR write actions let a holder do to `images`, in words: PowerUser pushes (and so can overwrite a
 * mutable tag) but deletes nothing, FullAccess does both; actions that do neither change a repository's
 * policy or settings. `whole`: the actions are all a policy grants, so what they leave out can be said too.
 */
export function writeEffects(actionNames: string[], images: string, whole = false): string {
  const names = actionNames.map((n) => n.replace(/^ecr-public:/, "ecr:"));
  const pushes = names.some((n) => n === "ecr:PutImage" || n === "ecr:CompleteLayerUpload");
  const deletes = names.some((n) => n === "ecr:BatchDeleteImage" || n === "ecr:DeleteRepository");
  if (pushes && deletes) return `push, overwrite or delete ${images}`;
  if (pushes) return `push ${images} and overwrite their tags${whole ? " (not delete them)" : ""}`;
  if (deletes) return `delete ${images}`;
  return `change the policies and settings that protect ${images}`;
}

const TIER_PHRASE: Record<EcrTier, string> = {
  none: "has no ECR permissions",
  pull: "can pull images from ECR",
  read: "can pull and list images in ECR",
  write: "can push images to ECR",
  admin: "can push and delete images and change repository policies in ECR",
};

/** What a role can do, in words: `can push images to ECR`, with the repositories when not all of them. */
export function capabilities(access: RoleAccess | undefined): string {
  if (!access) return "whose permissions were not resolved";
  const phrase = TIER_PHRASE[access.tier];
  const top = access.reach.find((r) => r.tier === access.tier);
  const admin = access.iamAdmin ? " and can change IAM permissions" : "";
  return `${phrase}${top ? reachSuffix(top) : ""}${admin}`;
}

/** ` (repositories "…*sagemaker*" only)`, ` (only under IAM conditions)`, or nothing for every repository. */
export function reachSuffix(reach: TierReach): string {
  const parts: string[] = [];
  if (!reach.everywhere && reach.resources.length > 0) {
    const on = reach.resources.includes("*") ? "every repository" : `repositories ${joinAnd(reach.resources.map(quotePattern))} only`;
    parts.push(`${on}${reach.except.length ? ` except ${joinAnd(reach.except.map(quotePattern))}` : ""}`);
  }
  if (reach.conditional) parts.push("only under IAM conditions");
  return parts.length ? ` (${parts.join(", ")})` : "";
}

/** A pattern as written, quoted; a label of a reference (`aws_ecr_repository.app.arn (repository app)`) as it is. */
export function quotePattern(text: string): string {
  return text === "*" || text.startsWith("arn:") || text.includes("*") ? `"${text}"` : text;
}

/** What a scope says when it is not everything: ` on "arn:…:repository/app"`, ` on every repository except "…"`. */
export function describeScope(scope: ResourceScope, noun: string): string {
  const base = scope.only.length > 0 ? scope.only : scope.resources;
  const head = base.includes("*") ? `every ${noun}` : joinAnd(base.map(quotePattern));
  return ` on ${head}${scope.except.length > 0 ? ` except ${joinAnd(scope.except.map(quotePattern))}` : ""}`;
}

/**
 * Where grants reach, for a message: nothing when every grant reaches every resource its action acts
 * on (what a message says by default), ` on …` when they all reach the same part, and which action
 * reaches which part when they differ. Actions that act only on `*` (registry-wide) have no scope to say.
 */
export function scopeSuffix(grants: Grant[]): string {
  const scoped = grants.filter((g) => g.action.resourceTypes.length > 0);
  const byPhrase = groupBy(
    scoped.filter((g) => !g.scope.everywhere),
    (g) => describeScope(g.scope, g.action.resourceTypes[0]?.name ?? "resource"),
  );
  const [only] = byPhrase.keys();
  if (only === undefined) return "";
  if (byPhrase.size === 1 && scoped.every((g) => !g.scope.everywhere)) return only;
  return ` (${[...byPhrase].map(([phrase, of]) => `${listNames(of.map((g) => g.action.name))}${phrase}`).join("; ")})`;
}

/** Whether a message should say "those repositories": no grant on repositories reaches every one. */
export function isScoped(grants: Grant[]): boolean {
  const onResources = grants.filter((g) => g.action.resourceTypes.length > 0);
  return onResources.length > 0 && onResources.every((g) => !g.scope.everywhere);
}

/**
 * The IAM conditions grants hold under, in words: `, only when aws:SourceVpce is vpce-1234`. pullguard
 * cannot evaluate them, so it keeps the grant and says what it depends on.
 */
export function iamConditionSuffix(grants: Grant[]): string {
  const conditions = new Map<string, GrantCondition>();
  for (const c of grants.flatMap((g) => g.conditions)) conditions.set(`${c.text}|${(c.on ?? []).join(",")}`, c);
  const whole = [...conditions.values()].filter((c) => !c.on).map((c) => c.text);
  const partial = [...conditions.values()].filter((c) => c.on).map((c) => `on ${joinAnd((c.on ?? []).map(quotePattern))} only when ${c.text}`);
  const parts = [...(whole.length > 0 ? [`only when ${whole.join(" and when ")}`] : []), ...partial];
  return parts.length > 0 ? `, ${parts.join("; ")}` : "";
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
