import type { Edit } from "../model/finding.js";
import { LineIndex } from "../parse/lines.js";

export interface ResolvedEdit {
  start: number;
  end: number;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/** Finds an edit's `find` text inside its range in the file; undefined when the file no longer has it there. */
export function resolveEdit(edit: Edit, source: string, lines = new LineIndex(source)): ResolvedEdit | undefined {
  const offsetOf = (line: number, column: number) => {
    let offset = 0;
    for (let l = 1; l < line; l++) {
      const next = source.indexOf("\n", offset);
      if (next < 0) return source.length;
      offset = next + 1;
    }
    return offset + column - 1;
  };
  const from = offsetOf(edit.range.startLine, edit.range.startColumn);
  const to = offsetOf(edit.range.endLine, edit.range.endColumn);
  const at = source.slice(from, to).indexOf(edit.find);
  if (at < 0) return undefined;
  const start = from + at;
  const end = start + edit.find.length;
  const a = lines.position(start);
  const b = lines.position(end);
  return { start, end, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column, text: edit.replace };
}
