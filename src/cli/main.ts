import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { findRule, RULES } from "../../rules/index.js";
import { ruleDocsUrl, ruleMarkdown } from "../../rules/docs.js";
import { ConfigError, emptyConfig, findConfig, loadConfig, type Config } from "../config/config.js";
import { inRepository } from "../discover/discover.js";
import { LEVEL_RANK, type LevelSetting } from "../model/finding.js";
import { isFatal } from "../model/source.js";
import { formatJson } from "../report/json.js";
import { formatSarif } from "../report/sarif.js";
import { formatText } from "../report/text.js";
import { BUNDLED, PACKAGE_ROOT, VERSION } from "../report/tool.js";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { scan, type ScanOptions, type ScanResult } from "../scan.js";
import { baselineOf, parseBaseline, subtractBaseline } from "../baseline.js";
import { applyFixes, unifiedDiff } from "../fix/apply.js";
import { formatGithub } from "../report/github.js";
import { formatMarkdown } from "../report/markdown.js";
import { parseSize } from "../discover/read.js";
import { initFiles } from "./init.js";
import { guardrailCommand, GuardrailUsageError } from "./guardrail.js";
import { CloudTrailPathError } from "../cloudtrail/files.js";
import { readCloudTrail } from "../cloudtrail/lazy.js";
import type { CloudTrailUsage } from "../cloudtrail/usage.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Standard input, for the path `-`: bytes are decoded and size-limited like a file's. */
  readStdin?: () => string | Uint8Array;
}

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;
/** Some files could not be read or parsed: whatever else was found, the scan cannot vouch for them. */
const EXIT_INCOMPLETE = 3;

const FORMATS = ["text", "json", "sarif", "github", "markdown"] as const;
type OutputFormat = (typeof FORMATS)[number];
const LEVELS = ["off", "note", "warning", "error"] as const;
const FAIL_ON = ["error", "warning", "note", "none"] as const;

const HELP = `pullguard ${VERSION}: finds every way an EKS node, or a pod borrowing its credentials, can write to ECR.

Usage:
  pullguard [scan] [PATH...]     scan files and folders (default: the current folder);
                                 - reads standard input, e.g. helm template ./chart | pullguard -
  pullguard rules                list the rules
  pullguard explain ID|NAME      show a rule's documentation
  pullguard init                 write a commented .pullguard.yml, a pre-commit entry and a GitHub workflow
  pullguard guardrail --kind scp|boundary
                                 print a policy that keeps node roles pull-only (see pullguard guardrail --help)

Options:
  --format FORMAT        text (default), json, sarif, github (workflow annotations) or markdown (a PR comment);
                         repeatable: --format sarif --output pullguard.sarif --format text
  --output FILE          write the report of the --format before it to FILE instead of standard output
  --config FILE          configuration file (default: .pullguard.yml in the first PATH or a folder above it)
  --fail-on LEVEL        exit 1 when a finding at or above LEVEL remains: error (default), warning, note or none
  --rule ID=LEVEL        set a rule's level (off, note, warning, error); repeatable, e.g. --rule PG105=warning
  --include GLOB         only scan files matching GLOB (minimatch; repeatable)
  --exclude GLOB         skip files and folders matching GLOB (repeatable)
  --var NAME=VALUE       a Terraform variable for the root modules (repeatable; VALUE is HCL or a plain string)
  --var-file FILE        a Terraform .tfvars file for the root modules (repeatable; after terraform.tfvars)
  --cloudtrail PATH      CloudTrail logs as exported to S3 (a folder of *.json and *.json.gz files, read
                         recursively, or one file): each node role's ECR write finding then says whether
                         its sessions made ECR write calls in the logs (by action, repository, user agent
                         and source IP) or none (safe to remove), and the summary counts the unused ones
  --max-file-size SIZE   do not read files larger than SIZE (default 10MB; e.g. 512KB, 64MB, 1GB); a larger
                         file is reported as not analysed (or skipped, if it does not start like IaC)
  --baseline FILE        report only findings that FILE does not hold, and say how many it matched
  --write-baseline FILE  record today's findings in FILE (by fingerprint, never by line) and report them
  --cache, --no-cache    keep what each file and Terraform root module gave between runs, and reuse it while
                         they are unchanged (default: on when every PATH is a file in a repository, as
                         pre-commit runs it)
  --cache-location DIR   where (default: node_modules/.cache/pullguard in the repository when it has
                         node_modules, else .pullguard-cache; either holds a .gitignore)
  --workers N            analyse YAML and JSON files in N threads, 100 files or more each (default: one fewer
                         than the CPU cores, so none on 2 cores, where V8's own threads use the second one)
  --fix                  apply the automatic fixes (PullOnly for FullAccess/PowerUser, hop limit 1, ...), then scan again
  --dry-run              with --fix: print the changes as a diff and write nothing
  --report-unused-ignores LEVEL
                         how to report ignores that match no finding: warning (default), error, note or off
  --color, --no-color    colours in the text report on standard output, or none (default: colours on a
                         terminal, unless NO_COLOR is set; FORCE_COLOR=1 turns them on elsewhere, as in CI logs)
  --quiet                print findings only, without the node-role summary
  --verbose              also list skipped files and files in formats not analysed yet
  -h, --help             show this help
  -v, --version          print the version

A PATH that is a file is analysed with its repository as context (the git work tree that holds it, or
else the folder of the nearest .pullguard.yml), and only findings in the named files are reported (what
pre-commit needs: a node group in the root module makes a module's role a node role).

Exit status: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 a usage or
configuration error (a path that does not exist, for example), 3 the scan is incomplete: a file or
folder could not be read or parsed (it is listed in every report format; findings elsewhere are still
reported).

Documentation: https://github.com/pullguard/pullguard#readme
`;

const OPTIONS = {
  format: { type: "string", multiple: true },
  output: { type: "string", multiple: true },
  baseline: { type: "string" },
  cloudtrail: { type: "string" },
  "write-baseline": { type: "string" },
  fix: { type: "boolean" },
  cache: { type: "boolean" },
  workers: { type: "string" },
  "no-cache": { type: "boolean" },
  "cache-location": { type: "string" },
  "dry-run": { type: "boolean" },
  config: { type: "string" },
  "fail-on": { type: "string" },
  rule: { type: "string", multiple: true },
  include: { type: "string", multiple: true },
  exclude: { type: "string", multiple: true },
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
  "max-file-size": { type: "string" },
  "report-unused-ignores": { type: "string" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

class UsageError extends Error {}

/** The exit status; a promise only with `--cloudtrail`, whose logs are streamed. */
export function main(argv: string[], io: Io): number | Promise<number> {
  try {
    // The guardrail command has options of its own.
    if (argv[0] === "guardrail") return guardrailCommand(argv.slice(1), io);
    const status = run(argv, io);
    return typeof status === "number" ? status : status.catch((err: unknown) => usageFailure(err, io));
  } catch (err) {
    return usageFailure(err, io);
  }
}

function usageFailure(err: unknown, io: Io): number {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof GuardrailUsageError || err instanceof CloudTrailPathError) {
    io.stderr(`pullguard: ${err.message}\n`);
    return EXIT_USAGE;
  }
  throw err;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(e.message)?.[1];
    if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new UsageError(`unknown option '${option ?? e.message}'. Run 'pullguard --help' for the options.`);
    if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`option '${option ?? "?"}' needs a value. Run 'pullguard --help' for the options.`);
    throw new UsageError(`${e.message}. Run 'pullguard --help' for the options.`);
  }
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${option} ${value}: expected one of ${allowed.join(", ")}. Run 'pullguard --help' for the options.`);
  }
  return value as T;
}

/** `cloudtrail`: the `--cloudtrail` logs, once read (the run starts again with them). */
function run(argv: string[], io: Io, cloudtrail?: CloudTrailUsage): number | Promise<number> {
  const { values, positionals, tokens } = parse(argv);
  if (values.help) {
    io.stdout(HELP);
    return EXIT_CLEAN;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_CLEAN;
  }
  const [command, ...rest] = positionals;
  if (command === "rules" || command === "explain" || command === "init") {
    onlyOptions(command, tokens, command === "init" ? [] : ["format"]);
    const format = oneOf("format", values.format?.[values.format.length - 1], ["text", "json"] as const) ?? "text";
    if (command === "rules") return listRules(io, rest, format);
    if (command === "explain") return explain(io, rest, format);
    return init(io, rest);
  }
  const paths = command === "scan" ? rest : positionals;

  const outputs = reportTargets(tokens);
  if (values["dry-run"] && !values.fix) throw new UsageError("--dry-run works with --fix: pullguard --fix --dry-run PATH");
  const failOnFlag = oneOf("fail-on", values["fail-on"], FAIL_ON);
  const ruleFlags: Record<string, LevelSetting> = {};
  for (const setting of values.rule ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(setting);
    if (!m) throw new UsageError(`--rule ${setting}: expected ID=LEVEL, for example --rule PG105=warning`);
    const [, id = "", level = ""] = m;
    if (!findRule(id)) throw new UsageError(`--rule ${setting}: unknown rule '${id}'. Run 'pullguard rules' for the list.`);
    ruleFlags[id] = oneOf("rule", level, LEVELS) as LevelSetting;
  }
  const unusedIgnores = oneOf("report-unused-ignores", values["report-unused-ignores"], LEVELS);
  if (unusedIgnores) ruleFlags.PG902 = unusedIgnores;

  const vars: Record<string, string> = {};
  for (const setting of values.var ?? []) {
    const m = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(setting);
    if (!m) throw new UsageError(`--var ${setting}: expected NAME=VALUE, for example --var ecr_policy_arn=arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly`);
    vars[m[1] as string] = m[2] as string;
  }
  const cwd = io.cwd;
  for (const file of values["var-file"] ?? []) {
    if (!existsSync(resolve(cwd, file))) throw new UsageError(`--var-file ${file}: no such file`);
  }
  const maxFileBytes = fileSizeLimit(values["max-file-size"]);
  const configFile = values.config ? resolve(cwd, values.config) : findConfig(resolve(cwd, paths[0] ?? "."));
  const config: Config = configFile ? loadConfig(configFile) : emptyConfig();

  const stdin = paths.includes("-") ? (io.readStdin?.() ?? "") : undefined;
  if (stdin !== undefined && looksLikeHcl(stdin)) {
    throw new UsageError("standard input is read as YAML or JSON (Kubernetes manifests, CloudFormation, eksctl, a plan's JSON); this looks like Terraform, which is read from its folder: pullguard path/to/module");
  }
  const baseline = values.baseline ? readBaseline(resolve(cwd, values.baseline)) : undefined;
  const options: ScanOptions = {
    paths: paths.filter((p) => p !== "-"),
    ...(stdin !== undefined ? { stdin } : {}),
    cwd,
    include: [...config.include, ...(values.include ?? [])],
    exclude: [...config.exclude, ...(values.exclude ?? [])],
    rules: { ...config.rules, ...ruleFlags },
    varFiles: values["var-file"] ?? [],
    vars,
    ...(config.requiredTags ? { requiredTags: config.requiredTags } : {}),
    ...(maxFileBytes !== undefined || config.maxFileBytes !== undefined ? { maxFileBytes: maxFileBytes ?? config.maxFileBytes } : {}),
    ...(config.file && config.text !== undefined ? { config: { path: config.file, text: config.text, ignores: config.ignores } } : {}),
    ...(cloudtrail ? { cloudtrail } : {}),
    ...workerThreads(values.workers),
    ...(cacheWanted(values, paths, cwd) ? { cache: values["cache-location"] ? { location: resolve(cwd, values["cache-location"]) } : {} } : {}),
  };
  const failOn: LevelSetting | "none" = failOnFlag ?? config.failOn ?? "error";
  if (values.cloudtrail !== undefined && !cloudtrail) {
    const logs = values.cloudtrail;
    if (logs === "") throw new UsageError("--cloudtrail needs a folder or file of CloudTrail logs");
    // Every other argument is checked first: reading gigabytes of logs to then fail on a typo helps no one.
    return readCloudTrail(resolve(cwd, logs), logs).then((read) => run(argv, io, read));
  }
  let result = scan(options);
  if (result.missing.length > 0) {
    // Named as the user named them.
    const missing = new Set(result.missing);
    throw new UsageError(`no such file or folder: ${paths.filter((p) => missing.has(resolve(cwd, p))).join(", ") || result.missing.join(", ")}`);
  }
  const [undeclared] = result.undeclaredVars;
  if (undeclared !== undefined) {
    // As Terraform does: a value for a variable no root module declares is an error, not a silent no-op.
    throw new UsageError(`--var ${undeclared}: no Terraform root module in the scanned folders declares a variable named ${undeclared}`);
  }
  if (values.fix) {
    const fixed = fix(result, io, values["dry-run"] === true);
    // A dry run is a check: it fails like a scan would, on the findings as they are.
    if (values["dry-run"]) return exitStatus(result, failOn);
    // Report what the fixes left.
    if (fixed.written > 0) result = scan(options);
  }
  if (values["write-baseline"]) {
    writeReport(resolve(cwd, values["write-baseline"]), baselineOf(result.findings), "--write-baseline");
    io.stderr(`pullguard: wrote ${result.findings.length} finding(s) to the baseline ${values["write-baseline"]}\n`);
  }
  if (baseline && values.baseline) {
    const { fresh, matched, gone } = subtractBaseline(result.findings, baseline);
    result = { ...result, findings: fresh, baseline: { file: values.baseline, matched, gone } };
  }

  for (const target of outputs) {
    const color = target.output === undefined && useColor(values, io);
    const report = render(target.format, result, { color, cwd, quiet: values.quiet === true, verbose: values.verbose === true });
    if (target.output) {
      writeReport(resolve(cwd, target.output), report, "--output");
      if (target.format !== "text" && !values.quiet && outputs.every((o) => o.output)) io.stderr(summaryLine(result));
    } else io.stdout(report);
  }

  return exitStatus(result, failOn);
}

/** Writes a report, making its folder as other linters do; what cannot be written is a usage error in one line. */
function writeReport(file: string, text: string, option: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${option} ${file}: cannot be written${code ? ` (${code})` : ""}`);
  }
}

/** Options given to a command that does not take them are an error, not ignored. */
function onlyOptions(command: string, tokens: Tokens, allowed: string[]): void {
  for (const t of tokens) {
    if (t.kind === "option" && !allowed.includes(t.name)) {
      throw new UsageError(`'pullguard ${command}' does not take --${t.name}${allowed.length > 0 ? ` (it takes ${allowed.map((a) => `--${a}`).join(", ")})` : ""}`);
    }
  }
}

/** HCL at the start of a line: `resource "..."`, `module "..." {`, `terraform {`. */
function looksLikeHcl(input: string | Uint8Array): boolean {
  const text = typeof input === "string" ? input : Buffer.from(input.subarray(0, 65536)).toString("utf8");
  return /^[ \t]*(?:resource|data|module|variable|output|provider)[ \t]+"[^"]*"|^[ \t]*(?:terraform|locals)[ \t]*\{/m.test(text);
}

function exitStatus(result: ScanResult, failOn: LevelSetting | "none"): number {
  // A warning (a duplicate key CloudFormation reads, a document left unread) does not make the scan incomplete.
  if (result.diagnostics.some(isFatal)) return EXIT_INCOMPLETE;
  const threshold = LEVEL_RANK[failOn];
  const failing = threshold > 0 && result.findings.some((f) => LEVEL_RANK[f.level] >= threshold);
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

function fileSizeLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseSize(value);
  if (bytes === undefined) throw new UsageError(`--max-file-size ${value}: expected a size such as 10MB, 512KB or 1GB`);
  return bytes;
}

type Tokens = ReturnType<typeof parse>["tokens"];

/**
 * Each `--format` with the `--output` that follows it (before the next `--format`); an `--output`
 * before any `--format` belongs to the first one. Without `--format`, one text report.
 */
function reportTargets(tokens: Tokens): { format: OutputFormat; output: string | undefined }[] {
  const targets: { format: OutputFormat; output: string | undefined }[] = [];
  const pending: string[] = [];
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    if (t.name === "format") {
      targets.push({ format: oneOf("format", t.value, FORMATS) as OutputFormat, output: pending.shift() });
    } else if (t.name === "output" && t.value !== undefined) {
      const last = targets[targets.length - 1];
      if (last && last.output === undefined) last.output = t.value;
      else pending.push(t.value);
    }
  }
  if (targets.length === 0) targets.push({ format: "text", output: pending.shift() });
  if (pending.length > 0) throw new UsageError(`--output ${pending[0] ?? ""}: every --output needs its own --format`);
  if (targets.filter((t) => t.output === undefined).length > 1) {
    throw new UsageError("only one --format can go to standard output; give the others --output FILE");
  }
  return targets;
}

function readBaseline(file: string) {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--baseline ${file}: no such file (write one with --write-baseline)`);
  }
  try {
    return parseBaseline(text, file);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Applies (or, with dry run, shows) every automatic fix, from the files as they are on disk. */
function fix(result: ScanResult, io: Io, dryRun: boolean): { written: number; wouldFix: number } {
  const fixable = result.findings.filter((f) => f.fix);
  const onDisk = new Map<string, string>();
  for (const path of new Set(fixable.flatMap((f) => f.fix?.edits.map((e) => e.range.file) ?? []))) {
    try {
      const bytes = readFileSync(isAbsolute(path) ? path : join(result.root, path));
      // Fixes are written back as UTF-8: a UTF-16 file is left as it is, rather than re-encoded.
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        io.stderr(`pullguard: ${path} is UTF-16; pullguard fixes only UTF-8 files, so its fixes are left to you\n`);
        continue;
      }
      onDisk.set(path, bytes.toString("utf8"));
    } catch {
      // A file that cannot be read is reported by applyFixes as not read.
    }
  }
  const applied = applyFixes(fixable, onDisk);
  const count = applied.files.reduce((n, f) => n + f.applied.length, 0);
  const shown = (path: string) => relative(io.cwd, isAbsolute(path) ? path : join(result.root, path)) || path;
  for (const file of applied.files) {
    const display = shown(file.path);
    if (dryRun) io.stdout(unifiedDiff(display, file.before, file.after));
    else {
      writeFileSync(isAbsolute(file.path) ? file.path : join(result.root, file.path), file.after);
      for (const a of file.applied) io.stderr(`pullguard: fixed ${display}:${a.line} ${a.ruleId}: ${a.description}\n`);
    }
  }
  for (const s of applied.skipped) io.stderr(`pullguard: not fixed ${s.ruleId} (${s.description}): ${s.reason}\n`);
  for (const f of result.findings) {
    if (!f.fixSkipped) continue;
    io.stderr(`pullguard: not fixed ${shown(f.location.file)}:${f.location.startLine} ${f.ruleId}: ${f.fixSkipped}\n`);
  }
  io.stderr(`pullguard: ${dryRun ? "would fix" : "fixed"} ${count} finding(s) in ${applied.files.length} file(s)\n`);
  return { written: dryRun ? 0 : applied.files.length, wouldFix: count };
}

function init(io: Io, args: string[]): number {
  if (args.length > 0) throw new UsageError(`'pullguard init' takes no arguments (got ${args.join(" ")})`);
  for (const file of initFiles({ cwd: io.cwd })) {
    const target = resolve(io.cwd, file.path);
    if (existsSync(target)) {
      io.stdout(`kept ${file.path}: it exists already\n`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
    io.stdout(`wrote ${file.path}: ${file.why}\n`);
  }
  return EXIT_CLEAN;
}

/**
 * `--workers N`, or one fewer than the cores: the scan's own thread parses Terraform meanwhile, and on 2 cores a worker
 * made the cold 4,000-file scan slower (V8's garbage collector and compiler threads already use the second core).
 * Threads run the bundle's worker script, so only the bundle starts them.
 */
function workerThreads(value: string | undefined): Pick<ScanOptions, "workers"> {
  if (value !== undefined && !/^[1-9]\d{0,2}$/.test(value)) throw new UsageError(`--workers ${value}: expected a number of threads from 1 to 999`);
  const count = value === undefined ? availableParallelism() - 1 : Number(value);
  return BUNDLED && count >= 2 ? { workers: { count, script: pathToFileURL(join(PACKAGE_ROOT, "dist", "worker.js")) } } : {};
}

/**
 * The flags first; by default the cache is on when every PATH is a file in a repository (pre-commit names the changed files, and
 * each is analysed with its whole repository as context, which the cache keeps from being read again each time).
 */
function cacheWanted(values: { cache?: boolean; "no-cache"?: boolean; "cache-location"?: string }, paths: string[], cwd: string): boolean {
  if (values["no-cache"]) return false;
  if (values.cache || values["cache-location"] !== undefined) return true;
  const named = paths.filter((p) => p !== "-").map((p) => resolve(cwd, p));
  // A loose file (no repository around it) has only its folder as context: nothing worth keeping.
  return named.length > 0 && named.every((p) => statSync(p, { throwIfNoEntry: false })?.isFile() === true && inRepository(p));
}

/** The flags first, then NO_COLOR and FORCE_COLOR (https://no-color.org, https://force-color.org), then whether stdout is a terminal. */
function useColor(values: { color?: boolean; "no-color"?: boolean }, io: Io): boolean {
  if (values["no-color"]) return false;
  if (values.color) return true;
  if (io.env.NO_COLOR) return false;
  // Set and not empty forces colours; 0 and false turn them off, as Node's own supports-color reads it.
  const force = io.env.FORCE_COLOR;
  if (force) return force !== "0" && force !== "false";
  return io.isTTY;
}

function render(format: OutputFormat, result: ScanResult, options: { color: boolean; cwd: string; quiet: boolean; verbose: boolean }): string {
  switch (format) {
    case "json":
      return formatJson(result);
    case "sarif":
      return formatSarif(result, RULES);
    case "github":
      return formatGithub(result, { cwd: options.cwd });
    case "markdown":
      return formatMarkdown(result, { cwd: options.cwd });
    case "text":
      return formatText(result, options);
  }
}

function summaryLine(result: ScanResult): string {
  const failed = new Set(result.diagnostics.filter(isFatal).map((d) => d.file)).size;
  return `pullguard: ${result.findings.length} finding(s)${failed ? `, ${failed} file(s) could not be analysed` : ""}\n`;
}

function listRules(io: Io, args: string[], format: "text" | "json"): number {
  if (args.length > 0) throw new UsageError(`'pullguard rules' takes no arguments (got ${args.join(" ")})`);
  if (format === "json") {
    const rules = RULES.map((r) => ({
      id: r.meta.id,
      name: r.meta.name,
      level: r.meta.defaultLevel,
      securitySeverity: r.meta.securitySeverity ?? null,
      shortDescription: r.meta.shortDescription,
      helpUri: ruleDocsUrl(r),
    }));
    io.stdout(`${JSON.stringify(rules, null, 2)}\n`);
    return EXIT_CLEAN;
  }
  const rows = RULES.map((r) => [r.meta.id, r.meta.name, r.meta.defaultLevel, r.meta.securitySeverity === undefined ? "-" : r.meta.securitySeverity.toFixed(1), r.meta.shortDescription]);
  rows.unshift(["ID", "NAME", "LEVEL", "SEVERITY", "DESCRIPTION"]);
  const width = (i: number) => Math.max(...rows.map((row) => (row[i] ?? "").length));
  for (const row of rows) {
    io.stdout(`${row.slice(0, -1).map((cell, i) => cell.padEnd(width(i))).join("  ")}  ${row[row.length - 1] ?? ""}\n`);
  }
  return EXIT_CLEAN;
}

function explain(io: Io, args: string[], format: "text" | "json"): number {
  if (args.length !== 1) throw new UsageError("'pullguard explain' takes one rule id or name, for example: pullguard explain PG102");
  const rule = findRule(args[0] as string);
  if (!rule) throw new UsageError(`unknown rule '${args[0] ?? ""}'. Run 'pullguard rules' for the list.`);
  if (format === "json") {
    const { id, name, shortDescription, fullDescription, defaultLevel, securitySeverity, precision, tags, appliesTo, fixable } = rule.meta;
    const doc = { id, name, level: defaultLevel, securitySeverity: securitySeverity ?? null, precision, tags, appliesTo, fixable, shortDescription, fullDescription, helpUri: ruleDocsUrl(rule), markdown: ruleMarkdown(rule) };
    io.stdout(`${JSON.stringify(doc, null, 2)}\n`);
    return EXIT_CLEAN;
  }
  io.stdout(ruleMarkdown(rule));
  return EXIT_CLEAN;
}
