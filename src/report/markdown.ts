import { findRule } from "../../rules/index.js";
import { ruleDocsUrl } from "../../rules/docs.js";
import type { Finding } from "../model/finding.js";
import { isFatal } from "../model/source.js";
import type { ScanResult } from "../scan.js";
import { plural, verdict, workspacePath } from "./github.js";
import { computeKpis, kpiLines } from "./kpis.js";
import { summarizeNodeRoles, summarizePushWorkloads } from "./summary.js";

export interface MarkdownOptions {
  /** Paths are shown relative to this folder (the workspace). */
  cwd: string;
}

/** GitHub rejects comments over 65,536 characters; this leaves room for whatever a workflow wraps around it. */
export const MARKDOWN_LIMIT = 60_000;
/** At most this much of the limit goes to each summary table and to the list of unreadable files. */
const SECTION_BUDGET = { roles: 15_000, workloads: 8_000, diagnostics: 8_000, measures: 3_000 };
/** A longer value is cut in a cell. */
const CELL_MAX = 2_000;

/**
 * A pull-request comment: the verdict, the node roles and push workloads a reviewer checks first, the
 * findings by file, the files that could not be analysed, and what was suppressed or baselined.
 */
export function formatMarkdown(result: ScanResult, options: MarkdownOptions): string {
  const path = (file: string) => workspacePath(result, options.cwd, file);
  const where = (file: string, line: number) => code(`${path(file)}:${line}`);

  const head = [`### pullguard: ${verdict(result)}`, ""];
  const fatal = result.diagnostics.filter(isFatal);
  if (fatal.length > 0) {
    head.push(`> **The scan is incomplete:** ${plural(new Set(fatal.map((d) => d.file)).size, "file")} could not be analysed (listed below).`, "");
  }

  const roles = summarizeNodeRoles(result.model);
  const roleSection = [`#### Node roles (${roles.length})`, ""];
  if (roles.length === 0) roleSection.push("No EKS node role was found in the scanned files.", "");
  else {
    const rows = roles.map((r) => {
      const tier = r.ecrTier === "write" || r.ecrTier === "admin" ? `**${r.ecrTier}**` : r.ecrTier;
      const because = r.nodes.map((n) => `${text(n.path.join(" → "))} (${text(n.evidence)})`).join("<br>");
      return row([code(r.role), where(r.location.file, r.location.startLine), tier, r.iamAdmin ? "**yes**" : "no", because || "—"]);
    });
    roleSection.push(...table(["Role", "Where", "ECR", "IAM admin", "Why it is a node role"], rows, SECTION_BUDGET.roles, "node roles"), "");
  }

  const pushers = summarizePushWorkloads(result.model);
  const workloadSection: string[] = [];
  if (pushers.length > 0) {
    const rows = pushers.map((w) => {
      const identity = w.credentials === "node" ? `**${text(w.identity)}**` : text(w.identity);
      return row([code(w.workload), where(w.location.file, w.location.startLine), code(w.serviceAccount), identity]);
    });
    workloadSection.push(`#### Push workloads (${pushers.length})`, "", ...table(["Workload", "Where", "Service account", "Identity"], rows, SECTION_BUDGET.workloads, "push workloads"), "");
  }

  const diagnosticSection: string[] = [];
  for (const [title, list] of [["Could not be analysed", fatal], ["Read with warnings", result.diagnostics.filter((d) => !isFatal(d))]] as const) {
    if (list.length === 0) continue;
    const items = list.map((d) => `- ${code(`${path(d.file)}:${d.line}:${d.column}`, false)} ${text(d.message)}`);
    diagnosticSection.push(`#### ${title} (${list.length})`, "", ...fit(items, SECTION_BUDGET.diagnostics, "files"), "");
  }

  const footer = footerLines(result);
  const measures = ["#### Measures", "", ...fit(kpiLines(computeKpis(result), result).map((l) => `- ${text(l.trim())}`), SECTION_BUDGET.measures, "lines"), ""];

  // The findings get whatever room the other sections leave.
  const fixed = [...head, ...roleSection, ...workloadSection, ...diagnosticSection, ...footer, ...measures];
  const findingSection = findingLines(result.findings, path, MARKDOWN_LIMIT - size(fixed));

  const out = [...head, ...roleSection, ...workloadSection, ...findingSection, ...diagnosticSection, ...footer, ...measures];
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return `${out.join("\n")}\n`;
}

const FINDING_HEADER = ["| Level | Rule | Line | Message |", "| --- | --- | --- | --- |"];

/** Findings grouped by file, in the scan's order within a file; cut to `budget` characters with a line saying how many are left out. */
function findingLines(findings: Finding[], path: (file: string) => string, budget: number): string[] {
  if (findings.length === 0) return [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.location.file) ?? [];
    list.push(f);
    byFile.set(f.location.file, list);
  }
  const out = [`#### Findings (${findings.length})`, ""];
  let used = size(out);
  let shown = 0;
  // Room for the line that says what was left out.
  const reserve = omitted(findings.length, "findings").length + 2;
  outer: for (const file of [...byFile.keys()].sort()) {
    // A blank line between one file's table and the next file's name.
    const header = [...(shown > 0 ? [""] : []), `**${code(path(file), false)}**`, "", ...FINDING_HEADER];
    let started = false;
    for (const f of byFile.get(file) ?? []) {
      const line = findingRow(f);
      const cost = line.length + 1 + (started ? 0 : size(header));
      const last = shown === findings.length - 1;
      if (used + cost + (last ? 0 : reserve) > budget) break outer;
      if (!started) out.push(...header);
      started = true;
      out.push(line);
      used += cost;
      shown++;
    }
  }
  if (shown < findings.length) out.push(...(shown > 0 ? [""] : []), omitted(findings.length - shown, "findings"));
  out.push("");
  return out;
}

function findingRow(f: Finding): string {
  const rule = findRule(f.ruleId);
  const id = text(f.ruleId);
  const link = rule ? `[${id}](${ruleDocsUrl(rule)} "${text(f.ruleName).replace(/"/g, "&quot;")}")` : id;
  return row([f.level, link, String(f.location.startLine), text(f.message)]);
}

function footerLines(result: ScanResult): string[] {
  const out: string[] = [];
  if (result.suppressed.length > 0) {
    out.push(`${plural(result.suppressed.length, "finding")} suppressed by an ignore ${result.suppressed.length === 1 ? "is" : "are"} not listed.`);
  }
  if (result.baseline) {
    // The baseline file is shown as the scan result names it (as the user gave it).
    const { file, matched, gone } = result.baseline;
    const entries = gone === 1 ? "1 entry matches" : `${gone} entries match`;
    out.push(`Baseline ${code(file, false)}: ${plural(matched, "finding")} matched and not listed; ${entries} nothing any more.`);
  }
  const unsupported = result.files.filter((f) => f.status === "unsupported").length;
  if (unsupported > 0) out.push(`Not checked: ${plural(unsupported, "file")} in formats this version does not analyse yet.`);
  if (out.length === 0) return [];
  // Separate lines as one paragraph each.
  return out.flatMap((l) => [l, ""]);
}

/** A table cut to `budget` characters, with a line saying how many rows are left out. */
function table(headers: string[], rows: string[], budget: number, what: string): string[] {
  const head = [row(headers), `|${headers.map(() => " --- |").join("")}`];
  return [...head, ...fit(rows, budget - size(head), what)];
}

/** As many of `lines` as fit in `budget` characters, then a line saying how many are left out. */
function fit(lines: string[], budget: number, what: string): string[] {
  if (size(lines) <= budget) return lines;
  const out: string[] = [];
  let used = 0;
  for (const line of lines) {
    const remaining = lines.length - out.length - 1;
    if (used + line.length + 1 + omitted(remaining, what).length + 2 > budget) break;
    out.push(line);
    used += line.length + 1;
  }
  return [...out, "", omitted(lines.length - out.length, what)];
}

function omitted(n: number, what: string): string {
  return `_… and ${n} more ${what} not shown: a comment is limited in size. Run pullguard locally, or read the annotations, for the full list._`;
}

function size(lines: string[]): number {
  return lines.reduce((n, l) => n + l.length + 1, 0);
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function clip(value: string): string {
  return value.length > CELL_MAX ? `${value.slice(0, CELL_MAX)}…` : value;
}

/**
 * Plain text that Markdown must not interpret: HTML (`<`, `>`, `&`), emphasis, links, code, math (`$`),
 * strikethrough, and `|`, which ends a table cell. Line breaks become `<br>` so that a cell stays one line.
 */
export function text(value: string): string {
  return clip(value)
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[&<>\\`*_[\]|~$]/g, (ch: string, at: number) => escapeChar(ch, line[at - 1], line[at + 1])))
    .join("<br>");
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const WORD = /[\p{L}\p{N}]/u;

function escapeChar(ch: string, before: string | undefined, after: string | undefined): string {
  // `_` between two letters or digits can neither open nor close emphasis (CommonMark flanking rules): `aws_iam_role` stays readable.
  if (ch === "_" && WORD.test(before ?? "") && WORD.test(after ?? "")) return ch;
  return ENTITIES[ch] ?? `\\${ch}`;
}

/**
 * A code span that holds any text: its fence is one backtick longer than the longest run of backticks
 * inside, padded with a space when the text starts or ends with a backtick (CommonMark strips one space
 * from each side). In a table cell `|` is written `\|`, which GFM reads as a pipe even inside code.
 */
export function code(value: string, inTable = true): string {
  const flat = clip(value).replace(/\r\n|\r|\n/g, " ");
  if (flat.trim() === "") return "(empty)";
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || (flat.startsWith(" ") && flat.endsWith(" ")) ? " " : "";
  const span = `${fence}${pad}${flat}${pad}${fence}`;
  return inTable ? span.replace(/\|/g, "\\|") : span;
}
