import type { RoleAccess } from "./access.js";
import type { LinkedModel } from "./linked.js";

/** What rules see: the linked model and the evaluated access of every node role (by role key). */
export interface RuleModel {
  linked: LinkedModel;
  access: Map<string, RoleAccess>;
}
