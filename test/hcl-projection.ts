/**
 * The "value projection" of a parsed HCL file: the JSON that @cdktf/hcl2json 0.21 (tmccombs/hcl2json
 * 0.6.5 over hashicorp/hcl 2.23) prints for the same file, rebuilt from our tree and the source
 * text. Blocks nest by type and labels into arrays of bodies; literals keep their type; templates
 * become their template text; any other expression becomes "${<its source text>}".
 */
import type { Body, Expr, HclFile, TemplatePart } from "../src/parse/hcl/ast.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** hcl2json fails on a few trees that hclsyntax accepts (e.g. `-true`, a block both with and without labels). */
export class ProjectionError extends Error {}

export function project(text: string, file: HclFile): JsonObject {
  return new Projector(text).body(file.body);
}

function put(target: JsonObject, key: string, value: Json): void {
  // defineProperty: a "__proto__" key must stay a plain key, as it is in JSON.parse output.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** hcl2json escapes template sequences that came from literal text. */
function escapeLiteral(s: string): string {
  // split/join: in a replacement string "$$" would mean a single "$".
  return s.split("${").join("$${").split("%{").join("%%{");
}

/** cty's number-to-string conversion: plain decimal notation of the exact literal value. */
function numberText(raw: string, value: number): string {
  const m = /^(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(raw);
  if (!m) return String(value);
  const digits = (m[1] ?? "") + (m[2] ?? "");
  const point = (m[1] ?? "").length + Number(m[3] ?? "0");
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = "0";
    frac = "0".repeat(-point) + digits;
  } else if (point >= digits.length) {
    int = digits + "0".repeat(point - digits.length);
    frac = "";
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  int = int.replace(/^0+(?=\d)/, "");
  frac = frac.replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

class Projector {
  constructor(private readonly text: string) {}

  body(body: Body): JsonObject {
    const out: JsonObject = {};
    for (const item of body.items) {
      if (item.kind !== "block") continue;
      let target = out;
      let key = item.type;
      for (const label of item.labels) {
        const existing = target[key];
        if (existing === undefined) {
          const created: JsonObject = {};
          put(target, key, created);
          target = created;
        } else if (isObject(existing)) target = existing;
        else throw new ProjectionError(`block ${item.type}: cannot nest labels under "${key}"`);
        key = label.value;
      }
      const value = this.body(item.body);
      const existing = target[key];
      if (existing === undefined) put(target, key, [value]);
      else if (Array.isArray(existing)) existing.push(value);
      else throw new ProjectionError(`block ${item.type}: blocks with and without labels`);
    }
    for (const item of body.items) if (item.kind === "attribute") put(out, item.name, this.value(item.expr));
    return out;
  }

  /** hcl2json slices source ranges, and adds a ")" that directly follows (a workaround for old hcl). */
  private source(e: Expr): string {
    const end = this.text.charCodeAt(e.end) === 41 ? e.end + 1 : e.end;
    return this.text.slice(e.start, end);
  }

  private wrap(e: Expr): string {
    return "${" + this.source(e) + "}";
  }

  value(e: Expr): Json {
    switch (e.kind) {
      case "literal":
        return typeof e.value === "number" && !Number.isFinite(e.value) ? null : e.value;
      case "unary": {
        if (e.operand.kind !== "literal") return this.wrap(e);
        const v = e.operand.value;
        if (e.op === "-" && typeof v === "number") return -v;
        if (e.op === "!" && typeof v === "boolean") return !v;
        throw new ProjectionError(`invalid operand for unary ${e.op}`);
      }
      case "template": {
        const only = e.parts.length === 1 ? e.parts[0] : undefined;
        // hclsyntax unwraps "${x}" (one interpolation, nothing else) to the bare expression.
        if (only?.kind === "interpolation") return this.value(only.expr);
        return this.parts(e.parts);
      }
      case "tuple":
        return e.items.map((item) => this.value(item));
      case "object": {
        const out: JsonObject = {};
        for (const item of e.items) put(out, this.key(item.key), this.value(item.value));
        return out;
      }
      default:
        return this.wrap(e);
    }
  }

  private key(e: Expr): string {
    return isScopeTraversal(e) ? this.source(e) : this.stringPart(e);
  }

  /** A template piece, or an interpolated expression, as template text. */
  private stringPart(e: Expr): string {
    switch (e.kind) {
      case "literal":
        if (e.value === null) return "null";
        return typeof e.value === "number" ? numberText(e.raw, e.value) : String(e.value);
      case "template": {
        const only = e.parts.length === 1 ? e.parts[0] : undefined;
        if (only?.kind === "interpolation") return this.stringPart(only.expr);
        return this.parts(e.parts);
      }
      case "conditional":
        // hcl2json cannot tell "${c ? a : b}" from %{if c}a%{else}b%{endif}.
        return this.conditional(e.condition, this.stringPart(e.then), this.stringPart(e.else));
      default:
        return this.wrap(e);
    }
  }

  private conditional(condition: Expr, then: string, otherwise: string): string {
    return "%{if " + this.source(condition) + "}" + then + (otherwise ? "%{else}" + otherwise : "") + "%{endif}";
  }

  private parts(parts: TemplatePart[]): string {
    let out = "";
    for (const part of parts) {
      switch (part.kind) {
        case "literal":
          out += escapeLiteral(part.value);
          break;
        case "interpolation":
          out += this.stringPart(part.expr);
          break;
        case "if":
          out += this.conditional(part.condition, this.parts(part.then), part.else ? this.parts(part.else) : "");
          break;
        case "for":
          out += "%{for " + (part.keyVar ? part.keyVar + ", " : "") + part.valueVar + " in " + this.source(part.collection) + "}" + this.parts(part.body) + "%{endfor}";
          break;
      }
    }
    return out;
  }
}

/** What hclsyntax makes a ScopeTraversalExpr: a root name and `.name`, `.0`, `[literal]` steps. */
function isScopeTraversal(e: Expr): boolean {
  switch (e.kind) {
    case "variable":
      return e.name !== "*";
    case "getattr":
      return isScopeTraversal(e.target);
    case "index":
      return (e.key.kind === "literal" || (e.key.kind === "template" && e.key.parts.length === 1 && e.key.parts[0]?.kind === "literal")) && isScopeTraversal(e.target);
    default:
      return false;
  }
}
