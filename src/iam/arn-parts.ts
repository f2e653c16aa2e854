import type { PatternForm } from "./resource-pattern.js";

/**
 * The quick answer for two single patterns, which is most of what a role asks ("does this Allow reach
 * a repository?", "every repository?"): the five colon-bounded parts of an ARN and its resource part
 * are independent, so two ARN patterns meet when every pair of parts meets, and one holds the other
 * when every part does. A part with wildcards on both sides is left to the automata (undefined).
 */

type Part = { kind: "any" } | { kind: "none" } | { kind: "literal"; text: string } | { kind: "glob"; text: string; re: RegExp };

const globs = new Map<string, RegExp>();

function part(text: string, form: PatternForm, last: boolean): Part {
  if (text === "*") return { kind: "any" };
  if (text.includes("${")) {
    if (form === "must") return { kind: "none" };
    if (/^\$\{[^}]*\}$/.test(text)) return { kind: "any" };
  }
  if (!/[*?$]/.test(text)) return { kind: "literal", text };
  const key = `${last}\u0000${form}\u0000${text}`;
  let re = globs.get(key);
  if (!re) {
    const any = last ? "." : "[^:]";
    const body = text
      .split(/(\$\{[^}]*\}|\*|\?)/)
      .map((piece) => (piece === "*" || piece.startsWith("${") ? `${any}*` : piece === "?" ? any : piece.replace(/[.+^$(){}|[\]\\]/g, "\\$&")))
      .join("");
    re = new RegExp(`^${body}$`, "s");
    globs.set(key, re);
  }
  return { kind: "glob", text, re };
}

/** The six parts of an ARN pattern (a short one padded with `*`), or undefined for `*` and other strings. */
function parts(pattern: string, form: PatternForm): Part[] | undefined {
  if (!pattern.startsWith("arn:")) return undefined;
  const split: string[] = [];
  let rest = pattern;
  // Placeholders may hold colons (`${AWS::Region}`): split only outside them.
  for (let i = 0; i < 5; i++) {
    const at = colonOutside(rest);
    if (at < 0) break;
    split.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  split.push(rest);
  while (split.length < 6) split.push("*");
  // Partitions are not told apart (see resource-pattern.ts).
  return split.map((text, i) => (i === 1 ? { kind: "any" } : part(text, form, i === 5)));
}

function colonOutside(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") depth++;
    else if (text[i] === "}" && depth > 0) depth--;
    else if (text[i] === ":" && depth === 0) return i;
  }
  return -1;
}

function partsMeet(a: Part, b: Part): boolean | undefined {
  if (a.kind === "none" || b.kind === "none") return false;
  if (a.kind === "any" || b.kind === "any") return true;
  if (a.kind === "literal" && b.kind === "literal") return a.text === b.text;
  if (a.kind === "literal" && b.kind === "glob") return b.re.test(a.text);
  if (a.kind === "glob" && b.kind === "literal") return a.re.test(b.text);
  return a.text === b.text ? true : undefined;
}

/** Whether part `a` holds only strings of part `b`; `a` is never empty here (it is an action's resource type). */
function partWithin(a: Part, b: Part): boolean | undefined {
  if (b.kind === "any") return true;
  if (a.kind === "none") return true;
  if (b.kind === "none") return false;
  if (a.kind === "literal") return b.kind === "literal" ? a.text === b.text : b.re.test(a.text);
  // A part with a wildcard holds many strings; a literal one holds one.
  if (b.kind === "literal") return false;
  return a.kind === "glob" && a.text === b.text ? true : undefined;
}

function combine(a: Part[], b: Part[], decide: (x: Part, y: Part) => boolean | undefined): boolean | undefined {
  let unsure = false;
  for (let i = 0; i < 6; i++) {
    const answer = decide(a[i] as Part, b[i] as Part);
    if (answer === false) return false;
    if (answer === undefined) unsure = true;
  }
  return unsure ? undefined : true;
}

/** Whether two patterns share a resource, when that is quick to tell. */
export function quickMeet(a: string, aForm: PatternForm, b: string, bForm: PatternForm): boolean | undefined {
  const pa = parts(a, aForm);
  const pb = parts(b, bForm);
  return pa && pb ? combine(pa, pb, partsMeet) : undefined;
}

/** Whether every resource of `a` is one of `b`, when that is quick to tell. */
export function quickWithin(a: string, aForm: PatternForm, b: string, bForm: PatternForm): boolean | undefined {
  const pa = parts(a, aForm);
  const pb = parts(b, bForm);
  return pa && pb ? combine(pa, pb, partWithin) : undefined;
}
