import { parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import { flowNestingLimitOffset, NESTING_MESSAGE } from "./nesting.js";

/**
 * The first syntax error of a strict JSON text (no comments, no trailing commas), or nesting deeper
 * than MAX_NESTING; undefined if there is neither.
 * JSON.parse decides whether the text is valid; jsonc-parser says where the first problem is.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string; syntax?: false } | undefined {
  // Checked first: jsonc-parser, which finds the positions, recurses and would overflow the stack.
  const tooDeep = flowNestingLimitOffset(text);
  if (tooDeep !== undefined) return { offset: tooDeep, message: NESTING_MESSAGE, syntax: false };
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (!first) return { offset: Number(/at position (\d+)/.exec(String(err))?.[1] ?? 0), message: (err as Error).message };
    const code = printParseErrorCode(first.error);
    if (code === "PropertyNameExpected" || code === "ValueExpected") {
      let i = first.offset - 1;
      while (i >= 0 && /\s/.test(text[i] ?? "")) i--;
      if (text[i] === ",") return { offset: i, message: "trailing comma" };
    }
    return { offset: first.offset, message: code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() };
  }
}
