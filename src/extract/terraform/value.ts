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
  /** A list or a set (a set's items are distinct and in Terraform's order); a tuple without. */
  kind?: "list" | "set";
}

export interface TfObject extends Base {
  k: "object";
  attrs: Map<string, TfValue>;
  /** A map; an object without. */
  kind?: "map";
  keyRanges?: Map<string, Range>;
  /** Set when this object stands for a JSON document (`data.aws_iam_policy_document.x.json`). */
  json?: boolean;
  /** Keys only known after apply, kept under a `${...}` placeholder so that the values stay visible. */
  unknownKeys?: Set<string>;
}

export interface TfUnknown extends Base {
  k: "unknown";
  reason: string;
  /** For text pullguard does not render (`yamlencode(x)`), the value it encodes: readers of that text (aws-auth) read it. */
  encodes?: TfValue;
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

/** A definite evaluation error (Terraform would fail): `try` and `can` catch it; elsewhere it becomes an unknown. */
export class EvalError extends Error {}

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

export function tuple(items: TfValue[], range: Range | undefined, kind?: "list" | "set"): TfTuple {
  return kind ? { k: "tuple", items, range, kind } : { k: "tuple", items, range };
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
      return numberText(v.value);
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

/**
 * Terraform's `==`: values of the same type (a list is no tuple, a map no object) and the same content, object
 * keys in any order; nulls are equal whatever their type. Undefined when either is not known.
 */
export function equal(a: TfValue, b: TfValue): boolean | undefined {
  if (!isKnown(a) || !isKnown(b)) return undefined;
  if (a.k === "null" || b.k === "null") return a.k === b.k;
  return sameType(typeOf(a), typeOf(b)) && identity(a) === identity(b);
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

// --- Numbers. Terraform computes with 512-bit binary floats and writes numbers in full decimal; pullguard keeps
// 64-bit floats, so a number is evaluated only where both give the same digits.

/** A number as Terraform writes it (jsonencode, conversion to a string): decimal digits, never an exponent. */
export function numberText(n: number): string {
  if (Object.is(n, -0)) return "-0";
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign = "", first = "", rest = "", exp = "0"] = m;
  const digits = first + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** An exact rational number: num / den, den > 0. */
interface Fraction {
  num: bigint;
  den: bigint;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function fractionOf(text: string): Fraction | undefined {
  const m = DECIMAL.exec(text);
  if (!m || `${m[2] ?? ""}${m[3] ?? ""}` === "") return undefined;
  const frac = m[3] ?? "";
  const exp = Number(m[4] ?? 0) - frac.length;
  // Beyond this no 64-bit float is exact anyway, and 10n ** exp would be huge.
  if (Math.abs(exp) > 1100) return undefined;
  const digits = BigInt(`${m[1] === "-" ? "-" : ""}${m[2] ?? ""}${frac}`);
  return reduce(exp >= 0 ? { num: digits * 10n ** BigInt(exp), den: 1n } : { num: digits, den: 10n ** BigInt(-exp) });
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function reduce(f: Fraction): Fraction {
  const sign = f.den < 0n ? -1n : 1n;
  const g = gcd(f.num, f.den) || 1n;
  return { num: (sign * f.num) / g, den: (sign * f.den) / g };
}

/** Whether Terraform's binary floats hold the fraction exactly: its denominator is a power of two. */
function dyadic(f: Fraction): boolean {
  return (f.den & (f.den - 1n)) === 0n;
}

/** Whether Terraform holds the number exactly (0.5 yes, 0.1 no): its last digits then decide how it rounds. */
export function exactInBinary(n: number): boolean {
  const f = fractionOf(numberText(n));
  return f !== undefined && dyadic(f);
}

/** The 64-bit float that writes a dyadic fraction's exact decimal expansion (as Terraform does), if any. */
function floatOf(f: Fraction): number | undefined {
  let k = 0n;
  while (1n << k < f.den) k++;
  const digits = (f.num < 0n ? -f.num : f.num) * 5n ** k;
  const text = `${f.num < 0n ? "-" : ""}${k === 0n ? digits : `${digits}e-${k}`}`;
  const n = Number(text);
  const back = fractionOf(numberText(n));
  return back && back.num === f.num && back.den === f.den ? n : undefined;
}

/**
 * Terraform's reading of a decimal number (number literals, tonumber, strings in arithmetic): undefined when the
 * text is not one; "inexact" when a 64-bit float would not write its digits back.
 */
export function readNumber(text: string): number | "inexact" | undefined {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  const exact = fractionOf(text);
  const back = Number.isFinite(n) ? fractionOf(numberText(n)) : undefined;
  return exact && back && exact.num === back.num && exact.den === back.den ? n : "inexact";
}

/**
 * `a op b` as Terraform computes it, or undefined when pullguard cannot give Terraform's digits: an operand that
 * binary floats do not hold exactly (0.1), an inexact quotient (1/3), a result beyond a 64-bit float, or x/0.
 */
export function arithmetic(op: "+" | "-" | "*" | "/" | "%", a: number, b: number): number | undefined {
  const x = fractionOf(numberText(a));
  const y = fractionOf(numberText(b));
  if (!x || !y || !dyadic(x) || !dyadic(y)) return undefined;
  let r: Fraction;
  switch (op) {
    case "+":
      r = { num: x.num * y.den + y.num * x.den, den: x.den * y.den };
      break;
    case "-":
      r = { num: x.num * y.den - y.num * x.den, den: x.den * y.den };
      break;
    case "*":
      r = { num: x.num * y.num, den: x.den * y.den };
      break;
    case "/":
      if (y.num === 0n) return undefined;
      r = { num: x.num * y.den, den: x.den * y.num };
      break;
    case "%": {
      // cty: x % 0 is x; otherwise x - y * trunc(x / y).
      if (y.num === 0n) return a;
      const q = (x.num * y.den) / (x.den * y.num);
      r = { num: x.num * y.den - q * y.num * x.den, den: x.den * y.den };
      break;
    }
  }
  r = reduce(r);
  if (!dyadic(r)) return undefined;
  // A zero product or quotient keeps the sign IEEE gives it (0 * -1 is -0 in Terraform too); other zeros are +0.
  if (r.num === 0n) return (op === "*" && Object.is(a * b, -0)) || (op === "/" && Object.is(a / b, -0)) ? -0 : 0;
  return floatOf(r);
}

// --- Types. pullguard's values carry Terraform's type classes (list, set and tuple; map and object), from which
// the full type is read back; null and unknown values are `dynamic`, as an untyped null is in Terraform.

export type TfType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | { c: "list" | "set" | "map"; of: TfType }
  | { c: "tuple"; items: TfType[] }
  | { c: "object"; attrs: Map<string, TfType> };

export function typeOf(v: TfValue): TfType {
  switch (v.k) {
    case "string":
    case "number":
    case "bool":
      return v.k;
    case "tuple":
      return v.kind ? { c: v.kind, of: unify(v.items.map(typeOf)) ?? "dynamic" } : { c: "tuple", items: v.items.map(typeOf) };
    case "object":
      if (v.json) return "string";
      if (v.kind) return { c: "map", of: unify([...v.attrs.values()].map(typeOf)) ?? "dynamic" };
      return { c: "object", attrs: new Map([...v.attrs].map(([k, x]) => [k, typeOf(x)])) };
    default:
      return "dynamic";
  }
}

/** Whether two types are the same; `dynamic` (what pullguard does not know) matches any. */
export function sameType(a: TfType, b: TfType): boolean {
  if (a === "dynamic" || b === "dynamic") return true;
  if (typeof a === "string" || typeof b === "string") return a === b;
  if (a.c === "tuple" || b.c === "tuple") return a.c === "tuple" && b.c === "tuple" && a.items.length === b.items.length && a.items.every((t, i) => sameType(t, b.items[i] as TfType));
  if (a.c === "object" || b.c === "object") {
    return a.c === "object" && b.c === "object" && a.attrs.size === b.attrs.size && [...a.attrs].every(([k, t]) => b.attrs.has(k) && sameType(t, b.attrs.get(k) as TfType));
  }
  return a.c === b.c && sameType(a.of, b.of);
}

const isClass = (t: TfType, c: string): boolean => typeof t !== "string" && t.c === c;

/** Whether a value of type `from` can become one of type `to` (cty's unsafe conversions, as Terraform uses them). */
function convertible(from: TfType, to: TfType): boolean {
  if (to === "dynamic" || from === "dynamic") return true;
  if (typeof to === "string" || typeof from === "string") {
    if (typeof to !== "string" || typeof from !== "string") return false;
    return from === to || to === "string" || from === "string";
  }
  switch (to.c) {
    case "list":
    case "set":
      if (from.c === "list" || from.c === "set") return convertible(from.of, to.of);
      return from.c === "tuple" && from.items.every((t) => convertible(t, to.of));
    case "map":
      if (from.c === "map") return convertible(from.of, to.of);
      return from.c === "object" && [...from.attrs.values()].every((t) => convertible(t, to.of));
    case "tuple":
      return from.c === "tuple" && from.items.length === to.items.length && from.items.every((t, i) => convertible(t, to.items[i] as TfType));
    case "object":
      if (from.c === "map") return [...to.attrs.values()].every((t) => convertible(from.of, t));
      return from.c === "object" && [...to.attrs].every(([k, t]) => from.attrs.has(k) && convertible(from.attrs.get(k) as TfType, t));
  }
}

/** cty's preference between two types when unifying: negative when `a` is preferred (string over number and bool). */
function compareTypes(a: TfType, b: TfType): number {
  if (a === "dynamic" || b === "dynamic") return a === b ? 0 : a === "dynamic" ? 1 : -1;
  if (typeof a === "string" || typeof b === "string") {
    if (typeof a !== "string" || typeof b !== "string" || a === b) return 0;
    return a === "string" ? -1 : b === "string" ? 1 : 0;
  }
  if (a.c === b.c) return a.c === "tuple" || a.c === "object" || b.c === "tuple" || b.c === "object" ? 0 : compareTypes(a.of, b.of);
  // A list is preferred to a tuple or a set, a tuple to a set, a map to an object.
  const rank = { list: 0, map: 0, tuple: 1, object: 1, set: 2 };
  const pair = [a.c, b.c].sort().join();
  return ["list,tuple", "map,object", "set,tuple", "list,set"].includes(pair) ? rank[a.c] - rank[b.c] : 0;
}

/** A type written out, to tell types apart. */
function typeKey(t: TfType): string {
  if (typeof t === "string") return t;
  if (t.c === "tuple") return `tuple(${t.items.map(typeKey).join()})`;
  if (t.c === "object") return `object(${[...t.attrs.keys()].sort(compareText).map((k) => `${JSON.stringify(k)}:${typeKey(t.attrs.get(k) as TfType)}`).join()})`;
  return `${t.c}(${typeKey(t.of)})`;
}

/** The type cty's unification gives a set of types (conditional branches, collection elements); undefined when none. */
export function unify(all: TfType[]): TfType | undefined {
  const types = [...new Map(all.map((t) => [typeKey(t), t])).values()];
  if (types.length <= 1) return types[0];
  const n = (c: string) => types.filter((t) => isClass(t, c)).length;
  const dyn = types.filter((t) => t === "dynamic").length;
  const [maps, lists, sets, objects, tuples, count] = [n("map"), n("list"), n("set"), n("object"), n("tuple"), types.length];
  if (maps > 0 && maps + dyn === count) return unifyCollections("map", types, dyn > 0);
  if (maps > 0 && maps + objects + dyn === count) {
    const t = unifyAs("map", "object", types);
    if (t) return t;
  } else if (lists > 0 && lists + dyn === count) return unifyCollections("list", types, dyn > 0);
  else if (lists > 0 && lists + tuples + dyn === count) {
    const t = unifyAs("list", "tuple", types);
    if (t) return t;
  } else if (sets > 0 && sets + dyn === count) return unifyCollections("set", types, dyn > 0);
  else if (objects > 0 && objects + dyn === count) return dyn > 0 ? "dynamic" : unifyStructural("object", types);
  else if (tuples > 0 && tuples + dyn === count) return dyn > 0 ? "dynamic" : unifyStructural("tuple", types);
  else if (objects > 0 && tuples > 0) return undefined;
  // The most preferred type that all others convert to.
  const order = [...types.keys()].sort((i, j) => compareTypes(types[i] as TfType, types[j] as TfType));
  for (const i of order) {
    const want = types[i] as TfType;
    if (types.every((t) => convertible(t, want))) return want;
  }
  return undefined;
}

function unifyCollections(c: "list" | "set" | "map", types: TfType[], hasDynamic: boolean): TfType | undefined {
  if (hasDynamic) return "dynamic";
  const of = unify(types.map((t) => (t as { of: TfType }).of));
  if (!of) return undefined;
  const result: TfType = { c, of };
  return types.every((t) => convertible(t, result)) ? result : undefined;
}

/** Objects as one map, or tuples as one list, unified with the maps or lists beside them. */
function unifyAs(c: "map" | "list", structural: "object" | "tuple", types: TfType[]): TfType | undefined {
  const collection = toCollection(c, types.filter((t) => isClass(t, structural)));
  if (!collection) return undefined;
  const t = unify(types.map((x) => (isClass(x, structural) ? collection : x)));
  return t && isClass(t, c) ? t : undefined;
}

/** Objects with the same attributes (tuples of the same length) unify attribute by attribute, others as a map (list). */
function unifyStructural(c: "object" | "tuple", types: TfType[]): TfType | undefined {
  const parts = types.map((t) => (c === "object" ? (t as { attrs: Map<string, TfType> }).attrs : new Map((t as { items: TfType[] }).items.map((x, i) => [String(i), x]))));
  const [first] = parts;
  const fallback = () => toCollection(c === "object" ? "map" : "list", types);
  if (!first || parts.some((p) => p.size !== first.size || [...p.keys()].some((k) => !first.has(k)))) return fallback();
  const unified = new Map<string, TfType>();
  for (const k of first.keys()) {
    const t = unify(parts.map((p) => p.get(k) as TfType));
    if (!t) return undefined;
    unified.set(k, t);
  }
  const result: TfType = c === "object" ? { c, attrs: unified } : { c, items: [...unified.values()] };
  return types.every((t) => convertible(t, result)) ? result : fallback();
}

function toCollection(c: "map" | "list", types: TfType[]): TfType | undefined {
  const members = types.flatMap((t) => (isClass(t, "object") ? [...(t as { attrs: Map<string, TfType> }).attrs.values()] : isClass(t, "tuple") ? (t as { items: TfType[] }).items : []));
  const of = unify(members);
  if (!of) return undefined;
  const result: TfType = { c, of };
  return types.every((t) => convertible(t, result)) ? result : undefined;
}

/** A value converted to a type as Terraform converts it; throws EvalError where Terraform fails. */
export function convert(v: TfValue, to: TfType): TfValue {
  if (to === "dynamic" || v.k === "null" || v.k === "unknown" || v.k === "cond") return v;
  const fail = (): never => {
    throw new EvalError(`a ${typeName(v)} cannot be converted to ${typeText(to)}`);
  };
  if (typeof to === "string") {
    if (to === "string") {
      if (v.k === "string" || (v.k === "object" && v.json)) return v;
      const text = v.k === "number" || v.k === "bool" ? asText(v) : undefined;
      if (text === undefined) return fail();
      const { origins, via } = v;
      return { ...str(text, v.range), ...(origins ? { origins } : {}), ...(via ? { via } : {}) };
    }
    if (v.k === to) return v;
    if (v.k !== "string") return fail();
    if (!v.known) return unknown(reasonOf(v), v.range);
    if (to === "bool") return v.text === "true" || v.text === "false" ? bool(v.text === "true", v.range) : fail();
    const n = readNumber(v.text);
    if (n === "inexact") return unknown(`the number ${v.text} has more digits than pullguard keeps`, v.range);
    return n === undefined ? fail() : num(n, v.range);
  }
  switch (to.c) {
    case "list":
    case "set":
      if (v.k !== "tuple") return fail();
      if (to.c === "set") return setOf(v.items.map((x) => convert(x, to.of)), v.range, to.of);
      return { ...v, items: v.items.map((x) => convert(x, to.of)), kind: "list" };
    case "map":
      if (v.k !== "object" || v.json) return fail();
      return { ...v, attrs: new Map([...v.attrs].map(([k, x]) => [k, convert(x, to.of)])), kind: "map" };
    case "tuple":
      if (v.k !== "tuple" || v.kind || v.items.length !== to.items.length) return fail();
      return { ...v, items: v.items.map((x, i) => convert(x, to.items[i] as TfType)) };
    case "object": {
      if (v.k !== "object" || v.json) return fail();
      const attrs = new Map<string, TfValue>();
      for (const [k, t] of to.attrs) attrs.set(k, convert(v.attrs.get(k) ?? fail(), t));
      const { kind: _map, ...rest } = v;
      return { ...rest, attrs };
    }
  }
}

function typeText(t: TfType): string {
  if (typeof t === "string") return t;
  if (t.c === "tuple") return "tuple";
  return t.c === "object" ? "object" : `${t.c}(${typeText(t.of)})`;
}

/**
 * The type Terraform converts values to (conditional branches, list elements), or undefined where it fails.
 * Two collections whose members disagree give `dynamic` (no conversion) instead of a failure: a typed
 * variable's value keeps the types of its default here, not the declared ones that make Terraform's agree.
 */
export function commonType(types: TfType[]): TfType | undefined {
  const type = unify(types);
  if (type) return type;
  const family = (t: TfType) => (typeof t === "string" ? t : t.c === "object" || t.c === "map" ? "structure" : "sequence");
  const families = new Set(types.map(family));
  return families.size === 1 && (families.has("structure") || families.has("sequence")) ? "dynamic" : undefined;
}

/** Strings compared as Go compares them: by UTF-8 bytes, that is by code points (UTF-16 puts U+E000-U+FFFF after astral characters). */
export function compareText(a: string, b: string): number {
  const point = (c: number) => (c >= 0xd800 && c <= 0xdfff ? c + 0x2000 : c >= 0xe000 ? c - 0x800 : c);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return point(x) - point(y);
  }
  return a.length - b.length;
}

/** A value's identity in a set and its place in a set's order (cty's set hash text, numbers written in full). */
function identity(v: TfValue): string {
  switch (v.k) {
    case "null":
      return "~";
    case "number":
      return numberText(v.value);
    case "bool":
      return v.value ? "T" : "F";
    case "string":
      return v.known ? JSON.stringify(v.text) : "?";
    case "tuple": {
      const inner = v.items.map((i) => `${identity(i)};`).join("");
      return v.kind ? `[${inner}]` : `<${inner}>`;
    }
    case "object": {
      if (v.json) return JSON.stringify(jsonOf(v) ?? "?");
      const keys = [...v.attrs.keys()].sort(compareText);
      if (v.kind) return `{${keys.map((k) => `${JSON.stringify(k)}:${identity(v.attrs.get(k) as TfValue)};`).join("")}}`;
      return `<${keys.map((k) => `${identity(v.attrs.get(k) as TfValue)};`).join("")}>`;
    }
    default:
      return "?";
  }
}

/**
 * A set of values of type `of` (their unified type): duplicates dropped, in Terraform's order. Strings, numbers
 * and bools sort by value; other values by cty's hash text; values not known follow, nulls come last.
 */
export function setOf(items: TfValue[], range: Range | undefined, of: TfType): TfTuple {
  const seen = new Map<string, TfValue>();
  const pending: TfValue[] = [];
  for (const item of items) {
    if (!isKnown(item)) pending.push(item);
    else if (!seen.has(identity(item))) seen.set(identity(item), item);
  }
  const known = [...seen.values()];
  const compare = (a: TfValue, b: TfValue): number => {
    if (a.k === "null" || b.k === "null") return (a.k === "null" ? 1 : 0) - (b.k === "null" ? 1 : 0);
    if (of === "number" && a.k === "number" && b.k === "number") return a.value - b.value;
    if (of === "bool" && a.k === "bool" && b.k === "bool") return Number(a.value) - Number(b.value);
    if (of === "string" && a.k === "string" && b.k === "string") return compareText(a.text, b.text);
    return compareText(identity(a), identity(b));
  };
  const nulls = known.filter((v) => v.k === "null");
  return tuple([...known.filter((v) => v.k !== "null").sort(compare), ...pending, ...nulls], range, "set");
}

// --- JSON as Terraform's jsonencode writes it.

/** A string as Go's encoding/json quotes it: also `<`, `>`, `&`, U+2028 and U+2029 escaped. */
function quote(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The JSON text Terraform's jsonencode makes of a value: keys sorted, numbers in full; undefined when not known. */
export function jsonOf(v: TfValue): string | undefined {
  switch (v.k) {
    case "string":
      return v.known ? quote(v.text) : undefined;
    case "number":
      return Number.isFinite(v.value) ? numberText(v.value) : undefined;
    case "bool":
      return String(v.value);
    case "null":
      return "null";
    case "tuple": {
      const items = v.items.map(jsonOf);
      return items.some((i) => i === undefined) ? undefined : `[${items.join(",")}]`;
    }
    case "object": {
      const parts: string[] = [];
      for (const k of [...v.attrs.keys()].sort(compareText)) {
        const text = jsonOf(v.attrs.get(k) as TfValue);
        if (text === undefined) return undefined;
        parts.push(`${quote(k)}:${text}`);
      }
      const text = `{${parts.join(",")}}`;
      // A jsonencode result kept structured is a string holding that text.
      return v.json ? quote(text) : text;
    }
    default:
      return undefined;
  }
}
