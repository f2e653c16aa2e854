import type { Range } from "../../model/source.js";
import { flowNestingLimitOffset, NESTING_MESSAGE } from "../../parse/nesting.js";
import {
  asText,
  bool,
  equal,
  fromPlain,
  isKnown,
  nil,
  num,
  object,
  originsOf,
  reasonOf,
  str,
  toPlain,
  tuple,
  unknown,
  type TfObject,
  type TfTuple,
  type TfValue,
} from "./value.js";

/** A definite evaluation error (Terraform would fail): `try` and `can` catch it; elsewhere it becomes an unknown. */
export class EvalError extends Error {}

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

function items(v: TfValue | undefined, site: CallSite): TfValue[] {
  if (v?.k === "tuple") return v.items;
  if (v?.k === "object") return [...v.attrs.values()];
  throw new EvalError(`${site.name}() needs a list`);
}

/** JSON text as Terraform's jsonencode writes it: object keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped (Go's encoding/json). */
export function jsonText(plain: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (x === null || typeof x !== "object") return x;
    const o = x as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sorted(o[k])]));
  };
  return JSON.stringify(sorted(plain)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function jsonObjectText(v: TfObject): string | undefined {
  const plain = toPlain(v);
  return plain === undefined ? undefined : jsonText(plain);
}

function derived(v: TfValue, args: TfValue[]): TfValue {
  const origins = originsOf(...args);
  return origins ? { ...v, origins } : v;
}

/** Terraform's `format` verbs that IAM code uses: %s %d %v %q %t %%, with the flags `-` and `0`, a width and a precision for %s. */
function format(spec: string, values: TfValue[], site: CallSite): string {
  let i = 0;
  return spec.replace(/%([-+ #0]*)(\d*)(?:\.(\d*))?(\[\d+\])?(.|$)/gsu, (raw, flags: string, width: string, precision: string | undefined, argNum: string | undefined, verb: string) => {
    if (verb === "%" && raw === "%%") return "%";
    if (verb === "") throw new EvalError("format() string ends in %");
    // Other verbs (%x, %e, ...) and explicit argument indexes are not evaluated: the result is not known, not guessed.
    if (argNum || !"sdvqt".includes(verb)) throw new NotEvaluated(`format() verb ${raw} is not evaluated by pullguard`);
    const v = values[i++];
    if (!v) throw new EvalError("format() has too few arguments");
    if (verb !== "v" && v.k === "null") throw new EvalError(`format() cannot format null with ${raw}`);
    let text: string;
    if (verb === "d") {
      // Terraform converts to a number and requires a whole one: "%d" of 3.5 or "x" is an error, not 3 or NaN.
      const n = v.k === "number" ? v.value : v.k === "string" && v.text.trim() !== "" ? Number(v.text) : NaN;
      if (!Number.isInteger(n)) throw new EvalError(`format() ${raw} needs a whole number`);
      text = String(Math.abs(n));
      if (flags.includes("0") && !flags.includes("-") && width) text = text.padStart(Number(width) - (n < 0 || flags.includes("+") ? 1 : 0), "0");
      text = (n < 0 ? "-" : flags.includes("+") ? "+" : "") + text;
    } else if (verb === "t") {
      const t = v.k === "bool" ? String(v.value) : asText(v);
      if (t !== "true" && t !== "false") throw new EvalError(`format() ${raw} needs a bool`);
      text = t;
    } else if (verb === "v" && (v.k === "string" || v.k === "number")) text = stringArg(v, site);
    else if (verb === "v") {
      const plain = toPlain(v);
      if (plain === undefined) throw new NotEvaluated(`format() ${raw} of a value that is not known (${reasonOf(v)})`);
      text = v.k === "object" && v.json ? stringArg(v, site) : jsonText(plain);
    } else {
      // %s and %q convert to a string: a list or an object is an error (only %v writes it as JSON).
      if (v.k === "tuple" || (v.k === "object" && !v.json)) throw new EvalError(`format() ${raw} cannot format a ${v.k}`);
      const chars = [...stringArg(v, site)];
      text = precision ? chars.slice(0, Number(precision)).join("") : chars.join("");
      if (verb === "q") text = jsonText(text);
    }
    const pad = Math.max(0, Number(width || 0) - [...text].length);
    if (pad === 0) return text;
    if (flags.includes("-")) return text + " ".repeat(pad);
    return (flags.includes("0") && verb !== "d" ? "0" : " ").repeat(pad) + text;
  });
}

function sortedKeys(o: TfObject): string[] {
  return [...o.attrs.keys()].sort();
}

/** The first of each distinct value, in order (unknowns are all kept). */
function distinctValues(list: TfValue[]): TfValue[] {
  const seen = new Map<string, TfValue>();
  for (const item of list) {
    const id = JSON.stringify(toPlain(item)) ?? `unknown:${seen.size}`;
    if (!seen.has(id)) seen.set(id, item);
  }
  return [...seen.values()];
}

/** Sets of strings iterate in lexical order in Terraform, sets of numbers in numeric order; other sets keep their order here. */
function toSet(list: TfValue[], range: Range | undefined): TfTuple {
  const out = distinctValues(list);
  if (out.every((v) => v.k === "string")) out.sort((a, b) => ((asText(a) ?? "") < (asText(b) ?? "") ? -1 : 1));
  else if (out.every((v) => v.k === "number")) out.sort((a, b) => a.value - b.value);
  return tuple(out, range);
}

const FUNCTIONS: Record<string, Fn> = {
  jsonencode: ([v], site) => {
    if (!v) throw new EvalError("jsonencode() needs a value");
    // Objects stay structured (a policy keeps the position of each action string); JSON text is made when needed.
    if (v.k === "object") return { ...v, json: true };
    const plain = toPlain(v);
    if (plain === undefined) return unknown(`jsonencode() of a value that is not known (${reasonOf(v)})`, site.range, originsFrom([v]));
    return str(jsonText(plain), site.range, originsFrom([v]));
  },
  jsondecode: ([v], site) => {
    // The decoded value is an object again, no longer JSON text (`length` counts its keys).
    if (v?.k === "object" && v.json) return { ...v, json: false };
    const pending = requireKnown([v ?? nil(site.range)], site);
    if (pending) return pending;
    const text = stringArg(v, site);
    // fromPlain recurses: JSON nested deeper than any real value is not read.
    if (flowNestingLimitOffset(text) !== undefined) throw new EvalError(`jsondecode() of JSON with ${NESTING_MESSAGE}`);
    try {
      return fromPlain(JSON.parse(text), v?.range ?? site.range);
    } catch (err) {
      if (err instanceof EvalError) throw err;
      throw new EvalError("jsondecode() of text that is not JSON");
    }
  },
  concat: (args, site) => derived(tuple(args.flatMap((a) => items(a, site)), site.range), args),
  merge: (args, site) => {
    const attrs = new Map<string, TfValue>();
    const keyRanges = new Map<string, Range>();
    for (const a of args) {
      if (a.k === "null") continue;
      if (a.k !== "object") return unknown(`merge() of a value that is not known (${reasonOf(a)})`, site.range);
      for (const [k, v] of a.attrs) {
        attrs.set(k, v);
        const r = a.keyRanges?.get(k);
        if (r) keyRanges.set(k, r);
      }
    }
    return object(attrs, site.range, keyRanges);
  },
  toset: ([v], site) => toSet(items(v, site), v?.range ?? site.range),
  tolist: ([v], site) => (v?.k === "tuple" ? v : tuple(items(v, site), v?.range ?? site.range)),
  tomap: ([v], site) => {
    if (v?.k !== "object") throw new EvalError("tomap() needs an object");
    void site;
    return v;
  },
  flatten: ([v], site) => {
    const out: TfValue[] = [];
    const walk = (x: TfValue) => (x.k === "tuple" ? x.items.forEach(walk) : out.push(x));
    items(v, site).forEach(walk);
    return tuple(out, v?.range ?? site.range);
  },
  // Unlike toset, distinct keeps the first occurrence of each value in order: distinct(["b", "a", "b"]) is ["b", "a"].
  distinct: ([v], site) => tuple(distinctValues(items(v, site)), v?.range ?? site.range),
  compact: ([v], site) => tuple(items(v, site).filter((x) => x.k !== "null" && !(x.k === "string" && x.known && x.text === "")), v?.range ?? site.range),
  format: (args, site) => {
    const state = partial(args);
    if (!state) return requireKnown(args, site) as TfValue;
    return str(format(stringArg(args[0], site), args.slice(1), site), site.range, { ...originsFrom(args), ...state });
  },
  formatlist: (args, site) => {
    const pending = requireKnown(args, site);
    if (pending) return pending;
    const lists = args.slice(1).filter((a): a is TfTuple => a.k === "tuple");
    const n = lists.length > 0 ? Math.max(...lists.map((l) => l.items.length)) : 1;
    const out: TfValue[] = [];
    for (let i = 0; i < n; i++) {
      const row = args.slice(1).map((a) => (a.k === "tuple" ? (a.items[i] ?? nil(site.range)) : a));
      out.push(str(format(stringArg(args[0], site), row, site), site.range));
    }
    return tuple(out, site.range);
  },
  join: ([sep, list], site) => {
    const values = items(list, site);
    // join("", [x]) is x: keep a single unknown value (and what it refers to) as it is.
    if (values.length === 1 && values[0] && !isKnown(values[0])) return values[0];
    const state = partial([sep ?? nil(site.range), ...values]);
    if (!state) return requireKnown([sep ?? nil(site.range), ...values], site) as TfValue;
    return str(values.map((v) => stringArg(v, site)).join(stringArg(sep, site)), site.range, { ...originsFrom(values), ...state });
  },
  split: ([sep, text], site) => {
    const pending = requireKnown([sep ?? nil(site.range), text ?? nil(site.range)], site);
    if (pending) return pending;
    return tuple(stringArg(text, site).split(stringArg(sep, site)).map((s) => str(s, text?.range ?? site.range)), site.range);
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
    } else result = source.split(s).join(r);
    return str(result, text?.range ?? site.range, originsFrom([text ?? nil(site.range)]));
  },
  lookup: ([map, key, fallback], site) => {
    if (map?.k !== "object") {
      if (map && !isKnown(map)) return unknown(`lookup() in a map that is not known (${reasonOf(map)})`, site.range);
      throw new EvalError("lookup() needs a map");
    }
    const k = key ? asText(key) : undefined;
    if (k === undefined) return unknown("lookup() with a key that is not known", site.range);
    const hit = map.attrs.get(k);
    if (hit) return hit;
    if (fallback) return fallback;
    throw new EvalError(`lookup() found no key "${k}"`);
  },
  element: ([list, index], site) => {
    const values = items(list, site);
    if (!index || !isKnown(index)) return unknown("element() with an index that is not known", site.range);
    const i = index.k === "number" ? index.value : Number(asText(index));
    // Terraform fails on an empty list or a fractional index (try() then takes its fallback).
    if (values.length === 0) throw new EvalError("element() of an empty list");
    if (!Number.isInteger(i)) throw new EvalError("element() needs a whole number index");
    // Wraps around; a negative index counts from the end (Terraform 1.10 and later).
    return values[((i % values.length) + values.length) % values.length] as TfValue;
  },
  coalesce: (args, site) => {
    for (const a of args) {
      if (!isKnown(a)) return unknown(`coalesce() of a value that is not known (${reasonOf(a)})`, site.range, originsFrom(args));
      if (a.k === "null" || (a.k === "string" && a.text === "")) continue;
      return a;
    }
    throw new EvalError("coalesce() found no non-null, non-empty argument");
  },
  coalescelist: (args, site) => {
    for (const a of args) {
      if (a.k === "unknown" || a.k === "cond") return unknown("coalescelist() of a value that is not known", site.range);
      if (a.k === "tuple" && a.items.length > 0) return a;
    }
    throw new EvalError("coalescelist() found no non-empty list");
  },
  length: ([v], site) => {
    if (v?.k === "object" && v.json) {
      const text = jsonObjectText(v);
      return text === undefined ? unknown(`length() of a value that is not known (${reasonOf(v)})`, site.range) : num([...text].length, site.range);
    }
    if (v?.k === "string") return v.known ? num([...v.text].length, site.range) : unknown("length() of a string that is not known", site.range);
    if (v?.k === "tuple") return num(v.items.length, site.range);
    if (v?.k === "object") return num(v.attrs.size, site.range);
    if (v?.k === "unknown" || v?.k === "cond") return unknown(`length() of a value that is not known (${reasonOf(v)})`, site.range);
    throw new EvalError("length() needs a string, list or map");
  },
  keys: ([v], site) => {
    if (v?.k !== "object") return unknown("keys() of a value that is not known", site.range);
    return tuple(sortedKeys(v).map((k) => str(k, v.keyRanges?.get(k) ?? v.range)), site.range);
  },
  values: ([v], site) => {
    if (v?.k !== "object") return unknown("values() of a value that is not known", site.range);
    return tuple(sortedKeys(v).map((k) => v.attrs.get(k) as TfValue), site.range);
  },
  contains: ([list, value], site) => {
    const values = items(list, site);
    if (!value) throw new EvalError("contains() needs a value");
    let unsure = false;
    for (const v of values) {
      const same = equal(v, value);
      if (same) return bool(true, site.range);
      if (same === undefined) unsure = true;
    }
    return unsure ? unknown("contains() over values that are not known", site.range) : bool(false, site.range);
  },
  lower: ([v], site) => mapString(v, site, (s) => s.toLowerCase()),
  upper: ([v], site) => mapString(v, site, (s) => s.toUpperCase()),
  trimspace: ([v], site) => mapString(v, site, (s) => s.trim()),
  trimprefix: ([v, p], site) => mapString(v, site, (s) => (s.startsWith(stringArg(p, site)) ? s.slice(stringArg(p, site).length) : s)),
  trimsuffix: ([v, p], site) => mapString(v, site, (s) => (s.endsWith(stringArg(p, site)) ? s.slice(0, s.length - stringArg(p, site).length) : s)),
  substr: ([v, offset, length], site) => {
    const pending = requireKnown([v ?? nil(site.range), offset ?? nil(site.range), length ?? nil(site.range)], site);
    if (pending) return pending;
    const chars = [...stringArg(v, site)];
    const o = Number(asText(offset as TfValue));
    const l = Number(asText(length as TfValue));
    const start = o < 0 ? chars.length + o : o;
    return str(chars.slice(start, l < 0 ? undefined : start + l).join(""), v?.range ?? site.range);
  },
  startswith: ([v, p], site) => boolOfStrings([v, p], site, (s, q) => s.startsWith(q)),
  endswith: ([v, p], site) => boolOfStrings([v, p], site, (s, q) => s.endsWith(q)),
  strcontains: ([v, p], site) => boolOfStrings([v, p], site, (s, q) => s.includes(q)),
  tostring: ([v], site) => {
    if (!v) throw new EvalError("tostring() needs a value");
    if (v.k === "string" || v.k === "null" || v.k === "unknown" || v.k === "cond" || (v.k === "object" && v.json)) return v;
    const text = asText(v);
    if (text === undefined) throw new EvalError("tostring() of a collection");
    return str(text, v.range ?? site.range);
  },
  tonumber: ([v], site) => {
    if (v?.k === "number" || v?.k === "null") return v;
    if (v?.k === "string" && v.known && v.text.trim() !== "" && Number.isFinite(Number(v.text))) return num(Number(v.text), v.range);
    if (v && !isKnown(v)) return unknown("tonumber() of a value that is not known", site.range);
    throw new EvalError("tonumber() of text that is not a number");
  },
  tobool: ([v], site) => {
    if (v?.k === "bool" || v?.k === "null") return v;
    if (v?.k === "string" && v.known && (v.text === "true" || v.text === "false")) return bool(v.text === "true", v.range);
    if (v && !isKnown(v)) return unknown("tobool() of a value that is not known", site.range);
    throw new EvalError("tobool() of a value that is not a bool");
  },
  zipmap: ([ks, vs], site) => {
    const keyList = items(ks, site);
    const valueList = items(vs, site);
    const attrs = new Map<string, TfValue>();
    keyList.forEach((k, i) => {
      const key = asText(k);
      if (key !== undefined) attrs.set(key, valueList[i] ?? nil(site.range));
    });
    return object(attrs, site.range);
  },
  setunion: (args, site) => toSet(args.flatMap((a) => items(a, site)), site.range),
  setsubtract: ([a, b], site) => {
    const remove = items(b, site);
    return toSet(items(a, site).filter((x) => !remove.some((y) => equal(x, y) === true)), site.range);
  },
  setintersection: ([a, ...rest], site) =>
    toSet(items(a, site).filter((x) => rest.every((r) => items(r, site).some((y) => equal(x, y) === true))), site.range),
  slice: ([list, from, to], site) => {
    const values = items(list, site);
    const f = from?.k === "number" ? from.value : NaN;
    const t = to?.k === "number" ? to.value : NaN;
    if (!Number.isInteger(f) || !Number.isInteger(t)) return unknown("slice() bounds are not known", site.range);
    return tuple(values.slice(f, t), site.range);
  },
  reverse: ([list], site) => tuple([...items(list, site)].reverse(), site.range),
  sort: ([list], site) => {
    const values = items(list, site);
    const pending = requireKnown(values, site);
    if (pending) return pending;
    return tuple([...values].sort((a, b) => ((asText(a) ?? "") < (asText(b) ?? "") ? -1 : 1)), site.range);
  },
  range: (args, site) => {
    const pending = requireKnown(args, site);
    if (pending) return pending;
    const n = args.map((a) => Number(asText(a)));
    const [start, end, step] = n.length === 1 ? [0, n[0] ?? 0, 1] : [n[0] ?? 0, n[1] ?? 0, n[2] ?? 1];
    const out: TfValue[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) {
      out.push(num(i, site.range));
      if (out.length > 1024) throw new EvalError("range() is too long");
    }
    return tuple(out, site.range);
  },
  max: (args, site) => numeric(args, site, (ns) => Math.max(...ns)),
  min: (args, site) => numeric(args, site, (ns) => Math.min(...ns)),
  abs: (args, site) => numeric(args, site, (ns) => Math.abs(ns[0] ?? 0)),
  ceil: (args, site) => numeric(args, site, (ns) => Math.ceil(ns[0] ?? 0)),
  floor: (args, site) => numeric(args, site, (ns) => Math.floor(ns[0] ?? 0)),
  sum: ([list], site) => numeric(items(list, site), site, (ns) => ns.reduce((a, b) => a + b, 0)),
  one: ([list], site) => {
    const values = items(list, site);
    if (values.length === 0) return nil(site.range);
    if (values.length === 1) return values[0] as TfValue;
    throw new EvalError("one() of a list with more than one element");
  },
  alltrue: ([list], site) => {
    const values = items(list, site);
    if (values.some((v) => v.k === "bool" && !v.value)) return bool(false, site.range);
    return values.every((v) => v.k === "bool") ? bool(true, site.range) : unknown("alltrue() over values that are not known", site.range);
  },
  anytrue: ([list], site) => {
    const values = items(list, site);
    if (values.some((v) => v.k === "bool" && v.value)) return bool(true, site.range);
    return values.every((v) => v.k === "bool") ? bool(false, site.range) : unknown("anytrue() over values that are not known", site.range);
  },
  index: ([list, value], site) => {
    const values = items(list, site);
    const i = values.findIndex((v) => value !== undefined && equal(v, value) === true);
    if (i < 0) throw new EvalError("index() did not find the value");
    return num(i, site.range);
  },
  chunklist: ([list, size], site) => {
    const values = items(list, site);
    const n = size?.k === "number" ? size.value : 0;
    if (n <= 0) return tuple([tuple(values, site.range)], site.range);
    const out: TfValue[] = [];
    for (let i = 0; i < values.length; i += n) out.push(tuple(values.slice(i, i + n), site.range));
    return tuple(out, site.range);
  },
  base64encode: ([v], site) => mapString(v, site, (s) => Buffer.from(s, "utf8").toString("base64")),
  base64decode: ([v], site) => mapString(v, site, (s) => Buffer.from(s, "base64").toString("utf8")),
  basename: ([v], site) => mapString(v, site, (s) => s.split("/").pop() ?? s),
  dirname: ([v], site) => mapString(v, site, (s) => s.split("/").slice(0, -1).join("/") || "."),
};

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
  const ns = args.map((a) => Number(asText(a)));
  if (ns.some((n) => !Number.isFinite(n))) throw new EvalError(`${site.name}() needs numbers`);
  return num(f(ns), site.range);
}

/** Functions whose result is never known before apply, or that pullguard does not evaluate. */
const OPAQUE = new Set(["timestamp", "uuid", "bcrypt", "uuidv5", "md5", "sha1", "sha256", "sha512", "filemd5", "filesha256", "cidrsubnet", "cidrhost", "cidrsubnets", "cidrnetmask", "timeadd", "plantimestamp", "regex", "regexall", "yamldecode", "yamlencode", "csvdecode", "urlencode", "issensitive", "type"]);

/** Thrown for input pullguard does not evaluate (a rare `format` verb): the result is unknown, not an error. */
class NotEvaluated extends Error {}

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
