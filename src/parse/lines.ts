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
    const index = this.lineIndexOf(offset);
    return { line: index + 1, column: offset - (this.starts[index] ?? 0) + 1 };
  }

  /** The 0-based line of an offset. */
  private lineIndexOf(offset: number): number {
    // Parsers ask in text order: the line of the last answer, or the next, is the usual one.
    const near = this.last;
    const starts = this.starts;
    if (offset >= (starts[near] ?? 0)) {
      if (near + 1 >= starts.length || offset < (starts[near + 1] ?? 0)) return near;
      if (near + 2 >= starts.length || offset < (starts[near + 2] ?? 0)) return (this.last = near + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }

  range(file: string, start: number, end: number): Range {
    const a = this.lineIndexOf(start);
    const stop = Math.max(start, end);
    const b = this.lineIndexOf(stop);
    return { file, startLine: a + 1, startColumn: start - (this.starts[a] ?? 0) + 1, endLine: b + 1, endColumn: stop - (this.starts[b] ?? 0) + 1 };
  }
}
