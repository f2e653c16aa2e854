import type { ActionInfo, Cancelled, EcrTier, Grant, RoleAccess } from "../model/access.js";
import { TIER_ORDER } from "../model/access.js";
import type { Statement, Text, Unknown, When } from "../model/facts.js";
import type { Boundary, PolicySource } from "../model/linked.js";
import {
  ecrClass,
  iamPermissionsActions,
  isEcrAction,
  matchPattern,
  patternSpansServices,
  trackedActions,
  wildcardRegExp,
} from "./catalogue.js";

interface Match {
  action: ActionInfo;
  pattern: Text | undefined;
  broad: boolean;
}

/** Which tracked actions a statement names; unknown action strings are reported, never guessed. */
function statementActions(statement: Statement, unknowns: Unknown[], origin: string): Match[] | undefined {
  const unknown = (t: Text) =>
    unknowns.push({ reason: `an action in ${origin} is not known: ${t.reason ?? t.text}`, range: t.range, when: t.when });
  if (statement.actions) {
    const out: Match[] = [];
    for (const t of statement.actions) {
      if (!t.known) {
        unknown(t);
        continue;
      }
      for (const action of matchPattern(t.text)) out.push({ action, pattern: t, broad: patternSpansServices(t.text) });
    }
    return out;
  }
  if (statement.notActions) {
    if (statement.notActions.some((t) => !t.known)) {
      statement.notActions.filter((t) => !t.known).forEach(unknown);
      return undefined;
    }
    const excluded = new Set(statement.notActions.flatMap((t) => matchPattern(t.text)));
    return trackedActions().filter((a) => !excluded.has(a)).map((action) => ({ action, pattern: undefined, broad: true }));
  }
  return [];
}

function resourcesOf(statement: Statement): string[] {
  if (statement.resources) return statement.resources.map((t) => t.text);
  if (statement.notResources) return [`all except ${statement.notResources.map((t) => t.text).join(", ")}`];
  return ["*"];
}

/** Whether every condition `inner` depends on also holds under `outer`. */
function implied(inner: When[], outer: When[]): boolean {
  return inner.every((w) => outer.some((o) => o.condition === w.condition && o.value === w.value));
}

interface Denial {
  statement: Statement;
  source: PolicySource;
  actions: Set<ActionInfo>;
}

function denyCovers(denial: Denial, grant: Grant): boolean {
  if (!denial.actions.has(grant.action)) return false;
  if (denial.statement.conditions.length > 0) return false;
  if (!implied([...denial.source.when, ...denial.statement.when], grant.when)) return false;
  const s = denial.statement;
  if (s.notResources) {
    const excluded = s.notResources.map((t) => wildcardRegExp(t.text));
    return grant.resources.every((r) => r !== "*" && !r.startsWith("all except") && !excluded.some((re) => re.test(r)));
  }
  const patterns = (s.resources ?? []).filter((t) => t.known).map((t) => wildcardRegExp(t.text));
  return grant.resources.every((r) => patterns.some((re) => re.test(r)));
}

/**
 * The effective ECR and IAM permissions of a role: the union of what its policies allow, minus
 * unconditional explicit denies, intersected with its permissions boundary.
 */
export function evaluateAccess(sources: PolicySource[], boundary: Boundary, unknowns: Unknown[] = []): RoleAccess {
  const found: Unknown[] = [...unknowns];
  const allows: Grant[] = [];
  const denials: Denial[] = [];
  for (const source of sources) {
    found.push(...source.document.unknowns);
    for (const statement of source.document.statements) {
      const matches = statementActions(statement, found, source.document.origin);
      if (!matches) continue;
      if (statement.effect === "Deny") {
        denials.push({ statement, source, actions: new Set(matches.map((m) => m.action)) });
        continue;
      }
      const resources = resourcesOf(statement);
      for (const m of matches) {
        allows.push({
          action: m.action,
          source,
          statement,
          pattern: m.pattern,
          broad: m.broad,
          resources,
          conditional: statement.conditions.length > 0,
          when: [...source.when, ...statement.when],
        });
      }
    }
  }

  const cancelled: Cancelled[] = [];
  let grants = allows.filter((grant) => {
    const denial = denials.find((d) => denyCovers(d, grant));
    if (denial) cancelled.push({ grant, reason: `denied by statement ${denial.statement.sid ?? denial.statement.index} of ${denial.source.document.origin}` });
    return !denial;
  });

  if (boundary.kind === "unknown") found.push(boundary.unknown);
  if (boundary.kind === "resolved") {
    const permitted = evaluateAccess(boundary.sources, { kind: "none" }).grants;
    const allowedByBoundary = new Set(permitted.map((g) => g.action));
    for (const s of boundary.sources) found.push(...s.document.unknowns);
    grants = grants.filter((grant) => {
      if (allowedByBoundary.has(grant.action)) return true;
      cancelled.push({ grant, reason: `outside the permissions boundary (${boundary.sources.map((s) => s.name).join(", ")})` });
      return false;
    });
  }

  const held = new Set(grants.map((g) => g.action));
  const iamAdmin = iamPermissionsActions().every((a) => held.has(a));
  return { grants, cancelled, tier: tierOf(grants), iamAdmin, unknowns: found };
}

function tierOf(grants: Grant[]): EcrTier {
  let best = 0;
  for (const g of grants) {
    if (!isEcrAction(g.action)) continue;
    best = Math.max(best, TIER_ORDER.indexOf(ecrClass(g.action)));
  }
  return TIER_ORDER[best] ?? "none";
}

/** ECR actions above read: push, delete, repository and registry policy, lifecycle, replication, tags. */
export function isEcrWrite(action: ActionInfo): boolean {
  if (!isEcrAction(action)) return false;
  const c = ecrClass(action);
  return c === "write" || c === "admin";
}
