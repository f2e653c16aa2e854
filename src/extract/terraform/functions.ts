import type { Range } from "../../model/source.js";
import { flowNestingLimitOffset, NESTING_MESSAGE } from "../../parse/nesting.js";
import {
  arithmetic,
  asText,
  bool,
  commonType,
  compareText,
  convert,
  equal,
  EvalError,
  exactInBinary,
  fromPlain,
  isKnown,
  jsonOf,
  nil,
  num,
  numberText,
  object,
  originsOf,
  readNumber,
  reasonOf,
  sameType,
  setOf,
  str,
  tuple,
  typeOf,
  unify,
  unknown,
  type TfObject,
  type TfTuple,
  type TfType,
  type TfValue,
} from "./value.js";

export { EvalError };

export interface CallSite {
  name: string;
  range: Range;
}

type Fn = (args: TfValue[], site: CallSite) => TfValue;

/** A string whose unknown parts are placeholders still renders; the result is then not known either. */
function partial(args: TfValue[]): { known: boolean; reason?: string } | undefined {
  let known = true;
  let reason: string | undefined;
  for (const a of args) {
    if (a.k === "string") {
      if (!a.known) {
        known = false;
        reason ??= a.reason;
      }
    } else if (a.k !== "number" && a.k !== "bool" && a.k !== "null" && !(a.k === "tuple" && a.items.every((i) => partial([i]))) && !isKnown(a)) return undefined;
  }
  return reason === undefined ? { known } : { known, reason };
}

function requireKnown(args: TfValue[], site: CallSite): TfValue | undefined {
  const missing = args.find((a) => !isKnown(a));
  if (!missing) return undefined;
  return unknown(`${site.name}() of a value that is not known (${reasonOf(missing)})`, site.range, originsFrom(args));
}

function originsFrom(args: TfValue[]): { origins?: Range[] } {
  const origins = originsOf(...args);
  return origins ? { origins } : {};
}

function stringArg(v: TfValue | undefined, site: CallSite): string {
  // jsonencode() keeps objects structured, but to string functions they are the JSON text Terraform makes.
  const text = v?.k === "object" && v.json ? jsonObjectText(v) : v ? asText(v) : undefined;
  if (text === undefined) throw new EvalError(`${site.name}() needs a string`);
  return text;
}

/** A number argument: a number, or a string Terraform converts to one. */
function numberArg(v: TfValue | undefined, site: CallSite): number {
  const n = v ? convert(v, "number") : undefined;
  if (n?.k !== "number") throw new EvalError(`${site.name}() needs a number`);
  return n.value;
}

/** The elements of a list, tuple or set argument (Terraform does not take a map where a list is wanted). */
function items(v: TfValue | undefined, site: CallSite): TfValue[] {
  if (v?.k === "tuple") return v.items;
  throw new EvalError(`${site.name}() needs a list`);
}

/** The elements of a list or tuple argument: a set has no order to index or slice. */
function sequence(v: TfValue | undefined, site: CallSite): TfValue[] {
  if (v?.k === "tuple" && v.kind !== "set") return v.items;
  throw new EvalError(`${site.name}() needs a list or tuple`);
}

/** Elements converted to their common type, as Terraform converts a tuple given where a list is wanted. */
function unified(values: TfValue[], site: CallSite): { values: TfValue[]; type: TfType } {
  if (values.length === 0) return { values, type: "dynamic" };
  const type = commonType(values.map(typeOf));
  if (!type) throw new EvalError(`${site.name}(): the elements have no common type`);
  return { values: values.map((v) => convert(v, type)), type };
}

/** A list of `type` (a parameter such as `list(string)`): each element converted. */
function listOf(v: TfValue | undefined, type: TfType, site: CallSite): TfValue[] {
  return items(v, site).map((x) => convert(x, type));
}

function jsonObjectText(v: TfObject): string | undefined {
  return jsonOf({ ...v, json: false });
}

function derived(v: TfValue, args: TfValue[]): TfValue {
  const origins = originsOf(...args);
  return origins ? { ...v, origins } : v;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Terraform counts and cuts strings by grapheme cluster (what a reader sees as one character). */
function graphemes(s: string): string[] {
  return [...segmenter.segment(s)].map((g) => g.segment);
}

/** Terraform's `format` verbs that IAM code uses: %v %t %s %q %d %f %%, with flags, a width and a precision. Every argument must be used. */
function format(spec: string, values: TfValue[], site: CallSite): string {
  let i = 0;
  const out = spec.replace(/%([-+ #0]*)(\d*)(?:\.(\d*))?(\[\d+\])?(.|$)/gsu, (raw, flags: string, width: string, precision: string | undefined, argNum: string | undefined, verb: string) => {
    if (raw === "%%") return "%";
    if (verb === "") throw new EvalError("format() string ends in %");
    // Other verbs (%x, %e, ...) and explicit argument indexes are not evaluated: the result is not known, not guessed.
    if (argNum || !"vtsqdf".includes(verb)) throw new NotEvaluated(`format() verb ${raw} is not evaluated by pullguard`);
    const v = values[i++];
    if (!v) throw new EvalError("format() has too few arguments");
    if (verb !== "v" && v.k === "null") throw new EvalError(`format() cannot format null with ${raw}`);
    let text: string;
    if (verb === "d") return padNumber(formatInteger(v, flags, raw, site), flags, width);
    if (verb === "f") return padNumber(withSign(formatFixed(numberArg(v, site), precision === undefined ? 6 : Number(precision || 0), raw), flags), flags, width);
    if (verb === "t") {
      const t = convert(v, "bool");
      if (t.k !== "bool") throw new EvalError(`format() ${raw} needs a bool`);
      text = String(t.value);
    } else if (verb === "v" && (v.k === "string" || (v.k === "object" && v.json))) text = stringArg(v, site);
    else if (verb === "v" && v.k === "number") text = goGeneral(v.value);
    else if (verb === "v") {
      const json = jsonOf(v);
      if (json === undefined) throw new NotEvaluated(`format() ${raw} of a value that is not known (${reasonOf(v)})`);
      text = json;
    } else {
      // %s and %q convert to a string: a list or an object is an error (only %v writes it as JSON).
      if (v.k === "tuple" || (v.k === "object" && !v.json)) throw new EvalError(`format() ${raw} cannot format a ${v.k}`);
      const chars = graphemes(stringArg(v, site));
      text = precision ? chars.slice(0, Number(precision)).join("") : chars.join("");
      if (verb === "q") text = jsonOf(str(text, undefined)) ?? "";
    }
    const pad = Math.max(0, Number(width || 0) - graphemes(text).length);
    if (pad === 0) return text;
    if (flags.includes("-")) return text + " ".repeat(pad);
    return (flags.includes("0") ? "0" : " ").repeat(pad) + text;
  });
  if (i < values.length) throw new EvalError(`format() has too many arguments; only ${i} used`);
  return out;
}

/** Go's %d: Terraform converts to a number and requires a whole one ("%d" of 3.5 or "x" is an error, not 3 or NaN). */
function formatInteger(v: TfValue, flags: string, raw: string, site: CallSite): string {
  let n: number;
  try {
    n = numberArg(v, site);
  } catch {
    throw new EvalError(`format() ${raw} needs a whole number`);
  }
  if (!Number.isInteger(n)) throw new EvalError(`format() ${raw} needs a whole number`);
  if (!Number.isSafeInteger(n)) throw new NotEvaluated(`format() ${raw} of a number beyond 64-bit precision is not evaluated by pullguard`);
  return withSign(String(n), flags);
}

/** A number's text with the sign the flags `+` and ` ` ask for. */
function withSign(text: string, flags: string): string {
  if (text.startsWith("-")) return text;
  return (flags.includes("+") ? "+" : flags.includes(" ") ? " " : "") + text;
}

/** A number padded to the width: zeros go after the sign. */
function padNumber(text: string, flags: string, width: string): string {
  const w = Number(width || 0);
  const sign = /^[-+ ]/.test(text) ? text.slice(0, 1) : "";
  if (flags.includes("0") && !flags.includes("-")) return sign + text.slice(sign.length).padStart(w - sign.length, "0");
  return flags.includes("-") ? text.padEnd(w) : text.padStart(w);
}

/** Go's %.Nf: rounded in decimal, half to even; a tie Terraform's binary value may break either way is not guessed. */
function formatFixed(n: number, precision: number, raw: string): string {
  const text = numberText(n);
  const [whole = "", frac = ""] = text.replace("-", "").split(".");
  const sign = text.startsWith("-") ? "-" : "";
  if (frac.length <= precision) return `${sign}${whole}${precision > 0 ? `.${frac.padEnd(precision, "0")}` : ""}`;
  const cut = frac.slice(precision);
  if (/^50*$/.test(cut) && !exactInBinary(n)) throw new NotEvaluated(`format() ${raw} of a tie pullguard cannot round as Terraform does`);
  const digits = BigInt(whole + frac.slice(0, precision));
  const last = digits % 10n;
  const up = cut[0] === "5" ? !/^50*$/.test(cut) || last % 2n === 1n : (cut[0] ?? "0") > "5";
  const rounded = (digits + (up ? 1n : 0n)).toString().padStart(precision + 1, "0");
  const point = rounded.length - precision;
  return `${sign}${rounded.slice(0, point)}${precision > 0 ? `.${rounded.slice(point)}` : ""}`;
}

/** Go's shortest %g of a number (what %v writes): an exponent from 1e+06 up and below 1e-4. */
function goGeneral(n: number): string {
  const text = numberText(n);
  const sign = text.startsWith("-") ? "-" : "";
  const [whole = "", frac = ""] = text.slice(sign.length).split(".");
  const digits = (whole + frac).replace(/^0+/, "");
  if (digits === "") return text;
  const significant = digits.replace(/0+$/, "");
  const exp = /[1-9]/.test(whole) ? whole.replace(/^0+/, "").length - 1 : -(frac.length - frac.replace(/^0+/, "").length) - 1;
  if (exp >= -4 && exp < 6) return text;
  const mantissa = significant.length > 1 ? `${significant[0]}.${significant.slice(1)}` : significant;
  return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

const FUNCTIONS: Record<string, Fn> = {
  yamlencode,
  // Every combination of one element of each argument (for_each over node groups × policies); the elements' order is kept.
  setproduct: (args, site) => {
    if (args.length < 2) throw new EvalError("setproduct() needs at least two collections");
    let rows: TfValue[][] = [[]];
    for (const a of args) {
      const values = items(a, site);
      rows = rows.flatMap((row) => values.map((v) => [...row, v]));
      if (rows.length > 4096) throw new NotEvaluated("setproduct() of more than 4096 combinations is not evaluated by pullguard");
    }
    return tuple(rows.map((row) => tuple(row, site.range)), site.range, args.every((a) => a.k === "tuple" && a.kind === "set") ? "set" : "list");
  },
  jsonencode: ([v], site) => {
    if (!v) throw new EvalError("jsonencode() needs a value");
    // Objects stay structured (a policy keeps the position of each action string); JSON text is made when needed.
    if (v.k === "object" && !v.json) return { ...v, json: true };
    const text = jsonOf(v);
    if (text !== undefined) return str(text, site.range, originsFrom([v]));
    if (!isKnown(v)) return unknown(`jsonencode() of a value that is not known (${reasonOf(v)})`, site.range, originsFrom([v]));
    throw new EvalError("jsonencode() cannot write an infinite number");
  },
  jsondecode: ([v], site) => {
    // The decoded value is an object again, no longer JSON text (`length` counts its keys).
    if (v?.k === "object" && v.json) return { ...v, json: false };
    const pending = requireKnown([v ?? nil(site.range)], site);
    if (pending) return pending;
    const text = stringArg(v, site);
    // fromPlain recurses: JSON nested deeper than any real value is not read.
    if (flowNestingLimitOffset(text) !== undefined) throw new EvalError(`jsondecode() of JSON with ${NESTING_MESSAGE}`);
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch {
      throw new EvalError("jsondecode() of text that is not JSON");
    }
    if (jsonNumbers(text).some((n) => readNumber(n) === "inexact")) return unknown("jsondecode() of a number with more digits than pullguard keeps", site.range);
    return fromPlain(plain, v?.range ?? site.range);
  },
  concat: (args, site) => {
    if (args.length === 0) throw new EvalError("concat() needs at least one list");
    const lists = args.map((a) => sequence(a, site));
    // Lists stay a list; a tuple among them makes a tuple.
    if (args.every((a) => a.k === "tuple" && a.kind === "list")) {
      const type = unify(args.map(typeOf));
      if (type) return derived(convert(tuple(lists.flat(), site.range, "list"), type), args);
    }
    return derived(tuple(lists.flat(), site.range), args);
  },
  merge: (args, site) => {
    const attrs = new Map<string, TfValue>();
    const keyRanges = new Map<string, Range>();
    const present: TfObject[] = [];
    for (const a of args) {
      if (a.k === "null") continue;
      if (a.k !== "object" || a.json) {
        if (!isKnown(a)) return unknown(`merge() of a value that is not known (${reasonOf(a)})`, site.range);
        throw new EvalError(`merge() needs maps or objects, not a ${a.k}`);
      }
      present.push(a);
      for (const [k, v] of a.attrs) {
        attrs.set(k, v);
        const r = a.keyRanges?.get(k);
        if (r) keyRanges.set(k, r);
      }
    }
    const merged = object(attrs, site.range, keyRanges);
    // Maps all of one type merge into a map; anything else (a null among them too) into an object.
    const [first] = present;
    const asMap = first?.kind === "map" && present.length === args.length && present.every((p) => p.kind === "map" && sameType(typeOf(p), typeOf(first)));
    return asMap ? { ...merged, kind: "map" } : merged;
  },
  toset: ([v], site) => {
    if (v?.k === "null") return v;
    if (v?.k !== "tuple") throw new EvalError("toset() needs a list");
    const { values, type } = unified(v.items, site);
    return setOf(values, v.range ?? site.range, type);
  },
  tolist: ([v], site) => {
    if (v?.k === "null") return v;
    if (v?.k !== "tuple") throw new EvalError("tolist() needs a list");
    return { ...v, items: unified(v.items, site).values, kind: "list" };
  },
  tomap: ([v], site) => {
    if (v?.k === "null") return v;
    if (v?.k !== "object" || v.json) throw new EvalError("tomap() needs an object");
    const keys = [...v.attrs.keys()];
    const values = unified([...v.attrs.values()], site).values;
    return { ...v, attrs: new Map(keys.map((k, i) => [k, values[i] as TfValue])), kind: "map" };
  },
  flatten: ([v], site) => {
    const out: TfValue[] = [];
    const walk = (x: TfValue) => (x.k === "tuple" ? x.items.forEach(walk) : out.push(x));
    items(v, site).forEach(walk);
    return tuple(out, v?.range ?? site.range);
  },
  // Unlike toset, distinct keeps the first occurrence of each value in order: distinct(["b", "a", "b"]) is ["b", "a"].
  distinct: ([v], site) => {
    const { values } = unified(items(v, site), site);
    const out: TfValue[] = [];
    for (const x of values) if (!out.some((y) => equal(x, y) === true)) out.push(x);
    return tuple(out, v?.range ?? site.range, "list");
  },
  compact: ([v], site) => tuple(listOf(v, "string", site).filter((x) => x.k !== "null" && !(x.k === "string" && x.known && x.text === "")), v?.range ?? site.range, "list"),
  format: (args, site) => {
    const state = partial(args);
    if (!state) return requireKnown(args, site) as TfValue;
    return str(format(stringArg(args[0], site), args.slice(1), site), site.range, { ...originsFrom(args), ...state });
  },
  formatlist: (args, site) => {
    const pending = requireKnown(args, site);
    if (pending) return pending;
    const lengths = new Set(args.slice(1).flatMap((a) => (a.k === "tuple" ? [a.items.length] : [])));
    if (lengths.size > 1) throw new EvalError("formatlist() needs lists of one length");
    const [n = 1] = lengths;
    const out: TfValue[] = [];
    for (let i = 0; i < n; i++) {
      const row = args.slice(1).map((a) => (a.k === "tuple" ? (a.items[i] as TfValue) : a));
      out.push(str(format(stringArg(args[0], site), row, site), site.range));
    }
    return tuple(out, site.range, "list");
  },
  join: ([sep, ...lists], site) => {
    if (lists.length === 0) throw new EvalError("join() needs a list");
    const values = lists.flatMap((l) => items(l, site));
    // join("", [x]) is x: keep a single unknown value (and what it refers to) as it is.
    if (values.length === 1 && values[0] && !isKnown(values[0])) return values[0];
    if (values.some((x) => x.k === "null")) throw new EvalError("join() of a null element");
    if (values.some((x) => x.k === "tuple" || (x.k === "object" && !x.json))) throw new EvalError("join() needs a list of strings");
    const state = partial([sep ?? nil(site.range), ...values]);
    if (!state) return requireKnown([sep ?? nil(site.range), ...values], site) as TfValue;
    return str(values.map((v) => stringArg(v, site)).join(stringArg(sep, site)), site.range, { ...originsFrom(values), ...state });
  },
  split: ([sep, text], site) => {
    const pending = requireKnown([sep ?? nil(site.range), text ?? nil(site.range)], site);
    if (pending) return pending;
    const separator = stringArg(sep, site);
    const source = stringArg(text, site);
    // Go splits on an empty separator between characters (code points), not UTF-16 units.
    const parts = separator === "" ? [...source] : source.split(separator);
    return tuple(parts.map((s) => str(s, text?.range ?? site.range)), site.range, "list");
  },
  replace: ([text, search, replacement], site) => {
    const pending = requireKnown([text ?? nil(site.range), search ?? nil(site.range), replacement ?? nil(site.range)], site);
    if (pending) return pending;
    const s = stringArg(search, site);
    const r = stringArg(replacement, site);
    const source = stringArg(text, site);
    let result: string;
    if (/^\/.*\/$/s.test(s)) {
      const re = goRegExp(s.slice(1, -1));
      if (!re) return unknown(`replace() with a regular expression pullguard cannot evaluate (${s})`, site.range, originsFrom([text ?? nil(site.range)]));
      result = source.replace(re, (...m: unknown[]) => expand(r, m));
    } else if (s === "") {
      // Go's strings.Replace with nothing to find inserts the replacement around every character.
      const chars = [...source];
      result = chars.length === 0 ? r : r + chars.join(r) + r;
    } else result = source.split(s).join(r);
    return str(result, text?.range ?? site.range, originsFrom([text ?? nil(site.range)]));
  },
  lookup: ([map, key, fallback], site) => {
    if (map?.k !== "object" || map.json) {
      if (map && !isKnown(map)) return unknown(`lookup() in a map that is not known (${reasonOf(map)})`, site.range);
      throw new EvalError("lookup() needs a map");
    }
    const k = key ? asText(key) : undefined;
    if (k === undefined) return unknown("lookup() with a key that is not known", site.range);
    const hit = map.attrs.get(k);
    if (hit) return hit;
    if (!fallback) throw new EvalError(`lookup() found no key "${k}"`);
    // A map's default must be of its element type (an object's may be anything).
    return map.kind === "map" ? convert(fallback, (typeOf(map) as { of: TfType }).of) : fallback;
  },
  element: ([list, index], site) => {
    const values = sequence(list, site);
    if (!index || !isKnown(index)) return unknown("element() with an index that is not known", site.range);
    const i = numberArg(index, site);
    // Terraform fails on an empty list or a fractional index (try() then takes its fallback).
    if (values.length === 0) throw new EvalError("element() of an empty list");
    if (!Number.isInteger(i)) throw new EvalError("element() needs a whole number index");
    // Wraps around; a negative index counts from the end (Terraform 1.10 and later).
    return values[((i % values.length) + values.length) % values.length] as TfValue;
  },
  coalesce: (args, site) => {
    const type = commonType(args.map(typeOf));
    if (!type) throw new EvalError("coalesce() needs arguments of one type");
    for (const a of args) {
      if (!isKnown(a)) return unknown(`coalesce() of a value that is not known (${reasonOf(a)})`, site.range, originsFrom(args));
      if (a.k === "null" || (a.k === "string" && a.text === "")) continue;
      return convert(a, type);
    }
    throw new EvalError("coalesce() found no non-null, non-empty argument");
  },
  coalescelist: (args, site) => {
    for (const a of args) {
      if (a.k === "unknown" || a.k === "cond") return unknown("coalescelist() of a value that is not known", site.range);
      if (sequence(a, site).length > 0) return a;
    }
    throw new EvalError("coalescelist() found no non-empty list");
  },
  length: ([v], site) => {
    if (v?.k === "object" && v.json) {
      const text = jsonObjectText(v);
      return text === undefined ? unknown(`length() of a value that is not known (${reasonOf(v)})`, site.range) : num(graphemes(text).length, site.range);
    }
    if (v?.k === "string") return v.known ? num(graphemes(v.text).length, site.range) : unknown("length() of a string that is not known", site.range);
    if (v?.k === "tuple") return num(v.items.length, site.range);
    if (v?.k === "object") return num(v.attrs.size, site.range);
    if (v?.k === "unknown" || v?.k === "cond") return unknown(`length() of a value that is not known (${reasonOf(v)})`, site.range);
    throw new EvalError("length() needs a string, list or map");
  },
  keys: ([v], site) => {
    if (v?.k !== "object" || v.json) {
      if (v && !isKnown(v)) return unknown("keys() of a value that is not known", site.range);
      throw new EvalError("keys() needs a map or object");
    }
    // A map's keys are a list, an object's a tuple.
    return tuple([...v.attrs.keys()].sort(compareText).map((k) => str(k, v.keyRanges?.get(k) ?? v.range)), site.range, v.kind === "map" ? "list" : undefined);
  },
  values: ([v], site) => {
    if (v?.k !== "object" || v.json) {
      if (v && !isKnown(v)) return unknown("values() of a value that is not known", site.range);
      throw new EvalError("values() needs a map or object");
    }
    return tuple([...v.attrs.keys()].sort(compareText).map((k) => v.attrs.get(k) as TfValue), site.range, v.kind === "map" ? "list" : undefined);
  },
  contains: ([list, value], site) => {
    const values = items(list, site);
    if (!value || value.k === "null") throw new EvalError("contains() needs a value that is not null");
    let unsure = false;
    for (const v of values) {
      const same = equal(v, value);
      if (same) return bool(true, site.range);
      if (same === undefined) unsure = true;
    }
    return unsure ? unknown("contains() over values that are not known", site.range) : bool(false, site.range);
  },
  lower: ([v], site) => mapString(v, site, (s) => caseMap(s, (c) => c.toLowerCase())),
  upper: ([v], site) => mapString(v, site, (s) => caseMap(s, (c) => c.toUpperCase())),
  trimspace: ([v], site) => mapString(v, site, (s) => s.replace(GO_SPACE, "")),
  trimprefix: ([v, p], site) => mapString(v, site, (s) => (s.startsWith(stringArg(p, site)) ? s.slice(stringArg(p, site).length) : s)),
  trimsuffix: ([v, p], site) => mapString(v, site, (s) => (s.endsWith(stringArg(p, site)) ? s.slice(0, s.length - stringArg(p, site).length) : s)),
  substr: ([v, offset, length], site) => {
    const pending = requireKnown([v ?? nil(site.range), offset ?? nil(site.range), length ?? nil(site.range)], site);
    if (pending) return pending;
    const chars = graphemes(stringArg(v, site));
    const o = numberArg(offset, site);
    const l = numberArg(length, site);
    const start = o < 0 ? Math.max(0, chars.length + o) : o;
    return str(chars.slice(start, l < 0 ? undefined : start + l).join(""), v?.range ?? site.range);
  },
  startswith: ([v, p], site) => boolOfStrings([v, p], site, (s, q) => s.startsWith(q)),
  endswith: ([v, p], site) => boolOfStrings([v, p], site, (s, q) => s.endsWith(q)),
  strcontains: ([v, p], site) => boolOfStrings([v, p], site, (s, q) => s.includes(q)),
  tostring: ([v]) => {
    if (!v) throw new EvalError("tostring() needs a value");
    return convert(v, "string");
  },
  tonumber: ([v]) => {
    if (!v) throw new EvalError("tonumber() needs a value");
    return convert(v, "number");
  },
  tobool: ([v]) => {
    if (!v) throw new EvalError("tobool() needs a value");
    return convert(v, "bool");
  },
  zipmap: ([ks, vs], site) => {
    const keyList = listOf(ks, "string", site);
    const valueList = items(vs, site);
    if (keyList.length !== valueList.length) throw new EvalError("zipmap() needs as many values as keys");
    const attrs = new Map<string, TfValue>();
    keyList.forEach((k, i) => {
      if (k.k !== "string" || !k.known) throw new EvalError("zipmap() needs keys that are known strings");
      attrs.set(k.text, valueList[i] as TfValue);
    });
    // Values from a tuple make an object, from a list or set a map.
    return vs?.k === "tuple" && vs.kind ? { ...object(attrs, site.range), kind: "map" } : object(attrs, site.range);
  },
  setunion: (args, site) => setFunction(args, site, (sets) => sets.flat()),
  setintersection: (args, site) => setFunction(args, site, ([first = [], ...rest]) => first.filter((x) => rest.every((r) => r.some((y) => equal(x, y) === true)))),
  setsubtract: (args, site) => setFunction(args, site, ([a = [], b = []]) => a.filter((x) => !b.some((y) => equal(x, y) === true))),
  slice: ([list, from, to], site) => {
    const values = sequence(list, site);
    const f = numberArg(from, site);
    const t = numberArg(to, site);
    if (!Number.isInteger(f) || !Number.isInteger(t) || f < 0 || t > values.length || f > t) throw new EvalError("slice() bounds are out of range");
    return { ...(list as TfTuple), items: values.slice(f, t), range: site.range };
  },
  reverse: ([list], site) => {
    if (list?.k !== "tuple") throw new EvalError("reverse() needs a list or tuple");
    return tuple([...list.items].reverse(), site.range, list.kind ? "list" : undefined);
  },
  sort: ([list], site) => {
    const values = listOf(list, "string", site);
    const pending = requireKnown(values, site);
    if (pending) return pending;
    if (values.some((v) => v.k === "null")) throw new EvalError("sort() of a null element");
    return tuple([...values].sort((a, b) => compareText(asText(a) ?? "", asText(b) ?? "")), site.range, "list");
  },
  range: (args, site) => {
    const pending = requireKnown(args, site);
    if (pending) return pending;
    const n = args.map((a) => numberArg(a, site));
    if (n.length < 1 || n.length > 3) throw new EvalError("range() needs one, two or three numbers");
    const [start, end, step] = n.length === 1 ? [0, n[0] ?? 0, 1] : [n[0] ?? 0, n[1] ?? 0, n[2] ?? ((n[0] ?? 0) > (n[1] ?? 0) ? -1 : 1)];
    if (step === 0) throw new EvalError("range() step must not be zero");
    if (step > 0 ? end < start : end > start) throw new EvalError("range() end is on the wrong side of start for its step");
    const out: TfValue[] = [];
    let i: number | undefined = start;
    while (i !== undefined && (step > 0 ? i < end : i > end)) {
      if (out.length >= 1024) throw new EvalError("range() is too long");
      out.push(num(i, site.range));
      i = arithmetic("+", i, step);
    }
    return i === undefined ? unknown("range() with steps pullguard cannot add exactly", site.range) : tuple(out, site.range, "list");
  },
  max: (args, site) => numeric(args, site, (ns) => Math.max(...ns)),
  min: (args, site) => numeric(args, site, (ns) => Math.min(...ns)),
  abs: (args, site) => numeric(args, site, (ns) => Math.abs(ns[0] ?? 0)),
  ceil: (args, site) => numeric(args, site, (ns) => Math.ceil(ns[0] ?? 0)),
  floor: (args, site) => numeric(args, site, (ns) => Math.floor(ns[0] ?? 0)),
  sum: ([list], site) => {
    const values = items(list, site);
    const pending = requireKnown(values, site);
    if (pending) return pending;
    let total: number | undefined = 0;
    for (const v of values) total = total === undefined ? undefined : arithmetic("+", total, numberArg(v, site));
    return total === undefined ? unknown("sum() of numbers pullguard cannot add exactly", site.range) : num(total, site.range);
  },
  one: ([list], site) => {
    const values = items(list, site);
    if (values.length === 0) return nil(site.range);
    if (values.length === 1) return values[0] as TfValue;
    throw new EvalError("one() of a list with more than one element");
  },
  // In order, as Terraform: an unknown element before the one that decides makes the result unknown.
  alltrue: ([list], site) => {
    for (const v of listOf(list, "bool", site)) {
      if (!isKnown(v)) return unknown("alltrue() over values that are not known", site.range);
      if (v.k === "null" || (v.k === "bool" && !v.value)) return bool(false, site.range);
    }
    return bool(true, site.range);
  },
  anytrue: ([list], site) => {
    let unsure = false;
    for (const v of listOf(list, "bool", site)) {
      if (!isKnown(v)) unsure = true;
      else if (v.k === "bool" && v.value) return bool(true, site.range);
    }
    return unsure ? unknown("anytrue() over values that are not known", site.range) : bool(false, site.range);
  },
  index: ([list, value], site) => {
    const values = sequence(list, site);
    const i = values.findIndex((v) => value !== undefined && equal(v, value) === true);
    if (i < 0) throw new EvalError("index() did not find the value");
    return num(i, site.range);
  },
  chunklist: ([list, size], site) => {
    const values = items(list, site);
    const n = size?.k === "number" ? size.value : 0;
    if (n <= 0) return tuple([tuple(values, site.range, "list")], site.range, "list");
    const out: TfValue[] = [];
    for (let i = 0; i < values.length; i += n) out.push(tuple(values.slice(i, i + n), site.range, "list"));
    return tuple(out, site.range, "list");
  },
  base64encode: ([v], site) => mapString(v, site, (s) => Buffer.from(s, "utf8").toString("base64")),
  base64decode: ([v], site) =>
    mapString(v, site, (s) => {
      // Go's standard decoder: padding required, no URL alphabet, line breaks ignored; the bytes must be UTF-8.
      const data = s.replace(/[\r\n]/g, "");
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(data)) throw new EvalError("base64decode() of text that is not base64");
      try {
        return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(data, "base64"));
      } catch {
        throw new EvalError("base64decode() of bytes that are not UTF-8");
      }
    }),
  basename: ([v], site) => mapString(v, site, goBase),
  dirname: ([v], site) => mapString(v, site, goDir),
};

/** The number tokens of a JSON text (outside its strings). */
function jsonNumbers(text: string): string[] {
  return text.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g) ?? [];
}

/** setunion, setintersection, setsubtract: every argument a set of one common element type. */
function setFunction(args: TfValue[], site: CallSite, f: (sets: TfValue[][]) => TfValue[]): TfValue {
  const lists = args.map((a) => items(a, site));
  const { type } = unified(lists.flat(), site);
  const sets = lists.map((l) => setOf(l.map((x) => convert(x, type)), site.range, type).items);
  return setOf(f(sets), site.range, type);
}

/** Go's unicode.IsSpace, which strings.TrimSpace uses (not JavaScript's trim: U+0085 is space, U+FEFF is not). */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Go maps case one character at a time: a character whose full mapping is longer (ß to SS) stays as it is. */
function caseMap(s: string, f: (c: string) => string): string {
  return [...s].map((c) => (f(c).length === c.length ? f(c) : c)).join("");
}

/** Go's path.Clean: one slash between names, `.` dropped, `..` resolved. */
function goClean(path: string): string {
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !rooted) out.push(part);
  }
  const joined = out.join("/");
  return rooted ? `/${joined}` : joined || ".";
}

/** Go's filepath.Base. */
function goBase(path: string): string {
  if (path === "") return ".";
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Go's filepath.Dir: everything before the last slash, cleaned. */
function goDir(path: string): string {
  return goClean(path.slice(0, path.lastIndexOf("/") + 1));
}

/**
 * A Go (RE2) regular expression as a JavaScript one, or undefined when it cannot be translated. Leading flags
 * `(?i)` `(?s)` `(?m)` and `(?P<name>` are translated; the `u` flag makes escapes JavaScript reads differently
 * (`\A`, `\z`, `\pL`) fail instead of matching something else.
 */
function goRegExp(pattern: string): RegExp | undefined {
  const flags = /^\(\?([ism]+)\)/.exec(pattern);
  const body = (flags ? pattern.slice(flags[0].length) : pattern).replace(/\(\?P</g, "(?<");
  try {
    return new RegExp(body, `gu${[...new Set(flags?.[1] ?? "")].join("")}`);
  } catch {
    return undefined;
  }
}

/** Go's Regexp.Expand for replace(): `$1`, `${1}`, `$name`, `${name}` and `$$`; a `$` that starts none of them stays as it is. */
function expand(template: string, match: unknown[]): string {
  const last = match[match.length - 1];
  const groups = typeof last === "object" && last !== null ? (last as Record<string, string | undefined>) : undefined;
  const offsetAt = match.findIndex((x) => typeof x === "number");
  const captures = match.slice(0, offsetAt) as (string | undefined)[];
  // A name is as long as possible, as in Go: `$1x` is the group named `1x`, not group 1 followed by x.
  return template.replace(/\$(?:(\$)|\{(\w+)\}|(\w+))?/g, (all, dollar?: string, braced?: string, bare?: string) => {
    if (dollar) return "$";
    const name = braced ?? bare;
    if (name === undefined) return all;
    return (/^\d+$/.test(name) ? captures[Number(name)] : groups?.[name]) ?? "";
  });
}

function mapString(v: TfValue | undefined, site: CallSite, f: (s: string) => string): TfValue {
  if (!v) throw new EvalError(`${site.name}() needs a string`);
  if (!isKnown(v)) return unknown(`${site.name}() of a value that is not known (${reasonOf(v)})`, site.range, originsFrom([v]));
  return str(f(stringArg(v, site)), v.range ?? site.range, originsFrom([v]));
}

function boolOfStrings(args: (TfValue | undefined)[], site: CallSite, f: (a: string, b: string) => boolean): TfValue {
  const [a, b] = args;
  if (!a || !b) throw new EvalError(`${site.name}() needs two strings`);
  const pending = requireKnown([a, b], site);
  if (pending) return pending;
  return bool(f(stringArg(a, site), stringArg(b, site)), site.range);
}

function numeric(args: TfValue[], site: CallSite, f: (ns: number[]) => number): TfValue {
  const pending = requireKnown(args, site);
  if (pending) return pending;
  return num(f(args.map((a) => numberArg(a, site))), site.range);
}

/** Functions whose result is never known before apply, or that pullguard does not evaluate. */
const OPAQUE = new Set(["timestamp", "uuid", "bcrypt", "uuidv5", "md5", "sha1", "sha256", "sha512", "filemd5", "filesha256", "cidrsubnet", "cidrhost", "cidrsubnets", "cidrnetmask", "timeadd", "plantimestamp", "regex", "regexall", "yamldecode", "csvdecode", "urlencode", "issensitive", "type"]);

/** Thrown for input pullguard does not evaluate (a rare `format` verb): the result is unknown, not an error. */
class NotEvaluated extends Error {}

/** YAML text is not rendered; the value it encodes is kept for readers of that text (aws-auth's mapRoles). */
function yamlencode(args: TfValue[], site: CallSite): TfValue {
  const [v] = args;
  return unknown("yamlencode() is not evaluated by pullguard", site.range, { ...originsFrom(args), ...(v ? { encodes: v } : {}) });
}

export function callFunction(name: string, args: TfValue[], site: CallSite): TfValue {
  const fn = FUNCTIONS[name];
  if (fn) {
    try {
      return fn(args, site);
    } catch (err) {
      if (err instanceof NotEvaluated) return unknown(err.message, site.range, originsFrom(args));
      // Terraform checks a value only once it is known: an error over an argument not known yet is no error
      // (else try(concat(var.unset, []), []) would pick the fallback and can() would say false).
      const pending = err instanceof EvalError ? args.find((a) => !isKnown(a)) : undefined;
      if (pending) return unknown(`${name}() of a value that is not known (${reasonOf(pending)})`, site.range, originsFrom(args));
      throw err;
    }
  }
  if (name === "sensitive" || name === "nonsensitive") return args[0] ?? nil(site.range);
  if (OPAQUE.has(name) || name.startsWith("provider::")) return unknown(`${name}() is not evaluated by pullguard`, site.range, originsFrom(args));
  return unknown(`unknown function ${name}()`, site.range, originsFrom(args));
}
