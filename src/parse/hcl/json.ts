import { parseTree, type Node as JsonNode } from "jsonc-parser";
import type { Attribute, Block, Body, Expr, HclError, HclFile, ObjectItem, TemplateExpr } from "./ast.js";
import { jsonSyntaxError } from "../json.js";
import { parseTemplate } from "./parse.js";

/** Top-level block types whose bodies sit under one or two levels of labels in Terraform's JSON syntax. */
const LABELS: Record<string, number> = { resource: 2, data: 2, variable: 1, output: 1, module: 1, provider: 1, check: 1, import: 0, moved: 0, removed: 0, terraform: 0, locals: 0 };

/**
 * Terraform's JSON syntax (`.tf.json`) as the same tree as native syntax. Nested blocks are objects
 * under the block's name, so they come out as object-valued attributes; strings are templates.
 */
export function parseTerraformJson(text: string, kind: "configuration" | "variables" = "configuration"): { ok: true; file: HclFile } | { ok: false; error: HclError } {
  const invalid = jsonSyntaxError(text);
  if (invalid) return { ok: false, error: invalid };
  const root = parseTree(text, [], { disallowComments: true });
  if (root?.type !== "object") return { ok: false, error: { offset: 0, message: "a .tf.json file must hold a JSON object" } };
  // A `.tfvars.json` file is one object of variable values: a body of attributes.
  if (kind === "variables") return { ok: true, file: { body: body(root, text), comments: [] } };
  const items: (Attribute | Block)[] = [];
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    const type = String(key.value);
    const depth = LABELS[type];
    if (depth === undefined) continue;
    items.push(...blocks(type, depth, [], value, key, text));
  }
  return { ok: true, file: { body: { items, start: root.offset, end: root.offset + root.length }, comments: [] } };
}

function blocks(type: string, depth: number, labels: Block["labels"], node: JsonNode, typeNode: JsonNode, text: string): Block[] {
  if (node.type === "array") return (node.children ?? []).flatMap((c) => blocks(type, depth, labels, c, typeNode, text));
  if (node.type !== "object") return [];
  if (labels.length < depth) {
    return (node.children ?? []).flatMap((property) => {
      const [key, value] = property.children ?? [];
      if (!key || !value) return [];
      return blocks(type, depth, [...labels, { value: String(key.value), start: key.offset, end: key.offset + key.length }], value, typeNode, text);
    });
  }
  return [{ kind: "block", type, typeSpan: span(typeNode), labels, body: body(node, text), start: typeNode.offset, end: node.offset + node.length }];
}

function body(node: JsonNode, text: string): Body {
  const items: Attribute[] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value || String(key.value) === "//") continue;
    items.push({ kind: "attribute", name: String(key.value), nameSpan: span(key), expr: expr(value, text), start: key.offset, end: value.offset + value.length });
  }
  return { items, start: node.offset, end: node.offset + node.length };
}

function expr(node: JsonNode, text: string): Expr {
  const s = span(node);
  switch (node.type) {
    case "object":
      return {
        kind: "object",
        items: (node.children ?? []).flatMap((property): ObjectItem[] => {
          const [key, value] = property.children ?? [];
          if (!key || !value) return [];
          const keyExpr: TemplateExpr = { kind: "template", parts: [{ kind: "literal", value: String(key.value), ...span(key) }], ...span(key) };
          return [{ key: keyExpr, value: expr(value, text), start: key.offset, end: value.offset + value.length }];
        }),
        ...s,
      };
    case "array":
      return { kind: "tuple", items: (node.children ?? []).map((c) => expr(c, text)), ...s };
    case "string":
      return template(String(node.value), node, text);
    case "number":
    case "boolean":
    case "null":
      return { kind: "literal", value: node.type === "null" ? null : (node.value as number | boolean), raw: text.slice(node.offset, node.offset + node.length), ...s };
    default:
      return { kind: "literal", value: null, raw: "", ...s };
  }
}

/** A JSON string is an HCL template; its positions are moved back onto the string in the file. */
function template(value: string, node: JsonNode, text: string): Expr {
  const whole = span(node);
  const parsed = value.includes("${") || value.includes("%{") ? parseTemplate(value) : undefined;
  if (!parsed?.ok) return { kind: "template", parts: [{ kind: "literal", value, start: whole.start + 1, end: whole.end - 1 }], ...whole };
  // Offsets inside the string move with it when it has no escapes; otherwise everything sits on the string.
  const linear = text.slice(whole.start + 1, whole.end - 1) === value;
  const move = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(move);
    if (!n || typeof n !== "object") return n;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) out[k] = move(v);
    if (typeof out.start === "number" && typeof out.end === "number") {
      out.start = linear ? out.start + whole.start + 1 : whole.start;
      out.end = linear ? out.end + whole.start + 1 : whole.end;
    }
    return out;
  };
  const moved = move(parsed.expr) as TemplateExpr;
  const [only] = moved.parts;
  // A string that is one interpolation is that expression, as in native syntax.
  if (moved.parts.length === 1 && only?.kind === "interpolation") return only.expr;
  return { ...moved, ...whole };
}

function span(node: JsonNode): { start: number; end: number } {
  return { start: node.offset, end: node.offset + node.length };
}

/** A JSON-syntax nested block, written as an object, read as a block body (its string keys become attribute names). */
export function objectBody(o: Extract<Expr, { kind: "object" }>): Body {
  const items: Attribute[] = [];
  for (const item of o.items) {
    const [part] = item.key.kind === "template" ? item.key.parts : [];
    if (part?.kind !== "literal") continue;
    items.push({ kind: "attribute", name: part.value, nameSpan: { start: item.key.start, end: item.key.end }, expr: item.value, start: item.start, end: item.end });
  }
  return { items, start: o.start, end: o.end };
}
