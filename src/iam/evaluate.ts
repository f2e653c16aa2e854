import type { RoleAccess } from "../model/access.js";
import type { LinkedModel } from "../model/linked.js";
import type { RuleModel } from "../model/rule-model.js";
import { evaluateAccess } from "./access.js";

/** Evaluates the effective permissions of every node role. */
export function evaluateModel(linked: LinkedModel): RuleModel {
  const access = new Map<string, RoleAccess>();
  for (const r of [...linked.nodeRoles, ...linked.workloadRoles]) access.set(r.role.key, evaluateAccess(r.sources, r.boundary));
  return { linked, access, ignores: [] };
}
