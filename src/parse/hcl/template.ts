import type { Expr, TemplateInterpolation, TemplateLiteral, TemplatePart } from "./ast.js";
import { HclSyntaxFailure, isSpace } from "./text.js";

/** A directive as scanned, before `%{if}`/`%{for}` are matched with their ends. */
export type Directive =
  | { kind: "if"; condition: Expr; start: number; end: number }
  | { kind: "for"; keyVar: string | undefined; valueVar: string; collection: Expr; start: number; end: number }
  | { kind: "else" | "endif" | "endfor"; start: number; end: number };

/** The flat sequence of a template's pieces, in source order. */
export type FlatPart = TemplateLiteral | TemplateInterpolation | Directive;

/**
 * `<<-` dedent, as hclsyntax does it: on the literal that starts each line, count the leading white
 * space; lines that are blank, or that start with a sequence (which counts as no indentation), take
 * part as hclsyntax has them; then cut the smallest count from every counted line.
 */
export function dedent(parts: FlatPart[]): void {
  let min = Infinity;
  let lineStart = true;
  const counted: TemplateLiteral[] = [];
  for (const part of parts) {
    if (lineStart) {
      lineStart = false;
      if (part.kind === "literal") {
        const value = part.value;
        let spaces = 0;
        while (spaces < value.length && isSpace(value.charCodeAt(spaces))) spaces++;
        if (spaces < value.length || !value.endsWith("\n")) {
          counted.push(part);
          if (spaces < min) min = spaces;
        }
      } else min = 0;
    }
    if (part.kind === "literal" && part.value.endsWith("\n")) lineStart = true;
  }
  if (min === 0 || min === Infinity) return;
  for (const part of counted) part.value = part.value.slice(min);
}

/** Joins adjacent literals, as the pieces of one literal may have come from several lines or escapes. */
export function meld(parts: FlatPart[]): FlatPart[] {
  let out: FlatPart[] | undefined;
  for (let i = 1; i < parts.length; i++) {
    const prev = parts[i - 1];
    const cur = parts[i];
    if (prev?.kind === "literal" && cur?.kind === "literal") {
      out ??= parts.slice(0, i);
      const last = out[out.length - 1];
      if (last?.kind === "literal") {
        last.value += cur.value;
        last.end = cur.end;
      }
    } else if (out) out.push(parts[i] as FlatPart);
  }
  return out ?? parts;
}

/** Matches `%{if}`/`%{else}`/`%{endif}` and `%{for}`/`%{endfor}`; `closeOffset` is where the template ends. */
export function structure(parts: FlatPart[], closeOffset: number, maxDepth: number): TemplatePart[] {
  let i = 0;

  const item = (depth: number): TemplatePart => {
    const part = parts[i++] as FlatPart;
    switch (part.kind) {
      case "literal":
      case "interpolation":
        return part;
      case "if":
      case "for":
        if (depth >= maxDepth) throw new HclSyntaxFailure(part.start, `template directives nested deeper than ${maxDepth} levels`);
        return block(part, depth + 1);
      default:
        throw new HclSyntaxFailure(part.start, `unexpected %{${part.kind}} without a matching opening directive`, true);
    }
  };

  const block = (open: Directive & { kind: "if" | "for" }, depth: number): TemplatePart => {
    const body: TemplatePart[] = [];
    let otherwise: TemplatePart[] | undefined;
    let current = body;
    for (;;) {
      const next = parts[i];
      if (!next) throw new HclSyntaxFailure(closeOffset, `missing %{end${open.kind}} for the %{${open.kind}} directive`, true);
      if (next.kind === "else" || next.kind === "endif" || next.kind === "endfor") {
        i++;
        if (open.kind === "if" && next.kind === "else" && !otherwise) {
          otherwise = current = [];
          continue;
        }
        if (open.kind === "if" && next.kind === "endif") {
          return { kind: "if", condition: open.condition, then: body, else: otherwise, start: open.start, end: next.end };
        }
        if (open.kind === "for" && next.kind === "endfor") {
          return { kind: "for", keyVar: open.keyVar, valueVar: open.valueVar, collection: open.collection, body, start: open.start, end: next.end };
        }
        throw new HclSyntaxFailure(next.start, `unexpected %{${next.kind}} inside %{${open.kind}}; expected %{end${open.kind}}`, true);
      }
      current.push(item(depth));
    }
  };

  const out: TemplatePart[] = [];
  while (i < parts.length) out.push(item(0));
  return out;
}
