import type { RoleAccess } from "./access.js";
import type { IgnoreStatus } from "./ignore.js";
import type { LinkedModel } from "./linked.js";

/** What rules see: the linked model and the evaluated access of every node role (by role key). */
export interface RuleModel {
  linked: LinkedModel;
  access: Map<string, RoleAccess>;
  /** Every ignore of the scan and what it matched; filled in once the other rules have run. */
  ignores: IgnoreStatus[];
  /** Settings from the configuration that rules read; defaults when unset. */
  options?: RuleOptions;
}

export interface RuleOptions {
  /** Tag keys every node role must carry (PG401), compared as AWS does: case-sensitively. */
  requiredTags: string[];
}

/** What PG401 requires when the configuration names no tags: an owner and a team to ask before changing the role. */
export const DEFAULT_REQUIRED_TAGS: readonly string[] = ["owner", "team"];
