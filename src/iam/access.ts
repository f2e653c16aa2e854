import type { Cancelled, Grant, RoleAccess, ActionInfo } from "../model/access.js";
import type { Unknown } from "../model/facts.js";
import type { Boundary, PolicySource } from "../model/linked.js";
import { ecrClass, iamPermissionsActions, isEcrAction } from "./catalogue.js";
import { cancelReason, conditionsOf, EVERYWHERE, scopeOf } from "./grant-scope.js";
import { satisfiable } from "./resource-sets.js";
import { constraintsOf, effective, isAlone, universeOf } from "./statement-sets.js";
import { read, type EvaluateOptions, type Layer } from "./statements.js";
import { tierReach, tierOf } from "./tiers.js";

export type { EvaluateOptions } from "./statements.js";

/**
 * The effective ECR and IAM permissions of a role, as AWS evaluates identity policies: the union of
 * what its policies allow, on the resources each allows and each action acts on, minus what explicit
 * Deny statements take out, within its permissions boundary and SCPs. A conditional Allow is kept as
 * a possible grant and a conditional Deny is not assumed to apply; both are said on the grant.
 */
export function evaluateAccess(sources: PolicySource[], boundary: Boundary, unknowns: Unknown[] = [], options: EvaluateOptions = {}): RoleAccess {
  const found: Unknown[] = [...unknowns];
  const { allows, denies } = read(sources, found, options);
  const layers: Layer[] = [];
  if (boundary.kind === "unknown") found.push(boundary.unknown);
  if (boundary.kind === "resolved") {
    layers.push({ kind: "boundary", name: boundary.sources.map((s) => s.name).join(", "), ...read(boundary.sources, found, options, true) });
  }
  for (const scp of options.scps ?? []) layers.push({ kind: "scp", name: scp.name, ...read(scp.sources, found, options, true) });

  const grants: Grant[] = [];
  const cancelled: Cancelled[] = [];
  for (const allow of allows) {
    for (const m of allow.matches) {
      const u = universeOf(m.action);
      const c = constraintsOf(m.action, allow.when, denies, layers);
      const grant: Grant = {
        action: m.action,
        source: allow.source,
        statement: allow.statement,
        pattern: m.pattern,
        broad: m.broad,
        resources: allow.resources.written,
        scope: EVERYWHERE,
        conditional: false,
        conditions: [],
        when: allow.when,
      };
      const alone = isAlone(c);
      let found = alone ? allow.alone.get(u) : undefined;
      if (!found && !(alone && allow.alone.has(u))) {
        const reach = effective(allow, c, "possible");
        found = satisfiable(u, reach) ? { scope: scopeOf(m.action, allow, c, reach), conditions: conditionsOf(m.action, allow, c, reach) } : undefined;
        if (alone) allow.alone.set(u, found);
      }
      if (!found) {
        cancelled.push({ grant, ...cancelReason(m.action, allow, c) });
        continue;
      }
      grant.scope = found.scope;
      grant.conditions = found.conditions;
      grant.conditional = found.conditions.length > 0;
      grants.push(grant);
    }
  }

  const held = new Set(grants.map((g) => g.action));
  const iamAdmin = iamPermissionsActions().every((a) => held.has(a));
  return { grants, cancelled, tier: tierOf(grants), reach: tierReach(grants), iamAdmin, unknowns: found };
}

/** ECR actions above read: push, delete, repository and registry policy, lifecycle, replication, tags. */
export function isEcrWrite(action: ActionInfo): boolean {
  if (!isEcrAction(action)) return false;
  const c = ecrClass(action);
  return c === "write" || c === "admin";
}
