import type { EcrTier, Grant, TierReach } from "../model/access.js";
import { TIER_ORDER } from "../model/access.js";
import { ecrClass, isEcrAction } from "./catalogue.js";

/** The highest ECR class among the grants. */
export function tierOf(grants: Grant[]): EcrTier {
  let best = 0;
  for (const g of grants) {
    if (!isEcrAction(g.action)) continue;
    best = Math.max(best, TIER_ORDER.indexOf(ecrClass(g.action)));
  }
  return TIER_ORDER[best] ?? "none";
}

/**
 * How far each ECR class the role holds reaches, highest first. A registry-wide write or policy
 * action (the registry policy, replication, pull-through rules) reaches every repository; otherwise a
 * class reaches every repository when one of its grants does.
 */
export function tierReach(grants: Grant[]): TierReach[] {
  const byTier = new Map<EcrTier, Grant[]>();
  for (const g of grants) {
    if (!isEcrAction(g.action)) continue;
    const tier = ecrClass(g.action);
    const list = byTier.get(tier);
    if (list) list.push(g);
    else byTier.set(tier, [g]);
  }
  const out: TierReach[] = [];
  for (const tier of [...TIER_ORDER].reverse()) {
    const of = byTier.get(tier);
    if (tier === "none" || !of) continue;
    const onRepositories = of.filter((g) => g.action.resourceTypes.length > 0);
    const registryWide = onRepositories.length < of.length && (tier === "write" || tier === "admin" || onRepositories.length === 0);
    const everywhere = registryWide || onRepositories.some((g) => g.scope.everywhere);
    const scoped = everywhere ? [] : onRepositories;
    out.push({
      tier,
      everywhere,
      resources: [...new Set(scoped.flatMap((g) => (g.scope.only.length > 0 ? g.scope.only : g.scope.resources)))],
      except: [...new Set(scoped.flatMap((g) => g.scope.except))],
      conditional: of.every((g) => g.conditional),
    });
  }
  return out;
}
