import { posix } from "node:path";
import type { TemplateBinding, When } from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import type { Block, Body, Expr, TemplateExpr } from "../../parse/hcl/ast.js";
import { objectBody } from "../../parse/hcl/json.js";
import { attribute, blocksOf, localModuleDir, sourceText, spanRange, type HclSource, type ModuleCallConfig, type ModuleConfig, type ResourceConfig } from "./config.js";
import { Evaluator, iterate, type Env, type EvalHost, type Reachable } from "./evaluate.js";
import { EvalError } from "./functions.js";
import {
  asText,
  branches,
  inherit,
  isKnown,
  nil,
  object,
  reasonOf,
  str,
  tuple,
  unknown,
  type TfObject,
  type TfValue,
} from "./value.js";
import { Locator } from "./values.js";

/** Everything the evaluation of one scan's Terraform needs from outside: module folders, files, values. */
export interface Project {
  /** The configuration of a module folder (root-relative, `/`-separated), parsed on demand. */
  module(dir: string): ModuleConfig | undefined;
  /** Reads a file inside the scanned folders (root-relative path); undefined when it is not there. */
  readText(path: string): string | undefined;
  /** The absolute path of a folder given relative to the scan root, when the scan reads a file system. */
  absolutePath?(dir: string): string | undefined;
  /** Parses a file's text as a template (templatefile). */
  parseTemplate(text: string, path: string): { expr: TemplateExpr; source: HclSource } | undefined;
  /** The source folder of a downloaded module, by the module key (`eks`, `eks.node_group`) under a root. */
  downloadedModule(rootDir: string, key: string): string | undefined;
  /** Where what `templatefile()` fills into scanned files is collected (Facts.templateBindings). */
  templateBindings?: TemplateBinding[];
  /** An output of a registry module pullguard knows without its sources (a role it made for the call). */
  knownModuleOutput?(parent: ModuleInstance, child: Extract<ChildResult, { kind: "external" }>, output: string, site: Range): TfValue | undefined;
}

/** One instance of a resource, data source or module call after count / for_each. */
export interface Instance {
  config: ResourceConfig;
  /** The index or key, undefined for a resource without count / for_each. */
  key: TfValue | undefined;
  /** `[0]`, `["a"]`, `[?]` for a key only known after apply, or empty. */
  keyText: string;
  when: When[];
  env: Env;
}

/** How a module instance was called: from the root outward, the `module` blocks and their addresses. */
export interface CallSite {
  range: Range;
  address: string;
}

/** Arguments of a `module` block that are not inputs of the module. */
export const META_ARGUMENTS = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

/** Computed attributes that identify a resource when read: `aws_iam_role.x.arn`. */
const IDENTIFYING = new Set(["arn", "id", "name", "unique_id", "latest_version", "default_version"]);

export function keyTextOf(key: TfValue | undefined): string {
  if (!key) return "";
  if (key.k === "number") return `[${key.value}]`;
  if (key.k === "string" && key.known) return `[${JSON.stringify(key.text)}]`;
  return "[?]";
}

/** A module instance: its configuration, the values of its variables, and lazily evaluated locals, resources and children. */
export class ModuleInstance implements EvalHost {
  readonly evaluator = new Evaluator(this);
  private readonly locals = new Map<string, TfValue | "pending">();
  private readonly instances = new Map<string, Instance[]>();
  private readonly children = new Map<string, ChildResult[]>();
  private readonly attributeCache = new Map<string, TfValue>();

  constructor(
    readonly project: Project,
    readonly config: ModuleConfig,
    /** `` for a root module, `module.eks.` (with the trailing dot) for a child: the prefix of addresses. */
    readonly prefix: string,
    readonly inputs: Map<string, TfValue>,
    readonly calls: CallSite[],
    readonly rootDir: string,
  ) {}

  get isRoot(): boolean {
    return this.calls.length === 0;
  }

  /** The fact key of a resource instance: unique in the scan, stable across runs. */
  factKey(config: ResourceConfig, keyText: string): string {
    const kind = config.mode === "data" ? "data." : "";
    return `tf:${this.rootDir}::${this.prefix}${kind}${config.type}.${config.name}${keyText}`;
  }

  address(config: ResourceConfig, keyText: string): string {
    return `${this.prefix}${config.mode === "data" ? "data." : ""}${config.type}.${config.name}${keyText}`;
  }

  envFor(source: HclSource, bindings: Map<string, Reachable> = new Map()): Env {
    return { source, bindings };
  }

  // --- EvalHost ---

  variable(name: string, site: Range): TfValue {
    const declared = this.config.variables.get(name);
    // A module whose variables.tf is not in the scan still gets its callers' values.
    if (!declared) return this.inputs.get(name) ?? unknown(`variable ${name} is not declared in the scanned files`, site);
    const nullable = attribute(declared.block.body, "nullable");
    const input = this.inputs.get(name);
    const env = this.envFor(declared.source);
    let value: TfValue | undefined = input;
    if (value?.k === "null" && nullable?.expr.kind === "literal" && nullable.expr.value === false) value = undefined;
    if (!value && declared.default) {
      const defaultValue = this.evaluator.value(declared.default, env);
      value = { ...defaultValue, via: { variable: name, range: spanRange(declared.source, declared.default) } };
    }
    if (!value) return unknown(`variable ${name} has no value (no default, no input)`, site);
    return declared.type ? applyType(declared.type, value, this.evaluator, env) : value;
  }

  local(name: string, site: Range): TfValue {
    const cached = this.locals.get(name);
    if (cached === "pending") return unknown(`local.${name} refers to itself`, site);
    if (cached) return cached;
    const local = this.config.locals.get(name);
    if (!local) throw new EvalError(`no local value "${name}"`);
    this.locals.set(name, "pending");
    const value = this.evaluator.value(local.expr, this.envFor(local.source));
    this.locals.set(name, value);
    return value;
  }

  /**
   * As Terraform run in the root module's folder gives them: `path.module` relative to it (`.` for
   * the root module), `path.root` `.`, and `path.cwd` the folder's absolute path, so that
   * `basename(path.cwd)` names the folder as it does for Terraform.
   */
  pathValue(name: string, site: Range): TfValue {
    if (name === "module") return str(posix.relative(this.rootDir, this.config.dir) || ".", site);
    if (name === "root") return str(".", site);
    if (name === "cwd") {
      const absolute = this.project.absolutePath?.(this.rootDir);
      return absolute === undefined ? unknown("path.cwd is not known when the files are not read from a folder", site) : str(absolute, site);
    }
    return unknown(`path.${name} is not known`, site);
  }

  resourceType(mode: "managed" | "data", type: string): boolean {
    const map = mode === "data" ? this.config.data : this.config.resources;
    for (const config of map.values()) if (config.type === type) return true;
    return false;
  }

  resource(mode: "managed" | "data", type: string, name: string): ResourceConfig | undefined {
    return (mode === "data" ? this.config.data : this.config.resources).get(`${type}.${name}`);
  }

  isExpanded(config: ResourceConfig): boolean {
    return attribute(config.block.body, "count") !== undefined || attribute(config.block.body, "for_each") !== undefined;
  }

  isCallExpanded(config: ModuleCallConfig): boolean {
    return attribute(config.block.body, "count") !== undefined || attribute(config.block.body, "for_each") !== undefined;
  }

  moduleCall(name: string): ModuleCallConfig | undefined {
    return this.config.modules.get(name);
  }

  /** The instances of a resource, data source or module call after count / for_each. */
  expand(block: Block, source: HclSource, make: (key: TfValue | undefined, keyText: string, when: When[], env: Env) => void): void {
    const countAttr = attribute(block.body, "count");
    const forEachAttr = attribute(block.body, "for_each");
    const base = this.envFor(source);
    if (countAttr) {
      for (const { value, when } of branches(this.evaluator.value(countAttr.expr, base))) {
        const n = value.k === "number" ? value.value : value.k === "string" && value.known ? Number(value.text) : NaN;
        if (!Number.isFinite(n)) {
          const key = unknown(`count is not known (${reasonOf(value)})`, value.range);
          make(key, "[?]", when, this.envFor(source, new Map([["count", object(new Map([["index", key]]), value.range)]])));
          continue;
        }
        for (let i = 0; i < Math.min(n, 256); i++) {
          const key: TfValue = { k: "number", value: i, range: value.range };
          make(key, `[${i}]`, when, this.envFor(source, new Map([["count", object(new Map([["index", key]]), value.range)]])));
        }
      }
      return;
    }
    if (forEachAttr) {
      for (const { value, when } of branches(this.evaluator.value(forEachAttr.expr, base))) {
        const entries = iterate(value);
        if (!entries) {
          const key = unknown(`for_each is not known (${reasonOf(value)})`, value.range);
          const each = object(new Map([["key", key], ["value", unknown(reasonOf(value), value.range)]]), value.range);
          make(key, "[?]", when, this.envFor(source, new Map([["each", each]])));
          continue;
        }
        for (const [k, v] of entries) {
          // A set of strings is keyed by its values.
          const key = value.k === "tuple" ? v : k;
          const each = object(new Map([["key", key], ["value", v]]), v.range);
          make(key, keyTextOf(key), when, this.envFor(source, new Map([["each", each]])));
        }
      }
      return;
    }
    make(undefined, "", [], base);
  }

  resourceInstances(config: ResourceConfig): Instance[] {
    const id = `${config.mode}.${config.type}.${config.name}`;
    let list = this.instances.get(id);
    if (!list) {
      const out: Instance[] = [];
      this.instances.set(id, out);
      this.expand(config.block, config.source, (key, keyText, when, env) => out.push({ config, key, keyText, when, env }));
      list = out;
    }
    return list;
  }

  private findInstance(config: ResourceConfig, key: TfValue | undefined): Instance | undefined {
    const list = this.resourceInstances(config);
    if (!key) return list.length === 1 ? list[0] : undefined;
    const text = keyTextOf(key);
    return list.find((i) => i.keyText === text) ?? (list.length === 1 && list[0]?.keyText === "[?]" ? list[0] : undefined);
  }

  instanceAttribute(config: ResourceConfig, key: TfValue | undefined, name: string, site: Range): TfValue {
    const instance = this.findInstance(config, key);
    const address = `${config.mode === "data" ? "data." : ""}${config.type}.${config.name}${keyTextOf(key)}`;
    if (!instance) return unknown(`${address} has no such instance`, site);
    const cacheKey = `${this.factKey(config, instance.keyText)}#${name}`;
    const cached = this.attributeCache.get(cacheKey);
    if (cached) return { ...cached, range: site };
    const value = computedAttribute(this, instance, name, site) ?? this.configAttribute(instance, name, site);
    this.attributeCache.set(cacheKey, value);
    return value;
  }

  private configAttribute(instance: Instance, name: string, site: Range): TfValue {
    const ref = { key: this.factKey(instance.config, instance.keyText), attribute: name };
    const attr = attribute(instance.config.block.body, name);
    const computed = () => unknown(`${this.address(instance.config, instance.keyText)}.${name} is only known after apply`, site, IDENTIFYING.has(name) ? { ref } : {});
    if (!attr) return computed();
    const value = this.evaluator.value(attr.expr, instance.env);
    // An argument set to null is unset: the provider computes it (a role name from name_prefix).
    if (value.k === "null") return computed();
    // A configured name still identifies the resource: keep the reference next to the value.
    if (IDENTIFYING.has(name) && value.k === "string") return { ...value, ref };
    if (IDENTIFYING.has(name) && value.k === "unknown") return { ...value, ref };
    return value;
  }

  instanceValue(config: ResourceConfig, key: TfValue | undefined, site: Range): TfValue {
    const instance = this.findInstance(config, key);
    if (!instance) return unknown(`${config.type}.${config.name}${keyTextOf(key)} has no such instance`, site);
    return unknown(`${this.address(config, instance.keyText)} is a resource`, site, { ref: { key: this.factKey(config, instance.keyText), attribute: undefined } });
  }

  instanceKeys(config: ResourceConfig): (TfValue | undefined)[] | undefined {
    const list = this.resourceInstances(config);
    if (list.some((i) => i.keyText === "[?]")) return undefined;
    return list.map((i) => i.key);
  }

  // --- module calls ---

  childInstances(call: ModuleCallConfig): ChildResult[] {
    let list = this.children.get(call.name);
    if (list) return list;
    list = [];
    this.children.set(call.name, list);
    const out = list;
    this.expand(call.block, call.source, (key, keyText, when, env) => {
      out.push(this.makeChild(call, key, keyText, when, env));
    });
    return list;
  }

  private makeChild(call: ModuleCallConfig, key: TfValue | undefined, keyText: string, when: When[], env: Env): ChildResult {
    const inputs = new Map<string, TfValue>();
    for (const item of call.block.body.items) {
      if (item.kind === "attribute" && !META_ARGUMENTS.has(item.name)) inputs.set(item.name, this.evaluator.value(item.expr, env));
    }
    const sourceAttr = attribute(call.block.body, "source");
    const sourceValue = sourceAttr ? asText(this.evaluator.value(sourceAttr.expr, env)) : undefined;
    const versionAttr = attribute(call.block.body, "version");
    const version = versionAttr ? asText(this.evaluator.value(versionAttr.expr, env)) : undefined;
    const address = `${this.prefix}module.${call.name}${keyText}`;
    const site: CallSite = { range: spanRange(call.source, call.block.labels[0] ?? call.block.typeSpan), address };
    const base = { call, key, keyText, when, inputs, source: sourceValue, version, address, site, env };
    if (sourceValue === undefined) return { ...base, kind: "unresolved", reason: "the module source is not a known string" };
    const dir = this.resolveSource(sourceValue, call.name);
    if (dir === undefined) return { ...base, kind: "external" };
    const config = this.project.module(dir);
    if (!config) return { ...base, kind: "unresolved", reason: `module folder ${dir} was not found in the scanned files` };
    const child = new ModuleInstance(this.project, config, `${address}.`, inputs, [...this.calls, site], this.rootDir);
    return { ...base, kind: "module", instance: child };
  }

  /** The folder of a local module, or of a registry/git module that `terraform init` downloaded. */
  private resolveSource(source: string, name: string): string | undefined {
    const local = localModuleDir(this.config.dir, source);
    if (local !== undefined) return local;
    // modules.json keys name the module path without instance keys: `eks`, `eks.node_group`.
    const key = `${this.prefix}module.${name}`
      .replace(/\[[^\]]*\]/g, "")
      .split(".")
      .filter((_, i, all) => all[i - 1] === "module")
      .join(".");
    return this.project.downloadedModule(this.rootDir, key);
  }

  moduleOutput(call: ModuleCallConfig, key: TfValue | undefined, output: string, site: Range): TfValue {
    const children = this.childInstances(call);
    const text = key ? keyTextOf(key) : "";
    const child = children.find((c) => c.keyText === text) ?? (children.length === 1 ? children[0] : undefined);
    if (!child) return unknown(`module.${call.name}${text} has no such instance`, site);
    if (child.kind === "external") {
      const known = this.project.knownModuleOutput?.(this, child, output, site);
      if (known) return known;
    }
    if (child.kind !== "module") return unknown(`module.${call.name}.${output} comes from a module pullguard cannot read`, site);
    return child.instance.outputValue(output);
  }

  outputValue(name: string): TfValue {
    const output = this.config.outputs.get(name);
    if (!output) throw new EvalError(`the module has no output "${name}"`);
    return this.evaluator.value(output.expr, this.envFor(output.source));
  }

  /**
   * The scan-relative path of a path as Terraform reads it (relative to the root module's folder); an
   * absolute path under that folder (`${path.cwd}/policy.json`) too. Undefined outside the scanned tree.
   */
  filePath(path: string): string | undefined {
    const cwd = this.project.absolutePath?.(this.rootDir);
    const relative = cwd !== undefined && (path === cwd || path.startsWith(`${cwd}/`)) ? path.slice(cwd.length + 1) || "." : path;
    if (posix.isAbsolute(relative)) return undefined;
    const file = posix.normalize(posix.join(this.rootDir, relative));
    return file.startsWith("..") ? undefined : file;
  }

  renderedTemplate(file: string, vars: TfObject): void {
    const locate = new Locator(this.calls);
    for (const [name, value] of vars.attrs) {
      const [text] = locate.texts(value, vars.keyRanges?.get(name) ?? value.range, []);
      if (text) this.project.templateBindings?.push({ file, name, value: text });
    }
  }

  readFile(path: string, source: HclSource): { text: string; source: HclSource } | undefined {
    void source;
    const file = this.filePath(path);
    if (file === undefined) return undefined;
    const text = this.project.readText(file);
    if (text === undefined) return undefined;
    const template = this.project.parseTemplate(text, file);
    return template ? { text, source: template.source } : undefined;
  }

  parseTemplate(text: string, source: HclSource): { expr: TemplateExpr; source: HclSource } | undefined {
    return this.project.parseTemplate(text, source.path);
  }

  // --- bodies for extraction ---

  /** A view of a resource instance's body for the extractor. */
  body(instance: Instance): BodyView {
    return new BodyView(this, instance.config.block.body, instance.env, spanRange(instance.config.source, instance.config.block.labels[1] ?? instance.config.block.typeSpan));
  }
}

export type ChildResult = {
  call: ModuleCallConfig;
  key: TfValue | undefined;
  keyText: string;
  when: When[];
  inputs: Map<string, TfValue>;
  source: string | undefined;
  version: string | undefined;
  address: string;
  site: CallSite;
  env: Env;
} & ({ kind: "module"; instance: ModuleInstance } | { kind: "external" } | { kind: "unresolved"; reason: string });

/** Attributes whose value pullguard knows without the provider: identifiers of data sources and placeholders. */
function computedAttribute(module: ModuleInstance, instance: Instance, name: string, site: Range): TfValue | undefined {
  const { config } = instance;
  if (config.mode !== "data") return undefined;
  const address = module.address(config, instance.keyText);
  const placeholder = (reason: string) => str(`\${${address}.${name}}`, site, { known: false, reason });
  switch (config.type) {
    case "aws_partition":
      return placeholder("the AWS partition is only known at plan time");
    case "aws_caller_identity":
      return placeholder("the account is only known at plan time");
    case "aws_region":
      return placeholder("the region is only known at plan time");
    case "aws_iam_policy_document":
      if (name === "json" || name === "minified_json") return policyDocumentValue(module, instance, site);
      return undefined;
    case "aws_iam_policy": {
      if (name !== "arn") return undefined;
      const body = module.body(instance);
      const arn = body.attr("arn");
      if (arn) return arn;
      const policyName = body.attr("name");
      if (policyName?.k === "string" && policyName.known) {
        // Matched in link against the scanned customer policies, then the AWS managed index.
        return str(`arn:\${partition}:iam::\${account}:policy/${policyName.text}`, site, { known: false, reason: `policy ${policyName.text} is looked up by name` });
      }
      return undefined;
    }
    case "aws_iam_role": {
      if (name !== "arn") return undefined;
      const roleName = module.body(instance).attr("name");
      if (roleName?.k === "string" && roleName.known) {
        return str(`arn:\${partition}:iam::\${account}:role/${roleName.text}`, site, { known: false, reason: `role ${roleName.text} is looked up by name` });
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `data "aws_iam_policy_document"` as the JSON policy it renders, each string placed where it is written. */
function policyDocumentValue(module: ModuleInstance, instance: Instance, site: Range): TfValue {
  const body = module.body(instance);
  const statements: TfValue[] = [];
  const bySid = new Map<string, number>();
  const addStatement = (s: TfValue, override: boolean) => {
    const sid = s.k === "object" ? asText(s.attrs.get("Sid") ?? nil(undefined)) : undefined;
    if (override && sid !== undefined && bySid.has(sid)) {
      statements[bySid.get(sid) as number] = s;
      return;
    }
    if (sid !== undefined) bySid.set(sid, statements.length);
    statements.push(s);
  };
  const fromDocuments = (name: string, override: boolean): TfValue | undefined => {
    const docs = body.attr(name);
    if (!docs) return undefined;
    if (docs.k !== "tuple") return isKnown(docs) ? undefined : docs;
    for (const doc of docs.items) {
      const statement = doc.k === "object" ? doc.attrs.get("Statement") : undefined;
      if (!statement) return unknown(`${name} holds a policy that is not known (${reasonOf(doc)})`, doc.range ?? site);
      for (const s of statement.k === "tuple" ? statement.items : [statement]) addStatement(s, override);
    }
    return undefined;
  };
  const pending = fromDocuments("source_policy_documents", false) ?? body.attr("source_json");
  if (pending && pending.k !== "object" && !isKnown(pending)) return unknown(`the source policies are not known (${reasonOf(pending)})`, site);
  for (const s of body.blocks("statement")) addStatement(statementValue(s), true);
  const overridden = fromDocuments("override_policy_documents", true);
  if (overridden) return unknown(`the override policies are not known (${reasonOf(overridden)})`, site);
  const attrs = new Map<string, TfValue>([["Version", str("2012-10-17", site)], ["Statement", tuple(statements, site)]]);
  return { ...object(attrs, site), json: true };
}

function statementValue(view: BodyView): TfValue {
  const attrs = new Map<string, TfValue>();
  const copy = (from: string, to: string) => {
    const v = view.attr(from);
    if (v && v.k !== "null") attrs.set(to, v);
  };
  copy("sid", "Sid");
  attrs.set("Effect", view.attr("effect") ?? str("Allow", view.range));
  copy("actions", "Action");
  copy("not_actions", "NotAction");
  copy("resources", "Resource");
  copy("not_resources", "NotResource");
  for (const [blockType, key] of [["principals", "Principal"], ["not_principals", "NotPrincipal"]] as const) {
    const principals = new Map<string, TfValue>();
    for (const p of view.blocks(blockType)) {
      const type = asText(p.attr("type") ?? nil(undefined)) ?? "?";
      const identifiers = p.attr("identifiers") ?? tuple([], p.range);
      const previous = principals.get(type);
      principals.set(type, previous?.k === "tuple" && identifiers.k === "tuple" ? tuple([...previous.items, ...identifiers.items], p.range) : identifiers);
    }
    if (principals.size > 0) attrs.set(key, object(principals, view.range));
  }
  const conditions = new Map<string, TfValue>();
  for (const c of view.blocks("condition")) {
    const test = asText(c.attr("test") ?? nil(undefined)) ?? "?";
    const variable = c.attr("variable") ?? nil(undefined);
    const key = variable.k === "string" ? variable.text : "?";
    const byTest = (conditions.get(test) as TfObject | undefined) ?? object(new Map(), c.range, new Map());
    byTest.attrs.set(key, c.attr("values") ?? tuple([], c.range));
    byTest.keyRanges?.set(key, c.range);
    conditions.set(test, byTest);
  }
  if (conditions.size > 0) attrs.set("Condition", object(conditions, view.range));
  return object(attrs, view.range);
}

/** Turns a value into the declared type, applying `optional(type, default)` defaults of object types. */
function applyType(type: Expr, value: TfValue, evaluator: Evaluator, env: Env): TfValue {
  if (type.kind !== "call") return value;
  const [arg] = type.args;
  switch (type.name) {
    case "optional":
      return arg ? applyType(arg, value, evaluator, env) : value;
    case "map":
      if (value.k !== "object" || !arg) return value;
      return { ...value, attrs: new Map([...value.attrs].map(([k, v]) => [k, applyType(arg, v, evaluator, env)])) };
    case "list":
    case "set":
      if (value.k !== "tuple" || !arg) return value;
      return { ...value, items: value.items.map((v) => applyType(arg, v, evaluator, env)) };
    case "object": {
      if (value.k !== "object" || arg?.kind !== "object") return value;
      const attrs = new Map(value.attrs);
      for (const item of arg.items) {
        const keyValue = item.key.kind === "template" ? asText(evaluator.value(item.key, env)) : undefined;
        if (keyValue === undefined) continue;
        const present = attrs.get(keyValue);
        if (present && present.k !== "null") {
          attrs.set(keyValue, inherit(applyType(item.value, present, evaluator, env), value));
          continue;
        }
        if (item.value.kind === "call" && item.value.name === "optional") {
          const [innerType, defaultExpr] = item.value.args;
          const defaultValue = defaultExpr ? evaluator.value(defaultExpr, env) : nil(value.range);
          const withVia = defaultExpr ? { ...defaultValue, via: { variable: `the type of ${keyValue}`, range: spanRange(env.source, defaultExpr) } } : defaultValue;
          attrs.set(keyValue, innerType && defaultExpr ? applyType(innerType, withVia, evaluator, env) : withVia);
        }
      }
      return { ...value, attrs };
    }
    default:
      return value;
  }
}

/** A block body evaluated in its instance: attributes, nested blocks and `dynamic` blocks expanded. */
export class BodyView {
  constructor(
    readonly module: ModuleInstance,
    private readonly body: Body,
    readonly env: Env,
    /** Where the block is declared (its labels or type). */
    readonly range: Range,
  ) {}

  get source(): HclSource {
    return this.env.source;
  }

  has(name: string): boolean {
    return attribute(this.body, name) !== undefined;
  }

  attr(name: string): TfValue | undefined {
    const a = attribute(this.body, name);
    return a ? this.module.evaluator.value(a.expr, this.env) : undefined;
  }


  /** Where the attribute's value is written (the use site, for values that come from a default). */
  attrRange(name: string): Range | undefined {
    const a = attribute(this.body, name);
    return a ? spanRange(this.env.source, a.expr) : undefined;
  }

  text(span: { start: number; end: number }): string {
    return sourceText(this.env.source, span);
  }

  blocks(type: string): BodyView[] {
    const out: BodyView[] = [];
    for (const item of this.body.items) {
      if (item.kind === "attribute") {
        // Terraform's JSON syntax writes nested blocks as an object, or a list of objects, under the block type.
        if (item.name === type && this.env.source.path.endsWith(".tf.json")) {
          for (const o of item.expr.kind === "tuple" ? item.expr.items : [item.expr]) {
            if (o.kind === "object") out.push(new BodyView(this.module, objectBody(o), this.env, spanRange(this.env.source, item.nameSpan)));
          }
        }
        continue;
      }
      if (item.type === type) out.push(new BodyView(this.module, item.body, this.env, spanRange(this.env.source, item.typeSpan)));
      else if (item.type === "dynamic" && item.labels[0]?.value === type) out.push(...this.dynamic(item, type));
    }
    return out;
  }

  private dynamic(block: Block, type: string): BodyView[] {
    const content = blocksOf(block.body, "content")[0];
    const forEach = attribute(block.body, "for_each");
    if (!content || !forEach) return [];
    const iteratorAttr = attribute(block.body, "iterator");
    const iterator = iteratorAttr?.expr.kind === "variable" ? iteratorAttr.expr.name : type;
    const collection = this.module.evaluator.value(forEach.expr, this.env);
    const range = spanRange(this.env.source, block.typeSpan);
    const entries = iterate(collection);
    const views = (key: TfValue, value: TfValue) => {
      const bindings = new Map(this.env.bindings);
      bindings.set(iterator, object(new Map([["key", key], ["value", value]]), value.range));
      return new BodyView(this.module, content.body, { source: this.env.source, bindings }, range);
    };
    if (!entries) return [views(unknown(reasonOf(collection), range), unknown(reasonOf(collection), range))];
    return entries.map(([k, v]) => views(k, v));
  }
}
