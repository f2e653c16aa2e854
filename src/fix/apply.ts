import type { DeferredEdit, Edit, Finding, Fix } from "../model/finding.js";
import type { Range } from "../model/source.js";
import { LineIndex } from "../parse/lines.js";
import { parseStructured } from "../parse/yaml/parse.js";
import type { PNode } from "../parse/yaml/tree.js";
import { resolveEdit } from "../report/edits.js";

export interface AppliedFix {
  ruleId: string;
  description: string;
  /** The line (in the file before the fix) of the finding's first edit in this file. */
  line: number;
}

export interface SkippedFix {
  ruleId: string;
  description: string;
  reason: string;
}

export interface FixedFile {
  path: string;
  before: string;
  after: string;
  applied: AppliedFix[];
}

export interface FixResult {
  /** Files with at least one applied fix, by path. */
  files: FixedFile[];
  /** Fixes left as they are, with why: their text moved, or they overlap a fix applied before them. */
  skipped: SkippedFix[];
}

const BOM = "\uFEFF";

interface FileText {
  /** A byte order mark the file starts with: kept, and not counted in ranges (the scan reads files without it). */
  bom: string;
  text: string;
  lines: LineIndex;
}

interface Span {
  file: string;
  start: number;
  end: number;
  replace: string;
  line: number;
  column: number;
}

interface Candidate {
  finding: Finding;
  fix: NonNullable<Finding["fix"]>;
  spans: Span[];
}

interface Accepted extends Span {
  finding: Finding;
}

/**
 * Applies the fixes of `findings` to `sources` (file texts by path, as read from disk). A finding's edits apply
 * together or not at all. Fixes are taken in file order, like ESLint's fix pass: one that overlaps a fix already
 * taken in the same file is skipped (scan again to get it), and so is one whose text is no longer where the
 * finding says. Only the edited spans change: line endings, a byte order mark, whitespace and a missing final
 * newline are kept as they are.
 */
export function applyFixes(findings: Finding[], sources: Map<string, string>): FixResult {
  const texts = new Map<string, FileText>();
  const textOf = (path: string): FileText | undefined => {
    let known = texts.get(path);
    if (!known) {
      const raw = sources.get(path);
      if (raw === undefined) return undefined;
      const bom = raw.startsWith(BOM) ? BOM : "";
      const text = raw.slice(bom.length);
      known = { bom, text, lines: new LineIndex(text) };
      texts.set(path, known);
    }
    return known;
  };

  const skipped: SkippedFix[] = [];
  const skip = (finding: Finding, fix: NonNullable<Finding["fix"]>, reason: string) =>
    skipped.push({ ruleId: finding.ruleId, description: fix.description, reason });

  const candidates: Candidate[] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || fix.edits.length === 0) continue;
    const spans: Span[] = [];
    let problem: string | undefined;
    for (const edit of fix.edits) {
      const file = textOf(edit.range.file);
      if (!file) {
        problem = `${edit.range.file} was not read`;
        break;
      }
      const resolved = resolveEdit(edit, file.text, file.lines);
      if (!resolved) {
        problem = `${JSON.stringify(edit.find)} is no longer at ${place(edit.range.file, edit.range.startLine, edit.range.startColumn)}`;
        break;
      }
      spans.push({ file: edit.range.file, start: resolved.start, end: resolved.end, replace: edit.replace, line: resolved.startLine, column: resolved.startColumn });
    }
    if (!problem) {
      const clash = spans.find((a, i) => spans.some((b, j) => j < i && a.file === b.file && !sameEdit(a, b) && overlaps(a, b)));
      if (clash) problem = `its own edits overlap at ${place(clash.file, clash.line, clash.column)}`;
    }
    if (problem) skip(finding, fix, problem);
    else candidates.push({ finding, fix, spans: dedupe(spans).sort(compareSpans) });
  }

  // In file order, so that which of two overlapping fixes wins does not depend on the order rules ran in.
  candidates.sort((a, b) => compareSpans(a.spans[0] as Span, b.spans[0] as Span) || compareText(a.finding.ruleId, b.finding.ruleId));
  const accepted = new Map<string, Accepted[]>();
  const applied = new Map<string, AppliedFix[]>();
  for (const { finding, fix, spans } of candidates) {
    let conflict: Accepted | undefined;
    const fresh: Span[] = [];
    for (const span of spans) {
      const taken = accepted.get(span.file) ?? [];
      // Two findings can propose the very same change (one attachment, two node groups): it is made once.
      if (taken.some((t) => sameEdit(t, span))) continue;
      conflict = taken.find((t) => overlaps(t, span));
      if (conflict) break;
      fresh.push(span);
    }
    if (conflict) {
      skip(finding, fix, `it overlaps the ${conflict.finding.ruleId} fix applied at ${place(conflict.file, conflict.line, conflict.column)}; scan again to fix it`);
      continue;
    }
    for (const span of fresh) push(accepted, span.file, { ...span, finding });
    const firstByFile = new Map<string, Span>();
    for (const span of spans) if (!firstByFile.has(span.file)) firstByFile.set(span.file, span);
    for (const [file, span] of firstByFile) push(applied, file, { ruleId: finding.ruleId, description: fix.description, line: span.line });
  }

  const files: FixedFile[] = [];
  for (const [path, edits] of accepted) {
    const file = texts.get(path) as FileText;
    files.push({
      path,
      before: sources.get(path) as string,
      after: file.bom + splice(file.text, edits),
      applied: (applied.get(path) ?? []).sort((a, b) => a.line - b.line || compareText(a.ruleId, b.ruleId)),
    });
  }
  files.sort((a, b) => compareText(a.path, b.path));
  return { files, skipped };
}

/** Replaces non-overlapping spans, building the text from the end backwards so that offsets stay valid. */
function splice(text: string, edits: Span[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, edit.start) + edit.replace + out.slice(edit.end);
  }
  return out;
}

/**
 * Overlap as ESLint sees it, with one difference: two edits that only touch ([a, b) then [b, c)) both apply.
 * Two insertions at one offset, or an insertion inside a replaced span, do overlap.
 */
function overlaps(a: Span, b: Span): boolean {
  return a.file === b.file && (a.start === b.start || (a.start < b.end && b.start < a.end));
}

function sameEdit(a: Span, b: Span): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end && a.replace === b.replace;
}

function dedupe(spans: Span[]): Span[] {
  return spans.filter((s, i) => !spans.some((t, j) => j < i && sameEdit(s, t)));
}

function compareSpans(a: Span, b: Span): number {
  return compareText(a.file, b.file) || a.start - b.start || a.end - b.end;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function place(file: string, line: number, column: number): string {
  return `${file}:${line}:${column}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------------------------------------------------------------------------------------------------------------
// Unified diff

type Op = { kind: " " | "-" | "+"; text: string };

const CONTEXT = 3;

/**
 * A unified diff of two texts, as `diff -u` and git print it: `--- a/<path>`, `+++ b/<path>`, then hunks with
 * three lines of context (hunks whose context would touch are merged). Lines keep their endings (a CRLF file
 * shows `\r`); a last line without a newline is followed by `\ No newline at end of file`. Empty when the texts
 * are equal.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return "";
  const ops = diffLines(splitLines(before), splitLines(after));
  // Where each op sits in the old and new files (0-based line index before it).
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let n = 0;
  for (const op of ops) {
    oldAt.push(o);
    newAt.push(n);
    if (op.kind !== "+") o++;
    if (op.kind !== "-") n++;
  }
  oldAt.push(o);
  newAt.push(n);

  const changed = ops.flatMap((op, i) => (op.kind === " " ? [] : [i]));
  const groups: [number, number][] = [];
  for (const i of changed) {
    const last = groups[groups.length - 1];
    if (last && i - last[1] - 1 <= 2 * CONTEXT) last[1] = i;
    else groups.push([i, i]);
  }

  let out = `--- a/${path}\n+++ b/${path}\n`;
  for (const [first, last] of groups) {
    const from = Math.max(0, first - CONTEXT);
    const to = Math.min(ops.length, last + CONTEXT + 1);
    const hunk = ops.slice(from, to);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    out += `@@ -${hunkRange(oldAt[from] as number, oldCount)} +${hunkRange(newAt[from] as number, newCount)} @@\n`;
    for (const op of hunk) {
      out += op.kind + op.text;
      if (!op.text.endsWith("\n")) out += "\n\\ No newline at end of file\n";
    }
  }
  return out;
}

function hunkRange(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

/** Lines with their `\n` (a `\r` before it stays part of the line, as for diff). */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const next = text.indexOf("\n", start);
    const end = next < 0 ? text.length : next + 1;
    lines.push(text.slice(start, end));
    start = end;
  }
  return lines;
}

/** A shortest edit script (Myers), after the common first and last lines are set aside. */
function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = a.slice(0, head).map((text) => ({ kind: " ", text }));
  ops.push(...myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail)));
  ops.push(...a.slice(a.length - tail).map((text): Op => ({ kind: " ", text })));
  return ops;
}

function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // Each round's furthest points, only the diagonals it can reach (-d-1 .. d+1), for walking back.
  const trace: Int32Array[] = [];
  let rounds = -1;
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        rounds = d;
        break outer;
      }
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = rounds; d >= 0; d--) {
    const snapshot = trace[d] as Int32Array;
    const at = (k: number) => snapshot[k + d + 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", text: a[x - 1] as string });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: "+", text: b[--y] as string });
      else ops.push({ kind: "-", text: a[--x] as string });
    }
  }
  return ops.reverse();
}

// ---------------------------------------------------------------------------------------------------------------
// eksctl: iam.withAddonPolicies.imageBuilder

export const IMAGE_BUILDER_COMMENT =
  "# pullguard: imageBuilder removed; give the build's service account wellKnownPolicies.imageBuilder instead (iam.serviceAccounts)";

/**
 * The edit that removes a node group's `iam.withAddonPolicies.imageBuilder: true` (`range`: the `true` scalar),
 * leaving a comment at the same indentation that points to the service-account alternative. The edit covers the
 * whole line (column 1 to column 1 of the next line), so the line's own ending (LF or CRLF) is kept. Undefined
 * when the line holds anything else (a flow map `{ imageBuilder: true, ... }`, the key and the value on
 * different lines, a sequence dash) or the value is not under `withAddonPolicies` in a block map.
 */
/**
 * A rule's fix made concrete against the files: deferred edits worked out from the text, and every edit
 * checked to be where its text is written. Undefined when any edit cannot be.
 */
export function completeFix(fix: Fix, sources: Map<string, string>): Fix | undefined {
  const deferred = (fix.deferred ?? []).map((d) => DEFERRED[d.kind](sources.get(d.range.file) ?? "", d.range));
  if (deferred.some((e) => e === undefined)) return undefined;
  const edits = [...fix.edits, ...(deferred as Edit[])];
  if (edits.some((e) => !resolveEdit(e, sources.get(e.range.file) ?? ""))) return undefined;
  return { description: fix.description, edits };
}

const DEFERRED: Record<DeferredEdit["kind"], (source: string, range: Range) => Edit | undefined> = {
  "remove-eksctl-image-builder": eksctlImageBuilderEdit,
};

export function eksctlImageBuilderEdit(source: string, range: Range): Edit | undefined {
  const text = source.startsWith(BOM) ? source.slice(1) : source;
  if (range.startLine !== range.endLine) return undefined;
  let lineStart = 0;
  for (let line = 1; line < range.startLine; line++) {
    const next = text.indexOf("\n", lineStart);
    if (next < 0) return undefined;
    lineStart = next + 1;
  }
  const newline = text.indexOf("\n", lineStart);
  const lineEnd = newline < 0 ? text.length : newline + 1;
  const whole = text.slice(lineStart, lineEnd);
  const ending = /\r?\n$/.exec(whole)?.[0] ?? "";
  const content = whole.slice(0, whole.length - ending.length);
  const match = /^([ \t]*)(?:imageBuilder|"imageBuilder"|'imageBuilder')[ \t]*:[ \t]+(true|True|TRUE)(?:[ \t]+#.*|[ \t]*)$/.exec(content);
  if (!match) return undefined;
  const indent = match[1] as string;
  const valueColumn = content.length - content.slice(content.indexOf(":") + 1).trimStart().length + 1;
  if (range.startColumn !== valueColumn) return undefined;
  if (!inBlockAddonPolicies(text, range.startLine, valueColumn)) return undefined;
  const end = ending ? { endLine: range.startLine + 1, endColumn: 1 } : { endLine: range.startLine, endColumn: content.length + 1 };
  return {
    range: { file: range.file, startLine: range.startLine, startColumn: 1, ...end },
    find: whole,
    replace: `${indent}${IMAGE_BUILDER_COMMENT}${ending}`,
  };
}

/** Whether the scalar at `line`:`column` is the value of a pair in a block (not flow) map under `withAddonPolicies`. */
function inBlockAddonPolicies(text: string, line: number, column: number): boolean {
  const lines = new LineIndex(text);
  const find = (node: PNode | undefined): boolean | undefined => {
    if (node?.kind === "seq") {
      for (const item of node.items) {
        const found = find(item);
        if (found !== undefined) return found;
      }
    } else if (node?.kind === "map") {
      for (const { key, value } of node.entries) {
        if (key === "withAddonPolicies" && value.kind === "map") {
          const at = value.entries.some((e) => e.value.kind === "scalar" && e.value.range.startLine === line && e.value.range.startColumn === column);
          if (at) return text[lines.offset(value.range.startLine, value.range.startColumn)] !== "{";
        }
        const found = find(value);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  for (const doc of parseStructured({ path: "eksctl.yaml", text }, lines).documents) {
    const found = find(doc.root);
    if (found !== undefined) return found;
  }
  return false;
}
