/**
 * The GitHub Action (action.yml runs dist/action.js): the command line, run in the action's own process,
 * with the inputs turned into its arguments. Findings reach the pull request one way only: as SARIF for
 * code scanning (the default; the upload step shows them as alerts and annotations) or, with
 * `format: github`, as workflow annotations. With SARIF the log gets the text report; the job summary always
 * gets the Markdown one.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgsStringToArgv } from "string-argv";
import { workflowCommand } from "../report/github.js";
import { main } from "./main.js";

/** What `format` accepts, and where each report goes. */
const FORMATS = ["sarif", "github", "text", "json", "markdown"] as const;
type ActionFormat = (typeof FORMATS)[number];

/** Options the inputs set: given in `args` as well, they would contradict them. */
const OWN_OPTIONS = ["--format", "--output", "--fail-on"];

interface ActionInputs {
  paths: string[];
  args: string[];
  format: ActionFormat;
  failOn: string;
  sarifFile: string;
}

/** The inputs as the command line's arguments, or why they cannot be. */
function readInputs(input: (name: string) => string): ActionInputs | { error: string } {
  const paths = input("paths")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const args = parseArgsStringToArgv(input("args"));
  const taken = args.find((arg) => OWN_OPTIONS.some((option) => arg === option || arg.startsWith(`${option}=`)));
  if (taken) return { error: `args: ${taken} is set by the inputs format, sarif-file and fail-on; remove it from args` };
  const format = input("format") || "sarif";
  if (!(FORMATS as readonly string[]).includes(format)) return { error: `format: ${format}: expected one of ${FORMATS.join(", ")}` };
  return { paths: paths.length > 0 ? paths : ["."], args, format: format as ActionFormat, failOn: input("fail-on") || "error", sarifFile: input("sarif-file") || "pullguard.sarif" };
}

/** The command line's arguments: the other options, the reports, then the paths (after `--`, so that none is taken for an option or a command). */
function commandLine(inputs: ActionInputs, summaryFile: string | undefined): string[] {
  const reports =
    inputs.format === "sarif" ? ["--format", "sarif", "--output", inputs.sarifFile, "--format", "text"] : ["--format", inputs.format];
  const summary = summaryFile ? ["--format", "markdown", "--output", summaryFile] : [];
  return ["scan", ...inputs.args, ...reports, ...summary, "--fail-on", inputs.failOn, "--", ...inputs.paths];
}

// The runner's side of an action, as actions/toolkit's @actions/core does it (which would bring its HTTP
// client, 700 KB bundled, for OIDC tokens this action never asks for).

/** An input: INPUT_<NAME>, spaces as underscores, in upper case, trimmed. */
function input(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** Appends a step output to $GITHUB_OUTPUT, in the delimited form that any value survives. */
function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/** Fails the step with an error annotation. */
function fail(message: string): void {
  process.stdout.write(`${workflowCommand("error", [], message)}\n`);
  process.exitCode = 1;
}

/** When the file was last written, to tell whether this run wrote it. */
function modified(file: string): number | undefined {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}

async function run(): Promise<void> {
  const inputs = readInputs(input);
  if ("error" in inputs) {
    fail(inputs.error);
    return;
  }
  const cwd = process.cwd();
  const sarifPath = resolve(cwd, inputs.sarifFile);
  const sarifBefore = modified(sarifPath);
  let messages = "";
  // The Markdown report goes to the job summary: a file of this step's own, which only GitHub's runner provides.
  const status = await main(commandLine(inputs, process.env.GITHUB_STEP_SUMMARY || undefined), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => {
      messages += text;
      process.stderr.write(text);
    },
    cwd,
    env: process.env,
    isTTY: false,
  });
  const sarifAfter = modified(sarifPath);
  if (inputs.format === "sarif" && sarifAfter !== undefined && sarifAfter !== sarifBefore) setOutput("sarif-file", inputs.sarifFile);
  setOutput("exit-code", String(status));
  if (status === 1) fail(`pullguard: findings at or above ${inputs.failOn}`);
  // The command line's message, as the step's error annotation.
  else if (status === 2) fail(messages.trim() || "pullguard: the inputs are not valid");
  else if (status === 3) fail("pullguard: the scan is incomplete: some files could not be read or parsed (listed above)");
}

await run();
