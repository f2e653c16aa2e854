import { posix } from "node:path";
import { emptyFacts, mergeFacts, type Facts, type TemplateBinding, type When } from "../../model/facts.js";
import type { Diagnostic, Range } from "../../model/source.js";
import type { HclFile, TemplateExpr } from "../../parse/hcl/ast.js";
import { parseTerraformJson } from "../../parse/hcl/json.js";
import { parseHcl, parseTemplate } from "../../parse/hcl/parse.js";
import { LineIndex } from "../../parse/lines.js";
import { moduleConfig, spanRange, type HclSource, type ModuleCallConfig, type ModuleConfig } from "./config.js";
import { knownModule, knownModuleOutput } from "./known/index.js";
import { META_ARGUMENTS, ModuleInstance, type ChildResult, type Project } from "./module.js";
import { extractResource, EXTRACTED_TYPES } from "./resources.js";
import { Locator } from "./values.js";
import { fromPlain, toPlain, type TfValue } from "./value.js";

export interface ParsedTerraform {
  path: string;
  text: string;
  tree: HclFile;
}

export interface TerraformOptions {
  /** Reads a file below the scan root (root-relative path); undefined when it is not there. */
  readText(path: string): string | undefined;
  /** The files of a folder below the scan root, by name. */
  listDir(dir: string): string[];
  /** `--var-file` contents, in order: later files win. */
  varFiles?: ParsedTerraform[];
  /** `--var NAME=VALUE`: HCL literals, lists and objects, anything else a plain string. */
  vars?: Record<string, string>;
  /** The scan root's absolute path (`/`-separated): `path.cwd` of a root module is this and its folder. */
  rootPath?: string;
}

/** How deep module calls are followed; real configurations stay far below. */
const MAX_MODULE_DEPTH = 12;

/** Parses a `.tf`, `.tf.json` or `.tfvars` file; a syntax error is a diagnostic at the place Terraform reports it. */
export function parseTerraform(path: string, text: string): { parsed?: ParsedTerraform; diagnostic?: Diagnostic } {
  const json = path.endsWith(".json");
  const result = json ? parseTerraformJson(text, path.endsWith(".tfvars.json") ? "variables" : "configuration") : parseHcl(text);
  if (result.ok) return { parsed: { path, text, tree: result.file } };
  const at = new LineIndex(text).position(result.error.offset);
  return { diagnostic: { file: path, line: at.line, column: at.column, message: `${json ? "JSON" : "HCL"} syntax error: ${result.error.message}` } };
}

/**
 * One folder of `.tf` files evaluated as a root module, with every module it calls: its facts, and every file the
 * evaluation read (its own and its modules' configuration files, tfvars, templates), so that a scan can tell
 * which root modules a file is part of.
 */
export interface TerraformUnit {
  dir: string;
  facts: Facts;
  reads: string[];
  /** What each module folder it loaded held (see `folderListing`): a file added there changes the evaluation too. */
  listings: [dir: string, files: string[]][];
  /** Why the evaluation broke, if it did (a value too large for memory, a bug): the scan is incomplete. */
  failure?: string;
}

/**
 * Evaluates every folder of `.tf` files as a root module (and every module it calls) and extracts its
 * facts. A folder that is also called as a module is evaluated both ways: on its own defaults, which
 * is how a reviewer reads a module, and through each call, with the caller's inputs.
 */
export function evaluateTerraform(files: ParsedTerraform[], options: TerraformOptions, only?: ReadonlySet<string>): TerraformUnit[] {
  const project = new TerraformProject(files, options);
  const units: TerraformUnit[] = [];
  for (const dir of terraformRoots(files.map((f) => f.path))) {
    if (only && !only.has(dir)) continue;
    // One module that breaks the evaluator must not stop the others.
    const facts = emptyFacts();
    project.startUnit(facts);
    const read = () => ({ reads: [...project.reads].sort(), listings: [...project.listings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) });
    try {
      const config = project.module(dir);
      const root = config && new ModuleInstance(project, config, "", project.rootInputs(dir), [], dir);
      if (root) walk(root, facts, 0);
      units.push({ dir, facts, ...read() });
    } catch (err) {
      units.push({ dir, facts: emptyFacts(), ...read(), failure: err instanceof Error ? err.message : String(err) });
    }
  }
  return units;
}

/** The folders evaluated as root modules: each folder with a Terraform configuration file among `paths` (parsed files), in path order. */
export function terraformRoots(paths: readonly string[]): string[] {
  return [...new Set(paths.filter(isConfigFile).map((p) => posix.dirname(p)))].sort();
}

/**
 * What a module folder holds for the evaluation: the scanned Terraform files in it (`scanned`: parsed files by
 * folder), or, for a folder outside the scan, the configuration files on disk.
 */
/** Paths by folder, in the order given: the scanned Terraform files each folder holds (what `folderListing` is given). */
export function filesByFolder(paths: readonly string[]): Map<string, string[]> {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const dir = posix.dirname(path);
    const list = byFolder.get(dir);
    if (list) list.push(path);
    else byFolder.set(dir, [path]);
  }
  return byFolder;
}

export function folderListing(dir: string, scanned: ReadonlyMap<string, readonly string[]>, listDir: (dir: string) => string[]): string[] {
  return [...(scanned.get(dir) ?? listDir(dir).filter(isConfigFile).sort().map((name) => posix.join(dir, name)))];
}

/** The facts of several root modules together; what several of them fill into one template is said once. */
export function mergeTerraformUnits(units: Facts[], facts: Facts): void {
  // Modules evaluated from several roots render a template each time: one binding per file, name and value.
  const bindings = new Map<string, TemplateBinding>();
  for (const unit of units) {
    const { templateBindings, ...rest } = unit;
    mergeFacts(facts, { ...rest, templateBindings: [] });
    for (const b of templateBindings) bindings.set(`${b.file}\u0000${b.name}\u0000${b.value.text}\u0000${JSON.stringify(b.value.ref ?? null)}`, b);
  }
  facts.templateBindings.push(...bindings.values());
}

function walk(module: ModuleInstance, facts: Facts, depth: number): void {
  for (const config of module.config.resources.values()) {
    if (!EXTRACTED_TYPES.has(config.type)) continue;
    for (const instance of module.resourceInstances(config)) extractResource(module, instance, facts);
  }
  if (depth >= MAX_MODULE_DEPTH) return;
  for (const call of module.config.modules.values()) {
    for (const child of module.childInstances(call)) {
      if (child.kind === "module") {
        undeclaredInputs(module, child.call, child.source ?? child.instance.config.dir, child.instance, facts, child.when);
        walk(child.instance, facts, depth + 1);
      }
      else if (child.kind === "external" && knownModule(module, child, facts)) continue;
      else if (mayMakeRoles(child)) {
        const reason = child.kind === "unresolved" ? child.reason : `module source ${child.source ?? "?"} is not downloaded (run terraform init) and pullguard has no built-in knowledge of it`;
        facts.gaps.push({ subject: `module call ${child.address}`, reason: `${reason}, so what it creates was not checked`, range: new Locator(module.calls).outOfModule(child.site.range), when: child.when });
      }
    }
  }
}

/** Modules by name or source that make node groups or clusters. */
const NODE_MODULE = /nodes(?![a-z])|node.?group|worker|karpenter|autoscal|\basg\b|eks.?cluster|terraform-aws-eks(?:\.git)?(?:\/\/|\?|$)|eks-blueprints(?:\.git)?(?:\/\/|\?|$)|\/eks\/aws/i;
/** Inputs that hand a module a role, a policy, an instance profile, user data or a launch template: it may make or change a node or workload role with them. */
const ROLE_INPUT = /iam|(?:^|_)roles?(?:_|$)|polic(?:y|ies)_(?:arns?|documents?|statements?|json)|(?:^|_)policies$|^policy$|instance_profile|user_data|launch_template|oidc|irsa|pod_identity|service_account|permissions_boundary|node_?groups?|worker/i;

/**
 * Whether a module pullguard cannot read is worth a note: one that makes node groups or clusters
 * (by its name or source), or that is given what makes or changes an IAM role. A Helm-release or
 * network module with "eks" in its name is not.
 */
function mayMakeRoles(child: ChildResult): boolean {
  if (NODE_MODULE.test(`${child.call.name} ${child.source ?? ""}`)) return true;
  return child.call.block.body.items.some((item) => item.kind === "attribute" && !META_ARGUMENTS.has(item.name) && ROLE_INPUT.test(item.name));
}

/**
 * Inputs a module call passes that the module declares no variable for: Terraform rejects the call,
 * and the value reaches nothing, so a policy or role passed that way is not checked. Once per input
 * (PG901 drops the repeats of a call with count or for_each).
 */
function undeclaredInputs(module: ModuleInstance, call: ModuleCallConfig, source: string, child: ModuleInstance, facts: Facts, when: When[]): void {
  if (child.config.variables.size === 0) return;
  const locate = new Locator(module.calls);
  for (const item of call.block.body.items) {
    if (item.kind !== "attribute" || META_ARGUMENTS.has(item.name) || child.config.variables.has(item.name)) continue;
    facts.gaps.push({
      subject: `module call ${module.prefix}module.${call.name}`,
      reason: `input ${item.name} is not a variable of module ${source}, so Terraform rejects this call and the value is used by nothing`,
      range: locate.outOfModule(spanRange(call.source, item.nameSpan)),
      when,
    });
  }
}

class TerraformProject implements Project {
  /** Where the root module being evaluated collects what `templatefile()` fills in. */
  templateBindings: TemplateBinding[] = [];
  /** The files the root module being evaluated has read. */
  reads = new Set<string>();
  /** What each module folder the root module being evaluated loaded held. */
  listings = new Map<string, string[]>();
  /** The scanned files by folder; each is made an HclSource (its tree parsed, if the caller parses lazily) when first used. */
  private readonly byDir = new Map<string, ParsedTerraform[]>();
  private readonly sources = new Map<ParsedTerraform, HclSource>();
  private readonly scannedByDir: Map<string, string[]>;
  private readonly folderListings = new Map<string, string[]>();
  private readonly configs = new Map<string, ModuleConfig | undefined>();
  private readonly moduleManifests = new Map<string, Map<string, string>>();

  constructor(
    files: ParsedTerraform[],
    private readonly options: TerraformOptions,
  ) {
    for (const f of files) {
      const dir = posix.dirname(f.path);
      const list = this.byDir.get(dir) ?? [];
      list.push(f);
      this.byDir.set(dir, list);
    }
    this.scannedByDir = filesByFolder(files.map((f) => f.path));
  }

  private source(file: ParsedTerraform): HclSource {
    let source = this.sources.get(file);
    if (!source) {
      source = { path: file.path, dir: posix.dirname(file.path), lines: new LineIndex(file.text), tree: file.tree };
      this.sources.set(file, source);
    }
    return source;
  }

  startUnit(facts: Facts): void {
    this.reads = new Set();
    this.listings = new Map();
    this.templateBindings = facts.templateBindings;
  }

  module(dir: string): ModuleConfig | undefined {
    const config = this.loadModule(dir);
    for (const source of config?.sources ?? []) this.reads.add(source.path);
    if (!this.listings.has(dir)) {
      const listing = this.folderListings.get(dir) ?? folderListing(dir, this.scannedByDir, (d) => this.options.listDir(d));
      this.folderListings.set(dir, listing);
      this.listings.set(dir, listing);
    }
    return config;
  }

  private loadModule(dir: string): ModuleConfig | undefined {
    if (this.configs.has(dir)) return this.configs.get(dir);
    let sources = this.byDir.get(dir)?.filter((s) => isConfigFile(s.path)).map((f) => this.source(f));
    if (!sources) {
      // A module folder outside the scanned paths (a local module elsewhere, a downloaded one): read it now.
      sources = this.options
        .listDir(dir)
        .filter(isConfigFile)
        .sort()
        .flatMap((name) => {
          const path = posix.join(dir, name);
          const text = this.options.readText(path);
          const parsed = text === undefined ? undefined : parseTerraform(path, text).parsed;
          return parsed ? [{ path, dir, lines: new LineIndex(text as string), tree: parsed.tree }] : [];
        });
    }
    const config = sources.length > 0 ? moduleConfig(dir, sources) : undefined;
    this.configs.set(dir, config);
    return config;
  }

  readText(path: string): string | undefined {
    this.reads.add(path);
    return this.options.readText(path);
  }

  absolutePath(dir: string): string | undefined {
    return this.options.rootPath === undefined ? undefined : posix.join(this.options.rootPath, dir);
  }

  knownModuleOutput(parent: ModuleInstance, child: Extract<ChildResult, { kind: "external" }>, output: string, site: Range): TfValue | undefined {
    return knownModuleOutput(parent, child, output, site);
  }

  parseTemplate(text: string, path: string): { expr: TemplateExpr; source: HclSource } | undefined {
    const result = parseTemplate(text);
    if (!result.ok) return undefined;
    return { expr: result.expr, source: { path, dir: posix.dirname(path), lines: new LineIndex(text), tree: { body: { items: [], start: 0, end: 0 }, comments: [] } } };
  }

  downloadedModule(rootDir: string, key: string): string | undefined {
    const manifestPath = posix.join(rootDir, ".terraform/modules/modules.json");
    this.reads.add(manifestPath);
    let manifest = this.moduleManifests.get(rootDir);
    if (!manifest) {
      manifest = new Map();
      const text = this.options.readText(manifestPath);
      try {
        const parsed = text ? (JSON.parse(text) as { Modules?: { Key?: string; Dir?: string }[] }) : undefined;
        for (const m of parsed?.Modules ?? []) if (m.Key && m.Dir) manifest.set(m.Key, posix.normalize(posix.join(rootDir, m.Dir)));
      } catch {
        // An unreadable manifest is as good as none: the calls stay unresolved and are reported.
      }
      this.moduleManifests.set(rootDir, manifest);
    }
    return manifest.get(key);
  }

  /** Values of a root module's variables in Terraform's order: `terraform.tfvars(.json)`, `*.auto.tfvars(.json)`, `--var-file`, `--var`. */
  rootInputs(dir: string): Map<string, TfValue> {
    const inputs = new Map<string, TfValue>();
    const files = [
      ...(this.byDir.get(dir) ?? []).filter((s) => /(^|\/)terraform\.tfvars$/.test(s.path)),
      ...(this.byDir.get(dir) ?? []).filter((s) => /(^|\/)terraform\.tfvars\.json$/.test(s.path)),
      ...(this.byDir.get(dir) ?? []).filter((s) => /\.auto\.tfvars(\.json)?$/.test(s.path)).sort((a, b) => (a.path < b.path ? -1 : 1)),
    ].map((f) => this.source(f));
    for (const source of files) {
      this.reads.add(source.path);
      this.assign(source, inputs);
    }
    for (const file of this.options.varFiles ?? []) {
      this.reads.add(file.path);
      this.assign({ path: file.path, dir, lines: new LineIndex(file.text), tree: file.tree }, inputs);
    }
    for (const [name, value] of Object.entries(this.options.vars ?? {})) {
      // Like Terraform for a string variable, a value that is not an HCL literal, list or object is a plain string.
      const literal = /^\s*([[{"]|-?\d|(true|false|null)\s*$)/.test(value);
      let parsed = literal ? parseHcl(`v = ${value}\n`) : undefined;
      if (!parsed?.ok) parsed = parseHcl(`v = ${JSON.stringify(value)}\n`);
      const attr = parsed.ok ? parsed.file.body.items[0] : undefined;
      if (!parsed.ok || attr?.kind !== "attribute") continue;
      // A command-line value has no line of its own: findings about it stay where the variable is used.
      const constant = toPlain(this.constantValue({ path: `--var ${name}`, dir, lines: new LineIndex(""), tree: parsed.file }, attr.expr));
      inputs.set(name, fromPlain(constant, undefined));
    }
    return inputs;
  }

  private assign(source: HclSource, inputs: Map<string, TfValue>): void {
    for (const item of source.tree.body.items) if (item.kind === "attribute") inputs.set(item.name, this.constantValue(source, item.expr));
  }

  /** tfvars hold constants: evaluated without variables or resources. */
  private constantValue(source: HclSource, expr: Parameters<ModuleInstance["evaluator"]["value"]>[0]): TfValue {
    const empty = moduleConfig(source.dir, []);
    const scratch = new ModuleInstance(this, empty, "", new Map(), [], source.dir);
    const value = scratch.evaluator.value(expr, scratch.envFor(source));
    return value.range ? value : { ...value, range: spanRange(source, expr) };
  }
}

/** Terraform reads a module's `.tf` and `.tf.json` files together (OpenTofu also `.tofu`). */
function isConfigFile(path: string): boolean {
  return /\.(tf|tofu)(\.json)?$/.test(path);
}
