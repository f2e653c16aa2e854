import { quickMeet, quickWithin } from "./arn-parts.js";
import { accepts, compilePattern, firstCodes, OTHER, START, step, type CompiledPattern, type PatternForm } from "./resource-pattern.js";

/**
 * Sets of resources as formulas over statements' resource lists, decided exactly: "is there a
 * resource this action acts on that the Allow covers, no Deny covers and the boundary covers?" is a
 * question about regular languages, answered by walking the product of the patterns' automata.
 * Containment between patterns therefore comes out right on its own (a Deny on `repository/?` does not
 * cover an Allow on `repository/*`; `repository/*` does cover `repository/app`).
 */

/**
 * One `Resource` or `NotResource` list (before the `Not`), with how it treats the two resources that
 * are not ARNs: `*`, what an action that acts on no resource type is asked on (ecr:GetAuthorizationToken),
 * and the call that names no resource at all, which an action whose resource is optional allows.
 */
export interface ResourceList {
  patterns: readonly string[];
  form: PatternForm;
  /** Whether the list holds `*`, the resource of an action that acts on no resource type. */
  star: boolean;
  /** Whether the list holds a call that names no resource. */
  unnamed: boolean;
}

export type ResourceFormula = boolean | { list: ResourceList } | { not: ResourceFormula } | { and: ResourceFormula[] } | { or: ResourceFormula[] };

/** What an action acts on: ARNs of its resource types, `*` alone, and possibly a call that names none. */
export interface ResourceUniverse {
  arns: readonly string[];
  star: boolean;
  unnamed: boolean;
}

export function and(...of: ResourceFormula[]): ResourceFormula {
  const parts: ResourceFormula[] = [];
  for (const f of of) {
    if (f === false) return false;
    if (f === true) continue;
    if (typeof f === "object" && "and" in f) parts.push(...f.and);
    else parts.push(f);
  }
  return parts.length === 0 ? true : parts.length === 1 ? (parts[0] as ResourceFormula) : { and: parts };
}

export function or(...of: ResourceFormula[]): ResourceFormula {
  const parts: ResourceFormula[] = [];
  for (const f of of) {
    if (f === true) return true;
    if (f === false) continue;
    if (typeof f === "object" && "or" in f) parts.push(...f.or);
    else parts.push(f);
  }
  return parts.length === 0 ? false : parts.length === 1 ? (parts[0] as ResourceFormula) : { or: parts };
}

export function not(f: ResourceFormula): ResourceFormula {
  if (typeof f === "boolean") return !f;
  if ("not" in f) return f.not;
  return { not: f };
}

/** Whether some resource of the universe satisfies the formula. */
export function satisfiable(universe: ResourceUniverse, formula: ResourceFormula): boolean {
  if (universe.star && atPoint(formula, "star")) return true;
  if (universe.unnamed && atPoint(formula, "unnamed")) return true;
  if (universe.arns.length === 0) return false;
  return someArn(and({ list: { patterns: universe.arns, form: "may", star: false, unnamed: false } }, formula));
}

/** Whether every resource of the universe satisfies the formula. */
export function valid(universe: ResourceUniverse, formula: ResourceFormula): boolean {
  return !satisfiable(universe, not(formula));
}

function atPoint(f: ResourceFormula, point: "star" | "unnamed"): boolean {
  if (typeof f === "boolean") return f;
  if ("list" in f) return f.list[point];
  if ("not" in f) return !atPoint(f.not, point);
  if ("and" in f) return f.and.every((g) => atPoint(g, point));
  return f.or.some((g) => atPoint(g, point));
}

/** A list holding `*` covers every ARN whatever the form; that settles most formulas without an automaton. */
function simplify(f: ResourceFormula): ResourceFormula {
  if (typeof f === "boolean") return f;
  if ("list" in f) return f.list.patterns.includes("*") ? true : f.list.patterns.length === 0 ? false : f;
  if ("not" in f) return not(simplify(f.not));
  if ("and" in f) return and(...f.and.map(simplify));
  return or(...f.or.map(simplify));
}

const answers = new Map<string, boolean>();
const MAX_ANSWERS = 200_000;
/** Product states walked before giving up; a policy would need dozens of interleaved wildcards to get near it. */
const MAX_STATES = 50_000;

function someArn(formula: ResourceFormula): boolean {
  const f = simplify(formula);
  if (typeof f === "boolean") return f;
  const quick = quickAnswer(f);
  if (quick !== undefined) return quick;
  const lists: ResourceList[] = [];
  const index = new Map<string, number>();
  const key = keyOf(f, lists, index);
  const known = answers.get(key);
  if (known !== undefined) return known;
  const answer = search(f, lists, index);
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(key, answer);
  return answer;
}

/** One pattern against another (does it meet the type, does it hold all of it): decided part by part. */
function quickAnswer(f: ResourceFormula): boolean | undefined {
  if (typeof f !== "object" || !("and" in f) || f.and.length !== 2) return undefined;
  const [first, second] = f.and;
  const single = (g: ResourceFormula | undefined) => (typeof g === "object" && "list" in g && g.list.patterns.length === 1 ? g.list : undefined);
  const a = single(first);
  if (!a) return undefined;
  const b = single(second);
  if (b) return quickMeet(a.patterns[0] as string, a.form, b.patterns[0] as string, b.form);
  const c = typeof second === "object" && "not" in second ? single(second.not) : undefined;
  if (!c) return undefined;
  const within = quickWithin(a.patterns[0] as string, a.form, c.patterns[0] as string, c.form);
  return within === undefined ? undefined : !within;
}

function listKey(list: ResourceList): string {
  return `${list.form}[${list.patterns.join("\u0001")}]`;
}

/** A canonical text of the formula (the cache key), numbering its distinct lists on the way. */
function keyOf(f: ResourceFormula, lists: ResourceList[], index: Map<string, number>): string {
  if (typeof f === "boolean") return f ? "T" : "F";
  if ("list" in f) {
    const k = listKey(f.list);
    if (!index.has(k)) {
      index.set(k, lists.length);
      lists.push(f.list);
    }
    return k;
  }
  if ("not" in f) return `!(${keyOf(f.not, lists, index)})`;
  if ("and" in f) return `&(${f.and.map((g) => keyOf(g, lists, index)).join(",")})`;
  return `|(${f.or.map((g) => keyOf(g, lists, index)).join(",")})`;
}

/**
 * Breadth-first over the product of every pattern's automaton. From each state only the characters its
 * patterns name at their current positions, the colon and one stand-in for all others lead apart.
 */
function search(f: ResourceFormula, lists: ResourceList[], index: Map<string, number>): boolean {
  const machines: CompiledPattern[] = [];
  const listOfMachine: number[] = [];
  lists.forEach((list, i) => {
    for (const p of list.patterns) {
      machines.push(compilePattern(p, list.form));
      listOfMachine.push(i);
    }
  });
  const codes = new Set<number>();
  const holds = evaluator(f, index);
  const flags = new Array<boolean>(lists.length);
  const n = machines.length;
  const check = (state: number[]) => {
    flags.fill(false);
    for (let i = 0; i < n; i++) if (accepts(machines[i] as CompiledPattern, state[i] as number)) flags[listOfMachine[i] as number] = true;
    return holds(flags);
  };
  const start = machines.map(() => START);
  // Up to three patterns, a state is one number (ids below 2^16 each); beyond, a string.
  const small = n <= 3;
  const keyOfState = (state: number[]): number | string => {
    if (small && state.every((id) => id < 65536)) return ((state[0] ?? 0) * 65536 + (state[1] ?? 0)) * 65536 + (state[2] ?? 0);
    return state.join(",");
  };
  const seen = new Set<number | string>([keyOfState(start)]);
  const queue: number[][] = [start];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] as number[];
    if (check(state)) return true;
    if (seen.size > MAX_STATES) return true; // out of budget: say the resource may exist, never that it cannot
    codes.clear();
    codes.add(58); // the colon bounds ARN parts
    codes.add(OTHER);
    for (let i = 0; i < n; i++) for (const c of firstCodes(machines[i] as CompiledPattern, state[i] as number)) codes.add(c);
    for (const code of codes) {
      const next = new Array<number>(n);
      for (let i = 0; i < n; i++) next[i] = step(machines[i] as CompiledPattern, state[i] as number, code);
      const k = keyOfState(next);
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push(next);
    }
  }
  return false;
}

function evaluator(f: ResourceFormula, index: Map<string, number>): (flags: boolean[]) => boolean {
  if (typeof f === "boolean") return () => f;
  if ("list" in f) {
    const i = index.get(listKey(f.list)) as number;
    return (flags) => flags[i] === true;
  }
  if ("not" in f) {
    const inner = evaluator(f.not, index);
    return (flags) => !inner(flags);
  }
  const parts = ("and" in f ? f.and : f.or).map((g) => evaluator(g, index));
  return "and" in f ? (flags) => parts.every((p) => p(flags)) : (flags) => parts.some((p) => p(flags));
}
