import type { CloudTrailEvidence, CloudTrailCoverage, RoleEvidence, RoleMatch, WriteCallGroup } from "../model/cloudtrail.js";
import type { Finding } from "../model/finding.js";
import type { NodeRole } from "../model/linked.js";
import type { Format, Range } from "../model/source.js";
import type { CloudTrailUsage, Issuer } from "./usage.js";

/** The findings that say a node role can write to ECR: the ones whose removal CloudTrail can vouch for. */
export const WRITE_RULES = new Set(["PG101", "PG102", "PG103"]);
/** A partly known name must keep this many literal characters to be matched: `*-*` would match every role. */
const MIN_LITERAL = 4;
/** Why a role without a name in the code cannot be matched, and how to make it matchable. */
const GENERATED: Partial<Record<Format, string>> = {
  eksctl: "eksctl names the role when it creates the node group (eksctl-CLUSTER-nodegroup-NAME-NodeInstanceRole-..., cut to 64 characters); set iam.instanceRoleName to have it matched",
  cloudformation: "CloudFormation names the role when it creates it (STACK-LOGICALID-...); set RoleName to have it matched",
};
/** Call groups listed in a message; the JSON output has them all. */
const LISTED = 5;

/**
 * Ties the CloudTrail usage to the node roles that have an ECR write finding, and says in each such
 * finding (reported or suppressed) whether the logs show the write access in use.
 */
export function applyCloudTrail(usage: CloudTrailUsage, nodeRoles: NodeRole[], findings: Finding[]): CloudTrailEvidence {
  const byKey = new Map<string, RoleEvidence>();
  const evidenceOf = (nodeRole: NodeRole) => {
    let e = byKey.get(nodeRole.role.key);
    if (!e) byKey.set(nodeRole.role.key, (e = roleEvidence(usage, nodeRole)));
    return e;
  };
  for (const finding of findings) {
    if (!WRITE_RULES.has(finding.ruleId)) continue;
    const named = nodeRoles.filter((n) => finding.resources?.includes(n.role.address));
    // Two roots can hold roles with the same address (environments/prod and environments/staging): the finding's chain tells them apart.
    const chained = named.filter((n) => finding.related.some((r) => sameStart(r.range, n.role.range)));
    const roles = chained.length > 0 ? chained : named;
    if (roles.length === 0) continue;
    const evidence = roles.map(evidenceOf);
    finding.cloudtrail = evidence;
    const said = evidence.map((e) => {
      const how = e.match.how === "none" ? "" : ` (${matchedHow(e.match)})`;
      return `${evidence.length > 1 ? ` role ${e.role}` : ""}${how}: ${sentence(e, usage.coverage)}`;
    });
    finding.message = `${finding.message} CloudTrail${evidence.length > 1 ? ":" : ""}${said.join(";")}`;
  }
  return { coverage: usage.coverage, roles: [...byKey.values()] };
}

function sameStart(a: Range, b: Range): boolean {
  return a.file === b.file && a.startLine === b.startLine && a.startColumn === b.startColumn;
}

function roleEvidence(usage: CloudTrailUsage, nodeRole: NodeRole): RoleEvidence {
  const match = matchRole(nodeRole, [...usage.issuers.values()]);
  const issuers = match.how === "none" ? [] : match.issuers.map((arn) => usage.issuers.get(arn)).filter((i): i is Issuer => i !== undefined);
  const calls = issuers.flatMap((i) => [...i.writes.values()]).sort(byFrequency);
  const totalCalls = calls.reduce((n, c) => n + c.calls, 0);
  const totalFailed = calls.reduce((n, c) => n + c.failed, 0);
  // No record, or no session of the role at all: the logs do not cover it, so they vouch for nothing.
  const covered = usage.coverage.records > 0 && issuers.some((i) => i.records > 0);
  const verdict = totalCalls > 0 ? "used" : covered ? "unused" : "unknown";
  return { role: nodeRole.role.address, match, verdict, calls, totalCalls, totalFailed };
}

/** Matches by name: the code never holds the account ID of a role it creates, so ARNs cannot be compared. */
export function matchRole(nodeRole: NodeRole, issuers: Issuer[]): RoleMatch {
  const prefix = nodeRole.role.namePrefix;
  // name_prefix: the provider appends a generated suffix.
  const name = nodeRole.role.name ?? (prefix ? { ...prefix, text: `${prefix.text}\${suffix}`, known: false } : undefined);
  if (!name) return { how: "none", reason: GENERATED[nodeRole.role.format] ?? "the code does not name the role (its name is generated when it is created)" };
  if (name.known) {
    const wanted = name.text.toLowerCase();
    // IAM role names are unique regardless of case.
    return { how: "name", name: name.text, issuers: issuers.filter((i) => i.name.toLowerCase() === wanted).map((i) => i.arn).sort() };
  }
  const pattern = name.text.replace(/\$\{[^}]*\}/g, "*").replace(/\*+/g, "*");
  if (pattern.replace(/\*/g, "").length < MIN_LITERAL) {
    return { how: "none", reason: `too little of the role's name is known from the code to match it (${name.reason ?? name.text})` };
  }
  const re = new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`, "i");
  return { how: "pattern", pattern, issuers: issuers.filter((i) => re.test(i.name)).map((i) => i.arn).sort() };
}

/** What a finding's message says about one role. */
function sentence(e: RoleEvidence, coverage: CloudTrailCoverage): string {
  const range = coverage.from && coverage.to ? `from ${coverage.from} to ${coverage.to} (${plural(coverage.records, "record")})` : `(${plural(coverage.records, "record")})`;
  if (e.match.how === "none") return `the logs could not be matched to this role: ${e.match.reason}.`;
  const failed = e.totalFailed > 0 ? ` ${plural(e.totalFailed, "failed call")} (such as AccessDenied) ${e.totalFailed === 1 ? "is" : "are"} not counted.` : "";
  if (e.verdict === "unknown") {
    return coverage.records === 0
      ? "the logs hold no valid record, so they cannot tell whether this role's write access is used."
      : `the logs ${range} hold no session of this role: they may come from another account or region, so they cannot tell whether its write access is used.`;
  }
  if (e.verdict === "unused") return `no ECR write call by this role in the logs ${range}: safe to remove.${failed}`;
  const used = e.calls.filter((c) => c.calls > 0);
  const shown = used.slice(0, LISTED).map((c) => `${c.action} ×${c.calls} on ${c.repository} by ${c.userAgent} from ${c.sourceIp}`);
  const more = used.length > LISTED ? `, and ${used.length - LISTED} more` : "";
  return `${plural(e.totalCalls, "ECR write call")} by this role in the logs ${range}: ${shown.join("; ")}${more}. Move these to their own IRSA or Pod Identity role before removing the access.${failed}`;
}

function matchedHow(match: Exclude<RoleMatch, { how: "none" }>): string {
  const { issuers } = match;
  if (match.how === "name") return `matched by role name ${match.name}${issuers.length > 1 ? ` in ${issuers.length} accounts` : ""}`;
  const names = issuers.map((arn) => arn.slice(arn.lastIndexOf("/") + 1));
  return `matched by the partly known role name ${match.pattern}${names.length > 0 ? `: ${names.join(", ")}` : ""}`;
}

function byFrequency(a: WriteCallGroup, b: WriteCallGroup): number {
  return b.calls - a.calls || b.failed - a.failed || (a.action < b.action ? -1 : a.action > b.action ? 1 : 0) || (a.repository < b.repository ? -1 : a.repository > b.repository ? 1 : 0) || (a.userAgent < b.userAgent ? -1 : a.userAgent > b.userAgent ? 1 : 0) || (a.sourceIp < b.sourceIp ? -1 : a.sourceIp > b.sourceIp ? 1 : 0);
}

/** `172,718 records`: log volumes are large, so counts get thousands separators. */
export function plural(n: number, what: string): string {
  return `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
