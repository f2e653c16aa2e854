import type { RoleAccess } from "./access.js";
import type { IgnoreStatus } from "./ignore.js";
import type { LinkedModel } from "./linked.js";

/** What rules see: the linked model and the evaluated access of every node role (by role key). */
export interface RuleModel {
  linked: LinkedModel;
  access: Map<string, RoleAccess>;
  /** Every ignore of the scan and what it matched; filled in once the other rules have run. */
  ignores: IgnoreStatus[];
}
