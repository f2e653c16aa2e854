import { findRule } from "../../rules/index.js";
import type { IgnoreDirective } from "../model/ignore.js";
import type { Range } from "../model/source.js";
import { parseStructured } from "../parse/yaml/parse.js";
import { get, scalarText, type PNode } from "../parse/yaml/tree.js";

/** The annotation that carries an ignore on a Kubernetes object. */
export const IGNORE_ANNOTATION = "pullguard.dev/ignore";

const KEYWORD = "pullguard-ignore";

/** `PG102, node-role-admin reason: text until: 2027-03-01`: the part of an ignore after its keyword. */
export function parseIgnoreBody(body: string): Pick<IgnoreDirective, "rules" | "reason" | "until" | "problem"> {
  const until = /\s*\buntil:\s*(\S*)\s*$/.exec(body);
  const rest = until ? body.slice(0, until.index) : body;
  const reasonAt = /\breason:/.exec(rest);
  const ids = (reasonAt ? rest.slice(0, reasonAt.index) : rest).split(",").map((s) => s.trim()).filter(Boolean);
  const reason = reasonAt ? rest.slice(reasonAt.index + "reason:".length).trim() : undefined;
  return { rules: ids, reason: reason || undefined, until: until?.[1], problem: problemOf(ids, reason, until?.[1]) };
}

function problemOf(rules: string[], reason: string | undefined, until: string | undefined): string | undefined {
  if (rules.length === 0) return "it names no rule (pullguard-ignore PG102 reason: <why>)";
  const unknown = rules.find((r) => !findRule(r));
  if (unknown) return `unknown rule ${unknown} (run 'pullguard rules' for the list)`;
  if (!reason) return "it gives no reason; write pullguard-ignore <rule> reason: <why>, so that the next reader knows";
  if (until !== undefined && !isDate(until)) return `until: ${until} is not a date (YYYY-MM-DD)`;
  return undefined;
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/**
 * The `pullguard-ignore` comments of a YAML or HCL file (`#`, and `//` in HCL). A comment at the end of
 * a line covers that line, or the block the line opens; a comment on a line of its own covers the next
 * line and everything indented under it (a resource, a module call, a node group), or, at the top of a
 * YAML document, the whole document (a Kubernetes object).
 */
export function commentIgnores(file: string, text: string, syntax: "yaml" | "hcl"): IgnoreDirective[] {
  if (!text.includes(KEYWORD)) return [];
  const lines = text.split(/\r?\n/);
  const out: IgnoreDirective[] = [];
  lines.forEach((line, i) => {
    const at = commentStart(line, syntax);
    if (at === undefined) return;
    const comment = line.slice(at).replace(/^(#|\/\/)\s*/, "");
    if (!comment.startsWith(KEYWORD) || !/^pullguard-ignore(\s|$)/.test(comment)) return;
    const code = line.slice(0, at);
    const target = code.trim() ? i : nextCodeLine(lines, i + 1, syntax);
    const body = parseIgnoreBody(comment.slice(KEYWORD.length));
    const location: Range = { file, startLine: i + 1, startColumn: at + 1, endLine: i + 1, endColumn: line.length + 1 };
    if (target === undefined) {
      out.push({ kind: "comment", ...body, location, scope: { file, startLine: i + 1, endLine: i + 1 } });
      return;
    }
    const opensBlock = !code.trim() || /[{[(]\s*$|^\s*(-\s+)?[^#]*:\s*$/.test(code);
    const end = syntax === "yaml" && !code.trim() && startsDocument(lines, i) ? documentEnd(lines, target) : opensBlock ? blockEnd(lines, target, syntax) : target;
    out.push({ kind: "comment", ...body, location, scope: { file, startLine: target + 1, endLine: end + 1 } });
  });
  return out;
}

/** Where a comment starts on a line, outside strings; undefined when there is none. */
function commentStart(line: string, syntax: "yaml" | "hcl"): number | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || (c === "'" && syntax === "yaml")) quote = c;
    // In YAML a `#` starts a comment only at the start or after white space.
    else if (c === "#" && (syntax === "hcl" || i === 0 || /\s/.test(line[i - 1] ?? ""))) return i;
    else if (syntax === "hcl" && c === "/" && line[i + 1] === "/") return i;
  }
  return undefined;
}

function isComment(line: string, syntax: "yaml" | "hcl"): boolean {
  const t = line.trim();
  return t.startsWith("#") || (syntax === "hcl" && t.startsWith("//"));
}

function nextCodeLine(lines: string[], from: number, syntax: "yaml" | "hcl"): number | undefined {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j] ?? "";
    if (line.trim() && !isComment(line, syntax)) return j;
  }
  return undefined;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Whether only comments and blank lines stand between a YAML document's start (`---` or the file's) and line `i`. */
function startsDocument(lines: string[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const t = (lines[j] ?? "").trim();
    if (t === "---" || t.startsWith("--- ")) return true;
    if (t && !t.startsWith("#")) return false;
  }
  return true;
}

/** The last line of the YAML document that holds line `from`. */
function documentEnd(lines: string[], from: number): number {
  let end = from;
  for (let j = from + 1; j < lines.length; j++) {
    const t = (lines[j] ?? "").trim();
    if (t === "---" || t.startsWith("--- ") || t === "...") break;
    if (t) end = j;
  }
  return end;
}

/** The last line of what `start` opens: lines indented deeper, then a closing bracket at its own indentation. */
function blockEnd(lines: string[], start: number, syntax: "yaml" | "hcl"): number {
  const first = lines[start] ?? "";
  const indent = indentOf(first);
  // A YAML key with a block value may list its items at its own indentation.
  const yamlKey = syntax === "yaml" && /:\s*(#.*)?$/.test(first);
  let end = start;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j] ?? "";
    if (!line.trim() || isComment(line, syntax)) continue;
    const d = indentOf(line);
    if (d > indent || (yamlKey && d === indent && line.trimStart().startsWith("- "))) end = j;
    else {
      if (d === indent && /^[}\])]/.test(line.trimStart())) end = j;
      break;
    }
  }
  return end;
}

/** CloudFormation `Metadata: { pullguard: { ignore: [{ id, reason, until }] } }` on resources. */
export function metadataIgnores(file: string, root: PNode): IgnoreDirective[] {
  const resources = get(root, "Resources");
  if (resources?.kind !== "map") return [];
  const out: IgnoreDirective[] = [];
  for (const entry of resources.entries) {
    const list = get(get(get(entry.value, "Metadata"), "pullguard"), "ignore");
    const items = list?.kind === "seq" ? list.items : list ? [list] : [];
    for (const item of items) {
      const ids = get(item, "id") ?? get(item, "rule") ?? get(item, "rules");
      const rules = ids?.kind === "seq" ? ids.items.flatMap((n) => scalarText(n) ?? []) : (scalarText(ids) ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const reason = scalarText(get(item, "reason"))?.trim() || undefined;
      const until = scalarText(get(item, "until"));
      out.push({
        kind: "metadata",
        rules,
        reason,
        until,
        problem: problemOf(rules, reason, until),
        location: item.range,
        scope: { file, startLine: entry.keyRange.startLine, endLine: entry.value.range.endLine },
      });
    }
  }
  return out;
}

/** The `pullguard.dev/ignore` annotation of a Kubernetes object (and of each item of a `List`). */
export function annotationIgnores(file: string, root: PNode): IgnoreDirective[] {
  const kind = scalarText(get(root, "kind")) ?? "";
  if (kind === "List" || kind.endsWith("List")) {
    const items = get(root, "items");
    return items?.kind === "seq" ? items.items.flatMap((item) => annotationIgnores(file, item)) : [];
  }
  const value = get(get(get(root, "metadata"), "annotations"), IGNORE_ANNOTATION);
  const text = scalarText(value);
  if (text === undefined || !value) return [];
  return [{ kind: "annotation", ...parseIgnoreBody(text), location: value.range, scope: { file, startLine: root.range.startLine, endLine: root.range.endLine } }];
}

/** An `ignores` entry of `.pullguard.yml`. */
export interface ConfigIgnore {
  rule: string | string[];
  path?: string;
  resource?: string;
  reason?: string;
  until?: string;
}

/** The `ignores` of the configuration; `file` (its path as reported, and its text) places each entry. */
export function configIgnores(entries: ConfigIgnore[], file?: { path: string; text: string }): IgnoreDirective[] {
  const root = file ? parseStructured(file).documents[0]?.root : undefined;
  const list = get(root, "ignores");
  return entries.map((e, i) => {
    const rules = Array.isArray(e.rule) ? e.rule : [e.rule];
    const reason = e.reason?.trim() || undefined;
    const location = list?.kind === "seq" ? list.items[i]?.range : undefined;
    return { kind: "config", rules, reason, until: e.until, problem: problemOf(rules, reason, e.until), location, scope: { path: e.path, resource: e.resource } };
  });
}
