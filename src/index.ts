/**
 * pullguard's programmatic API: `scan` reads files and folders (or in-memory files) and returns the
 * findings, the linked model and the reports' inputs; the formatters turn a result into a report.
 *
 *   import { scan, formatSarif, RULES } from "pullguard";
 *   const result = scan({ paths: ["infra"] });
 *   for (const f of result.findings) console.log(f.ruleId, f.location.file, f.location.startLine, f.message);
 *
 * With CloudTrail logs: `scan({ paths: ["infra"], cloudtrail: await readCloudTrail("logs") })`.
 */
export { scan, type FileStatus, type ScanOptions, type ScanResult } from "./scan.js";
export { formatJson } from "./report/json.js";
export { formatText } from "./report/text.js";
export { formatGithub } from "./report/github.js";
export { formatMarkdown } from "./report/markdown.js";
export { RULES, findRule } from "../rules/index.js";
export { readCloudTrail } from "./cloudtrail/lazy.js";
export type { CloudTrailUsage } from "./cloudtrail/usage.js";
export { computeKpis, type Kpis } from "./report/kpis.js";
export type { CloudTrailCoverage, CloudTrailEvidence, RoleEvidence, RoleMatch, WriteCallGroup } from "./model/cloudtrail.js";
export type { Rule, RuleMeta } from "../rules/define.js";
export type { Finding, Fix, Edit, Level, LevelSetting, RelatedLocation, Suppression } from "./model/finding.js";
export type { Range, Format, Diagnostic, SourceFile } from "./model/source.js";

import { RULES } from "../rules/index.js";
import { formatSarif as sarifWithRules } from "./report/sarif.js";
import type { ScanResult } from "./scan.js";

/** SARIF 2.1.0 for GitHub code scanning, describing every rule. */
export function formatSarif(result: ScanResult): string {
  return sarifWithRules(result, RULES);
}

