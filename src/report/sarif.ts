import { basename, isAbsolute } from "node:path";
import type * as Sarif from "sarif";
import type { Rule } from "../../rules/define.js";
import { ruleDocsUrl, ruleMarkdown, ruleText } from "../../rules/docs.js";
import { LEVEL_RANK, type Finding } from "../model/finding.js";
import { isFatal, type Range } from "../model/source.js";
import type { ScanResult } from "../scan.js";
import { resolveEdit } from "./edits.js";
import { HOMEPAGE, TOOL_NAME, VERSION } from "./tool.js";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT = "%SRCROOT%";
/** GitHub code scanning's limit on results per run. */
export const MAX_RESULTS = 25_000;

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every rule described, repo-relative URIs, stable
 * fingerprints. In-source suppressions are never emitted (code scanning ignores them and opens alerts).
 */
export function formatSarif(result: ScanResult, rules: readonly Rule[]): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  // Code scanning shows nothing outside the repository, and keeps at most 25,000 results of a run.
  const inside = result.findings.filter((f) => !isAbsolute(f.location.file));
  const outside = result.findings.length - inside.length;
  const kept = inside.length > MAX_RESULTS ? [...inside].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]).slice(0, MAX_RESULTS) : inside;
  const log: Sarif.Log = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            semanticVersion: VERSION,
            informationUri: HOMEPAGE,
            rules: rules.map(descriptor),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { description: { text: "The folder the scan's paths are relative to (the repository root)." } } },
        invocations: [invocation(result, { outside, dropped: inside.length - kept.length })],
        columnKind: "utf16CodeUnits",
        results: kept.map((f) => sarifResult(f, ruleIndex, result.sources)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  const { meta } = rule;
  const properties: Sarif.PropertyBag = { tags: meta.tags, precision: meta.precision };
  if (meta.securitySeverity !== undefined) properties["security-severity"] = meta.securitySeverity.toFixed(1);
  else properties["problem.severity"] = meta.defaultLevel === "error" ? "error" : meta.defaultLevel === "warning" ? "warning" : "recommendation";
  return {
    id: meta.id,
    name: meta.name,
    shortDescription: { text: meta.shortDescription },
    fullDescription: { text: meta.fullDescription },
    helpUri: ruleDocsUrl(rule),
    help: { text: ruleText(rule), markdown: ruleMarkdown(rule) },
    defaultConfiguration: meta.defaultLevel === "off" ? { enabled: false } : { level: meta.defaultLevel },
    properties,
  };
}

function physical(range: Range): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: uriOf(range.file), uriBaseId: SRCROOT },
    region: { startLine: range.startLine, startColumn: range.startColumn, endLine: range.endLine, endColumn: range.endColumn },
  };
}

function uriOf(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

function sarifResult(finding: Finding, ruleIndex: Map<string, number>, sources: Map<string, string>): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: finding.level,
    message: { text: finding.message },
    locations: [{ physicalLocation: physical(finding.location) }],
    partialFingerprints: { "pullguard/v1": finding.fingerprint, primaryLocationLineHash: `${finding.fingerprint.slice(0, 16)}:1` },
  };
  const related = finding.related.filter((r) => !isAbsolute(r.range.file));
  if (related.length > 0) {
    result.relatedLocations = related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r.range), message: { text: r.message } }));
  }
  if (finding.when.length > 0) {
    result.properties = { conditions: finding.when.map((w) => `${w.condition}=${w.value}`) };
  }
  // The message says it in words; the counts are here for tools (same structure as the JSON output's).
  if (finding.cloudtrail) result.properties = { ...result.properties, cloudtrail: finding.cloudtrail };
  const fix = finding.fix && sarifFix(finding, sources);
  if (fix) result.fixes = [fix];
  return result;
}

function sarifFix(finding: Finding, sources: Map<string, string>): Sarif.Fix | undefined {
  if (!finding.fix) return undefined;
  const byFile = new Map<string, Sarif.Replacement[]>();
  for (const edit of finding.fix.edits) {
    const source = sources.get(edit.range.file);
    const resolved = source === undefined ? undefined : resolveEdit(edit, source);
    if (!resolved) return undefined;
    const list = byFile.get(edit.range.file) ?? [];
    list.push({
      deletedRegion: { startLine: resolved.startLine, startColumn: resolved.startColumn, endLine: resolved.endLine, endColumn: resolved.endColumn },
      insertedContent: { text: resolved.text },
    });
    byFile.set(edit.range.file, list);
  }
  return {
    description: { text: finding.fix.description },
    artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: { uri: uriOf(file), uriBaseId: SRCROOT }, replacements })),
  };
}

function invocation(result: ScanResult, left: { outside: number; dropped: number }): Sarif.Invocation {
  const notifications: Sarif.Notification[] = result.diagnostics.map((d) => {
    const level = isFatal(d) ? "error" : "warning";
    // A file outside the repository (a --var-file elsewhere) is named, never with its absolute path.
    if (isAbsolute(d.file)) return { level, message: { text: `${basename(d.file)} (outside the repository):${d.line}:${d.column}: ${d.message}` } };
    return {
      level,
      message: { text: `${d.file}:${d.line}:${d.column}: ${d.message}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(d.file), uriBaseId: SRCROOT }, region: { startLine: d.line, startColumn: d.column } } }],
    };
  });
  const unsupported = result.files.filter((f) => f.status === "unsupported");
  if (unsupported.length > 0) {
    notifications.push({
      level: "warning",
      message: { text: `${unsupported.length} file(s) in formats pullguard does not analyse yet were not checked: ${unsupported.map((f) => f.path).slice(0, 20).join(", ")}${unsupported.length > 20 ? ", ..." : ""}` },
    });
  }
  if (left.outside > 0) {
    notifications.push({ level: "warning", message: { text: `${left.outside} finding(s) in files outside the repository (a --var-file elsewhere, for example) are not in this SARIF; the text or JSON report lists them.` } });
  }
  if (left.dropped > 0) {
    notifications.push({ level: "warning", message: { text: `${left.dropped} finding(s) were left out: GitHub code scanning keeps at most ${MAX_RESULTS} results per run (the most severe are kept).` } });
  }
  return { executionSuccessful: !result.diagnostics.some(isFatal), toolExecutionNotifications: notifications };
}
