import {
  referenceOf,
  type ConditionClause,
  type PolicyDocument,
  type Principal,
  type Reference,
  type Statement,
  type Text,
  type When,
} from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { flowNestingLimitOffset, NESTING_MESSAGE } from "../../parse/nesting.js";
import type { PNode } from "../../parse/yaml/tree.js";
import { importReason, render, type Evaluator, type Val } from "./evaluate.js";

export interface Alt {
  val: Val;
  when: When[];
}

type MapVal = Extract<Val, { k: "map" }>;

/** Every value a `Fn::If` / `Fn::FindInMap` tree can take, with the conditions that select it. */
export function alternatives(val: Val, when: When[] = []): Alt[] {
  if (val.k === "if") {
    return [
      ...alternatives(val.then, [...when, { condition: val.condition, value: true }]),
      ...alternatives(val.else, [...when, { condition: val.condition, value: false }]),
    ];
  }
  if (val.k === "oneOf") return val.options.flatMap((o) => alternatives(o, when));
  return [{ val, when }];
}

/** Reads the values of one template: properties, string lists, references and policy documents. */
export class Reader {
  constructor(
    readonly file: string,
    private readonly evaluator: Evaluator,
  ) {}

  key(logicalId: string): string {
    return `${this.file}#${logicalId}`;
  }

  value(node: PNode | undefined, fallback: Range): Val {
    return this.evaluator.value(node, fallback);
  }

  /** The maps a property can be, each with its conditions. */
  maps(node: PNode | undefined, when: When[], fallback: Range): { map: MapVal; when: When[] }[] {
    return alternatives(this.value(node, fallback), when).flatMap((a) => (a.val.k === "map" ? [{ map: a.val, when: a.when }] : []));
  }

  entry(map: MapVal, key: string): { node: PNode; keyRange: Range } | undefined {
    for (let i = map.entries.length - 1; i >= 0; i--) {
      const e = map.entries[i];
      if (e?.key === key) return { node: e.node, keyRange: e.keyRange };
    }
    return undefined;
  }

  /** The items of a list property, flattened over `Fn::If`, without `AWS::NoValue`. A single value counts as a one-item list. */
  items(node: PNode | undefined, when: When[], fallback: Range): Alt[] {
    if (!node) return [];
    return alternatives(this.value(node, fallback), when).flatMap((alt) =>
      alt.val.k === "list"
        ? alt.val.items.flatMap((item) => alternatives(item, alt.when))
        : [alt],
    ).filter((a) => a.val.k !== "novalue" && a.val.k !== "null");
  }

  texts(node: PNode | undefined, when: When[], fallback: Range): Text[] {
    if (!node) return [];
    return alternatives(this.value(node, fallback), when).flatMap((a) => this.toText(a));
  }

  textItems(node: PNode | undefined, when: When[], fallback: Range): Text[] {
    return this.items(node, when, fallback).flatMap((a) => this.toText(a));
  }

  toText({ val, when }: Alt): Text[] {
    switch (val.k) {
      case "str": {
        const symbols = val.parts.filter((p) => !("literal" in p));
        const first = symbols[0];
        const text: Text = { text: render(val.parts), known: symbols.length === 0, range: val.nameAt ?? val.range, when };
        if (first && "symbol" in first) {
          text.reason = first.reason;
          if (first.ref && val.parts.length === 1) text.ref = { key: this.key(first.ref.target), attribute: first.ref.attribute };
        }
        return [text];
      }
      case "num":
        return [{ text: val.source, known: true, range: val.range, when }];
      case "bool":
        return [{ text: String(val.value), known: true, range: val.range, when }];
      case "ref": {
        const symbol = val.attribute ? `${val.target}.${val.attribute}` : val.target;
        return [{
          text: `\${${symbol}}`,
          known: false,
          range: val.range,
          when,
          reason: `${symbol} is only known at deploy time`,
          ref: { key: this.key(val.target), attribute: val.attribute },
        }];
      }
      case "unknown":
        return [{ text: "${?}", known: false, range: val.range, when, reason: val.reason }];
      case "import":
        return [{ text: "${?}", known: false, range: val.range, when, reason: importReason(val.exportName), importedFrom: val.exportName }];
      case "novalue":
      case "null":
        return [];
      default:
        return [{ text: "${?}", known: false, range: val.range, when, reason: "expected a string, found a list or map" }];
    }
  }

  /** How a property points at another resource: a Ref/GetAtt in this template, an ARN, a name, or unknown. */
  references(node: PNode | undefined, when: When[], fallback: Range): Reference[] {
    return this.texts(node, when, fallback).map((t) => referenceOf(t));
  }

  referenceItems(node: PNode | undefined, when: When[], fallback: Range): Reference[] {
    return this.textItems(node, when, fallback).map((t) => referenceOf(t));
  }

  policy(node: PNode | undefined, origin: string, when: When[], fallback: Range): PolicyDocument {
    const doc: PolicyDocument = { origin, range: node?.range, statements: [], unknowns: [] };
    if (!node) return doc;
    for (const alt of alternatives(this.value(node, fallback), when)) {
      if (alt.val.k === "map") this.statements(alt.val, alt.when, doc);
      else if (alt.val.k === "str" && (alt.val.parts.every((p) => "literal" in p) || /^\s*\{/.test(render(alt.val.parts)))) {
        // A policy written as a JSON string (`!Sub |` with pseudo parameters too): positions inside it are those of the string.
        const text = render(alt.val.parts);
        // plainToTree recurses: a policy nested deeper than any real one is not read.
        if (flowNestingLimitOffset(text) !== undefined) {
          doc.unknowns.push({ reason: `${origin} is a JSON string with ${NESTING_MESSAGE}`, range: alt.val.range, when: alt.when });
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          doc.unknowns.push({ reason: `${origin} is a string that is not valid JSON`, range: alt.val.range, when: alt.when });
          continue;
        }
        const tree = plainToTree(parsed, alt.val.range);
        const asMap = this.value(tree, alt.val.range);
        if (asMap.k === "map") this.statements(asMap, alt.when, doc);
      } else if (alt.val.k !== "novalue") {
        const reason = alt.val.k === "unknown" || alt.val.k === "str" ? unknownReason(alt.val) : "not a policy document";
        doc.unknowns.push({ reason: `${origin}: ${reason}`, range: alt.val.range, when: alt.when });
      }
    }
    return doc;
  }

  private statements(map: MapVal, when: When[], doc: PolicyDocument): void {
    const statementNode = this.entry(map, "Statement")?.node;
    for (const item of this.items(statementNode, when, map.range)) {
      if (item.val.k !== "map") {
        doc.unknowns.push({ reason: `a statement of ${doc.origin}: ${unknownReason(item.val)}`, range: item.val.range, when: item.when });
        continue;
      }
      const statement = this.statement(item.val, item.when, doc.statements.length, doc);
      if (statement) doc.statements.push(statement);
    }
  }

  private statement(map: MapVal, when: When[], index: number, doc: PolicyDocument): Statement | undefined {
    const field = (name: string) => this.entry(map, name)?.node;
    const effect = this.texts(field("Effect"), when, map.range)[0];
    if (!effect || !effect.known || (effect.text !== "Allow" && effect.text !== "Deny")) {
      doc.unknowns.push({
        reason: `statement ${index} of ${doc.origin} has no Effect of Allow or Deny${effect?.reason ? ` (${effect.reason})` : ""}`,
        range: effect?.range ?? map.range,
        when,
      });
      return undefined;
    }
    const statement: Statement = { index, effect: effect.text, conditions: [], range: map.range, when };
    const sid = this.texts(field("Sid"), when, map.range)[0];
    if (sid?.known) statement.sid = sid.text;
    const lists = [["Action", "actions"], ["NotAction", "notActions"], ["Resource", "resources"], ["NotResource", "notResources"]] as const;
    for (const [name, key] of lists) {
      const node = field(name);
      if (node) statement[key] = this.textItems(node, when, map.range);
    }
    const notAction = this.entry(map, "NotAction");
    if (notAction) statement.notActionKey = notAction.keyRange;
    if (field("Principal")) statement.principals = this.principals(field("Principal"), when, map.range);
    if (field("NotPrincipal")) statement.notPrincipals = this.principals(field("NotPrincipal"), when, map.range);
    const condition = this.entry(map, "Condition");
    if (condition) statement.conditions = this.conditions(condition.node, condition.keyRange, when);
    return statement;
  }

  private principals(node: PNode | undefined, when: When[], fallback: Range): Principal[] {
    const out: Principal[] = [];
    for (const alt of alternatives(this.value(node, fallback), when)) {
      if (alt.val.k === "map") {
        for (const e of alt.val.entries) {
          for (const value of this.textItems(e.node, alt.when, e.keyRange)) out.push({ type: e.key, value });
        }
      } else {
        for (const value of this.toText(alt)) out.push({ type: value.text === "*" ? "*" : "?", value });
      }
    }
    return out;
  }

  private conditions(node: PNode, keyRange: Range, when: When[]): ConditionClause[] {
    const out: ConditionClause[] = [];
    for (const { map: operators, when: w } of this.maps(node, when, keyRange)) {
      for (const op of operators.entries) {
        for (const { map: keys, when: w2 } of this.maps(op.node, w, op.keyRange)) {
          for (const key of keys.entries) {
            out.push({ operator: op.key, key: key.key, values: this.textItems(key.node, w2, key.keyRange), range: op.keyRange });
          }
        }
      }
    }
    return out;
  }
}

function unknownReason(val: Val): string {
  if (val.k === "unknown") return val.reason;
  if (val.k === "str") {
    const symbol = val.parts.find((p) => !("literal" in p));
    if (symbol && "reason" in symbol) return symbol.reason;
  }
  return `expected a map, found ${val.k === "str" ? "a string" : val.k === "list" ? "a list" : val.k}`;
}

/** Turns a parsed JSON value into a tree whose every node has the given range. */
function plainToTree(value: unknown, range: Range): PNode {
  if (Array.isArray(value)) return { kind: "seq", items: value.map((v) => plainToTree(v, range)), range };
  // A `${...}` left by Fn::Sub (a pseudo parameter, a parameter without a default) stays what it was: a symbol, not text.
  if (typeof value === "string" && value.includes("${")) {
    return { kind: "map", entries: [{ key: "Fn::Sub", keyRange: range, value: { kind: "scalar", value, source: value, quoted: true, range } }], range };
  }
  if (value !== null && typeof value === "object") {
    return {
      kind: "map",
      entries: Object.entries(value).map(([key, v]) => ({ key, keyRange: range, value: plainToTree(v, range) })),
      range,
    };
  }
  // JSON.parse yields only strings, numbers, booleans and null here.
  const scalar = value as string | number | boolean | null;
  return { kind: "scalar", value: scalar, source: scalar === null ? "null" : String(scalar), quoted: typeof scalar === "string", range };
}
