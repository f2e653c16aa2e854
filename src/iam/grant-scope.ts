import type { ActionInfo, Cancelled, GrantCondition, ResourceScope } from "../model/access.js";
import { describeConditions, describeUnless } from "./conditions.js";
import { and, not, or, satisfiable, valid, type ResourceFormula } from "./resource-sets.js";
import { effective, entryOf, formulaOf, denied, layerFormula, universeOf, type Constraints, type Effect } from "./statement-sets.js";
import { statementName, type Read, type Resources } from "./statements.js";

/** What a grant reaches and depends on, and why one reaches nothing, in the patterns and words a person wrote. */

/** Why a statement's grant of an action reaches nothing, checked in the order IAM's answer depends on them. */
export function cancelReason(action: ActionInfo, allow: Read, c: Constraints): Omit<Cancelled, "grant"> {
  const u = universeOf(action);
  const own = formulaOf(allow.resources, "Allow", "possible");
  if (!satisfiable(u, own)) {
    const written = allow.resources.written.join(", ");
    if (action.resourceTypes.length === 0) {
      return { kind: "resource-type", reason: `${action.name} acts only on "*", and ${statementName(allow)} allows it on ${written}` };
    }
    return { kind: "resource-type", reason: `${statementName(allow)} allows it on ${written}, no ${action.resourceTypes.map((t) => t.name).join(" or ")} it acts on` };
  }
  let reached = and(own, not(denied(c.denies, "possible")));
  if (!satisfiable(u, reached)) {
    const by = c.denies.filter((d) => satisfiable(u, and(own, formulaOf(d.resources, "Deny", "possible"))));
    return { kind: "deny", reason: `denied by ${(by.length ? by : c.denies).map(statementName).join(" and ")}` };
  }
  for (const l of c.layers) {
    reached = and(reached, layerFormula(l, "possible"));
    if (!satisfiable(u, reached)) {
      return l.layer.kind === "boundary"
        ? { kind: "boundary", reason: `outside the permissions boundary (${l.layer.name})` }
        : { kind: "scp", reason: `outside the service control policy ${l.layer.name}` };
    }
  }
  return { kind: "deny", reason: "reaches no resource" };
}

export const EVERYWHERE: ResourceScope = { everywhere: true, resources: ["*"], only: [], except: [] };

/** Where a grant reaches, in the patterns a person wrote. */
export function scopeOf(action: ActionInfo, allow: Read, c: Constraints, reach: ResourceFormula): ResourceScope {
  const u = universeOf(action);
  const r = allow.resources;
  if (c.denies.length === 0 && c.layers.length === 0 && !r.negated && r.patterns.includes("*")) return EVERYWHERE;
  const own = formulaOf(r, "Allow", "possible");
  const reaches = (f: ResourceFormula) => satisfiable(u, and(reach, f));
  const cuts = (f: ResourceFormula) => satisfiable(u, and(own, f));
  const reaching = (s: Resources, effect: Effect) => s.labels.filter((_, i) => reaches(entryOf(s, i, effect)));
  const cutting = (s: Resources, effect: Effect) => s.labels.filter((_, i) => cuts(entryOf(s, i, effect)));
  const only: string[] = [];
  const except: string[] = [];
  const resources = r.negated ? ["*"] : r.patterns.length === 1 ? r.labels : reaching(r, "Allow");
  if (r.negated) except.push(...r.labels.filter((_, i) => satisfiable(u, entryOf(r, i, "Allow"))));
  // A Deny with NotResource leaves only its list; a Deny with Resource takes its list out.
  const take = (d: Read) => {
    if (!cuts(formulaOf(d.resources, "Deny", "possible"))) return;
    if (d.resources.negated) only.push(...reaching(d.resources, "Deny"));
    else except.push(...cutting(d.resources, "Deny"));
  };
  c.denies.forEach(take);
  for (const l of c.layers) {
    if (cuts(not(or(...l.allows.map((a) => formulaOf(a.resources, "Cap", "possible")))))) {
      for (const a of l.allows) {
        if (a.resources.negated) except.push(...cutting(a.resources, "Cap"));
        else only.push(...reaching(a.resources, "Cap"));
      }
    }
    l.denies.forEach(take);
  }
  const everywhere = valid(u, effective(allow, c, "certain"));
  return { everywhere, resources, only: [...new Set(only)], except: [...new Set(except)] };
}

/** The IAM conditions a grant depends on: its own, and conditional Denies that would cut into it. */
export function conditionsOf(action: ActionInfo, allow: Read, c: Constraints, reach: ResourceFormula): GrantCondition[] {
  const u = universeOf(action);
  const out: GrantCondition[] = [];
  if (allow.conditional) out.push({ text: describeConditions(allow.statement.conditions), from: "allow" });
  for (const d of [...c.conditionalDenies, ...c.layers.flatMap((l) => l.conditionalDenies)]) {
    const covered = formulaOf(d.resources, "Deny", "certain");
    if (!satisfiable(u, and(reach, covered))) continue;
    const partly = satisfiable(u, and(reach, not(covered)));
    out.push({ text: describeUnless(d.statement.conditions), from: "deny", ...(partly ? { on: d.resources.written } : {}) });
  }
  return out;
}

