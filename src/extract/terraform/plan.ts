import { parseTree, type Node as JsonNode } from "jsonc-parser";
import type { Facts } from "../../model/facts.js";
import type { Diagnostic, Range } from "../../model/source.js";
import { LineIndex } from "../../parse/lines.js";
import { extractBody, type Body } from "./resources.js";
import { num, object, str, tuple, unknown, type SourceMap, type TfObject, type TfTuple, type TfValue } from "./value.js";
import { jsonNodeValue, Locator } from "./values.js";

/**
 * A `terraform show -json` plan: the values of `planned_values` (the root module and every child
 * module), handed to the same resource handlers as HCL. In a plan of new infrastructure every ARN is
 * only known after apply, so an unknown value is followed through the plan's `configuration`: the
 * resource it refers to (`aws_iam_role.node.arn` becomes a reference to that planned instance), a
 * module input (`var.x`, to the expression of the module call, at any depth), a module output
 * (`module.x.y`, to the output's expression in the child), and `each`/`count` (the instance with the
 * same key). Positions are in the plan file: a plan holds no line numbers of the HCL.
 */
export function extractPlan(path: string, text: string, facts: Facts): Diagnostic | undefined {
  const read = readPlan(path, text);
  if (!read) return { file: path, line: 1, column: 1, message: "the plan is not a JSON object" };
  const { plan, resolver } = read;
  const locate = new Locator([]);
  for (const instance of plan.instances) {
    if (instance.mode !== "managed") continue;
    const body = new ValueBody(resolver.resolvedValues(instance), instance.range);
    extractBody(instance.type, body, { locate, key: factKey(plan.path, instance), address: instance.address, range: instance.range, when: [] }, facts);
  }
  return undefined;
}

/**
 * Every planned instance's values as the resource handlers get them, by address: what the plan only
 * knows after apply is followed through the configuration (for tests, and to see what a plan resolves to).
 */
export function resolvePlan(path: string, text: string): Map<string, TfObject> {
  const out = new Map<string, TfObject>();
  const read = readPlan(path, text);
  for (const instance of read?.plan.instances ?? []) out.set(instance.address, read?.resolver.resolvedValues(instance) ?? instance.values);
  return out;
}

function readPlan(path: string, text: string): { plan: PlanIndex; resolver: Resolver } | undefined {
  const root = planTree(path, text);
  if (root?.k !== "object") return undefined;
  const plan = new PlanIndex(path, root);
  return { plan, resolver: new Resolver(plan) };
}

function planTree(path: string, text: string): TfValue | undefined {
  const lines = new LineIndex(text);
  const tree = parseTree(text, [], { disallowComments: true });
  if (!tree) return undefined;
  const stringValue = (value: string, range: Range | undefined) => {
    // A policy is JSON inside a JSON string: mapped character by character, each action is reported where it is written.
    const start = range && value.startsWith("{") ? lines.offset(range.startLine, range.startColumn) : undefined;
    return str(value, range, start === undefined ? {} : { sourceMap: stringSourceMap(path, lines, start) });
  };
  return jsonNodeValue(tree, (node: JsonNode) => lines.range(path, node.offset, node.offset + node.length), stringValue);
}

/** Maps the characters of the JSON string literal at `start` (its opening quote) to where each is written. */
function stringSourceMap(file: string, lines: LineIndex, start: number): SourceMap {
  const raw = lines.text;
  const pieces: SourceMap["pieces"] = [];
  let decoded = 0;
  let i = start + 1;
  while (i < raw.length && raw[i] !== '"') {
    const runStart = i;
    while (i < raw.length && raw[i] !== '"' && raw[i] !== "\\") i++;
    if (i > runStart) {
      pieces.push({ from: decoded, to: decoded + (i - runStart), file, lines, start: runStart, end: i, linear: true });
      decoded += i - runStart;
    }
    if (raw[i] === "\\") {
      // An escape is one character of the string (\uXXXX is one UTF-16 unit) written as several.
      const length = raw[i + 1] === "u" ? 6 : 2;
      pieces.push({ from: decoded, to: decoded + 1, file, lines, start: i, end: i + length, linear: false });
      decoded += 1;
      i += length;
    }
  }
  return { pieces };
}

/** A `count` index or a `for_each` key. */
type InstanceKey = string | number;

/** An instance of a module: the root (address "") or `module.a["x"].module.b`. */
interface ModuleInstance {
  address: string;
  parent: ModuleInstance | undefined;
  /** The name of the module call in the parent, and the instance's key when the call has count or for_each. */
  call: string | undefined;
  key: InstanceKey | undefined;
  /** The module's `configuration`: resources, module_calls, outputs, variables. */
  config: TfObject | undefined;
  /** The module call in the parent's configuration: expressions, count_expression, for_each_expression. */
  callConfig: TfObject | undefined;
}

interface ResourceInstance {
  address: string;
  module: ModuleInstance;
  mode: "managed" | "data";
  type: string;
  name: string;
  key: InstanceKey | undefined;
  /** Known values; what is only known after apply is missing (or null in a list) and flagged in `unknown`. */
  values: TfObject;
  /** `after_unknown` of the resource's change: `true` where a value is only known after apply. */
  unknown: TfValue | undefined;
  /** The resource's configuration: expressions, count_expression, for_each_expression. */
  config: TfObject | undefined;
  range: Range;
}

function factKey(path: string, instance: ResourceInstance): string {
  return `plan:${path}::${instance.address}`;
}

/** The plan's instances and configuration, indexed for following references. */
class PlanIndex {
  readonly instances: ResourceInstance[] = [];
  private readonly addresses = new Set<string>();
  readonly root: ModuleInstance;
  private readonly modules = new Map<string, ModuleInstance>();
  private readonly byResource = new Map<string, ResourceInstance[]>();
  private readonly changes = new Map<string, TfValue>();
  /** The root module's input variables, by name, with their values. */
  readonly variables: TfObject | undefined;

  constructor(
    readonly path: string,
    plan: TfObject,
  ) {
    this.root = { address: "", parent: undefined, call: undefined, key: undefined, config: field(field(plan, "configuration"), "root_module"), callConfig: undefined };
    this.modules.set("", this.root);
    this.variables = field(plan, "variables");
    for (const change of items(plan.attrs.get("resource_changes"))) {
      const address = textOf(field(change, "")?.attrs.get("address"));
      const after = field(change, "change")?.attrs.get("after_unknown");
      // A deposed object (create_before_destroy) shares the address of the instance that replaces it.
      if (address && after && !field(change, "")?.attrs.has("deposed")) this.changes.set(address, after);
    }
    this.readModule(field(field(plan, "planned_values"), "root_module"), "", false);
    // Data sources read while planning are only in the prior state (managed resources there may be destroyed).
    this.readModule(field(field(field(plan, "prior_state"), "values"), "root_module"), "", true);
  }

  private readModule(module: TfObject | undefined, address: string, dataOnly: boolean): void {
    if (!module) return;
    const instance = this.module(address);
    for (const resource of items(module.attrs.get("resources"))) this.readResource(resource, instance, dataOnly);
    for (const child of items(module.attrs.get("child_modules"))) {
      const childAddress = textOf(field(child, "")?.attrs.get("address"));
      if (childAddress) this.readModule(field(child, ""), childAddress, dataOnly);
    }
  }

  private readResource(resource: TfValue, module: ModuleInstance, dataOnly: boolean): void {
    if (resource.k !== "object") return;
    const address = textOf(resource.attrs.get("address"));
    const mode = textOf(resource.attrs.get("mode"));
    const type = textOf(resource.attrs.get("type"));
    const name = textOf(resource.attrs.get("name"));
    // A resource whose every value is only known after apply has no `values` at all.
    const values = field(resource, "values") ?? object(new Map(), resource.range);
    if (!address || (mode !== "managed" && mode !== "data") || !type || !name || (dataOnly && mode !== "data")) return;
    if (this.addresses.has(address)) return; // planned values win over the prior state
    this.addresses.add(address);
    const instance: ResourceInstance = {
      address,
      module,
      mode,
      type,
      name,
      key: keyOf(resource.attrs.get("index")),
      values,
      unknown: this.changes.get(address),
      config: resourceConfig(module.config, mode, type, name),
      range: resource.range ?? unplaced(this.path),
    };
    this.instances.push(instance);
    const group = `${module.address}|${mode}.${type}.${name}`;
    this.byResource.set(group, [...(this.byResource.get(group) ?? []), instance]);
  }

  /** The module instance at an address, and its parents, made when first seen. */
  module(address: string): ModuleInstance {
    const known = this.modules.get(address);
    if (known) return known;
    const segments = moduleSegments(address);
    const last = segments.pop();
    const parent = this.module(address.slice(0, last ? address.length - last.text.length - (segments.length > 0 ? 1 : 0) : 0));
    const callConfig = field(field(parent.config, "module_calls"), last?.call ?? "");
    const instance: ModuleInstance = { address, parent, call: last?.call, key: last?.key, config: field(callConfig, "module"), callConfig };
    this.modules.set(address, instance);
    return instance;
  }

  /** The instances of a resource of a module instance (one unless it has count or for_each). */
  resourceInstances(module: ModuleInstance, mode: string, type: string, name: string): ResourceInstance[] {
    return this.byResource.get(`${module.address}|${mode}.${type}.${name}`) ?? [];
  }

  /** The instances of a module call of a module instance. */
  moduleInstances(parent: ModuleInstance, call: string): ModuleInstance[] {
    const prefix = `${parent.address ? `${parent.address}.` : ""}module.${call}`;
    const found = [...this.modules.values()].filter((m) => m.parent === parent && m.call === call);
    // A module with no resources of its own is in no list of the plan; its configuration still is.
    if (found.length === 0 && field(field(parent.config, "module_calls"), call)) return [this.module(prefix)];
    return found;
  }
}

function resourceConfig(config: TfObject | undefined, mode: string, type: string, name: string): TfObject | undefined {
  const address = `${mode === "data" ? "data." : ""}${type}.${name}`;
  return items(config?.attrs.get("resources"))
    .map((r) => field(r, ""))
    .find((r) => textOf(r?.attrs.get("address")) === address);
}

/** `module.a["x"].module.b[0]` as its module calls, each with its instance key and its text. */
function moduleSegments(address: string): { call: string; key: InstanceKey | undefined; text: string }[] {
  const out: { call: string; key: InstanceKey | undefined; text: string }[] = [];
  const segment = /^module\.([A-Za-z0-9_-]+)(?:\[(\d+|"(?:[^"\\]|\\.)*")\])?/;
  let rest = address;
  while (rest) {
    const m = segment.exec(rest);
    if (!m) break;
    out.push({ call: m[1] ?? "", key: m[2] === undefined ? undefined : parseKey(m[2]), text: m[0] });
    rest = rest.slice(m[0].length).replace(/^\./, "");
  }
  return out;
}

function parseKey(text: string): InstanceKey {
  return text.startsWith('"') ? (JSON.parse(text) as string) : Number(text);
}

function keyOf(v: TfValue | undefined): InstanceKey | undefined {
  if (v?.k === "number") return v.value;
  if (v?.k === "string") return v.text;
  return undefined;
}

// --- references ---

/** One step of a reference after its root: an attribute or an index. */
type Step = { name: string } | { key: InstanceKey };

/** A reference of the plan's `configuration`, by what it names. */
type Ref =
  | { kind: "resource"; mode: "managed" | "data"; type: string; name: string; key: InstanceKey | undefined; rest: Step[] }
  | { kind: "module"; call: string; key: InstanceKey | undefined; output: string | undefined; rest: Step[] }
  | { kind: "var"; name: string; rest: Step[] }
  | { kind: "local"; name: string }
  | { kind: "each"; which: string; rest: Step[] }
  | { kind: "count" }
  | { kind: "other" };

/** `aws_iam_role.node["a"].arn` as its steps. */
function referenceSteps(text: string): { root: string; steps: Step[] } | undefined {
  const head = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text);
  if (!head) return undefined;
  const steps: Step[] = [];
  let rest = text.slice(head[0].length);
  const step = /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+|"(?:[^"\\]|\\.)*")\])/;
  for (let m = step.exec(rest); m; m = step.exec(rest)) {
    steps.push(m[1] !== undefined ? { name: m[1] } : { key: parseKey(m[2] ?? "0") });
    rest = rest.slice(m[0].length);
  }
  return { root: head[0], steps };
}

function parseReference(text: string): Ref {
  const parsed = referenceSteps(text);
  if (!parsed) return { kind: "other" };
  const { root, steps } = parsed;
  const name = (i: number) => {
    const s = steps[i];
    return s && "name" in s ? s.name : undefined;
  };
  const keyAt = (i: number) => {
    const s = steps[i];
    return s && "key" in s ? s.key : undefined;
  };
  switch (root) {
    case "var":
      return name(0) ? { kind: "var", name: name(0) ?? "", rest: steps.slice(1) } : { kind: "other" };
    case "local":
      return { kind: "local", name: name(0) ?? "" };
    case "each":
      return { kind: "each", which: name(0) ?? "", rest: steps.slice(1) };
    case "count":
      return { kind: "count" };
    case "path":
    case "terraform":
    case "self":
      return { kind: "other" };
    case "module": {
      const key = keyAt(1);
      const at = key === undefined ? 1 : 2;
      return { kind: "module", call: name(0) ?? "", key, output: name(at), rest: steps.slice(at + 1) };
    }
    case "data": {
      const key = keyAt(2);
      const at = key === undefined ? 2 : 3;
      return { kind: "resource", mode: "data", type: name(0) ?? "", name: name(1) ?? "", key, rest: steps.slice(at) };
    }
    default: {
      const key = keyAt(1);
      return { kind: "resource", mode: "managed", type: root, name: name(0) ?? "", key, rest: steps.slice(key === undefined ? 1 : 2) };
    }
  }
}

/**
 * What an expression of the configuration comes to: a planned resource instance and the attribute
 * read from it, a value the plan knows, or why it could not be followed (the references it went
 * through, outermost first).
 */
type Outcome =
  | Target
  | { kind: "known"; value: TfValue }
  | { kind: "unresolved"; chain: string[]; why: string; site?: Range };

interface Target {
  kind: "target";
  instance: ResourceInstance;
  /** The attribute read from the instance (`arn`), and what is read from that. */
  path: Step[];
  /** The reference as written (`aws_iam_role.node.arn`), for reasons. */
  text: string;
  /** Where the outermost reference that led here is written in the plan. */
  site?: Range;
}

/** Where an expression is evaluated: its module instance and, in a resource or module call with count or for_each, its key. */
interface Scope {
  module: ModuleInstance;
  key: InstanceKey | undefined;
  forEach: TfValue | undefined;
  /**
   * The key of the instance wanted from what the expression names: an expression of a for_each
   * resource that names an expanded resource (`aws_iam_role.node[each.key]`), or `each.value`.
   */
  selector: InstanceKey | undefined;
  depth: number;
}

/** Chains of modules, variables and outputs are short; this only stops a cycle. */
const MAX_DEPTH = 32;

/** Attributes that hold a policy document as JSON text. */
const DOCUMENTS = new Set(["policy", "assume_role_policy"]);

/** Attributes that hold a list of references (`refItems` in resources.ts): several targets are several items. */
const LIST_ATTRIBUTES = new Set(["managed_policy_arns", "roles", "policy_arns", "source_policy_documents", "override_policy_documents", "resources", "not_resources", "identifiers"]);

class Resolver {
  private readonly resolved = new Map<ResourceInstance, TfObject>();
  /**
   * Outcomes by expression and where it is evaluated: an input of a module called with for_each is
   * followed once per instance, not once per reference to it (modules that pass `try(each.value.x,
   * var.defaults.x)` down several levels would otherwise multiply).
   */
  private readonly outcomes = new WeakMap<TfObject, Map<string, Outcome[]>>();

  constructor(private readonly plan: PlanIndex) {}

  /** A resource instance's values with each value only known after apply followed through the configuration. */
  resolvedValues(instance: ResourceInstance): TfObject {
    const cached = this.resolved.get(instance);
    if (cached) return cached;
    // A cycle (a policy document of a resource that reads it) sees the values as planned.
    this.resolved.set(instance, instance.values);
    const scope: Scope = { module: instance.module, key: instance.key, forEach: instance.config?.attrs.get("for_each_expression"), selector: undefined, depth: 0 };
    const values = this.withUnknowns(instance.values, instance.unknown, field(instance.config, "expressions"), scope, instance.range);
    this.resolved.set(instance, values);
    return values;
  }

  /**
   * `values` with what `flags` (after_unknown) marks unknown filled in from `expressions`. An unknown
   * attribute the configuration does not write is one the provider sets (a name from name_prefix,
   * tags_all, an Optional+Computed block): it is left out, as it is from the HCL.
   */
  private withUnknowns(values: TfObject, flags: TfValue | undefined, expressions: TfValue | undefined, scope: Scope, site: Range, oneExpression = false): TfObject {
    if (flags?.k !== "object") return values;
    const attrs = new Map(values.attrs);
    for (const [name, flag] of flags.attrs) {
      // A map (tags) has one expression for all its keys; a block has one per attribute.
      const expression = oneExpression ? expressions : field(expressions, "")?.attrs.get(name);
      const value = this.withUnknown(name, values.attrs.get(name), flag, expression, scope, values.keyRanges?.get(name) ?? site);
      if (value) attrs.set(name, value);
      else attrs.delete(name);
    }
    return { ...values, attrs };
  }

  private withUnknown(name: string, value: TfValue | undefined, flag: TfValue, expression: TfValue | undefined, scope: Scope, site: Range): TfValue | undefined {
    if (flag.k === "bool") {
      if (!flag.value) return value;
      return expression ? this.valueOf(name, this.expression(expression, scope), expression.range ?? site, LIST_ATTRIBUTES.has(name)) : undefined;
    }
    if (flag.k === "tuple" && value?.k === "tuple") return this.listWithUnknowns(name, value, flag, expression, scope, site);
    if (flag.k === "object" && value?.k === "object") return this.withUnknowns(value, flag, expression, scope, value.range ?? site, isExpression(expression));
    return value;
  }

  /** A list or blocks: unknown items take the targets of the list's expression in order; blocks are filled in one by one. */
  private listWithUnknowns(name: string, value: TfTuple, flags: TfTuple, expression: TfValue | undefined, scope: Scope, site: Range): TfValue {
    const blockExpressions = expression?.k === "tuple" ? expression.items : undefined;
    const unknownItems = flags.items.flatMap((f, i) => (f.k === "bool" && f.value ? [i] : []));
    const outcomes = unknownItems.length > 0 && expression && !blockExpressions ? this.expression(expression, scope) : [];
    const targets = outcomes.filter((o) => o.kind === "target");
    const items = value.items.map((item, i) => {
      const flag = flags.items[i];
      if (flag?.k === "object" && item.k === "object") return this.withUnknowns(item, flag, blockExpressions?.[i], scope, item.range ?? site);
      const at = unknownItems.indexOf(i);
      if (at < 0) return item;
      const here = item.range ?? site;
      // As many targets as unknown items: the n-th unknown item is the n-th reference of the list.
      const own = targets.length === unknownItems.length ? targets.slice(at, at + 1) : targets.length === 1 ? targets : outcomes;
      return this.valueOf(name, own, here, false);
    });
    return { ...value, items };
  }

  /** The value an attribute (or a list's item) gets from the outcomes of its expression; a list attribute takes every target. */
  private valueOf(name: string, outcomes: Outcome[], site: Range, list: boolean): TfValue {
    const targets = outcomes.filter((o): o is Target => o.kind === "target");
    if (list && targets.length > 0) {
      // A list with an item only known after apply is unknown as a whole (SDKv2 sets): the plan records its references, not its literal items.
      const rest = unknown(`${name} is only known after apply: the plan records what it refers to, not the items written as text`, site);
      return tuple([...targets.map((t) => this.targetValue(t, t.site ?? site)), rest], site);
    }
    if (targets.length > 1) {
      const names = [...new Set(targets.map((t) => t.instance.address))];
      if (names.length > 1) return unknown(`${name} refers to ${names.join(" and ")}, and a plan does not say which of them it is`, site);
    }
    const [first] = targets;
    const value = first ? this.targetValue(first, first.site ?? site) : undefined;
    if (first && value?.k === "unknown" && value.ref && DOCUMENTS.has(name)) {
      // A policy is text: one that names a resource of the plan was built around its ARN (jsonencode, a template).
      return unknown(`${name} is only known after apply: it is built from ${first.text}, and a plan records neither its text nor its expression`, value.range ?? site);
    }
    if (value) return value;
    const known = outcomes.find((o) => o.kind === "known");
    const failed = outcomes.find((o) => o.kind === "unresolved");
    if (failed) return unknown(`${failed.chain.join(" → ")}${failed.chain.length > 0 ? ": " : ""}${failed.why}`, failed.site ?? site);
    if (known) return known.value;
    return unknown(`${name} is only known after apply, and its expression is not recorded in the plan (a function of no references)`, site);
  }

  /** The value of a planned instance's attribute: known, or a reference to the instance (a node role, a policy). */
  private targetValue(target: Target, site: Range): TfValue {
    const { instance, path, text } = target;
    // A whole instance (`for_each = aws_iam_role.node` and `each.value`) is a reference to it, not its values.
    const known = path.length > 0 ? this.knownAt(this.resolvedValues(instance), path) : undefined;
    if (known) return known;
    const [attribute] = path.flatMap((s) => ("name" in s ? [s.name] : []));
    if (instance.mode === "data") {
      if (instance.type === "aws_iam_policy_document" && (attribute === "json" || attribute === "minified_json")) return this.policyDocument(instance, site);
      return unknown(`${text} is only read at apply`, site);
    }
    return unknown(`${text} is only known after apply`, site, { ref: { key: factKey(this.plan.path, instance), attribute } });
  }

  private knownAt(value: TfValue, path: Step[]): TfValue | undefined {
    let v: TfValue | undefined = value;
    for (const step of path) {
      if (!v) return undefined;
      if ("name" in step) v = v.k === "object" ? v.attrs.get(step.name) : undefined;
      else if (v.k === "tuple" && typeof step.key === "number") v = v.items[step.key];
      else v = v.k === "object" ? v.attrs.get(String(step.key)) : undefined;
    }
    return v && v.k !== "null" && v.k !== "unknown" ? v : undefined;
  }

  /**
   * `data "aws_iam_policy_document"` read at apply (it names an ARN of the plan): the policy its
   * statement blocks render, as module.ts builds it from HCL, each string placed in the plan.
   */
  private policyDocument(instance: ResourceInstance, site: Range): TfValue {
    const values = this.resolvedValues(instance);
    for (const merged of ["source_policy_documents", "override_policy_documents"]) {
      const docs = values.attrs.get(merged);
      if (docs?.k === "tuple" && docs.items.length > 0) return unknown(`${instance.address}.json merges ${merged}, which pullguard does not follow in a plan`, site);
    }
    const statements = items(values.attrs.get("statement")).flatMap((s) => (s.k === "object" ? [statementValue(s)] : []));
    const range = instance.range;
    return { ...object(new Map<string, TfValue>([["Version", str("2012-10-17", range)], ["Statement", tuple(statements, range)]]), range), json: true };
  }

  // --- expressions ---

  /** What an expression comes to: one outcome per reference it makes (a reference and its prefixes count once). */
  private expression(expression: TfValue, scope: Scope): Outcome[] {
    const e = field(expression, "");
    if (!e) return [];
    // The owner of an expression (a resource, a module call, an output) decides its for_each: the rest of the scope is the key.
    const key = JSON.stringify([scope.module.address, scope.key ?? null, scope.selector ?? null]);
    const memo = this.outcomes.get(e) ?? new Map<string, Outcome[]>();
    this.outcomes.set(e, memo);
    const known = memo.get(key);
    if (known) return known;
    const outcomes = this.evaluate(e, scope);
    memo.set(key, outcomes);
    return outcomes;
  }

  private evaluate(e: TfObject, scope: Scope): Outcome[] {
    const constant = e.attrs.get("constant_value");
    if (constant) return [{ kind: "known", value: constant }];
    const references = items(e.attrs.get("references")).flatMap((r) => (r.k === "string" ? [r] : []));
    if (scope.depth > MAX_DEPTH) return [{ kind: "unresolved", chain: [], why: "the references go round in a cycle" }];
    const texts = references.map((r) => r.text);
    // `aws_iam_role.node[each.key]` is recorded as `aws_iam_role.node` and `each.key`.
    const selector = texts.includes("each.key") || texts.includes("count.index") ? scope.key : scope.selector;
    const outcomes = references
      .filter((r, i) => !isIndexOnly(r.text) && !texts.slice(0, i).some((earlier) => extendsReference(earlier, r.text)))
      .flatMap((r) => this.reference(r.text, { ...scope, selector, depth: scope.depth + 1 }).map((o) => withSite(o, r.text, r.range)));
    const targets = outcomes.filter((o) => o.kind === "target");
    if (targets.length > 0) return targets;
    const failed = outcomes.filter((o) => o.kind === "unresolved");
    return failed.length > 0 ? failed : outcomes;
  }

  private reference(text: string, scope: Scope): Outcome[] {
    const ref = parseReference(text);
    switch (ref.kind) {
      case "resource":
        return this.resource(ref, text, scope);
      case "module":
        return this.moduleOutput(ref, scope);
      case "var":
        return this.variable(ref.name, ref.rest, scope);
      case "local":
        return [{ kind: "unresolved", chain: [], why: "a plan does not record the expressions of locals, so pullguard cannot follow it" }];
      case "each":
        return this.each(ref.which, ref.rest, scope);
      case "count":
        return scope.key === undefined ? [] : [{ kind: "known", value: num(Number(scope.key), undefined) }];
      case "other":
        return [];
    }
  }

  private resource(ref: Extract<Ref, { kind: "resource" }>, text: string, scope: Scope): Outcome[] {
    const found = this.plan.resourceInstances(scope.module, ref.mode, ref.type, ref.name);
    const address = `${ref.mode === "data" ? "data." : ""}${ref.type}.${ref.name}`;
    const instance = pick(found, ref.key, scope.selector);
    if (instance) return [{ kind: "target", instance, path: ref.rest, text }];
    if (found.length === 0 || ref.key !== undefined) return [{ kind: "unresolved", chain: [], why: `${address}${ref.key === undefined ? "" : `[${JSON.stringify(ref.key)}]`} has no instance in the plan` }];
    return [{ kind: "unresolved", chain: [], why: `${address} has ${found.length} instances, and a plan does not say which one the expression picks` }];
  }

  private moduleOutput(ref: Extract<Ref, { kind: "module" }>, scope: Scope): Outcome[] {
    const instances = this.plan.moduleInstances(scope.module, ref.call);
    const child = pickModule(instances, ref.key, scope.selector);
    if (!child) return [{ kind: "unresolved", chain: [], why: instances.length === 0 ? `module.${ref.call} is not in the plan` : `module.${ref.call} has ${instances.length} instances, and a plan does not say which one the expression picks` }];
    if (ref.output === undefined) return [{ kind: "unresolved", chain: [], why: `pullguard does not follow a whole module object (module.${ref.call})` }];
    const output = field(field(child.config, "outputs"), ref.output);
    if (!output) return [{ kind: "unresolved", chain: [], why: `module.${ref.call} has no output ${ref.output} in the plan's configuration` }];
    // The selector picked the module instance; what the output names inside it is its own.
    const inner: Scope = { module: child, key: undefined, forEach: undefined, selector: ref.key === undefined && instances.length > 1 ? undefined : scope.selector, depth: scope.depth };
    return this.expression(output.attrs.get("expression") ?? nullValue(), inner).map((o) => then(o, ref.rest));
  }

  /** `var.x`: the root module's value, or the expression the module call passes (in the caller's scope). */
  private variable(name: string, rest: Step[], scope: Scope): Outcome[] {
    const module = scope.module;
    if (!module.parent) {
      const value = field(field(this.plan.variables, name), "")?.attrs.get("value");
      return value ? [then({ kind: "known", value }, rest)] : [{ kind: "unresolved", chain: [], why: `the plan has no value for var.${name}` }];
    }
    const passed = field(field(module.callConfig, "expressions"), name);
    if (!passed) {
      const fallback = field(field(field(module.config, "variables"), name), "")?.attrs.get("default");
      return fallback ? [then({ kind: "known", value: fallback }, rest)] : [];
    }
    const caller: Scope = { module: module.parent, key: module.key, forEach: module.callConfig?.attrs.get("for_each_expression"), selector: scope.selector, depth: scope.depth };
    return this.expression(passed, caller).map((o) => then(o, rest));
  }

  /** `each.value...`: the for_each expression, at this instance's key. */
  private each(which: string, rest: Step[], scope: Scope): Outcome[] {
    if (which === "key") return scope.key === undefined ? [] : [{ kind: "known", value: str(String(scope.key), undefined) }];
    if (!scope.forEach || scope.key === undefined) return [{ kind: "unresolved", chain: [], why: "each.value is used where there is no for_each" }];
    const key = scope.key;
    const outcomes = this.expression(scope.forEach, { ...scope, key: undefined, forEach: undefined, selector: key });
    // Over a set, each.value is each.key; over a map, the value at the key.
    const valueAt = (v: TfValue): TfValue => (v.k === "tuple" ? str(String(key), v.range) : (atKey(v, key) ?? nullValue()));
    return outcomes.map((o) => then(o.kind === "known" ? { kind: "known", value: valueAt(o.value) } : o, rest));
  }
}

/** A statement block of a policy document (its planned values) as the JSON statement it renders. */
function statementValue(block: TfObject): TfValue {
  const attrs = new Map<string, TfValue>();
  const copy = (from: string, to: string) => {
    const v = block.attrs.get(from);
    if (v && v.k !== "null") attrs.set(to, v);
  };
  copy("sid", "Sid");
  const effect = block.attrs.get("effect");
  attrs.set("Effect", effect && effect.k !== "null" ? effect : str("Allow", block.range));
  copy("actions", "Action");
  copy("not_actions", "NotAction");
  copy("resources", "Resource");
  copy("not_resources", "NotResource");
  for (const [blockType, key] of [["principals", "Principal"], ["not_principals", "NotPrincipal"]] as const) {
    const byType = new Map<string, TfValue>();
    for (const p of items(block.attrs.get(blockType))) {
      const type = textOf(field(p, "")?.attrs.get("type")) ?? "?";
      const ids = field(p, "")?.attrs.get("identifiers") ?? tuple([], p.range);
      const previous = byType.get(type);
      byType.set(type, previous?.k === "tuple" && ids.k === "tuple" ? tuple([...previous.items, ...ids.items], p.range) : ids);
    }
    if (byType.size > 0) attrs.set(key, object(byType, block.range));
  }
  const conditions = new Map<string, TfObject>();
  for (const c of items(block.attrs.get("condition"))) {
    const test = textOf(field(c, "")?.attrs.get("test")) ?? "?";
    const variable = textOf(field(c, "")?.attrs.get("variable")) ?? "?";
    const byTest = conditions.get(test) ?? object(new Map(), c.range, new Map());
    byTest.attrs.set(variable, field(c, "")?.attrs.get("values") ?? tuple([], c.range));
    if (c.range) byTest.keyRanges?.set(variable, c.range);
    conditions.set(test, byTest);
  }
  if (conditions.size > 0) attrs.set("Condition", object(new Map(conditions), block.range));
  return object(attrs, block.range);
}

/** The instance a reference names: by its index, by the selector (each.key, count.index), or the only one. */
function pick(found: ResourceInstance[], key: InstanceKey | undefined, selector: InstanceKey | undefined): ResourceInstance | undefined {
  if (key !== undefined) return found.find((i) => i.key === key);
  if (found.length === 1) return found[0];
  return selector === undefined ? undefined : found.find((i) => i.key === selector);
}

function pickModule(found: ModuleInstance[], key: InstanceKey | undefined, selector: InstanceKey | undefined): ModuleInstance | undefined {
  if (key !== undefined) return found.find((m) => m.key === key);
  if (found.length === 1) return found[0];
  return selector === undefined ? undefined : found.find((m) => m.key === selector);
}

/** An outcome read further (`module.x.role` then `.arn`; `var.groups` then `["a"]`). */
function then(outcome: Outcome, rest: Step[]): Outcome {
  if (rest.length === 0 || outcome.kind === "unresolved") return outcome;
  if (outcome.kind === "target") return { ...outcome, path: [...outcome.path, ...rest] };
  let v: TfValue | undefined = outcome.value;
  for (const step of rest) v = v ? ("name" in step ? atKey(v, step.name) : atKey(v, step.key)) : undefined;
  return v ? { kind: "known", value: v } : { kind: "unresolved", chain: [], why: "the value has no such attribute" };
}

function atKey(v: TfValue, key: InstanceKey | undefined): TfValue | undefined {
  if (key === undefined) return undefined;
  if (v.k === "tuple" && typeof key === "number") return v.items[key];
  return v.k === "object" ? v.attrs.get(String(key)) : undefined;
}

/** The outcome as seen from the reference that led to it: its place, and the reference added to the chain. */
function withSite(outcome: Outcome, text: string, range: Range | undefined): Outcome {
  if (outcome.kind === "known") return outcome;
  const placed = range ? { ...outcome, site: range } : outcome;
  return placed.kind === "unresolved" ? { ...placed, chain: [text, ...placed.chain] } : placed;
}

/** `aws_iam_role.node` is a prefix of `aws_iam_role.node.arn` and of `aws_iam_role.node[0]`. */
function extendsReference(longer: string, shorter: string): boolean {
  return longer.startsWith(shorter) && (longer[shorter.length] === "." || longer[shorter.length] === "[");
}

/** References that only index another one (`aws_iam_role.node[each.key]`). */
function isIndexOnly(text: string): boolean {
  return text === "each.key" || text === "count.index";
}

/** A configuration expression (`references`, `constant_value`) rather than the expressions of a nested block. */
function isExpression(v: TfValue | undefined): v is TfObject {
  return v?.k === "object" && (v.attrs.has("references") || v.attrs.has("constant_value") || v.attrs.size === 0);
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
    const list = v?.k === "tuple" ? v.items : v?.k === "object" ? [v] : [];
    return list.filter((i): i is TfObject => i.k === "object").map((i) => new ValueBody(i, i.range ?? this.range));
  }
}

/** `v` itself (key "") or its attribute `key`, when that is an object. */
function field(v: TfValue | undefined, key: string): TfObject | undefined {
  if (v?.k !== "object") return undefined;
  if (key === "") return v;
  const hit = v.attrs.get(key);
  return hit?.k === "object" ? hit : undefined;
}

function items(v: TfValue | undefined): TfValue[] {
  return v?.k === "tuple" ? v.items : [];
}

function textOf(v: TfValue | undefined): string | undefined {
  return v?.k === "string" ? v.text : undefined;
}

function nullValue(): TfValue {
  return { k: "null", range: undefined };
}

function unplaced(path: string): Range {
  return { file: path, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}
