import type { Range } from "../../model/source.js";
import type { Expr, ForExpr, TemplateExpr, TemplatePart } from "../../parse/hcl/ast.js";
import { sourceText, spanRange, type HclSource, type ModuleCallConfig, type ResourceConfig } from "./config.js";
import { callFunction } from "./functions.js";
import {
  arithmetic,
  asText,
  bool,
  branches,
  commonType,
  compareText,
  convert,
  equal,
  EvalError,
  inherit,
  isKnown,
  jsonOf,
  nil,
  num,
  numberText,
  object,
  originsOf,
  readNumber,
  reasonOf,
  MAX_STRING_LENGTH,
  str,
  tooLong,
  tuple,
  typeOf,
  unknown,
  type SourceMap,
  type TfRef,
  type TfType,
  type TfObject,
  type TfValue,
} from "./value.js";

/** What an expression can reach that is not a value yet: `var`, `aws_iam_role`, `aws_iam_role.node`, `module.eks`. */
export type Namespace =
  | { ns: "var" }
  | { ns: "local" }
  | { ns: "path" }
  | { ns: "terraform" }
  | { ns: "data" }
  | { ns: "module" }
  | { ns: "type"; mode: "managed" | "data"; type: string }
  | { ns: "resource"; config: ResourceConfig }
  | { ns: "instance"; config: ResourceConfig; key: TfValue | undefined }
  | { ns: "call"; config: ModuleCallConfig }
  | { ns: "callInstance"; config: ModuleCallConfig; key: TfValue | undefined };

export type Reachable = TfValue | Namespace;

interface Rendered {
  text: string;
  known: boolean;
  reasons: string[];
  pieces: SourceMap["pieces"];
  origins: Range[];
  ref: TfRef | undefined;
}

const isNamespace = (r: Reachable): r is Namespace => "ns" in r;

/** What a module instance provides to expressions evaluated in it. */
export interface EvalHost {
  variable(name: string, site: Range): TfValue;
  local(name: string, site: Range): TfValue;
  pathValue(name: string, site: Range): TfValue;
  resourceType(mode: "managed" | "data", type: string): boolean;
  resource(mode: "managed" | "data", type: string, name: string): ResourceConfig | undefined;
  /** Whether a resource has `count` or `for_each` (and so must be indexed). */
  isExpanded(config: ResourceConfig): boolean;
  instanceAttribute(config: ResourceConfig, key: TfValue | undefined, attribute: string, site: Range): TfValue;
  instanceValue(config: ResourceConfig, key: TfValue | undefined, site: Range): TfValue;
  /** The keys of every instance of an expanded resource; undefined when they are not known. */
  instanceKeys(config: ResourceConfig): (TfValue | undefined)[] | undefined;
  moduleCall(name: string): ModuleCallConfig | undefined;
  isCallExpanded(config: ModuleCallConfig): boolean;
  moduleOutput(config: ModuleCallConfig, key: TfValue | undefined, output: string, site: Range): TfValue;
  readFile(path: string, source: HclSource): { text: string; source: HclSource } | undefined;
  /** Told of each `templatefile()` of a file in the scan, with the values it fills in. */
  renderedTemplate?(file: string, vars: TfObject): void;
  parseTemplate(text: string, source: HclSource): { expr: TemplateExpr; source: HclSource } | undefined;
}

export interface Env {
  source: HclSource;
  bindings: Map<string, Reachable>;
}

/** A reference to something not declared: Terraform rejects it before evaluating, so `try` and `can` do not catch it. */
class UndeclaredError extends EvalError {}

const MAX_DEPTH = 200;
const MAX_BRANCH_COMBINATIONS = 8;

export class Evaluator {
  private depth = 0;

  constructor(private readonly host: EvalHost) {}

  range(env: Env, expr: { start: number; end: number }): Range {
    return spanRange(env.source, expr);
  }

  /** Evaluates an expression to a value; definite errors become unknowns with the error as reason. */
  value(expr: Expr, env: Env): TfValue {
    try {
      return this.toValue(this.eval(expr, env), expr, env);
    } catch (err) {
      if (err instanceof EvalError) return unknown(err.message, this.range(env, expr));
      throw err;
    }
  }

  /** Like `value`, but lets definite errors through (for `try` and `can`). */
  strictValue(expr: Expr, env: Env): TfValue {
    return this.toValue(this.eval(expr, env), expr, env);
  }

  private toValue(r: Reachable, expr: Expr, env: Env): TfValue {
    if (!isNamespace(r)) return r;
    const range = this.range(env, expr);
    switch (r.ns) {
      case "instance":
        return this.host.instanceValue(r.config, r.key, range);
      case "resource":
        if (!this.host.isExpanded(r.config)) return this.host.instanceValue(r.config, undefined, range);
        return tuple((this.host.instanceKeys(r.config) ?? []).map((key) => this.host.instanceValue(r.config, key, range)), range);
      default:
        return unknown(`${sourceText(env.source, expr)} is not a value`, range);
    }
  }

  private eval(expr: Expr, env: Env): Reachable {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      throw new EvalError("expression nested too deeply");
    }
    try {
      return this.evalInner(expr, env);
    } finally {
      this.depth--;
    }
  }

  private evalInner(expr: Expr, env: Env): Reachable {
    const range = this.range(env, expr);
    switch (expr.kind) {
      case "literal":
        if (expr.value === null) return nil(range);
        if (typeof expr.value !== "number") return bool(expr.value, range);
        // 12345678901234567890 is exact in Terraform, not in a 64-bit float.
        return readNumber(expr.raw) === "inexact" ? unknown(`the number ${expr.raw} has more digits than pullguard keeps`, range) : num(expr.value, range);
      case "template":
        return this.template(expr, env);
      case "tuple":
        return this.expandTuple(expr.items.map((i) => this.value(i, env)), range);
      case "object": {
        const attrs = new Map<string, TfValue>();
        const keyRanges = new Map<string, Range>();
        const unknownKeys = new Set<string>();
        for (const item of expr.items) {
          const key = this.value(item.key, env);
          let text = objectKey(key);
          if (text === undefined || (key.k === "string" && !key.known)) {
            // A key only known after apply (`(random_pet.x.id) = [...]`): the value is still worth checking.
            text = key.k === "string" ? key.text : `\${${sourceText(env.source, item.key)}}`;
            unknownKeys.add(text);
          }
          attrs.set(text, this.value(item.value, env));
          keyRanges.set(text, this.range(env, item.key));
        }
        const result = object(attrs, range, keyRanges);
        if (unknownKeys.size > 0) result.unknownKeys = unknownKeys;
        return result;
      }
      case "variable":
        return this.root(expr.name, env, range);
      case "getattr":
        return this.getAttr(this.eval(expr.target, env), expr.name, env, range);
      case "index":
        return this.index(this.eval(expr.target, env), this.value(expr.key, env), range);
      case "splat":
        return this.splat(this.eval(expr.source, env), expr, env, range);
      case "call":
        return this.call(expr, env, range);
      case "paren":
        return this.eval(expr.expr, env);
      case "unary": {
        const operand = this.value(expr.operand, env);
        return this.lift([operand], range, ([v]) => {
          const x = convert(v as TfValue, expr.op === "!" ? "bool" : "number");
          if (expr.op === "!") return x.k === "bool" ? bool(!x.value, range) : this.notKnown("!", [x], range);
          return x.k === "number" ? num(-x.value, range) : this.notKnown("-", [x], range);
        });
      }
      case "binary":
        return this.binary(expr.op, expr.left, expr.right, env, range);
      case "conditional": {
        const condition = this.value(expr.condition, env);
        if (condition.k === "null") throw new EvalError("a condition is null");
        const decided = convert(condition, "bool");
        if (decided.k === "bool") {
          const chosen = this.eval(decided.value ? expr.then : expr.else, env);
          // A resource or module reached through the conditional stays one, so that its attributes resolve.
          if (isNamespace(chosen)) return chosen;
          // The result has the type both branches unify to (true ? 1 : "a" is "1"); only the chosen one may fail.
          const other = this.value(decided.value ? expr.else : expr.then, env);
          return convert(chosen, conditionalType(decided.value ? chosen : other, decided.value ? other : chosen));
        }
        // Not known before apply: both outcomes, as CloudFormation's Fn::If.
        const then = this.value(expr.then, env);
        const otherwise = this.value(expr.else, env);
        const type = conditionalType(then, otherwise);
        return { k: "cond", condition: sourceText(env.source, expr.condition), then: convert(then, type), else: convert(otherwise, type), range };
      }
      case "for":
        return this.forExpr(expr, env, range);
    }
  }

  private notKnown(what: string, values: (TfValue | undefined)[], range: Range): TfValue {
    const bad = values.find((v) => v && !isKnown(v));
    if (bad) return unknown(`${what} of a value that is not known (${reasonOf(bad)})`, range, { origins: originsOf(...values) ?? [] });
    throw new EvalError(`${what} of a value of the wrong type`);
  }

  /** Applies `f` to every combination of branches of conditional arguments. */
  private lift(args: TfValue[], range: Range, f: (args: TfValue[]) => TfValue): TfValue {
    const i = args.findIndex((a) => a.k === "cond");
    if (i < 0) return f(args);
    const combinations = args.reduce((n, a) => n * (a.k === "cond" ? branches(a).length : 1), 1);
    if (combinations > MAX_BRANCH_COMBINATIONS) return unknown("too many combinations of conditions", range);
    const c = args[i] as Extract<TfValue, { k: "cond" }>;
    const replace = (v: TfValue) => this.lift(args.map((a, j) => (j === i ? v : a)), range, f);
    return { k: "cond", condition: c.condition, then: replace(c.then), else: replace(c.else), range };
  }

  private expandTuple(items: TfValue[], range: Range): TfValue {
    return tuple(items, range);
  }

  private root(name: string, env: Env, range: Range): Reachable {
    const bound = env.bindings.get(name);
    if (bound) return bound;
    switch (name) {
      case "var":
        return { ns: "var" };
      case "local":
        return { ns: "local" };
      case "path":
        return { ns: "path" };
      case "terraform":
        return { ns: "terraform" };
      case "data":
        return { ns: "data" };
      case "module":
        return { ns: "module" };
      case "each":
      case "count":
      case "self":
        return unknown(`${name} is not available here`, range);
    }
    if (this.host.resourceType("managed", name)) return { ns: "type", mode: "managed", type: name };
    throw new UndeclaredError(`unknown reference ${name}`);
  }

  private getAttr(target: Reachable, name: string, env: Env, range: Range): Reachable {
    if (isNamespace(target)) {
      switch (target.ns) {
        case "var":
          return this.host.variable(name, range);
        case "local":
          try {
            return this.host.local(name, range);
          } catch (err) {
            // The host fails only for a local that is not declared.
            if (err instanceof EvalError) throw new UndeclaredError(err.message);
            throw err;
          }
        case "path":
          return this.host.pathValue(name, range);
        case "terraform":
          return name === "workspace" ? str("default", range) : unknown(`terraform.${name} is not known`, range);
        case "data":
          return { ns: "type", mode: "data", type: name };
        case "module": {
          const call = this.host.moduleCall(name);
          if (!call) throw new UndeclaredError(`no module call "${name}"`);
          return { ns: "call", config: call };
        }
        case "type": {
          const config = this.host.resource(target.mode, target.type, name);
          if (!config) throw new UndeclaredError(`no ${target.mode === "data" ? "data source" : "resource"} ${target.type}.${name}`);
          return { ns: "resource", config };
        }
        case "resource":
          if (this.host.isExpanded(target.config)) {
            return unknown(`${target.config.type}.${target.config.name} has count or for_each and needs an index`, range);
          }
          return this.host.instanceAttribute(target.config, undefined, name, range);
        case "instance":
          return this.host.instanceAttribute(target.config, target.key, name, range);
        case "call":
          if (this.host.isCallExpanded(target.config)) return unknown(`module.${target.config.name} has count or for_each and needs an index`, range);
          return this.host.moduleOutput(target.config, undefined, name, range);
        case "callInstance":
          return this.host.moduleOutput(target.config, target.key, name, range);
      }
    }
    return this.attrOf(target, name, range);
  }

  private attrOf(target: TfValue, name: string, range: Range): TfValue {
    switch (target.k) {
      case "object": {
        const hit = target.attrs.get(name);
        if (!hit) throw new EvalError(`no attribute "${name}"`);
        return inherit(hit, target);
      }
      case "unknown":
        return { ...target, range, ref: target.ref ? { key: target.ref.key, attribute: name } : undefined };
      case "string":
        if (!target.known) return unknown(reasonOf(target), range);
        throw new EvalError(`a string has no attribute "${name}"`);
      case "cond":
        return this.lift([target], range, ([v]) => this.attrOf(v as TfValue, name, range));
      case "null":
        throw new EvalError(`attribute "${name}" of null`);
      default:
        throw new EvalError(`a ${target.k} has no attribute "${name}"`);
    }
  }

  private index(target: Reachable, key: TfValue, range: Range): Reachable {
    if (isNamespace(target)) {
      if (target.ns === "resource") return { ns: "instance", config: target.config, key: isKnown(key) ? key : undefined };
      if (target.ns === "call") return { ns: "callInstance", config: target.config, key: isKnown(key) ? key : undefined };
      throw new EvalError("this cannot be indexed");
    }
    return this.lift([target, key], range, ([t, k]) => this.indexValue(t as TfValue, k as TfValue, range));
  }

  private indexValue(target: TfValue, key: TfValue, range: Range): TfValue {
    if (target.k === "unknown") return { ...target, range };
    if (!isKnown(key)) return unknown(`an index that is not known (${reasonOf(key)})`, range);
    if (target.k === "tuple") {
      if (target.kind === "set") throw new EvalError("a set has no index: its elements are identified by their value");
      const n = convert(key, "number");
      const i = n.k === "number" ? n.value : NaN;
      const hit = Number.isInteger(i) ? target.items[i] : undefined;
      if (!hit) throw new EvalError(`index ${asText(key) ?? "?"} is out of range`);
      return inherit(hit, target);
    }
    if (target.k === "object" && !target.json) {
      const k = asText(convert(key, "string"));
      const hit = k === undefined ? undefined : target.attrs.get(k);
      if (!hit) throw new EvalError(`no key "${k ?? "?"}"`);
      return inherit(hit, target);
    }
    if (target.k === "string" && !target.known) return unknown(reasonOf(target), range);
    if (target.k === "null") throw new EvalError("index of null");
    throw new EvalError(`a ${target.k} cannot be indexed`);
  }

  private splat(source: Reachable, expr: Extract<Expr, { kind: "splat" }>, env: Env, range: Range): Reachable {
    let elements: Reachable[];
    if (isNamespace(source)) {
      if (source.ns !== "resource") throw new EvalError("this cannot be splatted");
      const keys = this.host.instanceKeys(source.config);
      if (!keys) return unknown(`the instances of ${source.config.type}.${source.config.name} are not known`, range);
      // Each element stays a reference to its instance, so that computed attributes (`[*].arn`) resolve.
      elements = keys.map((key): Namespace => ({ ns: "instance", config: source.config, key }));
    } else if (source.k === "tuple") elements = source.items;
    else if (source.k === "null") elements = [];
    else if (source.k === "unknown" || source.k === "cond" || (source.k === "string" && !source.known)) return unknown(`a splat over a value that is not known (${reasonOf(source)})`, range);
    else elements = [source];
    const out = elements.map((element) => {
      const bindings = new Map(env.bindings);
      bindings.set("*", element);
      return this.value(expr.each, { source: env.source, bindings });
    });
    // A splat over a list or a set makes a list; over a tuple, one value or null, a tuple.
    return tuple(out, range, !isNamespace(source) && source.k === "tuple" && source.kind ? "list" : undefined);
  }

  private binary(op: string, leftExpr: Expr, rightExpr: Expr, env: Env, range: Range): TfValue {
    const left = this.value(leftExpr, env);
    // Short-circuits that decide the result with one known side.
    if (op === "&&" && left.k === "bool" && !left.value) return bool(false, range);
    if (op === "||" && left.k === "bool" && left.value) return bool(true, range);
    const right = this.value(rightExpr, env);
    if (op === "&&" && right.k === "bool" && !right.value) return bool(false, range);
    if (op === "||" && right.k === "bool" && right.value) return bool(true, range);
    return this.lift([left, right], range, ([l, r]) => {
      const a = l as TfValue;
      const b = r as TfValue;
      if (op === "==" || op === "!=") {
        const same = equal(a, b);
        if (same === undefined) return this.notKnown(op, [a, b], range);
        return bool(op === "==" ? same : !same, range);
      }
      // Operands are converted as Terraform converts them: "true" && true, "2" * "3".
      const type = op === "&&" || op === "||" ? "bool" : "number";
      if (a.k === "null" || b.k === "null") throw new EvalError(`${op} of null`);
      const x = convert(a, type);
      const y = convert(b, type);
      if (op === "&&" || op === "||") {
        if (x.k === "bool" && y.k === "bool") return bool(op === "&&" ? x.value && y.value : x.value || y.value, range);
        return this.notKnown(op, [a, b], range);
      }
      if (x.k !== "number" || y.k !== "number") return this.notKnown(op, [a, b], range);
      switch (op) {
        case "+":
        case "-":
        case "*":
        case "/":
        case "%": {
          const result = arithmetic(op, x.value, y.value);
          if (result !== undefined) return num(result, range);
          if (op === "/" && y.value === 0) return unknown("a division by zero is infinite, which pullguard does not evaluate", range);
          return unknown(`${numberText(x.value)} ${op} ${numberText(y.value)} has more digits than pullguard keeps (Terraform computes with 512 bits)`, range);
        }
        case "<":
          return bool(x.value < y.value, range);
        case ">":
          return bool(x.value > y.value, range);
        case "<=":
          return bool(x.value <= y.value, range);
        case ">=":
          return bool(x.value >= y.value, range);
        default:
          throw new EvalError(`unknown operator ${op}`);
      }
    });
  }

  private call(expr: Extract<Expr, { kind: "call" }>, env: Env, range: Range): TfValue {
    const site = { name: expr.name, range };
    if (expr.name === "try") {
      for (const arg of expr.args) {
        try {
          return this.strictValue(arg, env);
        } catch (err) {
          if (!(err instanceof EvalError) || err instanceof UndeclaredError) throw err;
        }
      }
      throw new EvalError("no argument of try() could be evaluated");
    }
    if (expr.name === "can") {
      const arg = expr.args[0];
      if (!arg) throw new EvalError("can() needs an argument");
      try {
        const v = this.strictValue(arg, env);
        return isKnown(v) ? bool(true, range) : unknown(`can() of a value that is not known (${reasonOf(v)})`, range);
      } catch (err) {
        if (err instanceof EvalError && !(err instanceof UndeclaredError)) return bool(false, range);
        throw err;
      }
    }
    let args = expr.args.map((a) => this.value(a, env));
    if (expr.expandFinal) {
      const last = args[args.length - 1];
      if (last?.k === "tuple") args = [...args.slice(0, -1), ...last.items];
      else if (last) return unknown(`${expr.name}() with an expanded argument that is not known`, range);
    }
    if (expr.name === "file" || expr.name === "templatefile" || expr.name === "fileexists") return this.fileFunction(expr.name, args, env, range);
    // `jsonencode` of a conditional keeps both structured branches; other functions see each branch.
    if (expr.name === "jsonencode") return callFunction(expr.name, args, site);
    return this.lift(args, range, (a) => callFunction(expr.name, a, site));
  }

  private fileFunction(name: string, args: TfValue[], env: Env, range: Range): TfValue {
    const path = args[0] ? asText(args[0]) : undefined;
    if (path === undefined || (args[0]?.k === "string" && !args[0].known)) return unknown(`${name}() of a path that is not known`, range);
    const read = this.host.readFile(path, env.source);
    if (name === "fileexists") return bool(read !== undefined, range);
    if (!read) return unknown(`${name}(): ${path} is not a file inside the scanned folders`, range);
    if (name === "file") {
      const all = read.source.lines.range(read.source.path, 0, read.text.length);
      const piece = { from: 0, to: read.text.length, file: read.source.path, lines: read.source.lines, start: 0, end: read.text.length, linear: true };
      return str(read.text, all, { sourceMap: { pieces: [piece] } });
    }
    const template = this.host.parseTemplate(read.text, read.source);
    if (!template) return unknown(`templatefile(): ${path} is not a valid template`, range);
    const vars = args[1];
    const bindings = new Map<string, Reachable>();
    if (vars?.k === "object") for (const [k, v] of vars.attrs) bindings.set(k, v);
    // A scanned file Terraform renders (a manifest) gets these values for its `${...}`.
    if (vars?.k === "object") this.host.renderedTemplate?.(read.source.path, vars);
    else if (vars && !isKnown(vars)) return unknown("templatefile() with variables that are not known", range);
    return this.template(template.expr, { source: template.source, bindings });
  }

  /** A template renders to a string; a single `${expr}` keeps the expression's value, as Terraform does. */
  private template(expr: TemplateExpr, env: Env): TfValue {
    const range = this.range(env, expr);
    const [only] = expr.parts;
    if (expr.parts.length === 1 && only?.kind === "interpolation" && !expr.heredoc) return this.value(only.expr, env);
    if (expr.parts.length === 1 && only?.kind === "literal" && !expr.heredoc && only.value.length === only.end - only.start) {
      // The usual quoted string without escapes (what renderParts gives, without its bookkeeping): one piece, mapped character by character.
      const piece = { from: 0, to: only.value.length, file: env.source.path, lines: env.source.lines, start: only.start, end: only.end, linear: true };
      return str(only.value, range, { known: true, sourceMap: { pieces: [piece] } });
    }
    const rendered = this.renderParts(expr.parts, env);
    if ("value" in rendered) return rendered.value;
    const { text, known, reasons, pieces, origins, ref } = rendered;
    const value = str(text, range, { known, sourceMap: { pieces } });
    if (!known) value.reason = reasons[0] ?? "only known after apply";
    if (origins.length > 0) value.origins = origins.slice(0, 4);
    if (ref) value.ref = ref;
    return value;
  }

  private renderParts(parts: TemplatePart[], env: Env): { value: TfValue } | Rendered {
    let text = "";
    let known = true;
    const reasons: string[] = [];
    const pieces: SourceMap["pieces"] = [];
    const origins: Range[] = [];
    let ref: TfRef | undefined;
    let tooLongAt: number | undefined;
    const add = (s: string, span: { start: number; end: number }, linear: boolean) => {
      if (tooLongAt !== undefined || text.length + s.length > MAX_STRING_LENGTH) {
        tooLongAt ??= span.start;
        return;
      }
      pieces.push({ from: text.length, to: text.length + s.length, file: env.source.path, lines: env.source.lines, start: span.start, end: span.end, linear });
      text += s;
    };
    const appendInner = (inner: Rendered) => {
      if (tooLongAt !== undefined || text.length + inner.text.length > MAX_STRING_LENGTH) {
        tooLongAt ??= inner.pieces[0]?.start ?? 0;
        return;
      }
      for (const p of inner.pieces) pieces.push({ ...p, from: p.from + text.length, to: p.to + text.length });
      text += inner.text;
      known &&= inner.known;
      reasons.push(...inner.reasons);
    };
    for (const part of parts) {
      switch (part.kind) {
        case "literal": {
          if (part.value.length === part.end - part.start) {
            add(part.value, part, true);
            break;
          }
          // A `<<-` heredoc or an escape: map line by line where each rendered line ends its source line.
          const sourceLines = env.source.lines.text.slice(part.start, part.end).split("\n");
          const valueLines = part.value.split("\n");
          if (sourceLines.length !== valueLines.length || valueLines.some((l, i) => !(sourceLines[i] ?? "").endsWith(l))) {
            add(part.value, part, false);
            break;
          }
          let offset = part.start;
          valueLines.forEach((line, i) => {
            const sourceLine = sourceLines[i] ?? "";
            const start = offset + sourceLine.length - line.length;
            add(i < valueLines.length - 1 ? `${line}\n` : line, { start, end: start + line.length + (i < valueLines.length - 1 ? 1 : 0) }, true);
            offset += sourceLine.length + 1;
          });
          break;
        }
        case "interpolation": {
          const v = this.value(part.expr, env);
          if (v.range) origins.push(v.range);
          if (v.k === "null" || v.k === "tuple" || (v.k === "object" && !v.json)) throw new EvalError(`a template cannot include a ${v.k}`);
          const t = asText(v);
          if (t !== undefined && (v.k !== "string" || v.known)) add(t, part, false);
          // The text Terraform's jsonencode makes (sorted keys, `<` as \u003c): what a policy text really holds.
          else if (v.k === "object" && v.json && isKnown(v)) add(jsonOf({ ...v, json: false }) ?? "", part, false);
          else {
            known = false;
            reasons.push(reasonOf(v));
            if (v.k === "string" || v.k === "unknown") ref ??= v.ref;
            add(v.k === "string" ? v.text : `\${${sourceText(env.source, part.expr)}}`, part, false);
          }
          break;
        }
        case "if": {
          const condition = this.value(part.condition, env);
          if (condition.k === "null") throw new EvalError("a template %{if} condition is null");
          const c = convert(condition, "bool");
          if (c.k !== "bool") return { value: unknown(`a template %{if} whose condition is not known (${reasonOf(c)})`, this.range(env, part)) };
          const chosen = c.value ? part.then : (part.else ?? []);
          const inner = this.renderParts(chosen, env);
          if ("value" in inner) return inner;
          appendInner(inner);
          break;
        }
        case "for": {
          const collection = this.value(part.collection, env);
          const entries = forEntries(collection, "a template %{for}");
          if (!entries) return { value: unknown(`a template %{for} over a value that is not known (${reasonOf(collection)})`, this.range(env, part)) };
          for (const [k, v] of entries) {
            const bindings = new Map(env.bindings);
            bindings.set(part.valueVar, v);
            if (part.keyVar) bindings.set(part.keyVar, k);
            const inner = this.renderParts(part.body, { source: env.source, bindings });
            if ("value" in inner) return inner;
            appendInner(inner);
          }
          break;
        }
      }
    }
    if (tooLongAt !== undefined) return { value: tooLong(env.source.lines.range(env.source.path, tooLongAt, tooLongAt)) };
    return { text, known, reasons, pieces, origins, ref };
  }

  private forExpr(expr: ForExpr, env: Env, range: Range): TfValue {
    const collection = this.value(expr.collection, env);
    return this.lift([collection], range, ([c]) => {
      const entries = forEntries(c as TfValue, "a for expression");
      if (!entries) return unknown(`a for expression over a value that is not known (${reasonOf(c as TfValue)})`, range, { origins: originsOf(c) ?? [] });
      const items: TfValue[] = [];
      const attrs = new Map<string, TfValue>();
      const grouped = new Map<string, TfValue[]>();
      const unknownKeys = new Set<string>();
      for (const [k, v] of entries) {
        const bindings = new Map(env.bindings);
        bindings.set(expr.valueVar, v);
        if (expr.keyVar) bindings.set(expr.keyVar, k);
        const inner: Env = { source: env.source, bindings };
        if (expr.condition) {
          // A filter that is not known keeps the element: what may exist is checked.
          const keep = this.value(expr.condition, inner);
          if (keep.k === "null") throw new EvalError("the condition of a for expression is null");
          const decided = convert(keep, "bool");
          if (decided.k === "bool" && !decided.value) continue;
        }
        const value = this.value(expr.valueExpr, inner);
        if (!expr.object) {
          items.push(value);
          continue;
        }
        const key = expr.keyExpr ? this.value(expr.keyExpr, inner) : k;
        let text = objectKey(key);
        if (text === undefined || (key.k === "string" && !key.known)) {
          // As in an object literal: a key only known after apply keeps its value under a placeholder.
          text = key.k === "string" ? key.text : `\${${sourceText(env.source, expr.keyExpr ?? expr)}}`;
          unknownKeys.add(text);
        }
        if (expr.grouping) grouped.set(text, [...(grouped.get(text) ?? []), value]);
        else if (attrs.has(text) && !unknownKeys.has(text)) throw new EvalError(`two elements of a for expression give the key "${text}" (group them with ...)`);
        else attrs.set(text, value);
      }
      if (!expr.object) return tuple(items, range);
      if (expr.grouping) for (const [k, vs] of grouped) attrs.set(k, tuple(vs, range));
      const result = object(attrs, range);
      if (unknownKeys.size > 0) result.unknownKeys = unknownKeys;
      return result;
    });
  }
}

/** The (key, value) pairs of a collection, as `for` and `for_each` see them; undefined when not known. */
export function iterate(v: TfValue): [TfValue, TfValue][] | undefined {
  // A set's elements are their own keys.
  if (v.k === "tuple") return v.items.map((item, i) => [v.kind === "set" ? item : num(i, item.range), item]);
  if (v.k === "object") {
    return [...v.attrs.keys()].sort(compareText).map((k) => [
      str(k, v.keyRanges?.get(k) ?? v.range, v.unknownKeys?.has(k) ? { known: false, reason: "a key only known after apply" } : {}),
      inherit(v.attrs.get(k) as TfValue, v),
    ]);
  }
  if (v.k === "null") return [];
  return undefined;
}

/** What `for` iterates; undefined when the collection is not known. Terraform fails on null and on a string. */
function forEntries(c: TfValue, what: string): [TfValue, TfValue][] | undefined {
  if (c.k === "null") throw new EvalError(`${what} over null`);
  const entries = c.k === "object" && c.json ? undefined : iterate(c);
  if (!entries && isKnown(c)) throw new EvalError(`${what} over a ${c.k === "object" ? "string" : c.k}`);
  return entries;
}

/** An object key as Terraform converts it: a string, number or bool (null or a collection fails); undefined when not known. */
function objectKey(key: TfValue): string | undefined {
  if (key.k === "null") throw new EvalError("an object key is null");
  if (key.k === "tuple" || (key.k === "object" && !key.json)) throw new EvalError(`an object key must be a string, not a ${key.k}`);
  return key.k === "object" ? jsonOf({ ...key, json: false }) : asText(key);
}

/** The type of a conditional's result, as HCL decides it: a null takes the other branch's type. */
function conditionalType(then: TfValue, otherwise: TfValue): TfType {
  if (then.k === "null") return typeOf(otherwise);
  if (otherwise.k === "null") return typeOf(then);
  const a = typeOf(then);
  const b = typeOf(otherwise);
  if (a === "dynamic" || b === "dynamic") return "dynamic";
  const type = commonType([a, b]);
  if (!type) throw new EvalError("the two results of a conditional have no common type");
  return type;
}
