import type { Range } from "../model/source.js";

/** Maps string offsets (UTF-16 code units) to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];
  private last = 0;

  constructor(readonly text: string) {
    if (text.includes("\r")) {
      // A carriage return alone also ends a line.
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
      }
    } else {
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
    }
  }

  /** The offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    return (this.starts[line - 1] ?? this.text.length) + column - 1;
  }

  position(offset: number): { line: number; column: number } {
    // Parsers ask in text order: the line of the last answer, or the next, is the usual one.
    const near = this.last;
    const starts = this.starts;
    if (offset >= (starts[near] ?? 0)) {
      if (near + 1 >= starts.length || offset < (starts[near + 1] ?? 0)) return { line: near + 1, column: offset - (starts[near] ?? 0) + 1 };
      if (near + 2 >= starts.length || offset < (starts[near + 2] ?? 0)) {
        this.last = near + 1;
        return { line: near + 2, column: offset - (starts[near + 1] ?? 0) + 1 };
      }
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }

  range(file: string, start: number, end: number): Range {
    const a = this.position(start);
    const b = this.position(Math.max(start, end));
    return { file, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column };
  }
}
