import { isAbsolute, join, relative } from "node:path";
import { ruleDocsUrl } from "../../rules/docs.js";
import { findRule } from "../../rules/index.js";
import { byConsequence } from "../iam/catalogue.js";
import type { Finding, Level } from "../model/finding.js";
import { isFatal, type Range } from "../model/source.js";
import type { ScanResult } from "../scan.js";
import { computeKpis, kpiLines } from "./kpis.js";
import { countLevels, fileCounts, summarizeNodeRoles, summarizePushWorkloads } from "./summary.js";

export interface TextOptions {
  color: boolean;
  /** Paths are shown relative to this folder. */
  cwd: string;
  /** Only findings and diagnostics; no node-role summary and no totals. */
  quiet: boolean;
  /** Also list skipped and not yet supported files. */
  verbose: boolean;
}

type Paint = (code: string, text: string) => string;

const CLASS_ORDER = ["admin", "write", "read", "pull"];

/** Findings grouped by file with a code frame, then the node-role summary a reviewer reads first. */
export function formatText(result: ScanResult, options: TextOptions): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_, text) => text;
  const display = (file: string) => relative(options.cwd, isAbsolute(file) ? file : join(result.root, file)) || file;
  const out: string[] = [];

  const byFile = new Map<string, { findings: Finding[]; diagnostics: ScanResult["diagnostics"] }>();
  const entry = (file: string) => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, (e = { findings: [], diagnostics: [] }));
    return e;
  };
  for (const d of result.diagnostics) entry(d.file).diagnostics.push(d);
  for (const f of result.findings) entry(f.location.file).findings.push(f);

  for (const file of [...byFile.keys()].sort()) {
    const { findings, diagnostics } = byFile.get(file) as { findings: Finding[]; diagnostics: ScanResult["diagnostics"] };
    out.push(paint("1;4", display(file)));
    const source = result.sources.get(file);
    for (const d of diagnostics) {
      out.push(isFatal(d) ? `  ${d.line}:${d.column}  ${paint("31", "error")}  ${d.message}  ${paint("2", "(not analysed)")}` : `  ${d.line}:${d.column}  ${paint("33", "warning")}  ${d.message}`);
      if (source !== undefined) out.push(...codeFrame(source, { file, startLine: d.line, startColumn: d.column, endLine: d.line, endColumn: d.column + 1 }, paint), "");
    }
    for (const f of findings) {
      out.push(`  ${f.location.startLine}:${f.location.startColumn}  ${levelLabel(f.level, paint)}  ${f.message}  ${paint("2", `${f.ruleId}/${f.ruleName}`)}`);
      if (source !== undefined) out.push(...codeFrame(source, f.location, paint));
      // Last, where a terminal makes it a link: what the rule checks, why, and how to fix it.
      const rule = findRule(f.ruleId);
      if (rule) out.push(`    ${paint("2", ruleDocsUrl(rule))}`);
      if (source !== undefined) out.push("");
    }
  }

  if (!options.quiet) {
    const roles = summarizeNodeRoles(result.model);
    out.push(paint("1", `Node roles (${roles.length})`));
    if (roles.length === 0) out.push("  No EKS node role was found in the scanned files.");
    for (const role of roles) {
      const tier = role.ecrTier === "write" || role.ecrTier === "admin" ? paint("31;1", role.ecrTier) : role.ecrTier;
      out.push(`  ${paint("1", role.role)}  ${display(role.location.file)}:${role.location.startLine}  ECR: ${tier}${role.iamAdmin ? paint("31;1", "  IAM: admin") : ""}`);
      for (const node of role.nodes) out.push(`    nodes: ${node.path.join(" → ")} (${node.evidence})`);
      for (const g of role.grants) {
        // The grant's strongest ECR class, and whether it reaches into IAM.
        const ecr = CLASS_ORDER.find((c) => g.actions.some((a) => a.class === c));
        const label = [ecr, g.actions.some((a) => a.class === "iam") ? "iam" : undefined].filter(Boolean).join("+");
        const names = g.actions.map((a) => a.name).sort(byConsequence);
        const shown = names.length > 4 ? `${names.slice(0, 4).join(", ")} and ${names.length - 4} more` : names.join(", ");
        out.push(`    ${label.padEnd(10)} ${g.policy} (${g.policyKind}, line ${g.attachedAt.startLine}) → statement ${g.statement} → ${shown}`);
      }
      for (const u of role.unresolved) out.push(`    ${paint("33", "unresolved")} ${display(u.location.file)}:${u.location.startLine}: ${u.reason}`);
    }
    const pushers = summarizePushWorkloads(result.model);
    if (pushers.length > 0) {
      out.push("", paint("1", `Push workloads (${pushers.length})`));
      for (const w of pushers) {
        const identity = w.credentials === "node" ? paint("31;1", w.identity) : w.identity;
        out.push(`  ${paint("1", w.workload)}  ${display(w.location.file)}:${w.location.startLine}  service account ${w.serviceAccount}  identity: ${identity}`);
        out.push(`    evidence: ${w.evidence.join("; ")}`);
      }
    }
    out.push("");
    const counts = countLevels(result.findings);
    const files = fileCounts(result);
    // Files, not diagnostics: a file with two broken documents is one file that could not be analysed.
    const notAnalysed = new Set(result.diagnostics.filter(isFatal).map((d) => d.file)).size;
    const problems = result.findings.length + notAnalysed;
    out.push(
      paint(problems > 0 ? "1" : "32", `${result.findings.length}${result.baseline ? " new" : ""} finding${result.findings.length === 1 ? "" : "s"} (${counts.error} error, ${counts.warning} warning, ${counts.note} note)`) +
        (notAnalysed > 0 ? paint("31;1", `, ${notAnalysed} file${notAnalysed === 1 ? "" : "s"} could not be analysed`) : ""),
    );
    const held = [
      result.suppressed.length > 0 ? `${result.suppressed.length} suppressed by ignores` : "",
      result.baseline ? `${result.baseline.matched} in the baseline ${result.baseline.file}, ${result.baseline.gone} of its entries gone` : "",
    ].filter(Boolean);
    if (held.length > 0) out.push(`Not reported: ${held.join("; ")}.`);
    out.push(`Files: ${files.analysed} analysed, ${files.failed} failed, ${files.skipped} skipped, ${files.unsupported} not yet supported, ${files.other} of other types`);
    const unsupported = result.files.filter((f) => f.status === "unsupported");
    if (unsupported.length > 0) {
      const formats = [...new Set(unsupported.map((f) => ("format" in f ? f.format : "")))].join(", ");
      out.push(paint("33", `Not checked: ${unsupported.length} file${unsupported.length === 1 ? "" : "s"} in formats this version does not analyse yet (${formats}).`));
    }
    if (options.verbose) {
      for (const f of result.files) {
        if (f.status === "skipped") out.push(`  skipped ${display(f.path)}: ${f.reason}`);
        if (f.status === "unsupported") out.push(`  not yet supported ${display(f.path)} (${f.format})`);
      }
    }
    out.push("", paint("1", "Measures"), ...kpiLines(computeKpis(result), result).map((l) => `  ${l}`));
  }
  return `${out.join("\n")}\n`;
}

function levelLabel(level: Level, paint: Paint): string {
  if (level === "error") return paint("31", "error  ");
  if (level === "warning") return paint("33", "warning");
  return paint("36", "note   ");
}

/** Lines longer than this are shown as a window around the range (minified JSON is one long line). */
const FRAME_WIDTH = 160;

/** The offending line with one line of context on each side and a caret under the range. */
function codeFrame(source: string, range: Range, paint: Paint): string[] {
  const lines = source.split(/\r\n|\r|\n/);
  const first = Math.max(1, range.startLine - 1);
  const last = Math.min(lines.length, range.startLine + 1);
  const width = String(last).length;
  // One window for all three lines, so that they stay aligned.
  const start = Math.max(0, range.startColumn - 1 - FRAME_WIDTH / 2);
  const clip = (text: string) => {
    if (start > 0 && text.length <= start) return "";
    const shown = text.slice(start, start + FRAME_WIDTH);
    return `${start > 0 ? "…" : ""}${shown}${start + FRAME_WIDTH < text.length ? "…" : ""}`;
  };
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = (lines[n - 1] ?? "").replace(/\t/g, " ");
    const marker = n === range.startLine ? paint("31;1", ">") : " ";
    out.push(`    ${marker} ${paint("2", String(n).padStart(width))} | ${clip(text)}`);
    if (n === range.startLine) {
      const end = range.endLine === range.startLine ? Math.max(range.endColumn, range.startColumn + 1) : text.length + 1;
      const length = Math.max(1, Math.min(end, text.length + 1, start + FRAME_WIDTH + 1) - range.startColumn);
      const indent = range.startColumn - 1 - start + (start > 0 ? 1 : 0);
      out.push(`      ${" ".repeat(width)} | ${" ".repeat(indent)}${paint("31;1", "^".repeat(length))}`);
    }
  }
  return out;
}
