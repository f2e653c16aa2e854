import type { ActionInfo } from "../model/access.js";
import type { When } from "../model/facts.js";
import { isWholeUnknown } from "./resource-pattern.js";
import { and, not, or, type ResourceFormula, type ResourceUniverse } from "./resource-sets.js";
import type { Layer, Read, Resources } from "./statements.js";

/** Statements as sets of resources: what an Allow covers, what a Deny takes out, what a boundary or SCP leaves. */

/**
 * `possible`: the widest reading, for "can the role do this somewhere": a part that is not known may be
 * anything in an Allow and nothing in a Deny. `certain`: the narrowest, for "everywhere".
 */
export type Mode = "possible" | "certain";

/** An identity policy's Allow, a Deny (of any policy), or the Allow of a boundary or SCP, which only caps. */
export type Effect = "Allow" | "Deny" | "Cap";

/** Whether every condition `inner` depends on also holds under `outer`. */
function implied(inner: When[], outer: When[]): boolean {
  return inner.every((w) => outer.some((o) => o.condition === w.condition && o.value === w.value));
}

const universes = new WeakMap<ActionInfo, ResourceUniverse>();
const universesByKey = new Map<string, ResourceUniverse>();

/** Every resource an action can act on: ARNs of its resource types, or `*` alone; one object per kind, shared. */
export function universeOf(action: ActionInfo): ResourceUniverse {
  let u = universes.get(action);
  if (!u) {
    const arns = action.resourceTypes.map((t) => t.arn);
    const key = `${action.resourceOptional}|${arns.join(" ")}`;
    u = universesByKey.get(key);
    if (!u) {
      u = { arns, star: arns.length === 0, unnamed: action.resourceOptional };
      universesByKey.set(key, u);
    }
    universes.set(action, u);
  }
  return u;
}

/**
 * A statement's list (before its `Not`) as a formula over the resources of an action. In the widest
 * reading an Allow's unknown parts match anything and a Deny's nothing; the narrowest reading is the
 * reverse. `*` (what an action on no resource type is asked on) is in a list only when written.
 * A call that names no resource, which an action with an optional resource type allows
 * (ecr-public:DescribeRepositories), is asked on `*`: an identity Allow admits it when written on `*`
 * (or with a `NotResource` that does not hold `*`), a boundary or SCP when it names the action at all,
 * and a Deny only on `*`.
 */
export function listOf(r: Resources, effect: Effect, mode: Mode, patterns: readonly string[] = r.patterns): ResourceFormula {
  const wide = (effect !== "Deny") !== r.negated !== (mode === "certain");
  const star = patterns.includes("*") || (wide && patterns.some(isWholeUnknown));
  const unnamed = effect === "Deny" ? r.negated || star : effect === "Cap" && !r.negated ? true : star;
  return { list: { patterns, form: wide ? "may" : "must", star, unnamed } };
}

/** The resources of an action a statement's `Resource` or `NotResource` covers. */
export function formulaOf(r: Resources, effect: Effect, mode: Mode): ResourceFormula {
  const list = listOf(r, effect, mode);
  return r.negated ? not(list) : list;
}

/** One entry of a statement's list, read widely: for telling which entries reach something. */
export function entryOf(r: Resources, index: number, effect: Effect): ResourceFormula {
  const mode: Mode = (effect !== "Deny") !== r.negated ? "possible" : "certain";
  return listOf(r, effect, mode, [r.patterns[index] as string]);
}

const NONE: Constraints = { denies: [], conditionalDenies: [], layers: [] };

export interface Constraints {
  denies: Read[];
  conditionalDenies: Read[];
  layers: { layer: Layer; allows: Read[]; denies: Read[]; conditionalDenies: Read[] }[];
}

/** What else decides a grant of `action` from a statement under `when`: Deny statements, boundary and SCPs. */
export function constraintsOf(action: ActionInfo, when: When[], denies: Read[], layers: Layer[]): Constraints {
  if (denies.length === 0 && layers.length === 0) return NONE;
  const applies = (d: Read) => d.actions.has(action) && implied(d.when, when);
  return {
    denies: denies.filter((d) => applies(d) && !d.conditional),
    conditionalDenies: denies.filter((d) => applies(d) && d.conditional),
    layers: layers.map((layer) => ({
      layer,
      // A boundary's conditional Allow may hold (the widest reading), its conditional Deny may not.
      allows: layer.allows.filter((a) => a.actions.has(action)),
      denies: layer.denies.filter((d) => applies(d) && !d.conditional),
      conditionalDenies: layer.denies.filter((d) => applies(d) && d.conditional),
    })),
  };
}

/** No Deny, boundary or SCP decides the grant: what it reaches is what its statement allows. */
export function isAlone(c: Constraints): boolean {
  return c.denies.length === 0 && c.conditionalDenies.length === 0 && c.layers.length === 0;
}

export function denied(denies: Read[], mode: Mode): ResourceFormula {
  return or(...denies.map((d) => formulaOf(d.resources, "Deny", mode)));
}

export function layerFormula(l: Constraints["layers"][number], mode: Mode): ResourceFormula {
  return and(or(...l.allows.map((a) => formulaOf(a.resources, "Cap", mode))), not(denied(l.denies, mode)));
}

export function effective(allow: Read, c: Constraints, mode: Mode): ResourceFormula {
  return and(formulaOf(allow.resources, "Allow", mode), not(denied(c.denies, mode)), ...c.layers.map((l) => layerFormula(l, mode)));
}

