import { isAbsolute, join, relative, sep } from "node:path";
import type { Level } from "../model/finding.js";
import { isFatal } from "../model/source.js";
import type { ScanResult } from "../scan.js";
import { countLevels } from "./summary.js";

export interface GithubOptions {
  /** The workspace (the checkout): annotation paths are relative to it. */
  cwd: string;
}

const COMMAND: Record<Level, string> = { error: "error", warning: "warning", note: "notice" };

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per finding and
 * per file that could not be parsed, then one `::notice` with the totals.
 */
export function formatGithub(result: ScanResult, options: GithubOptions): string {
  const path = (file: string) => workspacePath(result, options.cwd, file);
  const out: string[] = [];
  for (const d of result.diagnostics) {
    out.push(workflowCommand(isFatal(d) ? "error" : "warning", [["file", path(d.file)], ["line", d.line], ["col", d.column], ["title", isFatal(d) ? "not analysed" : "read with a warning"]], d.message));
  }
  for (const f of result.findings) {
    const { startLine, startColumn, endLine, endColumn } = f.location;
    // The runner drops col and endColumn when line and endLine differ (IssueCommandExtension.ValidateLinesAndColumns
    // in actions/runner src/Runner.Worker/ActionCommandManager.cs), so they are only written for a one-line range.
    const columns: [string, number][] = startLine === endLine ? [["col", startColumn], ["endLine", endLine], ["endColumn", endColumn]] : [["endLine", endLine]];
    out.push(workflowCommand(COMMAND[f.level], [["file", path(f.location.file)], ["line", startLine], ...columns, ["title", `${f.ruleId}/${f.ruleName}`]], f.message));
  }
  out.push(workflowCommand("notice", [], summaryLine(result)));
  return `${out.join("\n")}\n`;
}

/** `3 findings (2 errors, 1 warning)`, or `no findings`; zero counts are left out. */
export function verdict(result: ScanResult): string {
  const counts = countLevels(result.findings);
  const n = result.findings.length;
  const parts = (["error", "warning", "note"] as const).filter((l) => counts[l] > 0).map((l) => plural(counts[l], l));
  const findings = n === 0 ? "no findings" : `${plural(n, "finding")} (${parts.join(", ")})`;
  const failed = new Set(result.diagnostics.filter(isFatal).map((d) => d.file)).size;
  return failed > 0 ? `${findings}, ${plural(failed, "file")} could not be analysed` : findings;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * A scan path as the workspace sees it: ScanResult paths are relative to `result.root`; GitHub wants
 * them relative to the workspace, always with `/`.
 */
export function workspacePath(result: ScanResult, cwd: string, file: string): string {
  const shown = relative(cwd, isAbsolute(file) ? file : join(result.root, file)) || file;
  return shown.split(sep).join("/");
}

function summaryLine(result: ScanResult): string {
  const parts = [`pullguard: ${verdict(result)}`];
  if (result.suppressed.length > 0) parts.push(`${result.suppressed.length} suppressed`);
  if (result.baseline) parts.push(`baseline ${result.baseline.file}: ${result.baseline.matched} matched, ${result.baseline.gone} gone`);
  return parts.join(", ");
}

/**
 * `::name key=value,key=value::message`, escaped as @actions/core does it (actions/toolkit
 * packages/core/src/command.ts, `escapeData` and `escapeProperty`): in the message `%` → `%25`,
 * `\r` → `%0D`, `\n` → `%0A`; in property values the same and also `:` → `%3A`, `,` → `%2C`. The runner
 * undoes exactly these (`_escapeDataMappings` and `_escapePropertyMappings` in actions/runner
 * src/Runner.Common/ActionCommand.cs). `%` goes first, so the other escapes are not escaped again.
 */
export function workflowCommand(name: string, properties: [string, string | number][], message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${name}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
