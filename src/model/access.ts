import type { Statement, Text, Unknown, When } from "./facts.js";
import type { PolicySource } from "./linked.js";

/** A resource type an action acts on, from the IAM catalogue. */
export interface ResourceType {
  /** `repository`, `role`. */
  name: string;
  /** Its ARN as a pattern, the catalogue's variables made wildcards: `arn:*:ecr:*:*:repository/*`. */
  arn: string;
}

/** An IAM action of a service pullguard reasons about (ECR, ECR Public, IAM). */
export interface ActionInfo {
  /** Canonical spelling, `ecr:PutImage`. */
  name: string;
  service: string;
  /** The access level from the IAM service authorization reference (`Write`, `Permissions management, Write`, ...). */
  level: string;
  /** What it acts on; empty for an action that acts only on `*` (ecr:GetAuthorizationToken). */
  resourceTypes: ResourceType[];
  /** The call may name no resource at all (ecr-public:DescribeRepositories): it is then asked on `*`. */
  resourceOptional: boolean;
}

export type EcrTier = "none" | "pull" | "read" | "write" | "admin";
export const TIER_ORDER: EcrTier[] = ["none", "pull", "read", "write", "admin"];

/**
 * Where a grant reaches, after the role's Deny statements, its permissions boundary and any SCP: the
 * patterns of the Allow that still reach a resource, narrowed (`only`) and cut (`except`) by the others.
 */
export interface ResourceScope {
  /** Every resource the action acts on (every repository; `*` for an action that acts only on `*`). */
  everywhere: boolean;
  /** The Allow's `Resource` patterns that still reach a resource, or `*` for a `NotResource` Allow. */
  resources: string[];
  /** Patterns the grant is narrowed to: a Deny's `NotResource`, the boundary's or an SCP's `Resource`. */
  only: string[];
  /** Patterns taken out: the Allow's `NotResource`, a Deny's `Resource`, what the boundary denies. */
  except: string[];
}

/** An IAM `Condition` a grant depends on, in words. */
export interface GrantCondition {
  /** `aws:SourceVpce is vpce-1234`, `aws:SecureTransport is not false`. */
  text: string;
  /** `allow`: the Allow's own condition; `deny`: the grant holds only while a conditional Deny does not apply. */
  from: "allow" | "deny";
  /** For a Deny that covers only part of the grant: the patterns it denies on. */
  on?: string[];
}

/** One action a role is allowed, and the chain that allows it: policy → statement → action string. */
export interface Grant {
  action: ActionInfo;
  source: PolicySource;
  statement: Statement;
  /** The `Action` entry that matched; undefined when the statement allows through `NotAction`. */
  pattern: Text | undefined;
  /** Allowed by a grant that is not about one service (`*`, `*:*`, `NotAction`). */
  broad: boolean;
  /** The statement's `Resource` as written, or `all except ...` for its `NotResource`. */
  resources: string[];
  /** Where it reaches once Deny statements, the boundary and any SCP are applied. */
  scope: ResourceScope;
  /** It holds only under IAM conditions: the Allow's own, or a conditional Deny that was not assumed to apply. */
  conditional: boolean;
  conditions: GrantCondition[];
  /** CloudFormation `Fn::If` conditions (and the like) it depends on. */
  when: When[];
}

export interface Cancelled {
  grant: Grant;
  reason: string;
  /** Why in one word, for rules that explain a missing permission (PG104). */
  kind: "resource-type" | "deny" | "boundary" | "scp";
}

/** How far an ECR tier reaches: the repositories a role can write to, for one. */
export interface TierReach {
  tier: Exclude<EcrTier, "none">;
  /** Every repository (or the whole registry: a registry-wide action such as ecr:PutReplicationConfiguration). */
  everywhere: boolean;
  /** The patterns it reaches when not everywhere, from the grants' scopes. */
  resources: string[];
  except: string[];
  /** Every grant of this tier holds only under IAM conditions. */
  conditional: boolean;
}

export interface RoleAccess {
  /** What the role is effectively allowed, of the tracked actions: somewhere, possibly under conditions. */
  grants: Grant[];
  cancelled: Cancelled[];
  tier: EcrTier;
  /** The reach of each ECR tier the role holds, highest first. */
  reach: TierReach[];
  /** The role can change IAM permissions (its own included): every IAM permissions-management action. */
  iamAdmin: boolean;
  unknowns: Unknown[];
}
