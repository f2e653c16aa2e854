import type { Diagnostic, Range } from "../../model/source.js";
import type { PNode } from "./tree.js";

/**
 * Multi-line quoted scalars whose continuation lines are indented less than YAML 1.2 requires (`args: ['` … `']` with
 * the closing quote back at the key's column, as Argo's examples write them). PyYAML, go-yaml (kubectl) and
 * CloudFormation read them: they look for the closing quote and a document marker, not at indentation. The leading
 * white space of a continuation line is never part of the value, so indenting those lines gives the text those
 * parsers read to the strict front ends, and the value they give; only the columns on those lines move, and
 * `restoreColumns` moves them back. Both front ends read the same relaxed text, so they still agree.
 */
export interface Relaxed {
  text: string;
  /** Spaces put at the start of a line, by line number (1-based). */
  padding: Map<number, number>;
}

function isBreak(c: number): boolean {
  return c === 10 || c === 13;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Whether a `---` or `...` document marker starts at `p` (a line start). */
function markerAt(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if ((c !== 45 && c !== 46) || text.charCodeAt(p + 1) !== c || text.charCodeAt(p + 2) !== c) return false;
  const d = text.charCodeAt(p + 3);
  return p + 3 >= text.length || isBlank(d) || isBreak(d);
}

/** The offset of the quote that closes the quoted scalar opened at `open`, or -1 (unterminated, or a document marker inside it). */
function closingQuote(text: string, open: number): number {
  const quote = text.charCodeAt(open);
  for (let p = open + 1; p < text.length; p++) {
    const c = text.charCodeAt(p);
    if (c === 10 && markerAt(text, p + 1)) return -1;
    if (quote === 34 /* " */ && c === 92 /* \ */) p++;
    else if (c === quote) {
      if (quote === 39 /* ' */ && text.charCodeAt(p + 1) === 39) p++;
      else return p;
    }
  }
  return -1;
}

function lineEnd(text: string, p: number): number {
  while (p < text.length && !isBreak(text.charCodeAt(p))) p++;
  return p;
}

/**
 * The text with the under-indented continuation lines of its quoted scalars indented one column deeper than the key or
 * `-` the scalar belongs to, or undefined when it has none. A light scan: comments, block scalars and the lines that
 * continue a plain scalar are passed over; it is only asked about texts the strict front ends reject.
 */
export function relaxQuotedScalars(text: string): Relaxed | undefined {
  // A carriage return alone ends a line for the line index, not here: such texts are left as they are.
  for (let i = text.indexOf("\r"); i !== -1; i = text.indexOf("\r", i + 1)) if (text.charCodeAt(i + 1) !== 10) return undefined;
  const n = text.length;
  /** Spaces to add, by the offset of the line start, and by line number. */
  const padAt = new Map<number, number>();
  const padding = new Map<number, number>();
  let p = 0;
  let line = 1;
  let flow = 0;
  /** The column of the key or `-` whose plain value ended the last line (deeper lines continue it), or -1. */
  let plainOwner = -1;
  /** The column of the key or `-` of a block scalar (deeper and blank lines are its content), or -1. */
  let blockOwner = -1;
  scan: while (p < n) {
    /** The start of the line the scan is on (the closing line, after a scalar over several lines). */
    let ls = p;
    let q = p;
    while (text.charCodeAt(q) === 32) q++;
    const indent = q - ls;
    let r = q;
    while (isBlank(text.charCodeAt(r))) r++;
    let end = lineEnd(text, r);
    const next = () => {
      p = end < n && text.charCodeAt(end) === 13 ? end + 2 : end + 1;
      line++;
    };
    const blank = r >= end;
    if (blockOwner >= 0 && (blank || indent > blockOwner)) {
      next();
      continue;
    }
    blockOwner = -1;
    if (blank) {
      next();
      continue;
    }
    if (flow === 0 && plainOwner >= 0 && indent > plainOwner && text.charCodeAt(r) !== 35) {
      next();
      continue;
    }
    plainOwner = -1;
    if (indent === 0 && markerAt(text, q)) {
      flow = 0;
      q += 3;
    }
    let owner = indent;
    let nodeStart = true;
    while (q < end) {
      const c = text.charCodeAt(q);
      const d = text.charCodeAt(q + 1);
      const spaceAfter = q + 1 >= n || isBlank(d) || isBreak(d);
      if (isBlank(c)) {
        q++;
        continue;
      }
      // A comment: `#` at a line start or after white space.
      if (c === 35 && (q === ls || isBlank(text.charCodeAt(q - 1)))) break;
      if (nodeStart && (c === 34 || c === 39)) {
        const close = closingQuote(text, q);
        if (close === -1) break scan;
        let after = close + 1;
        while (isBlank(text.charCodeAt(after))) after++;
        const isKey = text.charCodeAt(after) === 58 && (after + 1 >= n || isBlank(text.charCodeAt(after + 1)) || isBreak(text.charCodeAt(after + 1)));
        if (close < end && isKey) owner = q - ls;
        else if (close > end) {
          // A key over several lines is an error for every parser: left as it is.
          let l = end;
          while (l < close) {
            l = text.charCodeAt(l) === 13 ? l + 2 : l + 1;
            line++;
            const start = l;
            ls = start;
            while (text.charCodeAt(l) === 32) l++;
            const e = lineEnd(text, l);
            let first = l;
            while (isBlank(text.charCodeAt(first))) first++;
            if (!isKey && first < e && l - start <= owner) {
              padAt.set(start, owner + 1 - (l - start));
              padding.set(line, owner + 1 - (l - start));
            }
            l = e;
          }
          end = l;
        }
        q = close + 1;
        nodeStart = false;
        continue;
      }
      if ((c === 45 || c === 63) && nodeStart && spaceAfter) {
        if (c === 45) owner = q - ls;
        q++;
        continue;
      }
      if (c === 58 && (spaceAfter || (flow > 0 && (d === 44 || d === 93 || d === 125)))) {
        q++;
        nodeStart = true;
        continue;
      }
      if ((c === 91 || c === 123) && (nodeStart || flow > 0)) {
        flow++;
        q++;
        nodeStart = true;
        continue;
      }
      if ((c === 93 || c === 125) && flow > 0) {
        flow--;
        q++;
        nodeStart = false;
        continue;
      }
      if (c === 44 && flow > 0) {
        q++;
        nodeStart = true;
        continue;
      }
      if ((c === 33 || c === 38) && nodeStart) {
        // A tag or an anchor: the node starts after it.
        while (q < end && !isBlank(text.charCodeAt(q))) q++;
        continue;
      }
      if ((c === 124 || c === 62) && nodeStart && flow === 0) {
        blockOwner = owner;
        break;
      }
      // A plain scalar (or an alias): up to `: `, ` #`, the line's end, or in a flow collection an indicator.
      const start = q;
      while (q < end) {
        const e = text.charCodeAt(q);
        const f = text.charCodeAt(q + 1);
        if (e === 58 && (q + 1 >= n || isBlank(f) || isBreak(f) || (flow > 0 && (f === 44 || f === 93 || f === 125)))) break;
        if (e === 35 && isBlank(text.charCodeAt(q - 1))) break;
        if (flow > 0 && (e === 44 || e === 91 || e === 93 || e === 123 || e === 125)) break;
        q++;
      }
      const isKey = text.charCodeAt(q) === 58;
      if (isKey) owner = start - ls;
      else if (flow === 0) plainOwner = owner;
      nodeStart = false;
    }
    p = end;
    next();
  }
  if (padAt.size === 0) return undefined;
  let out = "";
  let from = 0;
  for (const [at, count] of [...padAt].sort((a, b) => a[0] - b[0])) {
    out += text.slice(from, at) + " ".repeat(count);
    from = at;
  }
  return { text: out + text.slice(from), padding };
}

/** Moves ranges and diagnostics read from a relaxed text back to the columns of the text as written. */
export function restoreColumns(documents: { root: PNode | undefined }[], diagnostics: Diagnostic[], padding: Map<number, number>): void {
  const ranges = new Set<Range>();
  const nodes = new Set<PNode>();
  const column = (line: number, c: number) => Math.max(1, c - (padding.get(line) ?? 0));
  const range = (r: Range) => {
    // A range object can be shared (a short-form tag's key and value), and must move once.
    if (ranges.has(r)) return;
    ranges.add(r);
    r.startColumn = column(r.startLine, r.startColumn);
    r.endColumn = column(r.endLine, r.endColumn);
  };
  const visit = (node: PNode) => {
    // Aliases share nodes.
    if (nodes.has(node)) return;
    nodes.add(node);
    range(node.range);
    if (node.kind === "seq") for (const item of node.items) visit(item);
    else if (node.kind === "map") {
      for (const entry of node.entries) {
        range(entry.keyRange);
        visit(entry.value);
      }
    }
  };
  for (const doc of documents) if (doc.root) visit(doc.root);
  for (const d of diagnostics) d.column = column(d.line, d.column);
}
