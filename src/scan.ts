import { existsSync, readdirSync, realpathSync } from "node:fs";
import { isAbsolute, join, posix, relative, resolve } from "node:path";
import type { Rule } from "../rules/define.js";
import { findRule, RULES } from "../rules/index.js";
import { compareFindings, runRules } from "../rules/run.js";
import { analyseFile, analyseFiles, type FileAnalysis, type FileStatus } from "./analyse.js";
import { contentHash, ScanCache, type CachedFile, type CachedUnit } from "./cache.js";
import { discover } from "./discover/discover.js";
import { decodeBounded, DEFAULT_MAX_FILE_BYTES, readSource, type ReadResult } from "./discover/read.js";
import { evaluateTerraform, filesByFolder, folderListing, mergeTerraformUnits, parseTerraform, terraformRoots, type ParsedTerraform, type TerraformOptions } from "./extract/terraform/extract.js";
import { evaluateModel } from "./iam/evaluate.js";
import { KeyTable, linkKeys, reachable, type KeyIds } from "./link/keys.js";
import { link } from "./link/link.js";
import { emptyFacts, mergeFacts, type Facts } from "./model/facts.js";
import type { Finding, LevelSetting } from "./model/finding.js";
import type { RuleModel } from "./model/rule-model.js";
import type { Diagnostic, Range, SourceFile } from "./model/source.js";
import { completeFix } from "./fix/apply.js";
import { applySuppressions } from "./suppress/apply.js";
import { configIgnores, type ConfigIgnore } from "./suppress/directives.js";
import type { IgnoreDirective } from "./model/ignore.js";
import type { WorkerOptions } from "./workers.js";
import { applyCloudTrail } from "./cloudtrail/evidence.js";
import type { CloudTrailUsage } from "./cloudtrail/usage.js";
import type { CloudTrailEvidence } from "./model/cloudtrail.js";

export interface ScanOptions {
  /** Files and folders to scan (default: the current folder). */
  paths?: string[];
  cwd?: string;
  include?: string[];
  exclude?: string[];
  /** Rule levels by id or name, over the defaults. */
  rules?: Record<string, LevelSetting>;
  /** Scan these in-memory files instead of discovering files on disk. */
  files?: SourceFile[];
  /** Terraform variable files (`--var-file`), read in order. */
  varFiles?: string[];
  /** Terraform variables (`--var NAME=VALUE`). */
  vars?: Record<string, string>;
  /**
   * Standard input (`-`), scanned as the file `stdin` (rendered manifests: `helm template ... | pullguard -`):
   * its text, or its bytes, which are decoded and limited like a file's.
   */
  stdin?: string | Uint8Array;
  /** The configuration file's ignores, with its path and text so that each is placed for PG902 and PG903. */
  config?: { path: string; text: string; ignores: ConfigIgnore[] };
  /** Tag keys every node role must carry (`requiredTags` in the configuration; PG401). */
  requiredTags?: string[];
  /** `YYYY-MM-DD` for the `until:` of ignores (default: today, UTC). */
  today?: string;
  /** CloudTrail logs read beforehand (`readCloudTrail`): node-role write findings then say whether the logs show the access in use. */
  cloudtrail?: CloudTrailUsage;
  /** Files larger than this many bytes are not read (default 10 MB). */
  maxFileBytes?: number;
  /**
   * Keep what reading, parsing, extracting and evaluating gave in a folder (default: node_modules/.cache/pullguard
   * in the scan root when it has node_modules, else .pullguard-cache), and reuse it for files and root modules that
   * have not changed. Not used for `files`.
   */
  cache?: { location?: string };
  /**
   * Analyse YAML and JSON files in up to `count` worker threads running `script` (the bundle's dist/worker.js), when
   * there are enough of them to pay for starting threads. Reports are the same whatever the count.
   */
  workers?: WorkerOptions;
}

export interface ScanResult {
  /** The folder file paths are relative to. */
  root: string;
  files: FileStatus[];
  /** Files whose type pullguard never reads (by extension). */
  otherFiles: number;
  /** What is reported: findings no ignore and no baseline entry applies to. */
  findings: Finding[];
  /** Findings an ignore applies to, each with its justification. */
  suppressed: Finding[];
  /** With a baseline: how many findings it matched, and how many of its entries match nothing any more. */
  baseline?: { file: string; matched: number; gone: number };
  /** Files that could not be read or parsed: the scan is incomplete. */
  diagnostics: Diagnostic[];
  model: RuleModel;
  /** File texts by path, for code frames and fixes. */
  sources: Map<string, string>;
  missing: string[];
  /** `--var` names that no scanned Terraform file declares as a variable (Terraform rejects such a value). */
  undeclaredVars: string[];
  /** With `ScanOptions.cloudtrail`: what the logs covered and what they say about each node role with a write finding. */
  cloudtrail?: CloudTrailEvidence;
}

/** Facts linked together: those of one file, or of one Terraform root module (with the files it read). */
interface Part {
  files: readonly string[];
  keys: KeyIds;
  /** Loaded when the part is used (from the cache, only then). */
  facts: () => Facts;
}

/** A Terraform root module's part; `failure`: why its evaluation broke (the scan is incomplete). */
interface UnitPart {
  dir: string;
  failure?: string;
  part: Part;
}

/** A file whose text is read the first time it is asked for (one the cache knows unchanged; if it cannot be read now, it is empty). */
function lazySource(absolute: string, path: string, maxFileBytes: number): SourceFile {
  let text: string | undefined;
  return {
    path,
    get text() {
      if (text === undefined) {
        const read = readSource(absolute, path, maxFileBytes);
        text = read.kind === "text" ? read.text : "";
      }
      return text;
    },
  };
}

/** A part analysed in this run; its link keys are worked out only if asked for (a whole scan needs none). */
function freshPart(files: readonly string[], facts: Facts, table: KeyTable): Part {
  let known: KeyIds | undefined;
  return {
    files,
    get keys() {
      return (known ??= table.intern(linkKeys(facts)));
    },
    facts: () => facts,
  };
}

function cachedPart(files: readonly string[], keys: KeyIds, load: () => Facts): Part {
  let facts: Facts | undefined;
  return { files, keys, facts: () => (facts ??= load()) };
}

/** The variables a Terraform file declares (a `--var` no root module declares is an error). */
function declaredVariables(parsed: ParsedTerraform): string[] {
  return parsed.tree.body.items.flatMap((i) => (i.kind === "block" && i.type === "variable" && i.labels[0] ? [i.labels[0].value] : []));
}

/** Where the cache goes by default: with other tools' caches in node_modules/.cache when the repository has node_modules, else .pullguard-cache. */
function defaultCacheLocation(root: string): string {
  return existsSync(join(root, "node_modules")) ? join(root, "node_modules", ".cache", "pullguard") : join(root, ".pullguard-cache");
}

export { analyseFile, type FileStatus };

/** The name standard input is reported under. */
export const STDIN_PATH = "stdin";

export function scan(options: ScanOptions = {}): ScanResult {
  const cwd = options.cwd ?? process.cwd();
  let root = cwd;
  let missing: string[] = [];
  let otherFiles = 0;
  /** `modified`: when read, its size and time; `hash`: a file the cache knows unchanged, whose text is read only if needed. */
  let inputs: { file: SourceFile; reported: boolean; modified?: { size: number; mtimeMs: number }; hash?: string }[];
  let cache: ScanCache | undefined;
  const diagnostics: Diagnostic[] = [];
  /** Files that were found but not read: skipped (binary, a dangling link) or failed (too large, not UTF-8, unreadable). */
  const unread: FileStatus[] = [];
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const stdin: typeof inputs = [];
  /** Takes a file that was read: its text to analyse, or its status (and diagnostic) if it could not be. */
  const take = (path: string, read: ReadResult, into: typeof inputs, isReported: boolean) => {
    if (read.kind === "text") into.push({ file: { path, text: read.text }, reported: isReported, ...(read.modified ? { modified: read.modified } : {}) });
    else if (!isReported) return;
    else if (read.kind === "skipped") unread.push({ path, status: "skipped", reason: read.reason });
    else {
      unread.push({ path, status: "failed" });
      diagnostics.push(notRead(path, read));
    }
  };
  if (typeof options.stdin === "string") stdin.push({ file: { path: STDIN_PATH, text: options.stdin.replace(/^\uFEFF/, "") }, reported: true });
  else if (options.stdin) take(STDIN_PATH, decodeBounded(STDIN_PATH, options.stdin, maxFileBytes), stdin, true);
  if (options.files) {
    inputs = options.files.map((file) => ({ file, reported: true }));
  } else if (options.stdin !== undefined && (options.paths ?? []).length === 0) {
    inputs = [];
  } else {
    const found = discover({ paths: options.paths ?? [], cwd, include: options.include ?? [], exclude: options.exclude ?? [] });
    ({ root, missing, otherFiles } = found);
    inputs = [];
    for (const u of found.unreadable) diagnostics.push({ file: u.path, line: 1, column: 1, message: u.message });
    for (const path of found.brokenLinks) unread.push({ path, status: "skipped", reason: "a symbolic link that leads nowhere (dangling, or a loop of links)" });
    if (options.cache) cache = new ScanCache(options.cache.location ?? defaultCacheLocation(root), root);
    for (const f of found.files) {
      // The context around named files is most of the repository: what has not changed is not read again.
      const hash = cache && !f.reported ? cache.unchangedFile(f.path, f.absolute) : undefined;
      if (hash) inputs.push({ file: lazySource(f.absolute, f.path, maxFileBytes), reported: false, hash });
      else take(f.path, readSource(f.absolute, f.path, maxFileBytes), inputs, f.reported);
    }
  }

  // Analysis runs in path order, whatever order the files came in, so that every report is byte-identical.
  inputs.sort((a, b) => byPath(a.file.path, b.file.path));
  inputs.push(...stdin);
  const files: FileStatus[] = [...unread];
  const sources = new Map<string, string>();
  const reported = new Set<string>();
  const undeclaredVars: string[] = [];
  const scannedPaths = new Set(inputs.map((i) => i.file.path));
  const table = cache?.table ?? new KeyTable();
  /** Content hashes of the files read, when there is a cache. */
  const hashes = new Map<string, string>();
  /** The parts of the scan whose facts are linked together: each file, and each Terraform root module with what it read. */
  const parts: Part[] = [];
  const ignoresByFile = new Map<string, IgnoreDirective[]>();
  /** Files the cache knows unchanged, not read yet. */
  const notYetRead = new Map<string, SourceFile>();
  /** Terraform files as read and parsed (parsed on demand when every root module they belong to is cached). */
  const terraformFiles: { file: SourceFile; parsed?: ParsedTerraform; variables: string[] }[] = [];
  const looked = inputs.map((input) => {
    const hash = input.hash ?? (cache && input.file.path !== STDIN_PATH ? contentHash(input.file.text) : undefined);
    if (hash) hashes.set(input.file.path, hash);
    return { ...input, unchanged: input.hash, hash, cached: hash ? cache?.file(input.file.path, hash) : undefined };
  });
  const analyses = analyseFiles(looked.flatMap((l) => (l.cached ? [] : [l.file])), options.workers);
  for (const { file, reported: isReported, modified, unchanged, hash, cached } of looked) {
    let record: Pick<CachedFile, "status" | "diagnostics" | "ignores">;
    if (cached && cache) {
      record = cached;
      if (cached.terraform) terraformFiles.push({ file, variables: cached.terraform.variables });
      else {
        const entry = cached.entry as string;
        parts.push(cachedPart([file.path], cached.keys as KeyIds, () => cache.facts(entry) ?? cache.repair(entry, analyseFile(file).facts)));
      }
    } else {
      const analysis = analyses.get(file.path) as FileAnalysis;
      const parsed = analysis.terraform;
      record = analysis;
      const variables = parsed && declaredVariables(parsed);
      if (parsed) terraformFiles.push({ file, parsed, variables: variables ?? [] });
      else parts.push(freshPart([file.path], analysis.facts, table));
      if (hash && cache) {
        const own = variables ? { terraform: { variables } } : { keys: (parts.at(-1) as Part).keys };
        const stat: CachedFile["stat"] = modified && [modified.size, modified.mtimeMs, Date.now()];
        cache.setFile(file.path, { hash, ...(stat ? { stat } : {}), status: analysis.status, diagnostics: analysis.diagnostics, ignores: analysis.ignores, ...own }, parsed ? undefined : analysis.facts);
      }
    }
    ignoresByFile.set(file.path, record.ignores);
    // The text of a file the cache knows is read only if its part is used (below).
    if (unchanged === undefined) sources.set(file.path, file.text);
    else notYetRead.set(file.path, file);
    if (!isReported) continue;
    reported.add(file.path);
    files.push(record.status);
    diagnostics.push(...record.diagnostics);
  }

  const terraformUnits: UnitPart[] = [];
  if (terraformFiles.length > 0) {
    const access = options.files ? memoryAccess(options.files) : diskAccess(root, maxFileBytes);
    const readText = (path: string) => {
      // Files a configuration reads (templatefile, file, modules) are shown in reports like scanned ones.
      const text = access.readText(path);
      if (text !== undefined && !sources.has(path)) sources.set(path, text);
      return text;
    };
    const varFiles = (options.varFiles ?? []).flatMap((f) => {
      const absolute = resolve(cwd, f);
      const rel = relative(root, absolute).split("\\").join("/");
      const path = rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
      const read = readSource(absolute, path, maxFileBytes);
      if (read.kind !== "text") {
        // Named on the command line, so even a file that would be skipped in a folder is an error.
        diagnostics.push(notRead(path, read.kind === "failed" ? read : { kind: "failed", line: 1, column: 1, message: `not a Terraform variable file: ${read.reason}` }));
        return [];
      }
      const text = read.text;
      // A variable file given on the command line is the user's input: its findings and errors are reported.
      sources.set(path, text);
      reported.add(path);
      const { parsed, diagnostic } = parseTerraform(path, text);
      if (diagnostic && !scannedPaths.has(path)) diagnostics.push(diagnostic);
      return parsed ? [parsed] : [];
    });
    const tfOptions: TerraformOptions = { ...access, readText, varFiles, rootPath: root.split("\\").join("/") };
    if (options.vars) tfOptions.vars = options.vars;
    const declared = new Set(terraformFiles.flatMap((t) => t.variables));
    undeclaredVars.push(...Object.keys(options.vars ?? {}).filter((name) => !declared.has(name)));
    // Parsed only when a root module that reads them is evaluated: a changed file does not parse the whole repository.
    const parsedTerraform = () =>
      terraformFiles.map((t): ParsedTerraform => ({
        path: t.file.path,
        get text() {
          return t.file.text;
        },
        get tree() {
          t.parsed ??= parseTerraform(t.file.path, t.file.text).parsed;
          return (t.parsed as ParsedTerraform).tree;
        },
      }));
    // A root module's evaluation is reused while every file and folder it read is as it was, with the same variables.
    const inputsKey = JSON.stringify([options.vars ?? {}, varFiles.map((v) => [v.path, contentHash(v.text)])]);
    const scannedByDir = filesByFolder(terraformFiles.map((t) => t.file.path));
    const hashOf = (path: string) => {
      const known = hashes.get(path);
      if (known !== undefined) return known;
      const text = readText(path);
      const hash = text === undefined ? null : contentHash(text);
      if (hash !== null) hashes.set(path, hash);
      return hash;
    };
    const listingOf = (dir: string) => folderListing(dir, scannedByDir, access.listDir);
    const roots = terraformRoots(terraformFiles.map((t) => t.file.path));
    const hits = new Map<string, CachedUnit>();
    for (const dir of roots) {
      const hit = cache?.unit(dir, inputsKey, hashOf, listingOf);
      if (hit) hits.set(dir, hit);
    }
    const evaluate = (only: ReadonlySet<string>) => evaluateTerraform(parsedTerraform(), tfOptions, only);
    const misses = new Set(roots.filter((dir) => !hits.has(dir)));
    const fresh = new Map((misses.size > 0 ? evaluate(misses) : []).map((u) => [u.dir, u]));
    for (const dir of roots) {
      const unit = fresh.get(dir);
      const hit = hits.get(dir);
      if (unit) {
        const failure = unit.failure === undefined ? {} : { failure: unit.failure };
        const part = freshPart(unit.reads, unit.facts, table);
        cache?.setUnit(dir, { inputs: inputsKey, reads: unit.reads.map((path) => [path, hashOf(path)]), listings: unit.listings, keys: part.keys, ...failure }, unit.facts);
        terraformUnits.push({ dir, ...failure, part });
      } else if (hit && cache) {
        const load = () => cache.facts(hit.entry) ?? cache.repair(hit.entry, evaluate(new Set([dir]))[0]?.facts ?? emptyFacts());
        terraformUnits.push({ dir, ...(hit.failure === undefined ? {} : { failure: hit.failure }), part: cachedPart(hit.reads.map(([path]) => path), hit.keys, load) });
      }
    }
  }

  // A named file is analysed with the parts of its repository it can reach through the linker, not with all of it.
  // The configuration's ignores are about the whole repository: naming its file asks for all of it.
  const configFile = options.config && configPathIn(options.config.path, root);
  const wholeScan = inputs.every((i) => i.reported) || (configFile !== undefined && reported.has(configFile));
  const allParts: Part[] = [...parts, ...terraformUnits.map((u) => u.part)];
  const chosen = new Set(wholeScan ? allParts : reachable(allParts, table, (part) => part.files.some((f) => reported.has(f))));
  const facts = emptyFacts();
  for (const part of parts) if (chosen.has(part)) mergeFacts(facts, part.facts());
  // Findings are placed in the files of the parts used: reports show their text, and fixes edit it.
  for (const part of chosen) {
    for (const path of part.files) {
      const file = notYetRead.get(path);
      if (file && !sources.has(path)) sources.set(path, file.text);
    }
  }
  const units = terraformUnits.filter((u) => chosen.has(u.part));
  mergeTerraformUnits(units.map((u) => u.part.facts()), facts);
  for (const unit of units) {
    if (unit.failure === undefined) continue;
    // A module whose evaluation broke is reported like a file that could not be parsed: the scan is incomplete.
    const first = terraformFiles.find((t) => posix.dirname(t.file.path) === unit.dir)?.file.path ?? unit.dir;
    diagnostics.push({ file: first, line: 1, column: 1, message: `pullguard could not evaluate the Terraform module in ${unit.dir}: ${unit.failure}` });
  }
  cache?.save();
  // The ignores written in the files the model is made of (in a whole scan, every file).
  const modelFiles = wholeScan ? inputs.map((i) => i.file.path) : [...new Set([...chosen].flatMap((p) => p.files))].sort(byPath);
  const ignores = modelFiles.flatMap((f) => ignoresByFile.get(f) ?? []);

  const model = evaluateModel(link(facts, wholeScan ? {} : { clusters: [...new Set(allParts.flatMap((p) => p.keys.clusters))] }));
  if (options.requiredTags) model.options = { requiredTags: options.requiredTags };
  const levels = resolveLevels(options.rules ?? {});
  // A finding is reported in a named or scanned file, or in a file such a file reads (a template beside it).
  const reportedFolders = new Set([...reported].map((p) => p.slice(0, Math.max(0, p.lastIndexOf("/")))));
  const isReported = (file: string) =>
    reported.has(file) || (!scannedPaths.has(file) && reportedFolders.has(file.slice(0, Math.max(0, file.lastIndexOf("/")))));
  const levelOf = (rule: Rule) => levels.get(rule.meta.id) ?? rule.meta.defaultLevel;
  const raw = runRules(model, levelOf, RULES.filter((r) => !r.meta.afterIgnores)).map((f) => inModuleFile(f, isReported));
  // A fix is only offered where its text is really written (not for a value that a default or a generator supplies).
  for (const f of raw) if (f.fix) f.fix = completeFix(f.fix, sources);
  const config = configIgnoreDirectives(options.config, root, sources);
  // Whether an ignore is used is judged on every finding of the model, reported or not (an ignore of the configuration applies to the repository).
  const judged = applySuppressions(raw, [...ignores, ...config], options.today ?? new Date().toISOString().slice(0, 10));
  model.ignores = judged.statuses;
  const active = judged.active.filter((f) => isReported(f.location.file));
  const suppressed = judged.suppressed.filter((f) => isReported(f.location.file));
  const findings = [...active, ...runRules(model, levelOf, RULES.filter((r) => r.meta.afterIgnores)).filter((f) => isReported(f.location.file))].sort(compareFindings);
  // Reports list files and problems in path order, however the files were found or read.
  files.sort((a, b) => byPath(a.path, b.path));
  diagnostics.sort((a, b) => byPath(a.file, b.file) || a.line - b.line || a.column - b.column || byPath(a.message, b.message));
  const cloudtrail = options.cloudtrail ? { cloudtrail: applyCloudTrail(options.cloudtrail, model.linked.nodeRoles, [...findings, ...suppressed]) } : {};
  return { root, files, otherFiles, findings, suppressed, diagnostics, model, sources, missing, undeclaredVars, ...cloudtrail };
}

/**
 * A finding about a value written in a child module's file is reported at the module call, the caller's element
 * that decides it. When the scan does not report the caller's file but does report the module's (pre-commit names
 * only the module's file, the rest of the repository is context), the finding goes back into the module's file,
 * with the call as related: otherwise it would be lost.
 */
function inModuleFile(finding: Finding, isReported: (file: string) => boolean): Finding {
  if (isReported(finding.location.file)) return finding;
  const back = (range: Range) => {
    const moved = range.origin?.moved;
    return moved && isReported(moved.from.file) ? moved.from : range;
  };
  const location = back(finding.location);
  if (location === finding.location) return finding;
  const call = { ...finding.location };
  delete call.origin;
  // runRules put the origin first among the related locations: the call and, in the module, a default take its place.
  const related = [
    ...(location.origin ? [{ range: location.origin.range, message: location.origin.note }] : []),
    { range: call, message: `${finding.location.origin?.moved?.call ?? "the module"} is called here` },
    ...finding.related.slice(1),
  ];
  const fix = finding.fix && { ...finding.fix, edits: finding.fix.edits.map((e) => ({ ...e, range: back(e.range) })) };
  return { ...finding, location, related, fix };
}

function notRead(file: string, read: Extract<ReadResult, { kind: "failed" }>): Diagnostic {
  return { file, line: read.line, column: read.column, message: read.message };
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The configuration file's path relative to the scan root, or as given when it lies outside. */
function configPathIn(configPath: string, root: string): string {
  const rel = relative(root, configPath).split("\\").join("/");
  return rel.startsWith("..") || isAbsolute(rel) ? configPath : rel;
}

/** The configuration's ignores, placed in the configuration file when it lies in the scanned tree. */
function configIgnoreDirectives(config: ScanOptions["config"], root: string, sources: Map<string, string>): IgnoreDirective[] {
  if (!config || config.ignores.length === 0) return [];
  const path = configPathIn(config.path, root);
  sources.set(path, config.text);
  // Paths in the configuration are relative to its folder, like .gitignore's.
  const folder = posix.dirname(path);
  const entries = config.ignores.map((e) => (e.path?.includes("/") && folder !== "." && !isAbsolute(folder) ? { ...e, path: posix.join(folder, e.path) } : e));
  return configIgnores(entries, { path, text: config.text });
}

/** Rule level overrides keyed by rule id; unknown names are rejected earlier, by the configuration and the CLI. */
function resolveLevels(settings: Record<string, LevelSetting>): Map<string, LevelSetting> {
  const levels = new Map<string, LevelSetting>();
  for (const [key, level] of Object.entries(settings)) {
    const rule = findRule(key);
    if (rule) levels.set(rule.meta.id, level);
  }
  return levels;
}

/**
 * File access for Terraform (modules, templatefile, file, tfvars), confined to the scan root: a path
 * with `..`, an absolute path or a symbolic link that leads out of the root reads nothing.
 */
function diskAccess(root: string, maxFileBytes: number): Pick<TerraformOptions, "readText" | "listDir"> {
  const within = (base: string, absolute: string) => {
    const rel = relative(base, absolute);
    return !(rel.startsWith("..") || isAbsolute(rel));
  };
  let realRoot: string | undefined;
  const inside = (path: string) => {
    const absolute = resolve(root, path);
    if (!within(root, absolute)) return undefined;
    try {
      realRoot ??= realpathSync(root);
      return within(realRoot, realpathSync(absolute)) ? absolute : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    readText(path) {
      const absolute = inside(path);
      if (!absolute) return undefined;
      // The same limits and decoding as scanned files; a folder, a device or a broken file reads as nothing.
      const read = readSource(absolute, path, maxFileBytes);
      return read.kind === "text" ? read.text : undefined;
    },
    listDir(dir) {
      const absolute = inside(dir);
      try {
        return absolute ? readdirSync(absolute) : [];
      } catch {
        return [];
      }
    },
  };
}

function memoryAccess(files: SourceFile[]): Pick<TerraformOptions, "readText" | "listDir"> {
  const byPath = new Map(files.map((f) => [f.path, f.text]));
  return {
    readText: (path) => byPath.get(path),
    listDir: (dir) => files.filter((f) => f.path.startsWith(`${dir}/`) && !f.path.slice(dir.length + 1).includes("/")).map((f) => f.path.slice(dir.length + 1)),
  };
}
