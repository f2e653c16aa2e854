import { parseTree, type Node as JsonNode } from "jsonc-parser";
import type { Facts } from "../../model/facts.js";
import type { Diagnostic, Range } from "../../model/source.js";
import { LineIndex } from "../../parse/lines.js";
import { extractBody, type Body } from "./resources.js";
import { unknown, type TfObject, type TfValue } from "./value.js";
import { jsonNodeValue, Locator } from "./values.js";

/**
 * A `terraform show -json` plan: the resolved values of `planned_values` (the root module and every
 * child module), with the references of `configuration` standing in for values only known after
 * apply (a node group's `node_role_arn` of a role the same plan creates). Positions are in the plan file.
 */
export function extractPlan(path: string, text: string, facts: Facts): Diagnostic | undefined {
  const lines = new LineIndex(text);
  const tree = parseTree(text, [], { disallowComments: true });
  if (!tree) return { file: path, line: 1, column: 1, message: "the plan is not a JSON object" };
  const root = jsonNodeValue(tree, (node: JsonNode) => lines.range(path, node.offset, node.offset + node.length));
  if (root.k !== "object") return { file: path, line: 1, column: 1, message: "the plan is not a JSON object" };
  const planned = getObject(getObject(root, "planned_values"), "root_module");
  if (!planned) return undefined;
  const changes = new Map<string, TfObject>();
  const resourceChanges = root.attrs.get("resource_changes");
  for (const change of resourceChanges?.k === "tuple" ? resourceChanges.items : []) {
    const address = change.k === "object" ? textOf(change.attrs.get("address")) : undefined;
    const after = getObject(getObject(change, "change"), "after_unknown");
    if (address && after) changes.set(address, after);
  }
  const plan = { path, facts, changes, locate: new Locator([]) };
  walkModule(plan, planned, getObject(getObject(root, "configuration"), "root_module"), "");
  return undefined;
}

interface Plan {
  path: string;
  facts: Facts;
  changes: Map<string, TfObject>;
  locate: Locator;
}

function walkModule(plan: Plan, module: TfObject, config: TfObject | undefined, prefix: string): void {
  const resources = module.attrs.get("resources");
  const configResources = new Map<string, TfObject>();
  const configList = config?.attrs.get("resources");
  for (const r of configList?.k === "tuple" ? configList.items : []) {
    const address = r.k === "object" ? textOf(r.attrs.get("address")) : undefined;
    if (address && r.k === "object") configResources.set(address, r);
  }
  const instances = resources?.k === "tuple" ? resources.items.filter((r): r is TfObject => r.k === "object") : [];
  const addresses = new Set(instances.map((r) => textOf(r.attrs.get("address")) ?? ""));
  for (const resource of instances) {
    if (textOf(resource.attrs.get("mode")) !== "managed") continue;
    const type = textOf(resource.attrs.get("type"));
    const name = textOf(resource.attrs.get("name"));
    const address = textOf(resource.attrs.get("address"));
    const values = getObject(resource, "values");
    if (!type || !name || !address || !values) continue;
    const expressions = getObject(configResources.get(`${type}.${name}`), "expressions");
    // Values only known after apply: their configuration references say what they point at.
    const known = new Map(values.attrs);
    const afterUnknown = plan.changes.get(address);
    for (const [attr, flag] of afterUnknown?.attrs ?? []) {
      if (flag.k !== "bool" || !flag.value) continue;
      const ref = referenceOf(getObject(expressions, attr)?.attrs.get("references"), prefix, addresses, plan.path);
      known.set(attr, ref ?? unknown(`${address}.${attr} is only known after apply`, values.keyRanges?.get(attr) ?? resource.range));
    }
    const body = new ValueBody({ ...values, attrs: known }, resource.range ?? unplaced(plan.path));
    extractBody(type, body, { locate: plan.locate, key: `plan:${plan.path}::${address}`, address, range: body.range, when: [] }, plan.facts);
  }
  const children = module.attrs.get("child_modules");
  const calls = getObject(config, "module_calls");
  for (const child of children?.k === "tuple" ? children.items : []) {
    if (child.k !== "object") continue;
    const address = textOf(child.attrs.get("address")) ?? "";
    const callName = /module\.([^.[]+)(?:\[[^\]]*\])?$/.exec(address)?.[1];
    const call = callName ? getObject(calls, callName) : undefined;
    walkModule(plan, child, getObject(call, "module"), `${address}.`);
  }
}

/** The reference of an unknown value (`aws_iam_role.node.arn`), as a resource of the plan. */
function referenceOf(references: TfValue | undefined, prefix: string, addresses: Set<string>, path: string): TfValue | undefined {
  const list = references?.k === "tuple" ? references.items.map(textOf).filter((r): r is string => r !== undefined) : [];
  for (const ref of list) {
    const parts = /^([a-z0-9_]+\.[A-Za-z0-9_-]+)(\[[^\]]+\])?(?:\.(.+))?$/.exec(ref);
    if (!parts) continue;
    const target = `${prefix}${parts[1] ?? ""}${parts[2] ?? ""}`;
    const address = addresses.has(target) ? target : addresses.has(`${target}[0]`) && ![...addresses].some((a) => a.startsWith(`${target}[1]`)) ? `${target}[0]` : undefined;
    if (!address) continue;
    return unknown(`${ref} is only known after apply`, references?.range, { ref: { key: `plan:${path}::${address}`, attribute: parts[3] } });
  }
  return undefined;
}

/** A plan resource's values: nested blocks are lists of objects under the block's name. */
class ValueBody implements Body {
  constructor(
    private readonly values: TfObject,
    readonly range: Range,
  ) {}

  has(name: string): boolean {
    const v = this.values.attrs.get(name);
    return v !== undefined && v.k !== "null";
  }

  attr(name: string): TfValue | undefined {
    return this.values.attrs.get(name);
  }

  attrRange(name: string): Range | undefined {
    return this.values.attrs.get(name)?.range ?? this.values.keyRanges?.get(name);
  }

  blocks(type: string): Body[] {
    const v = this.values.attrs.get(type);
    const items = v?.k === "tuple" ? v.items : v?.k === "object" ? [v] : [];
    return items.filter((i): i is TfObject => i.k === "object").map((i) => new ValueBody(i, i.range ?? this.range));
  }
}

function getObject(v: TfValue | TfObject | undefined, key: string): TfObject | undefined {
  if (v?.k !== "object") return undefined;
  if (key === "") return v;
  const hit = v.attrs.get(key);
  return hit?.k === "object" ? hit : undefined;
}

function textOf(v: TfValue | undefined): string | undefined {
  return v?.k === "string" ? v.text : undefined;
}

function unplaced(path: string): Range {
  return { file: path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}
