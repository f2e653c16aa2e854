import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { findRule, RULES } from "../../rules/index.js";
import { ruleMarkdown } from "../../rules/docs.js";
import { ConfigError, emptyConfig, findConfig, loadConfig, type Config } from "../config/config.js";
import { LEVEL_RANK, type LevelSetting } from "../model/finding.js";
import { formatJson } from "../report/json.js";
import { formatSarif } from "../report/sarif.js";
import { formatText } from "../report/text.js";
import { VERSION } from "../report/tool.js";
import { scan } from "../scan.js";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Standard input, for the path `-`. */
  readStdin?: () => string;
}

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

const FORMATS = ["text", "json", "sarif"] as const;
type OutputFormat = (typeof FORMATS)[number];
const LEVELS = ["off", "note", "warning", "error"] as const;
const FAIL_ON = ["error", "warning", "note", "none"] as const;

const HELP = `pullguard ${VERSION}: finds every way an EKS node, or a pod borrowing its credentials, can write to ECR.

Usage:
  pullguard [scan] [PATH...]     scan files and folders (default: the current folder);
                                 - reads standard input, e.g. helm template ./chart | pullguard -
  pullguard rules                list the rules
  pullguard explain ID|NAME      show a rule's documentation

Options:
  --format FORMAT        text (default), json or sarif
  --output FILE          write the report to FILE instead of standard output
  --config FILE          configuration file (default: .pullguard.yml in the first PATH or a folder above it)
  --fail-on LEVEL        exit 1 when a finding at or above LEVEL remains: error (default), warning, note or none
  --rule ID=LEVEL        set a rule's level (off, note, warning, error); repeatable, e.g. --rule PG105=warning
  --include GLOB         only scan files matching GLOB (minimatch; repeatable)
  --exclude GLOB         skip files and folders matching GLOB (repeatable)
  --var NAME=VALUE       a Terraform variable for the root modules (repeatable; VALUE is HCL or a plain string)
  --var-file FILE        a Terraform .tfvars file for the root modules (repeatable; after terraform.tfvars)
  --report-unused-ignores LEVEL
                         how to report ignores that match no finding: warning (default), error, note or off
  --no-color             no colours (also when NO_COLOR is set or the output is not a terminal)
  --quiet                print findings only, without the node-role summary
  --verbose              also list skipped files and files in formats not analysed yet
  -h, --help             show this help
  -v, --version          print the version

A PATH that is a file is read together with the other files of its folder, and only findings in the
named files are reported (what pre-commit needs).

Exit status: 0 nothing at or above --fail-on, 1 findings at or above --fail-on or a file that could
not be analysed, 2 a usage or configuration error.

Documentation: https://github.com/pullguard/pullguard#readme
`;

const OPTIONS = {
  format: { type: "string" },
  output: { type: "string" },
  config: { type: "string" },
  "fail-on": { type: "string" },
  rule: { type: "string", multiple: true },
  include: { type: "string", multiple: true },
  exclude: { type: "string", multiple: true },
  var: { type: "string", multiple: true },
  "var-file": { type: "string", multiple: true },
  "report-unused-ignores": { type: "string" },
  "no-color": { type: "boolean" },
  quiet: { type: "boolean" },
  verbose: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

class UsageError extends Error {}

export function main(argv: string[], io: Io): number {
  try {
    return run(argv, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.stderr(`pullguard: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
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

function run(argv: string[], io: Io): number {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout(HELP);
    return EXIT_CLEAN;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_CLEAN;
  }
  const [command, ...rest] = positionals;
  if (command === "rules") return listRules(io, rest);
  if (command === "explain") return explain(io, rest);
  const paths = command === "scan" ? rest : positionals;

  const format = oneOf("format", values.format, FORMATS) ?? "text";
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
  const configFile = values.config ? resolve(cwd, values.config) : findConfig(resolve(cwd, paths[0] ?? "."));
  const config: Config = configFile ? loadConfig(configFile) : emptyConfig();

  const stdin = paths.includes("-") ? (io.readStdin?.() ?? "") : undefined;
  const result = scan({
    paths: paths.filter((p) => p !== "-"),
    ...(stdin !== undefined ? { stdin } : {}),
    cwd,
    include: [...config.include, ...(values.include ?? [])],
    exclude: [...config.exclude, ...(values.exclude ?? [])],
    rules: { ...config.rules, ...ruleFlags },
    varFiles: values["var-file"] ?? [],
    vars,
    ...(config.file && config.text !== undefined ? { config: { path: config.file, text: config.text, ignores: config.ignores } } : {}),
  });
  if (result.missing.length > 0) {
    throw new UsageError(`no such file or folder: ${result.missing.join(", ")}`);
  }

  const color = !values["no-color"] && !io.env.NO_COLOR && io.isTTY && values.output === undefined;
  const report = render(format, result, { color, cwd, quiet: values.quiet === true, verbose: values.verbose === true });
  if (values.output) {
    writeFileSync(resolve(cwd, values.output), report);
    if (format !== "text" && !values.quiet) io.stderr(summaryLine(result));
  } else io.stdout(report);

  const failOn: LevelSetting | "none" = failOnFlag ?? config.failOn ?? "error";
  const threshold = LEVEL_RANK[failOn];
  const failing = threshold > 0 && result.findings.some((f) => LEVEL_RANK[f.level] >= threshold);
  return failing || result.diagnostics.length > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

function render(format: OutputFormat, result: ReturnType<typeof scan>, options: { color: boolean; cwd: string; quiet: boolean; verbose: boolean }): string {
  switch (format) {
    case "json":
      return formatJson(result);
    case "sarif":
      return formatSarif(result, RULES);
    case "text":
      return formatText(result, options);
  }
}

function summaryLine(result: ReturnType<typeof scan>): string {
  const failed = result.diagnostics.length;
  return `pullguard: ${result.findings.length} finding(s)${failed ? `, ${failed} file(s) could not be analysed` : ""}\n`;
}

function listRules(io: Io, args: string[]): number {
  if (args.length > 0) throw new UsageError(`'pullguard rules' takes no arguments (got ${args.join(" ")})`);
  const rows = RULES.map((r) => [r.meta.id, r.meta.name, r.meta.defaultLevel, r.meta.shortDescription]);
  const width = (i: number) => Math.max(...rows.map((row) => (row[i] ?? "").length));
  for (const row of rows) {
    io.stdout(`${(row[0] ?? "").padEnd(width(0))}  ${(row[1] ?? "").padEnd(width(1))}  ${(row[2] ?? "").padEnd(width(2))}  ${row[3] ?? ""}\n`);
  }
  return EXIT_CLEAN;
}

function explain(io: Io, args: string[]): number {
  if (args.length !== 1) throw new UsageError("'pullguard explain' takes one rule id or name, for example: pullguard explain PG102");
  const rule = findRule(args[0] as string);
  if (!rule) throw new UsageError(`unknown rule '${args[0] ?? ""}'. Run 'pullguard rules' for the list.`);
  io.stdout(ruleMarkdown(rule));
  return EXIT_CLEAN;
}
