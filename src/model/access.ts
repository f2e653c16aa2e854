import type { Statement, Text, Unknown, When } from "./facts.js";
import type { PolicySource } from "./linked.js";

/** An IAM action of a service pullguard reasons about (ECR, ECR Public, IAM). */
export interface ActionInfo {
  /** Canonical spelling, `ecr:PutImage`. */
  name: string;
  service: string;
  /** The access level from the IAM service authorization reference (`Write`, `Permissions management, Write`, ...). */
  level: string;
}

export type EcrTier = "none" | "pull" | "read" | "write" | "admin";
export const TIER_ORDER: EcrTier[] = ["none", "pull", "read", "write", "admin"];

/** One action a role is allowed, and the chain that allows it: policy → statement → action string. */
export interface Grant {
  action: ActionInfo;
  source: PolicySource;
  statement: Statement;
  /** The `Action` entry that matched; undefined when the statement allows through `NotAction`. */
  pattern: Text | undefined;
  /** Allowed by a grant that is not about one service (`*`, `*:*`, `NotAction`). */
  broad: boolean;
  resources: string[];
  conditional: boolean;
  when: When[];
}

export interface Cancelled {
  grant: Grant;
  reason: string;
}

export interface RoleAccess {
  /** What the role is effectively allowed, of the tracked actions. */
  grants: Grant[];
  cancelled: Cancelled[];
  tier: EcrTier;
  /** The role can change IAM permissions (its own included): every IAM permissions-management action. */
  iamAdmin: boolean;
  unknowns: Unknown[];
}
