import type { ScanResult } from "../scan.js";
import { plural } from "../cloudtrail/evidence.js";
import { summarizeNodeRoles, summarizePushWorkloads, type NodeRoleSummary } from "./summary.js";

/**
 * The measures the articles behind pullguard tell teams to track. A node group is compliant when its
 * role can pull from ECR and do nothing more than read (ECR tier none, pull or read, and no IAM
 * administration, which could grant write); AmazonEC2ContainerRegistryReadOnly counts as compliant,
 * like PullOnly, as PG105 is off by default. A group whose role has unresolved policies is "not
 * known": neither compliant nor not.
 */
export interface Kpis {
  nodeGroups: { total: number; compliant: number; notCompliant: number; notKnown: number; percentCompliant: number | null };
  nodeRoles: { total: number; writeOrAdmin: number };
  pushWorkloads: { total: number; ownIdentity: number; nodeCredentials: number; notKnown: number };
  /** With `--cloudtrail`: node roles with an ECR write finding, by what the logs say. */
  cloudtrail?: { rolesWithWrite: number; unused: number; used: number; unknown: number };
}

type Standing = "compliant" | "notCompliant" | "notKnown";

function standing(role: NodeRoleSummary): Standing {
  if (role.iamAdmin || role.ecrTier === "write" || role.ecrTier === "admin") return "notCompliant";
  return role.unresolved.length > 0 ? "notKnown" : "compliant";
}

export function computeKpis(result: ScanResult): Kpis {
  const roles = summarizeNodeRoles(result.model);
  const groups: Record<Standing, number> = { compliant: 0, notCompliant: 0, notKnown: 0 };
  // A node group is each way capacity reaches a role (node group, launch template, instance profile).
  for (const role of roles) groups[standing(role)] += role.nodes.length;
  // Capacity whose role is not known at all (a parameter, a role outside the scan) is not known either, never left out.
  groups.notKnown += unseenCapacity(result);
  const total = groups.compliant + groups.notCompliant + groups.notKnown;
  const pushers = summarizePushWorkloads(result.model);
  const nodeCredentials = pushers.filter((w) => w.credentials === "node").length;
  const notKnown = pushers.filter((w) => w.credentials === "unknown").length;
  const kpis: Kpis = {
    nodeGroups: { total, ...groups, percentCompliant: total > 0 ? Math.round((groups.compliant / total) * 100) : null },
    nodeRoles: { total: roles.length, writeOrAdmin: roles.filter((r) => standing(r) === "notCompliant").length },
    pushWorkloads: { total: pushers.length, ownIdentity: pushers.length - nodeCredentials - notKnown, nodeCredentials, notKnown },
  };
  if (result.cloudtrail) {
    const verdicts = result.cloudtrail.roles.map((r) => r.verdict);
    const n = (v: string) => verdicts.filter((x) => x === v).length;
    kpis.cloudtrail = { rolesWithWrite: verdicts.length, unused: n("unused"), used: n("used"), unknown: n("unknown") };
  }
  return kpis;
}

/** Node groups and launch templates of EKS nodes none of whose paths reaches a role in the scan. */
function unseenCapacity(result: ScanResult): number {
  const id = (p: ScanResult["model"]["linked"]["nodePaths"][number]) => p.group?.key ?? p.launchTemplate?.key ?? "";
  const paths = result.model.linked.nodePaths;
  const seen = new Set(paths.filter((p) => p.role).map(id));
  return new Set(paths.filter((p) => !p.role && !seen.has(id(p))).map(id)).size;
}

/** The measures as lines of plain text, for the text report and the Markdown comment. */
export function kpiLines(kpis: Kpis, result: ScanResult): string[] {
  const { nodeGroups: g, nodeRoles: r, pushWorkloads: w } = kpis;
  const lines = [
    `Node groups with pull-only ECR access: ${g.compliant} of ${g.total}${g.percentCompliant === null ? "" : ` (${g.percentCompliant}%)`}${g.notKnown > 0 ? `, ${g.notKnown} not known (a role or policy not resolved)` : ""}`,
    `Node roles with ECR write or admin access: ${r.writeOrAdmin} of ${r.total}`,
    `Push workloads: ${w.ownIdentity} with their own identity, ${w.nodeCredentials} on node credentials${w.notKnown > 0 ? `, ${w.notKnown} not known (service account not in the scan)` : ""}`,
  ];
  const ct = kpis.cloudtrail;
  const coverage = result.cloudtrail?.coverage;
  if (ct && coverage) {
    const range = coverage.from && coverage.to ? `from ${coverage.from} to ${coverage.to}` : "with no valid record";
    lines.push(`Node roles whose ECR write access is unused in CloudTrail: ${ct.unused} of ${ct.rolesWithWrite} (${ct.used} used, ${ct.unknown} not known)`);
    const damaged = [
      coverage.malformedRecords > 0 ? `${plural(coverage.malformedRecords, "malformed record")} skipped` : "",
      coverage.filesFailed > 0 ? `${plural(coverage.filesFailed, "file")} not read whole` : "",
    ].filter(Boolean);
    const files = plural(coverage.filesRead + coverage.filesFailed, "file");
    lines.push(`CloudTrail logs ${coverage.path}: ${files}, ${plural(coverage.records, "record")} ${range}${damaged.length > 0 ? `; ${damaged.join(", ")}` : ""}`);
    for (const f of coverage.failures) lines.push(`  not read whole: ${f.file}: ${f.reason}`);
  }
  return lines;
}
