import { parseTree, type Node as JsonNode } from "jsonc-parser";
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type Scalar, type Tags } from "yaml";
import { isFatal, type Diagnostic, type SourceFile } from "../../model/source.js";
import { jsonSyntaxError } from "../json.js";
import { LineIndex } from "../lines.js";
import { blockNestingLimitOffset, flowNestingLimitOffset, NESTING_MESSAGE } from "../nesting.js";
import { CLOUDFORMATION_TAGS, duplicateKeyWarning, EXPANSION_FACTOR, keyRangeEnd, mergeInto, MIN_EXPANDED_NODES, nullAt, parseYamlEvents, type YamlOptions } from "./events.js";
import { relaxQuotedScalars, restoreColumns } from "./relax.js";
import type { PEntry, PNode } from "./tree.js";

export type { YamlOptions } from "./events.js";

const customTags: Tags = CLOUDFORMATION_TAGS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: "seq" as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: "map" as const, resolve: (value: unknown) => value },
]);

export interface ParsedDocument {
  /** Undefined for an empty document. */
  root: PNode | undefined;
}

export interface ParseResult {
  documents: ParsedDocument[];
  /** Errors (a document that could not be read) and warnings (how a document was read). */
  diagnostics: Diagnostic[];
}

/** Parses YAML (any number of documents) or, for `.json` files, strict JSON, into positioned trees. */
export function parseStructured(file: SourceFile, lines = new LineIndex(file.text), options: YamlOptions = {}): ParseResult {
  if (/\.json$/i.test(file.path)) return parseJson(file, lines, options);
  // The fast YAML path refuses nesting deeper than 100 (js-yaml's maxDepth) itself; JSON's limit is
  // checked with its syntax (jsonSyntaxError). YAML nests with brackets and with indentation.
  const fast = parseYamlFast(file, lines, options);
  if (fast) return fast;
  const tooDeep = flowNestingLimitOffset(file.text) ?? blockNestingLimitOffset(file.text);
  if (tooDeep !== undefined) {
    const at = lines.position(tooDeep);
    return { documents: [], diagnostics: [{ file: file.path, line: at.line, column: at.column, message: NESTING_MESSAGE }] };
  }
  return parseYamlSlow(file, lines, options);
}

/**
 * The fast path (js-yaml 5 events, see events.ts): the same trees as parseYamlSlow, or undefined when the file
 * needs the slow path (an error, a directive, an unknown tag, a duplicate key, ...).
 */
export function parseYamlFast(file: SourceFile, lines = new LineIndex(file.text), options: YamlOptions = {}): ParseResult | undefined {
  const strict = parseYamlEvents(file.path, file.text, lines, options);
  if (strict) return { documents: strict.roots.map((root) => ({ root })), diagnostics: strict.warnings };
  // Only a text yaml rejects is relaxed (see relax.ts), as in the slow path: the two read the same text.
  const relaxed = relaxQuotedScalars(file.text);
  if (!relaxed || !yamlErrors(file.text)) return undefined;
  const read = parseYamlEvents(file.path, relaxed.text, new LineIndex(relaxed.text), options);
  if (!read) return undefined;
  const result = { documents: read.roots.map((root) => ({ root })), diagnostics: read.warnings };
  restoreColumns(result.documents, result.diagnostics, relaxed.padding);
  return result;
}

/** The slow path: `yaml` 2 with per-document errors, and the converter below. */
export function parseYamlSlow(file: SourceFile, lines = new LineIndex(file.text), options: YamlOptions = {}): ParseResult {
  const strict = parseYamlText(file.path, file.text, lines, options);
  const failed = strict.diagnostics.filter(isFatal).length;
  if (failed === 0) return strict;
  // Quoted scalars with under-indented continuation lines are read as PyYAML, go-yaml and CloudFormation read them
  // (relax.ts), when that reads more of the file.
  const relaxed = relaxQuotedScalars(file.text);
  if (!relaxed) return strict;
  const result = parseYamlText(file.path, relaxed.text, new LineIndex(relaxed.text), options);
  if (result.diagnostics.filter(isFatal).length >= failed) return strict;
  restoreColumns(result.documents, result.diagnostics, relaxed.padding);
  return result;
}

function parseAll(text: string) {
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic: a minute for
  // 50,000 keys); the converter checks with a set instead.
  const docs = parseAllDocuments(text, { customTags, prettyErrors: false, uniqueKeys: false, merge: true });
  return Array.isArray(docs) ? docs : [];
}

/** Whether yaml finds a syntax error in the text. */
function yamlErrors(text: string): boolean {
  return parseAll(text).some((doc) => doc.errors.length > 0);
}

function parseYamlText(path: string, text: string, lines: LineIndex, options: YamlOptions): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  for (const doc of parseAll(text)) {
    const error = doc.errors[0];
    if (error) {
      const at = lines.position(error.pos[0]);
      diagnostics.push({ file: path, line: at.line, column: at.column, message: `YAML syntax error: ${error.message}` });
      continue;
    }
    const converter = new YamlConverter(path, lines, doc, options.duplicateKeys === "last");
    try {
      documents.push({ root: doc.contents ? converter.convert(doc.contents) : undefined });
      diagnostics.push(...converter.warnings);
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      const at = lines.position(err.offset);
      diagnostics.push({ file: path, line: at.line, column: at.column, message: err.message });
    }
  }
  return { documents, diagnostics };
}

class ConversionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class YamlConverter {
  private readonly done = new Map<YamlNode, { node: PNode; weight: number }>();
  private readonly inProgress = new Set<YamlNode>();
  private distinct = 0;
  private expanded = 0;
  readonly warnings: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly doc: Document,
    private readonly lastKeyWins: boolean,
  ) {}

  convert(node: YamlNode): PNode {
    return this.visit(node).node;
  }

  private visit(node: YamlNode): { node: PNode; weight: number } {
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      const start = node.range?.[0] ?? 0;
      if (!target) throw new ConversionError(`YAML alias *${node.source} has no anchor`, start);
      if (this.inProgress.has(target)) throw new ConversionError(`YAML alias *${node.source} refers to a node that contains it`, start);
      const shared = this.visit(target);
      this.expanded += shared.weight;
      const limit = Math.max(MIN_EXPANDED_NODES, EXPANSION_FACTOR * this.distinct);
      if (this.expanded > limit) {
        throw new ConversionError(`YAML aliases expand to more than ${limit} nodes; refusing to read what looks like an alias bomb`, start);
      }
      return shared;
    }
    const known = this.done.get(node);
    if (known) return known;
    this.inProgress.add(node);
    const result = this.build(node);
    this.inProgress.delete(node);
    this.done.set(node, result);
    this.distinct++;
    return result;
  }

  private range(node: YamlNode) {
    const [start, valueEnd] = node.range ?? [0, 0];
    // Block collections end after their trailing line break; a range should end at the last character.
    let end = valueEnd;
    while (end > start && /\s/.test(this.lines.text[end - 1] ?? "")) end--;
    return this.lines.range(this.file, start, end);
  }

  private build(node: YamlNode): { node: PNode; weight: number } {
    const tag = node.tag;
    let built: { node: PNode; weight: number };
    if (isScalar(node)) built = { node: this.scalar(node), weight: 1 };
    else if (isSeq(node)) {
      let weight = 1;
      const items: PNode[] = [];
      for (const item of node.items) {
        const child = this.visit(item as YamlNode);
        weight += child.weight;
        items.push(child.node);
      }
      built = { node: { kind: "seq", items, range: this.range(node) }, weight };
    } else if (isMap(node)) {
      let weight = 1;
      const entries: PEntry[] = [];
      /** Each key by value, with the slot of its entry. */
      const keys = new Map<unknown, number>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        // Equal as yaml's uniqueKeys compares them: scalars by value (a merge key's value is a symbol, so two `<<` clash too).
        const keyValue: unknown = keyNode === null ? null : isScalar(keyNode) ? keyNode.value : keyNode;
        // By ===, as yaml's uniqueKeys and the fast path compare: two `.nan` keys are not the same key.
        const earlier = keyValue === keyValue ? keys.get(keyValue) : undefined;
        // Only a scalar key other than `<<` can be replaced; the fast path gives up on the others.
        const replaceable = this.lastKeyWins && keyNode !== null && isScalar(keyNode) && typeof keyValue !== "symbol";
        if (earlier !== undefined && !replaceable) throw new ConversionError("YAML syntax error: Map keys must be unique", keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
        if (earlier === undefined && keyValue === keyValue) keys.set(keyValue, entries.length);
        const keyRange = keyNode ? this.range(keyNode) : this.range(node);
        // With merge keys on, yaml reads `<<` as a symbol.
        const isMerge = keyNode !== null && isScalar(keyNode) && keyNode.type === "PLAIN" && (typeof keyNode.value === "symbol" || keyNode.value === "<<");
        const key = isMerge ? "<<" : keyNode && isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : "";
        // Warned before the value is read, so that warnings come in the text's order, as in the fast path.
        if (earlier !== undefined && !isMerge) this.warnings.push(duplicateKeyWarning(this.file, key, keyRange, entries[earlier]!.keyRange));
        const valueNode = pair.value as YamlNode | null;
        const value = valueNode
          ? this.visit(valueNode)
          : { node: nullAt(keyNode ? keyRangeEnd(this.range(keyNode)) : this.range(node)), weight: 1 };
        weight += value.weight;
        if (isMerge) {
          mergeInto(entries, value.node);
          continue;
        }
        if (earlier !== undefined) {
          // The last one wins, in the place of the first, as CloudFormation (and a JavaScript object) has it.
          entries[earlier] = { key, keyRange, value: value.node };
          continue;
        }
        entries.push({ key, keyRange, value: value.node });
      }
      built = { node: { kind: "map", entries, range: this.range(node) }, weight };
    } else {
      built = { node: nullAt(this.range(node)), weight: 1 };
    }
    if (tag?.startsWith("!") && CLOUDFORMATION_TAGS.includes(tag.slice(1))) {
      const name = tag.slice(1);
      const key = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
      const range = built.node.range;
      built = { node: { kind: "map", entries: [{ key, keyRange: range, value: built.node }], range }, weight: built.weight + 1 };
    }
    return built;
  }

  private scalar(node: Scalar): PNode {
    const range = this.range(node);
    const quoted = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE";
    const [start, end] = node.range ?? [0, 0];
    const raw = node.type === "PLAIN" ? this.lines.text.slice(start, end) : String(node.value);
    const v = node.value;
    // Core-schema scalars are strings, numbers, booleans or null; anything else (a bigint, a date) keeps its text.
    const value = v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : raw;
    return { kind: "scalar", value, source: raw, quoted, range };
  }
}

/** A diagnostic at the first error if the file is not strict JSON; undefined if it is. */
export function strictJson(file: SourceFile, lines = new LineIndex(file.text)): Diagnostic | undefined {
  const error = jsonSyntaxError(file.text);
  if (!error) return undefined;
  const at = lines.position(error.offset);
  return { file: file.path, line: at.line, column: at.column, message: error.syntax === false ? error.message : `JSON syntax error: ${error.message}` };
}

function parseJson(file: SourceFile, lines: LineIndex, options: YamlOptions): ParseResult {
  const text = file.text;
  if (text.trim() === "") return { documents: [{ root: undefined }], diagnostics: [] };
  const invalid = strictJson(file, lines);
  if (invalid) return { documents: [], diagnostics: [invalid] };
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  // JSON.parse keeps every key and the last value wins in `get`; with `duplicateKeys: "last"` the earlier entries go, with a warning.
  const warnings = options.duplicateKeys === "last" ? [] : undefined;
  const documents = [{ root: root ? convertJson(root, file.path, lines, warnings) : undefined }];
  return { documents, diagnostics: warnings ?? [] };
}

function convertJson(node: JsonNode, file: string, lines: LineIndex, warnings: Diagnostic[] | undefined): PNode {
  const range = lines.range(file, node.offset, node.offset + node.length);
  switch (node.type) {
    case "object": {
      const entries: PEntry[] = [];
      const slots = new Map<string, number>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const keyRange = lines.range(file, keyNode.offset, keyNode.offset + keyNode.length);
        const earlier = warnings ? slots.get(key) : undefined;
        if (warnings && earlier !== undefined) warnings.push(duplicateKeyWarning(file, key, keyRange, entries[earlier]!.keyRange));
        const entry = { key, keyRange, value: convertJson(valueNode, file, lines, warnings) };
        if (earlier !== undefined) entries[earlier] = entry;
        else {
          slots.set(key, entries.length);
          entries.push(entry);
        }
      }
      return { kind: "map", entries, range };
    }
    case "array":
      return { kind: "seq", items: (node.children ?? []).map((c) => convertJson(c, file, lines, warnings)), range };
    case "string":
      return { kind: "scalar", value: String(node.value), source: String(node.value), quoted: true, range };
    default: {
      const source = lines.text.slice(node.offset, node.offset + node.length);
      const value = node.value as number | boolean | null;
      return { kind: "scalar", value, source, quoted: false, range };
    }
  }
}
