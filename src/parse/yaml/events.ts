import { COLLECTION_STYLE, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from "js-yaml";
import type { Diagnostic, Range } from "../../model/source.js";
import type { LineIndex } from "../lines.js";
import type { PEntry, PNode } from "./tree.js";

/**
 * The fast YAML front end: js-yaml 5's event parser (offsets, no positions of its own) and a stack
 * builder that reproduces, node for node, the tree the `yaml`-based converter in parse.ts builds
 * (values, sources, ranges, key ranges, tag rewriting, merge keys, shared aliases). The events carry no
 * end for collections and no offset for indicators, so the builder finds them in the text: a flow
 * collection's closing bracket, a block scalar's header, the `:`, `-` or `---` before an empty value,
 * and the comments `yaml` counts into a block collection's range (see `tail`).
 *
 * It gives up (parseYamlEvents returns undefined) on anything it does not reproduce exactly, and the
 * caller parses the file with `yaml`, which also reports the diagnostics: any js-yaml error; a
 * directive; a tag other than the CloudFormation short forms; a key that is not an untagged, unanchored,
 * one-line scalar (explicit `?` keys included); a duplicate key (unless the last one wins); an alias without its anchor or inside
 * its own anchor; an alias bomb; and the corners where the two parsers read the same text differently
 * (a byte-order mark, a carriage return alone, a tab in indentation, a `...` that ends no document, and
 * the few cases named where they are checked).
 */

/** The CloudFormation short-form intrinsics, each accepted on a scalar, a sequence and a mapping. */
export const CLOUDFORMATION_TAGS = [
  "Ref", "Condition", "GetAtt", "Sub", "Join", "If", "Select", "Split", "FindInMap", "ImportValue", "GetAZs",
  "Base64", "Cidr", "And", "Or", "Not", "Equals", "Transform", "Length", "ToJsonString", "ForEach",
];

/**
 * How a front end reads a YAML text. `duplicateKeys: "last"`: a key written again replaces the earlier entry (in its
 * place, as a JavaScript object keeps it) with a warning, as CloudFormation reads a template; otherwise a duplicate
 * is an error, as kubectl and eksctl read manifests.
 */
export interface YamlOptions {
  duplicateKeys?: "error" | "last";
}

/** The warning on a duplicate key that the last one wins over (both front ends give the same). */
export function duplicateKeyWarning(file: string, key: string, at: Range, earlier: Range): Diagnostic {
  return {
    file,
    line: at.startLine,
    column: at.startColumn,
    level: "warning",
    message: `duplicate key '${key}' (also on line ${earlier.startLine}): the last one is read, as CloudFormation deploys it`,
  };
}

/** Aliases may share nodes, but their expansion must stay proportional to the file (alias bombs). */
export const MIN_EXPANDED_NODES = 100_000;
export const EXPANSION_FACTOR = 20;

/** `!Ref` → `Ref`, `!GetAtt` → `Fn::GetAtt`: the long-form key of each short-form tag. */
const LONG_FORM = new Map(CLOUDFORMATION_TAGS.map((name) => [`!${name}`, name === "Ref" || name === "Condition" ? name : `Fn::${name}`]));

/** `!Ref X` becomes the one-entry map `{Ref: X}` with the tagged node's range. */
export function longForm(longKey: string, node: PNode): PNode {
  const range = node.range;
  return { kind: "map", entries: [{ key: longKey, keyRange: range, value: node }], range };
}

export function keyRangeEnd(range: Range): Range {
  return { ...range, startLine: range.endLine, startColumn: range.endColumn };
}

export function nullAt(range: Range): PNode {
  return { kind: "scalar", value: null, source: "", quoted: false, range };
}

/** YAML 1.1 merge keys (`<<: *defaults`): entries already present win. */
export function mergeInto(entries: PEntry[], source: PNode): void {
  const sources = source.kind === "seq" ? source.items : [source];
  // A set, not a search of the entries per key: merging a 50,000-key map must stay linear.
  const present = new Set(entries.map((e) => e.key));
  for (const s of sources) {
    if (s.kind !== "map") continue;
    for (const entry of s.entries) {
      if (present.has(entry.key)) continue;
      present.add(entry.key);
      entries.push(entry);
    }
  }
}

const NULL_RE = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const INT_HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar read with the YAML 1.2 core schema, exactly as `yaml` 2 resolves it (same tests, same order). */
export function coreValue(s: string): string | number | boolean | null {
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  if (c === 126 /* ~ */ || c === 110 /* n */ || c === 78 /* N */) return NULL_RE.test(s) ? null : s;
  if (c === 116 || c === 84 || c === 102 || c === 70 /* tTfF */) return BOOL_RE.test(s) ? c === 116 || c === 84 : s;
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 /* 0-9 + - . */) {
    if (INT_OCT_RE.test(s)) return parseInt(s.substring(2), 8);
    if (INT_RE.test(s)) return parseInt(s, 10);
    if (INT_HEX_RE.test(s)) return parseInt(s.substring(2), 16);
    if (FLOAT_NAN_RE.test(s)) return s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    if (FLOAT_EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  }
  return s;
}

/** Thrown inside the builder when the fast path cannot reproduce the `yaml` model; caught by parseYamlEvents. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp("fall back to yaml");

function giveUp(): never {
  throw GIVE_UP;
}

/** What the last child of a collection was, for the collection's end. */
const enum Last {
  /** A plain or quoted scalar, an alias or a flow collection: `yaml` attaches its trailing comments to it. */
  Flow,
  /** An empty scalar: the comments after it belong to it. */
  Empty,
  /** A block scalar: it takes no trailing comment. */
  BlockScalar,
  /** A block collection, with its own end and the comments it passed up. */
  Block,
}

const enum Kind {
  Document,
  Seq,
  Map,
}

interface Frame {
  kind: Kind;
  flow: boolean;
  /** A single-pair map written inside a flow sequence (`[a: 1]`). */
  pair: boolean;
  start: number;
  /** `yaml`'s indent of a block collection (the column its items start at). */
  indent: number;
  longKey: string | undefined;
  anchor: string | undefined;
  items: PNode[];
  entries: PEntry[];
  weight: number;
  children: number;
  /** The keys written so far, by value, with the slot of their entry: short lists, then a map (most maps have a few keys, some have thousands). */
  keyList: unknown[] | undefined;
  keySlots: number[] | undefined;
  /** Map state: the key read and waiting for its value. */
  hasKey: boolean;
  key: string;
  keyRange: Range | undefined;
  keyEnd: number;
  isMerge: boolean;
  /** Just after the key's `:`, or -1 for a flow-map key without one (`{a}`). */
  colon: number;
  keySet: Map<unknown, number> | undefined;
  /** The slot of the entry the key read replaces (a duplicate the last one wins over), or -1. */
  replaces: number;
  /** Document state. */
  explicitStart: boolean;
  explicitEnd: boolean;
  root: PNode | undefined;
  /** The last child: its kind and end offset (for a block collection, its end including comments it kept). */
  lastKind: Last;
  lastEnd: number;
  /** Trailing comments a closed block child passed up: the largest indent and the end of the last, or -1. */
  lastPendIndent: number;
  lastPendEnd: number;
}

/** The unused list of a frame that holds the other kind (never written to). */
const NO_ITEMS: PNode[] = Object.freeze([]) as unknown as PNode[];
const NO_ENTRIES: PEntry[] = Object.freeze([]) as unknown as PEntry[];
const SHORT_KEY_LIST = 16;

/** Records a map's key and the slot its entry takes; returns the slot of an earlier entry with the same key, or -1. */
function noteKey(map: Frame, value: unknown, slot: number): number {
  if (map.keySet) {
    const earlier = map.keySet.get(value);
    if (earlier !== undefined) return earlier;
    map.keySet.set(value, slot);
    return -1;
  }
  const list = (map.keyList ??= []);
  const slots = (map.keySlots ??= []);
  const i = list.indexOf(value);
  if (i !== -1) return slots[i]!;
  list.push(value);
  slots.push(slot);
  if (list.length > SHORT_KEY_LIST) {
    map.keySet = new Map(list.map((v, k) => [v, slots[k]!]));
    map.keyList = undefined;
    map.keySlots = undefined;
  }
  return -1;
}

interface Anchored {
  node: PNode | undefined;
  weight: number;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isEol(c: number): boolean {
  return c === 10 || c === 13;
}

const WHITESPACE = /\s/;

/**
 * Whether a line has a tab in its indentation: the white space and the `-`, `?` and `:` indicators (each
 * followed by white space) that start the line.
 */
function tabIndented(text: string): boolean {
  for (let i = text.indexOf("\t"); i !== -1; i = text.indexOf("\t", i + 1)) {
    let ls = i;
    for (;;) {
      const c = text.charCodeAt(ls - 1);
      if (c === 32 || c === 9) ls--;
      else if ((c === 45 || c === 63 || c === 58) && (text.charCodeAt(ls) === 32 || text.charCodeAt(ls) === 9)) ls--;
      else break;
    }
    if (ls === 0 || isEol(text.charCodeAt(ls - 1))) return true;
  }
  return false;
}

/** How many lines are a document end marker (`...`). */
function documentEndMarkers(text: string): number {
  let n = 0;
  for (let i = text.indexOf("..."); i !== -1; i = text.indexOf("...", i + 3)) {
    const before = i === 0 ? 10 : text.charCodeAt(i - 1);
    const after = text.charCodeAt(i + 3);
    if (isEol(before) && (i + 3 >= text.length || after === 32 || after === 9 || isEol(after))) n++;
  }
  return n;
}

/**
 * Parses every document of a YAML text into positioned trees identical to the `yaml`-based converter's, with the
 * same warnings, or returns undefined when the text needs the `yaml` path (see the file comment).
 */
export function parseYamlEvents(file: string, text: string, lines: LineIndex, options: YamlOptions = {}): { roots: PNode[]; warnings: Diagnostic[] } | undefined {
  // yaml reads a block sequence right after a byte-order mark as an error; js-yaml does not. Rare: left to yaml.
  if (text.includes("\ufeff")) return undefined;
  // yaml refuses tabs in indentation where js-yaml accepts some; a line indented with a tab is left to yaml.
  if (text.includes("\t") && tabIndented(text)) return undefined;
  // A carriage return without a line feed ends a line for js-yaml, not for yaml.
  for (let i = text.indexOf("\r"); i !== -1; i = text.indexOf("\r", i + 1)) if (text.charCodeAt(i + 1) !== 10) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  try {
    const builder = new Builder(file, text, lines, options.duplicateKeys === "last");
    const roots = builder.build(events);
    return { roots, warnings: builder.warnings };
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

class Builder {
  private readonly stack: Frame[] = [];
  private anchors = new Map<string, Anchored>();
  private distinct = 0;
  private expanded = 0;
  /** Where the search for the next document's `---` starts. */
  private docSearch = 0;
  private readonly length: number;
  readonly warnings: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly lastKeyWins: boolean,
  ) {
    this.length = text.length;
  }

  build(events: Event[]): PNode[] {
    const roots: PNode[] = [];
    let explicitEnds = 0;
    for (let i = 0; i < events.length; i++) {
      const ev = events[i]!;
      switch (ev.type) {
        case EVENT_ID.DOCUMENT:
          if (ev.directives.length > 0) giveUp();
          this.anchors = new Map();
          this.distinct = 0;
          this.expanded = 0;
          this.stack.push(this.frame(Kind.Document, false, false, this.docSearch, -1, undefined, undefined, ev.explicitStart));
          this.top().explicitEnd = ev.explicitEnd;
          break;
        case EVENT_ID.SCALAR:
          this.scalar(ev);
          break;
        case EVENT_ID.ALIAS:
          this.alias(ev.anchorStart, ev.anchorEnd);
          break;
        case EVENT_ID.SEQUENCE:
        case EVENT_ID.MAPPING:
          this.open(ev.type === EVENT_ID.MAPPING ? Kind.Map : Kind.Seq, ev.style === COLLECTION_STYLE.FLOW, ev.start, ev.anchorStart, ev.anchorEnd, ev.tagStart, ev.tagEnd);
          break;
        case EVENT_ID.POP: {
          const top = this.stack[this.stack.length - 1];
          if (!top) giveUp();
          if (top.kind === Kind.Document) {
            this.stack.pop();
            if (!top.root) giveUp();
            roots.push(top.root);
            if (top.explicitEnd) explicitEnds++;
            this.docSearch = Math.max(this.docSearch, top.lastEnd);
          } else this.close();
          break;
        }
      }
    }
    if (this.stack.length > 0) giveUp();
    // A `...` that ends no document is an empty document for yaml, and nothing for js-yaml.
    if (documentEndMarkers(this.text) !== explicitEnds) giveUp();
    return roots;
  }

  private frame(kind: Kind, flow: boolean, pair: boolean, start: number, indent: number, longKey: string | undefined, anchor: string | undefined, explicitStart = false): Frame {
    return {
      kind, flow, pair, start, indent, longKey, anchor,
      items: kind === Kind.Seq ? [] : NO_ITEMS, entries: kind === Kind.Map ? [] : NO_ENTRIES, weight: 1, children: 0,
      hasKey: false, key: "", keyRange: undefined, keyEnd: 0, isMerge: false, colon: -1, keyList: undefined, keySlots: undefined, keySet: undefined, replaces: -1,
      explicitStart, explicitEnd: false, root: undefined,
      lastKind: Last.Flow, lastEnd: start, lastPendIndent: -1, lastPendEnd: -1,
    };
  }

  private top(): Frame {
    const top = this.stack[this.stack.length - 1];
    if (!top) giveUp();
    return top;
  }

  private range(start: number, end: number): Range {
    return this.lines.range(this.file, start, this.trimBack(end, start));
  }

  /** The converter's rule: a range ends at its last non-space character. */
  private trimBack(end: number, floor: number): number {
    const text = this.text;
    while (end > floor) {
      const c = text.charCodeAt(end - 1);
      if (c === 32 || (c >= 9 && c <= 13)) end--;
      else if (c > 127 && WHITESPACE.test(text[end - 1]!)) end--;
      else break;
    }
    return end;
  }

  private longKeyOf(tagStart: number, tagEnd: number): string | undefined {
    if (tagStart === -1) return undefined;
    this.separated(tagEnd);
    return LONG_FORM.get(this.text.slice(tagStart, tagEnd)) ?? giveUp();
  }

  private anchorOf(anchorStart: number, anchorEnd: number): string | undefined {
    if (anchorStart === -1) return undefined;
    this.separated(anchorEnd);
    const name = this.text.slice(anchorStart, anchorEnd);
    if (name.endsWith(":")) giveUp();
    return name;
  }

  /** yaml: "Tags and anchors must be separated from the next token by white space". */
  private separated(end: number): void {
    const c = this.text.charCodeAt(end);
    if (end < this.length && c !== 32 && c !== 9 && !isEol(c)) giveUp();
  }

  // ---- nodes ------------------------------------------------------------------------------------

  private scalar(ev: ScalarEvent): void {
    const parent = this.top();
    const text = this.text;
    if (parent.kind === Kind.Map && !parent.hasKey) {
      this.key(parent, ev);
      return;
    }
    const longKey = this.longKeyOf(ev.tagStart, ev.tagEnd);
    const anchor = this.anchorOf(ev.anchorStart, ev.anchorEnd);
    let node: PNode;
    let end: number;
    let last: Last;
    if (ev.valueStart === -1) {
      if (parent.kind === Kind.Map && parent.colon === -1) {
        // `{a}`: a flow-map key without a value has no value node; the converter places null at the key's end.
        if (longKey !== undefined || anchor !== undefined) giveUp();
        this.addChild(parent, nullAt(keyRangeEnd(parent.keyRange!)), 1, Last.Empty, parent.keyEnd, -1, -1);
        return;
      }
      // yaml places an empty document without `---` or properties before its comments: left to yaml.
      if (parent.kind === Kind.Document && !parent.explicitStart && ev.tagStart === -1 && ev.anchorStart === -1) giveUp();
      let base = this.structuralBase(parent);
      if (ev.tagStart !== -1) base = Math.max(base, ev.tagEnd);
      if (ev.anchorStart !== -1) base = Math.max(base, ev.anchorEnd);
      let pos = base;
      while (text.charCodeAt(pos) === 32) pos++;
      if (text.charCodeAt(pos) === 9) giveUp();
      end = pos;
      last = Last.Empty;
      node = { kind: "scalar", value: longKey !== undefined ? "" : null, source: "", quoted: false, range: this.lines.range(this.file, pos, pos) };
    } else {
      const style = ev.style;
      if (parent.kind === Kind.Document && style <= SCALAR_STYLE.DOUBLE_QUOTED) {
        this.checkRoot(parent, ev.tagStart, ev.anchorStart - 1, style === SCALAR_STYLE.PLAIN ? ev.valueStart : ev.valueStart - 1);
      }
      if (style === SCALAR_STYLE.PLAIN) {
        const start = ev.valueStart;
        if (parent.kind !== Kind.Document && !parent.flow) this.commentLinesBefore(Math.min(start, ev.tagStart === -1 ? start : ev.tagStart, ev.anchorStart === -1 ? start : ev.anchorStart - 1));
        end = ev.valueEnd;
        const raw = text.slice(start, end);
        const value = ev.fast ? raw : getScalarValue(text, ev);
        node = { kind: "scalar", value: longKey !== undefined ? value : coreValue(value), source: raw, quoted: false, range: this.range(start, end) };
        last = Last.Flow;
      } else if (style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED) {
        const start = ev.valueStart - 1;
        end = ev.valueEnd + 1;
        if (!ev.fast && style === SCALAR_STYLE.DOUBLE_QUOTED) this.doubleQuotedQuirks(start, end);
        const value = getScalarValue(text, ev);
        node = { kind: "scalar", value, source: value, quoted: true, range: this.range(start, end) };
        last = Last.Flow;
      } else {
        // A block scalar's range starts at its `|` or `>` header.
        let base = this.structuralBase(parent);
        if (ev.tagStart !== -1) base = Math.max(base, ev.tagEnd);
        if (ev.anchorStart !== -1) base = Math.max(base, ev.anchorEnd);
        const start = this.skipSpaceAndComments(base);
        const h = text.charCodeAt(start);
        if ((h !== 124 && h !== 62) || start >= ev.valueStart) giveUp();
        // At the top level, js-yaml and yaml count an explicit indentation indicator from different columns.
        if (parent.kind === Kind.Document && (isDigit(text.charCodeAt(start + 1)) || isDigit(text.charCodeAt(start + 2)))) giveUp();
        end = ev.valueEnd;
        const value = getScalarValue(text, ev);
        // A body of white space only: yaml reads it as empty, js-yaml keeps the spaces beyond the indentation.
        if (this.trimBack(end, ev.valueStart) === ev.valueStart && /[^\n]/.test(value)) giveUp();
        node = { kind: "scalar", value, source: value, quoted: false, range: this.range(start, end) };
        last = Last.BlockScalar;
      }
    }
    this.distinct++;
    let weight = 1;
    if (longKey !== undefined) {
      node = longForm(longKey, node);
      weight = 2;
    }
    if (anchor !== undefined) this.anchors.set(anchor, { node, weight });
    this.addChild(parent, node, weight, last, end, -1, -1);
  }

  /**
   * yaml mistakes a plain value written on its own line after a comment line (`a:\n# c\n  b\nc: 1`) for a key, or
   * runs it into the next line; js-yaml does not. Left to yaml.
   */
  private commentLinesBefore(first: number): void {
    const text = this.text;
    let p = first;
    while (p > 0 && (text.charCodeAt(p - 1) === 32 || text.charCodeAt(p - 1) === 9)) p--;
    if (p > 0 && !isEol(text.charCodeAt(p - 1))) return;
    // The lines above, up to the one with the `:` or `-`.
    while (p > 0) {
      let e = p - 1;
      if (text.charCodeAt(e) === 10 && text.charCodeAt(e - 1) === 13) e--;
      let ls = e;
      while (ls > 0 && !isEol(text.charCodeAt(ls - 1))) ls--;
      let q = ls;
      while (q < e && (text.charCodeAt(q) === 32 || text.charCodeAt(q) === 9)) q++;
      if (q === e) {
        p = ls;
        continue;
      }
      if (text.charCodeAt(q) === 35) giveUp();
      return;
    }
  }

  /**
   * Double-quoted scalars js-yaml and yaml read differently, left to yaml: an escaped line break followed by an
   * empty line (folded differently), a `\U` escape beyond U+10FFFF (an error for yaml).
   */
  private doubleQuotedQuirks(start: number, end: number): void {
    const raw = this.text.slice(start, end);
    if (/\\\r?\n/.test(raw) && /\n[ \t]*\r?\n/.test(raw)) giveUp();
    for (const m of raw.matchAll(/\\U([0-9a-fA-F]{8})/g)) if (parseInt(m[1]!, 16) > 0x10ffff) giveUp();
  }

  private key(map: Frame, ev: ScalarEvent): void {
    const text = this.text;
    // Keys with properties, empty keys and block-scalar keys are left to yaml.
    if (ev.tagStart !== -1 || ev.anchorStart !== -1 || ev.valueStart === -1) giveUp();
    const style = ev.style;
    let start: number;
    let end: number;
    let value: string | number | boolean | null;
    let isMerge = false;
    if (style === SCALAR_STYLE.PLAIN) {
      start = ev.valueStart;
      end = ev.valueEnd;
      const raw = ev.fast ? text.slice(start, end) : getScalarValue(text, ev);
      isMerge = raw === "<<";
      value = coreValue(raw);
    } else if (style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED) {
      start = ev.valueStart - 1;
      end = ev.valueEnd + 1;
      if (!ev.fast && style === SCALAR_STYLE.DOUBLE_QUOTED) this.doubleQuotedQuirks(start, end);
      value = getScalarValue(text, ev);
    } else giveUp();
    if (!ev.fast) {
      // A key over several lines is an error for yaml.
      for (let i = start; i < end; i++) if (isEol(text.charCodeAt(i))) giveUp();
    }
    // An explicit key (`? a`) is left to yaml.
    let b = start - 1;
    while (b >= 0 && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9)) b--;
    if (b >= 0 && text.charCodeAt(b) === 63 /* ? */) giveUp();
    let p = end;
    while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
    let colon: number;
    if (text.charCodeAt(p) === 58 /* : */) {
      // yaml: "The : indicator must be at most 1024 chars after the start of an implicit key".
      if (start < p - 1024) giveUp();
      colon = p + 1;
    } else if (map.flow && !map.pair) {
      colon = -1;
    } else giveUp();
    map.hasKey = true;
    map.isMerge = isMerge;
    map.key = isMerge ? "<<" : String(value);
    map.keyRange = this.range(start, end);
    // uniqueKeys: yaml compares keys by value (===); a duplicate is its error to report, unless the last one wins.
    if (!isMerge && value === value) {
      map.replaces = noteKey(map, value, map.entries.length);
      if (map.replaces !== -1) {
        if (!this.lastKeyWins) giveUp();
        this.warnings.push(duplicateKeyWarning(this.file, map.key, map.keyRange, map.entries[map.replaces]!.keyRange));
      }
    }
    map.keyEnd = end;
    map.colon = colon;
  }

  private alias(anchorStart: number, anchorEnd: number): void {
    const parent = this.top();
    if (parent.kind === Kind.Map && !parent.hasKey) giveUp();
    if (parent.kind === Kind.Document) this.checkRoot(parent, anchorStart - 1);
    const name = this.text.slice(anchorStart, anchorEnd);
    if (name.endsWith(":")) giveUp();
    const target = this.anchors.get(name);
    // No anchor, or an anchor on a node that contains the alias: yaml's converter reports both.
    if (!target?.node) giveUp();
    this.expanded += target.weight;
    if (this.expanded > Math.max(MIN_EXPANDED_NODES, EXPANSION_FACTOR * this.distinct)) giveUp();
    this.addChild(parent, target.node, target.weight, Last.Flow, anchorEnd, -1, -1);
  }

  private open(kind: Kind, flow: boolean, start: number, anchorStart: number, anchorEnd: number, tagStart: number, tagEnd: number): void {
    const parent = this.top();
    if (parent.kind === Kind.Map && !parent.hasKey) giveUp();
    const text = this.text;
    if (parent.kind === Kind.Document) this.checkRoot(parent, tagStart, anchorStart - 1, start);
    const longKey = this.longKeyOf(tagStart, tagEnd);
    const anchor = this.anchorOf(anchorStart, anchorEnd);
    let pair = false;
    let indent = -1;
    if (flow) {
      const c = text.charCodeAt(start);
      if (kind === Kind.Map && c !== 123 /* { */) {
        // An implicit single-pair map inside a flow sequence (`[a: 1]`).
        if (parent.kind !== Kind.Seq || !parent.flow || longKey !== undefined || anchor !== undefined) giveUp();
        pair = true;
      } else if (c !== (kind === Kind.Map ? 123 : 91)) giveUp();
    } else {
      // yaml's indent of a block collection: the column of its first item, counted over spaces and `- `.
      let ls = start;
      while (ls > 0 && !isEol(text.charCodeAt(ls - 1))) ls--;
      for (let i = ls; i < start; i++) {
        const c = text.charCodeAt(i);
        if (c === 32 || (c === 45 && text.charCodeAt(i + 1) === 32)) continue;
        giveUp();
      }
      indent = start - ls;
      if (kind === Kind.Map && text.charCodeAt(start) === 63 /* ? */) giveUp();
    }
    if (anchor !== undefined) this.anchors.set(anchor, { node: undefined, weight: 0 });
    this.stack.push(this.frame(kind, flow, pair, start, indent, longKey, anchor));
  }

  private close(): void {
    const f = this.stack.pop()!;
    const parent = this.top();
    if (f.hasKey) giveUp();
    let end: number;
    let last: Last;
    let pendIndent = -1;
    let pendEnd = -1;
    let e2: number;
    if (f.pair) {
      end = f.lastEnd;
      e2 = end;
      last = Last.Flow;
    } else if (f.flow) {
      end = this.closingBracket(f);
      e2 = end;
      last = Last.Flow;
    } else {
      // A block collection ends where its last child ends, trailing comments included as yaml attaches them.
      last = Last.Block;
      end = this.tail(f);
      pendIndent = this.pendIndent;
      pendEnd = this.pendEnd;
      e2 = end;
      if (pendEnd !== -1 && f.indent > 0 && pendIndent >= f.indent) {
        // yaml keeps trailing comments indented at least as deep as the collection in the collection.
        e2 = pendEnd;
        pendIndent = -1;
        pendEnd = -1;
      }
    }
    let node: PNode = f.kind === Kind.Seq ? { kind: "seq", items: f.items, range: this.range(f.start, end) } : { kind: "map", entries: f.entries, range: this.range(f.start, end) };
    let weight = f.weight;
    this.distinct++;
    if (f.longKey !== undefined) {
      node = longForm(f.longKey, node);
      weight++;
    }
    if (f.anchor !== undefined) {
      const anchored = this.anchors.get(f.anchor);
      // The anchor was defined again inside the collection: the later one stands.
      if (anchored && anchored.node === undefined) {
        anchored.node = node;
        anchored.weight = weight;
      }
    }
    this.addChild(parent, node, weight, last, e2, pendIndent, pendEnd);
  }

  private addChild(parent: Frame, node: PNode, weight: number, last: Last, end: number, pendIndent: number, pendEnd: number): void {
    switch (parent.kind) {
      case Kind.Document:
        if (parent.root) giveUp();
        parent.root = node;
        break;
      case Kind.Seq:
        parent.items.push(node);
        parent.weight += weight;
        break;
      case Kind.Map:
        // A value after a flow-map key without `:` on its line (`{a\n: 1}`) is left to yaml.
        if ((parent.pair && parent.children > 0) || (parent.colon === -1 && last !== Last.Empty)) giveUp();
        if (parent.isMerge) mergeInto(parent.entries, node);
        else if (parent.replaces !== -1) {
          parent.entries[parent.replaces] = { key: parent.key, keyRange: parent.keyRange!, value: node };
          parent.replaces = -1;
        } else parent.entries.push({ key: parent.key, keyRange: parent.keyRange!, value: node });
        parent.weight += weight;
        parent.hasKey = false;
        break;
    }
    if (parent.flow && !parent.pair) this.flowGap(end);
    parent.children++;
    parent.lastKind = last;
    parent.lastEnd = end;
    parent.lastPendIndent = pendIndent;
    parent.lastPendEnd = pendEnd;
  }

  // ---- offsets the events do not carry ------------------------------------------------------------

  /** Where the indicator before a value ends: after the key's `:`, the item's `-` or the document's `---`. */
  private structuralBase(parent: Frame): number {
    const text = this.text;
    if (parent.kind === Kind.Map) {
      if (parent.colon === -1) giveUp();
      return parent.colon;
    }
    if (parent.kind === Kind.Seq) {
      if (parent.flow) giveUp();
      const p = this.skipSpaceAndComments(parent.children === 0 ? parent.start : parent.lastEnd);
      if (text.charCodeAt(p) !== 45 /* - */) giveUp();
      return p + 1;
    }
    return this.documentContentStart(parent);
  }

  /**
   * Where a document's content may start: after white space, comments, `...` lines and, for an explicit start, its
   * `---` (at column 0; js-yaml also takes an indented one on the first line, which yaml does not).
   */
  private documentContentStart(doc: Frame): number {
    let p = doc.start;
    for (;;) {
      p = this.skipSpaceAndComments(p);
      if (!this.markerAt(p, 46 /* . */)) break;
      p += 3;
    }
    if (doc.explicitStart) {
      if (!this.markerAt(p, 45 /* - */)) giveUp();
      p += 3;
    }
    return p;
  }

  /** Whether a document marker (`---` or `...`) is at `p`. */
  private markerAt(p: number, c: number): boolean {
    const text = this.text;
    if (p > 0 && !isEol(text.charCodeAt(p - 1))) return false;
    if (text.charCodeAt(p) !== c || text.charCodeAt(p + 1) !== c || text.charCodeAt(p + 2) !== c) return false;
    const d = text.charCodeAt(p + 3);
    return p + 3 >= this.length || d === 32 || d === 9 || isEol(d);
  }

  /** A document's content must start where it does for yaml: nothing but comments and markers before it. */
  private checkRoot(doc: Frame, ...offsets: number[]): void {
    let first = Infinity;
    for (const o of offsets) if (o >= 0 && o < first) first = o;
    if (this.skipSpaceAndComments(this.documentContentStart(doc)) !== first) giveUp();
  }

  /** Skips white space, line breaks and comments. */
  private skipSpaceAndComments(p: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13) p++;
      else if (c === 35 /* # */) {
        while (p < this.length && !isEol(text.charCodeAt(p))) p++;
      } else return p;
    }
  }

  /** yaml: "Comments must be separated from other tokens by white space characters" for a comment at column 0 after a flow value. */
  private flowGap(p: number): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9) p++;
      else if (c === 10 || c === 13) {
        p = this.afterLineBreak(p);
        if (text.charCodeAt(p) === 35) giveUp();
      } else if (c === 35) {
        while (p < this.length && !isEol(text.charCodeAt(p))) p++;
      } else return;
    }
  }

  /** The end of a flow collection: the bracket that closes it, after its last child. */
  private closingBracket(f: Frame): number {
    const text = this.text;
    let p = f.children > 0 ? f.lastEnd : f.start + 1;
    const close = f.kind === Kind.Map ? 125 : 93;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 44 /* , */) p++;
      else if (c === 35) {
        const b = text.charCodeAt(p - 1);
        if (!(b === 32 || b === 9 || b === 10 || b === 13)) giveUp();
        while (p < this.length && !isEol(text.charCodeAt(p))) p++;
      } else if (c === close) return p + 1;
      else giveUp();
    }
  }

  private afterLineBreak(p: number): number {
    const c = this.text.charCodeAt(p);
    if (c === 13) return this.text.charCodeAt(p + 1) === 10 ? p + 2 : p + 1;
    return c === 10 ? p + 1 : p;
  }

  private pendIndent = -1;
  private pendEnd = -1;

  /**
   * The end of a block collection (before trimming), from its last child and the comment lines after it,
   * as `yaml` 2's parser attaches them: a plain or quoted scalar, an alias or a flow collection takes its
   * same-line comment and the following comment lines indented deeper than the collection; an empty
   * scalar takes every comment up to the next content; the comments left over are kept by the innermost
   * enclosing block collection indented no deeper than one of them (except at indent 0), else passed up.
   * Sets pendIndent/pendEnd to the comments left over.
   */
  private tail(f: Frame): number {
    const text = this.text;
    const len = this.length;
    this.pendIndent = -1;
    this.pendEnd = -1;
    const from = f.lastEnd;
    if (f.lastKind === Last.Block) {
      this.pendIndent = f.lastPendIndent;
      this.pendEnd = f.lastPendEnd;
      return from;
    }
    const kind = f.lastKind;
    let p = from;
    let end = from;
    if (kind !== Last.BlockScalar || (from > 0 && !isEol(text.charCodeAt(from - 1)))) {
      // The rest of the value's line: a comment there is the value's (a block scalar ends at a line start, or in
      // the white space before the end of the text).
      while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
      if (p < len && text.charCodeAt(p) === 35) {
        if (kind === Last.BlockScalar || (p === from && kind === Last.Flow)) giveUp();
        while (p < len && !isEol(text.charCodeAt(p))) p++;
        end = this.trimBack(p, from);
      } else if (p < len && !isEol(text.charCodeAt(p))) giveUp();
      p = this.afterLineBreak(p);
    }
    let attaching = kind === Last.Flow;
    // For an empty value: the line of the last `:`, property or comment indented deeper than the map, and the end
    // of the comments up to the line after it (see the `---` case below).
    let line = 0;
    let lastReset = 0;
    let splitEnd = end;
    // The following lines, up to the next content.
    while (p < len) {
      line++;
      const ls = p;
      let tab = false;
      for (;;) {
        const d = text.charCodeAt(p);
        if (d === 32) p++;
        else if (d === 9) {
          tab = true;
          p++;
        } else break;
      }
      if (p >= len) break;
      const d = text.charCodeAt(p);
      if (isEol(d)) {
        p = this.afterLineBreak(p);
        continue;
      }
      if (d !== 35) {
        // A `---` at the map's indent makes yaml hand the comments after the line that follows the last `:`,
        // property or deeper comment to the next document.
        if (kind === Last.Empty && f.kind === Kind.Map && f.indent === 0 && p === ls && text.startsWith("---", p)) {
          const c = text.charCodeAt(p + 3);
          if (p + 3 >= len || c === 32 || c === 9 || isEol(c)) end = splitEnd;
        }
        break;
      }
      if (tab) giveUp();
      const indent = p - ls;
      const cs = p;
      while (p < len && !isEol(text.charCodeAt(p))) p++;
      const commentEnd = this.trimBack(p, cs);
      if (kind === Last.Empty) {
        end = commentEnd;
        if (indent > f.indent) lastReset = line;
        if (line <= lastReset + 1) splitEnd = commentEnd;
      } else if (attaching && indent > f.indent) end = commentEnd;
      else {
        attaching = false;
        if (indent > this.pendIndent) this.pendIndent = indent;
        this.pendEnd = commentEnd;
      }
      p = this.afterLineBreak(p);
    }
    return end;
  }
}
