import { isEcrWrite } from "../iam/access.js";
import { iamPermissionsActions, trackedActions } from "../iam/catalogue.js";

/**
 * Guardrails that keep node roles pull-only whatever is attached to them later: a permissions
 * boundary to attach to each node role, or a service control policy for the whole organization
 * that denies the same actions to the roles it matches by name or tag.
 */
export type GuardrailKind = "scp" | "boundary";

/** How an SCP recognises node roles: role name patterns (ARN globs) or principal tags. */
export interface NodeRoleMatch {
  /** Role path and name globs (`*-node-role`, `eks-node-*`), matched with `ArnLike` on `aws:PrincipalArn`. */
  rolePatterns: string[];
  /** Principal tags (`eks-node=true`), matched with `StringEquals` on `aws:PrincipalTag/KEY`. */
  tags: { key: string; value: string }[];
}

export interface PolicyStatementJson {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string;
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocumentJson {
  Version: "2012-10-17";
  Statement: PolicyStatementJson[];
}

/** AWS Organizations: an SCP document may hold 5,120 characters, whitespace included. */
export const SCP_MAX_CHARS = 5120;
/** IAM: a customer managed policy may hold 6,144 characters, whitespace not counted. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * What the guardrail denies, from the action catalogue: every ECR and ECR Public action above read
 * (push, delete, repository and registry policies, lifecycle, replication, tag mutability) and every
 * IAM permissions-management action (a role that can rewrite its own policies, or remove its
 * boundary, escapes any guardrail). Listed one by one: no wildcard is exact (`ecr:Put*` would
 * also deny `ecr:PutImageScanningConfiguration`, which the catalogue counts as read).
 */
export function deniedActions(): string[] {
  const ecr = trackedActions().filter(isEcrWrite).map((a) => a.name);
  const iam = iamPermissionsActions().map((a) => a.name);
  return [...new Set([...ecr, ...iam])].sort(compareActions);
}

/** ECR first, then ECR Public, then IAM; by name within a service. */
function compareActions(a: string, b: string): number {
  const rank = (name: string) => ["ecr", "ecr-public", "iam"].indexOf(name.slice(0, name.indexOf(":")));
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

const DENY_SID = "DenyEcrWriteAndPermissionsManagement";

/**
 * The permissions boundary: it allows everything the role's own policies grant (a boundary only
 * caps, it grants nothing), except the denied actions, which no policy attached later can give back.
 */
export function boundaryPolicy(): PolicyDocumentJson {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AllowWhatTheRolePoliciesGrant", Effect: "Allow", Action: "*", Resource: "*" },
      { Sid: DENY_SID, Effect: "Deny", Action: deniedActions(), Resource: "*" },
    ],
  };
}

/**
 * The service control policy: one Deny statement per way of recognising node roles, so that a role
 * that matches any of them (a name pattern or a tag) is denied. It needs the organization's usual
 * allow (FullAWSAccess) beside it, like every SCP.
 */
export function scpPolicy(match: NodeRoleMatch): PolicyDocumentJson {
  if (match.rolePatterns.length === 0 && match.tags.length === 0) {
    throw new Error("an SCP needs a role pattern or a tag to match node roles: without one it would deny these actions to every principal");
  }
  const actions = deniedActions();
  const statements: PolicyStatementJson[] = [];
  if (match.rolePatterns.length > 0) {
    const arns = match.rolePatterns.map(roleArnPattern);
    statements.push({
      Sid: `${DENY_SID}ToNodeRolesByName`,
      Effect: "Deny",
      Action: actions,
      Resource: "*",
      Condition: { ArnLike: { "aws:PrincipalArn": arns.length === 1 ? (arns[0] as string) : arns } },
    });
  }
  match.tags.forEach((tag, i) => {
    statements.push({
      Sid: `${DENY_SID}ToNodeRolesByTag${match.tags.length > 1 ? i + 1 : ""}`,
      Effect: "Deny",
      Action: [...actions],
      Resource: "*",
      Condition: { StringEquals: { [`aws:PrincipalTag/${tag.key}`]: tag.value } },
    });
  });
  return { Version: "2012-10-17", Statement: statements };
}

/** `arn:*:iam::*:role/<pattern>`: any partition and account; the pattern covers the role's path and name. */
export function roleArnPattern(pattern: string): string {
  return `arn:*:iam::*:role/${pattern}`;
}

/** Characters IAM allows in role paths and names, plus the `*` and `?` of `ArnLike`. */
const ROLE_PATTERN = /^[\w+=,.@\-/*?]+$/;
/** Characters IAM allows in tag keys (letters, digits, spaces and `_ . : / = + - @`). */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** Why a role pattern cannot be used, or undefined when it can. */
export function rolePatternProblem(pattern: string): string | undefined {
  if (!ROLE_PATTERN.test(pattern)) return "a role pattern may hold letters, digits, + = , . @ - _ / and the wildcards * and ?";
  if (/^[*?/]*$/.test(pattern)) return "a pattern that matches every role would deny these actions to every role, not only node roles";
  return undefined;
}

/** Why a tag key cannot be used, or undefined when it can. */
export function tagKeyProblem(key: string): string | undefined {
  if (!TAG_KEY.test(key)) return "a tag key is 1 to 128 letters, digits, spaces and _ . : / = + - @";
  if (/^aws:/i.test(key)) return "tag keys starting with aws: are reserved by AWS";
  return undefined;
}

/** The size AWS checks: all characters for an SCP, characters other than whitespace for a managed policy. */
export function policySize(kind: GuardrailKind, document: PolicyDocumentJson): number {
  const text = JSON.stringify(document);
  return kind === "scp" ? text.length : text.replace(/\s/g, "").length;
}

export function policyLimit(kind: GuardrailKind): number {
  return kind === "scp" ? SCP_MAX_CHARS : MANAGED_POLICY_MAX_CHARS;
}
