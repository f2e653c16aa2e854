/**
 * Deeper nesting than any template needs is refused before parsing: the JSON and YAML parsers recurse,
 * so 10,000 nested brackets would overflow the stack instead of giving a diagnostic.
 */
export const MAX_NESTING = 256;

export const NESTING_MESSAGE = `nesting deeper than ${MAX_NESTING} levels; pullguard does not read it`;

/** The offset of the first `[` or `{` (outside quotes) that opens level `limit + 1`, if any. */
export function flowNestingLimitOffset(text: string, limit = MAX_NESTING): number | undefined {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      // A quote never spans lines here: an apostrophe in a plain YAML scalar must not hide the rest of the file.
      if (c === 92 /* \\ */ && quote === 34) i++;
      else if (c === quote || c === 10) quote = 0;
    } else if (c === 34 /* " */ || c === 39 /* ' */) quote = c;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

/** A line that ends in a block scalar header (`key: |`, `- >-`, `run: |2 # comment`): the lines indented under it are text. */
const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>][-+0-9]{0,2}[ \t]*(?:#.*)?$/;
/** `- `, `? ` and `: ` at the start of a line's content open one more level each (`- - - x`). */
const INDICATOR = /[-?:](?=[ \t]|$)[ \t]*/y;

/**
 * The offset of the first line of YAML block structure that opens level `limit + 1`, if any: indentation
 * levels, plus the compact `- - x` forms; the text of block scalars is not structure. An approximation (a
 * multi-line plain scalar counts its deeper lines) that is exact on what people write, far below the limit.
 */
export function blockNestingLimitOffset(text: string, limit = MAX_NESTING): number | undefined {
  const columns: number[] = [];
  let scalarParent = -1;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf("\n", start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end);
    const lineStart = start;
    start = end + 1;
    let indent = 0;
    while (line.charCodeAt(indent) === 32) indent++;
    const first = line[indent];
    if (first === undefined || first === "\r" || first === "#") continue;
    if (scalarParent >= 0) {
      if (indent > scalarParent) continue;
      scalarParent = -1;
    }
    if (indent === 0 && (line.startsWith("---") || line.startsWith("..."))) {
      columns.length = 0;
      continue;
    }
    while (columns.length > 0 && (columns[columns.length - 1] as number) >= indent) columns.pop();
    columns.push(indent);
    for (let p = indent; ; ) {
      INDICATOR.lastIndex = p;
      if (!INDICATOR.test(line) || INDICATOR.lastIndex >= line.length) break;
      p = INDICATOR.lastIndex;
      columns.push(p);
    }
    if (columns.length > limit) return lineStart + (columns[limit] ?? indent);
    // The scalar's text is indented under its key or dash, which is the line's innermost column.
    if (BLOCK_SCALAR_HEADER.test(line)) scalarParent = columns[columns.length - 1] ?? indent;
  }
  return undefined;
}
