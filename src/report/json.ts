import type { Finding } from "../model/finding.js";
import type { Range } from "../model/source.js";
import type { ScanResult } from "../scan.js";
import { computeKpis } from "./kpis.js";
import { countLevels, fileCounts, summarizeNodeRoles, summarizePushWorkloads } from "./summary.js";
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
    nodeRoles: summarizeNodeRoles(result.model).map((n) => ({
      ...n,
      location: location(n.location),
      grants: n.grants.map((g) => ({ ...g, attachedAt: location(g.attachedAt) })),
      unresolved: n.unresolved.map((u) => ({ reason: u.reason, location: location(u.location) })),
    })),
    pushWorkloads: summarizePushWorkloads(result.model).map((w) => ({ ...w, location: location(w.location) })),
    kpis: computeKpis(result),
    ...(result.cloudtrail ? { cloudtrail: result.cloudtrail } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
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
    fix: f.fix ? { description: f.fix.description, edits: f.fix.edits.map((e) => ({ location: location(e.range), find: e.find, replace: e.replace })) } : null,
    ...(f.cloudtrail ? { cloudtrail: f.cloudtrail } : {}),
  };
}
