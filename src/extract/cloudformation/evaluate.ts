import type { Range } from "../../model/source.js";
import { get, scalarText, type PMap, type PNode } from "../../parse/yaml/tree.js";

/**
 * A CloudFormation value after intrinsic functions are applied as far as they can be without
 * deploying: `Fn::If` keeps both branches, references to resources stay references, and whatever
 * only exists at deploy time (pseudo parameters, parameters without a default, imports) stays a
 * symbol with the reason it is not known.
 */
export type Val =
  /** `nameAt`: for a string joined from pieces, the last written piece, which names what the string refers to (the policy of an ARN). */
  | { k: "str"; parts: Part[]; range: Range; nameAt?: Range }
  | { k: "num"; value: number; source: string; range: Range }
  | { k: "bool"; value: boolean; range: Range }
  | { k: "null"; range: Range }
  | { k: "list"; items: Val[]; range: Range }
  | { k: "map"; entries: { key: string; keyRange: Range; node: PNode }[]; range: Range }
  | { k: "ref"; target: string; attribute: string | undefined; range: Range }
  | { k: "if"; condition: string; then: Val; else: Val; range: Range }
  | { k: "oneOf"; options: Val[]; range: Range }
  | { k: "novalue"; range: Range }
  /** `Fn::ImportValue` of a named export: resolved in `link` when the exporting template is scanned too. */
  | { k: "import"; exportName: string; range: Range }
  | { k: "unknown"; reason: string; range: Range };

export type Part =
  | { literal: string }
  | { symbol: string; reason: string; ref?: { target: string; attribute: string | undefined } };

const PSEUDO = new Set([
  "AWS::AccountId", "AWS::NotificationARNs", "AWS::Partition", "AWS::Region", "AWS::StackId",
  "AWS::StackName", "AWS::URLSuffix",
]);
const MAX_DEPTH = 64;
const MAX_ALTERNATIVES = 16;

export interface TemplateScope {
  parameters: Map<string, { type: string | undefined; default: PNode | undefined }>;
  mappings: PMap | undefined;
  resources: Map<string, { type: string | undefined }>;
}

/** Evaluates the intrinsic functions of one template. Maps stay unevaluated (`entries` hold nodes): callers read the keys they need. */
export class Evaluator {
  constructor(private readonly scope: TemplateScope) {}

  value(node: PNode | undefined, fallback: Range, depth = 0): Val {
    if (!node) return { k: "novalue", range: fallback };
    const range = node.range;
    if (depth > MAX_DEPTH) return { k: "unknown", reason: "intrinsic functions nested too deeply", range };
    switch (node.kind) {
      case "scalar": {
        const v = node.value;
        if (v === null) return { k: "null", range };
        if (typeof v === "number") return { k: "num", value: v, source: node.source, range };
        if (typeof v === "boolean") return { k: "bool", value: v, range };
        return { k: "str", parts: [{ literal: v }], range };
      }
      case "seq":
        return { k: "list", items: node.items.map((item) => this.value(item, range, depth + 1)), range };
      case "map": {
        const only = node.entries.length === 1 ? node.entries[0] : undefined;
        if (only && (only.key === "Ref" || only.key.startsWith("Fn::"))) return this.intrinsic(only.key, only.value, range, depth + 1);
        return { k: "map", entries: node.entries.map((e) => ({ key: e.key, keyRange: e.keyRange, node: e.value })), range };
      }
    }
  }

  private intrinsic(name: string, arg: PNode, range: Range, depth: number): Val {
    switch (name) {
      case "Ref":
        return this.ref(scalarText(arg), range);
      case "Fn::GetAtt":
        return this.getAtt(arg, range);
      case "Fn::Sub":
        return this.sub(arg, range, depth);
      case "Fn::Join":
        return this.join(arg, range, depth);
      case "Fn::If": {
        const [cond, a, b] = arg.kind === "seq" ? arg.items : [];
        const condition = scalarText(cond);
        if (!condition || !a || !b) return { k: "unknown", reason: "Fn::If needs [condition, value if true, value if false]", range };
        return { k: "if", condition, then: this.value(a, range, depth), else: this.value(b, range, depth), range };
      }
      case "Fn::Select":
        return this.select(arg, range, depth);
      case "Fn::Split":
        return this.split(arg, range, depth);
      case "Fn::FindInMap":
        return this.findInMap(arg, range, depth);
      case "Fn::Base64":
        return this.value(arg, range, depth);
      case "Fn::ImportValue": {
        const exportName = this.value(arg, range, depth);
        if (exportName.k === "str" && exportName.parts.every((p) => "literal" in p)) return { k: "import", exportName: render(exportName.parts), range };
        const shown = exportName.k === "str" ? render(exportName.parts) : "an export";
        return { k: "unknown", reason: `imported from another stack (Fn::ImportValue ${shown})`, range };
      }
      case "Fn::GetAZs":
        return { k: "unknown", reason: "Fn::GetAZs is only known at deploy time", range };
      case "Fn::Transform":
        return { k: "unknown", reason: "the output of a Fn::Transform macro is not known before deployment", range };
      default:
        return { k: "unknown", reason: `${name} is not evaluated by pullguard`, range };
    }
  }

  private ref(name: string | undefined, range: Range): Val {
    if (!name) return { k: "unknown", reason: "Ref needs a name", range };
    if (name === "AWS::NoValue") return { k: "novalue", range };
    if (PSEUDO.has(name)) return { k: "str", parts: [{ symbol: name, reason: `pseudo parameter ${name} is only known at deploy time` }], range };
    const parameter = this.scope.parameters.get(name);
    if (parameter) return this.parameterValue(name, parameter, range);
    if (this.scope.resources.has(name)) return { k: "ref", target: name, attribute: undefined, range };
    return { k: "unknown", reason: `Ref ${name} names no parameter or resource of this template`, range };
  }

  /** A parameter's default is what the template deploys unless told otherwise; the finding then points at the default. */
  private parameterValue(name: string, parameter: { type: string | undefined; default: PNode | undefined }, range: Range): Val {
    const reason = `parameter ${name} has no Default`;
    if (!parameter.default) return { k: "str", parts: [{ symbol: name, reason }], range };
    const isList = /^(CommaDelimitedList|List<)/.test(parameter.type ?? "");
    const text = scalarText(parameter.default);
    if (isList && text !== undefined) {
      const r = parameter.default.range;
      return { k: "list", items: text.split(",").map((s) => ({ k: "str" as const, parts: [{ literal: s.trim() }], range: r })), range: r };
    }
    // AWS::SSM::Parameter::Value<...> defaults name an SSM parameter; the value itself is read at deploy time.
    if (/^AWS::SSM::Parameter::Value</.test(parameter.type ?? "") && text !== undefined) {
      return { k: "str", parts: [{ symbol: `resolve:ssm:${text}`, reason: `parameter ${name} is read from SSM parameter ${text} at deploy time` }], range: parameter.default.range };
    }
    return this.value(parameter.default, range);
  }

  private getAtt(arg: PNode, range: Range): Val {
    let target: string | undefined;
    let attribute: string | undefined;
    if (arg.kind === "seq") {
      target = scalarText(arg.items[0]);
      attribute = scalarText(arg.items[1]);
    } else {
      const text = scalarText(arg) ?? "";
      const dot = text.indexOf(".");
      target = dot > 0 ? text.slice(0, dot) : text;
      attribute = dot > 0 ? text.slice(dot + 1) : undefined;
    }
    if (!target || !this.scope.resources.has(target)) {
      return { k: "unknown", reason: `Fn::GetAtt ${target ?? "?"} names no resource of this template`, range };
    }
    return { k: "ref", target, attribute, range };
  }

  private sub(arg: PNode, range: Range, depth: number): Val {
    const template = arg.kind === "seq" ? arg.items[0] : arg;
    const text = scalarText(template);
    if (text === undefined) return { k: "unknown", reason: "Fn::Sub needs a string", range };
    const vars = arg.kind === "seq" ? arg.items[1] : undefined;
    const pieces: Val[] = [];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index > last) pieces.push(literal(text.slice(last, m.index), range));
      const name = (m[1] ?? "").trim();
      if (name.startsWith("!")) pieces.push(literal(`\${${name.slice(1)}}`, range));
      else {
        const bound = get(vars, name);
        if (bound) pieces.push(this.value(bound, range, depth));
        else if (name.includes(".") && !PSEUDO.has(name)) {
          pieces.push(this.getAtt({ kind: "scalar", value: name, source: name, quoted: false, range }, range));
        } else pieces.push(this.ref(name, range));
      }
      last = m.index + m[0].length;
    }
    if (last < text.length) pieces.push(literal(text.slice(last), range));
    return concat(pieces, range);
  }

  private join(arg: PNode, range: Range, depth: number): Val {
    const [delimiterNode, listNode] = arg.kind === "seq" ? arg.items : [];
    const delimiter = delimiterNode?.kind === "scalar" ? String(delimiterNode.value ?? "") : undefined;
    if (delimiter === undefined || !listNode) return { k: "unknown", reason: "Fn::Join needs [delimiter, list]", range };
    return mapAlternatives(this.value(listNode, range, depth), range, (list) => {
      if (list.k !== "list") return list.k === "unknown" ? list : { k: "unknown", reason: "Fn::Join needs a list", range };
      const pieces: Val[] = [];
      list.items.filter((item) => item.k !== "novalue").forEach((item, i) => {
        if (i > 0) pieces.push(literal(delimiter, range));
        pieces.push(item);
      });
      return concat(pieces, range);
    });
  }

  private select(arg: PNode, range: Range, depth: number): Val {
    const [indexNode, listNode] = arg.kind === "seq" ? arg.items : [];
    const index = Number(scalarText(indexNode));
    if (!Number.isInteger(index) || !listNode) return { k: "unknown", reason: "Fn::Select could not be resolved", range };
    return mapAlternatives(this.value(listNode, range, depth), range, (list) => {
      if (list.k !== "list") return { k: "unknown", reason: "Fn::Select over a list that is only known at deploy time", range };
      return list.items.filter((item) => item.k !== "novalue")[index] ?? { k: "unknown", reason: `Fn::Select index ${index} is out of range`, range };
    });
  }

  private split(arg: PNode, range: Range, depth: number): Val {
    const [delimiterNode, sourceNode] = arg.kind === "seq" ? arg.items : [];
    const delimiter = scalarText(delimiterNode);
    if (!delimiter || !sourceNode) return { k: "unknown", reason: "Fn::Split needs [delimiter, string]", range };
    return mapAlternatives(this.value(sourceNode, range, depth), range, (source) => {
      if (source.k !== "str" || !source.parts.every((p) => "literal" in p)) {
        return { k: "unknown", reason: "Fn::Split of a string that is only known at deploy time", range };
      }
      const text = render(source.parts);
      return { k: "list", items: text.split(delimiter).map((s) => literal(s, source.range)), range };
    });
  }

  /** A key that is only known at deploy time (`!Ref AWS::Partition`) selects every entry of its level. */
  private findInMap(arg: PNode, range: Range, depth: number): Val {
    const [mapNode, firstNode, secondNode] = arg.kind === "seq" ? arg.items : [];
    const mapName = scalarText(mapNode);
    const mapping = mapName ? get(this.scope.mappings, mapName) : undefined;
    if (!mapping || !firstNode || !secondNode) return { k: "unknown", reason: `Fn::FindInMap ${mapName ?? "?"} names no mapping of this template`, range };
    const select = (level: PNode | undefined, keyNode: PNode): PNode[] => {
      if (level?.kind !== "map") return [];
      const key = this.value(keyNode, range, depth);
      if (key.k === "str" && key.parts.every((p) => "literal" in p)) {
        const hit = get(level, render(key.parts));
        return hit ? [hit] : [];
      }
      return level.entries.map((e) => e.value);
    };
    const found = select(mapping, firstNode).flatMap((level) => select(level, secondNode));
    const options = uniqueVals(found.map((n) => this.value(n, range, depth)));
    if (options.length === 0) return { k: "unknown", reason: `Fn::FindInMap ${mapName} has no such entry`, range };
    return options.length === 1 ? (options[0] as Val) : { k: "oneOf", options: options.slice(0, MAX_ALTERNATIVES), range };
  }
}

function literal(text: string, range: Range): Val {
  return { k: "str", parts: [{ literal: text }], range };
}

export function render(parts: Part[]): string {
  return parts.map((p) => ("literal" in p ? p.literal : `\${${p.symbol}}`)).join("");
}

function uniqueVals(values: Val[]): Val[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const id = v.k === "str" ? render(v.parts) : JSON.stringify(v);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Applies `f` to each alternative of a value, keeping the `Fn::If` structure around the results. */
function mapAlternatives(value: Val, range: Range, f: (v: Val) => Val): Val {
  if (value.k === "if") return { k: "if", condition: value.condition, then: mapAlternatives(value.then, range, f), else: mapAlternatives(value.else, range, f), range };
  if (value.k === "oneOf") return { k: "oneOf", options: value.options.map((o) => mapAlternatives(o, range, f)), range };
  return f(value);
}

/** String concatenation for Fn::Sub and Fn::Join, distributing over Fn::If and FindInMap alternatives. */
function concat(pieces: Val[], range: Range): Val {
  const branching = pieces.findIndex((p) => p.k === "if" || p.k === "oneOf");
  if (branching >= 0) {
    const piece = pieces[branching] as Val;
    const replace = (v: Val) => concat(pieces.map((p, i) => (i === branching ? v : p)), range);
    if (piece.k === "if") return { k: "if", condition: piece.condition, then: replace(piece.then), else: replace(piece.else), range };
    if (piece.k === "oneOf") return { k: "oneOf", options: piece.options.map(replace), range };
  }
  const parts: Part[] = [];
  // A piece written in a scalar of its own (a Fn::Join list item) has its own range; delimiters and Fn::Sub text share the function's.
  let nameAt: Range | undefined;
  for (const piece of pieces) {
    switch (piece.k) {
      case "str":
        parts.push(...piece.parts);
        if (piece.range !== range && piece.parts.some((p) => "literal" in p && /\w/.test(p.literal))) nameAt = piece.nameAt ?? piece.range;
        break;
      case "num":
        parts.push({ literal: piece.source });
        break;
      case "bool":
        parts.push({ literal: String(piece.value) });
        break;
      case "ref": {
        const symbol = piece.attribute ? `${piece.target}.${piece.attribute}` : piece.target;
        parts.push({ symbol, reason: `${symbol} is only known at deploy time`, ref: { target: piece.target, attribute: piece.attribute } });
        break;
      }
      case "unknown":
        parts.push({ symbol: "?", reason: piece.reason });
        break;
      case "import":
        parts.push({ symbol: "?", reason: importReason(piece.exportName) });
        break;
      case "novalue":
        break;
      default:
        return { k: "unknown", reason: "a list or map cannot be joined into a string", range };
    }
  }
  return nameAt ? { k: "str", parts, range, nameAt } : { k: "str", parts, range };
}

export function importReason(exportName: string): string {
  return `imported from another stack (Fn::ImportValue ${exportName})`;
}
