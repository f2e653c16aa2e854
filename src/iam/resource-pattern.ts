/**
 * IAM resource patterns as automata. A pattern matches resources as IAM matches a statement's
 * `Resource`: case-sensitively, `*` any run of characters and `?` one, and in an ARN each of the first
 * five colon-separated parts on its own (a `*` in the region never reaches into the account), while
 * the resource part may hold colons. An ARN with fewer than six parts has its missing parts read as `*`.
 * Partitions are not told apart: a role and everything it reaches are in one partition, so `arn:aws:`
 * and `arn:aws-cn:` both name that one (a template written for one is deployed in it).
 */

/** How a part that cannot be known (`${AWS::AccountId}`, a reference, a policy variable) is read. */
export type PatternForm = "may" | "must";

// Token codes; a character is its code (>= 0).
const RUN = -1; // `*`: any run
const ONE = -2; // `?`: any one character
const PART_RUN = -3; // `*` inside an ARN part: any run without a colon
const PART_ONE = -4; // `?` inside an ARN part
const NEVER = -5; // an unknown part read as matching nothing

const COLON = 58;

/**
 * A pattern's automaton, made deterministic as it is walked: each state is a set of positions in the
 * pattern, numbered once; transitions are remembered, so patterns met again (managed policies, the
 * catalogue's ARN formats) cost a lookup per character.
 */
export interface CompiledPattern {
  tokens: Int32Array;
  /** Words of a state's bitset: one bit per position, 0..tokens.length. */
  words: number;
  /** The characters the pattern names; any other character but the colon behaves like OTHER. */
  literals: Set<number>;
  sets: Uint32Array[];
  ids: Map<string, number>;
  accepting: boolean[];
  /** Per state: the characters its positions name; any other character (but the colon) moves it as OTHER does. */
  firsts: number[][];
  /** Per state: character → next state. */
  next: Map<number, number>[];
}

/** Stands for every character a pattern does not name (other than the colon, which bounds ARN parts). */
export const OTHER = 1;

type Piece = { kind: "char"; code: number } | { kind: "run" } | { kind: "one" } | { kind: "unknown" };

/** `${...}` is a part pullguard could not know (a placeholder) or an IAM policy variable: known only at request time. */
function pieces(pattern: string): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i + 2);
      if (end > 0) {
        out.push({ kind: "unknown" });
        i = end;
        continue;
      }
    }
    if (c === "*") out.push({ kind: "run" });
    else if (c === "?") out.push({ kind: "one" });
    else out.push({ kind: "char", code: pattern.charCodeAt(i) });
  }
  return out;
}

const compiled = new Map<string, CompiledPattern>();

/**
 * The automaton of a pattern. `may` reads an unknown part as any value (what the statement can reach
 * at most), `must` as no value (what it surely reaches).
 */
export function compilePattern(pattern: string, form: PatternForm): CompiledPattern {
  const key = `${form}\u0000${pattern}`;
  let hit = compiled.get(key);
  if (!hit) {
    const tokens = Int32Array.from(toTokens(pattern, form));
    const literals = new Set<number>();
    for (const t of tokens) if (t >= 0) literals.add(t);
    hit = { tokens, words: Math.ceil((tokens.length + 1) / 32), literals, sets: [], ids: new Map(), accepting: [], firsts: [], next: [] };
    const start = new Uint32Array(hit.words);
    add(start, 0);
    intern(hit, close(hit, start));
    compiled.set(key, hit);
  }
  return hit;
}

function toTokens(pattern: string, form: PatternForm): number[] {
  const list = pieces(pattern);
  const isArn = pattern.startsWith("arn:");
  const tokens: number[] = [];
  let colons = 0;
  for (const piece of list) {
    if (isArn && colons === 1 && !(piece.kind === "char" && piece.code === COLON)) {
      if (tokens[tokens.length - 1] !== PART_RUN) tokens.push(PART_RUN);
      continue;
    }
    // Only the first five parts of an ARN are bounded by colons; the resource part is free.
    const bounded = isArn && colons < 5;
    if (piece.kind === "char") {
      tokens.push(piece.code);
      if (piece.code === COLON) colons++;
    } else if (piece.kind === "run") tokens.push(bounded ? PART_RUN : RUN);
    else if (piece.kind === "one") tokens.push(bounded ? PART_ONE : ONE);
    else tokens.push(form === "must" ? NEVER : bounded ? PART_RUN : RUN);
  }
  if (isArn) {
    // `arn:aws:ecr:*` stands for `arn:aws:ecr:*:*:*`, as IAM reads a short ARN in an identity policy.
    while (colons < 5) {
      tokens.push(COLON);
      colons++;
      tokens.push(colons < 5 ? PART_RUN : RUN);
    }
  }
  return tokens;
}

/** The characters that move a state otherwise than OTHER does (besides the colon). */
export function firstCodes(p: CompiledPattern, state: number): readonly number[] {
  return p.firsts[state] as number[];
}

function close(p: CompiledPattern, set: Uint32Array): Uint32Array {
  const n = p.tokens.length;
  for (let i = 0; i < n; i++) {
    if (!has(set, i)) continue;
    const t = p.tokens[i];
    if (t === RUN || t === PART_RUN) add(set, i + 1);
  }
  return set;
}

function intern(p: CompiledPattern, set: Uint32Array): number {
  const key = set.join(".");
  let id = p.ids.get(key);
  if (id === undefined) {
    id = p.sets.length;
    p.ids.set(key, id);
    p.sets.push(set);
    p.accepting.push(has(set, p.tokens.length));
    const firsts = new Set<number>();
    for (let i = 0; i < p.tokens.length; i++) if (has(set, i) && (p.tokens[i] as number) >= 0) firsts.add(p.tokens[i] as number);
    p.firsts.push([...firsts]);
    p.next.push(new Map());
  }
  return id;
}

/** The pattern's first state. */
export const START = 0;

/** The state after one more character. */
export function step(p: CompiledPattern, state: number, code: number): number {
  const c = code === COLON || p.literals.has(code) ? code : OTHER;
  const memo = p.next[state] as Map<number, number>;
  const known = memo.get(c);
  if (known !== undefined) return known;
  const set = p.sets[state] as Uint32Array;
  const next = new Uint32Array(p.words);
  const n = p.tokens.length;
  for (let i = 0; i < n; i++) {
    if (!has(set, i)) continue;
    const t = p.tokens[i] as number;
    if (t >= 0) {
      if (t === c) add(next, i + 1);
    } else if (t === ONE) add(next, i + 1);
    else if (t === PART_ONE) {
      if (c !== COLON) add(next, i + 1);
    } else if (t === RUN) add(next, i);
    else if (t === PART_RUN) {
      if (c !== COLON) add(next, i);
    }
  }
  const id = intern(p, close(p, next));
  memo.set(c, id);
  return id;
}

export function accepts(p: CompiledPattern, state: number): boolean {
  return p.accepting[state] === true;
}

function has(set: Uint32Array, i: number): boolean {
  return ((set[i >>> 5] as number) & (1 << (i & 31))) !== 0;
}

function add(set: Uint32Array, i: number): void {
  set[i >>> 5] = (set[i >>> 5] as number) | (1 << (i & 31));
}

/** True when the text is one unknown part and nothing else (`${?}`, `${Repo.Arn}`): it may be `*` itself. */
export function isWholeUnknown(pattern: string): boolean {
  return /^\$\{[^}]*\}$/.test(pattern);
}
