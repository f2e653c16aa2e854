import { nodeCredentialPushes } from "../model/facts.js";
import { ecrClass, isEcrAction } from "../iam/catalogue.js";
import type { EcrClass } from "../iam/catalogue.js";
import type { EcrTier } from "../model/access.js";
import type { Finding, Level } from "../model/finding.js";
import type { RuleModel } from "../model/rule-model.js";
import type { Range } from "../model/source.js";
import type { ScanResult } from "../scan.js";

export interface GrantSummary {
  /** `AmazonEC2ContainerRegistryReadOnly`, statement `0`. */
  policy: string;
  policyKind: string;
  statement: string;
  attachedAt: Range;
  actions: { name: string; class: EcrClass | "iam" }[];
}

export interface NodeRoleSummary {
  role: string;
  location: Range;
  ecrTier: EcrTier;
  iamAdmin: boolean;
  nodes: { path: string[]; evidence: string }[];
  grants: GrantSummary[];
  unresolved: { reason: string; location: Range }[];
}

/** For each node role: what makes it one, its ECR tier, and the chain behind each permission. */
export function summarizeNodeRoles(model: RuleModel): readonly NodeRoleSummary[] {
  return once(nodeRoleSummaries, model, () => model.linked.nodeRoles.map((nodeRole) => {
    const access = model.access.get(nodeRole.role.key);
    const bySource = new Map<string, GrantSummary>();
    for (const grant of access?.grants ?? []) {
      const statement = grant.statement.sid ?? String(grant.statement.index);
      const key = `${grant.source.name}|${statement}|${grant.source.attachedAt.startLine}`;
      let entry = bySource.get(key);
      if (!entry) {
        entry = { policy: grant.source.name, policyKind: grant.source.kind, statement, attachedAt: grant.source.attachedAt, actions: [] };
        bySource.set(key, entry);
      }
      entry.actions.push({ name: grant.action.name, class: isEcrAction(grant.action) ? ecrClass(grant.action) : "iam" });
    }
    return {
      role: nodeRole.role.address,
      location: nodeRole.role.range,
      ecrTier: access?.tier ?? "none",
      iamAdmin: access?.iamAdmin ?? false,
      nodes: nodeRole.paths.map((p) => ({ path: p.hops.map((h) => h.label), evidence: p.evidence })),
      grants: [...bySource.values()],
      unresolved: [...nodeRole.unknowns, ...(access?.unknowns ?? [])].map((u) => ({ reason: u.reason, location: u.range })),
    };
  }));
}

// Every report format and the measures read the same summaries: computed once per scan.
const nodeRoleSummaries = new WeakMap<RuleModel, readonly NodeRoleSummary[]>();
const pushWorkloadSummaries = new WeakMap<RuleModel, readonly PushWorkloadSummary[]>();

function once<T>(cache: WeakMap<RuleModel, T>, model: RuleModel, compute: () => T): T {
  let value = cache.get(model);
  if (value === undefined) {
    value = compute();
    cache.set(model, value);
  }
  return value;
}

export interface PushWorkloadSummary {
  workload: string;
  /** The builder's `image:`. */
  location: Range;
  evidence: string[];
  /** `ci/kaniko`, or `default`. */
  serviceAccount: string;
  /** How its pods get AWS credentials: `IRSA role X`, `Pod Identity role Y`, or why none. */
  identity: string;
  /** Whose credentials it pushes with: its own role, the node role's, or not known (its service account is not in the scan). */
  credentials: "own" | "node" | "unknown";
  /** Where it pushes with its pods' AWS identity: `111122223333.dkr.ecr.eu-west-1.amazonaws.com (ecr)`, `not known`. */
  destinations: string[];
}

/** Each workload that pushes images, and the identity its pods push with. */
export function summarizePushWorkloads(model: RuleModel): readonly PushWorkloadSummary[] {
  return once(pushWorkloadSummaries, model, () => pushWorkloads(model));
}

function pushWorkloads(model: RuleModel): PushWorkloadSummary[] {
  const roleOf = <T>(list: { via: T; role: { address: string } }[], via: T) => list.find((r) => r.via === via)?.role.address;
  return model.linked.workloads.flatMap(({ workload, serviceAccount, namespace, accounts, associations, destinations }) => {
    if (!workload.builderImage || workload.pushEvidence.length === 0) return [];
    // A push only to other registries, or with credentials of its own, uses no AWS identity: not a push workload here.
    const pushes = destinations.length > 0 ? nodeCredentialPushes(destinations) : undefined;
    if (pushes?.length === 0) return [];
    const annotated = accounts.find((a) => a.role);
    const identities = [
      ...associations.map((a) => `Pod Identity role ${roleOf(model.linked.podIdentityRoles, a) ?? "(not in the scan)"}`),
      ...(annotated ? [`IRSA role ${roleOf(model.linked.serviceAccountRoles, annotated) ?? "(not in the scan)"}`] : []),
    ];
    const unknown = identities.length === 0 && accounts.length === 0 && serviceAccount !== "default";
    const credentials = identities.length > 0 ? "own" : unknown ? "unknown" : "node";
    return [{
      workload: workload.address,
      location: workload.builderImage.range,
      evidence: workload.pushEvidence.map((e) => e.text),
      serviceAccount: namespace ? `${namespace}/${serviceAccount}` : serviceAccount,
      identity: identities.join(", ") || (unknown ? "service account not in the scan" : "none: the node role's credentials"),
      credentials,
      destinations: [...new Set((pushes ?? []).map((d) => (d.kind === "ecr" ? `${d.registry ?? d.text} (ECR)` : "not known")))].sort(),
    }];
  });
}

export function countLevels(findings: Finding[]): Record<Level, number> {
  const counts: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.level]++;
  return counts;
}

export function fileCounts(result: ScanResult) {
  const count = (status: string) => result.files.filter((f) => f.status === status).length;
  return { analysed: count("analysed"), failed: count("failed"), skipped: count("skipped"), unsupported: count("unsupported"), other: result.otherFiles };
}
