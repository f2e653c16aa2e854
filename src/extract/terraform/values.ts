import { parseTree, type Node as JsonNode, type ParseError } from "jsonc-parser";
import {
  referenceOf,
  type ConditionClause,
  type PolicyDocument,
  type Principal,
  type Reference,
  type Statement,
  type Tag,
  type Text,
  type When,
} from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { flowNestingLimitOffset, NESTING_MESSAGE } from "../../parse/nesting.js";
import type { CallSite } from "./module.js";
import { asText, branches, reasonOf, str, type SourceMap, type TfString, type TfValue } from "./value.js";

/**
 * Turns evaluated values into model texts at the place a person would change them: the literal
 * itself, the attribute that uses a variable's default, or, for values written inside a child module,
 * the module call in the root module (with where the value is written kept as the range's origin).
 */
export class Locator {
  private readonly rootFolder: string | undefined;

  /** `calls`: the module calls from the root module to the module whose values are placed (none for a root module). */
  constructor(private readonly calls: CallSite[]) {
    const outer = calls[0];
    this.rootFolder = outer ? folderOf(outer.range.file) : undefined;
  }

  at(value: TfValue, useSite: Range | undefined): Range | undefined {
    let range = value.range ?? useSite;
    if (value.via && useSite) {
      range = { ...useSite, origin: { range: value.via.range ?? useSite, note: `the default of ${value.via.variable.startsWith("the type") ? value.via.variable : `variable ${value.via.variable}`}` } };
    }
    if (!range) return undefined;
    return this.outOfModule(range, value.origins);
  }

  /** A range inside a child module's own files is reported at the module call of the root module. */
  outOfModule(range: Range, origins?: Range[]): Range {
    const outer = this.calls[0];
    if (!outer || folderOf(range.file) === this.rootFolder) return range;
    const fromCaller = origins?.find((o) => folderOf(o.file) === this.rootFolder);
    if (fromCaller) return fromCaller;
    const inner = this.calls[this.calls.length - 1];
    const note = range.origin
      ? `${range.origin.note}, in ${inner?.address ?? "the module"}`
      : `the value ${inner?.address ?? "the module"} uses by itself (a module default)`;
    return { ...outer.range, origin: { range: range.origin?.range ?? range, note, moved: { call: outer.address, from: range } } };
  }

  /** Every string a value can be (both outcomes of an unknown condition), as texts. */
  texts(value: TfValue | undefined, useSite: Range | undefined, when: When[]): Text[] {
    if (!value) return [];
    return branches(value, when).flatMap(({ value: v, when: w }) => this.one(v, useSite, w));
  }

  /** The items of a list value as texts; a single value counts as a one-item list. */
  textItems(value: TfValue | undefined, useSite: Range | undefined, when: When[]): Text[] {
    if (!value) return [];
    return branches(value, when).flatMap(({ value: v, when: w }) => (v.k === "tuple" ? v.items.flatMap((item) => this.texts(item, useSite ?? v.range, w)) : this.one(v, useSite, w)));
  }

  references(value: TfValue | undefined, useSite: Range | undefined, when: When[]): Reference[] {
    return this.texts(value, useSite, when).map(referenceOf);
  }

  referenceItems(value: TfValue | undefined, useSite: Range | undefined, when: When[]): Reference[] {
    return this.textItems(value, useSite, when).map(referenceOf);
  }

  private one(v: TfValue, useSite: Range | undefined, when: When[]): Text[] {
    const range = this.at(v, useSite) ?? useSite;
    if (!range || v.k === "null") return [];
    const text: Text = { text: "${?}", known: false, range, when };
    switch (v.k) {
      case "string":
        text.text = v.text;
        text.known = v.known;
        if (!v.known) text.reason = v.reason ?? "only known after apply";
        break;
      case "number":
      case "bool":
        text.text = String(v.value);
        text.known = true;
        break;
      case "unknown":
        text.reason = v.reason;
        break;
      default:
        text.reason = `expected a string, found ${v.k === "tuple" ? "a list" : "an object"}`;
    }
    const ref = v.k === "string" || v.k === "unknown" ? v.ref : undefined;
    if (ref) text.ref = { key: ref.key, attribute: ref.attribute };
    return [text];
  }

  /**
   * The tags of a `tags` map. A map that is not known (a variable without a value) gives one tag
   * whose key is unknown, so that rules about tags can tell it from a map without the tag.
   */
  tags(value: TfValue | undefined, useSite: Range | undefined, when: When[]): Tag[] {
    const out: Tag[] = [];
    for (const { value: v, when: w } of value ? branches(value, when) : []) {
      if (v.k === "unknown") {
        const range = this.at(v, useSite) ?? useSite;
        if (range) out.push({ key: { text: "${?}", known: false, range, when: w, reason: v.reason }, value: { text: "${?}", known: false, range, when: w, reason: v.reason } });
      }
      if (v.k === "tuple") {
        // The Auto Scaling group's older `tags`: a list of `{ key, value, propagate_at_launch }`.
        for (const item of v.items) {
          if (item.k !== "object") continue;
          const [key] = this.texts(item.attrs.get("key"), item.range ?? useSite, w);
          const [text] = this.texts(item.attrs.get("value"), item.range ?? useSite, w);
          if (key && text) out.push({ key, value: text });
        }
        continue;
      }
      if (v.k !== "object") continue;
      for (const [k, item] of v.attrs) {
        const keyRange = v.keyRanges?.get(k) ?? v.range;
        if (!keyRange) continue;
        const key: Text = { text: k, known: !v.unknownKeys?.has(k), range: this.outOfModule(keyRange), when: w };
        const [text] = this.texts(item, keyRange, w);
        if (text) out.push({ key, value: text });
      }
    }
    return out;
  }

  /**
   * Where part of a string value is written (offsets into its text): precise for literal text and
   * heredocs, the whole value otherwise; moved to the module call when it is inside a child module.
   */
  partOf(value: TfValue, from: number, to: number, useSite: Range | undefined): Range | undefined {
    const mapped = value.k === "string" && value.sourceMap ? mapRange(value.sourceMap, from, to) : undefined;
    const range = mapped ?? value.range ?? useSite;
    return range ? this.outOfModule(range, value.origins) : undefined;
  }

  /** A policy document from an object (`jsonencode`, a policy document data source) or JSON text (a heredoc). */
  policy(value: TfValue | undefined, origin: string, useSite: Range | undefined, when: When[]): PolicyDocument {
    const doc: PolicyDocument = { origin, range: useSite, statements: [], unknowns: [] };
    if (!value) return doc;
    for (const { value: v, when: w } of branches(value, when)) {
      if (v.k === "object") this.statements(v, w, doc, useSite);
      else if (v.k === "string") {
        // The JSON parser recurses: a policy nested deeper than any real one is not read (and not guessed at).
        const tooDeep = flowNestingLimitOffset(v.text) !== undefined;
        const parsed = tooDeep ? undefined : jsonTree(v);
        if (parsed?.k === "object") this.statements(parsed, w, doc, useSite);
        else doc.unknowns.push({ reason: `${origin}: ${tooDeep ? NESTING_MESSAGE : v.known ? "not valid JSON" : reasonOf(v)}`, range: this.at(v, useSite) ?? useSite ?? unplaced(), when: w });
      } else if (v.k !== "null") {
        doc.unknowns.push({ reason: `${origin}: ${reasonOf(v)}`, range: this.at(v, useSite) ?? useSite ?? unplaced(), when: w });
      }
    }
    return doc;
  }

  private statements(v: Extract<TfValue, { k: "object" }>, when: When[], doc: PolicyDocument, useSite: Range | undefined): void {
    const raw = v.attrs.get("Statement");
    if (!raw) return;
    for (const { value: list, when: w } of branches(raw, when)) {
      const items = list.k === "tuple" ? list.items : [list];
      for (const item of items) {
        for (const { value: s, when: w2 } of branches(item, w)) {
          if (s.k !== "object") {
            doc.unknowns.push({ reason: `a statement of ${doc.origin}: ${reasonOf(s)}`, range: this.at(s, useSite) ?? useSite ?? unplaced(), when: w2 });
            continue;
          }
          const statement = this.statement(s, w2, doc.statements.length, doc, useSite);
          if (statement) doc.statements.push(statement);
        }
      }
    }
  }

  private statement(s: Extract<TfValue, { k: "object" }>, when: When[], index: number, doc: PolicyDocument, useSite: Range | undefined): Statement | undefined {
    const site = this.at(s, useSite) ?? useSite;
    const effect = this.texts(s.attrs.get("Effect") ?? str("Allow", s.range), site, when)[0];
    if (!effect?.known || (effect.text !== "Allow" && effect.text !== "Deny")) {
      doc.unknowns.push({ reason: `statement ${index} of ${doc.origin} has no Effect of Allow or Deny${effect?.reason ? ` (${effect.reason})` : ""}`, range: effect?.range ?? site ?? unplaced(), when });
      return undefined;
    }
    const statement: Statement = { index, effect: effect.text, conditions: [], range: site, when };
    const sid = s.attrs.get("Sid");
    const sidText = sid ? asText(sid) : undefined;
    if (sidText !== undefined) statement.sid = sidText;
    const lists = [["Action", "actions"], ["NotAction", "notActions"], ["Resource", "resources"], ["NotResource", "notResources"]] as const;
    for (const [name, key] of lists) {
      const v = s.attrs.get(name);
      if (v) statement[key] = this.textItems(v, site, when);
    }
    const notAction = s.attrs.get("NotAction");
    const notActionKey = s.keyRanges?.get("NotAction");
    if (notAction) statement.notActionKey = notActionKey ? this.outOfModule(notActionKey) : (this.at(notAction, site) ?? site);
    const principal = s.attrs.get("Principal");
    if (principal) statement.principals = this.principals(principal, site, when);
    const notPrincipal = s.attrs.get("NotPrincipal");
    if (notPrincipal) statement.notPrincipals = this.principals(notPrincipal, site, when);
    const condition = s.attrs.get("Condition");
    if (condition?.k === "object") statement.conditions = this.conditions(condition, site, when);
    return statement;
  }

  private principals(v: TfValue, site: Range | undefined, when: When[]): Principal[] {
    if (v.k === "object") {
      return [...v.attrs].flatMap(([type, ids]) => this.textItems(ids, v.keyRanges?.get(type) ?? site, when).map((value) => ({ type, value })));
    }
    return this.texts(v, site, when).map((value) => ({ type: value.text === "*" ? "*" : "?", value }));
  }

  private conditions(v: Extract<TfValue, { k: "object" }>, site: Range | undefined, when: When[]): ConditionClause[] {
    const out: ConditionClause[] = [];
    for (const [operator, keys] of v.attrs) {
      if (keys.k !== "object") continue;
      for (const [key, values] of keys.attrs) {
        const keyRange = keys.keyRanges?.get(key);
        out.push({ operator, key, values: this.textItems(values, keyRange ?? site, when), range: keyRange ? this.outOfModule(keyRange) : site });
      }
    }
    return out;
  }
}

function folderOf(file: string): string {
  const i = file.lastIndexOf("/");
  return i < 0 ? "." : file.slice(0, i);
}

function unplaced(): Range {
  return { file: "", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}

/**
 * Parses JSON text into a value whose strings keep their source positions through the string's
 * source map (a heredoc policy: each action string is reported on its own line).
 */
function jsonTree(v: TfString): TfValue | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(v.text, errors, { disallowComments: true, allowTrailingComma: false });
  if (!root || errors.length > 0) return undefined;
  const map = v.sourceMap;
  const rangeOf = (node: JsonNode): Range | undefined => (map ? mapRange(map, node.offset, node.offset + node.length) : v.range);
  // A placeholder left by an interpolation that is not known makes the string unknown too.
  const stringValue = (text: string, range: Range | undefined) => (text.includes("${") ? str(text, range, { known: false, reason: v.reason ?? "only known after apply" }) : str(text, range));
  return jsonNodeValue(root, rangeOf, stringValue);
}

/** A JSON tree as a Terraform value, each part placed by `rangeOf`. */
export function jsonNodeValue(
  node: JsonNode,
  rangeOf: (node: JsonNode) => Range | undefined,
  stringValue: (text: string, range: Range | undefined) => TfValue = str,
): TfValue {
  const range = rangeOf(node);
  switch (node.type) {
    case "object": {
      const attrs = new Map<string, TfValue>();
      const keyRanges = new Map<string, Range>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        attrs.set(key, jsonNodeValue(valueNode, rangeOf, stringValue));
        const keyRange = rangeOf(keyNode);
        if (keyRange) keyRanges.set(key, keyRange);
      }
      return { k: "object", attrs, keyRanges, range };
    }
    case "array":
      return { k: "tuple", items: (node.children ?? []).map((c) => jsonNodeValue(c, rangeOf, stringValue)), range };
    case "string":
      return stringValue(String(node.value), range);
    case "number":
      return { k: "number", value: Number(node.value), range };
    case "boolean":
      return { k: "bool", value: Boolean(node.value), range };
    default:
      return { k: "null", range };
  }
}

function mapRange(map: SourceMap, from: number, to: number): Range | undefined {
  const a = map.pieces.find((p) => from >= p.from && from < p.to) ?? map.pieces.find((p) => from >= p.from && from <= p.to);
  if (!a) return undefined;
  const b = map.pieces.find((p) => to > p.from && to <= p.to) ?? a;
  const start = a.linear ? a.start + (from - a.from) : a.start;
  const end = b === a && a.linear ? a.start + (to - a.from) : b.linear ? b.start + (to - b.from) : b.end;
  return a.lines.range(a.file, start, Math.max(start, end));
}
