import type { Grant, RoleAccess } from "../model/access.js";
import type { Finding } from "../model/finding.js";
import type { Range } from "../model/source.js";
import type { ScanResult } from "../scan.js";
import { computeKpis } from "./kpis.js";
import { countLevels, fileCounts, summarizeNodeRoles, summarizePushWorkloads, type GrantSummary } from "./summary.js";
import { TOOL_NAME, VERSION } from "./tool.js";

/** The `--format json` document; its shape is documented in docs/json-output.md and versioned by `schemaVersion`. */
export function formatJson(result: ScanResult): string {
  const doc = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    summary: { ...countLevels(result.findings), suppressed: result.suppressed.length, ...(result.baseline ? { baseline: result.baseline } : {}), files: fileCounts(result) },
    findings: result.findings.map(finding),
    suppressed: result.suppressed.map((f) => ({
      ...finding(f),
      suppression: f.suppression ? { ...f.suppression, location: f.suppression.location ? location(f.suppression.location) : null } : null,
    })),
    diagnostics: result.diagnostics,
    files: result.files,
    nodeRoles: summarizeNodeRoles(result.model).map((n, i) => {
      const access = result.model.access.get(result.model.linked.nodeRoles[i]?.role.key ?? "");
      const reach = reachOf(access);
      return {
        ...n,
        location: location(n.location),
        ...(reach ? { ecrReach: reach } : {}),
        grants: withResources(n.grants, access),
        unresolved: n.unresolved.map((u) => ({ reason: u.reason, location: location(u.location) })),
      };
    }),
    pushWorkloads: summarizePushWorkloads(result.model).map((w) => ({ ...w, location: location(w.location) })),
    kpis: computeKpis(result),
    ...(result.cloudtrail ? { cloudtrail: result.cloudtrail } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** How far each ECR tier of the role reaches: every repository, or the patterns. */
function reachOf(access: RoleAccess | undefined) {
  return access?.reach.map((r) => ({
    tier: r.tier,
    everywhere: r.everywhere,
    ...(r.everywhere ? {} : { resources: r.resources, except: r.except }),
    conditional: r.conditional,
  }));
}

/**
 * Each grant of the summary (one policy statement) with its `Resource` as written, whether it holds only
 * under IAM conditions and which, and the actions that do not reach every resource they act on with
 * where they reach (an action without `resources` reaches them all). The summary lists a statement's
 * actions in the order of the role's grants, which is how they are matched here.
 */
function withResources(grants: readonly GrantSummary[], access: RoleAccess | undefined) {
  const byStatement = new Map<string, Grant[]>();
  for (const g of access?.grants ?? []) {
    const key = `${g.source.name}|${g.statement.sid ?? String(g.statement.index)}|${g.source.attachedAt.startLine}`;
    const list = byStatement.get(key);
    if (list) list.push(g);
    else byStatement.set(key, [g]);
  }
  return grants.map((summary) => {
    const head = { policy: summary.policy, policyKind: summary.policyKind, statement: summary.statement, attachedAt: location(summary.attachedAt) };
    const own = byStatement.get(`${summary.policy}|${summary.statement}|${summary.attachedAt.startLine}`) ?? [];
    if (own.length !== summary.actions.length) return { ...head, actions: summary.actions };
    const conditional = own.some((g) => g.conditional);
    const conditions = conditional ? [...new Map(own.flatMap((g) => g.conditions).map((c) => [`${c.from}|${c.text}|${(c.on ?? []).join(",")}`, c])).values()] : undefined;
    return {
      ...head,
      resources: own[0]?.resources ?? [],
      conditional,
      ...(conditions ? { conditions } : {}),
      actions: summary.actions.map((a, j) => {
        const grant = own[j] as Grant;
        if (grant.scope.everywhere && !grant.conditional) return a;
        return {
          ...a,
          ...(grant.scope.everywhere ? {} : { resources: grant.scope.resources, only: grant.scope.only, except: grant.scope.except }),
          ...(grant.conditional ? { conditional: true } : {}),
        };
      }),
    };
  });
}

function location(r: Range) {
  return { file: r.file, startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn };
}

function finding(f: Finding) {
  return {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    messageId: f.messageId,
    level: f.level,
    message: f.message,
    location: location(f.location),
    related: f.related.map((r) => ({ message: r.message, location: location(r.range) })),
    conditions: f.when,
    fingerprint: f.fingerprint,
    ...(f.fixSkipped ? { fixSkipped: f.fixSkipped } : {}),
    fix: f.fix ? { description: f.fix.description, edits: f.fix.edits.map((e) => ({ location: location(e.range), find: e.find, replace: e.replace })) } : null,
    ...(f.cloudtrail ? { cloudtrail: f.cloudtrail } : {}),
  };
}
