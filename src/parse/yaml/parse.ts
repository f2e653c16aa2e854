import { parseTree, type Node as JsonNode } from "jsonc-parser";
import type { Document, Node as YamlNode, Scalar, Tags } from "yaml";
import type { Diagnostic, SourceFile } from "../../model/source.js";
import { jsonSyntaxError } from "../json.js";
import { LineIndex } from "../lines.js";
import { yamlLibrary } from "./library.js";
import { blockNestingLimitOffset, flowNestingLimitOffset, NESTING_MESSAGE } from "../nesting.js";
import { CLOUDFORMATION_TAGS, EXPANSION_FACTOR, keyRangeEnd, mergeInto, MIN_EXPANDED_NODES, nullAt, parseYamlEvents } from "./events.js";
import type { PEntry, PNode } from "./tree.js";

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
  diagnostics: Diagnostic[];
}

/** Parses YAML (any number of documents) or, for `.json` files, strict JSON, into positioned trees. */
export function parseStructured(file: SourceFile, lines = new LineIndex(file.text)): ParseResult {
  if (/\.json$/i.test(file.path)) return parseJson(file, lines);
  // The fast YAML path refuses nesting deeper than 100 (js-yaml's maxDepth) itself; JSON's limit is
  // checked with its syntax (jsonSyntaxError). YAML nests with brackets and with indentation.
  const fast = parseYamlFast(file, lines);
  if (fast) return fast;
  const tooDeep = flowNestingLimitOffset(file.text) ?? blockNestingLimitOffset(file.text);
  if (tooDeep !== undefined) {
    const at = lines.position(tooDeep);
    return { documents: [], diagnostics: [{ file: file.path, line: at.line, column: at.column, message: NESTING_MESSAGE }] };
  }
  return parseYamlSlow(file, lines);
}

/**
 * The fast path (js-yaml 5 events, see events.ts): the same trees as parseYamlSlow, or undefined when the file
 * needs the slow path (an error, a directive, an unknown tag, a duplicate key, ...).
 */
export function parseYamlFast(file: SourceFile, lines = new LineIndex(file.text)): ParseResult | undefined {
  const roots = parseYamlEvents(file.path, file.text, lines);
  return roots && { documents: roots.map((root) => ({ root })), diagnostics: [] };
}

/** The slow path: `yaml` 2 with per-document errors, and the converter below. */
export function parseYamlSlow(file: SourceFile, lines = new LineIndex(file.text)): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  // yaml's own duplicate-key check compares each key with every earlier one (quadratic: a minute for
  // 50,000 keys); the converter checks with a set instead.
  const docs = yamlLibrary().parseAllDocuments(file.text, { customTags, prettyErrors: false, uniqueKeys: false, merge: true });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      const at = lines.position(error.pos[0]);
      diagnostics.push({ file: file.path, line: at.line, column: at.column, message: `YAML syntax error: ${error.message}` });
      continue;
    }
    try {
      documents.push({ root: doc.contents ? new YamlConverter(file.path, lines, doc).convert(doc.contents) : undefined });
    } catch (err) {
      if (!(err instanceof ConversionError)) throw err;
      const at = lines.position(err.offset);
      diagnostics.push({ file: file.path, line: at.line, column: at.column, message: err.message });
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

  constructor(
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly doc: Document,
  ) {}

  private readonly yaml = yamlLibrary();

  convert(node: YamlNode): PNode {
    return this.visit(node).node;
  }

  private visit(node: YamlNode): { node: PNode; weight: number } {
    if (this.yaml.isAlias(node)) {
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
    if (this.yaml.isScalar(node)) built = { node: this.scalar(node), weight: 1 };
    else if (this.yaml.isSeq(node)) {
      let weight = 1;
      const items: PNode[] = [];
      for (const item of node.items) {
        const child = this.visit(item as YamlNode);
        weight += child.weight;
        items.push(child.node);
      }
      built = { node: { kind: "seq", items, range: this.range(node) }, weight };
    } else if (this.yaml.isMap(node)) {
      let weight = 1;
      const entries: PEntry[] = [];
      const keys = new Set<unknown>();
      for (const pair of node.items) {
        if (!this.yaml.isPair(pair)) continue;
        const keyNode = pair.key as YamlNode | null;
        // Equal as yaml's uniqueKeys compares them: scalars by value (a merge key's value is a symbol, so two `<<` clash too).
        const keyValue: unknown = keyNode === null ? null : this.yaml.isScalar(keyNode) ? keyNode.value : keyNode;
        if (keys.has(keyValue)) throw new ConversionError("YAML syntax error: Map keys must be unique", keyNode?.range?.[0] ?? node.range?.[0] ?? 0);
        keys.add(keyValue);
        const keyRange = keyNode ? this.range(keyNode) : this.range(node);
        // With merge keys on, yaml reads `<<` as a symbol.
        const isMerge = keyNode !== null && this.yaml.isScalar(keyNode) && keyNode.type === "PLAIN" && (typeof keyNode.value === "symbol" || keyNode.value === "<<");
        const key = isMerge ? "<<" : keyNode && this.yaml.isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : "";
        const valueNode = pair.value as YamlNode | null;
        const value = valueNode
          ? this.visit(valueNode)
          : { node: nullAt(keyNode ? keyRangeEnd(this.range(keyNode)) : this.range(node)), weight: 1 };
        weight += value.weight;
        if (isMerge) {
          mergeInto(entries, value.node);
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

function parseJson(file: SourceFile, lines: LineIndex): ParseResult {
  const text = file.text;
  if (text.trim() === "") return { documents: [{ root: undefined }], diagnostics: [] };
  const invalid = strictJson(file, lines);
  if (invalid) return { documents: [], diagnostics: [invalid] };
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  return { documents: [{ root: root ? convertJson(root, file.path, lines) : undefined }], diagnostics: [] };
}

function convertJson(node: JsonNode, file: string, lines: LineIndex): PNode {
  const range = lines.range(file, node.offset, node.offset + node.length);
  switch (node.type) {
    case "object": {
      const entries: PEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        entries.push({
          key: String(keyNode.value),
          keyRange: lines.range(file, keyNode.offset, keyNode.offset + keyNode.length),
          value: convertJson(valueNode, file, lines),
        });
      }
      return { kind: "map", entries, range };
    }
    case "array":
      return { kind: "seq", items: (node.children ?? []).map((c) => convertJson(c, file, lines)), range };
    case "string":
      return { kind: "scalar", value: String(node.value), source: String(node.value), quoted: true, range };
    default: {
      const source = lines.text.slice(node.offset, node.offset + node.length);
      const value = node.value as number | boolean | null;
      return { kind: "scalar", value, source, quoted: false, range };
    }
  }
}
