import type { Range } from "../../model/source.js";
import type { LineIndex } from "../../parse/lines.js";

/** A resource instance another value refers to (`aws_iam_role.node[0].arn`): the fact key and the attribute. */
export interface TfRef {
  key: string;
  attribute: string | undefined;
}

/** The value came from a variable's default: reported where it is used, with the default as context. */
export interface ViaDefault {
  variable: string;
  range: Range | undefined;
}

interface Base {
  /** Where the value is written, when it is written somewhere. */
  range: Range | undefined;
  /** Places in other values that flowed into a derived value (template parts, function arguments). */
  origins?: Range[];
  via?: ViaDefault;
}

export interface TfString extends Base {
  k: "string";
  /** Unknown parts appear as `${...}` placeholders. */
  text: string;
  known: boolean;
  reason?: string;
  ref?: TfRef;
  /** A JSON text whose characters map back to source positions (heredoc policies). */
  sourceMap?: SourceMap;
}

/** Maps ranges of a rendered string back to where each piece is written. */
export interface SourceMap {
  /**
   * `from`/`to` in the rendered text; `start`/`end` offsets in `file`. A linear piece maps character by
   * character (literal text without escapes); another maps everything to its whole span.
   */
  pieces: { from: number; to: number; file: string; lines: LineIndex; start: number; end: number; linear: boolean }[];
}

export interface TfNumber extends Base {
  k: "number";
  value: number;
}

export interface TfBool extends Base {
  k: "bool";
  value: boolean;
}

export interface TfNull extends Base {
  k: "null";
}

export interface TfTuple extends Base {
  k: "tuple";
  items: TfValue[];
}

export interface TfObject extends Base {
  k: "object";
  attrs: Map<string, TfValue>;
  keyRanges?: Map<string, Range>;
  /** Set when this object stands for a JSON document (`data.aws_iam_policy_document.x.json`). */
  json?: boolean;
  /** Keys only known after apply, kept under a `${...}` placeholder so that the values stay visible. */
  unknownKeys?: Set<string>;
}

export interface TfUnknown extends Base {
  k: "unknown";
  reason: string;
  ref?: TfRef;
}

/** Both outcomes of a conditional whose condition is not known: like CloudFormation's `Fn::If`. */
export interface TfCond extends Base {
  k: "cond";
  condition: string;
  then: TfValue;
  else: TfValue;
}

export type TfValue = TfString | TfNumber | TfBool | TfNull | TfTuple | TfObject | TfUnknown | TfCond;

const MAX_ORIGINS = 4;

/**
 * Longer strings are not evaluated: a chain of locals that each doubles a string grows exponentially,
 * and no policy, ARN or template pullguard reads comes near this size.
 */
export const MAX_STRING_LENGTH = 8 * 1024 * 1024;

export function str(text: string, range: Range | undefined, extra: Partial<TfString> = {}): TfString {
  if (text.length > MAX_STRING_LENGTH) return tooLong(range);
  return { k: "string", text, known: true, range, ...extra };
}

/** The unknown string that stands for one over MAX_STRING_LENGTH. */
export function tooLong(range: Range | undefined): TfString {
  return { k: "string", text: "", known: false, range, reason: `a string longer than ${MAX_STRING_LENGTH} characters is not evaluated` };
}

export function unknown(reason: string, range: Range | undefined, extra: Partial<TfUnknown> = {}): TfUnknown {
  return { k: "unknown", reason, range, ...extra };
}

export function nil(range: Range | undefined): TfNull {
  return { k: "null", range };
}

export function num(value: number, range: Range | undefined): TfNumber {
  return { k: "number", value, range };
}

export function bool(value: boolean, range: Range | undefined): TfBool {
  return { k: "bool", value, range };
}

export function tuple(items: TfValue[], range: Range | undefined): TfTuple {
  return { k: "tuple", items, range };
}

export function object(attrs: Map<string, TfValue>, range: Range | undefined, keyRanges?: Map<string, Range>): TfObject {
  return keyRanges ? { k: "object", attrs, range, keyRanges } : { k: "object", attrs, range };
}

/** The places a derived value comes from, for reporting a module-internal value at its caller. */
export function originsOf(...values: (TfValue | undefined)[]): Range[] | undefined {
  const out: Range[] = [];
  for (const v of values) {
    if (!v) continue;
    if (v.range) out.push(v.range);
    if (v.origins) out.push(...v.origins);
    if (out.length >= MAX_ORIGINS) break;
  }
  return out.length > 0 ? out.slice(0, MAX_ORIGINS) : undefined;
}

/** A child of a value read through it inherits how the parent was reached (a variable default). */
export function inherit<T extends TfValue>(child: T, parent: TfValue): T {
  if (!parent.via || child.via) return child;
  return { ...child, via: parent.via };
}

export function isKnown(v: TfValue): boolean {
  switch (v.k) {
    case "unknown":
    case "cond":
      return false;
    case "string":
      return v.known;
    case "tuple":
      return v.items.every(isKnown);
    case "object":
      return [...v.attrs.values()].every(isKnown);
    default:
      return true;
  }
}

/** The text of a string, number or bool as Terraform converts it to a string; undefined otherwise. */
export function asText(v: TfValue): string | undefined {
  switch (v.k) {
    case "string":
      return v.text;
    case "number":
      return String(v.value);
    case "bool":
      return String(v.value);
    default:
      return undefined;
  }
}

export function typeName(v: TfValue): string {
  return v.k;
}

/** Why a value is not known, for messages. */
export function reasonOf(v: TfValue): string {
  if (v.k === "unknown") return v.reason;
  if (v.k === "string" && !v.known) return v.reason ?? "only known after apply";
  if (v.k === "cond") return `depends on ${v.condition}`;
  return "not known";
}

/** Plain data for a known value (jsonencode, comparisons); undefined when any part is unknown. */
export function toPlain(v: TfValue): unknown {
  switch (v.k) {
    case "string":
      return v.known ? v.text : undefined;
    case "number":
    case "bool":
      return v.value;
    case "null":
      return null;
    case "tuple": {
      const items = v.items.map(toPlain);
      return items.some((i) => i === undefined) ? undefined : items;
    }
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, value] of v.attrs) {
        const plain = toPlain(value);
        if (plain === undefined) return undefined;
        out[key] = plain;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A plain JSON value as a Terraform value, every part placed at `range`. */
export function fromPlain(value: unknown, range: Range | undefined): TfValue {
  if (value === null || value === undefined) return nil(range);
  if (typeof value === "string") return str(value, range);
  if (typeof value === "number") return num(value, range);
  if (typeof value === "boolean") return bool(value, range);
  if (Array.isArray(value)) return tuple(value.map((v) => fromPlain(v, range)), range);
  const attrs = new Map<string, TfValue>();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) attrs.set(k, fromPlain(v, range));
  return object(attrs, range);
}

/** Equality of two known values; undefined when either is not known. */
export function equal(a: TfValue, b: TfValue): boolean | undefined {
  const pa = toPlain(a);
  const pb = toPlain(b);
  if (pa === undefined || pb === undefined) return undefined;
  return JSON.stringify(pa) === JSON.stringify(pb);
}

/** Every concrete value a conditional can take, with the conditions that select it. */
export function branches(v: TfValue, when: { condition: string; value: boolean }[] = []): { value: TfValue; when: { condition: string; value: boolean }[] }[] {
  if (v.k !== "cond") return [{ value: v, when }];
  // A condition already decided on this path selects one branch: `x ? (x ? a : b) : c` never yields b.
  const decided = when.find((w) => w.condition === v.condition);
  if (decided) return branches(inherit(decided.value ? v.then : v.else, v), when);
  return [
    ...branches(inherit(v.then, v), [...when, { condition: v.condition, value: true }]),
    ...branches(inherit(v.else, v), [...when, { condition: v.condition, value: false }]),
  ];
}
